"""The demonstration case file: opens, checks, holds the designed records, reads like a report."""

import re
import zipfile
import zlib

import pytest

from npmdesk.domain import disclosure, model, richtext
from npmdesk.services.team import identity
from npmdesk.services.review import observations
from npmdesk.services.records import edit as records
from npmdesk.services.review import actions as review
from npmdesk.services.demo import signatures as review_demo
from npmdesk.services.team import roster
from npmdesk.services.archive.integrity import check
from npmdesk.services.demo.case import DEMO_PASSPHRASE, create_demo, plan_png
from npmdesk.services.session import open_case
from npmdesk.storage.search import plain_text
from fast_kdf import FAST_KDF


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.npmcase"
    create_demo(path, kdf_params=FAST_KDF).close()
    session = open_case(path, DEMO_PASSPHRASE)
    yield session
    session.close()


def test_demo_opens_and_passes_the_check(demo):
    result = check(demo)
    assert result.ok, result.lines()


def test_demo_counts(demo):
    counts = {cls: len(records.select(demo, cls)) for cls in (
        model.TeamMember, model.Place, model.Visit, model.Interview, model.FieldNote,
        model.Attachment, model.Finding, model.Recommendation, model.Report, model.AuthorityResponse)}
    # The prison's two visits, plus the history's two places and five visits (history_texts);
    # the second attachment is the authority's letter attached to its response; the fifth
    # report is the annual report 2026 (services/demo/annual.py).
    assert counts == {model.TeamMember: 6, model.Place: 3, model.Visit: 7, model.Interview: 24,
                      model.FieldNote: 4, model.Attachment: 3, model.Finding: 10,
                      model.Recommendation: 23, model.Report: 5, model.AuthorityResponse: 2}
    roles = sorted(m.role for m in records.select(demo, model.TeamMember))
    assert roles == ["autor", "autor", "autor", "autor", "director", "revisor"]


def test_current_visit_team_and_follow_ups(demo):
    prison = next(p for p in records.select(demo, model.Place) if p.kind == "centro_penitenciario")
    earlier, current = sorted(records.select(demo, model.Visit, place_id=prison.id), key=lambda v: v.start_date)
    assert earlier.start_date.startswith("2025") and current.start_date.startswith("2026")
    assert {m.discipline for m in current.team} == {"derecho", "medicina", "psicologia",
                                                   "trabajo_social"}
    assert sum(m.leader for m in current.team) == 1
    old = records.select(demo, model.Recommendation, visit_id=earlier.id)
    assert {r.status for r in old} >= {"cumplida", "reiterada"}
    assert all(r.history[-1].visit_id == current.id for r in old)
    new = records.select(demo, model.Recommendation, visit_id=current.id)
    assert len(new) >= 6 and len({r.authority for r in new}) >= 4
    assert all(r.finding_ids and r.deadline for r in new)
    areas = {f.area for f in records.select(demo, model.Finding)}
    assert len(areas) >= 4
    assert any(f.interview_ids and f.note_ids and f.attachment_ids
               for f in records.select(demo, model.Finding))


def current_report(demo):
    return next(r for r in records.select(demo, model.Report) if r.number == "MNPT-2026-031")


def test_report_sections_follow_the_template_and_have_revisions(demo):
    sections = records.select(demo, model.Section, report_id=current_report(demo).id)
    top = [s.title for s in sorted(sections, key=lambda s: s.position) if not s.parent_id]
    assert top == ["Datos del informe", "Resumen ejecutivo", "Introducción", "Metodología",
                   "Información general del lugar", "Seguimiento de recomendaciones anteriores",
                   "Hallazgos", "Buenas prácticas", "Marco normativo aplicable", "Conclusiones",
                   "Recomendaciones", "Anexos"]
    hallazgos = next(s for s in sections if s.title == "Hallazgos")
    # The shipped follow-up template: the six APT areas plus the vulnerable groups.
    assert [s.key for s in sorted(sections, key=lambda s: s.position)
            if s.parent_id == hallazgos.id] == [
        "trato", "medidas_proteccion", "condiciones_materiales", "regimen_actividades",
        "servicios_medicos", "personal", "grupos_vulnerables"]
    members = {m.id: m for m in records.select(demo, model.TeamMember)}
    drafted = [s for s in sections if s.body]
    assert len(drafted) >= 8
    for section in drafted:
        revisions = records.select(demo, model.Revision, section_id=section.id)
        assert revisions and revisions[-1].body == section.body
        # The text shown was written by the section's author (a first revision may be the text
        # create_report pre-filled, by whoever created the report).
        assert members[revisions[-1].author_id].discipline == section.discipline
        assert revisions[-1].author_id in section.author_ids


