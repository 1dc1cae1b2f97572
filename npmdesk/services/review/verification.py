"""Re-checking every signature against the signed roster and the CURRENT content.

An approval is only worth something while the text it covers is unchanged; this is the
check `npmdesk check`, the review screen and the archive bundle rely on.
"""

from npmdesk.crypto.hashing import digest, sha256_hex
from npmdesk.domain import approvals
from npmdesk.domain.model import Finding, Recommendation, Report, Revision, Section
from npmdesk.domain.roster import verify_chain
from npmdesk.services.session import Session
from npmdesk.storage import audit_log, package_store, records, review_store

APPROVED_FIELDS = ("visit_id", "text", "authority", "level", "priority", "deadline", "area",
                   "finding_ids", "id")


def section_sha256(section: Section) -> str:
    return sha256_hex(section.body.encode("utf-8"))


def report_content(conn, report: Report) -> dict:
    """What a report approval covers: its sections' text, the visit's findings and recommendations.

    A recommendation's status history changes over the years by design, so it is left out; its
    text, addressee, level, priority, deadline, area and findings are covered: exactly the fields
    a recommendation had when approvals were first signed (APPROVED_FIELDS), so the tracking
    fields added later (source, place, population…) leave every earlier approval standing.
    """
    sections = records.select(conn, Section, {"report_id": report.id}, "position, id")
    # An annual report has no visit: it covers its written sections only (its figures are
    # computed anew at each export), never the other bodies' recommendations, which have no visit.
    findings = records.select(conn, Finding, {"visit_id": report.visit_id}, "id") if report.visit_id else []
    recommendations = (records.select(conn, Recommendation, {"visit_id": report.visit_id}, "id")
                       if report.visit_id else [])
    return {
        # `year` (schema 3) only where set, so approvals signed before it existed stand.
        "report": {k: v for k, v in records.as_dict(report).items()
                   if k != "state" and not (k == "year" and v is None)},
        "sections": [{"id": s.id, "parent_id": s.parent_id, "position": s.position, "title": s.title,
                      "body_sha256": section_sha256(s)} for s in sections],
        "findings": [records.as_dict(f) for f in findings],
        "recommendations": [{k: getattr(r, k) for k in APPROVED_FIELDS} for r in recommendations],
    }


def report_sha256(conn, report: Report) -> str:
    return digest(report_content(conn, report))


def authors_of(conn, section: Section) -> set[str]:
    """Assigned authors and everyone who wrote a revision of the section."""
    revisions = records.select(conn, Revision, {"section_id": section.id})
    return set(section.author_ids) | {r.author_id for r in revisions}


def _title(item, target_id: str) -> str:
    return item.title if item is not None else target_id


def current_sha256s(conn, sections: dict, reports: dict) -> dict[str, str]:
    """Target id -> the hash of its content now, which every approval is compared with."""
    out = {sid: section_sha256(s) for sid, s in sections.items()}
    out.update({rid: report_sha256(conn, r) for rid, r in reports.items()})
    return out


def points_in_bitacora(conn, rows: list, entries: dict) -> dict[str, int]:
    """Signature id -> the bitácora entry where it was made here or where its package came in.

    A statement made here names the head it was signed at, and its own firma_ entry follows
    that head; one whose entry is not there counts as made at the newest entry (strictest), so
    a row written into the database cannot pick an old roster by citing an old head.
    """
    received = package_store.received_signatures(conn)
    arrived = package_store.received_at(conn)
    newest = max(entries, default=0)
    points = {}
    for row in rows:
        if row.id in received:
            points[row.id] = arrived.get(row.id, newest)
            continue
        seq = (row.statement.get("audit_head") or {}).get("seq", 0)
        entry = entries.get(seq + 1) if isinstance(seq, int) else None
        bound = entry is not None and entry.action == f"firma_{row.decision}" \
            and entry.payload_sha256 == digest(row.statement)
        points[row.id] = seq if bound else newest
    return points


def judged_versions(conn, rows: list, entries: dict | None = None) -> dict[str, int]:
    """Signature id -> the roster version it is judged under here (approvals.judged_under): in
    force at its point in this bitácora, or the earlier one its bearer vouched for on import."""
    entries = {e.seq: e for e in audit_log.entries(conn)} if entries is None else entries
    adoptions = review_store.roster_adoptions(conn)
    points = points_in_bitacora(conn, rows, entries)
    vouched = package_store.vouched(conn)
    return {row.id: approvals.judged_under(approvals.in_force(adoptions, points[row.id]), vouched.get(row.id))
            for row in rows}


