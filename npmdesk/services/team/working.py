"""Who is working: the person a shared laptop's revisions, replies and bitácora entries name.

`Session.actor` is that person. It starts as the case file's owner (whose passphrase opened the
file); becoming anyone else takes that person's own personal passphrase, because typing it is
what shows that she, and not a colleague who knows the case file's passphrase, is at the keyboard.
Only members on the signed roster whose personal key is kept in this case file can be chosen.
Each change of person is a bitácora entry (hash-chained like every other) naming who starts
working, in place of whom and when, so what was done at a shared laptop can be traced.
"""

from npmdesk.crypto.hashing import digest
from npmdesk.domain.model import TeamMember
from npmdesk.errors import CannotWorkAs
from npmdesk.services.session import Session
from npmdesk.services.team import identity
from npmdesk.services.team import roster as rosters
from npmdesk.storage import audit_log, records, review_store

SWITCH = "cambiar_persona"


def people(session: Session) -> list[tuple[str, str]]:
    """(member id, name) of everyone who can work here: the owner first, then, by name, the members
    of the signed roster who have a personal key in this case file."""
    owner_id = session.case.meta("owner_id")
    current = rosters.current(session)
    with session.case.lock:
        owner = records.get(session.case.conn, TeamMember, owner_id)
        others = [(member_id, entry["name"]) for member_id, entry in (current.members.items() if current else ())
                  if member_id != owner_id and _personal_key(session, member_id)]
    return [(owner.id, owner.name)] + sorted(others, key=lambda person: person[1])


def work_as(session: Session, member_id: str, passphrase: str = "") -> TeamMember:
    """Make `member_id` the person working. The owner needs nothing more; anyone else's personal
    passphrase must open her key (WrongPersonalPassphrase otherwise, and nothing changes). Every
    other personal key is dropped, as when switching reviewer."""
    if not any(member_id == person_id for person_id, _name in people(session)):
        raise CannotWorkAs(member_id)
    with session.case.lock:
        member = records.get(session.case.conn, TeamMember, member_id)
    if not identity.is_owner(session, member_id):
        identity.unlock_identity(session, member_id, passphrase)
    previous = session.actor
    if previous.id != member.id and not session.case.read_only:  # a file refusing writes records no one's work
        try:
            _record_switch(session, previous, member)
        except BaseException:
            identity.lock_others(session, previous.id)  # nothing changes: her key is closed again
            raise
    identity.lock_others(session, member_id)
    session.actor = member
    return member


def _record_switch(session: Session, previous: TeamMember, member: TeamMember) -> None:
    """The bitácora entry of a change of person: it names the one who starts working; the one
    she replaces is its record, and both are in its payload."""
    with session.case.transaction() as conn:
        audit_log.append(conn, member.id, member.name, SWITCH, "team_member", previous.id,
                         digest({"from_id": previous.id, "from_name": previous.name,
                                 "to_id": member.id, "to_name": member.name}))


def _personal_key(session: Session, member_id: str) -> bool:
    stored = review_store.private(session.case.conn, member_id)
    return stored is not None and stored[0] == "wrapped"
