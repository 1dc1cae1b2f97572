"""A .docx imported into a new report: headings in three styles become the template's sections,
paragraphs, format, lists, tables and images kept; the demo's own export comes back whole."""

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Cm

from docx_builders import visit_of
from export_fixture import png_bytes
from fast_kdf import FAST_KDF
from npmdesk.domain import model, richtext
from npmdesk.services.archive import word
from npmdesk.services.demo.case import DEMO_PASSPHRASE, create_demo
from npmdesk.services.drafting import editor
from npmdesk.services.importing import mapping, report_import
from npmdesk.services.records import edit as records
from npmdesk.services.session import open_case
from test_cli_case import PASS, run


def _heading_style(document, kind: str) -> str:
    if kind == "Heading 1":
        return "Heading 1"
    if kind == "Título 1":  # as a Spanish Word or LibreOffice names it, a style of its own
        document.styles.add_style("Título 1", WD_STYLE_TYPE.PARAGRAPH)
        return "Título 1"
    custom = document.styles.add_style("Apartado MNPT", WD_STYLE_TYPE.PARAGRAPH)
    custom.base_style = document.styles["Heading 1"]
    return "Apartado MNPT"


def _draft(path, kind: str):
    """A colleague's draft: two sections of the template, one extra heading, format of every kind."""
    document = docx.Document()
    heading = _heading_style(document, kind)
    document.add_paragraph("Borrador enviado por el área médica")  # before any heading: left out
    document.add_paragraph("RESUMEN EJECUTIVO", style=heading)  # case-blind
    paragraph = document.add_paragraph("El equipo constató ")
    paragraph.add_run("hacinamiento").bold = True
    paragraph.add_run(", ")
    paragraph.add_run("calor").italic = True
    paragraph.add_run(" y ")
    paragraph.add_run("falta de agua").underline = True
    paragraph.add_run(".")
    document.add_paragraph("2. Metodologia", style=heading)  # numbered and without its accent
    document.add_paragraph("Técnicas:")
    document.add_paragraph("entrevistas privadas", style="List Bullet")
    document.add_paragraph("individuales", style="List Bullet 2")
    document.add_paragraph("revisión de registros", style="List Number")
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table.rows[0].cells + table.rows[1].cells, ("Pabellón", "Población", "B", "171")):
        cell.text = text
    document.add_paragraph("Limitaciones del acceso", style="Heading 2")  # not a template section
    document.add_paragraph("La enfermería se abrió con 40 minutos de demora.")
    document.add_paragraph().add_run().add_picture(_png(path), width=Cm(4))
    document.add_paragraph("Figura 1. Croquis de la enfermería", style="Caption")
    document.save(str(path))
    return path


def _png(path):
    image = path.with_suffix(".png")
    image.write_bytes(png_bytes())
    return str(image)


@pytest.mark.parametrize("kind", ["Heading 1", "Título 1", "custom"])
def test_three_heading_styles_import_with_the_right_structure(session, tmp_path, kind):
    visit = visit_of(session)
    path = _draft(tmp_path / f"borrador-{kind.replace(' ', '')}.docx", kind)
    plan = report_import.prepare(session, visit.id, path)
    assert [p.heading for p in plan.document.parts] == [
        "", "RESUMEN EJECUTIVO", "2. Metodologia", "Limitaciones del acceso"]
    assert plan.choices == [mapping.SKIP, "resumen", "metodologia", mapping.CONTINUE]
    result = report_import.apply(session, visit.id, plan)
    sections = {s.key: s for s in records.select(session, model.Section, report_id=result.report.id)}
    assert sections["resumen"].body == ("<p>El equipo constató <b>hacinamiento</b>, <i>calor</i> y "
                                        "<u>falta de agua</u>.</p>")
    items = richtext.parse(sections["metodologia"].body)
    assert [(i.kind, i.level, i.text) for i in items if not isinstance(i, richtext.Table)] == [
        ("p", 0, "Técnicas:"), ("ul", 0, "entrevistas privadas"), ("ul", 1, "individuales"),
        ("ol", 0, "revisión de registros"), ("h3", 0, "Limitaciones del acceso"),
        ("p", 0, "La enfermería se abrió con 40 minutos de demora.")]
    table = next(i for i in items if isinstance(i, richtext.Table))
    assert [["".join(r.text for r in cell) for cell in row] for row in table.rows] == [
        ["Pabellón", "Población"], ["B", "171"]]
    assert "Figura" not in richtext.plain_text(sections["metodologia"].body)  # the caption went with the image
    assert [(a.caption, a.mime, a.visit_id, a.include_in_export) for a in result.attachments] == [
        ("Croquis de la enfermería", "image/png", visit.id, False)]
    assert records.attachment_data(session, result.attachments[0].id) == png_bytes()
    assert any("antes del primer título" in line for line in result.left_out)
    # «Datos del informe» is pre-filled from the visit when any report is created; nothing else
    # the document did not bring may have text.
    assert all(not sections[k].body for k in sections if k not in ("resumen", "metodologia", "datos"))
    history = editor.history(session, sections["resumen"].id)
    assert [h.origin for h in history] == [f"importado de {path.name}"]


