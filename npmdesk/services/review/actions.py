"""Review and approval: submissions, returns, approvals, each signed and in the bitácora.

Who may act is decided from the signed roster (role and key), never from the team_members
table or the GUI. Every action takes `as_member` (default: the session's actor); a member who
is not the case-file owner must first `identity.unlock_identity` with their own passphrase.
"""

from dataclasses import dataclass

from npmdesk.crypto.hashing import digest
from npmdesk.domain import approvals, completeness, workflow
from npmdesk.domain.vocabulary import ROLES
from npmdesk.domain.model import Finding, Report, Revision, Section, TeamMember, now_utc
from npmdesk.errors import ActionNotAllowed
from npmdesk.i18n import _
from npmdesk.services.team import identity
from npmdesk.services.team import roster as rosters
from npmdesk.services.session import Session
from npmdesk.services.review.verification import (  # noqa: F401  (part of this module's interface)
    authors_of, report_sha256, section_sha256, verify_approvals)
from npmdesk.storage import audit_log, records, review_store


def refuse(action: str, reason: str, detail: str = "") -> ActionNotAllowed:
    return ActionNotAllowed(detail or action, action=_(workflow.ACTION_LABELS[action]), reason=reason)


def acting_member(session: Session, as_member: str | None) -> TeamMember:
    if as_member is None or as_member == session.actor.id:
        return session.actor
    with session.case.lock:
        return records.get(session.case.conn, TeamMember, as_member)


def authorise(session: Session, member: TeamMember, action: str, is_author: bool):
    """(roster, roster entry, keys) of a member allowed to take `action`; refuses otherwise."""
    current = rosters.current(session)
    if current is None or member.id not in current.members:
        raise refuse(action, _("«{name}» no figura en la nómina firmada del equipo.").format(name=member.name))
    entry = current.members[member.id]
    if not workflow.permitted(action, entry["role"], is_author):
        reason = (_("quien escribió la sección no puede aprobarla ni devolverla") if is_author
                  and workflow.permitted(action, entry["role"], False)
                  else _("su rol en la nómina ({role}) no lo permite").format(
                      role=_(ROLES.get(entry["role"], entry["role"]))))
        raise refuse(action, reason)
    keys = identity.signing_keys(session, member)
    if keys.sign_public.hex() != entry["sign_public"]:
        raise refuse(action, _("su clave no es la que figura en la nómina firmada"))
    return current, entry, keys


def sign_statement(conn, session, member, roster, entry, keys, kind, target_id, decision, content_sha256,
          **extra) -> str:
    body = approvals.statement(kind, target_id, decision, content_sha256, member.id, entry["fingerprint"],
                               now_utc(), audit_log.head(conn), roster.version, **extra)
    signature_id = review_store.add_signature(conn, kind, target_id, decision, body, entry["fingerprint"],
                                              keys.sign(body))
    audit_log.append(conn, member.id, member.name, f"firma_{decision}", kind, target_id, digest(body))
    return signature_id


def signer_for(session: Session, action: str, as_member: str | None = None, is_author: bool = False) -> tuple:
    """(member, roster, entry, keys) of who would sign `action` now; ActionNotAllowed otherwise."""
    member = acting_member(session, as_member)
    return (member, *authorise(session, member, action, is_author))


def sign_in(conn, session: Session, signer: tuple, kind: str, target_id: str, decision: str,
            content_sha256: str, **extra) -> str:
    """Sign a statement inside the caller's transaction, with a signer from `signer_for`."""
    return sign_statement(conn, session, *signer, kind, target_id, decision, content_sha256, **extra)


def _section_action(session: Session, section_id: str, action: str, as_member: str | None,
                    check=None) -> Section:
    member = acting_member(session, as_member)
    with session.case.lock:
        section = records.get(session.case.conn, Section, section_id)
        is_author = member.id in authors_of(session.case.conn, section)
    target = workflow.next_state(section, action)
    if target is None:
        raise refuse(action, _("la sección está en estado «{state}»")
                     .format(state=_(workflow.STATE_LABELS[section.state])))
    roster, entry, keys = authorise(session, member, action, is_author)
    with session.case.transaction() as conn:
        section = records.get(conn, Section, section_id)
        if workflow.next_state(section, action) != target:
            raise refuse(action, _("otra persona cambió la sección entretanto"))
        if check is not None:
            check(conn, section)
        revisions = records.select(conn, Revision, {"section_id": section.id}, "number DESC")
        sign_statement(conn, session, member, roster, entry, keys, "section", section.id, action,
              section_sha256(section), revision=revisions[0].number if revisions else 0)
        section.state = target
        records.save(conn, section)
        if action == "enviar":
            report = records.get(conn, Report, section.report_id)
            if report.state == "en_redaccion":
                report.state = "en_revision"
                records.save(conn, report)
                audit_log.append(conn, member.id, member.name, "informe_en_revision", "report",
                                 report.id, digest({"state": report.state}))
    return section


def submit_section(session: Session, section_id: str, as_member: str | None = None) -> Section:
    """The author sends the section for review (signed over its current text); a required
    section with nothing in it cannot be sent (domain/completeness.empty_required)."""
    def not_empty(conn, section):
        report = records.get(conn, Report, section.report_id)
        findings = (records.select(conn, Finding, {"visit_id": report.visit_id, "area": section.key})
                    if report.visit_id else [])
        if completeness.empty_required(section.required, section.key, section.body, bool(findings)):
            raise refuse("enviar", _("la sección es obligatoria y está vacía; escriba su contenido antes de "
                                     "enviarla"))
    return _section_action(session, section_id, "enviar", as_member, not_empty)


