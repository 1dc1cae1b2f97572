"""Each team member's signing identity: key generation, unlocking, public cards.

The case file owner's private keys live raw inside the (already encrypted) case file.
Anyone else working on the same laptop has theirs wrapped by their own passphrase, so the
owner's passphrase alone never lets someone sign as them. A personal key unlocked with that
passphrase stays usable only for `session.key_grace_seconds`, and switching person drops it,
so a colleague at the laptop cannot later sign as her without typing it again.
"""

import json
import time
from pathlib import Path

from npmdesk.crypto import keys as crypto_keys
from npmdesk.crypto.hashing import digest
from npmdesk.domain.model import TeamMember
from npmdesk.domain.validation import validate
from npmdesk.i18n import _
from npmdesk.errors import IdentityLocked, MalformedCard, NoKeys
from npmdesk.crypto.kdf import KdfParams
from npmdesk.services.session import Session
from npmdesk.storage import audit_log, records, review_store
from npmdesk.storage.casefile import check_passphrase

CARD_FORMAT = "npmdesk-tarjeta-publica/1"


def is_owner(session: Session, member_id: str) -> bool:
    return session.case.meta("owner_id") == member_id


def create_keys(session: Session, member_id: str, passphrase: str | None = None, *,
                kdf_params: KdfParams | None = None) -> review_store.MemberKeys:
    """New key pairs for a member; a non-owner's private half is wrapped by `passphrase`
    (under explicit `kdf_params` only when the test suite's fixtures pass them)."""
    owner = is_owner(session, member_id)
    if not owner:
        with session.case.lock:
            member = records.get(session.case.conn, TeamMember, member_id)
        check_passphrase(passphrase or "", [member.name])
    pair = crypto_keys.KeyPair.generate()
    public = review_store.MemberKeys(member_id, pair.sign_public.hex(), pair.box_public.hex(),
                                     pair.fingerprint)
    material = ((pair.sign_private + pair.box_private).hex() if owner
                else json.dumps(crypto_keys.wrap(pair, passphrase, kdf_params)))
    with session.case.transaction() as conn:
        member = records.get(conn, TeamMember, member_id)
        review_store.save_public_keys(conn, public)
        review_store.save_private(conn, member_id, "raw" if owner else "wrapped", material)
        audit_log.append(conn, session.actor.id, session.actor.name, "generar_claves", "team_member",
                         member.id, digest({"fingerprint": public.fingerprint}))
    session.identities[member_id] = pair
    session.unlocked_at[member_id] = time.monotonic()
    return public


def unlock_identity(session: Session, member_id: str, passphrase: str) -> crypto_keys.KeyPair:
    """Open a non-owner's private keys for this session; WrongPersonalPassphrase otherwise."""
    with session.case.lock:
        member = records.get(session.case.conn, TeamMember, member_id)
        stored = review_store.private(session.case.conn, member_id)
    if stored is None:
        raise NoKeys(name=member.name)
    kind, material = stored
    pair = (_raw_pair(material) if kind == "raw"
            else crypto_keys.unwrap(json.loads(material), passphrase))
    session.identities[member_id] = pair
    session.unlocked_at[member_id] = time.monotonic()
    return pair


def lock_identity(session: Session, member_id: str) -> None:
    session.identities.pop(member_id, None)
    session.unlocked_at.pop(member_id, None)


def lock_others(session: Session, member_id: str) -> None:
    """Switching to `member_id` drops every other personal key (the owner's needs none)."""
    for other in list(session.identities):
        if other != member_id and not is_owner(session, other):
            lock_identity(session, other)


def seconds_left(session: Session, member_id: str) -> float | None:
    """How long `member_id`'s personal key stays unlocked; None when locked (owner: infinity)."""
    if is_owner(session, member_id):
        return float("inf")
    if member_id not in session.identities:
        return None
    left = session.key_grace_seconds - (time.monotonic() - session.unlocked_at.get(member_id, float("-inf")))
    if left <= 0:
        lock_identity(session, member_id)
        return None
    return left


