"""Word's own numbering for the report: a multilevel list for the headings and one continuous
list for the paragraphs, as the MNPT's and the SPT's reports number them.

The heading list is linked to the Heading 1–3 styles (each level names its style, each style
names the list), so a section a reader inserts in Word is numbered and every later one
renumbered; headings that are not chapters (a thematic area under "Hallazgos", a minor heading
inside a text, the annex's own parts) carry numId 0, Word's "no numbering". The paragraph list
has one level and is never restarted: paragraph 25 is the 25th numbered paragraph of the report,
which is what the recommendations table refers to.
"""

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

LEVELS = 9
NO_LIST = 0

# Children in the schema's order (CT_Lvl: start, numFmt, pStyle, suff, lvlText, lvlJc, pPr):
# Word refuses a level whose suff follows lvlJc, which LibreOffice reads (tests/test_ooxml_word.py).
_HEADING_LEVEL = ('<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
                  '{style}<w:suff w:val="space"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                  '<w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>')
_PARAGRAPHS = ('<w:abstractNum {ns} w:abstractNumId="{id}"><w:multiLevelType w:val="singleLevel"/>'
               '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
               '<w:lvlJc w:val="left"/><w:pPr><w:tabs><w:tab w:val="num" w:pos="567"/></w:tabs>'
               '<w:ind w:left="567" w:hanging="567"/></w:pPr></w:lvl></w:abstractNum>')


def _headings_xml(abstract_id: int, style_ids: list[str]) -> str:
    levels = []
    for ilvl in range(LEVELS):
        style = f'<w:pStyle w:val="{style_ids[ilvl]}"/>' if ilvl < len(style_ids) else ""
        text = ".".join(f"%{n}" for n in range(1, ilvl + 2)) + "."
        levels.append(_HEADING_LEVEL.format(ilvl=ilvl, style=style, text=text))
    return (f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            f'<w:multiLevelType w:val="multilevel"/>{"".join(levels)}</w:abstractNum>')


def add_lists(document, heading_styles: dict[int, str]) -> tuple[int, int]:
    """Add the heading and the paragraph lists to the document's numbering part (created when
    the template has none) and link Heading 1–3 to the first; returns their numIds.
    `heading_styles`: level (0, 1, 2) → styleId of the template's heading style."""
    numbering = document.part.numbering_part.element
    taken = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    headings_id = max(taken, default=-1) + 1
    style_ids = [heading_styles[level] for level in sorted(heading_styles)]
    first_num = numbering.find(qn("w:num"))
    for xml in (_headings_xml(headings_id, style_ids), _PARAGRAPHS.format(ns=nsdecls("w"), id=headings_id + 1)):
        abstract = parse_xml(xml)
        if first_num is not None:
            first_num.addprevious(abstract)  # every abstractNum before the first num (schema order)
        else:
            numbering.append(abstract)
    heading_num = numbering.add_num(headings_id).numId
    paragraph_num = numbering.add_num(headings_id + 1).numId
    styles = {s.style_id: s for s in document.styles}
    for level, style_id in heading_styles.items():
        if style_id in styles:
            _number(styles[style_id].element.get_or_add_pPr(), heading_num, level)
    return heading_num, paragraph_num


def _number(p_pr, num_id: int, ilvl: int) -> None:
    num_pr = p_pr.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id


_BEFORE_NUMPR = frozenset(qn(f"w:{tag}") for tag in ("pStyle", "keepNext", "keepLines", "pageBreakBefore",
                                                      "framePr", "widowControl"))
_P_PR, _NUM_PR, _ILVL, _NUM_ID, _VAL = (qn(f"w:{tag}") for tag in ("pPr", "numPr", "ilvl", "numId", "val"))


def number(paragraph, num_id: int, ilvl: int = 0) -> None:
    """Put `paragraph` in list `num_id` at level `ilvl` (NO_LIST: out of any list its style has).

    Written with lxml in schema order: python-docx's get_or_add_numPr searches every possible
    successor and was a fifth of a long report's export time."""
    p = paragraph._p
    p_pr = p.find(_P_PR)
    if p_pr is None:
        p_pr = p.makeelement(_P_PR, {})
        p.insert(0, p_pr)
    old = p_pr.find(_NUM_PR)
    if old is not None:
        p_pr.remove(old)
    at = 0
    while at < len(p_pr) and p_pr[at].tag in _BEFORE_NUMPR:
        at += 1
    num_pr = p_pr.makeelement(_NUM_PR, {})
    num_pr.append(p_pr.makeelement(_ILVL, {_VAL: str(min(ilvl, LEVELS - 1))}))
    num_pr.append(p_pr.makeelement(_NUM_ID, {_VAL: str(num_id)}))
    p_pr.insert(at, num_pr)


_AFTER_OUTLINE = frozenset(qn(f"w:{tag}") for tag in ("divId", "cnfStyle", "rPr", "sectPr", "pPrChange"))


def body_text_level(paragraph) -> None:
    """Give `paragraph` outline level 9, "body text", in so many words: it is numbered in the
    heading list but is no heading, and Word's TOC field collects paragraphs by outline level.
    (LibreOffice's own index still lists paragraphs of the chapter numbering, so the layout
    pass matches its lines to the headings by text: export/layout.pages_of.)"""
    p_pr = paragraph._p.get_or_add_pPr()
    for old in p_pr.findall(qn("w:outlineLvl")):
        p_pr.remove(old)
    level = p_pr.makeelement(qn("w:outlineLvl"), {_VAL: "9"})
    after = next((child for child in p_pr if child.tag in _AFTER_OUTLINE), None)
    if after is not None:
        after.addprevious(level)
    else:
        p_pr.append(level)
