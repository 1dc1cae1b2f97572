"""Creating, changing and deleting records: one transaction each, with a bitácora entry.

Every change validates the record, writes it, keeps the search index in step and
appends a hash-chained audit entry naming who did it.
"""

import hashlib
import mimetypes
from datetime import date
from pathlib import Path

from npmdesk.crypto.hashing import digest, sha256_hex
from npmdesk.domain import model, tracking, workflow
from npmdesk.domain.validation import validate
from npmdesk.errors import InvalidRecord, NotFound, NpmdeskError
from npmdesk.i18n import N_, _
from npmdesk.services.session import Session
from npmdesk.storage import audit_log, blobs, records, search

MAX_ATTACHMENT_BYTES = 200 * 1024 * 1024
PROTECTED = ("aprobada", "enviada")
"""Section states whose text is read-only until someone reopens it (review.reopen_section)."""


class SectionProtected(NpmdeskError):
    template = N_("La sección «{title}» está «{state}» y su texto no se puede cambiar. Elija «Reabrir» "
                  "para editarla; se anulará su aprobación o su envío a revisión.")


def refuse_protected(section: model.Section) -> SectionProtected:
    return SectionProtected(section.state, title=section.title,
                            state=_(workflow.STATE_LABELS.get(section.state, section.state)))


def audit(conn, session: Session, action: str, spec, record_id: str, payload) -> None:
    audit_log.append(conn, session.actor.id, session.actor.name, action, spec.name, record_id,
                     digest(payload))


def save(session: Session, record):
    """Create or update `record`; returns it as stored (text cleaned)."""
    validate(record)
    spec = records.spec_of(record)
    with session.case.transaction() as conn:
        action = "modificar" if records.exists(conn, type(record), record.id) else "crear"
        if isinstance(record, model.Recommendation):
            keep_history(conn, session, record, action == "modificar")
        if isinstance(record, model.Section) and action == "modificar":
            stored = records.get(conn, model.Section, record.id)
            if stored.state in PROTECTED and stored.body != record.body:
                raise refuse_protected(stored)
        records.save(conn, record)
        search.index(conn, spec, record)
        audit(conn, session, action, spec, record.id, records.as_dict(record))
    return record


def keep_history(conn, session: Session, rec: model.Recommendation, stored: bool) -> None:
    """A recommendation's status history is append-only and changes only through
    services/tracking/history.py: saving the record keeps the history held here (whatever the
    form sent); a new record is dated by its visit unless it says otherwise, and starts with the
    history it brings (an import) or one entry, its status, by the person working."""
    if stored:
        rec.history = records.get(conn, model.Recommendation, rec.id).history
        rec.status = tracking.current_status(rec)
        return
    if not rec.issued_on and rec.visit_id and records.exists(conn, model.Visit, rec.visit_id):
        rec.issued_on = records.get(conn, model.Visit, rec.visit_id).start_date
    if not rec.history:
        rec.history = [model.StatusChange(
            date=rec.issued_on or date.today().isoformat(), status=rec.status, basis="revision",
            actor_id=session.actor.id, actor_name=session.actor.name)]
        validate(rec.history[0])
    rec.status = tracking.current_status(rec)


def delete(session: Session, cls, record_id: str, label: str = "") -> None:
    spec = records.spec_of(cls)
    with session.case.transaction() as conn:
        records.delete(conn, cls, record_id, label)
        search.unindex(conn, spec.name, record_id)
        audit(conn, session, "eliminar", spec, record_id, {"id": record_id})


def get(session: Session, cls, record_id: str):
    with session.case.lock:
        return records.get(session.case.conn, cls, record_id)


def select(session: Session, cls, **where) -> list:
    with session.case.lock:
        return records.select(session.case.conn, cls, where or None)


def count_by(session: Session, cls, field: str, values: list) -> dict:
    """How many records of `cls` have each of `values` in `field` (the navigator's group counts)."""
    with session.case.lock:
        return records.count_by(session.case.conn, cls, field, list(values))


def find(session: Session, text: str, limit: int = 200) -> list[search.Hit]:
    session.update_index()
    with session.case.lock:
        return search.search(session.case.conn, text, limit)


