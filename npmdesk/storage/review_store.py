"""Tables of the review workflow: member keys, signed rosters, signatures, observations.

Plain SQL rather than the record mapper: these rows are signed statements, written once
and never edited (except the `void` and `resolved` flags, which carry no signature). `void`
is this laptop's own record of a reopening; it is never taken from a package, where void is
derived from the content hashes instead.
"""

import json
from dataclasses import dataclass

from npmdesk.domain.model import Report, new_id, now_utc
from npmdesk.storage import records


@dataclass
class MemberKeys:
    member_id: str
    sign_public: str
    box_public: str
    fingerprint: str


@dataclass
class SignatureRow:
    id: str
    kind: str
    target_id: str
    decision: str
    statement: dict
    signer_fingerprint: str
    signature: str
    void: bool
    created_at: str


@dataclass
class ObservationRow:
    id: str
    section_id: str
    parent_id: str | None
    author_id: str
    revision: int
    quote: str
    start: int
    end: int
    body: str
    resolved: bool
    signature_id: str | None
    created_at: str


def save_public_keys(conn, keys: MemberKeys) -> None:
    conn.execute("INSERT OR REPLACE INTO member_keys VALUES (?, ?, ?, ?, ?)",
                 (keys.member_id, keys.sign_public, keys.box_public, keys.fingerprint, now_utc()))


def public_keys(conn, member_id: str) -> MemberKeys | None:
    row = conn.execute("SELECT member_id, sign_public, box_public, fingerprint FROM member_keys "
                       "WHERE member_id = ?", (member_id,)).fetchone()
    return MemberKeys(*row) if row else None


def save_private(conn, member_id: str, kind: str, material: str) -> None:
    conn.execute("INSERT OR REPLACE INTO member_private_keys VALUES (?, ?, ?)", (member_id, kind, material))


def private(conn, member_id: str) -> tuple[str, str] | None:
    row = conn.execute("SELECT kind, material FROM member_private_keys WHERE member_id = ?",
                       (member_id,)).fetchone()
    return (row[0], row[1]) if row else None


def add_roster(conn, version: int, body: dict, signer_fingerprint: str, signature: str) -> None:
    conn.execute("INSERT INTO rosters VALUES (?, ?, ?, ?, ?)",
                 (version, json.dumps(body, ensure_ascii=False, sort_keys=True), signer_fingerprint,
                  signature, now_utc()))


def rosters(conn) -> list[dict]:
    """Every stored roster version, oldest first, as {'body', 'signer', 'signature'}."""
    rows = conn.execute("SELECT body, signer_fingerprint, signature FROM rosters ORDER BY version")
    return [{"body": json.loads(body), "signer": signer, "signature": sig} for body, signer, sig in rows]


def roster_adoptions(conn) -> dict[int, int]:
    """Roster version -> the bitácora entry where this case file signed or took it in.

    A version with no such entry counts as in force from the start: stricter, never looser.
    """
    found = {int(version): seq for version, seq in conn.execute(
        "SELECT entity_id, MIN(seq) FROM audit WHERE entity = 'roster' "
        "AND action IN ('firmar_nomina', 'importar_nomina') GROUP BY entity_id")
        if str(version).isdigit()}
    count = conn.execute("SELECT COUNT(*) FROM rosters").fetchone()[0]
    return {version: found.get(version, 0) for version in range(1, count + 1)}


def add_signature(conn, kind: str, target_id: str, decision: str, statement: dict,
                  signer_fingerprint: str, signature: str) -> str:
    signature_id = new_id()
    conn.execute("INSERT INTO signatures VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)",
                 (signature_id, kind, target_id, decision,
                  json.dumps(statement, ensure_ascii=False, sort_keys=True),
                  signer_fingerprint, signature, now_utc()))
    return signature_id


def signatures(conn, target_id: str | None = None) -> list[SignatureRow]:
    sql = ("SELECT id, kind, target_id, decision, statement, signer_fingerprint, signature, void, "
           "created_at FROM signatures")
    params: tuple = ()
    if target_id is not None:
        sql += " WHERE target_id = ?"
        params = (target_id,)
    rows = conn.execute(sql + " ORDER BY created_at, rowid", params).fetchall()
    return [SignatureRow(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5], r[6], bool(r[7]), r[8])
            for r in rows]


def void_approvals(conn, target_id: str) -> int:
    """Mark the live approvals of a section or report void; returns how many."""
    cursor = conn.execute("UPDATE signatures SET void = 1 WHERE target_id = ? AND void = 0 "
                          "AND decision IN ('aprobar', 'aprobar_informe')", (target_id,))
    return cursor.rowcount


def add_observation(conn, row: ObservationRow) -> None:
    conn.execute("INSERT INTO observations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 (row.id, row.section_id, row.parent_id, row.author_id, row.revision, row.quote,
                  row.start, row.end, row.body, int(row.resolved), row.signature_id, row.created_at))


def observations(conn, section_id: str) -> list[ObservationRow]:
    rows = conn.execute("SELECT id, section_id, parent_id, author_id, revision, quote, start, end, "
                        "body, resolved, signature_id, created_at FROM observations "
                        "WHERE section_id = ? ORDER BY created_at, rowid", (section_id,)).fetchall()
    return [ObservationRow(*r[:9], bool(r[9]), r[10], r[11]) for r in rows]


def resolve_observation(conn, observation_id: str) -> int:
    return conn.execute("UPDATE observations SET resolved = 1 WHERE id = ?",
                        (observation_id,)).rowcount


def void_after_edit(conn, section) -> None:
    """An approved section was edited: its approval, and its report's, become void."""
    void_approvals(conn, section.id)
    report = records.get(conn, Report, section.report_id)
    if report.state in ("aprobado", "exportado"):
        void_approvals(conn, report.id)
        report.state = "en_redaccion"
        records.save(conn, report)
