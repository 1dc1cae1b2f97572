"""RFC 9180's published test vector for the suite packages use, and the suite itself.

Suite: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20Poly1305 — RFC 9180 appendix A.2.1
(base mode). `cryptography` does not expose deterministic encapsulation (no way to feed it
ikmE / skEm), so the sender side of the vector cannot be replayed through its API. What is
checked instead: the vector's own arithmetic (DH, the KEM's shared secret and the key
schedule, written out below from the RFC's definitions) gives its published values, and
`cryptography`'s HPKE, given the vector's enc, skRm and info, opens ciphertexts made with the
vector's key and base nonce — i.e. it derives exactly the RFC's key schedule — including the
vector's published ciphertext for sequence 0 (through the library's aad-taking entry point,
which its public single-shot API fixes to an empty aad).
"""

import hashlib
import hmac

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.bindings._rust import openssl as rust_openssl
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from npmdesk.crypto import package as sealing

# RFC 9180, A.2.1. DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20Poly1305, Base Setup Information.
A21 = {
    "mode": 0, "kem_id": 32, "kdf_id": 1, "aead_id": 3,
    "info": "4f6465206f6e2061204772656369616e2055726e",
    "ikmE": "909a9b35d3dc4713a5e72a4da274b55d3d3821a37e5d099e74a647db583a904b",
    "pkEm": "1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a",
    "skEm": "f4ec9b33b792c372c1d2c2063507b684ef925b8c75a42dbcbf57d63ccd381600",
    "ikmR": "1ac01f181fdf9f352797655161c58b75c656a6cc2716dcb66372da835542e1df",
    "pkRm": "4310ee97d88cc1f088a5576c77ab0cf5c3ac797f3d95139c6c84b5429c59662a",
    "skRm": "8057991eef8f1f1af18f4a9491d16a1ce333f695d4db8e38da75975c4478e0fb",
    "enc": "1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a",
    "shared_secret": "0bbe78490412b4bbea4812666f7916932b828bba79942424abb65244930d69a7",
    "key_schedule_context": "00431df6cd95e11ff49d7013563baf7f11588c75a6611ee2a4404a49306ae4cfc5b69c"
                            "5718a60cc5876c358d3f7fc31ddb598503f67be58ea1e798c0bb19eb9796",
    "secret": "5b9cd775e64b437a2335cf499361b2e0d5e444d5cb41a8a53336d8fe402282c6",
    "key": "ad2744de8e17f4ebba575b3f5f5a8fa1f69c2a07f6e7500bc60ca6e3e3ec1c91",
    "base_nonce": "5c4d98150661b848853b547f",
    "exporter_secret": "a3b010d4994890e2c6968a36f64470d3c824c8f5029942feb11e7a74b2921922",
    "encryptions": [
        {"seq": 0, "pt": "4265617574792069732074727574682c20747275746820626561757479", "aad": "436f756e742d30",
         "nonce": "5c4d98150661b848853b547f",
         "ct": "1c5250d8034ec2b784ba2cfd69dbdb8af406cfe3ff938e131f0def8c8b60b4db21993c62ce81883d2dd1b51a28"},
        {"seq": 1, "pt": "4265617574792069732074727574682c20747275746820626561757479", "aad": "436f756e742d31",
         "nonce": "5c4d98150661b848853b547e",
         "ct": "6b53c051e4199c518de79594e1c4ab18b96f081549d45ce015be002090bb119e85285337cc95ba5f59992dc98c"},
    ],
}


def h(name: str) -> bytes:
    return bytes.fromhex(A21[name])


def _raw(public) -> bytes:
    return public.public_bytes(Encoding.Raw, PublicFormat.Raw)


# RFC 9180 §4 and §5.1, written out for this suite only, to check the vector's intermediate values.
def _extract(salt: bytes, ikm: bytes) -> bytes:
    return hmac.new(salt or bytes(32), ikm, hashlib.sha256).digest()


def _expand(prk: bytes, info: bytes, length: int) -> bytes:
    out, block, counter = b"", b"", 1
    while len(out) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        out, counter = out + block, counter + 1
    return out[:length]


def _labeled_extract(suite_id: bytes, salt: bytes, label: bytes, ikm: bytes) -> bytes:
    return _extract(salt, b"HPKE-v1" + suite_id + label + ikm)


