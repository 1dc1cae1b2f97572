"""The table of contents as delivered: exactly the headings Word's TOC field collects, and, after
the LibreOffice layout pass, each with its page number behind a dot leader, checked against the
pages of the document as LibreOffice renders it."""

import io
import tempfile
from pathlib import Path

import pypdfium2
from docx import Document
from docx.enum.text import WD_TAB_LEADER
from docx.oxml.ns import qn

from export_fixture import build_report, numbered_headings
from npmdesk.export import pdf, toc
from npmdesk.services.archive import word as export

ANNEX_HEADINGS = ("Personas y lugares: datos agregados", "Imágenes")


def field_paragraphs(document):
    """The paragraphs from the TOC field's begin to its end, read straight from the XML."""
    inside, found = False, []
    for paragraph in document.paragraphs:
        kinds = [c.get(qn("w:fldCharType")) for c in paragraph._p.iter(qn("w:fldChar"))]
        instr = "".join(t.text for t in paragraph._p.iter(qn("w:instrText")))
        if instr.strip().startswith("TOC"):
            inside = True
            assert kinds[:2] == ["begin", "separate"] and 'TOC \\o "1-3"' in instr
        if inside:
            found.append(paragraph)
            if "end" in kinds:
                return found
    raise AssertionError("no TOC field")


def heading_texts(document):
    """Every body paragraph styled Heading 1-3 (what `TOC \\o "1-3"` collects), with the list
    number Word shows before it (export_fixture.numbered_headings), read independently."""
    shown = numbered_headings(document)
    styles = [p.style.name for p in document.paragraphs if p.style.name.startswith("Heading")]
    return [text for text, style in zip(shown, styles)
            if style in ("Heading 1", "Heading 2", "Heading 3") and text.strip()]


def test_without_layout_the_list_is_exactly_the_headings_and_says_pages_are_pending(session, tmp_path):
    built = build_report(session)
    result = export.export_report(session, built.report.id, tmp_path / "i.docx")
    assert result.toc_pages is False
    document = Document(str(tmp_path / "i.docx"))
    entries = [p.text for p in field_paragraphs(document)]
    expected = heading_texts(document)
    assert all(h in expected for h in ANNEX_HEADINGS)  # missing from the old pre-filled list
    assert any(h.startswith("1. ") for h in expected)  # chapters carry Word's number, as the field shows them
    assert entries[:-1] == expected
    assert entries[-1].startswith("Los números de página de este índice los completa Word al abrir el documento")


def test_layout_pass_fills_page_numbers_with_dot_leaders(session, tmp_path):
    assert pdf.soffice() is not None, "LibreOffice is required for this test (.ci/run installs it)"
    built = build_report(session)
    result = export.export_report(session, built.report.id, tmp_path / "i.docx", layout=True)
    assert result.toc_pages is True
    data = (tmp_path / "i.docx").read_bytes()
    document = Document(io.BytesIO(data))
    entries = field_paragraphs(document)
    assert [p.text.rsplit("\t", 1)[0] for p in entries] == heading_texts(document) == \
        [text for _level, text in toc.headings(document)]
    pages = [int(p.text.rsplit("\t", 1)[1]) for p in entries]
    assert pages == sorted(pages) and pages[0] >= 3  # after the cover and the TOC's own page
    for paragraph in entries:
        stops = paragraph.paragraph_format.tab_stops
        assert len(stops) == 1 and stops[0].leader == WD_TAB_LEADER.DOTS
    # The numbers are the pages on which LibreOffice prints each heading.
    with tempfile.TemporaryDirectory() as folder:
        rendered = pdf.to_pdf(data)
        assert rendered is not None
        path = Path(folder) / "i.pdf"
        path.write_bytes(rendered)
        pages_text = [page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(str(path))]
    for paragraph, page in zip(entries, pages):
        heading = paragraph.text.rsplit("\t", 1)[0]
        body = pages_text[page - 1].replace("\r", "")
        assert heading in body, (heading, page)


def test_the_layout_pass_passes_over_lines_libreoffice_lists_and_word_does_not():
    """LibreOffice's index also lists a draft's one-line empty sections (numbered with the
    chapters); the page of each heading is still found, in order, and a missing one gives none."""
    from npmdesk.export import layout
    laid = [("1. Resumen", "3"), ("2. Buenas prácticas — Sin contenido.", "3"), ("3. Hallazgos", "4"),
            ("3.1. Trato", "4"), ("Imágenes", "9")]
    assert layout.pages_of(laid, ["1. Resumen", "3. Hallazgos", "3.1. Trato", "Imágenes"]) == ["3", "4", "4", "9"]
    assert layout.pages_of(laid, ["1. Resumen", "4. Conclusiones"]) is None
    assert layout.pages_of(laid, ["3. Hallazgos", "1. Resumen"]) is None  # in the document's order only
