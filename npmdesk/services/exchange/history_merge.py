"""A recommendation arriving in a package: its status history merged with ours (append-only,
domain/tracking.merge), and its links kept to what this laptop holds."""

from npmdesk.domain import model, tracking, vocabulary
from npmdesk.domain.roster import verify_chain
from npmdesk.i18n import N_, _
from npmdesk.services.exchange import dump_upgrade
from npmdesk.services.exchange.package_auth import refused
from npmdesk.storage import records, review_store

HISTORY_REFUSALS = {
    "altered": N_("trae alterada una entrada del historial de estado de una recomendación"),
    "unknown_author": N_("trae un cambio de estado de una recomendación atribuido a alguien que no "
                         "figura en la nómina firmada"),
}


def merge_into(conn, record: model.Recommendation, sender_id: str) -> list[str]:
    """Set `record.history` to the union of ours and the package's and its status to the last
    entry's; returns a line per new entry written by someone other than the sender (to flag).
    A forged or altered entry refuses the whole package (PackageRefused)."""
    chain = verify_chain(review_store.rosters(conn))
    members = set(chain[-1].members) if chain else set()
    local = records.get(conn, model.Recommendation, record.id).history \
        if records.exists(conn, model.Recommendation, record.id) else []
    try:
        record.history, relayed = tracking.merge(local, record.history, sender_id, members)
    except tracking.HistoryConflict as exc:
        raise refused(_(HISTORY_REFUSALS[exc.code])) from exc
    record.status = tracking.current_status(record)
    # An earlier recommendation carried as context (services/tracking/related.py) comes without
    # its findings: links to findings this laptop does not hold are left out.
    record.finding_ids = [f for f in record.finding_ids if records.exists(conn, model.Finding, f)]
    return [_("{date}, {status}, {name}").format(
        date=e.date, status=_(vocabulary.REC_STATUSES.get(e.status, e.status)),
        name=e.actor_name or _("sin autor registrado: de una versión anterior de npmdesk"))
        for e in relayed]


def from_older(conn, data: dict) -> dict:
    """A recommendation row from a package of an npmdesk older than the status history (a
    status and follow_ups): converted as the case-file migration converts it, so its entries
    are the ones this laptop made from the same data (the visits came first in the package)."""
    visit_id = data.get("visit_id")
    known = {visit_id: records.get(conn, model.Visit, visit_id).start_date} \
        if isinstance(visit_id, str) and records.exists(conn, model.Visit, visit_id) else {}
    return dump_upgrade.upgrade_recommendation(data, known)
