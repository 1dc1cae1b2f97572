"""Building packages: what each kind carries, sealed for its recipients and signed.

Kinds (docs/formato-paquete.md): 'asignacion' (report skeleton with its sections),
'entrega' (an author's sections with their revisions, and the visit's findings,
recommendations and the attachments they use), 'revision' (every section with its
observations, approvals and returns), 'nomina' (the signed roster chain) and 'expediente'
(the whole case file, as the JSON dump). Recipient keys come from the signed roster only.
"""

import base64
from pathlib import Path

from npmdesk.crypto import package as sealing
from npmdesk.crypto.hashing import digest
from npmdesk.domain import model
from npmdesk.domain.workflow import REVIEWERS
from npmdesk.errors import ActionNotAllowed, NpmdeskError
from npmdesk.export.safe_file import write_atomic
from npmdesk.i18n import _
from npmdesk.services.archive import anchor
from npmdesk.services.team import identity
from npmdesk.services.exchange import case_package as package_transfer
from npmdesk.services.exchange.kinds import REPORT_KINDS
from npmdesk.services.exchange.package_auth import team_case_id
from npmdesk.services.review import verification
from npmdesk.services.team import roster as rosters
from npmdesk.services.tracking import related
from npmdesk.services.session import Session
from npmdesk.storage import audit_log, blobs, records, review_store

def refuse(reason: str) -> ActionNotAllowed:
    return ActionNotAllowed(reason, action=_("crear el paquete"), reason=reason)


def _rows(conn, cls, **where) -> list[dict]:
    return [records.as_dict(r) for r in records.select(conn, cls, where or None, "rowid")]


def _visit_records(conn, visit: model.Visit | None) -> dict:
    """The visit a report is of and what its sections draw on: the place, the findings with the
    interviews, notes and attachments they cite, the recommendations. An annual report is of no
    visit: its figures are computed where it is exported, so it carries none of them."""
    if visit is None:
        return {"place": [], "visit": [], "interview": [], "field_note": [], "attachment": [],
                "finding": [], "recommendation": []}
    findings = records.select(conn, model.Finding, {"visit_id": visit.id})
    interview_ids = {i for f in findings for i in f.interview_ids}
    note_ids = {n for f in findings for n in f.note_ids}
    attachment_ids = {a for f in findings for a in f.attachment_ids}
    interviews = []
    for interview in records.select(conn, model.Interview, {"visit_id": visit.id}):
        if interview.id in interview_ids:
            interview.real_identity = ""  # the restricted identity never leaves the laptop
            interviews.append(records.as_dict(interview))
    return {
        "place": [records.as_dict(records.get(conn, model.Place, visit.place_id))],
        "visit": [records.as_dict(visit)],
        "interview": interviews,
        "field_note": [d for d in _rows(conn, model.FieldNote, visit_id=visit.id) if d["id"] in note_ids],
        "attachment": [records.as_dict(records.get(conn, model.Attachment, a)) for a in sorted(attachment_ids)],
        "finding": [records.as_dict(f) for f in findings],
        "recommendation": _rows(conn, model.Recommendation, visit_id=visit.id)}


def _report_payload(conn, report: model.Report, content: list[model.Section]) -> dict:
    visit = records.get(conn, model.Visit, report.visit_id) if report.visit_id else None
    sections = records.select(conn, model.Section, {"report_id": report.id}, "position, id")
    member_ids = {m.member_id for m in (visit.team if visit else [])} | {a for s in sections for a in s.author_ids}
    out = {"report_id": report.id, "records": {
        "team_member": [records.as_dict(records.get(conn, model.TeamMember, m)) for m in sorted(member_ids)],
        **_visit_records(conn, visit),
        "report": [records.as_dict(report)],
        "section": [records.as_dict(s) for s in sections], "response": [], "letter": []},
        "blobs": {}, "revisions": {}, "signatures": [], "observations": []}
    _add_tracking(conn, out)
    _add_letters(conn, report.id, out)
    out["blobs"] = {a["id"]: base64.b64encode(blobs.get(conn, a["id"])).decode("ascii")
                    for a in out["records"]["attachment"]}
    for section in content:
        out["revisions"][section.id] = _rows(conn, model.Revision, section_id=section.id)
        out["observations"] += [vars(o) for o in review_store.observations(conn, section.id)]
    wanted = {s.id for s in content} | {report.id}
    rows = [s for s in review_store.signatures(conn) if s.target_id in wanted]
    # The sender's word, as a witness, on the roster version each statement is judged under here.
    versions = verification.judged_versions(conn, rows)
    out["signatures"] = [dict(vars(s), in_force=versions[s.id]) for s in rows]
    return out


def _add_tracking(conn, out: dict) -> None:
    """Add what the visit's recommendations need elsewhere (services/tracking/related.py), listed
    under "context": the importer adds them when missing but never changes its own copy with
    them (only a recommendation's history grows), since they may come without all their links."""
    rows, out["context"] = out["records"], {}
    recs = [records.from_dict(model.Recommendation, r) for r in rows["recommendation"]]
    for name, extra in related.for_package(conn, recs).items():
        have = {item["id"] for item in rows[name]}
        added = [r for r in extra if r.id not in have]
        rows[name] += [records.as_dict(r) for r in added]
        out["context"][name] = [r.id for r in added]


def _add_letters(conn, report_id: str, out: dict) -> None:
    """The report's letters and their replies' documents (services/tracking/related.py): not
    context, since their sending and replies are news the other laptop takes in."""
    rows = out["records"]
    for name, extra in related.letters_of(conn, report_id).items():
        have = {item["id"] for item in rows[name]}
        rows[name] += [records.as_dict(r) for r in extra if r.id not in have]


