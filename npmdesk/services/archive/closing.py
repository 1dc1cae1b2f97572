"""The closing block of an exported report, from the case file: where and when it was
approved, to whom it is addressed, who signs it (the Director) and who approved it.

The approval is the report's live signed "aprobar_informe" statement (the newest not voided by
a reopening); its signer and date are the ones printed. A report approved without one (an
imported case file) says so rather than invent a date.

The city, the signer's role and the institution's names are the institution's own settings
(services/team/institution.py).
"""

from npmdesk.domain import model, vocabulary
from npmdesk.errors import NotFound
from npmdesk.export import spanish
from npmdesk.export.content import ClosingOut
from npmdesk.i18n import es_
from npmdesk.services.session import Session
from npmdesk.services.team.institution import institution
from npmdesk.storage import records, review_store

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
    named = institution(session)
    seat = named.institution_seat
    if draft:
        place_date = es_("{place}, fecha de aprobación pendiente.").format(place=seat)
        approval = es_("Borrador: este informe aún no ha sido aprobado.")
    elif approved_on:
        place_date = es_("{place}, {date}.").format(place=seat, date=spanish.long_date(approved_on))
        who = approver.name if approver else es_("una persona que ya no figura en el equipo")
        role = ("" if approver is None else named.signer_role if approver.role == "director"
                else es_(vocabulary.ROLES.get(approver.role, approver.role)))
        approval = (es_("Aprobado por {name} ({role}) el {date}.").format(
            name=who, role=role, date=spanish.long_date(approved_on)) if role else
            es_("Aprobado por {name} el {date}.").format(name=who, date=spanish.long_date(approved_on)))
    else:
        place_date = es_("{place}, fecha de aprobación no registrada.").format(place=seat)
        approval = es_("El expediente no guarda la aprobación firmada de este informe.")
    return ClosingOut(place_date, addressees, director.name if director else "", named.signer_role, approval)
