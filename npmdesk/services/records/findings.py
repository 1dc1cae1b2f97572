"""Findings while writing: their evidence flags and the references inserted into sections."""

import html
import unicodedata
from dataclasses import dataclass

from npmdesk.domain import model, richtext
from npmdesk.domain import findings as rules
from npmdesk.domain import vocabulary
from npmdesk.i18n import _, es_
from npmdesk.services.records import edit as records
from npmdesk.services.session import Session
from npmdesk.storage import statistics_queries

REFERENCE_SCHEME = richtext.FINDING_LINK
SUMMARY_CHARS = 160


def _notes(session: Session, visit_id: str | None = None) -> dict[str, model.FieldNote]:
    where = {"visit_id": visit_id} if visit_id else {}
    return {n.id: n for n in records.select(session, model.FieldNote, **where)}


def flags(session: Session, finding: model.Finding) -> list[str]:
    return rules.flags(finding, _notes(session, finding.visit_id))


def flags_by_finding(session: Session, visit_id: str | None = None) -> dict[str, list[str]]:
    """Evidence flags of every finding (of one visit, or of the whole case file)."""
    where = {"visit_id": visit_id} if visit_id else {}
    notes = _notes(session, visit_id)
    return {f.id: rules.flags(f, notes) for f in records.select(session, model.Finding, **where)}


def flag_labels(codes: list[str]) -> list[str]:
    return [_(rules.FLAGS[c]) for c in codes]


def reference_html(session: Session, finding_id: str) -> str:
    """The inline HTML to insert into a section where it refers to a finding.

    The link target names the finding so the editor can follow it; the export keeps the text.
    """
    return _reference(records.get(session, model.Finding, finding_id))


def _area(finding: model.Finding) -> str:
    return _(vocabulary.THEMATIC_AREAS.get(finding.area, finding.area))


def reference_text(finding: model.Finding) -> str:
    """How a reference to `finding` reads: report text, so in Spanish whatever the interface language."""
    return es_("[Hallazgo: {title} — {area}]").format(
        title=finding.title, area=es_(vocabulary.THEMATIC_AREAS.get(finding.area, finding.area)))


def current_references(session: Session, bodies) -> dict[str, str]:
    """Finding id → `reference_text` now, for every finding the given bodies cite that still exists
    (its title or area may have changed since the reference was inserted)."""
    ids = {finding_id for body in bodies for finding_id in referenced_findings(body or "")}
    found = (records.select(session, model.Finding, id=finding_id) for finding_id in sorted(ids))
    return {rows[0].id: reference_text(rows[0]) for rows in found if rows}


def with_current_references(session: Session, body: str) -> str:
    """A stored body with each finding reference reading as its finding does now."""
    current = current_references(session, [body])
    if not current:
        return body
    return richtext.to_html(richtext.with_references(richtext.parse(body), current))


def _reference(finding: model.Finding) -> str:
    text = reference_text(finding)
    return f'<a href="{REFERENCE_SCHEME}{html.escape(finding.id)}">{html.escape(text)}</a>'


@dataclass(frozen=True)
class FindingChoice:
    """One finding as the reference chooser lists it."""
    id: str
    area: str
    title: str
    summary: str
    evidence: int
    flags: tuple[str, ...]
    reference: str
    triangulated: bool = False
    """The finding's own «Triangulado» box, which the team ticks after contrasting the sources."""

    def matches(self, query: str) -> bool:
        """Every word of `query` appears in the area, title or summary (accent- and case-blind)."""
        haystack = fold(" ".join((self.area, self.title, self.summary)))
        return all(word in haystack for word in fold(query).split())


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def choices(session: Session, section_id: str) -> list[FindingChoice]:
    """The findings of the visit a section's report is about, by thematic area then title,
    each with its evidence count, its flags and the reference to insert."""
    section = records.get(session, model.Section, section_id)
    report = records.get(session, model.Report, section.report_id)
    notes = _notes(session, report.visit_id)
    order = {key: n for n, key in enumerate(vocabulary.THEMATIC_AREAS)}
    found = sorted(_findings_of(session, report), key=lambda f: (order.get(f.area, len(order)), fold(f.title)))
    return [FindingChoice(
        f.id, _area(f), f.title, _summary(f.text),
        len(f.interview_ids) + len(f.note_ids) + len(f.attachment_ids),
        tuple(flag_labels(rules.flags(f, notes))), _reference(f), f.triangulated) for f in found]


def _summary(text: str) -> str:
    plain = " ".join(text.split())  # a finding's text is plain text
    return plain if len(plain) <= SUMMARY_CHARS else plain[:SUMMARY_CHARS - 1].rstrip() + "…"


def exists(session: Session, finding_id: str) -> bool:
    """Whether a finding a section refers to is still in the case file."""
    return bool(records.select(session, model.Finding, id=finding_id))


def referenced_findings(body: str) -> list[str]:
    """Ids of the findings a section body refers to, in order of appearance."""
    found, start = [], 0
    while (at := body.find(REFERENCE_SCHEME, start)) >= 0:
        end = body.find('"', at)
        if end < 0:
            break
        found.append(body[at + len(REFERENCE_SCHEME):end])
        start = end
    return found


def _findings_of(session: Session, report: model.Report) -> list[model.Finding]:
    """A visit's report cites its visit's findings; the annual report those of the year's
    approved reports, the same its chapter of findings prints (services/archive/annual.py)."""
    if report.visit_id:
        return records.select(session, model.Finding, visit_id=report.visit_id)
    if report.year is None:
        return []
    with session.case.lock:
        rows = statistics_queries.approved_findings(session.case.conn, f"{report.year}-01-01",
                                                    f"{report.year}-12-31", vocabulary.FINAL_REPORT_STATES)
    return [records.get(session, model.Finding, row[-1]) for row in rows]
