"""Reading back what npmdesk printed into an exported .docx: the bitácora anchor line.

The line is written in the language of the person who exported ("Ancla de la bitácora:
1.234 entradas, hash …" or "Bitácora anchor: 1,234 entries, hash …"), so it is found by its
shape: the last paragraph holding a 64-digit hexadecimal hash, and the number before it.
"""

import re
import zipfile

from docx import Document
from docx.opc.exceptions import PackageNotFoundError

HASH = re.compile(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")
NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d{3})*")


def printed_anchor(path) -> tuple[int, str] | None:
    """(entry count, head hash) printed in the document, or None when it has no anchor line.

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
            return int(re.sub(r"\D", "", numbers[0])), found.group(0)
    return None
