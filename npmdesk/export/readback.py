"""Reading back what npmdesk printed into an exported .docx: every text it holds (for the
disclosure check, on the very bytes that will be written) and the bitácora anchor line.

The line is found by its shape, whatever the language it was written in: the last paragraph
holding the bitácora's printed code (six groups of four hexadecimal digits joined by
non-breaking hyphens, "3f2a‑91c0‑77b4‑e1d2‑0a5f‑88c1", on the integrity page) or, in documents exported before
the integrity page existed, a 64-digit hash; and the number before it.
"""

import io
import re
import zipfile

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

HASH = re.compile("(?<![0-9a-f\u2011-])(?:[0-9a-f]{4}(?:[\u2011-][0-9a-f]{4}){5}|[0-9a-f]{64})(?![0-9a-f\u2011-])")
NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d{3})*")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT_ATTRIBUTES = ("descr", "title", "name", "Target")  # alt texts, image names, link targets
_NAMED = ("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr",
          "{http://schemas.openxmlformats.org/drawingml/2006/picture}cNvPr",
          "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship")
_BREAKS = {_W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def texts(data: bytes) -> list[str]:
    """Every text a reader of the document can reach, from every XML part of the package:
    each paragraph whole (runs joined; tabs and breaks as whitespace) in the body, tables,
    headers, footers, footnotes, endnotes and comments; field instructions; alt texts and
    image names; and the document properties."""
    found: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                _part_texts(etree.fromstring(package.read(name), _PARSER), found)
    return found


def _part_texts(root, found: list[str]) -> None:
    paragraph, pieces = None, []
    for node in root.iter(_W + "p", _W + "t", _W + "instrText", _W + "delText", _W + "tab", _W + "br", _W + "cr"):
        if node.tag == _W + "p":  # text after a nested paragraph (a text box) joins the inner one
            if pieces:
                found.append("".join(pieces))
            paragraph, pieces = node, []
        elif node.tag in _BREAKS:
            pieces.append(_BREAKS[node.tag])
        else:
            pieces.append(node.text or "")
    if pieces:
        found.append("".join(pieces))
    for node in root.iter(*_NAMED):
        found.extend(node.get(attr) for attr in _TEXT_ATTRIBUTES if node.get(attr))
    if paragraph is None:  # document properties and other parts without paragraphs
        found.extend(node.text for node in root.iter() if isinstance(node.tag, str) and node.text
                     and node.text.strip())


def printed_anchor(path) -> tuple[int, str] | None:
    """(entry count, printed code or head hash) in the document, or None when it has no anchor line.

    Raises ValueError when `path` is not a readable Word document.
    """
    try:
        paragraphs = [p.text for p in Document(str(path)).paragraphs]
    except (OSError, KeyError, zipfile.BadZipFile, PackageNotFoundError, ValueError) as error:
        raise ValueError(type(error).__name__) from error
    for text in reversed(paragraphs):
        found = HASH.search(text)
        numbers = NUMBER.findall(text[:found.start()]) if found else []
        if numbers:
            return int(re.sub(r"\D", "", numbers[0])), re.sub("[\u2011-]", "", found.group(0))
    return None
