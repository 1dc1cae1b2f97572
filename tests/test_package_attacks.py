"""Packages attacked as an adversary would: keys that differ per recipient, another case, a forged
name, odd versions, an oversized file, a stranger's key, a tampered header.

Each refusal must come with a Spanish reason, change nothing, and — for what can be told from
the outside — happen before anything is decrypted (a spy on crypto/package.open_for, the one
entry point to decryption, counts the attempts).
"""

import struct
import tracemalloc
import zlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from npmdesk.crypto import package as sealing
from npmdesk.crypto.hashing import canonical_json
from npmdesk.domain import model
from npmdesk.errors import PackageRefused
from npmdesk.services.exchange import folder as exchange
from npmdesk.services.team import identity
from npmdesk.services.exchange import package_auth
from npmdesk.services.exchange import package_import
from npmdesk.services.exchange import packages

from package_support import close, examine, make_office
from test_package_refusals import snapshot

P1305 = (1 << 130) - 5


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    made = make_office(tmp_path_factory.mktemp("oficina"))
    yield made
    close(made)


@pytest.fixture
def decryptions(monkeypatch):
    """How many times a package was opened (decrypted) since the test began."""
    calls = []
    real = sealing.open_for

    def counting(*args, **kwargs):
        calls.append(args[1])
        return real(*args, **kwargs)
    monkeypatch.setattr(sealing, "open_for", counting)
    return calls


def refusal(session, path) -> str:
    before = snapshot(session)
    with pytest.raises(PackageRefused) as caught:
        package_import.import_package(session, path)
    assert snapshot(session) == before
    message = caught.value.message()
    assert message.startswith("No se puede importar el paquete: ") and message.endswith("No se ha modificado nada.")
    return message


def header_for(sender, kind: str, scope: str, **changes) -> dict:
    keys = identity.signing_keys(sender, sender.actor)
    header = {"kind": kind, "package_id": model.new_id(), "created_at": model.now_utc(),
              "case_id": package_auth.team_case_id(sender), "sender_id": sender.actor.id, "scope": scope,
              "sender_fingerprint": keys.fingerprint}
    return dict(header, **changes)


def assemble(named: dict, keys: dict, sign_private: bytes, ciphertext, extra: dict | None = None,
             commit_to: bytes | None = None, plain_size: int = 0) -> bytes:
    """A package as a sender who controls every byte would write it.

    `keys` maps recipient id -> (X25519 public key bytes, content key wrapped for that recipient);
    `ciphertext(head)` gives the payload's ciphertext for the header bytes.
    """
    full = dict(named, **(extra or {}), format=sealing.FORMAT, version=sealing.VERSION, suite=sealing.SUITE_NAME,
                key_commitment=sealing.commitment(commit_to or next(iter(keys.values()))[1]),
                plain_size=plain_size, recipients=[{"member_id": m} for m in sorted(keys)])
    for entry in full["recipients"]:
        public, content_key = keys[entry["member_id"]]
        sealed = sealing.SUITE.encrypt(content_key, X25519PublicKey.from_public_bytes(public),
                                       sealing.hpke_info(full, entry["member_id"]))
        entry["enc"], entry["wrapped_key"] = sealed[:32].hex(), sealed[32:].hex()
    head = canonical_json(full)
    ct = ciphertext(head)
    body = sealing.MAGIC + struct.pack(">I", len(head)) + head + struct.pack(">Q", len(ct)) + ct
    return body + Ed25519PrivateKey.from_private_bytes(sign_private).sign(body)


def rebuilt(head: bytes, sealed: sealing.Sealed) -> bytes:
    """The package with another header and its original ciphertext and signature."""
    return sealing.MAGIC + struct.pack(">I", len(head)) + head + struct.pack(">Q", len(sealed.ciphertext)) \
        + sealed.ciphertext + sealed.signature


def signing_key(session) -> bytes:
    return identity.signing_keys(session, session.actor).sign_private


# -- Poly1305 arithmetic, to build one ciphertext that two keys both accept ------------------------

