"""Full-text search over every record's text (FTS5, accent- and case-blind).

The index is updated in the same transaction as the record, and FTS5
secure-delete is on, so deleted text leaves no residue in the index.
"""

import html
import re
from dataclasses import dataclass

from npmdesk.storage.records import Spec

_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12


@dataclass
class Hit:
    entity: str
    entity_id: str
    title: str
    snippet: str


def plain_text(value: str) -> str:
    """Text with any HTML markup removed (section bodies are rich text)."""
    if "<" not in value:
        return value
    return html.unescape(_TAG.sub(" ", value))


def _doc(conn, entity: str, entity_id: str) -> int | None:
    row = conn.execute("SELECT doc FROM search_rows WHERE entity = ? AND entity_id = ?",
                       (entity, entity_id)).fetchone()
    return row[0] if row else None


def index(conn, spec: Spec, record) -> None:
    """Put the record's title and text in the index, replacing what it held before."""
    if not spec.title:
        return
    title = str(getattr(record, spec.title) or "")
    body = "\n".join(plain_text(str(getattr(record, name) or "")) for name in spec.search)
    doc = _doc(conn, spec.name, record.id)
    if doc is not None:
        conn.execute("UPDATE search_index SET title = ?, body = ? WHERE rowid = ?", (title, body, doc))
        return
    cursor = conn.execute(
        "INSERT INTO search_index(entity, entity_id, title, body) VALUES (?, ?, ?, ?)",
        (spec.name, record.id, title, body))
    conn.execute("INSERT INTO search_rows(entity, entity_id, doc) VALUES (?, ?, ?)",
                 (spec.name, record.id, cursor.lastrowid))


def unindex(conn, entity: str, entity_id: str) -> None:
    doc = _doc(conn, entity, entity_id)
    if doc is None:
        return
    conn.execute("DELETE FROM search_index WHERE rowid = ?", (doc,))
    conn.execute("DELETE FROM search_rows WHERE entity = ? AND entity_id = ?", (entity, entity_id))


def match_expression(text: str) -> str:
    """Each word of the user's text as a quoted prefix term; FTS syntax is never passed through."""
    words = _WORD.findall(text)[:MAX_TERMS]
    return " ".join(f'"{w}"*' for w in words)


def search(conn, text: str, limit: int = 200) -> list[Hit]:
    expression = match_expression(text)
    if not expression:
        return []
    rows = conn.execute(
        "SELECT entity, entity_id, title, snippet(search_index, 3, '[', ']', '…', 12) "
        "FROM search_index WHERE search_index MATCH ? ORDER BY rank LIMIT ?",
        (expression, limit))
    return [Hit(*row) for row in rows]
