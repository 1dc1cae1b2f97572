"""Turn a ReportOut into a .docx built on the institution's base template.

Paragraphs are inserted before a cached w:sectPr rather than with
Document.add_paragraph, whose search for sectPr makes long reports quadratic
(security.md §3.2). Every string passes through `clean` on its way in (§3.3), and
through `run`, which keeps a transcript: each paragraph's whole text (however its runs
split it) and where in the report it stands, for the disclosure check
(services/disclosure.py). Images go in without their metadata and with their caption as
alt text.
"""

import io
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.exceptions import UnrecognizedImageError
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from npmdesk.domain import richtext
from npmdesk.domain.text import clean
from npmdesk.export import (closing, crossref, footnotes, generated, image_clean, metadata, numbering, ooxml,
                            recommendations, tables, watermark)
from npmdesk.export.content import ReportOut, SectionOut
from npmdesk.export.docx_base import DocxWriter, base_template
from npmdesk.export.rich_body import RichBody
from npmdesk.export.safe_file import atomic_target, sweep_leftovers

GREY = RGBColor(0x59, 0x59, 0x59)
DRAFT_RED = RGBColor(0xC0, 0x39, 0x2B)
LIST_INDENT = Cm(0.5)  # the numbered paragraphs' text starts at 2 × this (numbering.py: 567 twips)
MAX_RUN_CHARS = 200_000  # longer texts are split so no single w:t gets enormous


class Cancelled(Exception):
    """The person cancelled the export; nothing was written."""


