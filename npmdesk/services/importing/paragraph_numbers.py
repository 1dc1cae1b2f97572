"""Numbered paragraphs are not lists.

Reports in the SPT's and the MNPT's style number every paragraph with one Word list that runs
through the whole document (npmdesk's own export does, export/numbering.py). Read as it is, every
such paragraph would come in as an item of a numbered list. The tell is that the numbering goes on
across headings: a list belongs to one passage, paragraph numbering to the whole report. Those
paragraphs lose their numbering before mammoth reads them, so they come in as paragraphs and
Word renumbers them when the report is exported again.
"""

from docx.oxml.ns import qn


def _heading_styles(document, heading_names: set[str]) -> set[str]:
    return {s.style_id for s in document.styles if s.name in heading_names}


def _num_id(paragraph) -> str | None:
    num = paragraph.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    value = num.get(qn("w:val")) if num is not None else None
    return value if value not in (None, "0") else None


def paragraph_lists(document, heading_names: set[str]) -> set[str]:
    """The numIds (as written) whose items stand under more than one heading."""
    headings = _heading_styles(document, heading_names)
    under: dict[str, set[int]] = {}
    heading_no = 0
    for paragraph in document.element.body.iter(qn("w:p")):
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is not None and style.get(qn("w:val")) in headings:
            heading_no += 1
            continue
        num_id = _num_id(paragraph)
        if num_id is not None:
            under.setdefault(num_id, set()).add(heading_no)
    return {num_id for num_id, places in under.items() if len(places) > 1}


def unnumber(document, heading_names: set[str]) -> bool:
    """Take the paragraph numbering off the python-docx `document`; whether there was any."""
    lists = paragraph_lists(document, heading_names)
    for paragraph in document.element.body.iter(qn("w:p")):
        if _num_id(paragraph) in lists:
            p_pr = paragraph.find(qn("w:pPr"))
            p_pr.remove(p_pr.find(qn("w:numPr")))
    return bool(lists)
