"""Approving several sections, and the report, after one confirmation.

`plan` says exactly what one confirmation would sign (each section's title and content hash,
the report if it would then be complete, who signs); `approve` signs that and nothing else, in
one transaction, and refuses when the text or the states changed since the plan was shown.
The template's rule for optional sections (`required: false`) applies: an optional section
nobody wrote needs no approval of its own; the report's signature covers it as empty, so text
written into it afterwards makes the report's approval fail verification.
"""

from dataclasses import dataclass, field

from npmdesk.domain import workflow
from npmdesk.domain.model import Report, Revision, Section
from npmdesk.i18n import _
from npmdesk.services.review import actions as review
from npmdesk.services.review.verification import authors_of, report_sha256, section_sha256, verify_approvals
from npmdesk.services.session import Session
from npmdesk.storage import records

SHORT = 12  # hex digits of a content hash shown to the person: enough to compare by eye


@dataclass(frozen=True)
class Item:
    section_id: str
    title: str
    sha256: str

    @property
    def short(self) -> str:
        return self.sha256[:SHORT]


@dataclass
class Plan:
    report_id: str
    report_title: str
    signer_id: str
    signer_name: str
    sections: list[Item] = field(default_factory=list)  # what will be approved, in report order
    skipped: list[str] = field(default_factory=list)  # titles of optional empty sections left out
    report_too: bool = False  # the report is approved too: nothing else would be outstanding
    remaining: list[str] = field(default_factory=list)  # titles still needing approval after this
    report_sha256: str = ""  # the report's hash *after* the sections are approved (states aside)


def _report_sections(conn, report_id: str) -> list[Section]:
    return records.select(conn, Section, {"report_id": report_id}, "position, id")


def reading_order(sections: list[Section]) -> list[Section]:
    """Sections in reading order: parents before their children, siblings by position."""
    children: dict = {}
    for s in sections:
        children.setdefault(s.parent_id, []).append(s)
    out: list[Section] = []

    def walk(parent_id):
        for s in sorted(children.get(parent_id, []), key=lambda x: (x.position, x.id)):
            out.append(s)
            walk(s.id)
    walk(None)
    known = {s.id for s in out}
    return out + [s for s in sections if s.id not in known]  # orphans last rather than lost


def plan(session: Session, report_id: str, section_ids: list[str], as_member: str | None = None,
         with_report: bool = True) -> Plan:
    """What approving `section_ids` (sent sections of one report) would sign, and by whom.

    Refuses (ActionNotAllowed) when the person may not approve one of them: not on the roster,
    an author of it, wrong role, or a section that is not sent for review."""
    member = review.acting_member(session, as_member)
    wanted = set(section_ids)
    with session.case.lock:
        conn = session.case.conn
        report = records.get(conn, Report, report_id)
        sections = reading_order(_report_sections(conn, report_id))
        unknown = wanted - {s.id for s in sections}
        if unknown:
            raise review.refuse("aprobar", _("una de las secciones no pertenece a este informe"))
        authored = {s.id for s in sections if s.id in wanted and member.id in authors_of(conn, s)}
        content = report_sha256(conn, report)
    chosen = [s for s in sections if s.id in wanted]
    for section in chosen:
        if workflow.next_state(section, "aprobar") is None:
            raise review.refuse("aprobar", _("«{title}» está en estado «{state}»").format(
                title=section.title, state=_(workflow.STATE_LABELS[section.state])))
        review.authorise(session, member, "aprobar", section.id in authored)
    result = Plan(report.id, report.title, member.id, member.name,
                  [Item(s.id, s.title, section_sha256(s)) for s in chosen],
                  [s.title for s in sections if review.omitted(s) and s.state != "aprobada"])
    rest = [s for s in review.outstanding(sections) if s.id not in wanted]
    result.remaining = [s.title for s in rest]
    if with_report and not rest and workflow.next_state(report, "aprobar_informe") is not None:
        review.authorise(session, member, "aprobar_informe", False)
        result.report_too, result.report_sha256 = True, content
    return result


def approve(session: Session, shown: Plan) -> Plan:
    """Sign what `shown` lists, all or nothing: each section's approval over the hash shown,
    then the report's when `shown.report_too`. The signer's key must be usable now."""
    member = review.acting_member(session, shown.signer_id)
    again = plan(session, shown.report_id, [i.section_id for i in shown.sections], shown.signer_id,
                 with_report=shown.report_too)
    if again.sections != shown.sections or again.report_too != shown.report_too:
        raise review.refuse("aprobar", _("otra persona cambió el informe entretanto; revise la lista de nuevo"))
    section_signer = review.signer_for(session, "aprobar", member.id)
    report_signer = review.signer_for(session, "aprobar_informe", member.id) if shown.report_too else None
    pending = verify_approvals(session) if shown.report_too else []
    with session.case.transaction() as conn:
        by_id = {s.id: s for s in _report_sections(conn, shown.report_id)}
        for item in shown.sections:
            section = by_id[item.section_id]
            if section_sha256(section) != item.sha256 or workflow.next_state(section, "aprobar") is None:
                raise review.refuse("aprobar", _("otra persona cambió «{title}» entretanto").format(title=item.title))
            if member.id in authors_of(conn, section):
                raise review.refuse("aprobar", _("quien escribió la sección no puede aprobarla ni devolverla"))
            revisions = records.select(conn, Revision, {"section_id": section.id}, "number DESC")
            review.sign_in(conn, session, section_signer, "section", section.id, "aprobar", item.sha256,
                           revision=revisions[0].number if revisions else 0)
            section.state = "aprobada"
            records.save(conn, section)
        if report_signer is not None:
            report = records.get(conn, Report, shown.report_id)
            broken = [p for p in pending if p.target_id in by_id]
            if review.outstanding(list(by_id.values())) or broken or report_sha256(conn, report) != shown.report_sha256:
                raise review.refuse("aprobar_informe", _("otra persona cambió el informe entretanto"))
            review.sign_in(conn, session, report_signer, "report", report.id, "aprobar_informe",
                           shown.report_sha256)
            report.state = "aprobado"
            records.save(conn, report)
    return shown
