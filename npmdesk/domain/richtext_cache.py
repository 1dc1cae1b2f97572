"""`sanitize()` for a session that sanitises the same long texts again and again (the editor's
autosave sends the whole section each time; opening a section reads it again): the same
answer as richtext.sanitize, reading again only the parts of the text that changed.

The HTML reader is fed a body in pieces that end right before a tag, where the whole-body
reader also stops a run of text; a piece ends where the reader holds nothing half read
(`_Parser.state()`: no open block, table or pending input). Reading is deterministic, so a
piece read before from an equal state gives the same items and the same state after it:
those are reused, and only the pieces an edit touched are read again. Pieces are found by their
state and their first line; several may share those (every table Qt writes starts with the same
`<table …>` line), so each is a candidate, taken when the text goes on as it does
(tests/test_richtext_cache.py compares it with a full reading over random edits). The last
bodies sanitised are remembered by digest with their result, so a section opened again is not
read again. Each piece also keeps the HTML it was last written as (richtext.html_part), which
depends only on the lists open before it and, when it holds footnotes, on their first number. (A body's own result is not assumed clean: sanitize is not idempotent for every
odd input, e.g. a line break inside a footnote mark.)

What it remembers is case text: a session drops it when it closes or locks (`clear`).
"""

import bisect
import hashlib
import re
from collections import OrderedDict
from dataclasses import dataclass

from npmdesk.domain import richtext_parse
from npmdesk.domain.richtext import closing, html_part

# Where a piece may end: after a newline or a block's end tag, right before the next tag.
_BOUNDARY = re.compile(r"(?:\n|</(?:p|h[1-6]|li|ul|ol|table|div)>)(?=<)")
MAX_PIECES = 50_000
"""Pieces remembered (least recently used dropped first): a few long sections' worth."""
MAX_CANDIDATES = 64
"""Pieces remembered under one state and first line (the oldest dropped first): a section's
tables all start alike; with more than this many they are read again on every save."""
MAX_RESULTS = 16
"""Bodies remembered with their result."""


@dataclass(frozen=True)
class _Written:
    lists: tuple  # the lists open before it
    notes: int  # the footnotes numbered before it
    html: str
    lists_after: tuple
    numbered: int  # the footnotes it numbers


@dataclass(eq=False)
class _Piece:
    text: str
    first: int  # length of its first line: with the state before it, what it is found by
    items: tuple
    after: tuple  # the reader's state after it
    written: _Written | None = None

    def write(self, lists: tuple, notes: int) -> tuple[str, tuple, int]:
        """richtext.html_part of its items, written again only after other lists or, when it
        numbers footnotes, another first number."""
        done = self.written
        if done is None or done.lists != lists or (done.numbered and done.notes != notes):
            html, lists_after, last = html_part(self.items, lists, notes)
            done = self.written = _Written(lists, notes, html, lists_after, last - notes)
        return done.html, done.lists_after, notes + done.numbered


class Sanitizer:
    def __init__(self):
        self._pieces: OrderedDict[tuple, _Piece] = OrderedDict()  # by (state, text)
        self._candidates: dict[tuple, list[str]] = {}  # (state, first line) → texts of pieces
        self._results: OrderedDict[bytes, str] = OrderedDict()

    def clear(self) -> None:
        self._pieces.clear()
        self._candidates.clear()
        self._results.clear()

    def sanitize(self, body: str) -> str:
        """Exactly richtext.sanitize(body)."""
        key = _digest(body)
        if key in self._results:
            self._results.move_to_end(key)
            return self._results[key]
        html, lists, notes = [], (), 0
        for part in self._parts(body):
            if isinstance(part, _Piece):
                written, lists, notes = part.write(lists, notes)
            else:
                written, lists, notes = html_part(part, lists, notes)
            html.append(written)
        out = "".join(html) + closing(lists)
        self._results[key] = out
        while len(self._results) > MAX_RESULTS:
            self._results.popitem(last=False)
        return out

    def _parts(self, body: str) -> list:
        """richtext.parse(body) as pieces (the ones read before reused: their items are shared,
        never changed) and lists of items read outside any piece."""
        text = richtext_parse.prepared(body)
        if text is None:
            return [richtext_parse.plain_blocks(body)]
        ends = [m.end() for m in _BOUNDARY.finditer(text)]
        ends.append(len(text))
        parts: list = []
        state = richtext_parse.reader().state()
        pos, parser, start, first_end = 0, None, 0, 0
        while pos < len(text):
            next_end = ends[bisect.bisect_right(ends, pos)]
            if parser is None:
                piece = self._known(state, text, pos, next_end, ends)
                if piece is not None:
                    parts.append(piece)
                    state, pos = piece.after, pos + len(piece.text)
                    continue
                parser, start, first_end = richtext_parse.reader(state), pos, next_end
            parser.feed(text[pos:next_end])
            pos = next_end
            after = parser.state()
            if after is not None:
                piece = _Piece(text[start:pos], first_end - start, tuple(parser.out), after)
                self._remember(state, piece)
                parts.append(piece)
                state, parser = after, None
        if parser is not None:
            parts.append(richtext_parse.finish(parser))
        return parts

    def _known(self, state: tuple, text: str, pos: int, first_end: int, ends: list[int]) -> _Piece | None:
        """A piece read before from `state` that `text` goes on with at `pos`, ending where a piece
        may end in this text."""
        for known in self._candidates.get((state, text[pos:first_end]), ()):
            if text.startswith(known, pos) and _is_end(ends, pos + len(known)):
                self._pieces.move_to_end((state, known))
                return self._pieces[(state, known)]
        return None

    def _remember(self, state: tuple, piece: _Piece) -> None:
        key = (state, piece.text)
        if key not in self._pieces:
            texts = self._candidates.setdefault((state, piece.text[:piece.first]), [])
            texts.append(piece.text)
            if len(texts) > MAX_CANDIDATES:
                self._forget((state, texts[0]))
        self._pieces[key] = piece
        self._pieces.move_to_end(key)
        while len(self._pieces) > MAX_PIECES:
            self._forget(next(iter(self._pieces)))

    def _forget(self, key: tuple) -> None:
        state, text = key
        piece = self._pieces.pop(key)
        first = (state, text[:piece.first])
        self._candidates[first].remove(text)
        if not self._candidates[first]:
            del self._candidates[first]


def _is_end(ends: list[int], pos: int) -> bool:
    """Whether a piece may end at `pos` in this text (the next character is a tag's, or none)."""
    i = bisect.bisect_left(ends, pos)
    return i < len(ends) and ends[i] == pos


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=32).digest()
