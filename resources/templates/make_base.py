"""Build resources/templates/base.docx, the Word template every export starts from.

An institution may replace base.docx with its own (same style names: Title, Subtitle,
Heading 1–3, Normal, Caption, List Bullet, List Number, Table Grid). Run once:
    python resources/templates/make_base.py
"""

from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
NAVY = RGBColor(0x1F, 0x3A, 0x5F)


def _lang(style, tag="es-ES"):
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
    normal.font.name, normal.font.size = "Liberation Serif", Pt(11.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, size, before in (("Heading 1", 16, 18), ("Heading 2", 13.5, 12), ("Heading 3", 12, 10)):
        style = styles[name]
        style.font.name, style.font.size, style.font.bold = "Liberation Sans", Pt(size), True
        style.font.color.rgb = NAVY
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(before), Pt(6)
        style.paragraph_format.keep_with_next = True
    title = styles["Title"]
    title.font.name, title.font.size, title.font.color.rgb = "Liberation Sans", Pt(24), NAVY
    subtitle = styles["Subtitle"]
    subtitle.font.name, subtitle.font.size = "Liberation Sans", Pt(14)
    caption = styles["Caption"]
    caption.font.name, caption.font.size, caption.font.italic = "Liberation Sans", Pt(9.5), True
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
    core.language = "es-ES"
    package_rels = doc.part.package.rels
    for rel_id in [r for r, rel in package_rels.items() if rel.reltype.endswith("/thumbnail")]:
        del package_rels[rel_id]  # python-docx's sample thumbnail does not belong in a report
    doc.save(path)


if __name__ == "__main__":
    build(HERE / "base.docx")
