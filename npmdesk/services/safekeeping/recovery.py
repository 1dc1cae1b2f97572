"""Institutional recovery: a key pair whose private half is a code kept in the institution's safe.

The director sets the institution's recovery PUBLIC key in the case file; an escrow package
(the whole case file, sealed to that key and signed) can then be written at any time. With
the recovery code alone, a lost passphrase or a lost laptop does not lose the reports:
`restore` writes a NEW case file protected by a new passphrase. The escrow carries no
private signing keys: after a recovery each person generates new keys.
"""

import base64
import hashlib
import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from npmdesk.crypto import package as sealing
from npmdesk.crypto.hashing import digest
from npmdesk.domain import model
from npmdesk.domain.roster import vouched
from npmdesk.errors import ActionNotAllowed, NpmdeskError
from npmdesk.export.safe_file import write_atomic
from npmdesk.i18n import _, ngettext
from npmdesk.services.exchange import package_auth
from npmdesk.services.exchange import case_package as package_transfer
from npmdesk.services.team import identity, trust
from npmdesk.services.team import roster as rosters
from npmdesk.services.session import Session
from npmdesk.storage import audit_log, schema

RECIPIENT = "recuperacion-institucional"
META_KEY = "recovery_public"


def _public_of(private: bytes) -> bytes:
    return X25519PrivateKey.from_private_bytes(private).public_key().public_bytes(
        Encoding.Raw, PublicFormat.Raw)


def new_recovery_key() -> tuple[str, str]:
    """(recovery code to print and keep in the safe, public key in hex to set in case files).

    The code is the 32-byte private key in base32 plus a 2-byte check, in groups of four.
    """
    private = os.urandom(32)
    raw = private + hashlib.sha256(private).digest()[:2]
    text = base64.b32encode(raw).decode("ascii").rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4)), _public_of(private).hex()


CODE_LETTERS = 55          # 34 bytes in base32, without padding
CODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def _normal(code: str) -> str:
    """The letters of a code as read: spaces and hyphens dropped, capitals, 0 and 1 read as O and I."""
    return "".join(code.replace("-", " ").split()).upper().replace("0", "O").replace("1", "I")


def canonical_code(code: str) -> str:
    """The code as it is printed: capitals in groups of four."""
    text = _normal(code)
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def code_problem(code: str) -> str:
    """'' when the code is well formed and its check letters agree; else a sentence saying what is wrong."""
    text = _normal(code)
    if not text:
        return _("Escriba el código de recuperación.")
    wrong = next((c for c in text if c not in CODE_ALPHABET), None)
    if wrong is not None:
        return _("«{char}» no forma parte de un código de recuperación (solo letras y las cifras "
                 "2 a 7).").format(char=wrong)
    if len(text) < CODE_LETTERS:
        return ngettext("Falta {count} letra.", "Faltan {count} letras.",
                        CODE_LETTERS - len(text)).format(count=CODE_LETTERS - len(text))
    if len(text) > CODE_LETTERS:
        return ngettext("Sobra {count} letra.", "Sobran {count} letras.",
                        len(text) - CODE_LETTERS).format(count=len(text) - CODE_LETTERS)
    try:
        read_code(text)
    except NpmdeskError:
        return _("El código de recuperación no es correcto; revíselo letra por letra.")
    return ""


def read_code(code: str) -> bytes:
    """The private key a recovery code stands for; refuses a mistyped code."""
    text = _normal(code)
    try:
        raw = base64.b32decode(text + "=" * (-len(text) % 8))
    except ValueError:
        raw = b""
    # The last letter carries unused bits: a code that is not the exact spelling of its bytes is mistyped.
    if base64.b32encode(raw).decode("ascii").rstrip("=") != text or len(raw) != 34 or hashlib.sha256(raw[:32]).digest()[:2] != raw[32:]:
        raise package_auth.refused(_("el código de recuperación no es correcto; revíselo letra por letra"))
    return raw[:32]


def recovery_key(session: Session) -> str:
    """The institutional recovery public key set in this case file (hex), or ''."""
    return session.case.meta(META_KEY) or ""


