"""What the review screen and the dashboard read: queues, a section's review detail, counts.

Read-only; every decision still goes through services.review and services.observations.
"""

import html
import re
from dataclasses import dataclass, field
from datetime import date

from npmdesk.domain import disclosure as matching
from npmdesk.domain import textdiff, workflow
from npmdesk.domain.model import Report, Revision, Section, TeamMember
from npmdesk.domain.audit import first_broken
from npmdesk.services.archive import disclosure
from npmdesk.services.archive import anchor
from npmdesk.services.review import observations
from npmdesk.services.review import actions as review
from npmdesk.services.review.batch import reading_order
from npmdesk.services.team import roster
from npmdesk.services.tracking import dialogue
from npmdesk.services.session import Session
from npmdesk.storage import audit_log, dashboard_queries, records, review_store
from npmdesk.storage.search import plain_text

SEEN_DECISIONS = frozenset({"devolver", "aprobar", "observar"})


@dataclass
class QueueItem:
    kind: str  # 'section' | 'report'
    id: str
    title: str
    report_id: str
    report_title: str
    state: str
    authors: str = ""


@dataclass
class Detail:
    section: Section
    report: Report
    text: str  # plain text of the current version
    diff: list  # textdiff.word_diff against the last revision the person saw
    seen_revision: int  # 0: the person has not reviewed this section before
    current_revision: int
    notes: list  # observations.Anchored
    actions: list[str]  # allowed now, from the signed roster and the workflow table
    report_actions: list[str]
    can_observe: bool
    names: dict = field(default_factory=dict)  # member id -> name
    disclosures: list = field(default_factory=list)  # (start, end, reason) in `text`: could identify someone
    diff_disclosures: list = field(default_factory=list)  # the same in the diff's text (its pieces joined)


def members(session: Session) -> dict[str, str]:
    with session.case.lock:
        return {m.id: m.name for m in records.select(session.case.conn, TeamMember)}


def report_ready(conn, report: Report) -> bool:
    sections = records.select(conn, Section, {"report_id": report.id})
    return report.state == "en_revision" and bool(sections) and not review.outstanding(sections)


def queue(session: Session) -> list[QueueItem]:
    """Sections sent for review, across reports, and reports whose sections are all approved."""
    names = members(session)
    with session.case.lock:
        conn = session.case.conn
        reports = {r.id: r for r in records.select(conn, Report, None, "number, title")}
        waiting = records.select(conn, Section, {"state": "enviada"}, "position, id")
        items = []
        for report in reports.values():
            for section in (s for s in waiting if s.report_id == report.id):
                authors = ", ".join(sorted(names.get(a, "?") for a in review.authors_of(conn, section)))
                items.append(QueueItem("section", section.id, section.title, report.id, _label(report),
                                       section.state, authors))
            if report_ready(conn, report):
                items.append(QueueItem("report", report.id, report.title, report.id, _label(report),
                                       report.state))
    return items


@dataclass
class Outline:
    """One report under review, its sections in reading order, for the review screen's list."""
    report: QueueItem  # kind 'report'; `state` is the report's
    sections: list = field(default_factory=list)  # QueueItem (kind 'section'), each with `depth`
    depths: dict = field(default_factory=dict)  # section id -> nesting depth (0: top level)
    omitted: set = field(default_factory=set)  # optional empty sections the report needs no approval of


def outline(session: Session) -> list[Outline]:
    """Every report with a section sent for review or under review, in number order, with all its
    sections in report order (state and authorship), so the reviewer sees the whole report."""
    names = members(session)
    with session.case.lock:
        conn = session.case.conn
        out = []
        for report in records.select(conn, Report, None, "number, title"):
            sections = records.select(conn, Section, {"report_id": report.id}, "position, id")
            if report.state != "en_revision" and not any(s.state == "enviada" for s in sections):
                continue
            group = Outline(QueueItem("report", report.id, report.title, report.id, _label(report), report.state))
            parents = {s.id: s.parent_id for s in sections}
            for section in reading_order(sections):
                authors = ", ".join(sorted(names.get(a, "?") for a in review.authors_of(conn, section)))
                group.sections.append(QueueItem("section", section.id, section.title, report.id,
                                                _label(report), section.state, authors))
                depth, up = 0, parents.get(section.id)
                while up in parents and depth < 10:
                    depth, up = depth + 1, parents[up]
                group.depths[section.id] = depth
                if review.omitted(section) and section.state != "aprobada":
                    group.omitted.add(section.id)
            out.append(group)
    return out


def _label(report: Report) -> str:
    return f"{report.number} — {report.title}" if report.number else report.title


_BREAKS = re.compile(r"<br\s*/?>|</(?:p|li|h[1-6]|div|tr)>", re.IGNORECASE)


def readable(body: str) -> str:
    """A section's rich text as plain paragraphs, one per line."""
    lines = (" ".join(plain_text(part).split()) for part in _BREAKS.split(body))
    return "\n".join(line for line in lines if line)


