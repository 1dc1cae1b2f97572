"""Per-person key pairs: Ed25519 for signatures, X25519 for packages sent to a person.

A private key that is not the case-file owner's is wrapped by its holder's own passphrase:
Argon2id (versioned parameters, salt per wrap) then AES-256-GCM, with the version and the
parameters as associated data so that a downgraded header fails to decrypt. A wrap made
with explicit parameters (version EXPLICIT: the test suite's cheap ones, never chosen by
the product) carries them in the clear, bound the same way.
"""

import hashlib
import os
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from npmdesk.crypto.hashing import canonical_json, sha256_hex
from npmdesk.crypto.kdf import EXPLICIT, KdfParams, normalize, within, wipe
from npmdesk.errors import WrongPersonalPassphrase

# Lighter than the case file's KDF: a wrap is opened for each signing session (~0.15 s).
WRAP_VERSIONS = {1: KdfParams(version=1, time_cost=3, memory_kib=64 * 1024, parallelism=4)}
CURRENT_WRAP = max(WRAP_VERSIONS)
NONCE_BYTES = 12
SALT_BYTES = 16


@dataclass
class KeyPair:
    """The two 32-byte private seeds of one person."""
    sign_private: bytes
    box_private: bytes

    @classmethod
    def generate(cls) -> "KeyPair":
        sign = Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        box = X25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return cls(sign, box)

    @property
    def sign_public(self) -> bytes:
        return _raw_public(Ed25519PrivateKey.from_private_bytes(self.sign_private).public_key())

    @property
    def box_public(self) -> bytes:
        return _raw_public(X25519PrivateKey.from_private_bytes(self.box_private).public_key())

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sign_public, self.box_public)

    def sign(self, statement: dict) -> str:
        """Hex signature over the canonical JSON of `statement`."""
        key = Ed25519PrivateKey.from_private_bytes(self.sign_private)
        return key.sign(canonical_json(statement)).hex()


def _raw_public(key) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def fingerprint(sign_public: bytes, box_public: bytes) -> str:
    """First 32 hex digits of SHA-256 over both public keys, grouped for reading aloud.

    Both keys are covered so that a card whose encryption key was swapped in transit no
    longer shows the fingerprint the director compares.
    """
    raw = sha256_hex(FINGERPRINT_DOMAIN + sign_public + box_public)[:32]
    return " ".join(raw[i:i + 4] for i in range(0, 32, 4))


def one_key_fingerprint(sign_public: bytes) -> str:
    """The fingerprint files had before it covered both keys (SHA-256 of the signing key alone).

    Only to recognise such a file and say what to do: it is never accepted, since it leaves the
    encryption key unprotected and a file could claim it to hide a swapped key (a downgrade).
    """
    raw = sha256_hex(sign_public)[:32]
    return " ".join(raw[i:i + 4] for i in range(0, 32, 4))


FINGERPRINT_DOMAIN = b"npmdesk-huella/2\x00"
CODE_DOMAIN = b"npmdesk-codigo-direccion/1\x00"
CODE_GROUPS = 12
CODE_DIGITS = CODE_GROUPS * 5


def safety_code(sign_public: bytes, box_public: bytes) -> str:
    """The institutional root as twelve groups of five digits, to compare aloud (like Signal's
    safety numbers): each group is five bytes of a SHA-512 over both keys, reduced mod 100000."""
    raw = hashlib.sha512(CODE_DOMAIN + sign_public + box_public).digest()
    groups = [int.from_bytes(raw[i * 5:i * 5 + 5], "big") % 100000 for i in range(CODE_GROUPS)]
    return " ".join(f"{group:05d}" for group in groups)


def code_digits(text: str) -> str:
    """The digits of a typed code (spaces, hyphens, dots and line breaks ignored)."""
    return "".join(ch for ch in str(text) if ch.isdigit() and ch.isascii())


def verify(sign_public_hex: str, statement: dict, signature_hex: str) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(sign_public_hex))
        key.verify(bytes.fromhex(signature_hex), canonical_json(statement))
    except (InvalidSignature, ValueError):
        return False
    return True


def _aad(params: KdfParams, salt: bytes) -> bytes:
    return canonical_json({"v": params.version, "t": params.time_cost, "m": params.memory_kib,
                           "p": params.parallelism, "salt": salt.hex(), "alg": "argon2id+aes256gcm"})


def wrap(pair: KeyPair, passphrase: str, params: KdfParams | None = None) -> dict:
    """A JSON-able wrapped form of both private keys, readable only with `passphrase`.

    Under the current version, or explicit `params` (version EXPLICIT, recorded in the wrap).
    """
    params = params or WRAP_VERSIONS[CURRENT_WRAP]
    if params.version == EXPLICIT and not within(params, WRAP_VERSIONS[CURRENT_WRAP]):
        raise ValueError("explicit wrap parameters cost more than the current version")
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    secret = normalize(passphrase)
    key = _derive(secret, salt, params)
    try:
        box = AESGCM(bytes(key)).encrypt(nonce, pair.sign_private + pair.box_private, _aad(params, salt))
    finally:
        wipe(key)
        wipe(secret)
    wrapped = {"version": params.version, "salt": salt.hex(), "nonce": nonce.hex(), "ciphertext": box.hex()}
    if params.version == EXPLICIT:
        wrapped.update(t=params.time_cost, m=params.memory_kib, p=params.parallelism)
    return wrapped


def _wrap_params(wrapped: dict) -> KdfParams:
    """The parameters a wrap was made with; KeyError or ValueError when it names none we accept."""
    version = int(wrapped["version"])
    if version != EXPLICIT:
        return WRAP_VERSIONS[version]
    params = KdfParams(EXPLICIT, int(wrapped["t"]), int(wrapped["m"]), int(wrapped["p"]))
    if not within(params, WRAP_VERSIONS[CURRENT_WRAP]):
        raise ValueError("wrap parameters out of bounds")
    return params


def unwrap(wrapped: dict, passphrase: str) -> KeyPair:
    """Both private keys back; WrongPersonalPassphrase when the passphrase (or the blob) is wrong."""
    try:
        params = _wrap_params(wrapped)
        salt, nonce = bytes.fromhex(wrapped["salt"]), bytes.fromhex(wrapped["nonce"])
        ciphertext = bytes.fromhex(wrapped["ciphertext"])
    except (KeyError, ValueError, TypeError) as exc:
        raise WrongPersonalPassphrase("malformed wrapped key") from exc
    secret = normalize(passphrase)
    key = _derive(secret, salt, params)
    try:
        plain = AESGCM(bytes(key)).decrypt(nonce, ciphertext, _aad(params, salt))
    except InvalidTag as exc:
        raise WrongPersonalPassphrase("wrapped key did not open") from exc
    finally:
        wipe(key)
        wipe(secret)
    return KeyPair(plain[:32], plain[32:64])


def _derive(secret: bytearray, salt: bytes, params: KdfParams) -> bytearray:
    return bytearray(hash_secret_raw(bytes(secret), salt, time_cost=params.time_cost,
                                     memory_cost=params.memory_kib, parallelism=params.parallelism,
                                     hash_len=32, type=Type.ID))
