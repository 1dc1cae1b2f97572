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

def section_sha256(section: Section) -> str:
    return sha256_hex(section.body.encode("utf-8"))


def report_content(conn, report: Report) -> dict:
    """What a report approval covers: its sections' text, the visit's findings and recommendations.

    A recommendation's status and follow-up entries change over the years by design, so they
    are left out; its text, addressee, level, priority and deadline are covered.
    """
    sections = records.select(conn, Section, {"report_id": report.id}, "position, id")
    findings = records.select(conn, Finding, {"visit_id": report.visit_id}, "id")
    recommendations = records.select(conn, Recommendation, {"visit_id": report.visit_id}, "id")
    return {
        "report": {k: v for k, v in records.as_dict(report).items() if k != "state"},
        "sections": [{"id": s.id, "parent_id": s.parent_id, "position": s.position, "title": s.title,
                      "body_sha256": section_sha256(s)} for s in sections],
        "findings": [records.as_dict(f) for f in findings],
        "recommendations": [{k: v for k, v in records.as_dict(r).items()
                             if k not in ("status", "follow_ups")} for r in recommendations],
    }


def report_sha256(conn, report: Report) -> str:
    return digest(report_content(conn, report))


def authors_of(conn, section: Section) -> set[str]:
    """Assigned authors and everyone who wrote a revision of the section."""
    revisions = records.select(conn, Revision, {"section_id": section.id})
    return set(section.author_ids) | {r.author_id for r in revisions}


def _title(item, target_id: str) -> str:
    return item.title if item is not None else target_id


def verify_approvals(session: Session, trusted_root: str | None = None) -> list[approvals.Problem]:
    """Every problem found in the signatures; an empty list when all of them hold.

    Raises InvalidRoster when the roster chain itself does not verify.
    """
    with session.case.lock:
        conn = session.case.conn
        chain = verify_chain(review_store.rosters(conn), trusted_root or session.case.meta("root_code") or None)
        rows = review_store.signatures(conn)
        sections = {s.id: s for s in records.select(conn, Section)}
        reports = {r.id: r for r in records.select(conn, Report)}
        audit_hashes = {e.seq: e.hash for e in audit_log.entries(conn)}
        # A signature received in a package cites the sender's bitácora, not this one.
        received = package_store.received_signatures(conn)
        problems: list[approvals.Problem] = []
        live: set[str] = set()
        for row in rows:
            item = sections.get(row.target_id) or reports.get(row.target_id)
            fields = {"title": _title(item, row.target_id), "fingerprint": row.signer_fingerprint,
                      "decision": row.decision, "name": "?"}
            body = row.statement
            consistent = (body.get("kind") == row.kind and body.get("target_id") == row.target_id
                          and body.get("decision") == row.decision
                          and body.get("signer") == row.signer_fingerprint)
            if row.kind == "section":
                current = section_sha256(sections[row.target_id]) if row.target_id in sections else None
                authors = authors_of(conn, sections[row.target_id]) if row.target_id in sections else set()
            else:
                current = report_sha256(conn, reports[row.target_id]) if row.target_id in reports else None
                authors = set()
            # One rule with the archive bundle (domain/approvals.check_statement); a void approval
            # is not checked against the content, which it no longer claims.
            code, found = approvals.check_statement(chain, body, row.signature,
                                                    body.get("content_sha256") if row.void else current, authors)
            if not consistent and code not in ("unknown", "invalid"):
                code = "invalid"
            if found is not None:
                fields["name"] = found[1]["name"]
            if code in ("unknown", "invalid"):
                problems.append(approvals.Problem(code, row.target_id, fields))
                continue
            head = body.get("audit_head") or {}
            if row.id not in received and head.get("seq", 0) > 0 and audit_hashes.get(head["seq"]) != head.get("hash"):
                problems.append(approvals.Problem("audit", row.target_id, fields))
            if code is not None:
                problems.append(approvals.Problem(code, row.target_id, fields))
            elif row.decision in approvals.APPROVALS and not row.void:
                live.add(row.target_id)
    flagged = {p.target_id for p in problems}
    for item in [*sections.values(), *reports.values()]:
        approved = item.state == "aprobada" if isinstance(item, Section) else item.state in ("aprobado", "exportado")
        if approved and item.id not in live and item.id not in flagged:
            problems.append(approvals.Problem("unsigned", item.id, {"title": item.title}))
    return problems
