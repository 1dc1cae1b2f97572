"""Hostile .docx files are refused before anything parses them, each with its Spanish sentence,
and the case file is left as it was. Every file is built for real (python-docx, then zipfile)."""

import zipfile

import pytest

from docx_builders import forge_sizes, plain_docx, rewritten, visit_of, zeros
from npmdesk.domain import model
from npmdesk.services.importing import guard, report_import
from npmdesk.services.records import edit as records

RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
        'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{items}</Relationships>')
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _refused(session, path, *words):
    """The import of `path` is refused with a sentence holding `words`; nothing was written."""
    visit = visit_of(session)
    audit_before = session.case.query("SELECT count(*) FROM audit")[0][0]
    with pytest.raises(guard.DocxRefused) as caught:
        plan = report_import.prepare(session, visit.id, path)
        report_import.apply(session, visit.id, plan)
    message = caught.value.message()
    assert message.startswith(f"No se importó «{path.name}»:"), message
    assert "No se ha escrito nada en el expediente." in message
    for word in words:
        assert word in message, message
    assert records.select(session, model.Report) == []
    assert records.select(session, model.Attachment) == []
    assert session.case.query("SELECT count(*) FROM audit")[0][0] == audit_before
    return message


@pytest.fixture
def good(tmp_path):
    return plain_docx(tmp_path / "bueno.docx")


def test_a_plain_docx_passes_and_imports(session, good):
    visit = visit_of(session)
    result = report_import.apply(session, visit.id, report_import.prepare(session, visit.id, good))
    assert result.sections == 2


def test_not_a_zip_and_a_zip_that_is_not_a_docx(session, tmp_path):
    text = tmp_path / "nota.docx"
    text.write_text("Esto no es un documento de Word.", encoding="utf-8")
    _refused(session, text, "no es un documento de Word (.docx)")
    other = tmp_path / "hoja.docx"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    _refused(session, other, "no es un documento de Word (.docx)")
    truncated = tmp_path / "cortado.docx"
    truncated.write_bytes(plain_docx(tmp_path / "x.docx").read_bytes()[:3000])
    _refused(session, truncated, "no es un documento de Word (.docx)")


def test_a_zip_bomb_by_ratio(session, good, tmp_path):
    bomb = rewritten(good, tmp_path / "bomba.docx", add={"word/embeddings/oleObject1.bin": zeros(120)})
    assert bomb.stat().st_size < 2 * 1024 * 1024  # 120 MB of zeros in a file of a few hundred KB
    _refused(session, bomb, "«bomba zip»")


def test_a_zip_bomb_by_total_declared_in_the_central_directory(session, good, tmp_path):
    parts = {f"word/embeddings/part{i}.bin": bytes(range(256)) * 4096 for i in range(9)}  # 1 MB each
    bomb = rewritten(good, tmp_path / "total.docx", add=parts, compression=zipfile.ZIP_STORED)
    forge_sizes(bomb, set(parts), 60 * 1024 * 1024)  # each claims 60 MB: ratio 60, 540 MB together
    _refused(session, bomb, "más de los 512 MB admitidos")


def test_a_forged_xml_part_size(session, good, tmp_path):
    forged = rewritten(good, tmp_path / "parte.docx")
    forge_sizes(forged, {"word/document.xml"}, 0xFFFFFF00)
    _refused(session, forged, "más de 64 MB")


def test_macros_by_extension_by_part_and_by_content_type(session, good, tmp_path):
    docm = tmp_path / "macros.docm"
    docm.write_bytes(good.read_bytes())
    _refused(session, docm, "con macros (.docm)")
    vba = rewritten(good, tmp_path / "vba.docx", add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + bytes(512)})
    _refused(session, vba, "vbaProject.bin")
    with zipfile.ZipFile(good) as archive:
        types = archive.read("[Content_Types].xml").decode()
    types = types.replace("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                          "application/vnd.ms-word.document.macroEnabled.main+xml")
    declared = rewritten(good, tmp_path / "tipo.docx", replace={"[Content_Types].xml": types.encode()})
    _refused(session, declared, "declara contenido con macros")


def test_a_linked_image_and_a_remote_template(session, good, tmp_path):
    with zipfile.ZipFile(good) as archive:
        rels = archive.read("word/_rels/document.xml.rels").decode()
    linked = rels.replace("</Relationships>", f'<Relationship Id="rId99" Type="{OFFICE}/image" '
                          'Target="file:///etc/passwd" TargetMode="External"/></Relationships>')
    image = rewritten(good, tmp_path / "vinculada.docx", replace={"word/_rels/document.xml.rels": linked.encode()})
    _refused(session, image, "remite a archivos externos")
    template = RELS.format(items=f'<Relationship Id="rId1" Type="{OFFICE}/attachedTemplate" '
                                 "Target=\"https://example.org/plantilla.dotm\" TargetMode='External'/>")
    remote = rewritten(good, tmp_path / "plantilla.docx", add={"word/_rels/settings.xml.rels": template.encode()})
    _refused(session, remote, "plantilla remota")


def test_an_external_hyperlink_is_only_text(session, good, tmp_path):
    with zipfile.ZipFile(good) as archive:
        rels = archive.read("word/_rels/document.xml.rels").decode()
    linked = rels.replace("</Relationships>", f'<Relationship Id="rId98" Type="{OFFICE}/hyperlink" '
                          'Target="https://example.org/" TargetMode="External"/></Relationships>')
    fine = rewritten(good, tmp_path / "enlace.docx", replace={"word/_rels/document.xml.rels": linked.encode()})
    assert guard.check(fine).path == fine


def test_a_dtd_with_entities_in_utf8_and_in_utf16(session, good, tmp_path):
    with zipfile.ZipFile(good) as archive:
        xml = archive.read("word/document.xml").decode()
    head, rest = xml.split("?>", 1)
    laughs = ('<!DOCTYPE w:document [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>')
    hostile = head + "?>" + laughs + rest.replace("Entrevistas privadas.", "&lol2;")
    entities = rewritten(good, tmp_path / "entidades.docx", replace={"word/document.xml": hostile.encode()})
    _refused(session, entities, "DTD o entidades")
    wide = hostile.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    utf16 = rewritten(good, tmp_path / "utf16.docx", replace={"word/document.xml": wide})
    _refused(session, utf16, "DTD o entidades")


def test_an_image_of_200_mb(session, good, tmp_path):
    big = rewritten(good, tmp_path / "imagen.docx", add={"word/media/image1.png": zeros(200)})
    _refused(session, big, "una imagen de 200 MB", "hasta 200 MB")


def test_a_damaged_document_xml_is_named_not_a_traceback(session, good, tmp_path):
    broken = rewritten(good, tmp_path / "roto.docx", replace={"word/document.xml": b"<w:document><w:body>"})
    _refused(session, broken, "está dañado")


def test_damaged_compressed_data_and_an_encrypted_part(session, good, tmp_path):
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 10, start + 60):  # scramble the deflate stream of document.xml
        data[i] ^= 0x5A
    damaged = tmp_path / "comprimido.docx"
    damaged.write_bytes(bytes(data))
    _refused(session, damaged, "no es un documento de Word (.docx)")
    data = bytearray(good.read_bytes())
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:  # set the "encrypted" flag of every part in the central directory
        data[pos + 8] |= 0x01
        pos = data.find(b"PK\x01\x02", pos + 46)
    locked = tmp_path / "cifrado.docx"
    locked.write_bytes(bytes(data))
    _refused(session, locked, "no es un documento de Word (.docx)")