def _poly_key(key: bytes, nonce: bytes) -> tuple[int, int]:
    block = Cipher(algorithms.ChaCha20(key, bytes(4) + nonce), mode=None).encryptor().update(bytes(32))
    r = int.from_bytes(block[:16], "little") & 0x0ffffffc0ffffffc0ffffffc0fffffff
    return r, int.from_bytes(block[16:], "little")


def _blocks(aad: bytes, ct: bytes) -> list[int]:
    def padded(b):
        return b + bytes(-len(b) % 16)
    data = padded(aad) + padded(ct) + struct.pack("<QQ", len(aad), len(ct))
    return [int.from_bytes(data[i:i + 16], "little") + (1 << 128) for i in range(0, len(data), 16)]


def _accumulate(blocks: list[int], r: int) -> int:
    acc = 0
    for m in blocks:
        acc = (acc + m) * r % P1305
    return acc


def colliding_ciphertext(k1: bytes, k2: bytes, nonce: bytes, aad: bytes, blocks: int = 4) -> bytes | None:
    """Ciphertext ‖ tag valid under both keys (the "invisible salamander"), or None for this pair."""
    (r1, s1), (r2, s2) = _poly_key(k1, nonce), _poly_key(k2, nonce)
    ct = bytearray(16 * blocks)
    mac = _blocks(aad, bytes(ct))
    free = len(_blocks(aad, b"")) - 1            # first ciphertext block
    exponent = len(mac) - free
    b1, b2 = _accumulate(mac, r1), _accumulate(mac, r2)
    target = (s2 - s1) % (1 << 128)
    slope = (pow(r1, exponent, P1305) - pow(r2, exponent, P1305)) % P1305
    c = (target - (b1 - b2)) * pow(slope, -1, P1305) % P1305
    if c >= 1 << 128:
        return None
    ct[:16] = c.to_bytes(16, "little")
    mac = _blocks(aad, bytes(ct))
    t1 = (_accumulate(mac, r1) + s1) % (1 << 128)
    t2 = (_accumulate(mac, r2) + s2) % (1 << 128)
    return bytes(ct) + t1.to_bytes(16, "little") if t1 == t2 else None


def test_keys_that_differ_per_recipient_are_refused(office, tmp_path):
    """A sender on the roster sends Luis and Marta two keys that both open one signed ciphertext."""
    dora, luis, marta = office.dora, office.luis, office.marta
    boxes = packages.recipient_keys(dora, [luis.actor.id, marta.actor.id])
    k1 = ChaCha20Poly1305.generate_key()
    for _attempt in range(64):
        k2 = ChaCha20Poly1305.generate_key()
        made = {}

        def ciphertext(head):
            made["head"], made["ct"] = head, colliding_ciphertext(k1, k2, sealing.PAYLOAD_NONCE, head)
            return made["ct"] or b""
        data = assemble(header_for(dora, "revision", office.report_id),
                        {luis.actor.id: (boxes[luis.actor.id], k1), marta.actor.id: (boxes[marta.actor.id], k2)},
                        signing_key(dora), ciphertext, commit_to=k1, plain_size=64)
        if made["ct"]:
            break
    assert made["ct"], "no colliding ciphertext found"
    # The attack is real: without the commitment both recipients' AEADs accept, with different texts.
    to_luis = ChaCha20Poly1305(k1).decrypt(sealing.PAYLOAD_NONCE, made["ct"], made["head"])
    to_marta = ChaCha20Poly1305(k2).decrypt(sealing.PAYLOAD_NONCE, made["ct"], made["head"])
    assert to_luis != to_marta
    path = tmp_path / "dos-claves.npmpaq"
    path.write_bytes(data)
    assert "la clave de contenido no es la que firmó quien lo envía" in refusal(marta, path)
    with pytest.raises(sealing.KeyNotCommitted):
        sealing.open_for(sealing.parse(data), marta.actor.id, identity.signing_keys(marta, marta.actor).box_private)


