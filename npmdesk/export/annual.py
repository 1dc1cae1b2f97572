"""The annual report (OPCAT art. 23) as a .docx on the institution's base template, in the
style of the visit report's export (writer.py): a cover, numbered chapters, tables with a
shaded header row that repeats across pages, charts as images with alt text and a caption,
page numbers, «BORRADOR» in header and footer while the written parts are not approved. The
parts people write are their sections' rich text, read with the editor's own reader
(domain/richtext.py) as the visit report's writer reads it; the report ends, like a visit
report, with the closing block and the integrity page (export/closing.py).

Every text goes through `clean` and is kept in a transcript (each paragraph's whole text) so
the service can run the disclosure check over exactly what was written (export/docx_base.py).
"""

import io
from dataclasses import dataclass, field
from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

from npmdesk.domain import richtext
from npmdesk.domain.text import clean
from npmdesk.export import closing, footnotes, ooxml, tables
from npmdesk.export.content import ClosingOut
from npmdesk.export.docx_base import DRAFT_RED, GREY, DocxWriter
from npmdesk.export.rich_body import RichBody

HEADER_FILL, TOTAL_FILL = "1F3A5F", "DCE4EE"


@dataclass
class TableOut:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    chart_png: bytes | None = None  # the same figures as a chart, shown above the table
    total_last: bool = False        # the last row is a total (shaded)


@dataclass
class Block:
    kind: str  # "p" paragraph, "note" italic grey note, "h" sub-heading, "table", "finding",
    # "rich": a section's stored body (the editor's HTML) in `text`
    text: str = ""
    detail: str = ""  # a finding's text
    table: TableOut | None = None


@dataclass
class ChapterOut:
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class AnnualOut:
    institution: str
    kind_label: str  # "INFORME ANUAL"
    title: str
    subtitle: str
    draft: bool
    draft_mark: str
    # "page_of" ("Página {page} de {pages}"), "figure" ("Gráfico {n}."), "empty", and those of
    # the closing block and the integrity page (services/archive/word.labels)
    labels: dict[str, str]
    chapters: list[ChapterOut] = field(default_factory=list)
    closing: ClosingOut | None = None


