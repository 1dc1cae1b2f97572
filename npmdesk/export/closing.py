"""How a report ends: the closing block the Director signs, and the integrity page.

The closing block (place and date of approval, the authorities addressed, the Director's name
and role under a signature line, who approved the report and when) stands after the last
chapter of text and before the annexes, as in the MNPT's and the SPT's reports.

The integrity information is npmdesk's, not the Director's signature, so it gets a page of its
own at the very end, "Constancia de integridad", in plain Spanish: the bitácora's short code,
what it proves and how to check it. Every paragraph on that page is written under the
`where_anchor` label: the export's disclosure check leaves those lines out, because their
digit groups can read as a telephone number (services/archive/word.py).
"""

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

from npmdesk.export import ooxml
from npmdesk.export.content import ClosingOut

NAVY = RGBColor(0x1F, 0x3A, 0x5F)
SIGNATURE_LINE = "_" * 38


def closing_block(writer, closing: ClosingOut) -> None:
    """The block under the last chapter of text; each part kept with the next, so the
    signature never stands alone at the top of a page."""
    labels = writer.report.labels
    writer.where = labels["where_closing"]
    date = writer.para(closing.place_date, align=WD_ALIGN_PARAGRAPH.RIGHT)
    date.paragraph_format.space_before = Pt(12)
    date.paragraph_format.keep_with_next = True
    if closing.addressees:
        heading = writer.para(labels["closing_addressees"], bold=True)
        heading.paragraph_format.keep_with_next = True
        heading.paragraph_format.space_before = Pt(12)
        for name in closing.addressees:
            line = writer.para(name)
            line.paragraph_format.keep_with_next = True
            line.paragraph_format.space_after = Pt(0)
            line.paragraph_format.left_indent = Pt(18)
    space = writer.para()
    space.paragraph_format.space_before = Pt(36)
    space.paragraph_format.keep_with_next = True
    line = writer.para(SIGNATURE_LINE, align=WD_ALIGN_PARAGRAPH.CENTER)
    line.paragraph_format.keep_with_next = True
    line.paragraph_format.space_after = Pt(0)
    name = writer.para(closing.signer_name or " ", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    name.paragraph_format.keep_with_next = True
    name.paragraph_format.space_after = Pt(0)
    role = writer.para(closing.signer_role, align=WD_ALIGN_PARAGRAPH.CENTER)
    role.paragraph_format.keep_with_next = bool(closing.approval)
    if closing.approval:
        approval = writer.para(closing.approval, italic=True, size=Pt(10))
        approval.paragraph_format.space_before = Pt(18)


def integrity_page(writer, lines: list[str]) -> None:
    """The last page: what the bitácora's code and the root code are and how to check them.
    `lines`: the anchor line first (count and short code, who signed it), then the root's."""
    if not lines:
        return
    labels = writer.report.labels
    writer.where = labels["where_anchor"]
    ooxml.page_break(writer.para())
    writer.para(labels["integrity_title"], "Subtitle", bold=True, color=NAVY)
    writer.para(labels["integrity_intro"], italic=True)
    parts = [(labels["integrity_code"], lines[0]), (labels["integrity_proves"], labels["integrity_proves_text"]),
             (labels["integrity_check"], labels["integrity_check_text"])]
    if len(lines) > 1:
        parts += [(labels["integrity_root"], line) for line in lines[1:]]
    for label, text in parts:
        heading = writer.para(label, bold=True)
        heading.paragraph_format.keep_with_next = True
        heading.paragraph_format.space_before = Pt(10)
        heading.paragraph_format.space_after = Pt(2)
        writer.para(text)
