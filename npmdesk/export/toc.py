"""The table of contents' field result, rebuilt from the headings the document really holds.

Word's `TOC \\o "1-3"` field lists every body paragraph styled Heading 1 to 3, wherever the
writer put it (sections, thematic areas, headings inside a body, the annexes' «Personas y
lugares: datos agregados» and «Imágenes»). The cached result is rebuilt here from exactly those
paragraphs, so the list a reader sees before any update is the one the field will produce.
With page numbers (a layout pass, export/layout.py), each entry ends in a right-aligned page
number after a dot leader; without them the result says, in one line, that Word fills them in.
"""

import re

from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

HEADING = re.compile(r"^Heading ([1-3])$")


def _instruction(paragraph) -> str:
    return "".join(t.text or "" for t in paragraph._p.iter(qn("w:instrText")))


def _field_span(paragraphs) -> tuple[int, int] | None:
    """(first, last) index of the paragraphs holding the TOC field, from its begin to its end."""
    start = next((i for i, p in enumerate(paragraphs) if _instruction(p).strip().startswith("TOC")), None)
    if start is None:
        return None
    for end in range(start, len(paragraphs)):
        kinds = [c.get(qn("w:fldCharType")) for c in paragraphs[end]._p.iter(qn("w:fldChar"))]
        if "end" in kinds and (end > start or kinds.count("end") >= kinds.count("begin")):
            return start, end
    return None


def present(document) -> bool:
    return _field_span(document.paragraphs) is not None


def headings(document) -> list[tuple[int, str]]:
    """(level, text) of every body paragraph the TOC field collects, in order."""
    paragraphs = document.paragraphs
    span = _field_span(paragraphs) or (-1, -1)
    found = []
    for i, paragraph in enumerate(paragraphs):
        if span[0] <= i <= span[1]:
            continue
        match = HEADING.match(paragraph.style.name if paragraph.style is not None else "")
        if match and paragraph.text.strip():
            found.append((int(match.group(1)), paragraph.text.strip()))
    return found


def _fld(run, kind: str) -> None:
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), kind)
    run._r.append(el)


def _text_width(document):
    section = document.sections[0]
    return section.page_width - section.left_margin - section.right_margin


def fill(document, pages: list[str] | None, note: str) -> bool:
    """Replace the TOC field's cached result with the document's headings (and `pages`, one per
    heading, when the layout pass gave them; else `note` as the last line). False when the
    document has no TOC field or `pages` does not match the headings one for one."""
    paragraphs = document.paragraphs
    span = _field_span(paragraphs)
    if span is None:
        return False
    entries = headings(document)
    if pages is not None and len(pages) != len(entries):
        pages = None
    first = paragraphs[span[0]]
    instruction = _instruction(first).strip()
    anchor = paragraphs[span[1]]._p
    for paragraph in paragraphs[span[0]:span[1] + 1]:
        if paragraph._p is not anchor:
            paragraph._p.getparent().remove(paragraph._p)
    width = _text_width(document)
    rows = [(level, text, pages[i] if pages else None) for i, (level, text) in enumerate(entries)]
    if not pages:
        rows.append((1, note, None))
    created = []
    for level, text, page in rows:
        paragraph = document.add_paragraph(style=f"TOC {level}" if f"TOC {level}" in
                                           [s.name for s in document.styles] else None)
        anchor.addprevious(paragraph._p)
        if page is not None:
            paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
            paragraph.add_run(text)
            paragraph.add_run("\t" + page)
        else:
            run = paragraph.add_run(text)
            run.italic = text == note
        created.append(paragraph)
    head = created[0]._p
    begin, instr, separate = (OxmlElement("w:r") for _ in range(3))
    for run_el, kind in ((begin, "begin"), (separate, "separate")):
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            el.set(qn("w:dirty"), "true")  # Word still refreshes it (its own page breaks) when it opens
        run_el.append(el)
    text_el = OxmlElement("w:instrText")
    text_el.set(qn("xml:space"), "preserve")
    text_el.text = f" {instruction} "
    instr.append(text_el)
    properties = head.find(qn("w:pPr"))
    at = 1 if properties is not None else 0
    for offset, run_el in enumerate((begin, instr, separate)):
        head.insert(at + offset, run_el)
    last = created[-1]
    _fld(last.add_run(), "end")
    # The old end paragraph (which may also hold the page break that follows the TOC) stays,
    # emptied of the field's runs.
    for run_el in list(anchor.iter(qn("w:r"))):
        if run_el.find(qn("w:fldChar")) is not None or run_el.find(qn("w:t")) is not None:
            if run_el.find(qn("w:br")) is None:
                run_el.getparent().remove(run_el)
    if not list(anchor.iter(qn("w:r"))):
        anchor.getparent().remove(anchor)
    return pages is not None
