"""Exporting a report together with its archive bundle, and checking a bundle later.

Order matters: the disclosure check runs first (nothing is written or anchored while it
stops the export), then the bitácora is anchored so that the anchor can be printed in
the document, then the .docx, its PDF copy, and the signed manifest are written.
"""

from dataclasses import dataclass
from pathlib import Path

from npmdesk.crypto.hashing import digest
from npmdesk.domain.model import Report, Section, now_utc
from npmdesk.errors import NpmdeskError
from npmdesk.export import bundle, pdf
from npmdesk.i18n import N_, _
from npmdesk.services.team import trust
from npmdesk.services.archive import anchor
from npmdesk.services.archive import word as export
from npmdesk.services.team import identity
from npmdesk.services.team import roster
from npmdesk.services.review import verification
from npmdesk.services.archive.anchor import anchor_note
from npmdesk.services.session import Session
from npmdesk.storage import audit_log, package_store, records, review_store


class ArchiveNotPossible(NpmdeskError):
    template = N_("No se puede crear el paquete de archivo: {reason}")


@dataclass(frozen=True)
class ArchiveResult:
    export: export.ExportResult
    bundle: Path
    files: tuple[str, ...]  # the exported files in data/ (the .docx, the PDF/A copy)
    pdf_note: str  # why there is no PDF copy ("" when there is one)


def _signer_entry(session: Session):
    current = roster.current(session)
    if current is None:
        raise ArchiveNotPossible("no roster", reason=_("todavía no hay una nómina del equipo firmada "
                                                       "por la dirección."))
    entry = current.members.get(session.actor.id)
    if entry is None:
        raise ArchiveNotPossible("not on roster", reason=_("«{name}» no figura en la nómina firmada.").format(
            name=session.actor.name))
    keys = identity.signing_keys(session, session.actor)
    if keys.sign_public.hex() != entry["sign_public"]:
        raise ArchiveNotPossible("key mismatch", reason=_("su clave no es la que figura en la nómina firmada."))
    return current, entry, keys


def _archived_content(conn, report: Report) -> tuple[dict, list[dict], dict, dict]:
    """(the content the report's approval covers, its live approvals with their point in the
    bitácora, each section's text by id, each section's authors by id)."""
    content = verification.report_content(conn, report)
    sections = {s.id: s for s in records.select(conn, Section, {"report_id": report.id})}
    rows = verification.live_approvals(conn, {report.id} | set(sections))
    points = verification.points_in_bitacora(conn, rows, {e.seq: e for e in audit_log.entries(conn)})
    vouched = package_store.vouched(conn)
    signed = [dict({"statement": row.statement, "signature": row.signature, "bitacora_seq": points[row.id]},
                   **({"vouched": vouched[row.id]} if row.id in vouched else {}))
              for row in rows]
    bodies = {sid: s.body for sid, s in sections.items()}
    authors = {sid: sorted(verification.authors_of(conn, s)) for sid, s in sections.items()}
    return content, signed, bodies, authors


def _pdf_copy(docx: bytes, docx_path: Path, files: dict) -> str:
    """Add the PDF copy to `files`; returns why there is none ("" when added)."""
    if pdf.soffice() is None:
        return _("LibreOffice no está instalado")
    converted = pdf.to_pdf(docx, "informe")
    if converted is None:
        return _("LibreOffice no pudo convertir el documento")
    files[docx_path.with_suffix(".pdf").name] = converted
    return ""


