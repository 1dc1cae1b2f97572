"""Cleaning of text that comes from people: typing, pasting, importing.

Characters that break XML, storage or display (C0/C1 controls other than tab and
newline, lone surrogates, non-characters, bidirectional overrides that can
disguise a name) are replaced by U+FFFD so the change stays visible.
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


def strip_hostile(text: str) -> str:
    """NFC text with hostile characters removed outright (for pasted text, where a visible
    U+FFFD in the middle of a sentence helps nobody)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", _BAD.sub("", text))