def set_recovery_key(session: Session, public_hex: str) -> None:
    """Only a director of the signed roster (or the owner while there is none) may set it."""
    current = rosters.current(session)
    role = current.role(session.actor.id) if current else session.actor.role
    if role != "director":
        raise ActionNotAllowed("not director", action=_("fijar la clave de recuperación"),
                               reason=_("solo la dirección puede hacerlo"))
    public_hex = "".join(public_hex.split()) if isinstance(public_hex, str) else ""
    try:
        if len(bytes.fromhex(public_hex)) != 32:
            raise ValueError(public_hex)
    except ValueError:
        raise ActionNotAllowed("bad key", action=_("fijar la clave de recuperación"),
                               reason=_("eso no es una clave pública de recuperación completa; cópiela entera de "
                                         "Herramientas → Clave de recuperación institucional en otro "
                                         "expediente de la institución, que la muestra al principio"))
    with session.case.transaction() as conn:
        schema.set_meta(conn, META_KEY, public_hex.lower())
        audit_log.append(conn, session.actor.id, session.actor.name, "fijar_recuperacion", "case",
                         session.case.meta("case_id"), digest({"public": public_hex.lower()}))


def write_escrow(session: Session, path) -> Path:
    """The whole case file sealed to the institution's recovery key and signed by the actor."""
    public_hex = recovery_key(session)
    if not public_hex:
        raise ActionNotAllowed("no recovery key", action=_("crear la copia de recuperación"),
                               reason=_("el expediente no tiene clave de recuperación institucional"))
    sender = session.actor
    current = rosters.current(session)
    entry = current.members.get(sender.id) if current else None
    keys = identity.signing_keys(session, sender)
    if entry is None or entry["fingerprint"] != keys.fingerprint:
        # The restore checks the copy against the signed roster; one it cannot check is useless.
        raise ActionNotAllowed("escrow without roster", action=_("crear la copia de recuperación"),
                               reason=_("«{name}» no figura con su clave en la nómina firmada").format(
                                   name=sender.name))
    payload = package_transfer.payload(session, sender, ())
    case_id = session.case.meta("case_id")
    header = {"kind": "expediente", "package_id": model.new_id(), "created_at": model.now_utc(),
              "case_id": case_id, "sender_id": sender.id, "scope": case_id,
              "sender_fingerprint": keys.fingerprint}
    data = sealing.seal(payload, header, keys.sign_private, {RECIPIENT: bytes.fromhex(public_hex)})
    path = write_atomic(path, data)
    with session.case.transaction() as conn:
        audit_log.append(conn, sender.id, sender.name, "copia_recuperacion", "package", header["package_id"],
                         digest({"recipient": RECIPIENT}))
    return path


def escrow_header(path) -> dict | None:
    """The header of the file at `path`, read without the rest: None while it is still being copied;
    PackageRefused when it is not a package, OSError when it cannot be read."""
    return package_auth.read_header(path)


def is_escrow(header: dict) -> bool:
    """Whether a package header is that of an escrow (sealed to the institution's recovery key)."""
    return header["kind"] == "expediente" and package_auth.addressed_to(header, RECIPIENT)


def restore(escrow_path, code: str, case_path, passphrase: str, director_code: str | None = None) -> Session:
    """A NEW case file from an escrow package, opened with the recovery code alone.

    The recovery key is public, so anyone could seal a fabricated case file to it: the escrow
    counts only when its roster comes from the institutional root (`director_code`, typed
    from the recovery sheet, else a root pinned on this machine) and its signature is that
    of a member of that roster, never a key found in the payload.
    """
    trusted = trust.trusted(director_code)
    if not trusted:
        raise package_auth.refused(_("falta el código de la dirección (doce grupos de cinco cifras, en la hoja de "
                                "recuperación): sin él no se puede comprobar quién hizo la copia"))
    private = read_code(code)
    sealed = package_auth.read(escrow_path)
    h = package_auth.header_of(sealed)
    if not is_escrow(h):
        raise package_auth.refused(_("no es una copia para la clave de recuperación institucional"))
    try:
        payload = sealing.open_for(sealed, RECIPIENT, private)
    except sealing.PackageFormatError as exc:
        raise package_auth.refusal(exc) from exc
    chain = package_transfer.check_contents(h, payload)
    if not chain:
        raise package_auth.refused(_("la copia no lleva una nómina firmada, así que no se puede comprobar quién la hizo"))
    root = next((c for c in trusted if vouched(chain, c, trust.machine_repins())), None)
    if root is None:
        raise package_auth.refused(_("la copia no viene de la raíz institucional de su institución: su nómina dice "
                                     "venir de {name}, código {code}").format(name=chain[-1].root_name,
                                                                            code=chain[-1].root_code))
    entry = chain[-1].members.get(h.get("sender_id"))
    if entry is None or entry["fingerprint"] != h.get("sender_fingerprint") or \
            not sealing.verify(sealed, entry["sign_public"]):
        raise package_auth.refused(_("la firma no es válida; el paquete fue alterado"))
    return package_transfer.materialise(h, payload, case_path, passphrase, trust.formatted(root))
