"""What a .docx must pass before anything parses it: `check(path)` reads only the zip's central
directory and a few small parts, and refuses a file that is not a .docx, a zip bomb, a
macro-enabled document, external relationships and XML with a DTD.

Why before parsing: mammoth and python-docx open parts through zipfile and parse them with
expat/lxml; a DTD could expand entities, a linked image would be read from wherever its target
points, and a bomb would be inflated into memory. The sizes the central directory declares
bound what zipfile will ever inflate (ZipExtFile stops at the declared size), so checking them
is checking what the parsers can be made to read.
"""

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from npmdesk.errors import NpmdeskError
from npmdesk.i18n import N_, _

MAX_FILE_BYTES = 250 * 1024 * 1024
MAX_TOTAL_BYTES = 512 * 1024 * 1024  # everything inflated together
MAX_XML_BYTES = 64 * 1024 * 1024  # one XML part (a 500-page document.xml is ~15 MB)
MAX_IMAGE_BYTES = 200 * 1024 * 1024 - 1  # an image becomes an attachment, whose limit is 200 MB
MAX_RATIO = 100  # inflated/compressed, for parts above RATIO_FLOOR (XML usually ~5-20)
RATIO_FLOOR = 1024 * 1024
MAX_ENTRIES = 5000

# Relationships whose target is fetched or opened when the document is shown: refused when
# external. A hyperlink is external by nature and only text reaches the report.
_HYPERLINK = "/hyperlink"
_MACRO_TYPES = re.compile(rb"macroEnabled|vbaProject|vbaData|ms-office\.activeX", re.IGNORECASE)
_EXTERNAL = re.compile(rb"<Relationship\b[^>]*>", re.IGNORECASE)
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class DocxRefused(NpmdeskError):
    template = N_("No se importó «{name}»: {reason}. No se ha escrito nada en el expediente.")


@dataclass(frozen=True)
class Checked:
    """A .docx that passed: its path and the names of its parts."""
    path: Path
    names: frozenset


def _refuse(path: Path, reason: str, detail: str) -> DocxRefused:
    return DocxRefused(detail, name=path.name[:80], reason=reason)


def _decoded(data: bytes) -> bytes:
    """XML written in UTF-16 would hide a DOCTYPE from a byte search: read it as UTF-8 first."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(data) > 1 and b"\x00" in data[:4]):
        try:
            return data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return data
    return data


def _sizes(path: Path, infos: list) -> None:
    if len(infos) > MAX_ENTRIES:
        raise _refuse(path, _("contiene demasiadas partes ({count}) para ser un documento de Word")
                      .format(count=len(infos)), "entries")
    total = 0
    for info in infos:
        if info.filename.lower().startswith("word/media/") and info.file_size > MAX_IMAGE_BYTES:
            raise _refuse(path, _("contiene una imagen de {size} MB; se admiten imágenes de hasta 200 MB")
                          .format(size=info.file_size // (1024 * 1024)), "image size")
    for info in infos:
        total += info.file_size
        name = info.filename.lower()
        if (name.endswith(".xml") or name.endswith(".rels")) and info.file_size > MAX_XML_BYTES:
            raise _refuse(path, _("una de sus partes ocupa más de 64 MB al descomprimirse"), "part size")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise _refuse(path, _("está construido para ocupar muchísimo más al descomprimirse "
                                  "(una «bomba zip»)"), "ratio")
    if total > MAX_TOTAL_BYTES:
        raise _refuse(path, _("descomprimido ocuparía {size} MB, más de los 512 MB admitidos")
                      .format(size=total // (1024 * 1024)), "total size")


def _external(path: Path, name: str, data: bytes) -> None:
    for match in _EXTERNAL.finditer(data):
        element = match.group(0)
        if not re.search(rb"TargetMode\s*=\s*[\"']External[\"']", element, re.IGNORECASE):
            continue
        kind = re.search(rb"Type\s*=\s*[\"']([^\"']*)[\"']", element)
        if kind and kind.group(1).endswith(_HYPERLINK.encode()):
            continue
        raise _refuse(path, _("remite a archivos externos (imágenes vinculadas, una plantilla remota u "
                              "objetos enlazados) que se abrirían al leerlo; guárdelo en Word con "
                              "las imágenes incrustadas y sin plantilla adjunta"), f"external in {name}")


def check(path: Path) -> Checked:
    """The .docx at `path` if it may be parsed; DocxRefused (saying why) otherwise."""
    path = Path(path)
    if path.suffix.lower() in (".docm", ".dotm"):
        raise _refuse(path, _("es un documento con macros (.docm); guárdelo como .docx sin macros"), "docm")
    try:
        size = path.stat().st_size
    except OSError:
        raise _refuse(path, _("no se puede leer el archivo"), "unreadable") from None
    if size > MAX_FILE_BYTES:
        raise _refuse(path, _("el archivo ocupa más de 250 MB"), "file size")
    not_docx = _("no es un documento de Word (.docx)")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                raise _refuse(path, not_docx, "parts missing")
            if any(n.lower().rsplit("/", 1)[-1] in ("vbaproject.bin", "vbadata.xml") for n in names):
                raise _refuse(path, _("contiene macros (vbaProject.bin); guárdelo como .docx sin macros"),
                              "vba")
            _sizes(path, infos)
            for info in infos:
                lower = info.filename.lower()
                if not (lower.endswith(".xml") or lower.endswith(".rels")):
                    continue
                data = _decoded(archive.read(info))
                if _DTD.search(data):
                    raise _refuse(path, _("su XML declara un DTD o entidades, que no se admiten en un "
                                          "documento de Word"), f"dtd in {info.filename}")
                if info.filename == "[Content_Types].xml" and _MACRO_TYPES.search(data):
                    raise _refuse(path, _("declara contenido con macros; guárdelo como .docx sin macros"),
                                  "macro content type")
                if lower.endswith(".rels"):
                    _external(path, info.filename, data)
    except DocxRefused:
        raise
    # RuntimeError: an encrypted part; zlib.error: damaged compressed data.
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError,
            RuntimeError, zlib.error):
        raise _refuse(path, not_docx, "bad zip") from None
    except OSError:
        raise _refuse(path, _("no se puede leer el archivo"), "unreadable") from None
    return Checked(path, frozenset(names))