def _labeled_expand(suite_id: bytes, prk: bytes, label: bytes, info: bytes, length: int) -> bytes:
    return _expand(prk, length.to_bytes(2, "big") + b"HPKE-v1" + suite_id + label + info, length)


KEM_SUITE = b"KEM" + (32).to_bytes(2, "big")
HPKE_SUITE = b"HPKE" + (32).to_bytes(2, "big") + (1).to_bytes(2, "big") + (3).to_bytes(2, "big")


def test_the_vectors_keys_and_kem_shared_secret():
    sk_e = X25519PrivateKey.from_private_bytes(h("skEm"))
    sk_r = X25519PrivateKey.from_private_bytes(h("skRm"))
    assert _raw(sk_e.public_key()) == h("pkEm") == h("enc")
    assert _raw(sk_r.public_key()) == h("pkRm")
    dh = sk_e.exchange(X25519PublicKey.from_public_bytes(h("pkRm")))
    assert dh == sk_r.exchange(X25519PublicKey.from_public_bytes(h("enc")))
    eae_prk = _labeled_extract(KEM_SUITE, b"", b"eae_prk", dh)
    shared = _labeled_expand(KEM_SUITE, eae_prk, b"shared_secret", h("enc") + h("pkRm"), 32)
    assert shared == h("shared_secret")


def test_the_vectors_key_schedule():
    psk_id_hash = _labeled_extract(HPKE_SUITE, b"", b"psk_id_hash", b"")
    info_hash = _labeled_extract(HPKE_SUITE, b"", b"info_hash", h("info"))
    context = bytes([A21["mode"]]) + psk_id_hash + info_hash
    assert context == h("key_schedule_context")
    secret = _labeled_extract(HPKE_SUITE, h("shared_secret"), b"secret", b"")
    assert secret == h("secret")
    assert _labeled_expand(HPKE_SUITE, secret, b"key", context, 32) == h("key")
    assert _labeled_expand(HPKE_SUITE, secret, b"base_nonce", context, 12) == h("base_nonce")
    assert _labeled_expand(HPKE_SUITE, secret, b"exp", context, 32) == h("exporter_secret")


@pytest.mark.parametrize("vector", A21["encryptions"], ids=lambda v: f"seq{v['seq']}")
def test_the_vectors_encryptions_under_its_key(vector):
    aead = ChaCha20Poly1305(h("key"))
    nonce = (int.from_bytes(h("base_nonce"), "big") ^ vector["seq"]).to_bytes(12, "big")
    assert nonce.hex() == vector["nonce"]
    pt, aad = bytes.fromhex(vector["pt"]), bytes.fromhex(vector["aad"])
    assert aead.encrypt(nonce, pt, aad) == bytes.fromhex(vector["ct"])


def test_the_packages_suite_derives_the_vectors_key_schedule():
    """`cryptography`'s HPKE (the one crypto/package.py uses) opens what the vector's key and nonce sealed."""
    assert (A21["kem_id"], A21["kdf_id"], A21["aead_id"]) == (32, 1, 3)
    assert sealing.SUITE_NAME == "DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20Poly1305"
    sk_r = X25519PrivateKey.from_private_bytes(h("skRm"))
    pt = bytes.fromhex(A21["encryptions"][0]["pt"])
    # Single-shot Seal is sequence 0 with an empty aad: the base nonce itself.
    ct = ChaCha20Poly1305(h("key")).encrypt(h("base_nonce"), pt, b"")
    assert sealing.SUITE.decrypt(h("enc") + ct, sk_r, h("info")) == pt
    with pytest.raises(InvalidTag):  # another info is another key schedule
        sealing.SUITE.decrypt(h("enc") + ct, sk_r, h("info") + b"!")
    first = A21["encryptions"][0]
    opened = rust_openssl.hpke._decrypt_with_aad(sealing.SUITE, h("enc") + bytes.fromhex(first["ct"]), sk_r,
                                                  info=h("info"), aad=bytes.fromhex(first["aad"]))
    assert opened == pt


def test_the_suite_round_trips_with_fresh_keys():
    recipient = X25519PrivateKey.generate()
    sealed = sealing.SUITE.encrypt(b"clave", recipient.public_key(), b"contexto")
    assert len(sealed) == sealing.ENC_BYTES + len(b"clave") + 16
    assert sealing.SUITE.decrypt(sealed, recipient, b"contexto") == b"clave"
    with pytest.raises(InvalidTag):
        sealing.SUITE.decrypt(sealed, X25519PrivateKey.generate(), b"contexto")
