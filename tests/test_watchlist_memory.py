"""The disclosure watchlist is remembered between openings of sections (services/archive/
disclosure.watchlist), never past a change to the case file: a person interviewed, renamed or
deleted after a section was opened is flagged as the case file now says, in the editor too."""

from npmdesk.domain import disclosure as matching
from npmdesk.domain import model
from npmdesk.services.archive import disclosure
from npmdesk.services.drafting import editor
from npmdesk.services.records import edit as records
from formkit import make_visit


def _flagged(session, section_id: str, text: str) -> list[str]:
    watch = editor.open_section(session, section_id).watch
    return [text[hit.start:hit.end] for hit in matching.find(text, watch)]


def _section(session):
    visit = make_visit(session)
    report = records.save(session, model.Report(visit_id=visit.id, title="Informe", number="MNPT-2026-9"))
    section = records.save(session, model.Section(report_id=report.id, title="Trato", position=0, body="<p>x</p>"))
    return visit, section


TEXT = "Lo dijo Rosa Quintanilla Barría en el patio; Juan Pérez Gómez no habló."


def test_a_person_interviewed_after_the_section_was_opened_is_flagged_on_the_next_opening(session):
    visit, section = _section(session)
    records.add_interview(session, model.Interview(visit_id=visit.id, real_identity="Juan Pérez Gómez",
                                                   consent_interview=True, consent_report=True))
    assert _flagged(session, section.id, TEXT) == ["Juan Pérez Gómez"]
    assert editor.open_section(session, section.id).watch is editor.open_section(session, section.id).watch
    records.add_interview(session, model.Interview(visit_id=visit.id, real_identity="Rosa Quintanilla Barría",
                                                   consent_interview=True, consent_report=True))
    assert _flagged(session, section.id, TEXT) == ["Rosa Quintanilla Barría", "Juan Pérez Gómez"]


def test_a_rename_or_a_deletion_written_behind_the_services_back_is_seen(session):
    visit, section = _section(session)
    person = records.add_interview(session, model.Interview(
        visit_id=visit.id, real_identity="Juan Pérez Gómez", consent_interview=True, consent_report=True))
    assert _flagged(session, section.id, TEXT) == ["Juan Pérez Gómez"]
    with session.case.transaction() as conn:  # not through records.save: no service is told
        conn.execute("UPDATE interviews SET real_identity = 'Rosa Quintanilla Barría' WHERE id = ?", (person.id,))
    assert _flagged(session, section.id, TEXT) == ["Rosa Quintanilla Barría"]
    with session.case.transaction() as conn:
        conn.execute("DELETE FROM interviews WHERE id = ?", (person.id,))
    assert _flagged(session, section.id, TEXT) == []


def test_what_is_remembered_goes_with_the_session(session):
    visit, section = _section(session)
    records.add_interview(session, model.Interview(visit_id=visit.id, real_identity="Juan Pérez Gómez",
                                                   consent_interview=True, consent_report=True))
    disclosure.watchlist(session, visit.id)
    assert session.watchlists
    session.close()
    assert not session.watchlists  # the names of the people interviewed do not outlive the unlock
