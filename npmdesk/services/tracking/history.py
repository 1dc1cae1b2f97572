"""A recommendation's life after its report: status changes, the authorities' responses with
their action plans, verification in practice at a later visit, and reiteration.

Every function is one transaction that validates, writes, keeps the search index in step and
appends a bitácora entry naming the person working (session.actor). The status history is
append-only (domain/tracking.py); `Recommendation.status` is kept equal to its last entry.
"""

from datetime import date
from pathlib import Path

from npmdesk.crypto.hashing import digest
from npmdesk.domain import model, tracking
from npmdesk.domain.validation import validate
from npmdesk.errors import InvalidRecord, NpmdeskError
from npmdesk.i18n import N_, _
from npmdesk.services.records import edit
from npmdesk.services.session import Session
from npmdesk.storage import audit_log, records, search


class UnreadableDocument(NpmdeskError):
    template = N_("No se puede leer el documento «{name}»: compruebe que existe y que tiene "
                  "permiso para abrirlo.")


def read_document(path) -> tuple[bytes, str]:
    """(bytes, file name) of a document to attach to a response."""
    path = Path(path)
    try:
        return path.read_bytes(), path.name
    except OSError as exc:
        raise UnreadableDocument(type(exc).__name__, name=path.name) from exc


def _today() -> str:
    return date.today().isoformat()


def _refuse(reason: str) -> InvalidRecord:
    return InvalidRecord(reason=reason)


def _check_date(day: str, what: str) -> None:
    if day > _today():
        raise _refuse(_("la fecha de {what} ({date}) es posterior a hoy.").format(what=what, date=day))


def _store(conn, session: Session, rec: model.Recommendation, action: str, payload) -> None:
    rec.history = tracking.ordered(rec.history)
    rec.status = tracking.current_status(rec)
    validate(rec)
    spec = records.spec_of(rec)
    records.save(conn, rec)
    search.index(conn, spec, rec)
    audit_log.append(conn, session.actor.id, session.actor.name, action, spec.name, rec.id,
                     digest(payload))


def _entry(session: Session, conn, status: str, day: str, reason: str, basis: str,
           visit_id: str | None, response_id: str | None) -> model.StatusChange:
    entry = model.StatusChange(date=day or _today(), status=status, reason=reason, basis=basis,
                               visit_id=visit_id or None, response_id=response_id or None,
                               actor_id=session.actor.id, actor_name=session.actor.name)
    validate(entry)
    _check_date(entry.date, _("el cambio de estado"))
    if entry.visit_id and not records.exists(conn, model.Visit, entry.visit_id):
        raise _refuse(_("la visita indicada no existe en el expediente."))
    if entry.response_id and not records.exists(conn, model.AuthorityResponse, entry.response_id):
        raise _refuse(_("la respuesta indicada no existe en el expediente."))
    return entry


def change_status(session: Session, rec_id: str, status: str, *, day: str = "", reason: str = "",
                  basis: str = "revision", visit_id: str | None = None,
                  response_id: str | None = None) -> model.Recommendation:
    """Append a dated status change (who: the person working; why: `reason`; from which visit
    or response) and return the recommendation as stored."""
    with session.case.transaction() as conn:
        rec = records.get(conn, model.Recommendation, rec_id)
        entry = _entry(session, conn, status, day, reason, basis, visit_id, response_id)
        rec.history.append(entry)
        _store(conn, session, rec, "cambiar_estado", records.as_dict(entry))
    return rec


def verify(session: Session, rec_id: str, visit_id: str, status: str, reason: str,
           day: str = "") -> model.Recommendation:
    """Verification in practice at a follow-up visit: what the team saw, as a status change."""
    if not reason.strip():
        raise _refuse(_("describa lo que se comprobó en la visita."))
    return change_status(session, rec_id, status, day=day, reason=reason, basis="verificacion",
                         visit_id=visit_id)


