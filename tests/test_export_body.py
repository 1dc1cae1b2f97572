"""Section bodies in the Word export are read by the editor's own reader (domain/richtext.py):
each case below is one place where the export's former copy of that reader behaved differently."""

import sys
from pathlib import Path

import pytest
from docx import Document

from npmdesk.domain import disclosure, model, richtext
from npmdesk.export import writer
from npmdesk.export.content import FindingOut, ReportOut, SectionOut

sys.path.insert(0, str(Path(__file__).parent))
from test_export_robust import LABELS  # noqa: E402
from test_richtext import FINDING_ID, WORD_HTML  # noqa: E402

TITLE = "Sección de prueba"


def exported(tmp_path, body: str, finding: str = "") -> Document:
    report = ReportOut("Institución", "Informe", "N-1", "Lugar", "fechas", "CONFIDENCIAL", False, "BORRADOR",
                       "Informe de visita", labels=LABELS)
    findings = [("", [FindingOut("Hallazgo", finding)])] if finding else []
    report.sections.append(SectionOut(TITLE, body, findings=findings))
    return Document(writer.write(report, tmp_path / "informe.docx"))


def body_paragraphs(doc: Document) -> list:
    """The paragraphs written for the section's body and findings (after its heading, the last one)."""
    paragraphs = doc.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.style.name == "Heading 1") + 1
    return [p for p in paragraphs[start:] if p.text]


def runs(doc: Document) -> list:
    return [r for p in body_paragraphs(doc) for r in p.runs if r.text]


@pytest.mark.parametrize("body", [
    "<p>Uno <b>dos</b> <i>tres</i> <u>cuatro</u> H<sub>2</sub>O x<sup>2</sup>.</p><h3>Título</h3><h4>Menor</h4>"
    "<ul><li>a<ul><li>b</li></ul></li></ul><ol><li>c</li></ol><p>línea<br>otra</p>",
    WORD_HTML,
    '<p>Vea <a href="npmdesk-hallazgo:' + FINDING_ID + '">[Hallazgo: Agua]</a> y la nota [^3].</p>',
])
def test_the_document_shows_the_text_the_editor_shows(tmp_path, body):
    shown = [line for line in richtext.plain_text(richtext.sanitize(body)).split("\n")
             if "\t" not in line]  # table rows are checked in the table test
    written = [line for p in body_paragraphs(exported(tmp_path, body)) for line in p.text.split("\n")]
    assert written == shown


def test_what_qt_writes_keeps_its_format_list_levels_and_no_link_underline(tmp_path):
    qt = ('<body style=" font-weight:400; font-style:normal;">'
          '<p><span style=" font-weight:700;">negrita</span> <span style=" font-style:italic;">cursiva</span> '
          '<span style=" text-decoration: underline;">subrayado</span> '
          '<i>cita <span style=" font-style:normal;">recta</span></i> '
          f'<a href="npmdesk-hallazgo:{FINDING_ID}"><span style=" text-decoration: underline; color:#0000ff;">'
          '[Hallazgo: Agua]</span></a></p>'
          '<ul style="-qt-list-indent: 1;"><li>uno</li></ul><ul style="-qt-list-indent: 2;"><li>anidado</li></ul>'
          '</body>')
    doc = exported(tmp_path, qt)
    by_text = {r.text.strip(): r for r in runs(doc)}
    assert by_text["negrita"].bold and by_text["cursiva"].italic and by_text["subrayado"].underline
    assert by_text["cita"].italic and not by_text["recta"].italic  # font-style:normal ends the italic
    assert not by_text["[Hallazgo: Agua]"].underline  # Qt underlines every link; the author did not
    assert [(p.style.name, p.text) for p in body_paragraphs(doc)[1:]] == [
        ("List Bullet", "uno"), ("List Bullet 2", "anidado")]  # Qt writes nested lists flat, with an indent


def test_footnote_marks_are_bare_superscripts_also_in_plain_text_findings(tmp_path):
    doc = exported(tmp_path, '<p>Dato<sup class="fn">1</sup> y <b>otro [^2]</b>.</p>',
                   finding="Texto del hallazgo [^3]")
    marks = [(r.text, bool(r.bold)) for r in runs(doc) if r.font.superscript]
    assert marks == [("1", False), ("2", False), ("3", False)]  # a mark in bold text is not bold, as in the editor
    assert [p.text for p in body_paragraphs(doc)] == ["Dato1 y otro 2.", "Hallazgo. Texto del hallazgo 3"]


def test_tables_header_cells_line_breaks_nested_and_empty_tables(tmp_path):
    body = ("<table><tr><th>Pabellón</th><th>Personas</th></tr>"
            "<tr><td><p>A</p><p>anexo</p></td><td>12<table><tr><td>de ellas 3 mujeres</td></tr></table></td></tr>"
            "</table><table><tr><td> </td></tr></table><p>Fin.</p>")
    doc = exported(tmp_path, body)
    assert len(doc.tables) == 1  # the empty table is not written
    rows = [[cell.text for cell in row.cells] for row in doc.tables[0].rows]
    assert rows == [["Pabellón", "Personas"], ["A\nanexo", "12\nde ellas 3 mujeres"]]
    header = doc.tables[0].rows[0].cells[0].paragraphs[0].runs
    assert header and all(r.bold for r in header)
    assert len(doc.tables[0].rows[1].cells[0].paragraphs) == 1  # two paragraphs of a cell: one line break


def test_word_paste_bullets_and_hidden_markup_never_reach_the_document(tmp_path):
    web = WORD_HTML.replace("</body>", "<iframe>marco</iframe><xml>Normal 0 21</xml><template>t</template></body>")
    doc = exported(tmp_path, web)
    paragraphs = [(p.style.name, p.text) for p in body_paragraphs(doc)]
    assert ("List Bullet", "Sin agua potable") in paragraphs
    assert ("List Bullet 2", "desde hace tres días") in paragraphs
    assert ("List Number", "Primera medida") in paragraphs
    text = "\n".join(p for _style, p in paragraphs)
    for noise in ("·", "marco", "Normal 0 21", "WordView", "1.\xa0"):
        assert noise not in text


def test_whitespace_after_a_line_break_and_in_plain_text_findings(tmp_path):
    doc = exported(tmp_path, "<p>uno<br>  dos</p>", finding="Primera línea\nsegunda  línea\tcon tab\n\nfin")
    assert [p.text for p in body_paragraphs(doc)] == ["uno\ndos", "Hallazgo. Primera línea",
                                                     "segunda línea con tab", "fin"]


def test_hidden_characters_cannot_split_a_name_out_of_the_disclosure_check(tmp_path):
    name = "Rigoberto Quintanilla"
    body = "<p>Lo dijo Rigo\u200bberto\u202e Quin&#x200B;tanilla\x07 ayer.</p>"
    doc = exported(tmp_path, body)
    # the invisible ones removed, the override and the control marked where they stood
    assert [p.text for p in body_paragraphs(doc)] == ["Lo dijo Rigoberto\ufffd Quintanilla\ufffd ayer."]
    report = ReportOut("I", "T", "N", "L", "F", "C", True, "B", "K", sections=[SectionOut(TITLE, body)],
                       labels=LABELS)
    interview = model.Interview(visit_id=model.new_id(), real_identity=name, consent_report=True)
    found = [text for _where, text in writer.compose(report).texts() if disclosure.find(text, [interview])]
    assert found == ["Lo dijo Rigoberto\ufffd Quintanilla\ufffd ayer."]
