"""Word's numbering in the export (issue 15): headings in a multilevel list linked to the heading
styles, every paragraph of the text in one continuous list (switchable per template), and the
recommendations in bold after the finding they follow from, the end table referring to them."""

import json
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from export_fixture import build_report, numbered_headings
from npmdesk.domain import model
from npmdesk.domain.templates import TemplateError, parse
from npmdesk.services.archive import word as export
from npmdesk.services.drafting import reports, templates
from npmdesk.services.records import edit as records

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def num_of(paragraph) -> tuple[int, int] | None:
    """(numId, ilvl) of a paragraph's own numPr, or None."""
    p_pr = paragraph._p.pPr
    num_pr = p_pr.find(qn("w:numPr")) if p_pr is not None else None
    if num_pr is None:
        return None
    ilvl = num_pr.find(qn("w:ilvl"))
    return int(num_pr.find(qn("w:numId")).get(qn("w:val"))), int(ilvl.get(qn("w:val"))) if ilvl is not None else 0


def lists(path) -> dict[int, etree._Element]:
    """numId → its abstractNum, from numbering.xml."""
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/numbering.xml"))
    abstract = {a.get(W + "abstractNumId"): a for a in root.iter(W + "abstractNum")}
    return {int(n.get(W + "numId")): abstract[n.find(W + "abstractNumId").get(W + "val")]
            for n in root.iter(W + "num")}


def paragraph_list(path) -> int:
    """The numId of the single-level list the text's paragraphs are numbered in."""
    doc = Document(path)
    ids = {num_of(p)[0] for p in doc.paragraphs if p.style.name == "Normal" and num_of(p) and num_of(p)[0]}
    assert len(ids) == 1
    return ids.pop()


@pytest.fixture
def placed(session, tmp_path):
    """The fixture report with its first recommendation resting on the 'Hacinamiento' finding."""
    built = build_report(session)
    finding = next(f for f in records.select(session, model.Finding, visit_id=built.visit.id)
                   if f.title == "Hacinamiento")
    rec = next(r for r in records.select(session, model.Recommendation, visit_id=built.visit.id)
               if r.text.startswith("Reducir"))
    rec.finding_ids = [finding.id]
    rec.priority = "alta"  # now the second of its authority by priority, the first in the text
    records.save(session, rec)
    other = next(r for r in records.select(session, model.Recommendation, visit_id=built.visit.id)
                 if r.text.startswith("Registrar"))
    other.priority = "urgente"
    records.save(session, other)
    target = tmp_path / "informe.docx"
    export.export_report(session, built.report.id, target)
    return built, target


def test_headings_are_a_multilevel_list_linked_to_the_heading_styles(placed):
    _built, path = placed
    doc = Document(path)
    shown = numbered_headings(doc)
    assert shown[:4] == ["1. Datos del informe", "2. Resumen ejecutivo", "3. Metodología", "4. Hallazgos"]
    assert "4.1. Trato" in shown and "4.2. Condiciones materiales" in shown
    heading_id = {num_of(p)[0] for p in doc.paragraphs if p.style.name == "Heading 1" and num_of(p)[0]}
    assert len(heading_id) == 1
    abstract = lists(path)[heading_id.pop()]
    assert abstract.find(W + "multiLevelType").get(W + "val") == "multilevel"
    levels = abstract.findall(W + "lvl")
    assert [lvl.find(W + "lvlText").get(W + "val") for lvl in levels[:3]] == ["%1.", "%1.%2.", "%1.%2.%3."]
    # linked both ways, so Word numbers a heading a reader inserts and renumbers the rest
    for level, style_name in enumerate(("Heading 1", "Heading 2", "Heading 3")):
        style = doc.styles[style_name]
        assert levels[level].find(W + "pStyle").get(W + "val") == style.style_id
        num_pr = style.element.pPr.find(qn("w:numPr"))
        assert int(num_pr.find(qn("w:numId")).get(qn("w:val"))) in lists(path)
        assert int(num_pr.find(qn("w:ilvl")).get(qn("w:val"))) == level


