"""Table layout a reader expects: columns as wide as their content needs, and short tables
kept on one page.

Word and LibreOffice lay an "autofit" table out differently (LibreOffice keeps python-docx's
equal grid columns, so a date wraps over three lines in a narrow column); a fixed layout with
widths written into the grid, the table and every cell is drawn alike by both.
"""

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor

from npmdesk.export import ooxml

SHORT_ROWS = 8  # a table up to this many rows moves whole to the next page rather than split (a longer
# one splits between rows, its header row repeated, instead of leaving most of a page blank)
MIN_COLUMN = Cm(1.2)
CHAR = int(Cm(0.23))  # an average letter of 11-pt Arial, bold included, with room to spare
PAD = int(Cm(0.45))  # the cell's left and right margins
HEADER_FILL = "1F3A5F"  # the header row of every table the export builds: white bold text on navy
WHITE = RGBColor(0xFF, 0xFF, 0xFF)


def text_width(document) -> Emu:
    """The width between the margins of the document's last section."""
    section = document.sections[-1]
    return Emu(section.page_width - section.left_margin - section.right_margin)


def content_widths(rows: list[list[str]], total: int) -> list[int]:
    """Widths (EMU) summing to `total`, following what each column holds: its longest word
    sets a floor (so "cumplida" is never cut into "cumpli-da"), and what is left is shared
    by how much longer each column's longest text is than its floor."""
    cols = max((len(row) for row in rows), default=1)
    longest = [1] * cols
    floor = [int(MIN_COLUMN)] * cols
    for row in rows:
        for c, text in enumerate(row):
            longest[c] = max(longest[c], len(text))
            word = max((len(w) for w in text.split()), default=1)
            floor[c] = max(floor[c], word * CHAR + PAD)
    if sum(floor) >= total:  # too many columns for the page: shares by their floors
        widths = [total * f // sum(floor) for f in floor]
    else:
        extra = [max(0, longest[c] * CHAR + PAD - floor[c]) for c in range(cols)]
        spare = total - sum(floor)
        if sum(extra) <= spare:  # everything fits on one line: widen in proportion
            extra = [e + (floor[c] if not sum(extra) else 0) for c, e in enumerate(extra)]
        widths = [floor[c] + spare * extra[c] // max(1, sum(extra)) for c in range(cols)]
    widths[-1] += total - sum(widths)
    return widths


_AFTER_LAYOUT = frozenset(qn(f"w:{tag}") for tag in ("tblCellMar", "tblLook", "tblCaption", "tblDescription",
                                                     "tblPrChange"))


def fix_widths(table, widths: list[int], cells: bool = True) -> None:
    """A fixed layout with `widths` (EMU) in the table grid, the table and (`cells`) each cell
    already there; rows added afterwards take their widths from the grid (python-docx's add_row)."""
    tbl_pr = table._tbl.tblPr
    layout = tbl_pr.find(qn("w:tblLayout"))
    if layout is None:  # in the schema's place, before tblCellMar and tblLook (Word insists)
        layout = OxmlElement("w:tblLayout")
        after = next((c for c in tbl_pr if c.tag in _AFTER_LAYOUT), None)
        if after is not None:
            after.addprevious(layout)
        else:
            tbl_pr.append(layout)
    layout.set(qn("w:type"), "fixed")
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(sum(Emu(w).twips for w in widths)))
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Emu(width)
    if cells:
        for row in table.rows:
            for cell, width in zip(row.cells, widths):
                cell.width = Emu(width)


def header_row(writer, row, texts) -> None:
    """`row` as a table's header: each of `texts` in white bold on navy, the row repeated at the
    top of every page the table runs onto (w:tblHeader) and never split. `writer` is the
    DocxWriter whose `run` records the text for the disclosure check."""
    for cell, text in zip(row.cells, texts):
        writer.run(cell.paragraphs[0], text, bold=True, color=WHITE, size=Pt(10))
        ooxml.shade(cell, HEADER_FILL)
    ooxml.repeat_header(row)


def keep_together(table) -> None:
    """A short table's rows never split and stay with the next row, so the table moves to
    the next page whole instead of leaving a row alone (Word's "keep with next" on every
    paragraph but the last row's, plus w:cantSplit)."""
    rows = table.rows
    if len(rows) > SHORT_ROWS:
        return
    for index, row in enumerate(rows):
        tr_pr = row._tr.get_or_add_trPr()
        if tr_pr.find(qn("w:cantSplit")) is None:
            tr_pr.append(OxmlElement("w:cantSplit"))
        if index < len(rows) - 1:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True


_TR, _TR_PR, _CANT_SPLIT, _TC, _TC_PR, _TC_W, _P = (qn(f"w:{tag}") for tag in ("tr", "trPr", "cantSplit", "tc",
                                                                          "tcPr", "tcW", "p"))
_W, _TYPE = qn("w:w"), qn("w:type")


def plain_row(table, widths: list[int]) -> list:
    """Append a row that never splits, one empty paragraph per cell of `widths` (EMU), and
    return the paragraphs' w:p elements. Built with lxml: python-docx's add_row and cells
    walk the whole grid for every row and were most of a long recommendations table's time."""
    tbl = table._tbl
    tr = tbl.makeelement(_TR, {})
    tr_pr = tbl.makeelement(_TR_PR, {})
    tr_pr.append(tbl.makeelement(_CANT_SPLIT, {}))
    tr.append(tr_pr)
    paragraphs = []
    for width in widths:
        tc = tbl.makeelement(_TC, {})
        tc_pr = tbl.makeelement(_TC_PR, {})
        tc_pr.append(tbl.makeelement(_TC_W, {_W: str(Emu(width).twips), _TYPE: "dxa"}))
        tc.append(tc_pr)
        p = tbl.makeelement(_P, {})
        tc.append(p)
        tr.append(tc)
        paragraphs.append(p)
    tbl.append(tr)
    return paragraphs
