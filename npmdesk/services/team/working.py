"""Who is working: the person a shared laptop's revisions, replies and bitácora entries name.

`Session.actor` is that person. It starts as the case file's owner (whose passphrase opened the
file); becoming anyone else takes that person's own personal passphrase, because typing it is
what shows that she, and not a colleague who knows the case file's passphrase, is at the keyboard.
Only members on the signed roster whose personal key is kept in this case file can be chosen.
"""

from npmdesk.domain.model import TeamMember
from npmdesk.errors import CannotWorkAs
from npmdesk.services.session import Session
from npmdesk.services.team import identity
from npmdesk.services.team import roster as rosters
from npmdesk.storage import records, review_store


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
    identity.lock_others(session, member_id)
    session.actor = member
    return member


def _personal_key(session: Session, member_id: str) -> bool:
    stored = review_store.private(session.case.conn, member_id)
    return stored is not None and stored[0] == "wrapped"
