"""The recommendations table at the end of the report (export/writer.py calls it where the
template names its place, "recomendaciones")."""

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.text.paragraph import Paragraph

from npmdesk.export import ooxml, tables

GREY = RGBColor(0x59, 0x59, 0x59)


def end_table(writer) -> None:
    """The end table: grouped by authority (each group headed by it), by priority within it;
    each number the one the text gave it in place, with the paragraph where it stands."""
    lab = writer.report.labels
    recs = writer.report.recommendations
    if not recs:
        writer.para(lab["no_recommendations"], italic=True)
        return
    # No authority column: each authority heads its group of rows.
    headers = [lab["col_number"], lab["col_text"], lab["col_priority"], lab["col_deadline"]]
    groups: dict[str, list] = {}
    for rec in recs:
        groups.setdefault(rec.authority, []).append(rec)
    table = writer.table(1, len(headers))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers):
        writer.run(cell.paragraphs[0], text, bold=True, size=Pt(10))
        ooxml.shade(cell, "1F3A5F")
        cell.paragraphs[0].runs[0].font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    ooxml.repeat_header(table.rows[0])
    # The deadline ("31 de diciembre de 2025") gets room for two lines at most, the number
    # (and "párr. 25" under it) and the priority what they need, the text the rest. Set
    # before the rows are added: each new row takes its cells' widths from the grid.
    fixed = [int(Cm(1.8)), int(Cm(2.5)), int(Cm(3.6))]
    widths = [fixed[0], writer.text_width - sum(fixed), fixed[1], fixed[2]]
    tables.fix_widths(table, widths)
    section_where = writer.where
    for authority, items in groups.items():
        writer.where = authority
        row = table.add_row()
        ooxml.keep_row_together(row)
        merged = row.cells[0].merge(row.cells[-1])
        merged.width = Emu(sum(widths))  # the whole row, not the last column's width
        merged.paragraphs[0].paragraph_format.keep_with_next = True  # the group name stays with its rows
        writer.run(merged.paragraphs[0], authority, bold=True, size=Pt(10))
        ooxml.shade(merged, "DCE4EE")
        for rec in items:
            cells = tables.plain_row(table, widths)
            number = writer.rec_number.setdefault(id(rec), len(writer.rec_number) + 1)
            for p, text in zip(cells, (str(number), rec.text, rec.priority, rec.deadline)):
                writer.run(Paragraph(p, table), text, size=Pt(10))
            if writer.placed.get(id(rec)):  # where it stands in the text, in bold
                where = OxmlElement("w:p")
                cells[0].addnext(where)
                writer.run(Paragraph(where, table), lab["rec_paragraph"].format(n=writer.placed[id(rec)]),
                         color=GREY, size=Pt(8))
    writer.where = section_where
    tables.keep_together(table)
    writer.para()
