"""Real footnotes (issue 15, item 4): the note's text is stored in the section body, survives
the editor's HTML, the search index and the revision diff, is exported as a Word footnote
(footnotes.xml, its relationship and content type, a FootnoteReference run numbered by Word)
and is read by the disclosure check, where an adversary would hide a name."""

import zipfile

import pytest
from docx import Document
from lxml import etree

from npmdesk.domain import model, richtext
from npmdesk.export import readback, writer
from npmdesk.export.content import ReportOut, SectionOut
from npmdesk.services.archive import disclosure
from npmdesk.services.archive import word as export
from npmdesk.services.records import edit as records
from npmdesk.services.review.queue import readable
from npmdesk.storage import search
from export_fixture import REAL_NAMES, build_report
from test_export_robust import LABELS

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NOTE = "Según el libro de novedades del 3 de noviembre & el registro «B-7»."
BODY = (f'<p>Hubo cortes de agua<sup class="fn" data-nota="{NOTE.replace("&", "&amp;")}">9</sup> '
        'durante la visita.</p>'
        '<table><tr><td>Celda<sup class="fn" data-nota="Medida con cinta métrica.">1</sup></td></tr></table>')


def test_the_stored_note_survives_the_editor_the_index_and_the_diff():
    stored = richtext.sanitize(BODY)
    assert 'data-nota="Según el libro de novedades del 3 de noviembre &amp; el registro «B-7».">1</sup>' in stored
    assert 'data-nota="Medida con cinta métrica.">2</sup>' in stored  # numbered in the body's order
    shown = richtext.to_html(richtext.parse(stored), editor=True)
    assert 'href="npmdesk-nota:Seg%C3%BAn%20el%20libro' in shown
    assert richtext.sanitize(shown) == stored
    # what Qt writes back for the editor's form: a link around an underlined, coloured superscript
    qt = ('<p>Hubo cortes de agua<a href="npmdesk-nota:Seg%C3%BAn%20el%20libro%20de%20novedades%20del%203%20de'
          '%20noviembre%20%26%20el%20registro%20%C2%ABB-7%C2%BB."><span style=" text-decoration: underline;'
          ' color:#0000ff; vertical-align:super;">1</span></a> durante la visita.</p>')
    assert richtext.sanitize(qt) == stored.split("<table>")[0]
    assert richtext.plain_text(stored).split("\n")[-2:] == [f"1. {NOTE}", "2. Medida con cinta métrica."]
    assert "libro de novedades" in search.plain_text(stored)  # the note's words are searchable
    # the reviewer's reading of the text: the mark where it is cited, the note after the paragraph
    assert readable('<p>Hay cortes<sup class="fn" data-nota="Según el libro &amp; el acta.">1</sup> de agua.</p>'
                    '<p>Otra.</p>') == "Hay cortes[1] de agua. [1] Según el libro & el acta.\nOtra."
    assert richtext.word_count(richtext.plain_text(stored)) > richtext.word_count("Hubo cortes de agua1 durante la visita.")


def test_hostile_characters_in_a_note_are_cleaned_like_any_text():
    stored = richtext.sanitize('<p>a<sup class="fn" data-nota="x\u202ey\u200bz\n\n w">1</sup></p>')
    [note] = richtext.notes(richtext.parse(stored))
    assert "\u202e" not in note and "\u200b" not in note and "\n" not in note
    # a mark with no text (or only invisible characters) stays a bare mark, as before
    assert richtext.sanitize('<p>a<sup class="fn" data-nota="\u200b">1</sup></p>') == '<p>a<sup class="fn">1</sup></p>'


def exported(tmp_path, body: str):
    report = ReportOut("Institución", "Informe", "N-1", "Lugar", "fechas", "CONFIDENCIAL", False, "BORRADOR",
                       "Informe de visita", labels=LABELS)
    report.sections.append(SectionOut("Condiciones", body))
    return writer.write(report, tmp_path / "informe.docx")


def test_notes_are_word_footnotes_with_their_text_at_the_right_paragraph(tmp_path):
    path = exported(tmp_path, BODY)
    with zipfile.ZipFile(path) as package:
        notes = etree.fromstring(package.read("word/footnotes.xml"))
        types = package.read("[Content_Types].xml").decode()
        rels = package.read("word/_rels/document.xml.rels").decode()
        styles = package.read("word/styles.xml").decode()
    assert "wordprocessingml.footnotes+xml" in types and 'PartName="/word/footnotes.xml"' in types
    assert "relationships/footnotes" in rels and 'Target="footnotes.xml"' in rels
    assert 'w:styleId="FootnoteReference"' in styles and 'w:styleId="FootnoteText"' in styles
    by_id = {n.get(W + "id"): "".join(t.text for t in n.iter(W + "t")) for n in notes.iter(W + "footnote")}
    assert by_id == {"-1": "", "0": "", "1": " " + NOTE, "2": " Medida con cinta métrica."}
    [first] = [n for n in notes.iter(W + "footnote") if n.get(W + "id") == "1"]
    assert first.find(f".//{W}footnoteRef") is not None  # Word prints the note's number there
    doc = Document(str(path))
    [paragraph] = [p for p in doc.paragraphs if p.text.startswith("Hubo cortes")]
    assert paragraph.text == "Hubo cortes de agua durante la visita."  # the number is Word's, not text
    reference = paragraph._p.find(f".//{W}footnoteReference")
    assert reference.get(W + "id") == "1"
    assert reference.getparent().find(f"{W}rPr/{W}rStyle").get(W + "val") == "FootnoteReference"
    cell = doc.tables[0].cell(0, 0).paragraphs[0]
    assert cell.text == "Celda" and cell._p.find(f".//{W}footnoteReference").get(W + "id") == "2"
    assert " " + NOTE in readback.texts(path.read_bytes())