def body_offset(body: str, text: str, start: int, quote: str) -> int | None:
    """Where the passage `quote`, selected at `start` of `readable(body)`, is in the stored body."""
    if not quote.strip():
        return None
    nth = text[:start].count(quote)
    for candidate in (quote, html.escape(quote, quote=False)):
        at = -1
        for _ in range(nth + 1):
            at = body.find(candidate, at + 1)
            if at == -1:
                break
        if at != -1:
            return at if candidate == quote else None
    return None


def revision_text(conn, section_id: str, number: int) -> str:
    if number <= 0:
        return ""
    found = records.select(conn, Revision, {"section_id": section_id, "number": number})
    return readable(found[0].body) if found else ""


def seen_revision(conn, section_id: str, member_id: str) -> int:
    """The newest revision `member_id` signed a review decision or an observation on."""
    seen = [row.statement.get("revision", 0) for row in review_store.signatures(conn, section_id)
            if row.decision in SEEN_DECISIONS and row.statement.get("signer_id") == member_id]
    return max(seen, default=0)


def detail(session: Session, section_id: str, member_id: str) -> Detail:
    with session.case.lock:
        conn = session.case.conn
        section = records.get(conn, Section, section_id)
        report = records.get(conn, Report, section.report_id)
        revisions = records.select(conn, Revision, {"section_id": section_id}, "number DESC")
        current = revisions[0].number if revisions else 0
        seen = seen_revision(conn, section_id, member_id)
        old = revision_text(conn, section_id, seen)
    text = readable(section.body)
    watch = disclosure.watchlist(session, report.visit_id)
    diff = textdiff.word_diff(old, text)
    marks, diff_marks = ([(d.start, d.end, d.reason()) for d in matching.find(shown, watch)]
                         for shown in (text, "".join(piece.text for piece in diff)))
    current_roster = roster.current(session)
    role = current_roster.role(member_id) if current_roster else None
    return Detail(section, report, text, diff, seen, current,
                  observations.anchored(session, section_id),
                  review.allowed_actions(session, section, member_id),
                  review.allowed_actions(session, report, member_id),
                  workflow.permitted("observar", role, False), members(session), marks, diff_marks)


def report_actions(session: Session, report_id: str, member_id: str) -> tuple[Report, list[str], bool]:
    with session.case.lock:
        report = records.get(session.case.conn, Report, report_id)
        ready = report_ready(session.case.conn, report)
    return report, review.allowed_actions(session, report, member_id), ready


def roster_people(session: Session) -> list[tuple[str, str, str]]:
    """(member id, name, role) of everyone on the signed roster, owner first."""
    current = roster.current(session)
    if current is None:
        return []
    owner = session.case.meta("owner_id")
    people = sorted(current.members.items(), key=lambda kv: (kv[0] != owner, kv[1]["name"]))
    return [(member_id, entry["name"], entry["role"]) for member_id, entry in people]


@dataclass
class Dashboard:
    to_write: list = field(default_factory=list)  # (section id, title, report label, state)
    to_review: list = field(default_factory=list)  # QueueItem
    reports: list = field(default_factory=list)  # (report id, label, state)
    overdue: list = field(default_factory=list)  # (recommendation id, text, deadline, place name)
    due: dialogue.DueSoon = field(default_factory=dialogue.DueSoon)  # within the next 15 days or overdue


def dashboard(session: Session, member_id: str, today: str | None = None) -> Dashboard:
    today = today or date.today().isoformat()
    current = roster.current(session)
    role = current.role(member_id) if current else None
    board = Dashboard()
    with session.case.lock:
        conn = session.case.conn
        reports = records.select(conn, Report, None, "number, title")
        labels = {r.id: _label(r) for r in reports}
        board.reports = [(r.id, labels[r.id], r.state) for r in reports]
        board.to_write = [(sid, title, labels.get(report_id, ""), state) for sid, title, report_id, state
                          in dashboard_queries.sections_to_write(conn, member_id)]
        board.overdue = [tuple(row) for row in dashboard_queries.overdue_recommendations(conn, today)]
    board.due = dialogue.due_soon(session, today)
    board.to_write.sort(key=lambda row: row[3] != "con_observaciones")
    if role in ("revisor", "director"):
        with session.case.lock:
            conn = session.case.conn
            mine = {s.id for s in records.select(conn, Section, {"state": "enviada"})
                    if member_id not in review.authors_of(conn, s)}
        board.to_review = [i for i in queue(session) if i.kind == "report" or i.id in mine]
    return board


def bitacora(session: Session):
    """(every bitácora entry oldest first, the anchor status, whether the chain is intact)."""
    with session.case.lock:
        entries = audit_log.entries(session.case.conn)
    return entries, anchor.status(session), first_broken(entries) is None
