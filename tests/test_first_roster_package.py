"""The first roster package of a laptop is authenticated against the root code a person typed
before anything in it is decrypted (issue 14, build 7: the outer signature before decryption).

A laptop with no roster has no local key to check a package with. The roster package names its
signer's two public keys in its signed header; their code must be the one the person typed and
their signature must cover the whole file, or nothing is decrypted."""

import zlib

import pytest
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from npmdesk.crypto.hashing import canonical_json
from npmdesk.crypto import keys as crypto_keys
from npmdesk.crypto import package as sealing
from npmdesk.errors import PackageRefused
from npmdesk.services import session as sessions
from npmdesk.services.exchange import package_import, packages
from npmdesk.services.team import identity, roster, trust

from fast_kdf import FAST_KDF
from package_support import PASSPHRASE
from test_package_attacks import assemble, decryptions  # noqa: F401 (the spy fixture)


@pytest.fixture
def laptops(tmp_path):
    """The real director (the root), a stranger with her own roster, and a new laptop that has
    none: both the director and the stranger know its owner's public card."""
    made = {name: sessions.create_case(tmp_path / f"{name}.npmcase", PASSPHRASE, owner_name=owner,
                                       kdf_params=FAST_KDF)
            for name, owner in (("dora", "Dora Directora"), ("ana", "Ana Directora"), ("luis", "Luis Autor"))}
    for person in made.values():
        identity.create_keys(person, person.actor.id)
    card = identity.export_card(made["luis"], made["luis"].actor.id, tmp_path / "luis.json")
    for director in ("dora", "ana"):
        identity.import_card(made[director], card)
        roster.sign_roster(made[director], remember_here=False)
    yield made
    for person in made.values():
        person.close()


def write_first(sender, to, path):
    return packages.write(sender, "nomina", [to.actor.id], path)


def test_a_strangers_first_roster_is_refused_before_anything_is_decrypted(laptops, tmp_path, decryptions):
    """ADVERSARY: a stranger sends her own roster, addressed with the laptop's public card, as
    its first. Before, it was decrypted (and its roster read) before any check of who signed it."""
    luis, real = laptops["luis"], trust.pinned(laptops["dora"])
    forged = write_first(laptops["ana"], luis, tmp_path / "nomina-falsa.npmpaq")
    with pytest.raises(trust.FirstRosterUnconfirmed) as caught:
        package_import.import_package(luis, forged)
    assert trust.pinned(laptops["ana"]) in caught.value.message()  # the signer's code, to compare
    with pytest.raises(trust.SignerNotRoot) as caught:
        package_import.import_package(luis, forged, director_code=real)
    assert "No se ha descifrado ni modificado nada." in caught.value.message()
    assert decryptions == []
    assert roster.current(luis) is None and not trust.pinned(luis)
    # The director's own package, with her code, is the one that opens and pins.
    genuine = write_first(laptops["dora"], luis, tmp_path / "nomina.npmpaq")
    package_import.import_package(luis, genuine, director_code=real.replace(" ", "-"))
    assert decryptions == [luis.actor.id] and trust.pinned(luis) == real


def test_the_roots_public_keys_copied_into_a_strangers_header_do_not_pass(laptops, tmp_path, decryptions):
    """ADVERSARY: the stranger names the real root's public keys (and fingerprint) in her header
    and signs with her own key: the code matches what was typed, the signature does not."""
    dora, ana, luis = laptops["dora"], laptops["ana"], laptops["luis"]
    root = identity.signing_keys(dora, dora.actor)
    own = identity.signing_keys(ana, ana.actor)
    header = {"kind": "nomina", "package_id": "p-1", "created_at": "2026-12-02T00:00:00+00:00",
              "case_id": dora.case.meta("case_id"), "sender_id": dora.actor.id, "scope": "nomina",
              "sender_fingerprint": root.fingerprint}
    box = bytes.fromhex(roster.current(ana).members[luis.actor.id]["box_public"])
    content_key = bytes(32)

    def ciphertext(head):
        return ChaCha20Poly1305(content_key).encrypt(
            sealing.PAYLOAD_NONCE, zlib.compress(canonical_json({"roster": roster.chain(ana)})), head)
    data = assemble(header, {luis.actor.id: (box, content_key)}, own.sign_private, ciphertext,
                    extra={sealing.SENDER_KEYS: {"sign_public": root.sign_public.hex(),
                                                 "box_public": root.box_public.hex()}})
    path = tmp_path / "cabecera-ajena.npmpaq"
    path.write_bytes(data)
    with pytest.raises(PackageRefused) as caught:
        package_import.import_package(luis, path, director_code=trust.pinned(dora))
    assert "la firma no es válida" in caught.value.message()
    assert decryptions == [] and roster.current(luis) is None


def test_the_header_names_the_senders_keys_only_for_a_roster(laptops, tmp_path):
    dora, luis = laptops["dora"], laptops["luis"]
    sealed = sealing.parse(write_first(dora, luis, tmp_path / "n.npmpaq").read_bytes())
    keys = sealed.header[sealing.SENDER_KEYS]
    assert crypto_keys.safety_code(bytes.fromhex(keys["sign_public"]), bytes.fromhex(keys["box_public"])) \
        == trust.pinned(dora)
