"""Word footnotes imported as the stored subset's own notes: the demo's export read back keeps
its notes as notes at the paragraphs that cite them, and a hostile note is sanitised and checked
for names as a paste is."""

import docx
import pytest

from docx_builders import visit_of, with_footnote
from fast_kdf import FAST_KDF
from npmdesk.domain import model, richtext
from npmdesk.services.archive import word
from npmdesk.services.demo.case import DEMO_PASSPHRASE, create_demo
from npmdesk.services.importing import report_import
from npmdesk.services.records import edit as records
from npmdesk.services.session import open_case


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.npmcase"
    create_demo(path, kdf_params=FAST_KDF).close()
    session = open_case(path, DEMO_PASSPHRASE)
    yield session
    session.close()


def _cited(bodies) -> list[tuple[str, str]]:
    """(text of the paragraph, the note's text) for every note, paragraph text without marks."""
    found = []
    for body in bodies:
        for item in richtext.parse(body or ""):
            groups = [c for row in item.rows for c in row] if isinstance(item, richtext.Table) else [item.runs]
            for runs in groups:
                text = " ".join("".join(r.text for r in runs if not r.note).split())
                found.extend((text, r.note) for r in runs if r.note)
    return found


def test_the_approved_reports_notes_come_back_as_notes_where_they_are_cited(demo, tmp_path):
    report = next(r for r in records.select(demo, model.Report) if r.number == "MNPT-2025-014")
    old = {s.key: s.body for s in records.select(demo, model.Section, report_id=report.id)}
    before = _cited(old.values())
    assert len(before) == 3
    out = tmp_path / "aprobado.docx"
    word.export_report(demo, report.id, out, override=True)
    result = report_import.apply(demo, report.visit_id, report_import.prepare(demo, report.visit_id, out,
                                                                               report.template))
    new = {s.key: s.body for s in records.select(demo, model.Section, report_id=result.report.id)}
    # Each note with the same text, in the paragraph with the same text, and no «[n] text» left.
    assert sorted(_cited(new.values())) == sorted(before)
    assert not any(f"[{n}]" in richtext.plain_text(body or "") for body in new.values() for n in (1, 2, 3))
    for key in ("metodologia", "medidas_proteccion"):  # sections whose titles map onto themselves
        assert richtext.notes(richtext.parse(new[key])) == richtext.notes(richtext.parse(old[key])), key


def test_a_hostile_note_is_sanitised_and_its_name_found(session, tmp_path):
    visit = visit_of(session)
    records.add_interview(session, model.Interview(visit_id=visit.id, real_identity="Rigoberto Quintanilla"))
    document = docx.Document()
    document.add_heading("Trato", 2)
    document.add_paragraph("Se recibieron alegaciones").add_run(".")
    plain = tmp_path / "sin-nota.docx"
    document.save(str(plain))
    # A bidi override and a C1 control (CSI; both legal in XML), and a zero-width space splitting the
    # name of a person interviewed, who never consented to be named, out of a plain search.
    note = "Relato de\u202e Rigo\u200bberto Quintanilla\x9b <b>en</b> la requisa."
    path = with_footnote(plain, tmp_path / "nota.docx", "Se recibieron alegaciones", note)
    plan = report_import.prepare(session, visit.id, path)
    result = report_import.apply(session, visit.id, plan)
    trato = next(s for s in records.select(session, model.Section, report_id=result.report.id) if s.key == "trato")
    assert richtext.notes(richtext.parse(trato.body)) == [
        "Relato de\ufffd Rigoberto Quintanilla\ufffd <b>en</b> la requisa."]
    assert "\u200b" not in trato.body and "\u202e" not in trato.body and "<b>en" not in trato.body
    assert [(p.where, p.text) for p in result.passages] == [("Trato", "Rigoberto Quintanilla")]
    assert [(p.where, p.text) for p in report_import.passages(session, visit.id, plan)] == [
        ("Trato", "Rigoberto Quintanilla")]


def test_what_the_export_generated_is_left_out_and_listed(demo, tmp_path):
    report = next(r for r in records.select(demo, model.Report) if r.number == "MNPT-2025-014")
    out = tmp_path / "aprobado.docx"
    word.export_report(demo, report.id, out, override=True)
    plan = report_import.prepare(demo, report.visit_id, out, report.template)
    assert "introduccion" in plan.choices  # «Introducción: mandato y base legal» is its section
    result = report_import.apply(demo, report.visit_id, plan)
    assert ("el índice, la tabla de recomendaciones, los anexos generados (datos agregados e imágenes), "
            "el bloque de cierre, la página «Constancia de integridad» (dejado fuera: generado por npmdesk)"
            ) in result.left_out
    text = "\n".join(richtext.plain_text(s.body or "") for s in records.select(
        demo, model.Section, report_id=result.report.id))
    for generated in ("Constancia de integridad", "Código de control", "Se dirige a", "Índice",
                      "Reducir la sobrepoblación del centro.\t", "Personas y lugares: datos agregados",
                      "Entrevistas individuales en privado", "______"):
        assert generated not in text, generated
    assert result.attachments == []
    old = {s.key: s.body for s in records.select(demo, model.Section, report_id=report.id)}
    new = {s.key: s.body for s in records.select(demo, model.Section, report_id=result.report.id)}
    assert {k: richtext.plain_text(new[k] or "") for k in old} == {k: richtext.plain_text(v or "") for k, v in old.items()}


def test_the_same_marks_in_a_file_npmdesk_did_not_write_leave_everything_in(session, tmp_path):
    """Bookmarks named as the export names its own, in a document whose app.xml names Word:
    nothing is taken out (a colleague's text is never dropped for a name it happens to carry)."""
    from npmdesk.export.generated import Marks
    document = docx.Document()
    document.add_heading("Trato", 2)
    marks = Marks(document.element.body.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sectPr"))
    with marks.around("anexos"):
        document.add_paragraph("Texto propio del área legal.")
    path = tmp_path / "ajeno.docx"
    document.save(str(path))
    visit = visit_of(session)
    result = report_import.apply(session, visit.id, report_import.prepare(session, visit.id, path))
    trato = next(s for s in records.select(session, model.Section, report_id=result.report.id) if s.key == "trato")
    assert trato.body == "<p>Texto propio del área legal.</p>"
    assert not any("npmdesk" in line for line in result.left_out)
