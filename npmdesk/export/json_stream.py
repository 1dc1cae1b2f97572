"""JSON written piece by piece, so that a document larger than memory can still be written.

The bytes are exactly those of `json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)`
on the same value with every `Rows` turned into a list and every `Text` into a string
(`materialize` does that, for callers that want the whole value). Only one item of a `Rows`
and one piece of a `Text` need to be in memory at a time.
"""

import hashlib
import json
import uuid
from typing import Iterable

_ENCODER = json.JSONEncoder(ensure_ascii=False, indent=1, sort_keys=True)
FLUSH_CHARS = 1 << 18


class Rows:
    """A list whose items are produced only while it is written; it can be read once."""

    def __init__(self, items: Iterable):
        self.items = iter(items)


class Text:
    """A string value that arrives in pieces which need no JSON escaping (e.g. base64);
    it may only be a value of a dict that is itself an item of a `Rows`."""

    def __init__(self, pieces: Iterable[str]):
        self.pieces = iter(pieces)


def materialize(value):
    """The plain value (lists and strings) the stream stands for."""
    if isinstance(value, dict):
        return {key: materialize(item) for key, item in value.items()}
    if isinstance(value, (Rows, list)):
        return [materialize(item) for item in (value.items if isinstance(value, Rows) else value)]
    if isinstance(value, Text):
        return "".join(value.pieces)
    return value


class _Sink:
    """UTF-8 to a binary file in blocks of about FLUSH_CHARS, hashing what it writes."""

    def __init__(self, handle):
        self.handle = handle
        self.sha256 = hashlib.sha256()
        self.parts: list[str] = []
        self.size = 0

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)
        if self.size >= FLUSH_CHARS:
            self.flush()

    def flush(self) -> None:
        data = "".join(self.parts).encode("utf-8")
        self.parts, self.size = [], 0
        self.sha256.update(data)
        self.handle.write(data)


def write(handle, value) -> str:
    """Write `value` as JSON to the binary file `handle`; returns the SHA-256 of the bytes."""
    sink = _Sink(handle)
    _value(sink, value, 0)
    sink.flush()
    return sink.sha256.hexdigest()


def _value(sink: _Sink, value, depth: int) -> None:
    if isinstance(value, dict):
        _dict(sink, value, depth)
    elif isinstance(value, Rows):
        _rows(sink, value, depth)
    else:
        _whole(sink, value, depth)


def _dict(sink: _Sink, value: dict, depth: int) -> None:
    if not value:
        sink.write("{}")
        return
    inner = "\n" + " " * (depth + 1)
    sink.write("{")
    for i, key in enumerate(sorted(value)):
        sink.write(("," if i else "") + inner + _ENCODER.encode(key) + ": ")
        _value(sink, value[key], depth + 1)
    sink.write("\n" + " " * depth + "}")


def _rows(sink: _Sink, rows: Rows, depth: int) -> None:
    inner = "\n" + " " * (depth + 1)
    first = True
    for item in rows.items:
        sink.write(("[" if first else ",") + inner)
        _whole(sink, item, depth + 1)
        first = False
    sink.write("[]" if first else "\n" + " " * depth + "]")


def _whole(sink: _Sink, value, depth: int) -> None:
    """A value encoded in one go by the json module, shifted right by `depth` (JSON strings
    never hold a raw newline, so every newline in the text is the start of a line)."""
    streamed = {}
    if isinstance(value, dict):
        streamed = {key: item for key, item in value.items() if isinstance(item, Text)}
    if not streamed:
        sink.write(_ENCODER.encode(value).replace("\n", "\n" + " " * depth))
        return
    marks = {key: f"json-stream-{uuid.uuid4().hex}" for key in streamed}
    text = _ENCODER.encode(value | marks).replace("\n", "\n" + " " * depth)
    for key in sorted(marks):
        before, after = text.split(_ENCODER.encode(marks[key]))
        sink.write(before + '"')
        for piece in streamed[key].pieces:
            sink.write(piece)
        text = '"' + after
    sink.write(text)