def test_section_text_respects_consent_and_hides_identities(demo):
    bodies = " ".join(s.body for s in records.select(demo, model.Section))
    for interview in records.select(demo, model.Interview):
        if interview.real_identity:
            assert interview.real_identity not in bodies
        if not interview.consent_report:
            assert not re.search(rf"\b{interview.code}\b", bodies)
    assert any(i.real_identity for i in records.select(demo, model.Interview))


def test_report_text_passes_the_disclosure_finder(demo):
    interviews = records.select(demo, model.Interview)
    for section in records.select(demo, model.Section):
        assert disclosure.find(plain_text(section.body), interviews) == [], section.title


@pytest.mark.parametrize("word", ["nino", "hacinamiento", "OPCAT"])
def test_search_finds_demo_text(demo, word):
    assert records.find(demo, word)


def test_plan_attachment_is_a_real_png(demo):
    attachment = next(a for a in records.select(demo, model.Attachment) if a.filename == "plano-pabellon-3.png")
    data = records.attachment_data(demo, attachment.id)
    assert attachment.mime == "image/png" and attachment.include_in_export
    assert data == plan_png() and data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    pixels = zlib.decompress(data[data.index(b"IDAT") + 4:data.index(b"IEND") - 8])
    assert (width, height) == (240, 160) and len(pixels) == height * (width + 1)


def test_demo_team_has_keys_and_a_signed_roster(demo):
    current = roster.current(demo)
    team = records.select(demo, model.TeamMember)
    assert current is not None and set(current.members) == {m.id for m in team}
    assert all(identity.public_keys(demo, m.id) for m in team)
    assert {e["role"] for e in current.members.values()} == {"director", "revisor", "autor"}
    # Everyone but the owner unlocks their keys with the documented demo passphrase.
    reviewer = next(m for m in team if m.role == "revisor")
    identity.unlock_identity(demo, reviewer.id, review_demo.demo_passphrase(reviewer))
    identity.lock_identity(demo, reviewer.id)


def test_demo_has_an_approved_report_and_one_under_review(demo):
    earlier = next(r for r in records.select(demo, model.Report) if r.number == "MNPT-2025-014")
    assert earlier.state == "aprobado"
    assert {s.state for s in records.select(demo, model.Section, report_id=earlier.id)} == {"aprobada"}
    current = current_report(demo)
    assert current.state == "en_revision"
    sections = records.select(demo, model.Section, report_id=current.id)
    returned = [s for s in sections if s.state == "con_observaciones"]
    waiting = sorted(s.title for s in sections if s.state == "enviada")
    assert len(returned) == 1 and waiting == ["Introducción", "Servicios médicos / atención en salud"]
    notes = observations.anchored(demo, returned[0].id)
    assert [a.status for a in notes] == ["anclada"] and not notes[0].observation.resolved
    assert review.verify_approvals(demo) == []


def approved_report(demo):
    return next(r for r in records.select(demo, model.Report) if r.number == "MNPT-2025-014")