def signing_keys(session: Session, member: TeamMember) -> crypto_keys.KeyPair:
    """The unlocked keys of `member`: the owner's are available while the case file is open,
    anyone else's only within the grace period after typing their own passphrase."""
    if member.id in session.identities and seconds_left(session, member.id) is not None:
        return session.identities[member.id]
    with session.case.lock:
        stored = review_store.private(session.case.conn, member.id)
    if stored is None:
        raise NoKeys(name=member.name)
    if stored[0] != "raw":
        raise IdentityLocked(name=member.name)
    pair = _raw_pair(stored[1])
    session.identities[member.id] = pair
    return pair


def _raw_pair(material: str) -> crypto_keys.KeyPair:
    raw = bytes.fromhex(material)
    return crypto_keys.KeyPair(raw[:32], raw[32:64])


def public_keys(session: Session, member_id: str) -> review_store.MemberKeys | None:
    with session.case.lock:
        return review_store.public_keys(session.case.conn, member_id)


def key_code(session: Session, member_id: str) -> str:
    """The code of a member's two public keys (what people compare when she is or becomes the
    root: crypto.keys.safety_code); '' without keys. Shown to her so that she can read it out."""
    public = public_keys(session, member_id)
    return crypto_keys.safety_code(bytes.fromhex(public.sign_public), bytes.fromhex(public.box_public)) \
        if public else ""


def card(session: Session, member_id: str) -> dict:
    with session.case.lock:
        member = records.get(session.case.conn, TeamMember, member_id)
        public = review_store.public_keys(session.case.conn, member_id)
    if public is None:
        raise NoKeys(name=member.name)
    return {"format": CARD_FORMAT, "id": member.id, "name": member.name,
            "discipline": member.discipline, "role": member.role,
            "sign_public": public.sign_public, "box_public": public.box_public,
            "fingerprint": public.fingerprint}


def export_card(session: Session, member_id: str, path) -> Path:
    """Write a member's public card (no private material) as a JSON file."""
    path = Path(path)
    path.write_text(json.dumps(card(session, member_id), ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def read_card(path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise MalformedCard("unreadable card", reason=_("no es JSON legible")) from exc
    if not isinstance(data, dict) or data.get("format") != CARD_FORMAT:
        raise MalformedCard("wrong format", reason=_("formato desconocido"))
    try:
        sign_public = bytes.fromhex(data["sign_public"])
        box_public = bytes.fromhex(data["box_public"])
        fields = {k: data[k] for k in ("id", "name", "discipline", "role")}
    except (KeyError, ValueError, TypeError) as exc:
        raise MalformedCard("missing field", reason=_("faltan datos o claves")) from exc
    if len(sign_public) != 32 or len(box_public) != 32 or not all(isinstance(v, str) for v in fields.values()):
        raise MalformedCard("bad key length", reason=_("claves de tamaño incorrecto"))
    if crypto_keys.one_key_fingerprint(sign_public) == data.get("fingerprint"):
        raise MalformedCard("one-key fingerprint", reason=_(
            "se exportó con una versión anterior de npmdesk, cuya huella cubría solo la clave de firma, y ya no se "
            "acepta porque no protege la clave de cifrado; pida a esa persona que exporte de nuevo su tarjeta con la "
            "versión actual"))
    if crypto_keys.fingerprint(sign_public, box_public) != data.get("fingerprint"):
        raise MalformedCard("fingerprint mismatch", reason=_("la huella no corresponde a la clave"))
    return data


def import_card(session: Session, path) -> TeamMember:
    """Add (or update) the member a public card describes, with their public keys."""
    data = read_card(path)
    member = TeamMember(name=data["name"], discipline=data["discipline"], role=data["role"], id=data["id"])
    validate(member)
    with session.case.transaction() as conn:
        # Someone whose private keys live here keeps the public half that matches them: a card
        # carrying other keys under their id would leave them unable to sign (or sign the roster).
        known = review_store.public_keys(conn, member.id)
        if (review_store.private(conn, member.id) is not None and known is not None
                and known.fingerprint != data["fingerprint"]):
            raise MalformedCard("card replaces own keys", reason=_(
                "es de {name}, que ya tiene en este expediente otras claves propias").format(
                    name=records.get(conn, TeamMember, member.id).name))
        records.save(conn, member)
        review_store.save_public_keys(conn, review_store.MemberKeys(
            member.id, data["sign_public"], data["box_public"], data["fingerprint"]))
        audit_log.append(conn, session.actor.id, session.actor.name, "importar_tarjeta", "team_member",
                         member.id, digest({"fingerprint": data["fingerprint"]}))
    return member
