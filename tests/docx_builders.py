"""Real .docx files for the import tests: written with python-docx, then (for the hostile set)
rewritten part by part with zipfile, or with their central directory forged."""

import io
import struct
import zipfile
from pathlib import Path

import docx

from npmdesk.domain import model
from npmdesk.services.records import edit as records


def plain_docx(path: Path, heading_style: str = "Heading 1") -> Path:
    document = docx.Document()
    document.add_paragraph("Resumen ejecutivo", style=heading_style)
    paragraph = document.add_paragraph("El equipo constató ")
    paragraph.add_run("hacinamiento").bold = True
    document.add_paragraph("Metodología", style=heading_style)
    document.add_paragraph("Entrevistas privadas.")
    document.save(str(path))
    return path


def rewritten(source: Path, target: Path, replace: dict | None = None, add: dict | None = None,
              compression=zipfile.ZIP_DEFLATED) -> Path:
    """`source` copied part by part into `target`, with parts replaced or added (name -> bytes,
    or a callable writing into an open entry, for parts too big to hold in memory)."""
    replace, add = replace or {}, add or {}
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", compression) as new:
        for info in old.infolist():
            new.writestr(info.filename, replace.get(info.filename, old.read(info.filename)))
        for name, data in add.items():
            if callable(data):
                info = zipfile.ZipInfo(name)
                info.compress_type = zipfile.ZIP_DEFLATED
                with new.open(info, "w", force_zip64=True) as entry:
                    data(entry)
            else:
                new.writestr(name, data)
    return target


def zeros(megabytes: int):
    def write(entry):
        chunk = bytes(1024 * 1024)
        for _ in range(megabytes):
            entry.write(chunk)
    return write


def forge_sizes(path: Path, names: set[str], size: int) -> None:
    """Overwrite the uncompressed size the central directory declares for `names`."""
    data = bytearray(path.read_bytes())
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        name = bytes(data[pos + 46:pos + 46 + name_len]).decode()
        if name in names:
            struct.pack_into("<I", data, pos + 24, size)
        pos = data.find(b"PK\x01\x02", pos + 46)
    path.write_bytes(bytes(data))


def visit_of(session) -> model.Visit:
    place = records.save(session, model.Place(name="Centro Penitenciario de Prueba", kind="centro_penitenciario"))
    return records.save(session, model.Visit(place.id, "2026-03-10", kind="inicial"))


def document_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def with_footnote(source: Path, target: Path, after: str, note: str) -> Path:
    """`source` with a Word footnote (footnotes.xml, its relationship and content type, a
    w:footnoteReference) cited after the run whose text is `after`; `note` is XML-escaped."""
    from xml.sax.saxutils import escape
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    notes = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {w}>'
             '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> '
             f'{escape(note)}</w:t></w:r></w:p></w:footnote></w:footnotes>')
    with zipfile.ZipFile(source) as archive:
        body, rels, types = (archive.read(n).decode() for n in
                             ("word/document.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"))
    anchor = f"<w:t>{after}</w:t></w:r>"
    assert anchor in body, after
    body = body.replace(anchor, anchor + '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                        '<w:footnoteReference w:id="1"/></w:r>')
    rels = rels.replace("</Relationships>", '<Relationship Id="rId90" Type="http://schemas.openxmlformats.org/'
                        'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>')
    types = types.replace("</Types>", '<Override PartName="/word/footnotes.xml" ContentType="application/'
                          'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
    return rewritten(source, target, add={"word/footnotes.xml": notes.encode()}, replace={
        "word/document.xml": body.encode(), "word/_rels/document.xml.rels": rels.encode(),
        "[Content_Types].xml": types.encode()})
