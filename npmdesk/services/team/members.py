"""The team as an administrator changes it: adding a member, changing a name, discipline, role
or whether they are active, and finding a member from what a person typed.

Used by Herramientas → Equipo y nómina and by `npmdesk team-add` / `team-set`. Nobody is ever
deleted: a member who leaves is made inactive, drops out of the next signed roster and stays in
the history (signatures, bitácora) under their name. A recorded role or discipline counts for
review only once a director signs a new roster version (services/team/roster.py).
"""

import dataclasses
import unicodedata

from npmdesk.domain import vocabulary as v
from npmdesk.domain.model import TeamMember
from npmdesk.domain.roster import RosterChange, changes
from npmdesk.domain.validation import validate
from npmdesk.errors import AmbiguousMember, InvalidRecord, UnknownMember
from npmdesk.i18n import _
from npmdesk.services.records import edit as records
from npmdesk.services.team import roster
from npmdesk.services.session import Session

FIELDS = ("name", "discipline", "role", "active")
MIN_ID_PREFIX = 6  # shorter prefixes could match a name made of the letters a-f


def clean_name(text: str) -> str:
    """A name as stored: inner runs of spaces, tabs or line breaks become one space."""
    return " ".join(text.split())


def save_member(session: Session, member: TeamMember) -> TeamMember:
    """Create or update `member` (bitácora: crear / modificar); an empty name is refused."""
    member.name = clean_name(member.name)
    if not member.name:
        raise InvalidRecord("empty member name", reason=_("escriba el nombre de la persona."))
    return records.save(session, member)


def add_member(session: Session, name: str, discipline: str = "derecho", role: str = "autor") -> TeamMember:
    return save_member(session, TeamMember(name=name, discipline=discipline, role=role))


@dataclasses.dataclass
class MemberChange:
    member: TeamMember  # as stored after the change
    fields: list[tuple[str, object, object]]  # (field, before, after); empty when nothing changed


def change_member(session: Session, member_id: str, **wanted) -> MemberChange:
    """Set the given fields (name, discipline, role, active; None leaves one as it is).

    Nothing is written, and no bitácora entry made, when no field actually differs.
    """
    unknown = set(wanted) - set(FIELDS)
    if unknown:
        raise TypeError(f"not a team member field: {sorted(unknown)}")
    current = records.get(session, TeamMember, member_id)
    updated = dataclasses.replace(current, **{k: val for k, val in wanted.items() if val is not None})
    updated.name = clean_name(updated.name)
    if not updated.name:
        raise InvalidRecord("empty member name", reason=_("escriba el nombre de la persona."))
    validate(updated)
    differ = [(f, getattr(current, f), getattr(updated, f)) for f in FIELDS
              if getattr(current, f) != getattr(updated, f)]
    if differ:
        save_member(session, updated)
    return MemberChange(updated, differ)


def find_member(session: Session, wanted: str) -> TeamMember:
    """The member whose id or name (any case) is `wanted`, else whose id starts with it.

    UnknownMember when nobody matches; AmbiguousMember, naming the candidates, when several do.
    """
    text = clean_name(wanted)
    team = records.select(session, TeamMember)
    prefix = text.lower()
    rules = (lambda m: m.id == prefix,
             lambda m: clean_name(m.name).casefold() == text.casefold(),
             lambda m: len(prefix) >= MIN_ID_PREFIX and m.id.startswith(prefix))
    for rule in rules if text else ():
        found = sorted((m for m in team if rule(m)), key=lambda m: (m.name.casefold(), m.id))
        if len(found) == 1:
            return found[0]
        if found:
            raise AmbiguousMember(candidates="; ".join(f"{m.name} ({m.id})" for m in found), member=text)
    raise UnknownMember(member=text, minimum=MIN_ID_PREFIX)


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in plain if not unicodedata.combining(c)).replace("_", " ").split())


def _forms(code: str, label: str) -> set[str]:
    """What a person may type for a code: the code, its Spanish or shown label, 'revisora' for 'Revisor/a'."""
    found = {_fold(code)}
    for text in (label, _(label)):
        found.add(_fold(text))
        if text.endswith("/a"):
            found.update({_fold(text[:-2]), _fold(text[:-2] + "a")})
    return found


def _code(vocab: dict, text: str) -> str | None:
    typed = _fold(text)
    return next((code for code, label in vocab.items() if typed and typed in _forms(code, label)), None)


def role_code(text: str) -> str:
    """The role code for what a person typed (code or name, any case, accents optional)."""
    code = _code(v.ROLES, text)
    if code is None:
        raise InvalidRecord("unknown role", reason=_("el rol «{value}» no existe; use uno de estos: {choices}.")
                            .format(value=text[:40], choices=", ".join(v.ROLES)))
    return code


def discipline_code(text: str) -> str:
    """The discipline code for what a person typed (code or name, any case, accents optional)."""
    code = _code(v.DISCIPLINES, text)
    if code is None:
        raise InvalidRecord("unknown discipline",
                            reason=_("la disciplina «{value}» no existe; use una de estas: {choices}.")
                            .format(value=text[:40], choices=", ".join(v.DISCIPLINES)))
    return code


def pending_changes(session: Session, member_id: str) -> list[RosterChange]:
    """What the next signed roster version would change for this member against the one in force."""
    return [c for c in changes(roster.current(session), roster.proposed_members(session))
            if c.member_id == member_id]
