"""Photos leave the case file without what the camera wrote about them, with their caption as
alt text: a real JPEG carrying a GPS position, a camera model, XMP and a comment goes into the
.docx with none of them, and still shows the same picture."""

import struct
import zipfile
import zlib

from docx import Document
from lxml import etree
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QColor, QImage

from npmdesk.export import image_clean
from npmdesk.services.archive import word as export
from npmdesk.services.records import edit as records
from export_fixture import build_report, png_bytes

CAMERA = b"Canon EOS 5D Mark IV"
GPS_LATITUDE_REF = b"N\x00"
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description exif:GPSLatitude="8,59.1N"/></x:xmpmeta>'
SECRET_COMMENT = b"Celda 14, pabellon de castigo"


def qt_jpeg(width=64, height=48) -> bytes:
    """A real baseline JPEG as Qt's encoder writes it (JFIF, no metadata)."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(180, 40, 30))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "JPEG", 90)
    return bytes(buffer.data())


def exif_segment() -> bytes:
    """An EXIF APP1 segment as a camera writes it: IFD0 with Make and Model and a pointer to
    a GPS IFD holding latitude and longitude (TIFF, little-endian)."""
    def entry(tag, kind, count, value: bytes) -> bytes:
        return struct.pack("<HHI", tag, kind, count) + value.ljust(4, b"\0")

    make, model = b"Canon\0", CAMERA + b"\0"
    ifd0_at = 8
    ifd0_size = 2 + 3 * 12 + 4
    data_at = ifd0_at + ifd0_size
    make_at, model_at = data_at, data_at + len(make)
    gps_at = model_at + len(model)
    gps_size = 2 + 4 * 12 + 4
    rationals_at = gps_at + gps_size
    ifd0 = (struct.pack("<H", 3)
            + entry(0x010F, 2, len(make), struct.pack("<I", make_at))
            + entry(0x0110, 2, len(model), struct.pack("<I", model_at))
            + entry(0x8825, 4, 1, struct.pack("<I", gps_at)) + struct.pack("<I", 0))
    latitude = struct.pack("<6I", 8, 1, 59, 1, 612, 100)  # 8° 59' 6.12"
    longitude = struct.pack("<6I", 79, 1, 31, 1, 4480, 100)
    gps = (struct.pack("<H", 4)
           + entry(0x0001, 2, 2, GPS_LATITUDE_REF)
           + entry(0x0002, 5, 3, struct.pack("<I", rationals_at))
           + entry(0x0003, 2, 2, b"W\x00")
           + entry(0x0004, 5, 3, struct.pack("<I", rationals_at + 24)) + struct.pack("<I", 0))
    tiff = b"II*\x00" + struct.pack("<I", ifd0_at) + ifd0 + make + model + gps + latitude + longitude
    payload = b"Exif\x00\x00" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def camera_jpeg() -> bytes:
    plain = qt_jpeg()
    assert plain[:2] == b"\xff\xd8"
    return (plain[:2] + exif_segment() + segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + XMP)
            + segment(0xED, b"Photoshop 3.0\x008BIM" + SECRET_COMMENT) + segment(0xFE, SECRET_COMMENT)
            + plain[2:])


def test_the_camera_jpeg_is_what_a_camera_writes():
    data = camera_jpeg()
    assert data.count(b"Exif\x00\x00") == 1 and CAMERA in data and XMP in data
    assert not QImage.fromData(data).isNull()  # still a JPEG a decoder reads


def test_jpeg_metadata_is_removed_and_the_picture_kept():
    data = camera_jpeg()
    clean = image_clean.without_metadata(data)
    for secret in (b"Exif", CAMERA, b"Canon", XMP, b"adobe", SECRET_COMMENT, b"8BIM"):
        assert secret not in clean
    assert b"JFIF" in clean  # the segment a viewer needs stays
    image, original = QImage.fromData(clean), QImage.fromData(data)
    assert (image.width(), image.height()) == (original.width(), original.height()) == (64, 48)
    assert image.pixelColor(10, 10) == original.pixelColor(10, 10)


def png_with_metadata() -> bytes:
    plain = png_bytes((10, 120, 40))  # not the fixture's own photo: Word would store one copy

    def chunk(kind, payload):
        return (struct.pack(">I", len(payload)) + kind + payload
                + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF))
    at = 8 + 25  # after the signature and IHDR
    return (plain[:at] + chunk(b"tEXt", b"Comment\x00" + SECRET_COMMENT) + chunk(b"eXIf", exif_segment()[10:])
            + chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + XMP) + plain[at:])


def test_png_metadata_chunks_are_removed():
    data = png_with_metadata()
    clean = image_clean.without_metadata(data)
    for secret in (SECRET_COMMENT, CAMERA, XMP, b"tEXt", b"eXIf", b"iTXt"):
        assert secret in data and secret not in clean
    assert QImage.fromData(clean).size() == QImage.fromData(data).size()


def test_unreadable_or_other_formats_are_not_copied():
    jpeg = camera_jpeg()
    assert image_clean.without_metadata(jpeg[:30]) is None  # cut inside the EXIF segment
    assert image_clean.without_metadata(b"GIF89a" + b"\0" * 40) is None
    assert image_clean.without_metadata(b"\xff\xd8\x00\x00garbage") is None


def _media(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {n: package.read(n) for n in package.namelist() if n.startswith("word/media/")}


def test_exported_photo_has_no_exif_and_its_caption_is_the_alt_text(session, tmp_path):
    built = build_report(session)
    caption = "Patio del pabellón B, mediodía"
    records.add_attachment(session, camera_jpeg(), "IMG_0412.JPG", caption, visit_id=built.visit.id,
                           include_in_export=True)
    records.add_attachment(session, png_with_metadata(), "scan.png", "Plano del pabellón",
                           visit_id=built.visit.id, include_in_export=True)
    target = tmp_path / "informe.docx"
    export.export_report(session, built.report.id, target)
    media = _media(target)
    assert len(media) == 3  # the fixture's own photo, the JPEG and the PNG
    everything = b"".join(media.values())
    for secret in (b"Exif", CAMERA, GPS_LATITUDE_REF + b"\x00\x00\x05", XMP, SECRET_COMMENT, b"8BIM"):
        assert secret not in everything
    jpeg = next(blob for blob in media.values() if blob[:2] == b"\xff\xd8")
    assert QImage.fromData(jpeg).width() == 64
    with zipfile.ZipFile(target) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    alt = [e.get("descr") for e in body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert alt == ["Pabellón B, vista del pasillo", caption, "Plano del pabellón"]
    with zipfile.ZipFile(target) as package:
        assert not any(b"IMG_0412" in package.read(name) for name in package.namelist())  # nor its file name
    assert caption in [p.text.split(" ", 2)[-1] for p in Document(str(target)).paragraphs]


def test_a_photo_that_cannot_be_cleaned_is_left_out_not_copied(session, tmp_path):
    built = build_report(session)
    records.add_attachment(session, b"GIF89a" + SECRET_COMMENT * 4, "foto.gif", "Foto en GIF",
                           visit_id=built.visit.id, include_in_export=True)
    target = tmp_path / "informe.docx"
    export.export_report(session, built.report.id, target)
    assert SECRET_COMMENT not in b"".join(_media(target).values())
    texts = [p.text for p in Document(str(target)).paragraphs]
    assert "(imagen no legible)" in texts and any("Foto en GIF" in t for t in texts)

