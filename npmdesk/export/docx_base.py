"""What the annual report and the letters share with the visit report's writer (writer.py):
the institution's base template emptied, paragraphs inserted before the final w:sectPr,
every text through `clean` and into a transcript (each paragraph's whole text and where it
stands) for the disclosure check,
and document properties that carry nothing but the title."""

import io
from datetime import datetime, timezone
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor
from docx.text.paragraph import Paragraph

from npmdesk.domain.text import clean
from npmdesk.export import ooxml
from npmdesk.paths import resources_dir

GREY = RGBColor(0x59, 0x59, 0x59)
DRAFT_RED = RGBColor(0xC0, 0x39, 0x2B)


def base_template() -> Path:
    return resources_dir() / "templates" / "base.docx"


class DocxWriter:
    def __init__(self, where: str, template: Path | None = None):
        self.doc = Document(str(template or base_template()))
        ooxml.clear_body(self.doc)
        self.sect_pr = self.doc.element.body.find(qn("w:sectPr"))
        self.style_ids = {s.name: s.style_id for s in self.doc.styles}
        self.where = where
        # id(w:p) -> [where, w:p, text pieces]: a paragraph's whole text, however its runs split
        # it, so a name split across two runs is still one name to the disclosure check. The
        # element is kept so its id is never reused by another paragraph's.
        self.transcript: dict[int, list] = {}

    def para(self, text: str = "", style: str | None = None, bold=False, italic=False, color=None,
             size=None, align=None) -> Paragraph:
        p = OxmlElement("w:p")
        self.sect_pr.addprevious(p)
        paragraph = Paragraph(p, self.doc._body)
        if style and style != "Normal" and style in self.style_ids:
            p.style = self.style_ids[style]
        if align is not None:
            paragraph.alignment = align
        if text:
            self.run(paragraph, text, bold=bold, italic=italic, color=color, size=size)
        return paragraph

    def run(self, paragraph, text: str, bold=False, italic=False, color=None, size=None,
            underline=False, script="") -> None:
        text = clean(text)
        self.transcript.setdefault(id(paragraph._p), [self.where, paragraph._p, []])[2].append(text)
        ooxml.append_run(paragraph._p, text, bold, italic, underline, script,
                         str(color) if color is not None else None, int(size.pt * 2) if size is not None else None)

    def texts(self) -> list[tuple[str, str]]:
        """(where, text) of every paragraph written, in order."""
        return [(where, "".join(pieces)) for where, _p, pieces in self.transcript.values() if any(pieces)]

    def properties(self, title: str, subject: str) -> None:
        core = self.doc.core_properties
        for attr in ("author", "last_modified_by", "comments", "keywords", "category",
                     "content_status", "identifier", "version"):
            setattr(core, attr, "")
        core.title = clean(title)[:250]
        core.subject = clean(subject)[:250]
        core.language = ooxml.LANG
        core.revision = 1
        core.created = core.modified = datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()
