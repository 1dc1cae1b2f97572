"""The demo's history (texts in history_texts): a juvenile centre and a migrant reception station
visited from 2024 to 2026, with interviews' aggregate profiles, allegations, findings,
recommendations and their follow-up at later visits, and the two 2026 reports approved.

Kept apart from case.py so other parts of the demo can grow beside it. Everything goes through
services.records and services.review, like the rest of the demo.
"""

from npmdesk.domain import model
from npmdesk.services.demo import history_texts as h
from npmdesk.services.demo import signatures
from npmdesk.services.records import edit as records
from npmdesk.services.review import actions as review
from npmdesk.services.session import Session
from npmdesk.services.team import identity


def add_history(session: Session, by_discipline: dict[str, model.TeamMember]) -> dict[str, model.Visit]:
    """Places, visits, interviews, findings and recommendations of the history; returns the
    visits by their key in history_texts."""
    places = {"juvenile": records.save(session, model.Place(**h.JUVENILE)),
              "station": records.save(session, model.Place(**h.STATION))}
    team = [model.VisitMember(by_discipline[d].id, d, leader=(d == "derecho"))
            for d in ("derecho", "medicina", "psicologia")]
    visits = {}
    for key, place, start, end, kind, announced, population, objectives in h.VISITS:
        visits[key] = records.save(session, model.Visit(
            place_id=places[place].id, start_date=start, end_date=end, kind=kind,
            announced=announced, team=team, population=population, objectives=objectives))
    for key, profiles in h.INTERVIEWS.items():
        for kind, sex, age, groups, allegations, referral, note in profiles:
            records.add_interview(session, model.Interview(
                visit_id=visits[key].id, kind=kind, sex=sex, age_range=age,
                vulnerable_groups=groups, allegations=allegations, referral_needed=referral,
                consent_interview=True, consent_report=True, notes=note))
    for key, findings in h.FINDINGS.items():
        for area, title, text in findings:
            records.save(session, model.Finding(visits[key].id, area, title, text, triangulated=True))
    for key, recs in h.RECOMMENDATIONS.items():
        for text, authority, level, priority, deadline, area, follow_ups in recs:
            records.save(session, model.Recommendation(
                visit_id=visits[key].id, text=text, authority=authority, level=level,
                priority=priority, deadline=deadline, area=area,
                status=follow_ups[-1][1] if follow_ups else "pendiente",
                follow_ups=[model.FollowUp(visits[v].end_date, status, note, visits[v].id)
                            for v, status, note in follow_ups]))
    return visits


def add_reports(session: Session, visits: dict[str, model.Visit],
                by_discipline: dict[str, model.TeamMember], approve: bool) -> None:
    """The history's reports, written by the lawyer; `approve`: submitted, approved section by
    section by the reviewer and approved as a whole by the director (the session's owner).

    Called after signatures.sign_demo, which approves the first report by number and returns
    the second: these must not come before them.
    """
    author = by_discipline["derecho"]
    reviewer = next(m for m in records.select(session, model.TeamMember) if m.role == "revisor")
    as_author = Session(session.case, author)
    made = []
    for key, (number, title, sections) in h.REPORTS.items():
        report = records.save(session, model.Report(
            visit_id=visits[key].id, title=title, kind="visita", number=number))
        for position, (skey, stitle, discipline, body) in enumerate(sections, start=1):
            section = records.save(session, model.Section(
                report_id=report.id, title=stitle, position=position, key=skey,
                discipline=discipline, author_ids=[author.id]))
            records.save_section_body(as_author, section.id, body)
        made.append(report)
    if approve:
        for member in (author, reviewer):
            identity.unlock_identity(session, member.id, signatures.demo_passphrase(member))
        for report in made:
            for section in records.select(session, model.Section, report_id=report.id):
                review.submit_section(session, section.id, as_member=author.id)
                review.approve_section(session, section.id, as_member=reviewer.id)
            review.approve_report(session, report.id)
        for member in (author, reviewer):
            identity.lock_identity(session, member.id)

