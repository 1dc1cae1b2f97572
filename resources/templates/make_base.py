"""Build resources/templates/base.docx, the Word template every export starts from.

An institution may replace base.docx with its own (same style names: Title, Subtitle,
Heading 1–3, Normal, Caption, List Bullet, List Number, Table Grid). Run once:
    python resources/templates/make_base.py

One typeface family for the whole document: Arial, set in the document defaults and the
theme, and no style naming another. It is on every Windows and Mac laptop of the
institution, and LibreOffice draws it with its metric twin (Liberation Sans) where Arial is
absent, so page breaks agree. The language of every style and of the defaults is es-PA.
The parts python-docx's default template brings along and a report does not need (a
customXml bibliography item, Word 2010's stylesWithEffects copy of the styles, the revision
ids, a fixed document id) are left out; the writer gives every export its own id.
"""

import re
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
NAVY = RGBColor(0x1F, 0x3A, 0x5F)
FONT = "Arial"
LANG = "es-PA"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"


def _lang(style, tag=LANG):
    rpr = style.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), tag)


def build(path: Path) -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    section.header_distance = section.footer_distance = Cm(1.1)
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, size, before in (("Heading 1", 16, 18), ("Heading 2", 13.5, 12), ("Heading 3", 12, 10)):
        style = styles[name]
        style.font.size, style.font.bold = Pt(size), True
        style.font.color.rgb = NAVY
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(before), Pt(6)
        style.paragraph_format.keep_with_next = True
    title = styles["Title"]
    title.font.size, title.font.color.rgb = Pt(24), NAVY
    subtitle = styles["Subtitle"]
    subtitle.font.size = Pt(14)
    caption = styles["Caption"]
    caption.font.size, caption.font.italic = Pt(9.5), True
    for level in (1, 2, 3):
        toc = styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
        toc.base_style = normal
        toc.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        toc.paragraph_format.space_after = Pt(2)
        toc.font.bold = level == 1
    for style in styles:
        if style.type == 1 or style.name == "Normal":
            try:
                _lang(style)
            except AttributeError:
                continue
    for part in (section.header, section.footer):
        part.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    core = doc.core_properties
    for attr in ("author", "last_modified_by", "comments", "keywords", "category", "title", "subject"):
        setattr(core, attr, "")
    core.language = LANG
    package_rels = doc.part.package.rels
    for rel_id in [r for r, rel in package_rels.items() if rel.reltype.endswith("/thumbnail")]:
        del package_rels[rel_id]  # python-docx's sample thumbnail does not belong in a report
    for rel_id in [r for r, rel in doc.part.rels.items()
                   if rel.reltype.endswith(("/customXml", "/stylesWithEffects"))]:
        del doc.part.rels[rel_id]
    _one_family(doc)
    settings = doc.settings.element
    for tag in ("w:rsids", "w14:docId", "w:attachedTemplate", "w:savePreviewPicture"):
        for old in settings.findall(qn(tag)):
            settings.remove(old)
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), LANG)
    doc.save(path)
    _declare_w15(path)


def _one_family(doc) -> None:
    """Arial in the defaults and the theme; no style names a typeface of its own."""
    styles = doc.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        fonts.getparent().remove(fonts)
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    rpr.insert(0, fonts)
    lang = rpr.find(qn("w:lang"))
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), LANG)
    theme = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/theme"))
    theme._blob = re.sub(rb'<a:latin typeface="[^"]*"', f'<a:latin typeface="{FONT}"'.encode(), theme.blob)


def _declare_w15(path: Path) -> None:
    """Declare Word 2013's namespace in settings.xml (ignorable by older readers) with a
    w15:docId placeholder, which the writer replaces by a fresh id in every export;
    python-docx cannot add a namespace declaration to a loaded part."""
    with zipfile.ZipFile(path) as package:
        parts = {info: package.read(info.filename) for info in package.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for info, data in parts.items():
            if info.filename == "word/settings.xml":
                data = data.replace(b'mc:Ignorable="w14"', f'xmlns:w15="{W15}" mc:Ignorable="w14 w15"'.encode(), 1)
                data = data.replace(b"</w:settings>", b'<w15:docId w15:val="{00000000-0000-0000-0000-000000000000}"/>'
                                    b"</w:settings>")
            package.writestr(info, data)


if __name__ == "__main__":
    build(HERE / "base.docx")
