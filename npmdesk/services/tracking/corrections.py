"""The draft sent to an authority for factual corrections before the report is final (APT's
guidance on follow-up; OPCAT art. 22's dialogue starts here): the whole draft report, marked
as such on every page and on its cover with who it went to and by when the corrections are due,
recorded as a letter of kind «correcciones» (services/tracking/dialogue.py records when and how
it was sent, like an oficio), and the authority's reply logged on it: its date, its text, its
document encrypted in the case file and, when the document is a Word file, its comments and
tracked changes as observations on the report (services/importing/comments.py).

Which report: one whose sections are all approved and that is not yet approved itself. The
authority is asked about facts, so it reads the text the team stands behind; a correction taken
in is an edit of an approved section, which voids that section's approval visibly (the review
workflow), and the report is approved afterwards, over the corrected text.

The whole draft goes, not only the authority's recommendations: a factual error can be anywhere
(the place, the population, what was seen). What leaves passes the one disclosure check of the
Word export (services/archive/word.py), which here refuses without override.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from npmdesk.crypto.hashing import digest
from npmdesk.domain import model
from npmdesk.domain.validation import validate
from npmdesk.errors import InvalidRecord, NpmdeskError
from npmdesk.export import spanish
from npmdesk.i18n import N_, _, es_
from npmdesk.services.archive import word
from npmdesk.services.importing import comments
from npmdesk.services.records import edit
from npmdesk.services.session import Session
from npmdesk.services.tracking import dialogue
from npmdesk.storage import audit_log, records, search

DUE_DAYS = 15  # two weeks for factual corrections, unless the person chooses otherwise
DRAFTABLE = ("en_redaccion", "en_revision")


class ReportAlreadyFinal(NpmdeskError):
    template = N_("El informe {number} ya está aprobado: se envía a las autoridades con sus oficios, no como "
                  "borrador para correcciones fácticas.")


class ReportNotDraftable(NpmdeskError):
    template = N_("El informe {number} es un informe histórico importado: no se envía como borrador.")


class SectionsNotApproved(NpmdeskError):
    template = N_("El borrador para correcciones fácticas se envía cuando todas las secciones del informe están "
                  "aprobadas; faltan {count}: {titles}.")


class CorrectionsDisclosure(NpmdeskError):
    template = N_("El borrador contiene {count} pasaje(s) que podrían identificar a personas entrevistadas; "
                  "corríjalos antes de enviarlo a la autoridad.")


class NotADraft(NpmdeskError):
    template = N_("Ese registro es un oficio con recomendaciones: su respuesta se registra como respuesta de la "
                  "autoridad a las recomendaciones.")


class DraftNotSent(NpmdeskError):
    template = N_("Registre primero cuándo y cómo se envió el borrador a {authority}.")


class NoDraft(NpmdeskError):
    template = N_("No hay ningún borrador para correcciones fácticas del informe dirigido a {authority}.")


class ReplyAlreadyRecorded(NpmdeskError):
    template = N_("La respuesta de {authority} a este borrador ya está registrada (del {date}).")


@dataclass(frozen=True)
class DraftFile:
    letter: model.Letter
    path: Path
    sha256: str


@dataclass
class Reply:
    letter: model.Letter
    remarks: comments.RemarksImported | None = None  # the document's comments, when imported


def authorities(session: Session, report_id: str) -> list[str]:
    """Who a draft of the report may go to: the authority responsible for the place, then those
    its recommendations address, each once."""
    with session.case.lock:
        conn = session.case.conn
        report = records.get(conn, model.Report, report_id)
        visit = records.get(conn, model.Visit, report.visit_id)
        names = [records.get(conn, model.Place, visit.place_id).authority]
        names += sorted(r.authority for r in records.select(conn, model.Recommendation, {"visit_id": visit.id}))
    seen, out = set(), []
    for name in names:
        if name and dialogue.authority_key(name) not in seen:
            seen.add(dialogue.authority_key(name))
            out.append(name)
    return out


@dataclass(frozen=True)
class ReadyReport:
    id: str
    number: str
    title: str
    authorities: tuple[str, ...]


def ready_reports(session: Session) -> list[ReadyReport]:
    """The reports a draft may go out for now (check_draftable), with their authorities."""
    with session.case.lock:
        candidates = [r for r in records.select(session.case.conn, model.Report) if r.state in DRAFTABLE]
    ready = []
    for report in candidates:
        try:
            check_draftable(session, report.id)
        except NpmdeskError:
            continue
        ready.append(ReadyReport(report.id, report.number, report.title, tuple(authorities(session, report.id))))
    return sorted(ready, key=lambda r: (r.number, r.title))


def latest_draft(session: Session, report_id: str, authority: str) -> model.Letter:
    """The newest draft of the report sent (or to be sent) to `authority`."""
    with session.case.lock:
        drafts = records.select(session.case.conn, model.Letter, {"report_id": report_id, "kind": "correcciones"})
    mine = [x for x in drafts if dialogue.authority_key(x.authority) == dialogue.authority_key(authority)]
    if not mine:
        raise NoDraft(authority=authority)
    return max(mine, key=lambda x: (x.written_on, x.sent_on))


def check_draftable(session: Session, report_id: str) -> model.Report:
    """The report, when a draft of it may go out for factual corrections; else the reason."""
    with session.case.lock:
        conn = session.case.conn
        report = records.get(conn, model.Report, report_id)
        sections = records.select(conn, model.Section, {"report_id": report_id}, "position")
    number = report.number or report.title
    if report.state in word.FINAL_STATES:
        raise ReportAlreadyFinal(number=number)
    if report.state not in DRAFTABLE:
        raise ReportNotDraftable(number=number)
    waiting = [s.title for s in sections if s.state != "aprobada"]
    if waiting or not sections:
        raise SectionsNotApproved(count=len(waiting), titles="; ".join(f"«{t}»" for t in waiting[:5])
                                  + ("…" if len(waiting) > 5 else ""))
    return report


def write_draft(session: Session, report_id: str, authority: str, path, due_days: int = DUE_DAYS,
                day: str | None = None) -> DraftFile:
    """Write the draft for `authority` to `path` (.docx) and record it as a letter not yet sent;
    an unsent draft of the same report to the same authority is replaced."""
    authority = " ".join(authority.split())
    if not authority:
        raise InvalidRecord(reason=_("indique la autoridad a la que se envía el borrador."))
    if not 1 <= due_days <= 365:
        raise InvalidRecord(reason=_("el plazo para las correcciones debe estar entre 1 y 365 días."))
    report = check_draftable(session, report_id)
    day = day or date.today().isoformat()
    due = (date.fromisoformat(day) + timedelta(days=due_days)).isoformat()
    with session.case.lock:
        recs = records.select(session.case.conn, model.Recommendation, {"visit_id": report.visit_id})
    addressed = [r.id for r in recs if dialogue.authority_key(r.authority) == dialogue.authority_key(authority)]
    letter = model.Letter(report_id=report_id, authority=authority, written_on=day, response_due=due,
                          reference=es_("Borrador {number} para correcciones").format(
                              number=report.number or report.title),
                          recommendation_ids=addressed, kind="correcciones")

    def shape(content) -> None:
        content.draft = True
        content.draft_mark = es_("BORRADOR PARA CORRECCIONES FÁCTICAS")
        content.notice = (
            es_("Para: {authority}").format(authority=authority),
            es_("Remitido el {date} solo para que se señalen errores de hecho.").format(date=spanish.long_date(day)),
            es_("Documento confidencial: no es el informe final ni debe difundirse."),
            es_("Envíe sus correcciones a más tardar el {due}.").format(due=spanish.long_date(due)))

    def record(conn, sha256: str) -> None:
        letter.sha256 = sha256
        dialogue.store_letters(conn, session, [letter])
        audit_log.append(conn, session.actor.id, session.actor.name, "generar_borrador_correcciones", "report",
                         report_id, digest({"authority": authority, "due": due, "docx_sha256": sha256}))

    try:
        result = word.export_report(session, report_id, path, shape=shape, also=record)
    except word.DisclosureFound as exc:
        raise CorrectionsDisclosure(count=exc.fields["count"]) from None
    return DraftFile(letter, result.path, result.sha256)


def record_reply(session: Session, letter_id: str, day: str, text: str = "", document: Path | None = None,
                 import_comments: bool = False, today: str | None = None) -> Reply:
    """Log the authority's reply to a sent draft: its date and text, its document (when given)
    encrypted in the case file; with `import_comments`, the document's Word comments and tracked
    changes become observations on the report (signed by the person working) first, so a
    document they cannot be read from changes nothing."""
    with session.case.lock:
        letter = records.get(session.case.conn, model.Letter, letter_id)
    if letter.kind != "correcciones":
        raise NotADraft()
    if not letter.sent_on:
        raise DraftNotSent(authority=letter.authority)
    if letter.reply_on:
        raise ReplyAlreadyRecorded(authority=letter.authority, date=letter.reply_on)
    if import_comments and document is None:
        raise InvalidRecord(reason=_("indique el documento de Word cuyos comentarios se importan."))
    letter.reply_on, letter.reply_text = day, text
    validate(letter)
    if day > (today or date.today().isoformat()):
        raise InvalidRecord(reason=_("la fecha de la respuesta ({date}) es posterior a hoy.").format(date=day))
    attachment, data = None, None
    if document is not None:
        document = Path(document)
        try:
            data = document.read_bytes()
        except OSError as exc:
            raise InvalidRecord(reason=_("no se pudo leer «{name}».").format(name=document.name)) from exc
        attachment = edit.new_attachment(data, document.name, es_("Correcciones de {authority} del {date}").format(
            authority=letter.authority, date=day))
        letter.reply_attachment_id = attachment.id
    remarks = None
    if import_comments:
        remarks = comments.import_remarks(session, letter.report_id, document, letter.authority)
    with session.case.transaction() as conn:
        stored = records.get(conn, model.Letter, letter_id)
        if stored.reply_on:  # recorded meanwhile (another window, a package)
            raise ReplyAlreadyRecorded(authority=stored.authority, date=stored.reply_on)
        if attachment is not None:
            edit.store_attachment(conn, session, attachment, data)
        records.save(conn, letter)
        search.index(conn, records.spec_of(letter), letter)
        audit_log.append(conn, session.actor.id, session.actor.name, "registrar_correcciones", "letter", letter.id,
                         digest({"reply_on": day, "text": text, "attachment": attachment.sha256 if attachment else "",
                                 "observations": len(remarks.observations) if remarks else 0}))
    return Reply(letter, remarks)
