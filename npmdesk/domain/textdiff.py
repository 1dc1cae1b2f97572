"""A word-level diff between two texts (the revision history shows it coloured).

Lines are matched first, then the words of the lines that changed, so a 30-page
section with a few edits is compared in well under a second.
"""

import difflib
import re
from dataclasses import dataclass

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Piece:
    kind: str  # EQUAL, INSERT or DELETE
    text: str


class _Pieces(list):
    def add(self, kind: str, text: str) -> None:
        if not text:
            return
        if self and self[-1].kind == kind:
            self[-1] = Piece(kind, self[-1].text + text)
        else:
            self.append(Piece(kind, text))


def _common_ends(a: list, b: list) -> tuple[int, int]:
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    return head, tail


def _opcodes(a: list, b: list, pieces: _Pieces, inner) -> None:
    head, tail = _common_ends(a, b)
    pieces.add(EQUAL, "".join(a[:head]))
    mid_a, mid_b = a[head:len(a) - tail], b[head:len(b) - tail]
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, mid_a, mid_b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.add(EQUAL, "".join(mid_a[i1:i2]))
        elif op == "replace" and inner is not None:
            inner("".join(mid_a[i1:i2]), "".join(mid_b[j1:j2]), pieces)
        else:
            pieces.add(DELETE, "".join(mid_a[i1:i2]))
            pieces.add(INSERT, "".join(mid_b[j1:j2]))
    pieces.add(EQUAL, "".join(a[len(a) - tail:]))


def _words(old: str, new: str, pieces: _Pieces) -> None:
    _opcodes(_TOKENS.findall(old), _TOKENS.findall(new), pieces, None)


def word_diff(old: str, new: str) -> list[Piece]:
    """Pieces that turn `old` into `new`: equal text, deleted words, inserted words.

    Deletions come before the insertions that replace them; adjacent pieces of
    the same kind are merged.
    """
    pieces = _Pieces()
    _opcodes(old.splitlines(keepends=True), new.splitlines(keepends=True), pieces, _words)
    return list(pieces)


def summary(pieces: list[Piece]) -> tuple[int, int]:
    """(words inserted, words deleted)."""
    count = lambda kind: sum(len(re.findall(r"\w+", p.text)) for p in pieces if p.kind == kind)  # noqa: E731
    return count(INSERT), count(DELETE)
