"""Small OOXML pieces python-docx has no API for: fields, language tags, shading, page breaks."""

from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

LANG = "es-ES"


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


def update_fields_on_open(document) -> None:
    """Ask Word/LibreOffice to refresh the TOC and page counts when the file is opened."""
    settings = document.settings.element
    for old in settings.findall(qn("w:updateFields")):
        settings.remove(old)
    el = OxmlElement("w:updateFields")
    el.set(qn("w:val"), "true")
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


def page_break(paragraph) -> None:
    paragraph.add_run().add_break(WD_BREAK.PAGE)


def clear_body(document) -> None:
    """Remove the template's sample content, keeping its page setup (the final sectPr)."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
