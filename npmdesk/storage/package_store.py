"""Tables of package exchange: imports done, signatures received, section conflicts."""

import json
from dataclasses import dataclass

from npmdesk.domain.model import now_utc


@dataclass
class Conflict:
    id: str
    section_id: str
    package_id: str
    sender_id: str
    incoming_body: str
    incoming_revisions: list
    local_revision: int
    created_at: str
    resolved_at: str | None
    resolution: str | None


def imported(conn, package_id: str) -> bool:
    return conn.execute("SELECT 1 FROM package_imports WHERE package_id = ?", (package_id,)).fetchone() is not None


def newest_import(conn, sender_id: str, kind: str, scope: str) -> str | None:
    row = conn.execute("SELECT MAX(created_at) FROM package_imports WHERE sender_id = ? AND kind = ? "
                       "AND scope = ?", (sender_id, kind, scope)).fetchone()
    return row[0] if row else None


def record_import(conn, package_id: str, kind: str, sender_id: str, scope: str, created_at: str,
                  summary: dict) -> None:
    conn.execute("INSERT INTO package_imports VALUES (?, ?, ?, ?, ?, ?, ?)",
                 (package_id, kind, sender_id, scope, created_at, now_utc(),
                  json.dumps(summary, sort_keys=True)))


def signature_ids(conn) -> set[str]:
    return {row[0] for row in conn.execute("SELECT id FROM signatures")}


def insert_signature(conn, row: dict, package_id: str) -> None:
    """A signature received in a package, kept with its original id and statement."""
    conn.execute("INSERT INTO signatures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 (row["id"], row["kind"], row["target_id"], row["decision"],
                  json.dumps(row["statement"], ensure_ascii=False, sort_keys=True),
                  row["signer_fingerprint"], row["signature"], int(bool(row["void"])), row["created_at"]))
    conn.execute("INSERT INTO package_signatures VALUES (?, ?)", (row["id"], package_id))


def received_signatures(conn) -> set[str]:
    return {row[0] for row in conn.execute("SELECT signature_id FROM package_signatures")}


def received_at(conn) -> dict[str, int]:
    """Signature id -> the bitácora entry of the import that brought it (its point here)."""
    return dict(conn.execute(
        "SELECT ps.signature_id, MIN(a.seq) FROM package_signatures ps JOIN audit a "
        "ON a.entity = 'package' AND a.entity_id = ps.package_id AND a.action = 'importar_paquete' "
        "GROUP BY ps.signature_id"))


def vouched(conn) -> dict[str, int]:
    """Signature id -> the roster version the colleague who passed it on vouched for (kept in
    the import's summary, which the importar_paquete entry of the bitácora hashes)."""
    found = {}
    for signature_id, summary in conn.execute(
            "SELECT ps.signature_id, pi.summary FROM package_signatures ps JOIN package_imports pi "
            "ON pi.package_id = ps.package_id"):
        version = (json.loads(summary).get("vouched") or {}).get(signature_id)
        if isinstance(version, int):
            found[signature_id] = version
    return found


def observation_ids(conn) -> set[str]:
    return {row[0] for row in conn.execute("SELECT id FROM observations")}


def add_conflict(conn, conflict: Conflict) -> None:
    conn.execute("INSERT INTO section_conflicts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 (conflict.id, conflict.section_id, conflict.package_id, conflict.sender_id,
                  conflict.incoming_body, json.dumps(conflict.incoming_revisions, sort_keys=True),
                  conflict.local_revision, conflict.created_at, None, None))


def conflicts(conn, open_only: bool = True) -> list[Conflict]:
    sql = "SELECT * FROM section_conflicts" + (" WHERE resolved_at IS NULL" if open_only else "")
    rows = conn.execute(sql + " ORDER BY created_at, rowid").fetchall()
    return [Conflict(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6], r[7], r[8], r[9]) for r in rows]


def close_conflict(conn, conflict_id: str, resolution: str) -> int:
    return conn.execute("UPDATE section_conflicts SET resolved_at = ?, resolution = ? "
                        "WHERE id = ? AND resolved_at IS NULL", (now_utc(), resolution, conflict_id)).rowcount
