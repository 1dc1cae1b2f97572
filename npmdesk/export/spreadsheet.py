"""Tables (a header and rows of text) written as CSV or XLSX for other systems.

Both guard against formula injection (OWASP «CSV injection»): a spreadsheet runs a cell that
starts with = + - @ (or a tab or carriage return before them) as a formula. In CSV such a cell
gets a leading apostrophe, which spreadsheets show as text; in XLSX the cell is written as an
explicit string, so its text stays exactly what the case file holds.
"""

import csv
import io
from dataclasses import dataclass

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Table:
    title: str                 # the sheet's name in XLSX (at most 31 characters)
    header: list[str]
    rows: list[list[str]]


def csv_safe(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_bytes(table: Table) -> bytes:
    """UTF-8 with a byte-order mark (so spreadsheets in Spanish read the accents), comma
    separated, every field quoted when needed (RFC 4180), lines ending in CRLF."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_safe(h) for h in table.header])
    for row in table.rows:
        writer.writerow([csv_safe(str(cell)) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(tables: list[Table]) -> bytes:
    """One sheet per table, header in bold and frozen, every cell a string."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.title[:31])
        for r, row in enumerate([table.header, *table.rows], start=1):
            for c, value in enumerate(row, start=1):
                cell = sheet.cell(row=r, column=c)
                cell.value = _xlsx_text(str(value))
                cell.data_type = "s"  # never a formula, whatever the text starts with
                if r == 1:
                    cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for c, head in enumerate(table.header, start=1):
            sheet.column_dimensions[sheet.cell(row=1, column=c).column_letter].width = max(12, min(60, len(head) + 4))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_text(value: str) -> str:
    # XML 1.0 cannot hold most control characters; the case file's text is cleaned already,
    # so this only drops what openpyxl would refuse.
    return "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 32)
