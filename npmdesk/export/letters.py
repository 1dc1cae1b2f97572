"""A letter (oficio) to one authority, on the institution's letterhead: its numbered
recommendations of an approved report and the date by which a response is due (OPCAT art. 22)."""

from dataclasses import dataclass, field
from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from npmdesk.export import ooxml, tables
from npmdesk.export.docx_base import GREY, DocxWriter


@dataclass
class LetterRecOut:
    number: int  # as numbered in the report
    text: str
    priority: str
    deadline: str
    record_id: str = ""  # not printed: the case file's record of what the letter carried


@dataclass
class LetterOut:
    institution: str
    mechanism: str       # the letterhead's second line
    place_date: str      # "Panamá, 1 de diciembre de 2026"
    reference: str       # "Oficio n.º MNPT-2026-007-O01"
    addressee: tuple[str, ...]
    subject: str
    paragraphs: tuple[str, ...]    # before the table
    closing: tuple[str, ...]       # after it: the response asked for, the farewell
    signature: tuple[str, ...]
    headers: tuple[str, ...]       # Nº, Recomendación, Prioridad, Plazo
    recommendations: list[LetterRecOut] = field(default_factory=list)
    page_of: str = "Página {page} de {pages}"


class LetterWriter(DocxWriter):
    def __init__(self, letter: LetterOut, template: Path | None = None):
        super().__init__(letter.reference, template)
        self.letter = letter

    def letterhead(self) -> None:
        section = self.doc.sections[0]
        first = section.header.paragraphs[0]
        first.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.run(first, self.letter.institution, bold=True, size=Pt(11))
        second = section.header.add_paragraph()
        second.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.run(second, self.letter.mechanism, color=GREY, size=Pt(9))
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        before, after = self.letter.page_of.split("{page}")
        between, end = after.split("{pages}")
        self.run(footer, before, size=Pt(9))
        ooxml.add_field(footer, "PAGE", size=Pt(9))
        self.run(footer, between, size=Pt(9))
        ooxml.add_field(footer, "NUMPAGES", size=Pt(9))
        if end:
            self.run(footer, end, size=Pt(9))

    def table(self) -> None:
        table = self.doc.add_table(rows=1, cols=len(self.letter.headers))
        if "Table Grid" in self.style_ids:
            table.style = self.doc.styles["Table Grid"]
        self.sect_pr.addprevious(table._tbl)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        tables.header_row(self, table.rows[0], self.letter.headers)
        for rec in self.letter.recommendations:
            row = table.add_row()
            ooxml.keep_row_together(row)
            for cell, text in zip(row.cells, (str(rec.number), rec.text, rec.priority, rec.deadline)):
                self.run(cell.paragraphs[0], text, size=Pt(10))
        widths = (Cm(1.0), Cm(10.0), Cm(2.6), Cm(2.8))
        table.autofit = False
        for column, width in zip(table.columns, widths):
            column.width = width
        for row in table.rows:
            for cell, width in zip(row.cells, widths):
                cell.width = width

    def build(self) -> "LetterWriter":
        letter = self.letter
        self.letterhead()
        self.para(letter.place_date, align=WD_ALIGN_PARAGRAPH.RIGHT)
        self.para(letter.reference, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
        self.para()
        for line in letter.addressee:
            self.para(line)
        self.para()
        p = self.para()
        self.run(p, letter.subject, bold=True)
        for text in letter.paragraphs:
            self.para(text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        self.table()
        self.para()
        for text in letter.closing:
            self.para(text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        for _ in range(3):
            self.para()
        for i, line in enumerate(letter.signature):
            self.para(line, bold=i == 0)
        self.properties(letter.reference, letter.subject)
        return self
