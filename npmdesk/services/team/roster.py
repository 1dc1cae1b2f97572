"""The signed team roster: who is on the team, in which role, with which public keys.

Version 1 is signed by a director listed in it; every later version must be signed by a
director of the version before and name the previous version's hash. Roles used to
authorise review actions come from the newest verified roster, never from the
team_members table, which anyone holding the case-file passphrase could edit.
"""

import json
from pathlib import Path

from npmdesk.crypto.hashing import digest
from npmdesk.domain.audit import GENESIS
from npmdesk.domain.model import TeamMember, now_utc
from npmdesk.domain.roster import (ROSTER_FORMAT, Roster, RosterChange, acceptance, changes, entry_code,
                                   roster_problem, verify_chain)
from npmdesk.errors import ActionNotAllowed, NoKeys
from npmdesk.i18n import _
from npmdesk.services.team import trust
from npmdesk.services.team import identity
from npmdesk.services.session import Session
from npmdesk.storage import audit_log, records, review_store

def chain(session: Session) -> list[dict]:
    with session.case.lock:
        return review_store.rosters(session.case.conn)


def current(session: Session) -> Roster | None:
    """The newest roster, verified (against the root pinned in this case file, when there is
    one); None when no roster has been signed yet."""
    verified = verify_chain(chain(session), trust.pinned(session) or None)
    return verified[-1] if verified else None


def root_code(session: Session) -> str:
    """The code of the institutional root in force ('' before the first roster)."""
    newest = current(session)
    return newest.root_code if newest else ""


def proposed_members(session: Session) -> dict:
    """What a new roster version would list: every active member who has public keys."""
    with session.case.lock:
        members = [m for m in records.select(session.case.conn, TeamMember) if m.active]
        entries = {}
        for member in members:
            public = review_store.public_keys(session.case.conn, member.id)
            if public is None:
                continue
            entries[member.id] = {"name": member.name, "discipline": member.discipline,
                                  "role": member.role, "sign_public": public.sign_public,
                                  "box_public": public.box_public, "fingerprint": public.fingerprint}
    return entries


def _refuse(detail: str, reason: str) -> ActionNotAllowed:
    return ActionNotAllowed(detail, action=_("firmar la nómina"), reason=reason)


def check_root(authority: Roster | None, entries: dict, signer: TeamMember, new_root: TeamMember | None) -> None:
    """The institutional root stays a director with the same keys, unless it passes the root to
    another director; only the root itself can do that (domain/roster.py checks the same)."""
    if authority is None:
        if new_root is not None and new_root.id != signer.id:
            raise _refuse("first root", _("la raíz de la primera versión es quien la firma"))
        return
    root_id = authority.by_fingerprint(authority.root)[0]
    if new_root is None:
        kept = entries.get(root_id)
        if kept is None or kept["fingerprint"] != authority.root or kept["role"] != "director":
            raise _refuse("root dropped", _(
                "{name} es la raíz institucional y debe seguir como directora o director con las mismas claves. "
                "Para cambiarlo, traspase antes la raíz a otra directora u otro director").format(
                    name=authority.root_name))
        return
    if signer.id != root_id:
        raise _refuse("not root", _("solo la raíz institucional ({name}) puede traspasarla").format(
            name=authority.root_name))
    entry = entries.get(new_root.id)
    if entry is None or entry["role"] != "director" or new_root.id == root_id:
        raise _refuse("bad new root", _("la nueva raíz debe ser otra directora u otro director con claves"))


def check_signer(session: Session, signer: TeamMember, entries: dict | None = None,
                 authority: Roster | None = None, new_root: TeamMember | None = None) -> str:
    """The signer's fingerprint when `signer` may sign the next version; NoKeys or
    ActionNotAllowed otherwise (asked before anyone types a personal passphrase)."""
    entries = proposed_members(session) if entries is None else entries
    if authority is None:
        authority = current(session)
    if signer.id not in entries:
        raise NoKeys(name=signer.name)
    fingerprint = entries[signer.id]["fingerprint"]
    signer_role = authority.role(signer.id) if authority else entries[signer.id]["role"]
    if authority is not None and authority.members.get(signer.id, {}).get("fingerprint") != fingerprint:
        signer_role = None
    if signer_role != "director":
        raise ActionNotAllowed("roster signer not director", action=_("firmar la nómina"),
                               reason=_("solo una directora o un director de la nómina vigente puede firmarla"))
    if not any(entry["role"] == "director" for entry in entries.values()):  # nobody could sign the next one
        raise ActionNotAllowed("roster without a director", action=_("firmar la nómina"),
                               reason=_("la nueva versión no tendría ninguna directora ni ningún director activo "
                                        "con claves, y nadie podría firmar la siguiente. Asigne antes el rol de "
                                        "director/a a alguien"))
    check_root(authority, entries, signer, new_root)
    return fingerprint


