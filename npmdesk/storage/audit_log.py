"""The bitácora table: append-only entries, each hashing the one before it."""

from npmdesk.domain.audit import GENESIS, entry_hash, first_broken
from npmdesk.domain.model import AuditEntry, now_utc

COLUMNS = ("seq", "ts", "actor_id", "actor_name", "action", "entity", "entity_id",
           "payload_sha256", "prev_hash", "hash")


def head(conn) -> tuple[int, str]:
    """(count, hash of the last entry) — the anchor a document can carry."""
    row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else (0, GENESIS)


def append(conn, actor_id: str, actor_name: str, action: str, entity: str, entity_id: str,
           payload_sha256: str) -> AuditEntry:
    seq, previous = head(conn)
    entry = AuditEntry(seq=seq + 1, ts=now_utc(), actor_id=actor_id, actor_name=actor_name,
                       action=action, entity=entity, entity_id=entity_id,
                       payload_sha256=payload_sha256, prev_hash=previous, hash="")
    entry.hash = entry_hash(entry)
    insert(conn, entry)
    return entry


def insert(conn, entry: AuditEntry) -> None:
    conn.execute(f"INSERT INTO audit ({', '.join(COLUMNS)}) VALUES ({', '.join('?' for _ in COLUMNS)})",
                 [getattr(entry, c) for c in COLUMNS])


def entries(conn, where: str = "", params=()) -> list[AuditEntry]:
    sql = f"SELECT {', '.join(COLUMNS)} FROM audit {where} ORDER BY seq"
    return [AuditEntry(*row) for row in conn.execute(sql, params)]


def iterate(conn, batch: int = 1000):
    """Every entry in order, like `entries()`, fetched `batch` rows at a time."""
    cursor = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM audit ORDER BY seq")
    while rows := cursor.fetchmany(batch):
        yield from (AuditEntry(*row) for row in rows)


def verify(conn) -> tuple[int, str] | None:
    return first_broken(entries(conn))
