"""The closing block of an exported report, from the case file: where and when it was
approved, to whom it is addressed, who signs it (the Director) and who approved it.

The approval is the report's live signed "aprobar_informe" statement (the newest not voided by
a reopening); its signer and date are the ones printed. A report approved without one (an
imported case file) says so rather than invent a date.

How the signer's role is written («Directora Nacional del Mecanismo Nacional de Prevención de
la Tortura») is the institution's choice, kept in the case file's meta table (`signer_role`:
a setting, no schema change) and used by the closing block and the letters alike; until the
director or an administrator sets it, the neutral «Director/a del Mecanismo …».
"""

from npmdesk.crypto.hashing import digest
from npmdesk.domain import model, vocabulary
from npmdesk.domain.text import clean
from npmdesk.errors import NotFound, NpmdeskError
from npmdesk.export import spanish
from npmdesk.export.content import ClosingOut
from npmdesk.i18n import N_, es_
from npmdesk.services.session import Session
from npmdesk.storage import audit_log, records, review_store, schema

# TRANSLATORS: the city where the MNPT sits, printed before the date of approval.
SEAT = N_("Panamá")
ROLE_KEY = "signer_role"
MAX_ROLE = 200
ROLE_EDITORS = ("director", "administrador")
# TRANSLATORS: the signer's role under the signature line, until the institution writes its own.
DEFAULT_ROLE = N_("Director/a del Mecanismo Nacional de Prevención de la Tortura")


class RoleNotAllowed(NpmdeskError):
    template = N_("Solo la dirección o la administración del expediente pueden cambiar cómo se escribe el cargo "
                  "de quien firma los informes.")


class RoleTooLong(NpmdeskError):
    template = N_("El cargo de quien firma no puede pasar de {count} caracteres.")


def signer_role(session: Session) -> str:
    """How the role of the person who signs reports and letters is written, in Spanish."""
    return session.case.meta(ROLE_KEY) or es_(DEFAULT_ROLE)


def set_signer_role(session: Session, text: str) -> str:
    """Record how the signer's role is written (an empty text goes back to the default);
    returns the role as it will be printed. Only a director or an administrator may."""
    if session.actor.role not in ROLE_EDITORS:
        raise RoleNotAllowed()
    role = " ".join(clean(text or "").split())
    if len(role) > MAX_ROLE:
        raise RoleTooLong(count=MAX_ROLE)
    with session.case.transaction() as conn:
        schema.set_meta(conn, ROLE_KEY, role)
        audit_log.append(conn, session.actor.id, session.actor.name, "cargo_firma", "case",
                         session.case.meta("case_id"), digest({"signer_role": role}))
    return signer_role(session)


def _approval(conn, report_id: str) -> tuple[model.TeamMember | None, str]:
    """(who approved, when: ISO date) from the live report approval; (None, "") without one."""
    live = [s for s in review_store.signatures(conn, report_id)
            if s.decision == "aprobar_informe" and not s.void]
    if not live:
        return None, ""
    statement = live[-1].statement
    try:
        member = records.get(conn, model.TeamMember, statement.get("signer_id", ""))
    except NotFound:
        member = None
    return member, str(statement.get("signed_at", ""))[:10]


def _director(conn) -> model.TeamMember | None:
    directors = [m for m in records.select(conn, model.TeamMember, {"role": "director"}) if m.active]
    return directors[0] if directors else None


def closing(session: Session, report: model.Report | None, place: model.Place | None, authorities: list[str],
            draft: bool) -> ClosingOut:
    """The block for `report`; `authorities`: the recommendations' addressees in table order
    (after the place's authority; an annual report has no place: the Asamblea Nacional). A draft
    needs no report (an annual document before anyone created its «informe anual»)."""
    with session.case.lock:
        conn = session.case.conn
        approver, approved_on = _approval(conn, report.id) if not draft else (None, "")
        director = _director(conn)
    addressees = []
    for name in [place.authority if place else "", *authorities]:
        if name and name not in addressees:
            addressees.append(name)
    seat = es_(SEAT)
    if draft:
        place_date = es_("{place}, fecha de aprobación pendiente.").format(place=seat)
        approval = es_("Borrador: este informe aún no ha sido aprobado.")
    elif approved_on:
        place_date = es_("{place}, {date}.").format(place=seat, date=spanish.long_date(approved_on))
        who = approver.name if approver else es_("una persona que ya no figura en el equipo")
        role = ("" if approver is None else signer_role(session) if approver.role == "director"
                else es_(vocabulary.ROLES.get(approver.role, approver.role)))
        approval = (es_("Aprobado por {name} ({role}) el {date}.").format(
            name=who, role=role, date=spanish.long_date(approved_on)) if role else
            es_("Aprobado por {name} el {date}.").format(name=who, date=spanish.long_date(approved_on)))
    else:
        place_date = es_("{place}, fecha de aprobación no registrada.").format(place=seat)
        approval = es_("El expediente no guarda la aprobación firmada de este informe.")
    return ClosingOut(place_date, addressees, director.name if director else "", signer_role(session), approval)