def test_a_package_for_another_case_is_refused_before_decryption(office, tmp_path, decryptions):
    dora, luis = office.dora, office.luis
    payload, scope = packages.build_payload(dora, "revision", dora.actor, office.report_id)
    header = header_for(dora, "revision", scope, case_id=model.new_id())
    path = tmp_path / "otro-caso.npmpaq"
    path.write_bytes(sealing.seal(payload, header, signing_key(dora), packages.recipient_keys(dora, [luis.actor.id])))
    assert "es de otro expediente; no se mezcla con este" in refusal(luis, path)
    assert examine(luis, path).problem.startswith("es de otro expediente")
    assert decryptions == []
    # The team's case is the one its roster came from: the director's, on every laptop.
    assert package_auth.team_case_id(luis) == package_auth.team_case_id(dora) == dora.case.meta("case_id")
    assert luis.case.meta("case_id") != dora.case.meta("case_id")


def test_a_forged_sender_name_is_ignored(office, tmp_path):
    """Luis, an author on the roster, signs a delivery that calls him the director: the roster's name is shown."""
    dora, luis = office.dora, office.luis
    office.deliver(dora, "asignacion", [luis])
    with luis.case.lock:
        from npmdesk.storage import records as store
        report = store.get(luis.case.conn, model.Report, office.report_id)
        section = store.get(luis.case.conn, model.Section, office.section_ids[0])
        payload = packages._report_payload(luis.case.conn, report, [section])
    plain = canonical_json(payload)
    key = ChaCha20Poly1305.generate_key()
    data = assemble(header_for(luis, "entrega", office.report_id),
                    {dora.actor.id: (packages.recipient_keys(luis, [dora.actor.id])[dora.actor.id], key)},
                    signing_key(luis),
                    lambda head: ChaCha20Poly1305(key).encrypt(sealing.PAYLOAD_NONCE, zlib.compress(plain), head),
                    extra={"sender_name": "Dora Directora"}, plain_size=len(plain))
    path = office.folder / "nombre-falso.npmpaq"
    path.write_bytes(data)
    assert examine(dora, path).sender == "Luis Autor"
    assert [i.sender for i in package_import.inbox(dora, office.folder) if i.path == path] == ["Luis Autor"]
    preview = package_import.import_package(dora, path, apply=False)
    assert preview.sender == "Luis Autor" and not preview.already
    path.unlink()


@pytest.mark.parametrize("version, expected", [
    (0, "declara una versión de formato que no existe (0)"),
    (-1, "declara una versión de formato que no existe (-1)"),
    (99, "fue creado con una versión más reciente de npmdesk (formato 99); actualice el programa"),
    (1, "fue creado con una versión anterior de npmdesk (formato 1) que ya no se acepta por seguridad; "
        "pida a quien lo envió que lo envíe de nuevo con la versión actual"),
    ("true", "declara una versión de formato que no existe (True)"),
    ('"2"', "declara una versión de formato que no existe (2)")])
def test_versions_outside_the_known_range_are_refused(office, tmp_path, decryptions, version, expected):
    sealed = sealing.parse(office.send(office.dora, "asignacion", [office.luis]).read_bytes())
    head = sealed.head.replace(b'"version":%d' % sealing.VERSION, b'"version":' + str(version).encode(), 1)
    assert head != sealed.head
    path = tmp_path / "version.npmpaq"
    path.write_bytes(rebuilt(head, sealed))
    assert expected in refusal(office.luis, path)
    assert decryptions == []


def test_an_oversized_package_is_refused_before_it_is_read(office, tmp_path, decryptions):
    data = office.send(office.dora, "asignacion", [office.luis]).read_bytes()
    big = tmp_path / "enorme.npmpaq"
    with open(big, "wb") as fh:  # sparse: a valid package's first bytes, then 1 GiB of nothing
        fh.write(data)
        fh.truncate(sealing.MAX_PACKAGE + 1)
    tracemalloc.start()
    try:
        assert "el archivo es demasiado grande" in refusal(office.luis, big)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 32 * 1024 * 1024      # the file was never read into memory
    assert examine(office.luis, big).problem == "el archivo es demasiado grande"
    # A small file whose lengths announce more than the cap is refused from its lengths alone.
    at = len(sealing.MAGIC) + 4 + struct.unpack(">I", data[len(sealing.MAGIC):len(sealing.MAGIC) + 4])[0]
    lying = data[:at] + struct.pack(">Q", sealing.MAX_PACKAGE) + data[at + 8:]
    (tmp_path / "miente.npmpaq").write_bytes(lying)
    assert "el archivo es demasiado grande" in refusal(office.luis, tmp_path / "miente.npmpaq")
    assert decryptions == []