def return_with_observations(session: Session, section_id: str, as_member: str | None = None) -> Section:
    """A reviewer sends the section back; it must carry at least one open observation."""
    def has_open_observation(conn, section):
        if not any(not o.resolved for o in review_store.observations(conn, section.id)):
            raise refuse("devolver", _("añada antes al menos una observación"))
    return _section_action(session, section_id, "devolver", as_member, has_open_observation)


def approve_section(session: Session, section_id: str, as_member: str | None = None) -> Section:
    """A reviewer or director who did not write the section approves its exact current text."""
    return _section_action(session, section_id, "aprobar", as_member)


def omitted(section: Section) -> bool:
    """An optional section (the template's `required: false`) left empty: the report may be
    approved without its own approval, and the report's signature covers it as empty."""
    return not section.required and completeness.blank(section.body)


def outstanding(sections: list[Section]) -> list[Section]:
    """The sections that still need their own approval before the report can be approved."""
    return [s for s in sections if s.state != "aprobada" and not omitted(s)]


def approve_report(session: Session, report_id: str, as_member: str | None = None) -> Report:
    """Approve the whole report: only when every section is approved (and still unchanged), but
    for optional sections nobody wrote (`omitted`)."""
    member = acting_member(session, as_member)
    with session.case.lock:
        report = records.get(session.case.conn, Report, report_id)
    if workflow.next_state(report, "aprobar_informe") is None:
        raise refuse("aprobar_informe", _("el informe está en estado «{state}»")
                     .format(state=_(workflow.STATE_LABELS[report.state])))
    roster, entry, keys = authorise(session, member, "aprobar_informe", False)
    pending = verify_approvals(session)
    with session.case.transaction() as conn:
        report = records.get(conn, Report, report_id)
        sections = records.select(conn, Section, {"report_id": report.id})
        ids = {s.id for s in sections}
        unapproved = outstanding(sections)
        broken = [p for p in pending if p.target_id in ids]
        if not sections or unapproved or broken:
            raise refuse("aprobar_informe", _("faltan {count} sección(es) por aprobar")
                         .format(count=len(unapproved) + len(broken) or 1))
        sign_statement(conn, session, member, roster, entry, keys, "report", report.id, "aprobar_informe",
              report_sha256(conn, report))
        report.state = "aprobado"
        records.save(conn, report)
    return report


def allowed_actions(session: Session, item, member_id: str | None = None) -> list[str]:
    """What a person may do now with a section or report, by their role in the signed roster."""
    member_id = member_id or session.actor.id
    current = rosters.current(session)
    role = current.role(member_id) if current else None
    is_author = False
    if isinstance(item, Section):
        with session.case.lock:
            is_author = member_id in authors_of(session.case.conn, item)
    return workflow.allowed_actions(item, role, is_author)


@dataclass(frozen=True)
class Reopening:
    """What reopening a protected section voids: the newest approval, or the submission."""
    section: Section
    decision: str          # 'aprobar' or 'enviar'
    name: str              # who signed it, as the roster names them
    signed_at: str
    report_too: bool       # the report's approval falls with it


def reopening(session: Session, section_id: str) -> Reopening:
    """What `reopen_section` would void; refused when the section is not approved or sent."""
    with session.case.lock:
        conn = session.case.conn
        section = records.get(conn, Section, section_id)
        report = records.get(conn, Report, section.report_id)
        rows = review_store.signatures(conn, section_id)
        names = {e["fingerprint"]: e["name"] for link in review_store.rosters(conn)
                 for e in link["body"]["members"].values()}
    if section.state not in ("aprobada", "enviada"):
        raise refuse("editar", _("la sección está en estado «{state}» y ya se puede editar")
                     .format(state=_(workflow.STATE_LABELS[section.state])))
    decision = "aprobar" if section.state == "aprobada" else "enviar"
    found = [r for r in rows if r.decision == decision and not r.void]
    newest = found[-1] if found else None
    return Reopening(section, decision, names.get(newest.signer_fingerprint, "?") if newest else "?",
                     newest.statement.get("signed_at", "") if newest else "",
                     section.state == "aprobada" and report.state in ("aprobado", "exportado"))


def reopen_section(session: Session, section_id: str) -> Section:
    """Make an approved or sent section editable again: its approval (and the report's) become
    void here, the section goes back to borrador, and the bitácora says who did it and what fell."""
    what = reopening(session, section_id)
    with session.case.transaction() as conn:
        section = records.get(conn, Section, section_id)
        if section.state != what.section.state:
            raise refuse("editar", _("otra persona cambió la sección entretanto"))
        voided = [r.id for r in review_store.signatures(conn, section.id)
                  if r.decision in approvals.APPROVALS and not r.void]
        report = records.get(conn, Report, section.report_id)
        if what.report_too:
            voided += [r.id for r in review_store.signatures(conn, report.id)
                       if r.decision in approvals.APPROVALS and not r.void]
        review_store.void_after_edit(conn, section)
        section.state = "borrador"
        records.save(conn, section)
        audit_log.append(conn, session.actor.id, session.actor.name, "reabrir_seccion", "section", section.id,
                         digest({"voided": voided, "was": what.section.state, "signer": what.name,
                                 "signed_at": what.signed_at}))
    return section
