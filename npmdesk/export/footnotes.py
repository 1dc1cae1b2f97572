"""Real Word footnotes: the footnotes part (word/footnotes.xml, its relationship and content
type), a w:footnoteReference run where each note is cited, numbered by Word, and the
FootnoteText / FootnoteReference styles when the template lacks them.

python-docx has no footnote API; the part is built with its generic XmlPart, which it writes
and lists in [Content_Types].xml like any other part it can reach.
"""

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph

TEXT_STYLE = "FootnoteText"
REFERENCE_STYLE = "FootnoteReference"

# Word's own two: the line above the notes, and the one when a note continues on the next page.
_EMPTY = (f'<w:footnotes {nsdecls("w")}>'
          '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240"'
          ' w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
          '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"'
          ' w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
          '</w:footnotes>')

_STYLES = (
    f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="{TEXT_STYLE}"><w:name w:val="footnote text"/>'
    '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:spacing w:after="0"'
    ' w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>',
    f'<w:style {nsdecls("w")} w:type="character" w:styleId="{REFERENCE_STYLE}">'
    '<w:name w:val="footnote reference"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
    '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>',
)


class Footnotes:
    """The notes of one document being written; the part is added with the first note."""

    def __init__(self, document):
        self.document = document
        self.root = None
        self.count = 0

    def add(self, paragraph: Paragraph) -> Paragraph:
        """A reference to a new footnote at the end of `paragraph`; returns the note's own
        paragraph (its number already in it), for the caller to write the text into."""
        if self.root is None:
            self._start()
        self.count += 1
        note_id = str(self.count)
        paragraph._p.append(_reference_run("w:footnoteReference", note_id))
        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), note_id)
        p = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        style = OxmlElement("w:pStyle")
        style.set(qn("w:val"), TEXT_STYLE)
        ppr.append(style)
        p.append(ppr)
        p.append(_reference_run("w:footnoteRef", None))
        note.append(p)
        self.root.append(note)
        return Paragraph(p, None)

    def _start(self) -> None:
        document_part = self.document.part
        for rel_id, rel in list(document_part.rels.items()):
            if rel.reltype == RT.FOOTNOTES:  # a template's own (empty) notes part: ours replaces it
                del document_part.rels[rel_id]
        self.root = parse_xml(_EMPTY)
        part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self.root, document_part.package)
        document_part.relate_to(part, RT.FOOTNOTES)
        styles = self.document.styles.element
        have = {style.get(qn("w:styleId")) for style in styles.iterchildren(qn("w:style"))}
        for xml, style_id in zip(_STYLES, (TEXT_STYLE, REFERENCE_STYLE)):
            if style_id not in have:
                styles.append(parse_xml(xml))


def _reference_run(tag: str, note_id: str | None):
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), REFERENCE_STYLE)
    rpr.append(style)
    run.append(rpr)
    mark = OxmlElement(tag)
    if note_id is not None:
        mark.set(qn("w:id"), note_id)
    run.append(mark)
    return run
