"""The table of contents' field result, rebuilt from the headings the document really holds.

Word's `TOC \\o "1-3"` field lists every body paragraph styled Heading 1 to 3, wherever the
writer put it (sections, thematic areas, headings inside a body, the annexes' «Personas y
lugares: datos agregados» and «Imágenes»). The cached result is rebuilt here from exactly those
paragraphs, so the list a reader sees before any update is the one the field will produce.
With page numbers (a layout pass, export/layout.py), each entry ends in a right-aligned page
number after a dot leader; without them the result says, in one line, that Word fills them in.

It works on the XML in one pass (python-docx's `paragraphs`, `style` and `add_paragraph` each
walk the document or the styles again, which made a 100-page report take seconds).
"""

import re

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from npmdesk.export import ooxml

HEADING = re.compile(r"^heading ([1-3])$", re.IGNORECASE)
TWIPS_PER_EMU = 1 / 635


def _styles(document) -> dict[str, str]:
    """styleId -> style name, read once."""
    return {el.get(qn("w:styleId")): (el.find(qn("w:name")).get(qn("w:val")) if el.find(qn("w:name")) is not None
                                      else "")
            for el in document.styles.element.iterchildren(qn("w:style"))}


def _style_of(p, styles) -> str:
    found = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return styles.get(found.get(qn("w:val")), "") if found is not None else ""


def _text(p) -> str:
    """A heading's text as one line: a line break in it is a space ("María<br>de la Cruz" must
    not list as "Maríade la Cruz", which neither reads right nor is seen as her name)."""
    breaks = (qn("w:br"), qn("w:cr"), qn("w:tab"))
    return "".join(" " if node.tag in breaks else node.text or ""
                   for node in p.iter(qn("w:t"), *breaks))


def _span(body) -> tuple[list, int, int] | None:
    """(body paragraphs, first, last index) of the paragraphs holding the TOC field."""
    paragraphs = list(body.iterchildren(qn("w:p")))
    start = next((i for i, p in enumerate(paragraphs)
                  if "".join(t.text or "" for t in p.iter(qn("w:instrText"))).strip().startswith("TOC")), None)
    if start is None:
        return None
    depth = 0
    for end in range(start, len(paragraphs)):
        for char in paragraphs[end].iter(qn("w:fldChar")):
            kind = char.get(qn("w:fldCharType"))
            depth += 1 if kind == "begin" else -1 if kind == "end" else 0
        if depth <= 0:
            return paragraphs, start, end
    return None


def present(document) -> bool:
    return _span(document.element.body) is not None


def headings(document) -> list[tuple[int, str]]:
    """(level, text) of every body paragraph the TOC field collects, in order."""
    found = _span(document.element.body)
    paragraphs, start, end = found if found else (list(document.element.body.iterchildren(qn("w:p"))), -1, -1)
    styles = _styles(document)
    listed = _numbered_styles(document)
    counters = [0, 0, 0]
    out = []

    def count(level: int) -> str:
        counters[level - 1] += 1
        counters[level:] = [0] * (3 - level)
        return ".".join(str(n) for n in counters[:level]) + ". "

    for i, p in enumerate(paragraphs):
        if start <= i <= end:
            continue
        match = HEADING.match(_style_of(p, styles))
        text = _text(p).strip()
        if match and text:
            level = int(match.group(1))
            if _numbered(p, listed):  # as Word shows it: «5.1. Trato»
                text = count(level) + text
            out.append((level, text))
        elif not match and (level := _heading_list_level(p, set(listed.values()))):
            count(level)  # an empty section's line (writer.empty_section) takes its number, unlisted
    return out


def _numbered_styles(document) -> dict[str, str]:
    """styleId → numId of the styles that carry a list number of their own (export/numbering.py
    links Heading 1-3 to the heading list)."""
    found = {}
    for el in document.styles.element.iterchildren(qn("w:style")):
        num_id = el.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if num_id is not None:
            found[el.get(qn("w:styleId"))] = num_id.get(qn("w:val"))
    return found


def _heading_list_level(p, heading_lists: set[str]) -> int:
    """1-3 for a paragraph that is not a heading but counts in the heading list at that level."""
    num_pr = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    if num_pr is None or num_pr.find(qn("w:numId")) is None:
        return 0
    if num_pr.find(qn("w:numId")).get(qn("w:val")) not in heading_lists:
        return 0
    ilvl = num_pr.find(qn("w:ilvl"))
    level = int(ilvl.get(qn("w:val"))) + 1 if ilvl is not None else 1
    return level if level <= 3 else 0


def _numbered(p, listed: dict[str, str]) -> bool:
    """Whether a heading shows a number: its style's list, unless the paragraph says numId 0."""
    own = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    if own is not None:
        return own.get(qn("w:val")) != "0"
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style is not None and style.get(qn("w:val")) in listed


def _el(tag: str, parent=None, **attrs):
    el = OxmlElement(tag)
    for name, value in attrs.items():
        el.set(qn(f"w:{name}"), value)
    if parent is not None:
        parent.append(el)
    return el


def _run(p, text: str | None = None, italic: bool = False, child: str | None = None):
    r = _el("w:r", p)
    rpr = _el("w:rPr", r)
    if italic:
        _el("w:i", rpr)
    _el("w:lang", rpr, val=ooxml.LANG)  # as every run the writer makes
    if child is not None:
        _el(child, r)
    if text is not None:
        t = _el("w:t", r)
        t.set(qn("xml:space"), "preserve")
        t.text = text
    return r


def _field_char(p, kind: str) -> None:
    attrs = {"fldCharType": kind, **({"dirty": "true"} if kind == "begin" else {})}
    _el("w:fldChar", _run(p), **attrs)  # dirty: Word still refreshes it (its own pagination) on opening


def fill(document, pages: list[str] | None, note: str) -> bool:
    """Replace the TOC field's cached result with the document's headings (and `pages`, one per
    heading, when the layout pass gave them; else `note` as the last line). Returns whether the
    page numbers went in (False also when there is no TOC field)."""
    found = _span(document.element.body)
    if found is None:
        return False
    paragraphs, start, end = found
    instruction = "".join(t.text or "" for t in paragraphs[start].iter(qn("w:instrText"))).strip()
    entries = headings(document)
    if pages is not None and len(pages) != len(entries):
        pages = None
    ids = {name.lower(): sid for sid, name in _styles(document).items()}
    section = document.sections[-1]
    width = str(int((section.page_width - section.left_margin - section.right_margin) * TWIPS_PER_EMU))
    rows = [(level, text, pages[i] if pages else None) for i, (level, text) in enumerate(entries)]
    if not pages:
        rows.append((1, note, None))
    anchor = paragraphs[end]
    created = []
    for level, text, page in rows:
        p = OxmlElement("w:p")
        ppr = _el("w:pPr", p)
        if f"toc {level}" in ids:
            _el("w:pStyle", ppr, val=ids[f"toc {level}"])
        if page is not None:
            _el("w:tab", _el("w:tabs", ppr), val="right", leader="dot", pos=width)
        if not created:
            _field_char(p, "begin")
            instr = _el("w:instrText", _run(p))
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            _field_char(p, "separate")
        _run(p, text, italic=page is None and text == note)
        if page is not None:
            _run(p, child="w:tab")
            _run(p, page)
        anchor.addprevious(p)
        created.append(p)
    _field_char(created[-1], "end")
    for old in paragraphs[start:end + 1]:
        old.getparent().remove(old)
    return pages is not None