class AnnualWriter(RichBody, DocxWriter):
    def __init__(self, content: AnnualOut, template: Path | None = None):
        super().__init__(content.title, template)
        self.content = content
        self.figure = 0
        self.footnotes = footnotes.Footnotes(self.doc)
        self.text_width = int(tables.text_width(self.doc))

    @property
    def report(self) -> AnnualOut:
        """What export/closing.py reads its labels from, as in the visit report's writer."""
        return self.content

    def cover(self) -> None:
        c = self.content
        self.para(c.institution, "Subtitle", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        for _ in range(5):
            self.para()
        self.para(c.kind_label, bold=True, color=GREY, align=WD_ALIGN_PARAGRAPH.CENTER)
        self.para(c.title, "Title", align=WD_ALIGN_PARAGRAPH.CENTER)
        self.para(c.subtitle, "Subtitle", align=WD_ALIGN_PARAGRAPH.CENTER)
        if c.draft:
            self.para(c.draft_mark, "Subtitle", bold=True, color=DRAFT_RED, size=Pt(20),
                      align=WD_ALIGN_PARAGRAPH.CENTER)
        ooxml.page_break(self.para())

    def chapter(self, number: int, chapter: ChapterOut) -> None:
        self.where = chapter.title
        self.para(f"{number}. {chapter.title}", "Heading 1")
        for block in chapter.blocks:
            if block.kind == "h":
                self.para(block.text, "Heading 2")
            elif block.kind == "p":
                self.para(block.text)
            elif block.kind == "note":
                self.para(block.text, italic=True, color=GREY)
            elif block.kind == "finding":
                p = self.para()
                self.run(p, block.text + ". ", bold=True)
                self.run(p, block.detail)
            elif block.kind == "table":
                self.table(block.table)
            elif block.kind == "rich":
                self.rich(block.text)

    def rich(self, body: str) -> None:
        """A written section's body: paragraphs, sub-headings, lists, tables and footnotes."""
        for block in richtext.parse(body):
            if isinstance(block, richtext.Table):
                self.body_table(block)
                continue
            if block.kind == "h3":
                paragraph = self.para(style="Heading 3")
            elif block.kind in ("ul", "ol"):
                base = "List Bullet" if block.kind == "ul" else "List Number"
                paragraph = self.para(style=base if block.level == 0 else f"{base} {min(block.level + 1, 3)}")
            else:
                paragraph = self.para()
            self.runs(paragraph, block.runs, bold=block.kind == "h4")

    def table(self, out: TableOut) -> None:
        title = self.para(out.title, "Heading 3" if "Heading 3" in self.style_ids else None, bold=True)
        title.paragraph_format.keep_with_next = True
        if out.chart_png is not None:
            self.figure += 1
            p = self.para(align=WD_ALIGN_PARAGRAPH.CENTER)
            p.add_run().add_picture(io.BytesIO(out.chart_png), width=Cm(16))
            ooxml.alt_text(p, clean(out.title))
            p.paragraph_format.keep_with_next = True
            caption = self.para(style="Caption", align=WD_ALIGN_PARAGRAPH.CENTER)
            caption.paragraph_format.keep_with_next = True  # the table follows its chart
            self.run(caption, self.content.labels["figure"].format(n=self.figure) + " ", bold=True)
            self.run(caption, out.title)
        if not out.rows:
            self.para(self.content.labels["empty"], italic=True, color=GREY)
            return
        table = self.doc.add_table(rows=1, cols=len(out.headers))
        if "Table Grid" in self.style_ids:
            table.style = self.doc.styles["Table Grid"]
        self.sect_pr.addprevious(table._tbl)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        size = Pt(8) if len(out.headers) > 4 else Pt(10)
        for i, (cell, text) in enumerate(zip(table.rows[0].cells, out.headers)):
            self.run(cell.paragraphs[0], text, bold=True, color=RGBColor(0xFF, 0xFF, 0xFF), size=size)
            ooxml.shade(cell, HEADER_FILL)
            if i:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            cell.paragraphs[0].paragraph_format.keep_with_next = True
        ooxml.repeat_header(table.rows[0])
        for n, values in enumerate(out.rows, 1):
            row = table.add_row()
            ooxml.keep_row_together(row)
            total = out.total_last and n == len(out.rows)
            for i, (cell, text) in enumerate(zip(row.cells, values)):
                self.run(cell.paragraphs[0], text, bold=total, size=size)
                if i:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
                if total:
                    ooxml.shade(cell, TOTAL_FILL)
                if n < len(out.rows):  # a table of a few rows is not split from its heading
                    cell.paragraphs[0].paragraph_format.keep_with_next = True
        first = Cm(7.5 if len(out.headers) <= 3 else 4.0)
        rest = (Cm(16.4) - first) / max(1, len(out.headers) - 1)
        table.autofit = False
        widths = [first] + [int(rest)] * (len(out.headers) - 1)
        for column, width in zip(table.columns, widths):  # the grid, which LibreOffice reads
            column.width = width
        for row in table.rows:
            for cell, width in zip(row.cells, widths):
                cell.width = width
        self.para()

    def header_footer(self) -> None:
        c = self.content
        self.where = c.labels["page_of"]
        section = self.doc.sections[0]
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if c.draft:
            self.run(header, c.draft_mark, bold=True, color=DRAFT_RED, size=Pt(22))
            header = section.header.add_paragraph()
            header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.run(header, c.title, color=GREY, size=Pt(9))
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        before, after = c.labels["page_of"].split("{page}")
        between, end = after.split("{pages}")
        self.run(footer, before, size=Pt(9))
        ooxml.add_field(footer, "PAGE", size=Pt(9))
        self.run(footer, between, size=Pt(9))
        ooxml.add_field(footer, "NUMPAGES", size=Pt(9))
        if end:
            self.run(footer, end, size=Pt(9))

    def integrity(self, lines: list[str]) -> None:
        """The integrity page at the very end, as in the visit report (export/closing.py)."""
        closing.integrity_page(self, [line for line in lines if line])

    def build(self) -> "AnnualWriter":
        self.cover()
        for number, chapter in enumerate(self.content.chapters, 1):
            self.chapter(number, chapter)
        if self.content.closing is not None:
            closing.closing_block(self, self.content.closing)
        self.header_footer()
        ooxml.update_fields_on_open(self.doc)
        self.properties(self.content.title, self.content.kind_label)
        return self
