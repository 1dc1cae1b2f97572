"""Section text as Word gets it, in the visit report and the annual report alike: runs with
their bold, italic, underline, super/subscript and real footnotes, and tables whose header rows
repeat on every page, sized for their content and kept together when short."""

from docx.table import Table

from npmdesk.domain import richtext
from npmdesk.export import ooxml, tables


class RichBody:
    """A mixin over docx_base.DocxWriter; the writer sets `footnotes` (footnotes.Footnotes) and
    `text_width` (EMU between the margins)."""

    def cited(self, runs: list[richtext.Run]) -> list[richtext.Run]:
        """The runs as they are printed (the visit report rewrites references to findings)."""
        return runs

    def grid(self, rows: int, cols: int) -> Table:
        table = self.doc.add_table(rows=rows, cols=cols)
        if "Table Grid" in self.style_ids:
            table.style = self.doc.styles["Table Grid"]
        self.sect_pr.addprevious(table._tbl)  # add_table put it before sectPr already; keep order explicit
        return table

    def runs(self, paragraph, runs: list[richtext.Run], bold=False) -> None:
        for run in self.cited(runs):  # a footnote mark is a run ("sup", "fn")
            if run.note:  # a real footnote: Word numbers it, its text goes to footnotes.xml
                self.run(self.footnotes.add(paragraph), " " + run.note)
                continue
            script = "super" if "sup" in run.fmt else "sub" if "sub" in run.fmt else ""
            self.run(paragraph, run.text, bold=bold or "b" in run.fmt, italic="i" in run.fmt,
                     underline="u" in run.fmt, script=script)

    def body_table(self, block: richtext.Table) -> None:
        cols = max(len(row) for row in block.rows)
        table = self.grid(len(block.rows), cols)
        leading = True  # the header rows at its top are repeated on every page it runs onto
        for r, (row, header) in enumerate(zip(block.rows, block.header)):
            for c, (cell_runs, is_header) in enumerate(zip(row, header)):
                self.runs(table.cell(r, c).paragraphs[0], cell_runs, bold=is_header)
            leading = leading and bool(header) and all(header)
            if leading:
                ooxml.repeat_header(table.rows[r])
        shown = [["".join(run.text for run in cell) for cell in row] for row in block.rows]
        tables.fix_widths(table, tables.content_widths(shown, self.text_width))
        tables.keep_together(table)
        self.para()
