"""Small OOXML pieces python-docx has no API for: fields, language tags, shading, page breaks."""

import re

from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from lxml.etree import SubElement

LANG = "es-PA"
W_R, W_RPR, W_B, W_I, W_COLOR, W_SZ, W_U, W_VERTALIGN, W_LANG, W_BR, W_TAB, W_T, W_VAL = (
    qn(f"w:{tag}") for tag in ("r", "rPr", "b", "i", "color", "sz", "u", "vertAlign", "lang", "br", "tab",
                               "t", "val"))
XML_SPACE = qn("xml:space")


def set_lang(run, tag: str = LANG) -> None:
    """Mark a run as Spanish (spell-check and hyphenation in Word and LibreOffice)."""
    rpr = run._r.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), tag)
    rpr.append(lang)


def add_field(paragraph, instruction: str, placeholder: str = "1", size=None) -> None:
    """A complex field (PAGE, NUMPAGES …) whose cached result is `placeholder`."""
    def sized(run):
        if size is not None:
            run.font.size = size
        return run

    def fld_char(kind):
        run = sized(paragraph.add_run())
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            el.set(qn("w:dirty"), "true")
        run._r.append(el)
        return run

    fld_char("begin")
    instr_run = sized(paragraph.add_run())
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    instr_run._r.append(instr)
    fld_char("separate")
    set_lang(sized(paragraph.add_run(placeholder)))
    fld_char("end")


def field_start(paragraph, instruction: str) -> None:
    """Begin a field whose cached result spans the following paragraphs (a TOC)."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None)):
        run = paragraph.add_run()
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            if kind == "begin":
                el.set(qn("w:dirty"), "true")
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
        run._r.append(el)


def field_end(paragraph) -> None:
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(el)


_AFTER_UPDATE_FIELDS = frozenset(qn(f"w:{tag}") for tag in (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema",
    "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
    "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
    "doNotEmbedSmartTags", "decimalSymbol", "listSeparator"))
_W_NS = qn("w:x")[:-1]  # "{…wordprocessingml/2006/main}"


def update_fields_on_open(document) -> None:
    """Ask Word/LibreOffice to refresh the TOC and page counts when the file is opened."""
    settings = document.settings.element
    for old in settings.findall(qn("w:updateFields")):
        settings.remove(old)
    el = OxmlElement("w:updateFields")
    el.set(qn("w:val"), "true")
    # In the schema's place (CT_Settings), not at the end: Word refuses settings out of order.
    # Word's extensions (w14:, w15:…) follow every w: setting: anything of another namespace comes after too.
    after = next((c for c in settings if isinstance(c.tag, str)
                  and (c.tag in _AFTER_UPDATE_FIELDS or not c.tag.startswith(_W_NS))), None)
    if after is not None:
        after.addprevious(el)
    else:
        settings.append(el)


def shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    el = OxmlElement("w:shd")
    el.set(qn("w:val"), "clear")
    el.set(qn("w:color"), "auto")
    el.set(qn("w:fill"), fill)
    tcpr.append(el)


def repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def keep_row_together(row) -> None:
    """The row never splits across pages (w:cantSplit)."""
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def page_break(paragraph) -> None:
    paragraph.add_run().add_break(WD_BREAK.PAGE)


def clear_body(document) -> None:
    """Remove the template's sample content, keeping its page setup (the final sectPr)."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


_SPLIT = re.compile(r"(\n|\t)")


def append_run(p_element, text: str, bold=False, italic=False, underline=False, script="",
               color: str | None = None, half_points: int | None = None) -> None:
    """Append a w:r to a paragraph element directly with lxml (children in schema order).

    python-docx's Run.text setter walks the text one character at a time; for long reports
    this direct form is several times faster and produces the same XML.
    """
    r = SubElement(p_element, W_R)
    rpr = SubElement(r, W_RPR)
    if bold:
        SubElement(rpr, W_B)
    if italic:
        SubElement(rpr, W_I)
    if color:
        SubElement(rpr, W_COLOR).set(W_VAL, color)
    if half_points:
        SubElement(rpr, W_SZ).set(W_VAL, str(half_points))
    if underline:
        SubElement(rpr, W_U).set(W_VAL, "single")
    if script:
        SubElement(rpr, W_VERTALIGN).set(W_VAL, "superscript" if script == "super" else "subscript")
    SubElement(rpr, W_LANG).set(W_VAL, LANG)
    for piece in _SPLIT.split(text):
        if piece == "\n":
            SubElement(r, W_BR)
        elif piece == "\t":
            SubElement(r, W_TAB)
        elif piece:
            t = SubElement(r, W_T)
            t.text = piece
            t.set(XML_SPACE, "preserve")


def alt_text(paragraph, text: str) -> None:
    """`text` as the alt text (wp:docPr descr) of the pictures in `paragraph`, read aloud by
    screen readers; python-docx leaves it empty."""
    for doc_pr in paragraph._p.iter(qn("wp:docPr")):
        doc_pr.set("descr", text)