def test_the_mapping_can_be_changed_before_writing(session, tmp_path):
    visit = visit_of(session)
    plan = report_import.prepare(session, visit.id, _draft(tmp_path / "b.docx", "Heading 1"))
    assert records.select(session, model.Report) == []  # preparing wrote nothing
    result = report_import.apply(session, visit.id, plan, [mapping.SKIP, "conclusiones", mapping.SKIP, "anexos"])
    sections = {s.key: s for s in records.select(session, model.Section, report_id=result.report.id)}
    assert "hacinamiento" in sections["conclusiones"].body and not sections["resumen"].body
    assert not sections["metodologia"].body and "40 minutos" in sections["anexos"].body
    assert any("2. Metodologia" in line for line in result.left_out)
    with pytest.raises(ValueError):
        report_import.apply(session, visit.id, plan, ["no-such-section"] * 4)


def test_the_confidentiality_check_runs_over_the_imported_text(session, tmp_path):
    visit = visit_of(session)
    records.add_interview(session, model.Interview(visit_id=visit.id, real_identity="Rigoberto Quintanilla"))
    document = docx.Document()
    document.add_heading("Trato", 2)
    document.add_paragraph("Rigoberto Quintanilla relató golpes durante la requisa.")
    path = tmp_path / "nombres.docx"
    document.save(str(path))
    result = report_import.apply(session, visit.id, report_import.prepare(session, visit.id, path))
    assert [(p.where, p.text) for p in result.passages] == [("Trato", "Rigoberto Quintanilla")]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.npmcase"
    create_demo(path, kdf_params=FAST_KDF).close()
    session = open_case(path, DEMO_PASSPHRASE)
    yield session
    session.close()


def _shape(items):
    return [("table", [["".join(r.text for r in cell).strip() for cell in row] for row in item.rows])
            if isinstance(item, richtext.Table) else (item.kind, item.level, item.text.strip()) for item in items]


def test_the_demo_export_imported_back_keeps_sections_text_lists_and_tables(demo, tmp_path):
    report = max((r for r in records.select(demo, model.Report) if r.visit_id), key=lambda r: r.number)
    out = tmp_path / "informe.docx"
    word.export_report(demo, report.id, out, override=True)
    result = report_import.apply(demo, report.visit_id, report_import.prepare(demo, report.visit_id, out,
                                                                               report.template))
    old = {s.key: s for s in records.select(demo, model.Section, report_id=report.id)}
    new = {s.key: s for s in records.select(demo, model.Section, report_id=result.report.id)}
    assert set(old) == set(new)
    written = [k for k in old if old[k].body]
    assert len(written) >= 12
    for key in written:
        # What the export prints from the case file (findings, the recommendation table, the
        # annexes, the closing block) is left out: each section comes back as it was written.
        assert _shape(richtext.parse(new[key].body)) == _shape(richtext.parse(old[key].body)), key
    assert any(kind in ("ul", "ol") for key in written for kind, *_rest in _shape(richtext.parse(old[key].body)))
    assert any(kind == "table" for key in written for kind, *_rest in _shape(richtext.parse(old[key].body)))
    # The annex's image is the visit's own attachment already: not imported a second time.
    assert result.attachments == []
    assert any(line.endswith("(dejado fuera: generado por npmdesk)") for line in result.left_out)


def test_cli_report_import(session, case_path, tmp_path):
    visit = visit_of(session)
    session.close()
    path = _draft(tmp_path / "borrador.docx", "Título 1")
    done = run("report", "import", case_path, visit.id, path, passphrase=PASS)
    assert done.returncode == 0, done.stderr
    assert "«RESUMEN EJECUTIVO» → Resumen ejecutivo" in done.stdout
    assert "«Limitaciones del acceso» → con la sección anterior" in done.stdout
    assert "Informe MNPT-2026-001 importado de «borrador.docx»: 2 secciones con texto, 1 imágenes" in done.stdout
    bad = tmp_path / "malo.docx"
    bad.write_bytes(b"no")
    done = run("report", "import", case_path, visit.id, bad, passphrase=PASS)
    assert done.returncode == 1 and "No se importó «malo.docx»: no es un documento de Word" in done.stderr
    reopened = open_case(case_path, PASS)
    try:
        assert len(records.select(reopened, model.Report)) == 1
    finally:
        reopened.close()


