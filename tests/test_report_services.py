"""A report from a visit, findings flags, recommendation services and identity warnings,
on the real encrypted demo case file."""

import pytest

from npmdesk.domain import findings as finding_rules
from npmdesk.domain import model
from npmdesk.errors import InvalidRecord
from npmdesk.services.archive import disclosure
from npmdesk.services.records import findings
from npmdesk.services.tracking import recommendations
from npmdesk.services.records import edit as records
from npmdesk.services.drafting import reports
from npmdesk.services.demo.case import DEMO_PASSPHRASE, create_demo
from npmdesk.services.session import Session, open_case
from npmdesk.storage.search import plain_text
from fast_kdf import FAST_KDF


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.npmcase"
    create_demo(path, kdf_params=FAST_KDF).close()
    session = open_case(path, DEMO_PASSPHRASE)
    yield session
    session.close()


def _prison(demo):
    return next(p for p in records.select(demo, model.Place) if p.kind == "centro_penitenciario")


def _visits(demo):
    """The prison's 2025 and 2026 visits (the demo's history adds other places)."""
    return sorted(records.select(demo, model.Visit, place_id=_prison(demo).id), key=lambda v: v.start_date)


def _member(demo, discipline):
    return next(m for m in records.select(demo, model.TeamMember) if m.discipline == discipline)


def test_report_from_a_visit_gets_sections_authors_and_a_number(demo):
    earlier, current = _visits(demo)
    report = reports.create_report(demo, current.id, "visita")
    assert report.number == "MNPT-2026-032"  # the demo already holds MNPT-2026-031
    sections = records.select(demo, model.Section, report_id=report.id)
    assert len(sections) == 26
    by_key = {s.key: s for s in sections}
    assert by_key["servicios_medicos"].author_ids == [_member(demo, "medicina").id]
    assert by_key["trato"].author_ids == [_member(demo, "derecho").id]
    # Coordination sections go to the coordinator at the office (no coordinator visited).
    director = next(m for m in records.select(demo, model.TeamMember) if m.role == "director")
    assert by_key["resumen"].author_ids == [director.id]
    assert by_key["trato"].parent_id == by_key["hallazgos"].id
    assert by_key["grupo_mujeres"].parent_id == by_key["grupos_vulnerables"].id
    assert not by_key["grupo_mujeres"].required and by_key["trato"].required
    assert 3 <= len(by_key["trato"].guidance) <= 8
    assert by_key["seguimiento"].body == ""  # only a follow-up template pre-fills it
    second = reports.create_report(demo, current.id, "tematico")
    assert second.number == "MNPT-2026-033" and second.kind == "tematico"
    earlier_report = reports.create_report(demo, earlier.id, "visita")
    assert earlier_report.number == "MNPT-2025-015"  # the demo holds MNPT-2025-014


def test_a_report_number_is_never_reused(demo):
    _earlier, current = _visits(demo)
    count = len(records.select(demo, model.Report))
    with pytest.raises(InvalidRecord) as error:
        reports.create_report(demo, current.id, "visita", number="MNPT-2026-031")
    assert "ya existe un informe con el número MNPT-2026-031" in error.value.message()
    assert len(records.select(demo, model.Report)) == count


def test_unknown_template_is_refused(demo):
    _earlier, current = _visits(demo)
    from npmdesk.domain.templates import TemplateError
    with pytest.raises(TemplateError) as error:
        reports.create_report(demo, current.id, "inexistente")
    assert "no existe la plantilla «inexistente»" in error.value.message()


def test_questions_follow_the_type_of_place(session):
    place = records.save(session, model.Place(name="Subestación de Prueba", kind="subestacion_policia"))
    member = records.save(session, model.TeamMember("Abogada", "derecho"))
    visit = records.save(session, model.Visit(place.id, "2026-03-04",
                                              team=[model.VisitMember(member.id, "derecho", True)]))
    report = reports.create_report(session, visit.id)
    assert report.number == "MNPT-2026-001" and report.kind == "visita"
    trato = next(s for s in records.select(session, model.Section, report_id=report.id) if s.key == "trato")
    assert any("aprehensión" in q for q in trato.guidance)
    salud = next(s for s in records.select(session, model.Section, report_id=report.id)
                 if s.key == "servicios_medicos")
    assert salud.author_ids == [member.id]  # no doctor anywhere: the leader


def test_follow_up_report_is_prefilled_with_earlier_recommendations(demo):
    _earlier, current = _visits(demo)
    report = reports.create_report(demo, current.id, "seguimiento")
    section = next(s for s in records.select(demo, model.Section, report_id=report.id)
                   if s.key == "seguimiento")
    text = plain_text(section.body)
    assert "Visita realizada los días 12 y 13 de mayo de 2025" in text
    assert "Reparar los servicios sanitarios del pabellón 3." in text
    assert "Cumplida" in text and "Reiterada" in text and "Parcialmente cumplida" in text
    revisions = records.select(demo, model.Revision, section_id=section.id)
    assert len(revisions) == 1 and revisions[0].author_id == demo.actor.id


