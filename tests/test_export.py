"""The Word export of a realistic report, read back with python-docx and unzipped."""

import re
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document

from npmdesk.domain import model
from npmdesk.services.archive import word as export
from npmdesk.services.records import edit as records

sys.path.insert(0, str(Path(__file__).parent))
from export_fixture import FIELD_SECRET, NOTE_SECRET, REAL_NAMES, build_report, numbered_headings  # noqa: E402

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\u202a-\u202e]")


def all_xml(path) -> str:
    with zipfile.ZipFile(path) as package:
        return "\n".join(package.read(name).decode("utf-8") for name in package.namelist()
                         if name.endswith((".xml", ".rels")))


@pytest.fixture
def draft(session, tmp_path):
    built = build_report(session)
    target = tmp_path / "out" / "informe.docx"
    target.parent.mkdir()
    export.export_report(session, built.report.id, target)
    return built, target


def test_headings_follow_the_section_tree(draft):
    _built, target = draft
    doc = Document(target)
    # numbered by Word's multilevel list, not typed (issue 15): numbers as Word shows them
    shown = iter(numbered_headings(doc))
    headings = [(p.style.name, next(shown)) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    top = [text for style, text in headings if style == "Heading 1"]
    assert top == ["1. Datos del informe", "2. Resumen ejecutivo", "3. Metodología", "4. Hallazgos",
                   "5. Recomendaciones", "6. Anexos"]
    assert ("Heading 2", "4.1. Trato") in headings
    assert ("Heading 2", "4.2. Condiciones materiales") in headings
    assert headings.index(("Heading 2", "4.1. Trato")) < headings.index(("Heading 1", "5. Recomendaciones"))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Uso excesivo de la fuerza en requisas." in text  # finding under its area
    assert "Imagen 1. Pabellón B, vista del pasillo" in text
    assert "Foto interna no exportable" not in text


def test_section_html_keeps_formatting(draft):
    doc = Document(draft[1])
    runs = [r for p in doc.paragraphs for r in p.runs]
    assert any(r.text == "hacinamiento crítico" and r.bold for r in runs)
    assert any(r.text == "falta de ventilación" and r.italic for r in runs)
    assert any(r.text == "demoró" and r.underline for r in runs)
    assert any(r.text == "2" and r.font.superscript for r in runs)  # [^2] footnote mark
    styles = {p.style.name for p in doc.paragraphs}
    assert {"List Bullet", "List Bullet 2"} <= styles
    assert not any("p, li" in p.text or "white-space" in p.text for p in doc.paragraphs)
    pavilions = [t for t in doc.tables if t.rows[0].cells[0].text == "Pabellón"][0]
    assert [c.text for c in pavilions.rows[2].cells] == ["B", "80", "171"]


def test_recommendations_table_grouped_by_authority(draft):
    doc = Document(draft[1])
    table = [t for t in doc.tables if t.rows[0].cells[0].text == "N.º"][0]
    # No authority column: the authority heads its group of rows (issue 15: room for the text and the Plazo).
    assert [c.text for c in table.rows[0].cells] == ["N.º", "Recomendación", "Prioridad", "Plazo"]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert rows[0][0] == "Dirección General del Sistema Penitenciario"  # group row
    assert rows[1] == ["1", "Reducir el hacinamiento del pabellón B.", "Urgente", "31 de marzo de 2027"]
    assert rows[2][2] == "Alta"
    assert rows[3][0] == "Ministerio Público"
    assert rows[4][:2] == ["3", "Investigar las denuncias de malos tratos."]


def test_spanish_dates_language_and_fields(draft):
    doc = Document(draft[1])
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Fechas de la visita: del 3 al 5 de noviembre de 2026" in text
    xml = all_xml(draft[1])
    assert 'w:lang w:val="es-PA"' in xml and "es-ES" not in xml
    assert "TOC \\o" in xml and " PAGE " in xml and " NUMPAGES " in xml
    assert '<w:updateFields w:val="true"/>' in xml
    footer = doc.sections[0].footer.paragraphs[0].text
    assert footer.startswith("Página") and " de " in footer


def test_nothing_confidential_in_any_part(draft, session):
    built, target = draft
    xml = all_xml(target)
    for secret in (NOTE_SECRET, FIELD_SECRET, *REAL_NAMES, "teme represalias", "Foto interna",
                   "python-docx", session.actor.id):
        assert secret.lower() not in xml.lower()
    # The exporting person is named only where the report says so: the Director under the
    # signature line of the closing block (issue 15), never in the properties, header or footer.
    doc = Document(target)
    assert [p.text for p in doc.paragraphs if "Ana Directora" in p.text] == ["Ana Directora"]
    with zipfile.ZipFile(target) as package:
        for name in package.namelist():
            if name != "word/document.xml":
                assert b"Ana Directora" not in package.read(name), name
    for name in REAL_NAMES:
        for part in name.split():
            assert part.lower() not in xml.lower()
    assert not CONTROL.search(xml)
    core = Document(target).core_properties
    assert (core.author, core.last_modified_by, core.comments, core.keywords) == ("", "", "", "")
    assert core.title == built.report.title and core.language == "es-PA"
    assert "<w:ins " not in xml and "<w:del " not in xml and "<w:vanish" not in xml
    with zipfile.ZipFile(target) as package:
        assert not [n for n in package.namelist() if "comments" in n or "thumbnail" in n]


def test_draft_marked_on_every_page_and_under_headings(draft):
    doc = Document(draft[1])
    header = doc.sections[0].header
    assert "CONFIDENCIAL" in "\n".join(p.text for p in header.paragraphs)
    # the mark is the header's diagonal watermark (tests/test_export_document.py), not header text
    assert 'string="BORRADOR"' in all_xml(draft[1])
    states = [p.text for p in doc.paragraphs if p.text.startswith("Estado de la sección")]
    assert states and all(s == "Estado de la sección: Borrador" for s in states)


def test_approved_report_exports_clean(session, tmp_path):
    built = build_report(session, state="aprobado")
    target = tmp_path / "final.docx"
    export.export_report(session, built.report.id, target)
    xml = all_xml(target)
    assert "BORRADOR" not in xml and "Estado de la sección" not in xml
    assert "CONFIDENCIAL" in "\n".join(p.text for p in Document(target).sections[0].header.paragraphs)


def test_export_is_recorded_in_the_bitacora(draft, session):
    with session.case.lock:
        actions = [row[0] for row in session.case.conn.execute("SELECT action FROM audit ORDER BY seq")]
    assert actions[-1] == "exportar"


def _name_the_people(session, built):
    section = built.sections[1]
    records.save_section_body(
        session, section.id,
        f"<p>Según {REAL_NAMES[0]}, y lo confirmó {built.interviews[1].code}, hubo golpes.</p>")


def test_disclosure_check_stops_export(session, tmp_path):
    built = build_report(session)
    _name_the_people(session, built)
    records.save(session, model.Recommendation(
        visit_id=built.visit.id, text="Proteger a Maricruz de represalias.", authority="Ministerio Público"))
    items = export.disclosure_report(session, built.report.id)
    reasons = [i.reason for i in items]
    assert len(items) == 3
    assert any("Nombre real" in r and "E-01" in r for r in reasons)
    assert any("E-02" in r and "no consintió" in r for r in reasons)
    assert {i.where for i in items} == {"Resumen ejecutivo", "Ministerio Público"}
    assert any("Rigoberto Quintanilla Saldaña" in i.excerpt for i in items)
    target = tmp_path / "x.docx"
    with pytest.raises(export.DisclosureFound) as stopped:
        export.export_report(session, built.report.id, target)
    assert "3 pasaje(s)" in stopped.value.message()
    assert not target.exists() and not list(tmp_path.glob(".~npmdesk-export-*"))


def test_only_a_director_may_override(session, tmp_path):
    built = build_report(session)
    _name_the_people(session, built)
    author = records.save(session, model.TeamMember(name="Luis Autor", role="autor"))
    director = session.actor
    session.actor = author
    with pytest.raises(export.OverrideNotAllowed):
        export.export_report(session, built.report.id, tmp_path / "x.docx", override=True)
    assert not (tmp_path / "x.docx").exists()
    session.actor = director
    export.export_report(session, built.report.id, tmp_path / "x.docx", override=True)
    with session.case.lock:
        actions = [r[0] for r in session.case.conn.execute("SELECT action FROM audit ORDER BY seq")]
    assert actions[-2:] == ["autorizar_exportacion", "exportar"]


def test_progress_and_cancel_leave_nothing(session, tmp_path):
    built = build_report(session)
    seen = []
    export.export_report(session, built.report.id, tmp_path / "a.docx", progress=lambda d, t: seen.append((d, t)))
    assert seen[-1][0] == seen[-1][1] == 8 and len(seen) == 8
    before = (tmp_path / "a.docx").read_bytes()
    calls = iter(range(100))
    with pytest.raises(export.ExportCancelled) as cancelled:
        export.export_report(session, built.report.id, tmp_path / "a.docx", cancel=lambda: next(calls) >= 3)
    assert "cancelada" in cancelled.value.message()
    assert (tmp_path / "a.docx").read_bytes() == before
    assert not list(tmp_path.glob(".~npmdesk-export-*"))


def test_disclosure_check_reads_the_text_as_written(session, tmp_path):
    built = build_report(session)
    records.save_section_body(
        session, built.sections[2].id,
        "<p>Declaró <b>Rigoberto</b>&nbsp;Q&#117;intanilla.</p><table><tr><td>E-02</td></tr></table>")
    items = export.disclosure_report(session, built.report.id)
    assert {i.where for i in items} == {"Metodología"}
    assert any("Rigoberto" in i.reason or "E-01" in i.reason for i in items)
    assert any("E-02" in i.reason for i in items)


def test_export_result_carries_the_file_hash(session, tmp_path):
    import hashlib
    built = build_report(session, state="aprobado")
    result = export.export_report(session, built.report.id, tmp_path / "f.docx")
    assert result.sha256 == hashlib.sha256((tmp_path / "f.docx").read_bytes()).hexdigest()
    assert (result.draft, result.overridden) == (False, 0)


def test_the_document_is_in_spanish_when_the_interface_is_in_english(session, tmp_path):
    """The report is the institution's Spanish document; the interface language is personal."""
    from npmdesk.i18n import _, set_language
    from npmdesk.services.records import findings
    from npmdesk.services.tracking import recommendations
    built = build_report(session)
    target = tmp_path / "informe.docx"
    set_language("en")
    try:
        assert _("Recomendaciones") == "Recommendations"  # the interface really is in English
        export.export_report(session, built.report.id, target)
        finding = records.select(session, model.Finding, visit_id=built.report.visit_id)[0]
        reference = findings.reference_html(session, finding.id)
        visit = records.get(session, model.Visit, built.report.visit_id)
        generated = recommendations.followup_body(session, visit)
    finally:
        set_language("es")
    doc = Document(target)
    text = "\n".join(p.text for p in doc.paragraphs)
    header = "\n".join(p.text for p in doc.sections[0].header.paragraphs)
    assert "Recomendaciones" in text and "Recommendations" not in text
    assert "Estado de la sección: Borrador" in text and "Section state" not in text
    assert 'string="BORRADOR"' in all_xml(target) and "DRAFT" not in all_xml(target)
    assert "Constancia de integridad" in text and "Bitácora del expediente:" in text
    assert "[Hallazgo: " in reference and "Finding" not in reference
    assert "recomendaciones" in generated and "recommendations" not in generated.lower()