def test_the_text_is_one_continuous_list_of_paragraphs(placed):
    _built, path = placed
    doc = Document(path)
    numbered = paragraph_list(path)
    abstract = lists(path)[numbered]
    assert abstract.find(W + "multiLevelType").get(W + "val") == "singleLevel"
    assert abstract.find(W + "lvl/" + W + "lvlText").get(W + "val") == "%1."
    with zipfile.ZipFile(path) as package:
        assert b"startOverride" not in package.read("word/numbering.xml")  # never restarted
    in_list = [p.text for p in doc.paragraphs if num_of(p) == (numbered, 0)]
    # the data block is not a paragraph of the text: the numbering starts after it (SPT, MNPT)
    assert "Visita inicial, no anunciada." not in in_list
    assert in_list[0] == "Se observaron condiciones graves."
    assert any(t.startswith("Uso excesivo de la fuerza en requisas.") for t in in_list)  # findings too
    # not numbered: cover, lists, minor headings, table cells, captions, closing, integrity page
    for text in ("Revisión de registros de ingreso", "Limitaciones", "Constancia de integridad", "Se dirige a:",
                 "Informe de la visita al Centro Penitenciario La Joya", "Sin contenido."):
        assert text not in in_list
    assert not any(num_of(p) == (numbered, 0) for t in doc.tables for row in t.rows for c in row.cells
                   for p in c.paragraphs)


def test_recommendations_stand_in_bold_after_their_finding_and_the_table_refers_to_them(placed):
    _built, path = placed
    doc = Document(path)
    numbered = paragraph_list(path)
    paragraphs = list(doc.paragraphs)
    at = next(i for i, p in enumerate(paragraphs) if p.text.startswith("Hacinamiento. "))
    rec = paragraphs[at + 1]
    assert rec.text == "Recomendación 1. Reducir el hacinamiento del pabellón B."
    assert all(r.bold for r in rec.runs if r.text.strip())
    assert num_of(rec) == (numbered, 0)
    number = [p for p in paragraphs if num_of(p) == (numbered, 0)].index(rec) + 1
    table = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("N.º"))
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    # by authority, then priority (urgente, alta, media); numbers in the order the text shows them
    assert rows[0][0] == "Dirección General del Sistema Penitenciario"
    assert rows[1][1:3] == ["Registrar toda requisa en un libro foliado.", "Urgente"]
    assert rows[2][0] == f"1\npárr. {number}" and rows[2][1:3] == ["Reducir el hacinamiento del pabellón B.", "Alta"]
    assert rows[1][0] == "2" and rows[4][0] == "3"  # not in place: numbered after, in table order
    text = "\n".join(p.text for p in paragraphs)
    assert text.count("Reducir el hacinamiento del pabellón B.") == 1  # in place, and in the table


def test_a_template_may_switch_paragraph_numbering_off(session, tmp_path):
    built = build_report(session)
    own = {"format": 1, "key": "sin_numeros", "name": "Sin números", "report_kind": "visita",
           "numbered_paragraphs": False,
           "sections": [{"key": "resumen", "title": "Resumen", "order": 1, "discipline": "derecho",
                         "questions": ["¿Uno?", "¿Dos?", "¿Tres?"]}]}
    source = tmp_path / "sin.json"
    source.write_text(json.dumps(own), encoding="utf-8")
    templates.import_template(session, source)
    report = reports.create_report(session, built.visit.id, "sin_numeros", number="X-1")
    section = records.select(session, model.Section, report_id=report.id)[0]
    records.save_section_body(session, section.id, "<p>Primero.</p><p>Segundo.</p>")
    target = tmp_path / "sin.docx"
    export.export_report(session, report.id, target)
    doc = Document(target)
    assert numbered_headings(doc) == ["1. Resumen"]
    body = [p for p in doc.paragraphs if p.text in ("Primero.", "Segundo.")]
    assert len(body) == 2 and all(num_of(p) is None for p in body)
    assert parse(json.dumps({**own, "numbered_paragraphs": True}).encode()).numbered_paragraphs
    with pytest.raises(TemplateError) as refused:
        parse(json.dumps({**own, "numbered_paragraphs": "sí"}).encode())
    assert "numbered_paragraphs" in refused.value.message()