def build_payload(session: Session, kind: str, sender: model.TeamMember, report_id: str | None,
                  recipient_ids: tuple = ()) -> tuple[dict, str]:
    """(payload, scope) of a package of `kind`; scope is the report id or the case id."""
    if kind == "nomina":
        chain = rosters.chain(session)
        if not chain:
            raise refuse(_("todavía no hay una nómina firmada"))
        return {"roster": chain}, "nomina"
    if kind == "expediente":
        return package_transfer.payload(session, sender, recipient_ids), session.case.meta("case_id")
    if kind not in REPORT_KINDS:
        raise refuse(_("tipo de paquete desconocido: {kind}").format(kind=kind))
    current = rosters.current(session)
    role = current.role(sender.id) if current else None
    if kind in ("asignacion", "revision") and role not in REVIEWERS:
        raise refuse(_("solo quien revisa o dirige puede enviar asignaciones y revisiones"))
    with session.case.lock:
        conn = session.case.conn
        reports = records.select(conn, model.Report)
        if report_id is None and len(reports) == 1:
            report_id = reports[0].id
        report = next((r for r in reports if r.id == report_id), None)
        if report is None:
            raise refuse(_("indique el informe (hay {count} en el expediente)").format(count=len(reports)))
        sections = records.select(conn, model.Section, {"report_id": report.id}, "position, id")
        if kind == "entrega":
            content = [s for s in sections if sender.id in s.author_ids]
            if not content:
                raise refuse(_("«{name}» no tiene secciones asignadas en este informe").format(name=sender.name))
        else:
            content = sections
        return _report_payload(conn, report, content), report.id


def report_of(session: Session, shown: tuple[str, str] | None) -> str | None:
    """The report a package is about when the person has (entity, id) in front of them: the
    report itself or a section's; None (the only report, or the refusal naming how many) else."""
    if shown is None or shown[0] not in ("report", "section"):
        return None
    entity, record_id = shown
    if entity == "report":
        return record_id
    with session.case.lock:
        found = records.select(session.case.conn, model.Section, {"id": record_id})
    return found[0].report_id if found else None


def recipient_keys(session: Session, recipient_ids: list[str]) -> dict[str, bytes]:
    """X25519 public keys of the recipients, as the signed roster gives them."""
    current = rosters.current(session)
    keys = {}
    for member_id in recipient_ids:
        entry = current.members.get(member_id) if current else None
        if entry is None:
            raise refuse(_("el destinatario {id} no figura en la nómina firmada").format(id=member_id))
        keys[member_id] = bytes.fromhex(entry["box_public"])
    return keys


def resolve_recipient(session: Session, text: str) -> str:
    """A member id from a public card file, a member id or a key fingerprint."""
    path = Path(text)
    if path.is_file():
        text = identity.read_card(path)["id"]
    current = rosters.current(session)
    members = current.members if current else {}
    if text in members:
        return text
    for member_id, entry in members.items():
        if entry["fingerprint"].replace(" ", "") == text.replace(" ", ""):
            return member_id
    raise refuse(_("«{who}» no figura en la nómina firmada").format(who=text))


def create(session: Session, kind: str, recipient_ids: list[str], report_id: str | None = None,
           as_member: str | None = None) -> bytes:
    """The bytes of a sealed, signed package; the sending is recorded in the bitácora."""
    sender = session.actor if as_member in (None, session.actor.id) else identity_member(session, as_member)
    if not recipient_ids:
        raise refuse(_("indique al menos un destinatario"))
    keys = identity.signing_keys(session, sender)
    current = rosters.current(session)
    entry = current.members.get(sender.id) if current else None
    if kind != "nomina" and (entry is None or entry["sign_public"] != keys.sign_public.hex()):
        raise refuse(_("«{name}» no figura con esta clave en la nómina firmada").format(name=sender.name))
    payload, scope = build_payload(session, kind, sender, report_id, tuple(recipient_ids))
    recipients = recipient_keys(session, recipient_ids)
    # Every package carries a signed anchor of the sender's bitácora (also recorded in it): the
    # recipients keep, outside the sender's file, proof of how far it went (services/archive/anchor.py).
    try:
        payload["anchor"] = anchor.make_anchor(session, sender.id)
    except NpmdeskError:
        pass  # a sender the roster does not let anchor: the package still goes, without it
    # A whole case file names its own case (it becomes a new case file); the rest, the team's.
    case_id = session.case.meta("case_id") if kind == "expediente" else team_case_id(session)
    header = {"kind": kind, "package_id": model.new_id(), "created_at": model.now_utc(),
              "case_id": case_id, "sender_id": sender.id, "scope": scope,
              "sender_fingerprint": keys.fingerprint}
    if kind == "nomina":  # a first roster is checked with these against the typed root code
        header[sealing.SENDER_KEYS] = {"sign_public": keys.sign_public.hex(), "box_public": keys.box_public.hex()}
    data = sealing.seal(payload, header, keys.sign_private, recipients)
    with session.case.transaction() as conn:
        audit_log.append(conn, sender.id, sender.name, "enviar_paquete", "package", header["package_id"],
                         digest({"kind": kind, "to": sorted(recipient_ids), "scope": scope}))
    return data


def identity_member(session: Session, member_id: str) -> model.TeamMember:
    with session.case.lock:
        return records.get(session.case.conn, model.TeamMember, member_id)


def write(session: Session, kind: str, recipient_ids: list[str], path, report_id: str | None = None,
          as_member: str | None = None) -> Path:
    return write_atomic(path, create(session, kind, recipient_ids, report_id, as_member))
