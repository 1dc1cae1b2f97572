"""Records go in and come back out of a real encrypted case file unchanged, with their links."""

import pytest

from npmdesk.domain import model
from npmdesk.errors import InUse, InvalidRecord, NotFound
from npmdesk.services.records import edit as records
from npmdesk.services.review import actions as review
from npmdesk.storage import audit_log


def _visit(session):
    place = records.save(session, model.Place(name="Centro Penitenciario El Roble", capacity=800))
    member = records.save(session, model.TeamMember(name="Lcda. Marta Ríos", discipline="derecho"))
    visit = records.save(session, model.Visit(
        place_id=place.id, start_date="2026-03-02", end_date="2026-03-03",
        team=[model.VisitMember(member.id, "derecho", True)]))
    return place, member, visit


def test_every_record_kind_round_trips_with_links_and_children(session):
    place, member, visit = _visit(session)
    interview = records.add_interview(session, model.Interview(
        visit_id=visit.id, vulnerable_groups=["mujeres"], allegations=["malos_tratos"],
        consent_interview=True, notes="Relata golpes en el pabellón B", real_identity="Rosa Q."))
    note = records.save(session, model.FieldNote(visit_id=visit.id, title="Pabellón B", text="Sin luz"))
    attachment = records.add_attachment(session, b"\x89PNG fake", "plano.png", "Plano", visit.id)
    finding = records.save(session, model.Finding(
        visit_id=visit.id, area="trato", title="Golpes", interview_ids=[interview.id],
        note_ids=[note.id], attachment_ids=[attachment.id], triangulated=True))
    rec = records.save(session, model.Recommendation(
        visit_id=visit.id, text="Investigar", authority="Policía Nacional", finding_ids=[finding.id],
        history=[model.StatusChange(date="2026-09-01", status="en_proceso", reason="Iniciada")]))

    assert records.get(session, model.Visit, visit.id) == visit
    assert records.get(session, model.Interview, interview.id) == interview
    assert records.get(session, model.Finding, finding.id) == finding
    assert records.get(session, model.Recommendation, rec.id) == rec
    assert records.attachment_data(session, attachment.id) == b"\x89PNG fake"
    assert interview.code == "E-01"
    assert records.next_interview_code(session, visit.id) == "E-02"


def test_deleting_evidence_removes_its_link_not_the_finding(session):
    _, _, visit = _visit(session)
    note = records.save(session, model.FieldNote(visit_id=visit.id, title="Cocina"))
    finding = records.save(session, model.Finding(visit_id=visit.id, area="condiciones_materiales",
                                                  title="Cocina sucia", note_ids=[note.id]))
    records.delete(session, model.FieldNote, note.id)
    assert records.get(session, model.Finding, finding.id).note_ids == []


def test_a_place_with_visits_cannot_be_deleted_and_nothing_changes(session):
    place, _, visit = _visit(session)
    before = audit_log.head(session.case.conn)
    with pytest.raises(InUse) as error:
        records.delete(session, model.Place, place.id, label=place.name)
    assert "El Roble" in error.value.message()
    assert records.get(session, model.Visit, visit.id) == visit
    assert audit_log.head(session.case.conn) == before


def test_invalid_record_is_refused_with_a_spanish_reason_and_not_stored(session):
    place, _, _ = _visit(session)
    bad = model.Visit(place_id=place.id, start_date="2026-05-10", end_date="2026-05-01")
    with pytest.raises(InvalidRecord) as error:
        records.save(session, bad)
    assert error.value.message() == "No se puede guardar: la fecha de fin es anterior a la de inicio."
    with pytest.raises(NotFound):
        records.get(session, model.Visit, bad.id)
    with pytest.raises(InvalidRecord) as error:
        records.save(session, model.Place(name="X", kind="carcel_privada"))
    assert "tipo" in error.value.message()


def test_every_change_appends_a_chained_audit_entry_naming_the_actor(session):
    place, _, _ = _visit(session)
    place.capacity = 900
    records.save(session, place)
    entries = audit_log.entries(session.case.conn)
    assert [e.action for e in entries] == ["crear_expediente", "crear", "crear", "crear", "modificar"]
    assert {e.actor_name for e in entries} == {"Ana Directora"}
    assert audit_log.verify(session.case.conn) is None


def test_section_text_is_versioned_and_an_edit_voids_approval(session):
    _, _, visit = _visit(session)
    report = records.save(session, model.Report(visit_id=visit.id, title="Informe"))
    section = records.save(session, model.Section(report_id=report.id, title="Resumen ejecutivo"))
    first = records.save_section_body(session, section.id, "<p>Primera versión</p>")
    assert records.save_section_body(session, section.id, "<p>Primera versión</p>") is None
    stored = records.get(session, model.Section, section.id)
    stored.state = "aprobada"
    records.save(session, stored)
    with pytest.raises(records.SectionProtected):
        records.save_section_body(session, section.id, "<p>Segunda versión</p>")
    stored.body = "<p>Otra por la puerta genérica</p>"
    with pytest.raises(records.SectionProtected):
        records.save(session, stored)
    review.reopen_section(session, section.id)
    second = records.save_section_body(session, section.id, "<p>Segunda versión</p>")
    assert (first.number, second.number) == (1, 2)
    assert records.get(session, model.Section, section.id).state == "borrador"


def test_hostile_text_is_stored_with_visible_replacements(session):
    hostile = "Nombre\x00 con\x1b control \u202eesrever\u202c y emoji 🙂 y עברית"
    place = records.save(session, model.Place(name=hostile))
    stored = records.get(session, model.Place, place.id).name
    assert "\x00" not in stored and "\u202e" not in stored and "\x1b" not in stored
    assert stored.count("\ufffd") == 4
    assert "🙂" in stored and "עברית" in stored