def test_a_footnote_keeps_its_mark_and_its_text(session, tmp_path):
    """A Word footnote (footnotes.xml, a w:footnoteReference) comes in as the stored subset's own
    footnote, its text with it, where it is cited (not as a «[1] text» paragraph)."""
    from docx_builders import with_footnote
    document = docx.Document()
    document.add_heading("Trato", 2)
    document.add_paragraph("Se recibieron alegaciones").add_run(".")
    plain = tmp_path / "sin-nota.docx"
    document.save(str(plain))
    path = with_footnote(plain, tmp_path / "nota.docx", "Se recibieron alegaciones",
                         "Registro de novedades del 14 de octubre.")
    visit = visit_of(session)
    result = report_import.apply(session, visit.id, report_import.prepare(session, visit.id, path))
    trato = next(s for s in records.select(session, model.Section, report_id=result.report.id) if s.key == "trato")
    assert trato.body == ('<p>Se recibieron alegaciones<sup class="fn" data-nota="Registro de novedades '
                          'del 14 de octubre.">1</sup>.</p>')


LIBREOFFICE_DRAFT = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<p>Borrador del área legal</p><h1>Resumen ejecutivo</h1>
<p>El equipo constató <b>hacinamiento</b>, <i>calor</i> y <u>falta de agua</u>.</p>
<h1>Metodología</h1><ul><li>entrevistas privadas<ul><li>individuales</li></ul></li></ul>
<ol><li>revisión de registros</li></ol>
<table border="1"><tr><td>Pabellón</td><td>Población</td></tr><tr><td>B</td><td>171</td></tr></table>
</body></html>"""


def test_a_docx_written_by_libreoffice_imports_with_the_right_structure(session, tmp_path):
    import shutil
    import subprocess
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) no está instalado: no se puede escribir el .docx con él")
    source = tmp_path / "borrador.html"
    source.write_text(LIBREOFFICE_DRAFT, encoding="utf-8")
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'perfil').as_uri()}", "--headless",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=120)
    visit = visit_of(session)
    plan = report_import.prepare(session, visit.id, tmp_path / "borrador.docx")
    assert plan.choices == [mapping.SKIP, "resumen", "metodologia"]
    result = report_import.apply(session, visit.id, plan)
    sections = {s.key: s for s in records.select(session, model.Section, report_id=result.report.id)}
    assert sections["resumen"].body == ("<p>El equipo constató <b>hacinamiento</b>, <i>calor</i> y "
                                        "<u>falta de agua</u>.</p>")
    assert _shape(richtext.parse(sections["metodologia"].body)) == [
        ("ul", 0, "entrevistas privadas"), ("ul", 1, "individuales"), ("ol", 0, "revisión de registros"),
        ("table", [["Pabellón", "Población"], ["B", "171"]])]


def test_numbered_paragraphs_come_in_as_paragraphs_and_a_list_stays_a_list(session, tmp_path):
    """SPT-style paragraph numbering runs through the headings; a list stays inside one passage."""
    from docx import Document
    from npmdesk.export import numbering
    document = Document()
    heading_num, paragraph_num = numbering.add_lists(document, {})
    document.add_heading("Resumen ejecutivo", level=1)
    numbering.number(document.add_paragraph("El equipo visitó el centro."), paragraph_num)
    document.add_heading("Metodología", level=1)
    numbering.number(document.add_paragraph("Se hicieron entrevistas privadas."), paragraph_num)
    document.add_paragraph("revisión de registros", style="List Number")
    document.add_paragraph("observación directa", style="List Number")
    path = tmp_path / "numerado.docx"
    document.save(path)
    visit = visit_of(session)
    plan = report_import.prepare(session, visit.id, path)
    result = report_import.apply(session, visit.id, plan)
    sections = {s.key: s for s in records.select(session, model.Section, report_id=result.report.id)}
    assert [(i.kind, i.text) for i in richtext.parse(sections["resumen"].body)] == [
        ("p", "El equipo visitó el centro.")]
    assert [(i.kind, i.text) for i in richtext.parse(sections["metodologia"].body)] == [
        ("p", "Se hicieron entrevistas privadas."), ("ol", "revisión de registros"), ("ol", "observación directa")]