def preview(session: Session, signer: TeamMember, new_root: TeamMember | None = None
            ) -> tuple[int, list[RosterChange]]:
    """(the version signing would create, what it changes against the roster in force), once
    `signer` is known to be allowed to sign it (NoKeys or ActionNotAllowed otherwise). A change
    of root comes first in the list, so that nobody signs it without seeing it."""
    authority = current(session)
    entries = proposed_members(session)
    check_signer(session, signer, entries, authority, new_root)
    found = changes(authority, entries)
    if new_root is not None and authority is not None:
        entry = entries[new_root.id]
        found.insert(0, RosterChange(new_root.id, entry["name"], "raiz", authority.root_code, entry_code(entry)))
    return (authority.version + 1 if authority else 1), found


def sign_roster(session: Session, signer: TeamMember | None = None, new_root: TeamMember | None = None,
                remember_here: bool = True) -> Roster:
    """Sign a new roster version listing every active member who has public keys.

    The signer of version 1 becomes the root: pinned in the case file and, unless
    `remember_here` is False (the demo's throwaway keys), on this computer too.

    With `new_root`, the version passes the institutional root to that director: the current
    root signs it and the new root (whose keys must be unlocked too) accepts it.
    """
    signer = signer or session.actor
    stored = chain(session)
    verified = verify_chain(stored, trust.pinned(session) or None)
    entries = proposed_members(session)
    fingerprint = check_signer(session, signer, entries, verified[-1] if verified else None,
                               new_root if stored else None)
    pair = identity.signing_keys(session, signer)
    body = {"format": ROSTER_FORMAT, "version": len(stored) + 1,
            "previous": digest(stored[-1]["body"]) if stored else GENESIS,
            "created_at": now_utc(), "members": entries}
    if new_root is not None and stored:
        root = entries[new_root.id]["fingerprint"]
        accepted = identity.signing_keys(session, new_root).sign(acceptance(body["version"], body["previous"], root))
        body["root"] = {"fingerprint": root, "acceptance": accepted}
    signature = pair.sign(body)
    with session.case.transaction() as conn:
        review_store.add_roster(conn, body["version"], body, fingerprint, signature)
        audit_log.append(conn, signer.id, signer.name, "firmar_nomina", "roster", str(body["version"]),
                         digest(body))
        if body["version"] == 1:  # she is the root: her own code is confirmed by definition
            trust.pin(session, entry_code(entries[signer.id]), conn, machine=remember_here)
    return current(session)


def export_roster(session: Session, path) -> Path:
    """The whole signed roster chain as one JSON file anyone can verify offline."""
    path = Path(path)
    path.write_text(json.dumps({"format": ROSTER_FORMAT, "chain": chain(session)},
                               ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def read_roster_file(path, trusted_root: str | None = None) -> list[Roster]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        links = data["chain"] if data.get("format") == ROSTER_FORMAT else None
    except (OSError, UnicodeDecodeError, ValueError, KeyError, AttributeError, TypeError) as exc:
        raise roster_problem(_("el archivo no es legible")) from exc
    if not isinstance(links, list) or not links:
        raise roster_problem(_("el archivo no contiene una nómina"))
    return verify_chain(links, trusted_root)


def import_roster(session: Session, path, director_code: str | None = None) -> Roster:
    """Take in a newer roster chain that extends this file's own; all or nothing.

    The first roster of a case file needs the root's code, typed by a person
    (trust.RootUnconfirmed without it); later ones must extend the chain already here.
    """
    incoming, links, mine = read_extension(session, path)
    first = trust.confirm_first(incoming, director_code) if not mine else ""
    if mine:  # the root pinned here; a replacement of a lost root needs its own confirmation
        trust.check_extension(session, incoming, len(mine))
    with session.case.transaction() as conn:
        take_in(session, conn, links[len(mine):])
        if first:
            trust.pin(session, first, conn)
    return incoming[-1]


def read_extension(session: Session, path) -> tuple[list[Roster], list[dict], list[dict]]:
    """(the file's chain verified in its structure, its links, this file's own links), once the
    file's chain continues the one here."""
    incoming = read_roster_file(path)  # its root: the chain here (it must extend it) or the typed code
    links = json.loads(Path(path).read_text(encoding="utf-8"))["chain"]
    mine = chain(session)
    for index, link in enumerate(mine):
        if index >= len(links) or digest(links[index]["body"]) != digest(link["body"]):
            raise roster_problem(_("no continúa la nómina de este expediente"))
    return incoming, links, mine


def take_in(session: Session, conn, links: list[dict]) -> None:
    """Store roster versions that continue the chain here, with any member they bring, inside
    the caller's transaction; each adoption is a bitácora entry (where it comes into force)."""
    for link in links:
        body = link["body"]
        review_store.add_roster(conn, body["version"], body, link["signer"], link["signature"])
        for member_id, entry in body["members"].items():
            if not records.exists(conn, TeamMember, member_id):
                records.save(conn, TeamMember(name=entry["name"], discipline=entry["discipline"],
                                              role=entry["role"], id=member_id))
            if review_store.public_keys(conn, member_id) is None:
                review_store.save_public_keys(conn, review_store.MemberKeys(
                    member_id, entry["sign_public"], entry["box_public"], entry["fingerprint"]))
        audit_log.append(conn, session.actor.id, session.actor.name, "importar_nomina", "roster",
                         str(body["version"]), digest(body))
