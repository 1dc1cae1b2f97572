"""Cleaning of text that comes from people: typing, pasting, importing.

Characters that break XML, storage or display (C0/C1 controls other than tab and
newline, lone surrogates, non-characters, bidirectional overrides that can
disguise a name) are replaced by U+FFFD so the change stays visible: everywhere,
section bodies and pastes included ("Antes␀después" reads "Antes�después", never
"Antesdespués"). This module is the one place that says which characters those are.
"""

import re
import unicodedata

REPLACEMENT = "\ufffd"
MAX_FIELD_CHARS = 5_000_000

_BAD = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]"
)


def clean(text: str) -> str:
    """NFC text with hostile characters replaced by U+FFFD and CRLF folded to LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _BAD.sub(REPLACEMENT, text)
    return unicodedata.normalize("NFC", text)


def count_replaced(original: str) -> int:
    return len(_BAD.findall(original))


def hostile(text: str) -> list[str]:
    """The distinct characters `clean` would replace, in the order they first appear."""
    return list(dict.fromkeys(_BAD.findall(text)))


def kind(ch: str) -> str:
    """What a hostile character is: "control", "surrogate", "noncharacter" or "bidi"."""
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF:
        return "surrogate"
    if code in (0xFFFE, 0xFFFF):
        return "noncharacter"
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return "bidi"
    return "control"


def normalised(text: str) -> str:
    """NFC with CRLF folded to LF: what `clean` changes in text that has nothing hostile (a file
    written with decomposed accents, or on Windows, is taken as it reads, not refused)."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
