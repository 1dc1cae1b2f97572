"""The exported .docx as a document of Panama's MNPT (issue 15): es-PA numbers and language,
one typeface family, honest metadata, a fresh id per export, a watermark in drafts only, tables
laid out for their content. Every check reads the real file back (zip + lxml, python-docx)."""

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx import Document
from lxml import etree

from export_fixture import build_report
from npmdesk import __version__
from npmdesk.export import spanish, writer
from npmdesk.export.content import ReportOut, SectionOut
from npmdesk.services.archive import word as export

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1], "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
      "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
      "w15": "http://schemas.microsoft.com/office/word/2012/wordml"}


def part(path_or_bytes, name: str):
    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    with zipfile.ZipFile(source) as package:
        return etree.fromstring(package.read(name))


def names(path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        return package.namelist()


@pytest.fixture
def exported(session, tmp_path):
    draft_built = build_report(session)
    draft = tmp_path / "borrador.docx"
    export.export_report(session, draft_built.report.id, draft)
    return draft_built, draft


def test_numbers_dates_and_language_are_panamas(exported):
    _built, path = exported
    assert spanish.number(1310) == "1,310" and spanish.number(3120) == "3,120"
    assert spanish.long_date("2025-12-31") == "31 de diciembre de 2025"
    doc = Document(path)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "3,120" in cells and "3.120" not in cells  # the population on the day of the visit
    styles = part(path, "word/styles.xml")
    default_lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert default_lang.get(W + "val") == "es-PA"
    body = part(path, "word/document.xml")
    run_langs = {lang.get(W + "val") for lang in body.iter(W + "lang")}
    assert run_langs == {"es-PA"}
    assert all(r.find("w:rPr/w:lang", NS) is not None for r in body.iter(W + "r") if r.find("w:t", NS) is not None)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Nº" not in text and "N.º" in [c.text for t in doc.tables for c in t.rows[0].cells]


def test_one_typeface_family_in_the_base_template(exported):
    _built, path = exported
    styles = part(path, "word/styles.xml")
    families = {value for fonts in styles.iter(W + "rFonts") for key, value in fonts.attrib.items()
                if not key.endswith("Theme")}
    assert families == {"Arial"}
    with zipfile.ZipFile(path) as package:
        theme = package.read("word/theme/theme1.xml").decode()
    assert set(re.findall(r'<a:latin typeface="([^"]*)"', theme)) == {"Arial"}


def test_app_properties_name_npmdesk_and_count_what_was_written(exported):
    _built, path = exported
    app = part(path, "docProps/app.xml")
    assert app.findtext("ep:Application", namespaces=NS) == f"npmdesk/{__version__}"
    for absent in ("Template", "Pages", "AppVersion", "TotalTime", "Company", "Manager"):
        assert app.find(f"ep:{absent}", NS) is None, absent
    doc = Document(path)
    texts = [p.text for p in doc.paragraphs]
    cells = {id(c._tc): c for t in doc.tables for row in t.rows for c in row.cells}  # a merged cell once
    texts += [p.text for c in cells.values() for p in c.paragraphs]
    words = int(app.findtext("ep:Words", namespaces=NS))
    # every paragraph of the body and tables, plus the header and footer lines
    assert sum(len(t.split()) for t in texts) <= words <= sum(len(t.split()) for t in texts) + 20
    assert int(app.findtext("ep:CharactersWithSpaces", namespaces=NS)) > int(app.findtext("ep:Characters",
                                                                                       namespaces=NS)) > 1000


def test_no_leftover_parts_and_no_author(exported):
    _built, path = exported
    listed = names(path)
    assert not [n for n in listed if "customXml" in n or "stylesWithEffects" in n or "thumbnail" in n]
    settings = part(path, "word/settings.xml")
    assert settings.find("w:rsids", NS) is None and settings.find("w:attachedTemplate", NS) is None
    core = Document(path).core_properties
    assert (core.author, core.last_modified_by) == ("", "")
    with zipfile.ZipFile(path) as package:
        assert b"python-docx" not in package.read("docProps/core.xml")


def test_every_export_gets_its_own_document_id(session, exported, tmp_path):
    built, first = exported
    second = tmp_path / "otra.docx"
    export.export_report(session, built.report.id, second)
    ids = []
    for path in (first, second):
        settings = part(path, "word/settings.xml")
        w14 = settings.find("w14:docId", NS).get(f"{{{NS['w14']}}}val")
        w15 = settings.find("w15:docId", NS).get(f"{{{NS['w15']}}}val")
        assert re.fullmatch(r"[0-9A-F]{8}", w14) and int(w14, 16) < 0x80000000
        assert re.fullmatch(r"\{[0-9A-F-]{36}\}", w15) and w15 != "{00000000-0000-0000-0000-000000000000}"
        ids.append((w14, w15))
    assert ids[0][0] != ids[1][0] and ids[0][1] != ids[1][1]


def test_a_template_with_leftovers_is_cleaned_at_export(tmp_path):
    """python-docx's own default template carries the customXml item, stylesWithEffects, a
    fixed w14:docId, en-US defaults and 'Microsoft Macintosh Word': none of it leaves."""
    template = Path(docx.__file__).parent / "templates" / "default.docx"
    assert "customXml/item1.xml" in names(template)
    report = ReportOut("Institución", "Informe", "N-1", "Lugar", "fechas", "CONFIDENCIAL", False, "BORRADOR",
                       "Informe de visita", sections=[SectionOut("Uno", "<p>Texto del informe.</p>")],
                       labels=export.labels())
    data = writer.compose(report, template=template).to_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        listed = package.namelist()
        app = package.read("docProps/app.xml").decode()
    assert not [n for n in listed if "customXml" in n or "stylesWithEffects" in n]
    assert "Microsoft" not in app and "Normal.dotm" not in app and f"npmdesk/{__version__}" in app
    settings = part(data, "word/settings.xml")
    assert settings.find("w14:docId", NS).get(f"{{{NS['w14']}}}val") != "24062061"  # the template's own
    lang = part(data, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(W + "val") == "es-PA" and lang.get(W + "eastAsia") == "es-PA"


def watermarks(path) -> list[str]:
    found = []
    for name in names(path):
        if name.startswith("word/header"):
            root = part(path, name)
            found += [shape.find("{urn:schemas-microsoft-com:vml}textpath").get("string")
                      for shape in root.iter("{urn:schemas-microsoft-com:vml}shape")
                      if shape.get("id", "").startswith("PowerPlusWaterMarkObject")]
    return found


def test_a_diagonal_watermark_in_drafts_only(session, exported, tmp_path):
    _built, draft = exported
    assert watermarks(draft) == ["BORRADOR"]
    shape = next(part(draft, "word/header1.xml").iter("{urn:schemas-microsoft-com:vml}shape"))
    assert "rotation:315" in shape.get("style") and "mso-position-horizontal:center" in shape.get("style")
    doc = Document(draft)
    header_text = " ".join(p.text for p in doc.sections[0].header.paragraphs)
    footer_text = " ".join(p.text for p in doc.sections[0].footer.paragraphs)
    assert "BORRADOR" not in header_text and "BORRADOR" not in footer_text  # no repeated words
    cover = [p.text for p in doc.paragraphs[:15]]
    assert cover.count("BORRADOR") == 1
    approved = build_report(session, state="aprobado")
    final = tmp_path / "final.docx"
    export.export_report(session, approved.report.id, final)
    assert watermarks(final) == []
    with zipfile.ZipFile(final) as package:
        assert not any(b"BORRADOR" in package.read(n) or b"PowerPlusWaterMark" in package.read(n)
                       for n in package.namelist())


def test_tables_are_laid_out_for_their_content(exported):
    _built, path = exported
    doc = Document(path)
    recs = next(t for t in doc.tables if t.rows[0].cells[0].text == "N.º")
    grid = [int(c.get(W + "w")) for c in recs._tbl.tblGrid.iter(W + "gridCol")]
    assert recs._tbl.tblPr.find(W + "tblLayout").get(W + "type") == "fixed"
    assert sum(grid) == pytest.approx(9072, abs=3)  # the 16 cm between the margins
    assert grid[3] >= 2000  # Plazo: "31 de diciembre de 2025" in two lines at most (3.5 cm and more)
    assert grid[2] >= 1400  # "Prioridad" and "Urgente" whole
    pavilions = next(t for t in doc.tables if t.rows[0].cells[0].text == "Pabellón")
    # short tables move whole: every row but the last keeps with the next, none splits
    for row in pavilions.rows:
        assert row._tr.trPr.find(W + "cantSplit") is not None
    assert all(c.paragraphs[0].paragraph_format.keep_with_next for row in pavilions.rows[:-1] for c in row.cells)
    assert not any(c.paragraphs[0].paragraph_format.keep_with_next for c in pavilions.rows[-1].cells)
