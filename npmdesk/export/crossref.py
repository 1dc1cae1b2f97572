"""Word cross-references to numbered paragraphs: a hidden bookmark on the paragraph and a REF
field that shows its number, so «párr. 25» in the recommendations table follows the paragraph
when someone inserts text before it in Word.

The bookmark is hidden (its name starts with "_", as Word's own `_Ref…` targets; not `_Ref`
and nine digits as Word writes them: the disclosure check reads field instructions, and three
letters and nine digits are a passport number to it); the field is `REF name \\r \\h`: the paragraph's number
without its trailing period (\\r) and a link to it (\\h). Its cached result is the number the
export gave the paragraph, so LibreOffice, and Word before any update, show the right number.
"""

from docx.oxml.ns import qn
from lxml.etree import SubElement

from npmdesk.export import ooxml

FIRST_ID = 70000  # bookmark ids of their own: the generated parts' marks start at 90001 (generated.py)
NAME = "_RefParrafo{n}"
_R, _RPR, _COLOR, _SZ, _LANG, _FLD, _INSTR, _T, _VAL = (
    qn(f"w:{tag}") for tag in ("r", "rPr", "color", "sz", "lang", "fldChar", "instrText", "t", "val"))


class CrossReferences:
    """The targets and references of one document being written."""

    def __init__(self):
        self.count = 0

    def target(self, p) -> str:
        """Bookmark the whole of paragraph element `p` (after its properties) and return the
        bookmark's name, for `reference`."""
        self.count += 1
        mark_id, name = str(FIRST_ID + self.count), NAME.format(n=self.count)
        start = p.makeelement(qn("w:bookmarkStart"), {qn("w:id"): mark_id, qn("w:name"): name})
        p_pr = p.find(qn("w:pPr"))
        p.insert(0 if p_pr is None else p.index(p_pr) + 1, start)
        p.append(p.makeelement(qn("w:bookmarkEnd"), {qn("w:id"): mark_id}))
        return name


def reference(p, name: str, shown: str, color: str | None = None, half_points: int | None = None) -> None:
    """Append to paragraph element `p` a REF field to bookmark `name` showing `shown` (the
    paragraph number it has now), in the given colour and size like the text around it."""
    def run():
        r = SubElement(p, _R)
        rpr = SubElement(r, _RPR)
        if color:
            SubElement(rpr, _COLOR).set(_VAL, color)
        if half_points:
            SubElement(rpr, _SZ).set(_VAL, str(half_points))
        SubElement(rpr, _LANG).set(_VAL, ooxml.LANG)
        return r

    SubElement(run(), _FLD).set(qn("w:fldCharType"), "begin")
    instr = SubElement(run(), _INSTR)
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" REF {name} \\r \\h "
    SubElement(run(), _FLD).set(qn("w:fldCharType"), "separate")
    SubElement(run(), _T).text = shown
    SubElement(run(), _FLD).set(qn("w:fldCharType"), "end")
