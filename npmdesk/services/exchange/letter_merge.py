"""A letter arriving in a package (an oficio, or a draft sent for factual corrections), merged
with ours.

What a letter records of the document that left — its report, authority, kind, date, reference,
due date, the SHA-256 of the Word file and the recommendations it carried — is fixed once it is
written: a package bringing another version of any of it is forged or corrupt and is refused
whole, as an altered status-history entry is. So is a letter carrying recommendations that are
not of its report's visit. What is learnt later travels: the sending (the package's record of
it replaces ours, as a correction made there and in its sender's bitácora; an empty one never
erases ours) and a draft's reply, which, once recorded on either laptop, is never replaced by
another.
"""

from npmdesk.domain import model
from npmdesk.i18n import N_, _
from npmdesk.services.exchange.package_auth import refused
from npmdesk.storage import records

FIXED = ("report_id", "authority", "kind", "written_on", "response_due", "reference", "sha256",
         "recommendation_ids")
REPLY = ("reply_on", "reply_text", "reply_attachment_id")
LETTER_REFUSALS = {
    "altered": N_("trae alterado un oficio o borrador ya registrado (su documento, fecha o recomendaciones)"),
    "reply": N_("trae otra respuesta a un borrador cuya respuesta ya está registrada"),
    "foreign": N_("trae un oficio con recomendaciones que no son de la visita de su informe"),
}


def merged(conn, incoming: model.Letter) -> model.Letter | None:
    """The letter to store, or None when ours already says everything the package brings;
    PackageRefused when the incoming one contradicts what cannot change."""
    report = records.get(conn, model.Report, incoming.report_id)
    for rec_id in incoming.recommendation_ids:
        if records.get(conn, model.Recommendation, rec_id).visit_id != report.visit_id:
            raise refused(_(LETTER_REFUSALS["foreign"]))
    if not records.exists(conn, model.Letter, incoming.id):
        return incoming
    local = records.get(conn, model.Letter, incoming.id)
    if any(getattr(local, name) != getattr(incoming, name) for name in FIXED):
        raise refused(_(LETTER_REFUSALS["altered"]))
    if local.reply_on and incoming.reply_on and any(getattr(local, n) != getattr(incoming, n) for n in REPLY):
        raise refused(_(LETTER_REFUSALS["reply"]))
    out = records.from_dict(model.Letter, records.as_dict(local))
    if incoming.sent_on:
        out.sent_on, out.means = incoming.sent_on, incoming.means
    if incoming.reply_on and not local.reply_on:
        for name in REPLY:
            setattr(out, name, getattr(incoming, name))
    return None if records.as_dict(out) == records.as_dict(local) else out
