"""A word-level diff between two texts (the revision history shows it coloured)."""

import difflib
import re
from dataclasses import dataclass

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Piece:
    kind: str  # EQUAL, INSERT or DELETE
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    """Pieces that turn `old` into `new`: equal text, deleted words, inserted words.

    Deletions come before the insertions that replace them; adjacent pieces of
    the same kind are merged.
    """
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    pieces: list[Piece] = []

    def add(kind: str, tokens: list[str]) -> None:
        text = "".join(tokens)
        if not text:
            return
        if pieces and pieces[-1].kind == kind:
            pieces[-1] = Piece(kind, pieces[-1].text + text)
        else:
            pieces.append(Piece(kind, text))

    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            add(EQUAL, a[i1:i2])
        else:
            add(DELETE, a[i1:i2])
            add(INSERT, b[j1:j2])
    return pieces


def summary(pieces: list[Piece]) -> tuple[int, int]:
    """(words inserted, words deleted)."""
    count = lambda kind: sum(len(re.findall(r"\w+", p.text)) for p in pieces if p.kind == kind)  # noqa: E731
    return count(INSERT), count(DELETE)
