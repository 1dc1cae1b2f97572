"""Full-text search over every record's text (FTS5, accent- and case-blind).

The index is updated in the same transaction as the record, and FTS5
secure-delete is on, so deleted text leaves no residue in the index. The one
exception is a section edit whose previous text is kept in the section's
revisions anyway (``index(..., secure=False)``): purging it from the index would
protect nothing and makes each edit's commit 10–40× slower on a large case file
(bench/README.md). Whatever deletes revisions must also purge the index.

Such a section edit is not even indexed at once (`index_later`): the editor autosaves a long
section every pause in typing, and re-indexing its 19,000 words each time was most of the
save. The record is marked in `search_stale`, in the same transaction as its text, and
`refresh` indexes what is marked; the session does so before every search, when the editor
leaves the section, on closing or locking and on opening (marks a crash left). A session that
cannot write (read-only) searches the marked records' text as it is now (`search`).
"""

import html
import re
from dataclasses import dataclass

import sqlcipher3

from npmdesk.storage import records
from npmdesk.storage.records import Spec

_TAG = re.compile(r"<[^>]*>")
# A footnote as sanitize() stores it (domain/richtext.py): its text is an attribute.
_NOTE = re.compile(r'<sup class="fn" data-nota="([^"]*)">([^<]*)</sup>')
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12
# Words this short are matched whole: as prefixes ("la"*) they expand to hundreds of terms.
MIN_PREFIX_CHARS = 3
# Relevance is computed over at most this many of the newest matching documents.
CANDIDATES = 5000


# Private-use characters, which no text typed in the case file holds: brackets were shown as they
# were ("[atención] [médica]") and could not be told from brackets in the text itself.
MARK_START, MARK_END = "\ue000", "\ue001"


@dataclass
class Hit:
    entity: str
    entity_id: str
    title: str
    snippet: str
    """The matching passage, each matched word between MARK_START and MARK_END."""

    def words(self) -> list[str]:
        """The matched words of the passage, as they are written there."""
        return [w for w in re.findall(re.escape(MARK_START) + "(.*?)" + re.escape(MARK_END), self.snippet) if w]

    def marked(self, start: str = "", end: str = "") -> str:
        """The passage with the matched words between `start` and `end` (plain: nothing)."""
        return self.snippet.replace(MARK_START, start).replace(MARK_END, end)


def plain_text(value: str) -> str:
    """Text with any HTML markup removed (section bodies are rich text); a footnote reads as its
    number in brackets where it is cited and, after the text, the number and the note's text."""
    if "<" not in value:
        return value
    notes = []

    def mark(match) -> str:
        notes.append(f" [{match.group(2)}] {match.group(1)}")
        return f"[{match.group(2)}]"
    value = _NOTE.sub(mark, value)
    return html.unescape(_TAG.sub(" ", value) + "".join(notes))


# The fields searched in a list of small records (a status history, an action plan).
CHILD_TEXT = ("reason", "text")


def _text_of(value) -> str:
    if isinstance(value, list):
        return "\n".join(str(getattr(item, name)) for item in value for name in CHILD_TEXT
                         if getattr(item, name, ""))
    return str(value or "")


def _doc(conn, entity: str, entity_id: str) -> int | None:
    row = conn.execute("SELECT doc FROM search_rows WHERE entity = ? AND entity_id = ?",
                       (entity, entity_id)).fetchone()
    return row[0] if row else None


def _document(spec: Spec, record) -> tuple[str, str]:
    """The title and the text the index holds for a record."""
    return (str(getattr(record, spec.title) or ""),
            "\n".join(plain_text(_text_of(getattr(record, name))) for name in spec.search))


def index(conn, spec: Spec, record, *, secure: bool = True) -> None:
    """Put the record's title and text in the index, replacing what it held before.

    `secure=False` (only for text that stays in the case file elsewhere) skips
    FTS5 secure-delete for the replaced text: its old entries are dropped when
    the index segments are next merged instead of being rewritten at once.
    """
    if not spec.title:
        return
    title, body = _document(spec, record)
    doc = _doc(conn, spec.name, record.id)
    if doc is not None:
        if not secure:
            _secure_delete(conn, False)
        try:
            conn.execute("UPDATE search_index SET title = ?, body = ? WHERE rowid = ?",
                         (title, body, doc))
        finally:
            if not secure:
                _secure_delete(conn, True)
        return
    cursor = conn.execute(
        "INSERT INTO search_index(entity, entity_id, title, body) VALUES (?, ?, ?, ?)",
        (spec.name, record.id, title, body))
    conn.execute("INSERT INTO search_rows(entity, entity_id, doc) VALUES (?, ?, ?)",
                 (spec.name, record.id, cursor.lastrowid))