def test_a_package_signed_with_a_fresh_key_is_refused_before_decryption(office, tmp_path, decryptions):
    """A forger who knows the director's id and fingerprint (both public) but not her key."""
    dora, luis = office.dora, office.luis
    payload, scope = packages.build_payload(dora, "revision", dora.actor, office.report_id)
    fresh = Ed25519PrivateKey.generate().private_bytes_raw()
    path = tmp_path / "clave-nueva.npmpaq"
    path.write_bytes(sealing.seal(payload, header_for(dora, "revision", scope), fresh,
                                  packages.recipient_keys(dora, [luis.actor.id])))
    assert "la firma no es válida; el paquete fue alterado" in refusal(luis, path)
    assert examine(luis, path).problem == "la firma no es válida; el paquete fue alterado"
    # The same with a fresh identity altogether: not on the roster.
    stranger = header_for(dora, "revision", scope, sender_id=model.new_id(), sender_fingerprint="ab12 cd34")
    path.write_bytes(sealing.seal(payload, stranger, fresh, packages.recipient_keys(dora, [luis.actor.id])))
    assert "quien lo envía no figura en la nómina firmada" in refusal(luis, path)
    assert decryptions == []


@pytest.mark.parametrize("field", ["kind", "case_id", "scope", "created_at", "key_commitment", "recipients"])
def test_a_tampered_header_is_refused_before_decryption(office, tmp_path, decryptions, field):
    dora, luis = office.dora, office.luis
    sealed = sealing.parse(office.send(dora, "revision", [luis, office.marta]).read_bytes())
    header = dict(sealed.header)
    if field == "kind":
        header["kind"] = "asignacion"
    elif field == "recipients":
        header["recipients"] = [r for r in header["recipients"] if r["member_id"] == luis.actor.id]
    elif field == "key_commitment":
        header["key_commitment"] = "0" * 64
    else:
        header[field] = header[field][:-1] + ("0" if header[field][-1] != "0" else "1")
    path = tmp_path / "cabecera.npmpaq"
    path.write_bytes(rebuilt(canonical_json(header), sealed))
    assert "la firma no es válida; el paquete fue alterado" in refusal(luis, path)
    assert decryptions == []


def test_the_hpke_info_binds_the_header(office):
    """Even a header re-signed by its sender cannot reuse a wrapped key under another context."""
    dora, luis = office.dora, office.luis
    sealed = sealing.parse(office.send(dora, "revision", [luis]).read_bytes())
    box_private = identity.signing_keys(luis, luis.actor).box_private
    assert sealing.open_for(sealed, luis.actor.id, box_private)["report_id"] == office.report_id
    for field, value in (("kind", "asignacion"), ("case_id", model.new_id()), ("sender_id", model.new_id())):
        moved = sealing.Sealed(dict(sealed.header, **{field: value}), sealed.head, sealed.ciphertext,
                               sealed.signed, sealed.signature)
        with pytest.raises(sealing.CannotOpen):
            sealing.unwrap(moved, luis.actor.id, box_private)
    with pytest.raises(sealing.NotAddressed):
        sealing.unwrap(sealed, office.marta.actor.id, box_private)


def _concrete_errors(cls=sealing.PackageFormatError):
    for sub in cls.__subclasses__():
        yield from _concrete_errors(sub)
        if not sub.__subclasses__():
            yield sub


def test_every_format_error_has_its_spanish_reason():
    reasons = set()
    for cls in _concrete_errors():
        error = cls(7) if issubclass(cls, sealing.UnsupportedVersion) else cls()
        reasons.add(package_auth.reason_of(error))
    assert len(reasons) == len(list(_concrete_errors())) >= 12