def reiterate(session: Session, earlier_id: str, visit_id: str, text: str = "",
              reason: str = "") -> model.Recommendation:
    """A new recommendation of `visit_id`'s report repeating `earlier_id`; the earlier one gets
    the status «reiterada» from that visit. Returns the new recommendation."""
    with session.case.transaction() as conn:
        earlier = records.get(conn, model.Recommendation, earlier_id)
        visit = records.get(conn, model.Visit, visit_id)
        new = model.Recommendation(
            visit_id=visit.id, text=text or earlier.text, authority=earlier.authority,
            level=earlier.level, priority=earlier.priority, area=earlier.area,
            place_id=earlier.place_id, place_kind=earlier.place_kind,
            population_groups=list(earlier.population_groups), repeats_id=earlier.id, issued_on=visit.start_date,
            history=[_entry(session, conn, "pendiente", visit.start_date, reason, "visita", visit.id, None)])
        _store(conn, session, new, "crear", records.as_dict(new))
        entry = _entry(session, conn, "reiterada", visit.start_date, reason, "visita", visit.id, None)
        earlier.history.append(entry)
        _store(conn, session, earlier, "cambiar_estado", records.as_dict(entry))
    return new


def record_response(session: Session, response: model.AuthorityResponse, *, status: str = "",
                    reason: str = "", document: bytes | None = None, filename: str = "",
                    mime: str = "") -> model.AuthorityResponse:
    """Store an authority's response (its document, when given, as an encrypted attachment) and,
    when `status` is given, the status change it brings to each recommendation it answers."""
    if not response.recommendation_ids:
        raise _refuse(_("indique a qué recomendaciones responde la autoridad."))
    validate(response)
    _check_date(response.date, _("la respuesta"))
    attachment = None
    if document is not None:
        attachment = edit.new_attachment(document, filename or "respuesta.pdf",
                                         _("Respuesta de {authority} del {date}").format(
                                             authority=response.authority, date=response.date),
                                         mime=mime)
        response.attachment_id = attachment.id
    spec = records.spec_of(response)
    with session.case.transaction() as conn:
        if records.exists(conn, model.AuthorityResponse, response.id):
            raise _refuse(_("esa respuesta ya está registrada; use «modificar»."))
        if attachment is not None:
            edit.store_attachment(conn, session, attachment, document)
        for rec_id in response.recommendation_ids:
            records.get(conn, model.Recommendation, rec_id)
        _check_commitments(response)
        records.save(conn, response)
        search.index(conn, spec, response)
        audit_log.append(conn, session.actor.id, session.actor.name, "registrar_respuesta", spec.name,
                         response.id, digest(records.as_dict(response)))
        if status:
            for rec_id in response.recommendation_ids:
                rec = records.get(conn, model.Recommendation, rec_id)
                entry = _entry(session, conn, status, response.date, reason, "respuesta", None, response.id)
                rec.history.append(entry)
                _store(conn, session, rec, "cambiar_estado", records.as_dict(entry))
    return response


def _check_commitments(response: model.AuthorityResponse) -> None:
    for item in response.commitments:
        if item.recommendation_id and item.recommendation_id not in response.recommendation_ids:
            raise _refuse(_("un compromiso del plan de acción remite a una recomendación que la "
                            "respuesta no atiende."))


def update_response(session: Session, response: model.AuthorityResponse) -> model.AuthorityResponse:
    """Correct a stored response or extend its action plan (the status history is untouched)."""
    validate(response)
    _check_date(response.date, _("la respuesta"))
    _check_commitments(response)
    spec = records.spec_of(response)
    with session.case.transaction() as conn:
        stored = records.get(conn, model.AuthorityResponse, response.id)
        if response.attachment_id != stored.attachment_id:
            raise _refuse(_("el documento de una respuesta no se cambia; registre otra respuesta."))
        records.save(conn, response)
        search.index(conn, spec, response)
        audit_log.append(conn, session.actor.id, session.actor.name, "modificar", spec.name,
                         response.id, digest(records.as_dict(response)))
    return response


def responses_to(session: Session, rec_id: str) -> list[model.AuthorityResponse]:
    """The responses that answer recommendation `rec_id`, oldest first."""
    with session.case.lock:
        conn = session.case.conn
        ids = [row[0] for row in conn.execute(
            "SELECT response_id FROM response_recommendations WHERE target_id = ?", (rec_id,))]
        found = [records.get(conn, model.AuthorityResponse, i) for i in ids]
    return sorted(found, key=lambda r: (r.date, r.id))


def all_responses(session: Session) -> list[model.AuthorityResponse]:
    with session.case.lock:
        return records.select(session.case.conn, model.AuthorityResponse)