class _Writer(RichBody, DocxWriter):
    """The visit report: DocxWriter's paragraphs and transcript, with numbering, footnotes,
    findings and recommendations in place, the closing block and the integrity page."""

    def __init__(self, report: ReportOut, template: Path, progress, cancel):
        # DocxWriter looks each style's id up once: python-docx's per-paragraph style lookup
        # scans every style in the template and dominated the export time of long reports.
        super().__init__(report.title, template)
        self.report = report
        metadata.drop_unused_parts(self.doc)
        metadata.default_language(self.doc, ooxml.LANG)
        self.progress, self.cancel = progress, cancel
        self.done, self.total = 0, max(1, _count(report.sections))
        self.styles = set(self.style_ids)
        self.figure = 0
        self.footnotes = footnotes.Footnotes(self.doc)
        self.marks = generated.Marks(self.sect_pr)
        self.text_width = int(tables.text_width(self.doc))
        levels = {level: self.style_ids[f"Heading {level + 1}"] for level in range(3)
                  if f"Heading {level + 1}" in self.style_ids}
        self.heading_list, self.paragraph_list = numbering.add_lists(self.doc, levels)
        self.paragraph_no = 0  # the numbered paragraphs written so far (Word numbers them alike)
        self.numbering = report.numbered_paragraphs  # in the section being written (not the data block)
        self.recs_at = recommendations.by_finding(report)
        self.rec_number = recommendations.numbers(report)  # id(recommendation) → its number
        self.placed: dict[int, int] = {}  # id(recommendation) → its paragraph's number (0: unnumbered)
        self.targets: dict[int, str] = {}  # id(recommendation) → the bookmark on its numbered paragraph
        self.references = crossref.CrossReferences()

    # --- primitives -------------------------------------------------------
    def run(self, paragraph, text, bold=False, italic=False, underline=False, script="",
            color=None, size=None):
        text = clean(text)
        entry = self.transcript.setdefault(id(paragraph._p), [self.where, paragraph._p, []])
        entry[2].append(text)
        color_hex = str(color) if color is not None else None
        half_points = int(size.pt * 2) if size is not None else None
        for start in range(0, len(text), MAX_RUN_CHARS):
            ooxml.append_run(paragraph._p, text[start:start + MAX_RUN_CHARS], bold, italic, underline,
                             script, color_hex, half_points)

    def tick(self) -> None:
        if self.cancel is not None and self.cancel():
            raise Cancelled()
        self.done += 1
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)

    # --- parts ------------------------------------------------------------
    def cover(self) -> None:
        r, lab = self.report, self.report.labels
        self.para(r.institution, "Subtitle", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        for _ in range(5):
            self.para()
        self.para(r.report_kind.upper(), "Normal", bold=True, color=GREY, align=WD_ALIGN_PARAGRAPH.CENTER)
        self.para(r.title, "Title", align=WD_ALIGN_PARAGRAPH.CENTER)
        if r.draft:
            self.para(r.draft_mark, "Subtitle", bold=True, color=DRAFT_RED, size=Pt(20),
                      align=WD_ALIGN_PARAGRAPH.CENTER)
        for line in r.notice:
            self.para(line, bold=True, color=DRAFT_RED, align=WD_ALIGN_PARAGRAPH.CENTER)
        self.para()
        for label, value in ((lab["number"], r.number), (lab["place"], r.place), (lab["dates"], r.dates),
                             (lab["classification"], r.classification)):
            if not value:
                continue
            p = self.para(align=WD_ALIGN_PARAGRAPH.CENTER)
            self.run(p, label + ": ", bold=True)
            self.run(p, value)
        ooxml.page_break(self.para())

    def toc(self) -> None:
        """A TOC field whose cached result already lists the headings (without page numbers);
        Word refreshes it on opening (w:updateFields), LibreOffice shows the list as is."""
        self.where = self.report.labels["toc"]
        with self.marks.around("indice"):
            self._toc()

    def _toc(self) -> None:
        title = self.para(self.report.labels["toc"], "TOC Heading" if "TOC Heading" in self.styles else "Heading 1")
        numbering.number(title, numbering.NO_LIST)
        entries = list(_toc_entries(self.report.sections, "", 1))
        first = self.para(style="TOC 1")
        ooxml.field_start(first, 'TOC \\o "1-3" \\h \\z \\u')
        paragraph = first
        for i, (level, text) in enumerate(entries):
            if i:
                paragraph = self.para(style=f"TOC {level}")
            paragraph.paragraph_format.left_indent = Cm(0.6 * (level - 1))
            paragraph.paragraph_format.space_after = Pt(2)
            self.run(paragraph, text, bold=level == 1)
        if not entries:
            self.run(first, self.report.labels["toc_hint"], italic=True)
        ooxml.field_end(paragraph)
        ooxml.page_break(self.para())

    def header_footer(self) -> None:
        r = self.report
        self.where = r.labels.get("where_header", "")
        section = self.doc.sections[0]
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.run(header, r.classification, bold=True, color=GREY, size=Pt(9))
        if r.draft:  # one diagonal mark across every page, not words repeated in the margins
            watermark.add(header, r.draft_mark)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        page, of = r.labels["page_of"].split("{page}")[0], r.labels["page_of"].split("{page}")[1]
        of_before, of_after = of.split("{pages}")
        self.run(footer, page, size=Pt(9))
        ooxml.add_field(footer, "PAGE", size=Pt(9))
        self.run(footer, of_before, size=Pt(9))
        ooxml.add_field(footer, "NUMPAGES", size=Pt(9))
        if of_after:
            self.run(footer, of_after, size=Pt(9))

    def heading(self, text: str, depth: int, numbered: bool = True) -> Paragraph:
        """A heading of the section tree at `depth` (1…), numbered by Word's multilevel list;
        `numbered=False` for headings that are not chapters (numId 0)."""
        paragraph = self.para(text, f"Heading {min(depth, 3)}")
        numbering.number(paragraph, self.heading_list if numbered else numbering.NO_LIST, depth - 1)
        return paragraph

    def numbered(self, paragraph: Paragraph) -> Paragraph:
        """`paragraph` as the report's next numbered paragraph, when the template numbers the
        section's paragraphs."""
        if self.numbering:
            numbering.number(paragraph, self.paragraph_list)
            self.paragraph_no += 1
        return paragraph

    def section(self, section: SectionOut, depth: int) -> None:
        self.tick()
        self.where = section.title
        if section.empty:  # only drafts keep them (services/archive/structure.py)
            with self.marks.around("vacias"):
                self.empty_section(section, depth)
            return
        outer, self.numbering = self.numbering, self.report.numbered_paragraphs and section.numbered
        self.heading(section.title, depth)
        if self.report.draft and section.state_label:  # kept with what follows, like its heading
            label = self.para(section.state_label, italic=True, color=DRAFT_RED, size=Pt(9))
            label.paragraph_format.keep_with_next = True
        self.body(section.body, depth)
        with self.marks.around("hallazgos"):
            for area, findings in section.findings:
                if area and any(f.shown for f in findings):
                    self.heading(area, depth + 1, numbered=False)
                for finding in findings:
                    if finding.shown:
                        p = self.numbered(self.para())
                        self.run(p, finding.title + ". ", bold=True)
                        self.body(finding.text, depth + 1, into=p)
                    self.in_place(finding.id)
        if section.recommendations:
            with self.marks.around("recomendaciones"):
                self.recommendations()
        if section.annexes:
            with self.marks.around("anexos"):
                self.annexes(depth)
        for child in section.children:
            self.section(child, depth + 1)
            self.where = section.title
        self.numbering = outer

    def empty_section(self, section: SectionOut, depth: int) -> None:
        """A section with nothing in it or under it, in one line: its number (in the heading
        list, so the chapters after it keep the numbers they have in the template and Word
        renumbers alike), its title, «Sin contenido» and its state; its subsections likewise.
        Not a heading, so the index does not list what the report does not say."""
        paragraph = self.para()
        numbering.number(paragraph, self.heading_list, depth - 1)
        numbering.body_text_level(paragraph)  # numbered with the chapters, yet not collected by the index
        paragraph.paragraph_format.space_after = Pt(2)
        self.run(paragraph, section.title + " ", bold=True, color=GREY)
        self.run(paragraph, "— " + self.report.labels["empty"], italic=True, color=GREY)
        if section.state_label:
            self.run(paragraph, " " + section.state_label, italic=True, color=DRAFT_RED, size=Pt(9))
        for child in section.children:  # empty too, by definition
            self.tick()
            self.where = child.title
            self.empty_section(child, depth + 1)

    def in_place(self, finding_id: str) -> None:
        """The recommendations that follow from a finding, in bold right after it, each with
        its number; the end table refers to them (recommendations())."""
        for rec in self.recs_at.get(finding_id, []):
            if id(rec) in self.placed:
                continue
            p = self.numbered(self.para())
            self.placed[id(rec)] = self.paragraph_no if self.numbering else 0
            number = self.rec_number[id(rec)]
            self.run(p, self.report.labels["rec_in_place"].format(n=number) + " ", bold=True)
            self.run(p, rec.text, bold=True)
            if self.placed[id(rec)]:  # the end table refers to it by a cross-reference
                self.targets[id(rec)] = self.references.target(p._p)

    def body(self, text: str, depth: int, into: Paragraph | None = None) -> None:
        """A stored body, read with the editor's own reader (domain/richtext.py)."""
        for block in richtext.parse(text):
            if isinstance(block, richtext.Table):
                self.body_table(block)
                into = None
                continue
            if into is not None and block.kind == "p":
                paragraph, into = into, None
            elif block.kind == "h3":
                paragraph = self.heading("", depth + 1, numbered=False)
            elif block.kind in ("ul", "ol"):
                base = "List Bullet" if block.kind == "ul" else "List Number"
                paragraph = self.para(style=base if block.level == 0 else f"{base} {min(block.level + 1, 3)}")
                if self.numbering:  # under the text of the numbered paragraphs, not the margin
                    paragraph.paragraph_format.left_indent = LIST_INDENT * (block.level + 2)
                    paragraph.paragraph_format.first_line_indent = -LIST_INDENT
            else:
                paragraph = self.para(style="Normal")
                if block.kind == "p":
                    self.numbered(paragraph)
            self.runs(paragraph, block.runs, bold=block.kind == "h4")  # a minor heading is bold text

    def cited(self, runs: list[richtext.Run]) -> list[richtext.Run]:
        return richtext.cited_now(runs, self.report.references)

    def recommendations(self) -> None:
        recommendations.end_table(self)

    def annexes(self, depth: int) -> None:
        lab = self.report.labels
        if self.report.aggregates:
            self.heading(lab["aggregates"], depth + 1, numbered=False)
            table = self.grid(1 + len(self.report.aggregates), 2)
            tables.header_row(self, table.rows[0], (lab["col_item"], lab["col_count"]))
            table.rows[0].cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            for row, (label, count) in zip(table.rows[1:], self.report.aggregates):
                self.run(row.cells[0].paragraphs[0], label)
                self.run(row.cells[1].paragraphs[0], count)
                row.cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            tables.fix_widths(table, [int(Cm(11.0)), int(Cm(3.0))])
            tables.keep_together(table)
            self.para()
        if self.report.images:
            self.heading(lab["images"], depth + 1, numbered=False)
        for image in self.report.images:
            self.figure += 1
            p = self.para(align=WD_ALIGN_PARAGRAPH.CENTER)
            data = image_clean.without_metadata(image.data)
            try:
                if data is None:
                    raise ValueError("not a JPEG or PNG whose metadata could be removed")
                p.add_run().add_picture(io.BytesIO(data), width=Cm(12))
                ooxml.alt_text(p, clean(image.caption))
                self.transcript.setdefault(id(p._p), [self.where, p._p, []])[2].append(clean(image.caption))
            except (UnrecognizedImageError, ValueError, KeyError, ZeroDivisionError):
                self.run(p, lab["image_unreadable"], italic=True, color=GREY)
            caption = self.para(style="Caption", align=WD_ALIGN_PARAGRAPH.CENTER)
            self.run(caption, lab["figure"].format(n=self.figure) + " ", bold=True)
            self.run(caption, image.caption)

    def build(self) -> Document:
        self.cover()
        self.toc()
        sections = self.report.sections
        # The closing block ends the text: before a last chapter that holds the annexes, else at the end.
        annex_last = bool(sections) and sections[-1].annexes
        for i, section in enumerate(sections, 1):
            if annex_last and i == len(sections) and self.report.closing:
                with self.marks.around("cierre"):
                    closing.closing_block(self, self.report.closing)
            self.section(section, 1)
        if self.report.closing and not annex_last:
            with self.marks.around("cierre"):
                closing.closing_block(self, self.report.closing)
        self.header_footer()
        ooxml.update_fields_on_open(self.doc)
        self.properties(self.report.title, self.report.report_kind)  # nothing but the title (docx_base)
        return self.doc

    def integrity(self, lines: list[str]) -> None:
        """The last page, "Constancia de integridad": the bitácora anchor and the root code
        (`lines`), what they prove and how to check them (export/closing.py)."""
        with self.marks.around("constancia"):
            closing.integrity_page(self, [line for line in lines if line])

    def to_bytes(self) -> bytes:
        """The document as it leaves, with a fresh document id and counts of what it says."""
        metadata.app_properties(self.doc)
        metadata.fresh_ids(self.doc)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def _toc_entries(sections, prefix: str, depth: int):
    for i, section in enumerate(sections, 1):
        number = f"{prefix}{i}."
        if depth <= 3 and not section.empty:  # an empty one is a line of text, numbered but no heading
            yield depth, f"{number} {clean(section.title)}"
        yield from _toc_entries(section.children, number, depth + 1)


def _count(sections) -> int:
    return sum(1 + _count(s.children) for s in sections)


def compose(report: ReportOut, template: Path | None = None, progress=None, cancel=None) -> "_Writer":
    """The document built in memory, with its transcript (`texts()`), the `integrity()` page
    still to add and `to_bytes()`: the service checks what it holds before anything reaches the disk."""
    writer = _Writer(report, template or base_template(), progress, cancel)
    writer.build()
    return writer


def save(data: bytes, path) -> Path:
    """Put the serialized document at `path` whole or not at all; no temp is left."""
    path = Path(path)
    sweep_leftovers(path.parent)
    with atomic_target(path) as handle:
        handle.write(data)
    return path


def write(report: ReportOut, path, template: Path | None = None, progress=None, cancel=None) -> Path:
    """Build and save atomically; on cancel or error the target is untouched and no temp is left."""
    document = compose(report, template, progress, cancel)
    if cancel is not None and cancel():
        raise Cancelled()
    return save(document.to_bytes(), path)