def index_later(conn, spec: Spec, record) -> None:
    """Leave the record's new text to `refresh`. Only where every text the index may hold for it
    stays in the case file (a section's revisions): `refresh` replaces it without secure delete.
    (An `index` meanwhile writes the text of then, which `refresh` replaces as well.)"""
    if spec.title:
        conn.execute("INSERT OR IGNORE INTO search_stale(entity, entity_id) VALUES (?, ?)",
                     (spec.name, record.id))


def stale(conn) -> list[tuple[str, str]]:
    """The records (entity, id) whose text is newer than what the index holds."""
    return conn.execute("SELECT entity, entity_id FROM search_stale").fetchall()


def refresh(conn) -> int:
    """Index the text of every record left to be indexed later (`index_later`), in the
    caller's transaction; how many there were."""
    waiting = stale(conn)
    for entity, entity_id in waiting:
        record = _record(conn, entity, entity_id)
        if record is None:
            unindex(conn, entity, entity_id)
        else:
            index(conn, records.BY_NAME[entity], record, secure=False)
    conn.execute("DELETE FROM search_stale")
    return len(waiting)


def _record(conn, entity: str, entity_id: str):
    cls = records.BY_NAME[entity].cls
    return records.get(conn, cls, entity_id) if records.exists(conn, cls, entity_id) else None


def _secure_delete(conn, on: bool) -> None:
    """Setting the option flushes FTS5's pending changes under the setting before it."""
    conn.execute("INSERT INTO search_index(search_index, rank) VALUES ('secure-delete', ?)",
                 (int(on),))


def unindex(conn, entity: str, entity_id: str) -> None:
    doc = _doc(conn, entity, entity_id)
    if doc is None:
        return
    conn.execute("DELETE FROM search_index WHERE rowid = ?", (doc,))
    conn.execute("DELETE FROM search_rows WHERE entity = ? AND entity_id = ?", (entity, entity_id))


def match_expression(text: str) -> str:
    """Each word of the user's text as a quoted term, a prefix term from three characters on.

    FTS syntax is never passed through.
    """
    words = _WORD.findall(text)[:MAX_TERMS]
    return " ".join(f'"{w}"*' if len(w) >= MIN_PREFIX_CHARS else f'"{w}"' for w in words)


def search(conn, text: str, limit: int = 200) -> list[Hit]:
    """The best `limit` hits, ranked (bm25) among the newest CANDIDATES matching documents.

    Ranking every match of a common word in a ten-year case file (100,000 documents)
    takes 100+ ms; the cut keeps a search under 50 ms (bench/README.md).

    Records whose text is newer than the index (`stale`: a writer's session refreshes them
    first, a read-only one cannot) are matched on their text as it is now, read into an index
    in memory alone, and come first.
    """
    expression = match_expression(text)
    if not expression:
        return []
    waiting = set(stale(conn))
    hits = _ranked(conn, expression, limit + len(waiting))
    if not waiting:
        return hits
    fresh = _fresh(conn, waiting, expression, limit)
    return (fresh + [h for h in hits if (h.entity, h.entity_id) not in waiting])[:limit]


def _fresh(conn, waiting: set, expression: str, limit: int) -> list[Hit]:
    """The hits among `waiting` records, on their text now: an index of them alone, in memory
    (never a file), made like the case file's."""
    (definition,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'search_index'").fetchone()
    memory = sqlcipher3.connect(":memory:")
    try:
        memory.execute("PRAGMA temp_store = MEMORY")  # a sort's spill too
        memory.execute(definition)
        for entity, entity_id in waiting:
            record = _record(conn, entity, entity_id)
            if record is not None:
                memory.execute("INSERT INTO search_index(entity, entity_id, title, body) VALUES (?, ?, ?, ?)",
                               (entity, entity_id, *_document(records.BY_NAME[entity], record)))
        return _ranked(memory, expression, limit)
    finally:
        memory.close()


def _ranked(conn, expression: str, limit: int) -> list[Hit]:
    oldest = conn.execute(
        "SELECT rowid FROM search_index WHERE search_index MATCH ? "
        "ORDER BY rowid DESC LIMIT 1 OFFSET ?", (expression, CANDIDATES - 1)).fetchone()
    rows = conn.execute(
        "SELECT entity, entity_id, title, snippet(search_index, 3, ?, ?, '…', 12) "
        "FROM search_index WHERE search_index MATCH ? AND rowid >= ? ORDER BY rank LIMIT ?",
        (MARK_START, MARK_END, expression, oldest[0] if oldest else 0, limit))
    return [Hit(*row) for row in rows]