def test_a_report_without_notes_has_no_footnotes_part(tmp_path):
    with zipfile.ZipFile(exported(tmp_path, "<p>Sin notas<sup>2</sup>.</p>")) as package:
        assert "word/footnotes.xml" not in package.namelist()


@pytest.mark.parametrize("written", [REAL_NAMES[0], REAL_NAMES[0].upper(), "Rigoberto  Quintanilla",
                                     "Rigoberto Quintanilla Saldana", "R\u200bigoberto Quintanilla"])
def test_a_name_hidden_in_a_footnote_is_found_by_the_editor_and_the_export(session, tmp_path, written):
    built = build_report(session)
    section = built.sections[1]
    records.save_section_body(session, section.id, richtext.sanitize(
        f'<p>Se recibió una denuncia<sup class="fn" data-nota="Lo relató {written} el 4 de noviembre.">1</sup>.</p>'))
    assert [p.where for p in disclosure.section_passages(session, section.id)] == [section.title]
    items = export.disclosure_report(session, built.report.id)
    assert [i.where for i in items] == [section.title]  # found once, in the writer's note, where it stands
    with pytest.raises(export.DisclosureFound):
        export.export_report(session, built.report.id, tmp_path / "x.docx")
    assert not (tmp_path / "x.docx").exists()


def test_a_clean_footnote_exports_and_reads_back_without_a_word(session, tmp_path):
    built = build_report(session)
    records.save_section_body(session, built.sections[1].id, richtext.sanitize(BODY))
    assert export.disclosure_report(session, built.report.id) == []
    result = export.export_report(session, built.report.id, tmp_path / "x.docx")
    assert result.overridden == 0
    with zipfile.ZipFile(tmp_path / "x.docx") as package:
        assert "cinta métrica" in package.read("word/footnotes.xml").decode()


def test_a_changed_note_shows_in_the_revision_diff_and_is_found_by_search(session):
    from npmdesk.domain import textdiff
    from npmdesk.services.drafting import editor
    built = build_report(session)
    section = built.sections[1]
    editor.save_body(session, section.id, '<p>Dato<sup class="fn" data-nota="Libro de novedades, folio 12.">1</sup>.</p>')
    editor.save_body(session, section.id, '<p>Dato<sup class="fn" data-nota="Libro de novedades, folio 14.">1</sup>.</p>')
    new, old = editor.history(session, section.id)[:2]
    changed = [(p.kind, p.text) for p in editor.diff(session, old.id, new.id) if p.kind != textdiff.EQUAL]
    assert changed == [(textdiff.DELETE, "12"), (textdiff.INSERT, "14")]
    assert [hit.entity_id for hit in records.find(session, "folio")] == [section.id]


def test_notes_survive_the_json_dump_and_its_import(session, tmp_path):
    from npmdesk.services.exchange import dump as transfer
    built = build_report(session)
    body = richtext.sanitize(BODY)
    records.save_section_body(session, built.sections[1].id, body)
    data = transfer.dump(session)
    imported = transfer.import_dump(data, tmp_path / "copia.npmcase", "Frase de prueba segura 2026")
    try:
        again = records.get(imported, model.Section, built.sections[1].id)
    finally:
        imported.close()
    assert again.body == body and richtext.notes(richtext.parse(again.body))[0] == NOTE


def test_a_template_with_its_own_footnotes_part_gets_ours_instead(tmp_path):
    first = exported(tmp_path, BODY)  # a document with a footnotes part, used as the template
    report = ReportOut("Institución", "Informe", "N-1", "Lugar", "fechas", "CONFIDENCIAL", False, "BORRADOR",
                       "Informe de visita", labels=LABELS)
    report.sections.append(SectionOut("Otra", '<p>Solo una<sup class="fn" data-nota="La única nota.">1</sup>.</p>'))
    again = writer.write(report, tmp_path / "otra.docx", template=first)
    with zipfile.ZipFile(again) as package:
        names = package.namelist()
        notes = etree.fromstring(package.read("word/footnotes.xml"))
        rels = package.read("word/_rels/document.xml.rels").decode()
    assert names.count("word/footnotes.xml") == 1 and rels.count("relationships/footnotes") == 1
    assert [n.get(W + "id") for n in notes.iter(W + "footnote")] == ["-1", "0", "1"]
    assert "cinta métrica" not in etree.tostring(notes, encoding="unicode")