def test_the_table_s_paragraph_numbers_are_cross_references_word_updates(placed):
    """«párr. N» is a REF field to a bookmark on the numbered paragraph, its cached result the
    number the paragraph has, so Word renumbers it and LibreOffice shows it as is."""
    _built, path = placed
    doc = Document(path)
    numbered = paragraph_list(path)
    paragraphs = [p for p in doc.paragraphs if num_of(p) == (numbered, 0)]
    body = doc.element.body
    targets = {}
    for start in body.iter(W + "bookmarkStart"):
        name = start.get(W + "name")
        if name.startswith("_Ref"):
            p = start.getparent()
            targets[name] = paragraphs.index(next(x for x in paragraphs if x._p is p)) + 1
            ends = [e for e in p.iter(W + "bookmarkEnd") if e.get(W + "id") == start.get(W + "id")]
            assert len(ends) == 1  # the whole paragraph, closed inside it
    assert targets
    table = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("N.º"))
    refs = []
    for instr in table._tbl.iter(W + "instrText"):
        parts = instr.text.split()
        assert parts[0] == "REF" and parts[2:] == ["\\r", "\\h"]
        run = instr.getparent()
        separate = run.getnext()
        assert separate.find(W + "fldChar").get(W + "fldCharType") == "separate"
        cached = separate.getnext().find(W + "t").text
        assert separate.getnext().getnext().find(W + "fldChar").get(W + "fldCharType") == "end"
        refs.append((parts[1], cached))
    assert refs and all(int(cached) == targets[name] for name, cached in refs)
    cell_text = next(row.cells[0].text for row in table.rows if row.cells[0].text.startswith("1\n"))
    assert cell_text == f"1\npárr. {targets[refs[0][0]]}"


def test_a_section_may_leave_its_paragraphs_out_of_the_numbering(session, tmp_path):
    built = build_report(session)
    own = {"format": 1, "key": "con_anexo", "name": "Con anexo", "report_kind": "visita",
           "sections": [{"key": "datos", "title": "Datos", "order": 1, "discipline": "derecho",
                         "questions": ["¿Uno?", "¿Dos?", "¿Tres?"]},
                        {"key": "texto", "title": "Texto", "order": 2, "discipline": "derecho",
                         "questions": ["¿Uno?", "¿Dos?", "¿Tres?"]},
                        {"key": "lista", "title": "Personas con quienes se reunió", "order": 3,
                         "discipline": "derecho", "numbered_paragraphs": False,
                         "questions": ["¿Uno?", "¿Dos?", "¿Tres?"],
                         "sections": [{"key": "sub", "title": "Autoridades", "order": 1, "discipline": "derecho",
                                       "questions": ["¿Uno?", "¿Dos?", "¿Tres?"]}]},
                        {"key": "cierre", "title": "Cierre", "order": 4, "discipline": "derecho",
                         "questions": ["¿Uno?", "¿Dos?", "¿Tres?"]}]}
    source = tmp_path / "anexo.json"
    source.write_text(json.dumps(own), encoding="utf-8")
    templates.import_template(session, source)
    report = reports.create_report(session, built.visit.id, "con_anexo", number="X-2")
    bodies = {"texto": "<p>Primero.</p>", "lista": "<p>Director del centro.</p>",
              "sub": "<p>Subdirectora.</p>", "cierre": "<p>Segundo.</p>"}
    for section in records.select(session, model.Section, report_id=report.id):
        if section.key in bodies:
            records.save_section_body(session, section.id, bodies[section.key])
    target = tmp_path / "anexo.docx"
    export.export_report(session, report.id, target)
    doc = Document(target)
    numbered = paragraph_list(target)
    in_list = [p.text for p in doc.paragraphs if num_of(p) == (numbered, 0)]
    assert in_list == ["Primero.", "Segundo."]  # not the data block, not the list or its subsection
    assert any(p.text.startswith("Informe n.º X-2.") for p in doc.paragraphs)  # the data block is there
    with pytest.raises(TemplateError) as refused:
        parse(json.dumps({**own, "sections": [{**own["sections"][0], "numbered_paragraphs": "no"}]}).encode())
    assert "numbered_paragraphs" in refused.value.message()
    data_numbered = {**own, "sections": [{**own["sections"][0], "numbered_paragraphs": True}]}
    assert parse(json.dumps(data_numbered).encode()).unnumbered_keys() == set()


def test_libreoffice_prints_the_cross_referenced_paragraph_numbers(placed):
    """Rendered by LibreOffice, the table shows the numbers the text gives (LibreOffice works
    them out from the bookmarked paragraphs itself, and they agree with the cached results)."""
    import pypdfium2

    from npmdesk.export import pdf
    assert pdf.soffice() is not None, "LibreOffice is required for this test (.ci/run installs it)"
    _built, path = placed
    numbered = paragraph_list(path)
    paragraphs = [p for p in Document(path).paragraphs if num_of(p) == (numbered, 0)]
    number = next(i for i, p in enumerate(paragraphs, 1) if p.text.startswith("Recomendación 1."))
    rendered = pdf.to_pdf(path.read_bytes())
    assert rendered is not None
    document = pypdfium2.PdfDocument(rendered)
    text = " ".join(page.get_textpage().get_text_range() for page in document)
    assert f"párr. {number}" in " ".join(text.split())