def test_the_approved_report_reads_like_a_real_one(demo):
    sections = records.select(demo, model.Section, report_id=approved_report(demo).id)
    by_key = {s.key: s for s in sections}
    assert list(by_key) and len(by_key) == len(sections)
    top = [s.key for s in sorted(sections, key=lambda s: s.position) if not s.parent_id]
    assert top == ["resumen", "introduccion", "metodologia", "lugar", "hallazgos", "conclusiones",
                   "recomendaciones", "anexos"]
    areas = [s.key for s in sorted(sections, key=lambda s: s.position) if s.parent_id == by_key["hallazgos"].id]
    assert areas == ["trato", "medidas_proteccion", "condiciones_materiales", "regimen_actividades",
                     "servicios_medicos", "personal", "grupos_vulnerables"]  # every thematic area
    for section in sections:
        words = richtext.word_count(richtext.plain_text(section.body))
        assert 150 <= words <= 600, (section.title, words)
    legal = richtext.plain_text(by_key["introduccion"].body)
    assert "Ley 6 de 2017" in legal and "artículo 19" in legal and "artículo 20" in legal
    notes = [n for s in sections for n in richtext.notes(richtext.parse(s.body))]
    assert len(notes) >= 2 and all(len(n.split()) >= 8 for n in notes)
    earlier = approved_report(demo).visit_id
    assert len(records.select(demo, model.Recommendation, visit_id=earlier)) == 3
    annex = [a for a in records.select(demo, model.Attachment, visit_id=earlier) if a.include_in_export]
    assert [a.mime for a in annex] == ["image/png"]


def test_the_approved_report_exports_clean_with_its_footnotes_and_annex(demo, tmp_path):
    from npmdesk.services.archive import word as export
    report = approved_report(demo)
    assert export.disclosure_report(demo, report.id) == []
    target = tmp_path / "MNPT-2025-014.docx"
    assert export.export_report(demo, report.id, target).overridden == 0
    with zipfile.ZipFile(target) as package:
        notes = package.read("word/footnotes.xml").decode()
        document = package.read("word/document.xml").decode()
        media = [n for n in package.namelist() if n.startswith("word/media/")]
    assert "Reglas Nelson Mandela" in notes and "códigos seudónimos" in notes
    assert document.count("<w:footnoteReference") == 3
    assert len(media) == 1
    assert "Dirección General del Sistema Penitenciario" in document  # the recommendations table
    assert review.verify_approvals(demo) == []


def test_the_history_reads_as_months_of_work(tmp_path):
    from datetime import datetime, timedelta
    from npmdesk.services.review import queue as review_queue
    # A demo of its own: the module's shared one also holds what other tests did at today's time.
    demo = create_demo(tmp_path / "demo.npmcase", kdf_params=FAST_KDF)
    try:
        entries, _status, intact = review_queue.bitacora(demo)
    finally:
        demo.close()
    assert intact
    times = [datetime.fromisoformat(e.ts) for e in entries]
    assert times == sorted(times)  # never back in time, read in order
    panama = [t - timedelta(hours=5) for t in times]
    assert panama[0].date().isoformat() == "2025-05-05"
    assert all(8 <= t.hour < 18 for t in panama)  # office hours in Panama
    assert len({t.date() for t in panama}) >= 6
    assert all(t < datetime.now(times[0].tzinfo) for t in times)
    approved = next(e for e in entries if e.action == "firma_aprobar_informe")
    assert approved.ts.startswith("2025-06-")
    last_return = [e for e in entries if e.action == "firma_devolver"]
    assert last_return and last_return[-1].ts.startswith("2026-11-")
    # Ordinary work after the demo is stamped with the real time again.
    assert abs(datetime.fromisoformat(model.now_utc()) - datetime.now(times[0].tzinfo)) < timedelta(seconds=5)


def test_the_annual_report_2026_is_drafted_and_under_review(demo):
    [annual] = records.select(demo, model.Report, kind="anual")
    assert (annual.year, annual.visit_id, annual.number, annual.state) == (2026, None, "MNPT-IA-2026", "en_revision")
    sections = records.select(demo, model.Section, report_id=annual.id)
    assert {s.key: s.state for s in sections} == {"presentacion": "enviada", "hallazgos": "enviada",
                                                   "desafios": "enviada", "prioridades": "enviada"}
    authors = {s.key: records.get(demo, model.TeamMember, s.author_ids[0]).discipline for s in sections}
    assert authors == {"presentacion": "coordinacion", "hallazgos": "derecho", "desafios": "coordinacion",
                       "prioridades": "coordinacion"}