def export_archive(session: Session, report_id: str, docx_path, bundle_path, override: bool = False,
                   progress=None, cancel=None, with_pdf: bool = True) -> ArchiveResult:
    """Write the .docx to `docx_path` and the signed bundle to `bundle_path`.

    `progress(done, total)` is called as the work advances; `cancel()` returning True stops
    before anything is written.
    """
    docx_path, bundle_path = Path(docx_path), Path(bundle_path)
    if bundle_path.suffix.lower() != ".zip":
        raise ArchiveNotPossible("suffix", reason=_("el paquete debe terminar en .zip."))
    if bundle_path.resolve() == docx_path.resolve():
        raise ArchiveNotPossible("same file", reason=_("el paquete y el documento no pueden ser el mismo archivo."))
    current, entry, keys = _signer_entry(session)
    found = export.disclosure_report(session, report_id)
    if found and not override:
        raise export.DisclosureFound(count=len(found))
    if found and session.actor.role != "director":
        raise export.OverrideNotAllowed()
    if cancel is not None and cancel():
        raise export.ExportCancelled()
    taken = anchor.make_anchor(session)
    # The document's own steps, then two more: the PDF copy and the signed bundle.
    steps = {"total": 3}

    def step(done, total):
        steps["total"] = total + 2
        if progress is not None:
            progress(done, total + 2)

    result = export.export_report(session, report_id, docx_path, override=override, progress=step,
                                  cancel=cancel, layout=with_pdf,
                                  anchor_note=anchor_note(taken["statement"], session.actor.name))
    docx = docx_path.read_bytes()
    files = {docx_path.name: docx}
    pdf_note = _pdf_copy(docx, docx_path, files) if with_pdf else _("no se pidió copia PDF")
    if progress is not None:
        progress(steps["total"] - 1, steps["total"])
    with session.case.lock:
        conn = session.case.conn
        report = records.get(conn, Report, report_id)
        content, signed, bodies, authors = _archived_content(conn, report)
        chain = review_store.rosters(conn)
        # The bitácora up to the anchor: the verifier walks it to the anchor's hash and reads
        # there where each roster version came in and where each approval was made.
        log = [records.as_dict(e) for e in audit_log.entries(conn, "WHERE seq <= ?", (taken["statement"]["count"],))]
    data = bundle.payload(files, content, bodies, log)
    body = bundle.manifest_body(
        data, case_id=session.case.meta("case_id"), created_at=now_utc(),
        report={"id": report.id, "title": report.title, "number": report.number, "state": report.state},
        draft=result.draft, disclosure_overrides=result.overridden, authors=authors,
        approvals=signed, roster=chain, anchor=taken,
        signer={"id": session.actor.id, "name": session.actor.name, "fingerprint": entry["fingerprint"],
                "roster_version": current.version})
    info = {"Source-Organization": "Mecanismo Nacional de Prevención de la Tortura de Panamá",  # a proper name
            "External-Identifier": report.number or report.id, "External-Description": report.title,
            "Bagging-Date": body["created_at"][:10]}
    try:
        bundle.write(bundle_path, data, body, keys.sign(body), info)
    except OSError as error:
        raise export.ExportFailed(type(error).__name__, reason=error.strerror or type(error).__name__) from None
    with session.case.transaction() as conn:
        audit_log.append(conn, session.actor.id, session.actor.name, "archivar", "report", report_id,
                         digest(body))
    if progress is not None:
        progress(steps["total"], steps["total"])
    return ArchiveResult(result, bundle_path, tuple(files), pdf_note)


@dataclass(frozen=True)
class Preview:
    """What the export dialog shows before exporting."""
    title: str
    number: str
    findings: list  # export.DisclosureItem
    section_ids: dict  # section title -> id, to open the passage a finding points at
    may_override: bool
    may_archive: str  # "" when a bundle can be signed, else the reason it cannot


def preview(session: Session, report_id: str) -> Preview:
    findings = export.disclosure_report(session, report_id)
    with session.case.lock:
        report = records.get(session.case.conn, Report, report_id)
        sections = records.select(session.case.conn, Section, {"report_id": report_id}, "position")
    try:
        _signer_entry(session)
        reason = ""
    except NpmdeskError as error:
        reason = error.message()
    return Preview(report.title, report.number, findings, {s.title: s.id for s in sections},
                   session.actor.role == "director", reason)


def verify_bundle(path, director: str | None = None) -> bundle.Verdict:
    """Offline check of a bundle; no case file needed. Its root must be `director` (a code a
    person typed) or, without one, a root pinned on this machine (else it is unconfirmed)."""
    return bundle.verify(path, trust.trusted(director), strict=bool(director), repins=trust.machine_repins())
