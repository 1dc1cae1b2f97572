"""What a .docx says about itself, made true for every export whatever template it starts from.

- no part the template carried that the report does not use (a customXml bibliography item,
  Word 2010's stylesWithEffects copy of the styles, an attached template, revision ids);
- the document default language is es-PA (styles.xml docDefaults, settings' theme language);
- a fresh document id in every export (w14:docId and, where the template declares Word
  2013's namespace, w15:docId), so two exports are never taken for the same document;
- docProps/app.xml names npmdesk and its version with the counts of what was written. The page
  count is left out: only a layout engine knows it, and a guess would be a lie.
"""

import secrets
import uuid
from xml.sax.saxutils import escape

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from npmdesk import __version__

UNUSED_PARTS = ("/customXml", "/stylesWithEffects", "/attachedTemplate", "/glossaryDocument")
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
APP = "npmdesk"


def drop_unused_parts(document) -> None:
    """Unlink what the template brought and a report does not use; python-docx writes only
    the parts still reachable, so the unlinked ones never reach the file."""
    rels = document.part.rels
    for rel_id in [r for r, rel in rels.items() if rel.reltype.endswith(UNUSED_PARTS)]:
        del rels[rel_id]
    settings = document.settings.element
    for tag in ("w:rsids", "w:attachedTemplate", "w:savePreviewPicture"):
        for old in settings.findall(qn(tag)):
            settings.remove(old)


def default_language(document, tag: str) -> None:
    """`tag` as the language of the document defaults: text without a run-level tag (a
    paragraph mark, what a reader types in Word) is spell-checked as Spanish of Panama."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), tag)
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), tag)


def fresh_ids(document) -> None:
    """A new w14:docId (8 hex digits below 0x80000000, as Word writes it) and w15:docId (a
    GUID, where the settings part declares its namespace)."""
    settings = document.settings.element
    w14 = settings.find(f"{{{W14}}}docId")
    if w14 is None:
        w14 = settings.makeelement(f"{{{W14}}}docId", {})
        later = settings.find(f"{{{W14}}}defaultImageDpi")
        if later is not None:
            later.addprevious(w14)
        else:
            settings.append(w14)
    w14.set(f"{{{W14}}}val", f"{secrets.randbelow(0x7FFFFFFF) + 1:08X}")
    w15 = settings.find(f"{{{W15}}}docId")
    if w15 is not None:
        w15.set(f"{{{W15}}}val", "{" + str(uuid.uuid4()).upper() + "}")


def written_texts(document) -> list[str]:
    """The text of every paragraph with text in the body, its tables and the headers and footers,
    read from the document as it leaves (the table of contents is filled after the writer)."""
    t, p = qn("w:t"), qn("w:p")
    roots = [document.element.body]
    for section in document.sections:
        for part in (section.header, section.footer):
            if not part.is_linked_to_previous:
                roots.append(part._element)
    texts = []
    for root in roots:
        for paragraph in root.iter(p):
            text = "".join(node.text or "" for node in paragraph.iter(t))
            if text:
                texts.append(text)
    return texts


def app_properties(document) -> None:
    """docProps/app.xml from what the document says: its words, characters and paragraphs."""
    texts = written_texts(document)
    words = sum(len(text.split()) for text in texts)
    with_spaces = sum(len(text) for text in texts)
    without = with_spaces - sum(text.count(" ") for text in texts)
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
           'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
           f"<Words>{words}</Words><Characters>{without}</Characters>"
           f"<Application>{escape(APP)}/{escape(__version__)}</Application><DocSecurity>0</DocSecurity>"
           f"<Paragraphs>{len(texts)}</Paragraphs><ScaleCrop>false</ScaleCrop>"
           "<LinksUpToDate>false</LinksUpToDate>"
           f"<CharactersWithSpaces>{with_spaces}</CharactersWithSpaces>"
           "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>")
    for rel in document.part.package.rels.values():
        if rel.reltype.endswith("/extended-properties"):
            rel.target_part._blob = xml.encode("utf-8")
            return
