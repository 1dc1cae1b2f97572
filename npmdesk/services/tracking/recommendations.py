"""Recommendations across visits: the generated Recomendaciones text, the follow-up of earlier
recommendations, filtering across all places and status counts for the chart."""

import html
from collections import Counter
from datetime import date
from typing import NamedTuple

from npmdesk.domain import model, tracking, vocabulary
from npmdesk.export import spanish
from npmdesk.i18n import es_
from npmdesk.services.records import edit as records
from npmdesk.services.session import Session
from npmdesk.storage import recommendation_rows

CLOSED = {"cumplida"}  # a recommendation with one of these statuses is never overdue
PRIORITY_ORDER = {"urgente": 0, "alta": 1, "media": 2}


def _grouped(recs: list[model.Recommendation]) -> list[tuple[str, list[model.Recommendation]]]:
    groups: dict[str, list] = {}
    for rec in sorted(recs, key=lambda r: (r.authority, PRIORITY_ORDER.get(r.priority, 9), r.deadline)):
        groups.setdefault(rec.authority, []).append(rec)
    return list(groups.items())


def earlier_recommendations(session: Session, visit: model.Visit) -> list[tuple[model.Visit, model.Recommendation]]:
    """Recommendations made at earlier visits to the same place, oldest visit first."""
    earlier = [v for v in records.select(session, model.Visit, place_id=visit.place_id)
               if v.id != visit.id and v.start_date < visit.start_date]
    found = []
    for old in sorted(earlier, key=lambda v: v.start_date):
        found += [(old, r) for r in records.select(session, model.Recommendation, visit_id=old.id)]
    return found


def current_status(rec: model.Recommendation) -> tuple[str, str]:
    """(status, reason) of the last entry of the status history."""
    last = tracking.last_change(rec)
    return (last.status, last.reason) if last else (rec.status, "")


def followup_body(session: Session, visit: model.Visit) -> str:
    """'Seguimiento de recomendaciones anteriores' pre-filled: a table per earlier visit with
    each recommendation, its authority and its current status."""
    pairs = earlier_recommendations(session, visit)
    if not pairs:
        return "<p>" + html.escape(es_("No constan recomendaciones de visitas anteriores a este lugar.")) + "</p>"
    parts, shown = [], None
    head = "".join(f"<th>{html.escape(h)}</th>" for h in (
        es_("Recomendación"), es_("Autoridad destinataria"), es_("Estado actual"), es_("Observaciones")))
    for old, rec in pairs:
        if old.id != shown:
            if shown is not None:
                parts.append("</table>")
            parts.append("<p><b>" + html.escape(es_("Visita realizada {when}").format(
                when=spanish.visit_when(old.start_date, old.end_date))) + "</b></p>")
            parts.append(f"<table><tr>{head}</tr>")
            shown = old.id
        status, note = current_status(rec)
        cells = (rec.text, rec.authority, es_(vocabulary.REC_STATUSES.get(status, status)), note)
        parts.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    parts.append("</table>")
    return "".join(parts)


# Named tuples, not dataclasses: 40,000 of them are built for the view's first paint, and a
# frozen dataclass is several times slower to build.
class RecSummary(NamedTuple):
    """What the recommendations view shows of a recommendation (the record is opened by id)."""
    id: str
    text: str
    authority: str
    deadline: str
    priority: str
    source: str


class RecRow(NamedTuple):
    rec: RecSummary
    place_id: str
    place_name: str
    visit_date: str
    status: str  # current status (the history's last entry)
    overdue: bool


def all_rows(session: Session, today: str | None = None) -> list[RecRow]:
    """Every recommendation of the case file with its place and current status (one query:
    storage/recommendation_rows.py)."""
    today = today or date.today().isoformat()
    with session.case.lock:
        found = recommendation_rows.overview(session.case.conn)
    return [RecRow(RecSummary(rec_id, text, authority, deadline, priority, source), place_id, place_name,
                   visit_date, status, bool(deadline) and deadline < today and status not in CLOSED)
            for (rec_id, text, authority, deadline, priority, source, place_id, place_name, visit_date, status)
            in found]


def filter_rows(rows: list[RecRow], place_id: str = "", authority: str = "", status: str = "",
                overdue_only: bool = False) -> list[RecRow]:
    """Rows matching every given criterion (an empty criterion matches all)."""
    return [r for r in rows
            if (not place_id or r.place_id == place_id)
            and (not authority or r.rec.authority == authority)
            and (not status or r.status == status)
            and (not overdue_only or r.overdue)]


def query(session: Session, place_id: str = "", authority: str = "", status: str = "",
          overdue_only: bool = False, today: str | None = None) -> list[RecRow]:
    return filter_rows(all_rows(session, today), place_id, authority, status, overdue_only)


def status_counts(rows: list[RecRow], by: str) -> dict[str, dict[str, int]]:
    """{place name or authority: {status: count}} for a stacked bar chart; by is 'place' or 'authority'."""
    pairs = Counter((row.place_name, row.status) for row in rows) if by == "place" else \
        Counter((row.rec.authority, row.status) for row in rows)
    counts: dict[str, dict[str, int]] = {}
    for (group, status), count in pairs.items():
        counts.setdefault(group, {})[status] = count
    return dict(sorted(counts.items()))