def test_recommendations_query_and_counts(demo):
    rows = recommendations.all_rows(demo, today="2027-06-01")
    assert len(rows) == 23  # 10 at the prison, 13 in the demo's history
    place = _prison(demo)
    assert len(recommendations.filter_rows(rows, place_id=place.id)) == 10
    dgsp = recommendations.filter_rows(rows, authority="Dirección General del Sistema Penitenciario")
    assert dgsp and all(r.rec.authority == "Dirección General del Sistema Penitenciario" for r in dgsp)
    done = recommendations.filter_rows(rows, place_id=place.id, status="cumplida")
    assert [r.rec.text for r in done] == ["Reparar los servicios sanitarios del pabellón 3."]
    overdue = recommendations.filter_rows(rows, overdue_only=True)
    assert overdue and all(r.rec.deadline < "2027-06-01" and r.status != "cumplida" for r in overdue)
    assert not recommendations.filter_rows(recommendations.all_rows(demo, today="2000-01-01"),
                                           overdue_only=True)
    by_place = recommendations.status_counts(rows, "place")
    assert sum(by_place[place.name].values()) == 10
    by_authority = recommendations.status_counts(rows, "authority")
    assert sum(sum(c.values()) for c in by_authority.values()) == 23
    assert by_authority["Dirección General del Sistema Penitenciario"].get("cumplida") == 1


def test_finding_flags(demo):
    _earlier, current = _visits(demo)
    bare = records.save(demo, model.Finding(current.id, "personal", "Sin pruebas"))
    one = records.save(demo, model.Finding(current.id, "personal", "Un testimonio",
                                           interview_ids=[records.select(demo, model.Interview)[0].id]))
    interviews = records.select(demo, model.Interview)
    same_kind = records.save(demo, model.Finding(current.id, "personal", "Dos testimonios",
                                                 interview_ids=[interviews[0].id, interviews[1].id]))
    flags = findings.flags_by_finding(demo, current.id)
    assert flags[bare.id] == [finding_rules.NO_EVIDENCE]
    assert flags[one.id] == [finding_rules.SINGLE_SOURCE]
    assert flags[same_kind.id] == [finding_rules.SINGLE_SOURCE]
    full = next(f for f in records.select(demo, model.Finding) if f.interview_ids and f.note_ids and f.attachment_ids)
    assert flags[full.id] == []
    assert findings.flag_labels(flags[bare.id]) == ["Sin evidencia"]
    assert findings.flag_labels(flags[one.id]) == ["Fuente única / no triangulada"]


def test_finding_reference_is_inserted_and_found_again(demo):
    finding = records.select(demo, model.Finding)[0]
    snippet = findings.reference_html(demo, finding.id)
    assert finding.title in plain_text(snippet) and snippet.startswith("<a href=")
    section = next(s for s in records.select(demo, model.Section) if s.state not in records.PROTECTED)
    records.save_section_body(demo, section.id, section.body + "<p>Véase " + snippet + ".</p>")
    stored = records.get(demo, model.Section, section.id)
    assert findings.referenced_findings(stored.body) == [finding.id]


def test_section_passages_name_identities_and_non_consenting_codes(demo):
    report = next(r for r in records.select(demo, model.Report) if r.number == "MNPT-2026-031")
    section = next(s for s in records.select(demo, model.Section, report_id=report.id) if s.key == "trato")
    assert disclosure.section_passages(demo, section.id) == []  # the demo text is clean
    author = records.get(demo, model.TeamMember, section.author_ids[0])
    body = ("<p>Rubén Darío Castillo Mendoza (cédula 8-123-4567) y la persona E-02 "
            "confirmaron lo dicho por E-01.</p>")
    records.save_section_body(Session(demo.case, author), section.id, body)
    warnings = disclosure.section_passages(demo, section.id)
    assert [w.text for w in warnings] == ["Rubén Darío Castillo Mendoza", "8-123-4567", "E-02"]
    assert {w.where for w in warnings} == {section.title}
    assert "E-01" in warnings[0].reason and "use su código" in warnings[0].reason
    assert "no consintió" in warnings[2].reason
    live = disclosure.section_passages(demo, section.id, body="<p>Solo E-06 habló.</p>")
    assert [w.text for w in live] == ["E-06"]


def test_filtering_twenty_thousand_recommendations_keeps_only_the_matching_ones():
    statuses = ["pendiente", "cumplida", "reiterada", "en_proceso"]
    rows = [recommendations.RecRow(
        model.Recommendation("v", f"Texto {i}", f"Autoridad {i % 8}", deadline="2026-01-01"),
        f"p{i % 30}", f"Lugar {i % 30}", "2025-01-01", statuses[i % 4], i % 3 == 0) for i in range(20000)]
    shown = recommendations.filter_rows(rows, place_id="p3", status="en_proceso", overdue_only=True)
    by_place = recommendations.status_counts(rows, "place")
    assert shown and all(r.place_id == "p3" and r.status == "en_proceso" and r.overdue for r in shown)
    assert len(shown) == sum(1 for r in rows if r.place_id == "p3" and r.status == "en_proceso"
                             and r.overdue)
    assert sum(sum(c.values()) for c in by_place.values()) == 20000


def test_navigator_lists_findings_with_their_flags(demo):
    from npmdesk.ui.shell.tree_data import load_rows
    _earlier, current = _visits(demo)
    rows = {r.title: r.detail for r in load_rows(demo, "finding", current.id)}
    assert rows["Sin pruebas"] == "Personal · Sin evidencia"
    assert rows["Un testimonio"] == "Personal · Fuente única / no triangulada"
    assert rows["Hacinamiento crítico en el pabellón 3"] == "Condiciones materiales"
