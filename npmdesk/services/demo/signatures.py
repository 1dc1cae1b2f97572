"""Signatures for the demo case file: keys for the whole team, a signed roster, one report
fully approved and another returned with observations.

Demo passphrases (documented so a demo user can unlock each person):
the case-file owner's keys live inside the case file; everyone else's personal passphrase is
`demo_passphrase(member)`, i.e. "Demostración <first name> 2026" (e.g. "Demostración Rosa 2026").
These are for the demo only.
"""

from dataclasses import dataclass, field

from npmdesk.crypto.kdf import KdfParams
from npmdesk.domain.model import Report, Section, TeamMember
from npmdesk.domain.richtext import plain_text
from npmdesk.errors import InvalidRecord
from npmdesk.i18n import _
from npmdesk.services.team import identity
from npmdesk.services.review import observations
from npmdesk.services.review import actions as review
from npmdesk.services.team import roster
from npmdesk.services.session import Session
from npmdesk.storage import records as store


@dataclass
class DemoSignatures:
    passphrases: dict[str, str] = field(default_factory=dict)  # member name -> personal passphrase
    approved_report_id: str | None = None
    observed_report_id: str | None = None


def demo_passphrase(member: TeamMember) -> str:
    first = member.name.split()[0] if member.name.split() else "Equipo"
    return f"Demostración {first} 2026"


def _team(session: Session) -> list[TeamMember]:
    with session.case.lock:
        return [m for m in store.select(session.case.conn, TeamMember) if m.active]


def _sections(session: Session, report_id: str) -> list[Section]:
    with session.case.lock:
        return store.select(session.case.conn, Section, {"report_id": report_id}, "position, id")


def _submitter(session: Session, section: Section, current) -> str:
    with session.case.lock:
        authors = review.authors_of(session.case.conn, section)
    on_roster = [a for a in section.author_ids if a in current.members]
    on_roster += sorted(a for a in authors if a in current.members)
    return on_roster[0] if on_roster else session.actor.id


def _reviewer(session: Session, section: Section, current) -> str:
    with session.case.lock:
        authors = review.authors_of(session.case.conn, section)
    reviewers = [m for m, e in sorted(current.members.items()) if e["role"] == "revisor" and m not in authors]
    return reviewers[0] if reviewers else session.actor.id


def sign_demo(session: Session, kdf_params: KdfParams | None = None) -> DemoSignatures:
    """Give every member keys, sign the roster, approve one report and return another.

    Needs a team with the owner as director and at least two reports with sections; the
    first report (by number, then title) is approved, the second is left "con observaciones".
    """
    with session.case.lock:
        reports = store.select(session.case.conn, Report, {}, "number, title")
    if len([r for r in reports if _sections(session, r.id)]) < 2:
        raise InvalidRecord("demo needs two reports", reason=_("la demostración necesita dos informes con secciones"))
    result = sign_and_approve(session, kdf_params)
    return_one(session, result)
    return result


def sign_and_approve(session: Session, kdf_params: KdfParams | None = None) -> DemoSignatures:
    """Keys for every member, the signed roster and the first report (by number) approved;
    the members' keys stay unlocked for `return_one`."""
    result = DemoSignatures()
    owner_id = session.case.meta("owner_id")
    for member in _team(session):
        if member.id != owner_id:
            result.passphrases[member.name] = demo_passphrase(member)
        if identity.public_keys(session, member.id) is not None:
            if member.id != owner_id:
                identity.unlock_identity(session, member.id, demo_passphrase(member))
            continue
        if member.id == owner_id:
            identity.create_keys(session, member.id)
        else:
            identity.create_keys(session, member.id, demo_passphrase(member), kdf_params=kdf_params)
    current = roster.sign_roster(session, remember_here=False)  # demo keys vouch for nothing here
    with session.case.lock:
        reports = store.select(session.case.conn, Report, {}, "number, title")
    reports = [r for r in reports if _sections(session, r.id)]
    if not reports:
        raise InvalidRecord("demo needs a report", reason=_("la demostración necesita dos informes con secciones"))
    approved = reports[0]

    for section in _sections(session, approved.id):
        if section.state in ("borrador", "con_observaciones"):
            review.submit_section(session, section.id, as_member=_submitter(session, section, current))
        if section.state != "aprobada":
            review.approve_section(session, section.id, as_member=_reviewer(session, section, current))
    review.approve_report(session, approved.id)
    result.approved_report_id = approved.id
    return result


def return_one(session: Session, result: DemoSignatures) -> None:
    """Return one section of the second report (by number) with an observation, then lock
    the members' keys again."""
    current = roster.current(session)
    with session.case.lock:
        reports = store.select(session.case.conn, Report, {}, "number, title")
    observed = [r for r in reports if _sections(session, r.id) and r.id != result.approved_report_id][0]
    # The returned section is 'Trato' (or the first with text): sections share positions under
    # their parents, so "the first one" would change from one demo to the next.
    sections = _sections(session, observed.id)
    section = next((x for x in sections if x.key == "trato"), None) or next(
        (x for x in sections if plain_text(x.body).strip()), sections[0])
    review.submit_section(session, section.id, as_member=_submitter(session, section, current))
    with session.case.lock:
        section = store.get(session.case.conn, Section, section.id)
    words = plain_text(section.body).split()  # the observed passage is text, never markup
    quote = next((q for q in (" ".join(words[i:i + 4]) for i in range(len(words))) if q in section.body), "")
    observations.add_observation(
        session, section.id, "Precise las fechas y el lugar exacto de los hechos descritos.",
        quote=quote, start=section.body.find(quote) if quote else 0,
        as_member=_reviewer(session, section, current))
    review.return_with_observations(session, section.id, as_member=_reviewer(session, section, current))
    result.observed_report_id = observed.id
    owner_id = session.case.meta("owner_id")
    for member in _team(session):
        if member.id != owner_id:
            identity.lock_identity(session, member.id)
