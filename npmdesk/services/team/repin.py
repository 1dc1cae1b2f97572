"""Replacing an institutional root whose private key is lost, without its signature.

A change of root is normally signed by the old root and accepted by the new one
(roster.sign_roster with `new_root`). When the old root's key is gone (a stolen laptop, a
director who left without passing the root on) nobody can sign that: the new root signs a
version that names the root it replaces and leaves the lost key out of the roster
(domain/roster.repin_body), and at every computer a person confirms it by typing the new
root's code, which the new root reads out from her card or her screen, never taken from the
file. The confirmation is a bitácora entry and joins the pin history (services/team/trust.py):
what was signed under the old root before that version still verifies under it; a roster
signed with the lost key at or after that version does not.

On the new root's laptop: `preview_sign` then `sign`. On every other laptop, from the roster
file the new root exported: `preview_adopt` then `adopt`.
"""

from dataclasses import dataclass

from npmdesk.crypto import keys as crypto_keys
from npmdesk.crypto.hashing import digest
from npmdesk.domain.model import TeamMember, now_utc
from npmdesk.domain.roster import (ROSTER_FORMAT, Repin, Roster, RosterChange, changes, chain_changes, entry_code,
                                   repin_body, verify_chain)
from npmdesk.errors import ActionNotAllowed, NpmdeskError
from npmdesk.i18n import N_, _
from npmdesk.services.session import Session
from npmdesk.services.team import identity, roster, trust
from npmdesk.storage import audit_log, review_store


class WrongNewRootCode(NpmdeskError):
    template = N_("El código escrito no es el de {name}, la nueva raíz. Pídale que se lo lea de su propia "
                  "pantalla (Equipo y nómina o npmdesk team en su computadora) y compárelo de nuevo: si lo escribió bien, la nómina no es la de su institución o las "
                  "claves de {name} no son las suyas. No se ha modificado nada.")


@dataclass
class RepinPreview:
    """What confirming a replacement would do: the version, the root replaced and the new one
    (the new root's code is never shown before a person types it), and every change."""
    version: int
    old_name: str
    old_code: str
    name: str
    code: str
    changes: list[RosterChange]


def _refuse(detail: str, reason: str) -> ActionNotAllowed:
    return ActionNotAllowed(detail, action=_("sustituir la raíz institucional"), reason=reason)


def _check_code(typed: str, code: str, name: str) -> str:
    """The code as printed, once `typed` is it (WrongNewRootCode otherwise)."""
    digits = crypto_keys.code_digits(typed or "")
    if len(digits) != crypto_keys.CODE_DIGITS or digits != crypto_keys.code_digits(code):
        raise WrongNewRootCode(name=name)
    return trust.formatted(code)


def preview_sign(session: Session, new_root: TeamMember) -> RepinPreview:
    """The version `new_root` would sign to replace the lost root; refused (before anyone types a
    passphrase) unless she is a director with keys and the lost key is out of the roster."""
    authority = roster.current(session)
    if authority is None:
        raise _refuse("no roster", _("todavía no hay una nómina firmada: quien firme la primera será la raíz"))
    entries = roster.proposed_members(session)
    entry = entries.get(new_root.id)
    if entry is None or entry["role"] != "director":
        raise _refuse("not a director", _("{name} debe ser directora o director activo, con claves, para ser la "
                                          "nueva raíz").format(name=new_root.name))
    if entry["fingerprint"] == authority.root:
        raise _refuse("same root", _("{name} ya es la raíz institucional").format(name=new_root.name))
    kept = next((e for e in entries.values() if e["fingerprint"] == authority.root), None)
    if kept is not None:
        raise _refuse("lost key kept", _(
            "{name} sigue en la nómina con la clave que se perdió. Márquela como inactiva (Editar…) o créele "
            "claves nuevas antes de sustituir la raíz").format(name=kept["name"]))
    found = [RosterChange(new_root.id, entry["name"], "sustitucion", authority.root_code, entry_code(entry))]
    return RepinPreview(authority.version + 1, authority.root_name, authority.root_code, entry["name"],
                        entry_code(entry), found + changes(authority, entries))


def sign(session: Session, new_root: TeamMember, typed_code: str) -> Roster:
    """Sign, as `new_root` (her key unlocked), the version replacing the lost root, once the
    code typed is the one of her keys; pinned here and on this computer."""
    preview = preview_sign(session, new_root)
    code = _check_code(typed_code, preview.code, preview.name)
    authority = roster.current(session)
    entries = roster.proposed_members(session)
    pair = identity.signing_keys(session, new_root)
    stored = roster.chain(session)
    body = {"format": ROSTER_FORMAT, "version": preview.version, "previous": digest(stored[-1]["body"]),
            "created_at": now_utc(), "members": entries,
            "repin": repin_body(authority.root, entries[new_root.id]["fingerprint"])}
    replaced = Repin(preview.version, code, trust.formatted(authority.root_code))
    with session.case.transaction() as conn:
        review_store.add_roster(conn, body["version"], body, entries[new_root.id]["fingerprint"], pair.sign(body))
        audit_log.append(conn, new_root.id, new_root.name, "firmar_nomina", "roster", str(body["version"]),
                         digest(body))
        trust.record_repin(session, conn, replaced)
    trust.remember_repin(replaced)
    return roster.current(session)


def _incoming(session: Session, path) -> tuple[list[Roster], list[dict], list[dict], Roster]:
    """(the file's chain, its links, this file's links, its first version replacing the root)."""
    incoming, links, mine = roster.read_extension(session, path)
    if not mine:
        raise _refuse("first roster", _("este expediente todavía no tiene nómina: impórtela con el código de la "
                                        "dirección (Importar nómina…)"))
    replacing = next((r for r in incoming[len(mine):] if r.repinned), None)
    if replacing is None:
        raise _refuse("no repin", _("esta nómina no sustituye la raíz institucional; impórtela con Importar "
                                    "nómina…"))
    return incoming, links, mine, replacing


def preview_adopt(session: Session, path) -> RepinPreview:
    """What taking in the new root's roster file would do, before any code is typed."""
    incoming, _links, mine, replacing = _incoming(session, path)
    old, newest = incoming[replacing.version - 2], incoming[-1]
    return RepinPreview(replacing.version, old.root_name, old.root_code, newest.root_name, newest.root_code,
                        chain_changes(incoming, len(mine)))


def adopt(session: Session, path, typed_code: str) -> Roster:
    """Take in the new root's roster file once the code typed is the new root's; each version
    that replaces a lost root joins the pin history, all in one transaction."""
    incoming, links, mine, replacing = _incoming(session, path)
    code = _check_code(typed_code, incoming[-1].root_code, incoming[-1].root_name)
    verify_chain(links, code)  # the typed root vouches for every version before it
    replaced = [Repin(r.version, trust.formatted(r.root_code), trust.formatted(incoming[r.version - 2].root_code))
                for r in incoming[len(mine):] if r.repinned]
    with session.case.transaction() as conn:
        roster.take_in(session, conn, links[len(mine):])
        for repin in replaced:
            trust.record_repin(session, conn, repin)
    for repin in replaced:
        trust.remember_repin(repin)
    return roster.current(session)