def verify_approvals(session: Session, trusted_root: str | None = None) -> list[approvals.Problem]:
    """Every problem found in the signatures; an empty list when all of them hold.

    An approval whose content is no longer the current one is void (derived here; the only flag
    read is this laptop's own, set when someone reopened the section); it is a problem only when
    the item still claims to be approved.
    Raises InvalidRoster when the roster chain itself does not verify.
    """
    with session.case.lock:
        conn = session.case.conn
        chain = verify_chain(review_store.rosters(conn), trusted_root or session.case.meta("root_code") or None)
        rows = review_store.signatures(conn)
        sections = {s.id: s for s in records.select(conn, Section)}
        reports = {r.id: r for r in records.select(conn, Report)}
        entries = {e.seq: e for e in audit_log.entries(conn)}
        audit_hashes = {seq: e.hash for seq, e in entries.items()}
        # A signature received in a package cites the sender's bitácora, not this one.
        received = package_store.received_signatures(conn)
        versions = judged_versions(conn, rows, entries)
        current = current_sha256s(conn, sections, reports)
        problems: list[approvals.Problem] = []
        live: set[str] = set()
        stale: dict[str, dict] = {}  # target -> fields of its newest approval of other content
        for row in rows:
            item = sections.get(row.target_id) or reports.get(row.target_id)
            fields = {"title": _title(item, row.target_id), "fingerprint": row.signer_fingerprint,
                      "decision": row.decision, "name": "?"}
            body = row.statement
            consistent = (body.get("kind") == row.kind and body.get("target_id") == row.target_id
                          and body.get("decision") == row.decision
                          and body.get("signer") == row.signer_fingerprint)
            authors = (authors_of(conn, sections[row.target_id])
                       if row.kind == "section" and row.target_id in sections else set())
            # One rule with the archive bundle (domain/approvals.check_statement); a void approval
            # is not checked against the content, which it no longer claims.
            now = current.get(row.target_id)
            code, found = approvals.check_statement(chain, body, row.signature,
                                                    body.get("content_sha256") if row.void else now, authors)
            if not consistent and code not in ("unknown", "invalid"):
                code = "invalid"
            if found is not None:
                fields["name"] = found[1]["name"]
            if code in ("unknown", "invalid"):
                problems.append(approvals.Problem(code, row.target_id, fields))
                continue
            in_force = versions[row.id]
            if not approvals.still_standing(chain, body, in_force):
                problems.append(approvals.Problem("revoked", row.target_id, dict(
                    fields, version=body.get("roster_version"), in_force=in_force)))
                continue
            head = body.get("audit_head") or {}
            if row.id not in received and head.get("seq", 0) > 0 and audit_hashes.get(head["seq"]) != head.get("hash"):
                problems.append(approvals.Problem("audit", row.target_id, fields))
            if code == "modified":  # void: derived from the content, a problem only if still claimed
                stale[row.target_id] = fields
            elif code is not None:
                problems.append(approvals.Problem(code, row.target_id, fields))
            elif row.decision in approvals.APPROVALS and not row.void:
                live.add(row.target_id)
            elif row.decision in approvals.APPROVALS:
                stale[row.target_id] = fields
    flagged = {p.target_id for p in problems}
    for item in [*sections.values(), *reports.values()]:
        approved = item.state == "aprobada" if isinstance(item, Section) else item.state in ("aprobado", "exportado")
        if approved and item.id not in live and item.id not in flagged:
            problems.append(approvals.Problem("modified", item.id, stale[item.id]) if item.id in stale
                            else approvals.Problem("unsigned", item.id, {"title": item.title}))
    return problems


def live_approvals(conn, target_ids: set[str] | None = None) -> list[review_store.SignatureRow]:
    """The approval rows that still cover their target's current content and were not voided
    here by a reopening (a `void` flag never arrives from elsewhere: imports store it false)."""
    sections = {s.id: s for s in records.select(conn, Section)}
    reports = {r.id: r for r in records.select(conn, Report)}
    current = current_sha256s(conn, sections, reports)
    return [row for row in review_store.signatures(conn)
            if row.decision in approvals.APPROVALS and not row.void
            and (target_ids is None or row.target_id in target_ids)
            and approvals.is_current(row.statement, current.get(row.target_id))]
