"""The demo hook on a small team of five with two reports, on a real encrypted case file."""

from npmdesk.domain import model
from npmdesk.services.archive import integrity as checks
from npmdesk.services.team import identity
from npmdesk.services.review import observations
from npmdesk.services.records import edit as records
from npmdesk.services.review import actions as review
from npmdesk.services.demo import signatures as review_demo
from npmdesk.services.team import roster
from npmdesk.services import session as sessions


def build_team_and_reports(session):
    people = [records.save(session, model.TeamMember(name, discipline, role)) for name, discipline, role in (
        ("Rosa Revisora", "derecho", "revisor"), ("Luis Abogado", "derecho", "autor"),
        ("Marta Médica", "medicina", "autor"), ("Pilar Psicóloga", "psicologia", "autor"))]
    place = records.save(session, model.Place("Centro Femenino de Rehabilitación"))
    visit = records.save(session, model.Visit(place.id, "2026-05-10"))
    records.save(session, model.Recommendation(visit.id, "Garantizar atención médica nocturna.",
                                               "Dirección General del Sistema Penitenciario"))
    reports = []
    for number, title in (("MNPT-2026-01", "Informe de visita"), ("MNPT-2026-02", "Informe de seguimiento")):
        report = records.save(session, model.Report(visit.id, title, number=number))
        ana = session.actor
        for position, author in enumerate(people[1:], start=1):
            section = records.save(session, model.Section(report.id, f"Sección {position}", position=position,
                                                          author_ids=[author.id]))
            session.actor = author
            records.save_section_body(session, section.id, f"Texto de {author.name} sobre la visita.")
            session.actor = ana
        reports.append(report)
    return people, reports


def test_sign_demo(session, case_path, passphrase):
    people, reports = build_team_and_reports(session)
    result = review_demo.sign_demo(session)
    assert result.approved_report_id == reports[0].id and result.observed_report_id == reports[1].id
    assert result.passphrases["Rosa Revisora"] == "Demostración Rosa 2026"
    assert len(roster.current(session).members) == 5
    assert records.get(session, model.Report, reports[0].id).state == "aprobado"
    states = [s.state for s in records.select(session, model.Section, report_id=reports[1].id)]
    assert sorted(states) == ["borrador", "borrador", "con_observaciones"]
    observed = [s for s in records.select(session, model.Section, report_id=reports[1].id)
                if s.state == "con_observaciones"][0]
    assert [a.status for a in observations.anchored(session, observed.id)] == ["anclada"]
    assert review.verify_approvals(session) == []
    session.close()
    reopened = sessions.open_case(case_path, passphrase)
    try:
        result = checks.check(reopened)
        assert result.ok, result.lines()
        # Each person unlocks with the documented demo passphrase.
        identity.unlock_identity(reopened, people[0].id, review_demo.demo_passphrase(people[0]))
    finally:
        reopened.close()


def test_the_demo_root_is_not_pinned_on_the_computer(tmp_path):
    """The demo's keys live in a file with a published passphrase: bundles made from it must not
    verify as the institution's on this computer."""
    from npmdesk.services.demo import case as demo
    from npmdesk.services.team import trust
    made = demo.create_demo(tmp_path / "demo.npmcase")
    try:
        assert trust.pinned(made) and trust.machine_codes() == []
    finally:
        made.close()