def next_interview_code(session: Session, visit_id: str) -> str:
    """The next free pseudonymous code of a visit: E-01, E-02, …"""
    used = {i.code for i in select(session, model.Interview, visit_id=visit_id)}
    n = 1
    while f"E-{n:02d}" in used:
        n += 1
    return f"E-{n:02d}"


def add_interview(session: Session, interview: model.Interview) -> model.Interview:
    if not interview.code:
        interview.code = next_interview_code(session, interview.visit_id)
    return save(session, interview)


def add_attachment(session: Session, data: bytes, filename: str, caption: str,
                   visit_id: str | None = None, mime: str = "",
                   include_in_export: bool = False) -> model.Attachment:
    """Store a file's bytes encrypted in the case file with its SHA-256."""
    attachment = new_attachment(data, filename, caption, visit_id, mime, include_in_export)
    with session.case.transaction() as conn:
        store_attachment(conn, session, attachment, data)
    return attachment


def new_attachment(data: bytes, filename: str, caption: str, visit_id: str | None = None,
                   mime: str = "", include_in_export: bool = False) -> model.Attachment:
    """The validated record of a file about to be stored (`store_attachment`)."""
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise InvalidRecord(reason=_("el archivo supera los 200 MB admitidos."))
    attachment = model.Attachment(
        caption=caption or Path(filename).name, filename=Path(filename).name,
        mime=mime or mimetypes.guess_type(filename)[0] or "application/octet-stream",
        size=len(data), sha256=sha256_hex(data), visit_id=visit_id,
        include_in_export=include_in_export)
    validate(attachment)
    return attachment


def store_attachment(conn, session: Session, attachment: model.Attachment, data: bytes) -> None:
    """Write an attachment and its bytes inside the caller's transaction."""
    spec = records.spec_of(attachment)
    records.save(conn, attachment)
    blobs.put(conn, attachment.id, data)
    search.index(conn, spec, attachment)
    audit(conn, session, "crear", spec, attachment.id, records.as_dict(attachment))


def attachment_data(session: Session, attachment_id: str) -> bytes:
    """The attachment's bytes, checked against the SHA-256 recorded when it was added."""
    with session.case.lock:
        attachment = records.get(session.case.conn, model.Attachment, attachment_id)
        data = blobs.get(session.case.conn, attachment_id)
    if hashlib.sha256(data).hexdigest() != attachment.sha256:
        raise NotFound("attachment hash mismatch")
    return data


def save_section_body(session: Session, section_id: str, body: str,
                      origin: str = "") -> model.Revision | None:
    """Store a section's text as a new revision; nothing happens when the text is unchanged.
    `origin` says where the text came from when it was not typed here (an imported .docx).

    A section sent for review or approved is read-only: SectionProtected until someone reopens
    it (review.reopen_section, which voids the approval and records it in the bitácora), so
    one stray keystroke can never void an approval unnoticed.
    """
    with session.case.transaction() as conn:
        section = records.get(conn, model.Section, section_id)
        previous, section.body = section.body, body
        validate(section)
        # The latest revision alone (a long section's every revision, read to compare with the
        # last one, made each autosave slower than the one before).
        latest = conn.execute("SELECT number, body FROM revisions WHERE section_id = ? "
                              "ORDER BY number DESC LIMIT 1", (section_id,)).fetchone()
        if latest and latest[1] == section.body:
            return None
        if section.state in PROTECTED:
            raise refuse_protected(section)
        section.state = workflow.next_state(section, "editar") or section.state
        revision = model.Revision(
            section_id=section_id, number=(latest[0] + 1) if latest else 1,
            body=section.body, body_sha256=sha256_hex(section.body.encode("utf-8")),
            author_id=session.actor.id, origin=origin)
        records.save(conn, section)
        records.save(conn, revision)
        # When the replaced text stays in the revisions the index may hold it a while: the
        # section is indexed before the next search (storage/search.py), not on every autosave.
        if latest and latest[1] == previous:
            search.index_later(conn, records.spec_of(section), section)
        else:
            search.index(conn, records.spec_of(section), section)
        audit(conn, session, "revisar_texto", records.spec_of(section), section.id,
               {"revision": revision.number, "body_sha256": revision.body_sha256})
    return revision
