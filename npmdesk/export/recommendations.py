"""The recommendations table at the end of the report (export/writer.py calls it where the
template names its place, "recomendaciones")."""

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.text.paragraph import Paragraph

from npmdesk.export import crossref, ooxml, tables

GREY = RGBColor(0x59, 0x59, 0x59)


def by_finding(report) -> dict[str, list]:
    """finding id → the recommendations that rest on it (each is placed once)."""
    found: dict[str, list] = {}
    for rec in report.recommendations:
        for finding_id in rec.finding_ids:  # placed after the first of them the report prints
            found.setdefault(finding_id, []).append(rec)
    return found


def by_authority(recs) -> dict[str, list]:
    """The end table's groups: each authority with its recommendations, in the given order."""
    groups: dict[str, list] = {}
    for rec in recs:
        groups.setdefault(rec.authority, []).append(rec)
    return groups


def numbers(report) -> dict[int, int]:
    """id(recommendation) → its number in the report: in the order the text shows them in
    place (after the first finding they rest on), then the end table's order for the rest.
    The writer and the letters to the authorities (services/archive/letters.py) both number
    from here, so a letter's «Recomendación 3» is the report's."""
    at = by_finding(report)
    table_order = [rec for group in by_authority(report.recommendations).values() for rec in group]
    found: dict[int, int] = {}

    def walk(sections) -> None:
        for section in sections:
            for _area, findings in section.findings:
                for finding in findings:
                    for rec in at.get(finding.id, []):
                        found.setdefault(id(rec), len(found) + 1)
            if section.recommendations:
                for rec in table_order:
                    found.setdefault(id(rec), len(found) + 1)
            walk(section.children)

    walk(report.sections)
    for rec in table_order:  # a report whose template names no place for the table
        found.setdefault(id(rec), len(found) + 1)
    return found


def paragraph_reference(writer, paragraph, label: str, number: int, target: str) -> None:
    """`label` («párr. {n}») in small grey type, its number a cross-reference to bookmark
    `target` (export/crossref.py), so Word renumbers it with the paragraph."""
    before, _n, after = label.partition("{n}")
    if before:
        writer.run(paragraph, before, color=GREY, size=Pt(8))
    crossref.reference(paragraph._p, target, str(number), str(GREY), 16)
    writer.transcript.setdefault(id(paragraph._p), [writer.where, paragraph._p, []])[2].append(str(number))
    if after:
        writer.run(paragraph, after, color=GREY, size=Pt(8))


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
    groups = by_authority(recs)
    table = writer.grid(1, len(headers))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tables.header_row(writer, table.rows[0], headers)
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
            number = writer.rec_number[id(rec)]
            for p, text in zip(cells, (str(number), rec.text, rec.priority, rec.deadline)):
                writer.run(Paragraph(p, table), text, size=Pt(10))
            if writer.placed.get(id(rec)):  # where it stands in the text, in bold
                where = OxmlElement("w:p")
                cells[0].addnext(where)
                paragraph_reference(writer, Paragraph(where, table), lab["rec_paragraph"],
                                    writer.placed[id(rec)], writer.targets[id(rec)])
    writer.where = section_where
    tables.keep_together(table)
    writer.para()
