"""The dialogue with the authorities after a report (OPCAT art. 22): the record of each letter
(oficio) sent, when and how it went out, and which letters still wait for a response.

An oficio is answered when the same authority (its name compared without regard to case,
accents or spacing) has responded, on or after the letter's date, to at least one of the
recommendations it carried (services/tracking/history.record_response). A draft sent for
factual corrections (services/tracking/corrections.py) is answered when its reply is recorded.
Every write is one transaction with a bitácora entry naming the person working, and keeps the
letter's entry in the search index.
"""

import unicodedata
from dataclasses import dataclass, field
from datetime import date

from npmdesk.crypto.hashing import digest
from npmdesk.domain import model
from npmdesk.domain.validation import validate
from npmdesk.errors import InvalidRecord, NpmdeskError
from npmdesk.i18n import N_, _
from npmdesk.services.session import Session
from npmdesk.storage import audit_log, dashboard_queries, records, search

SOON_DAYS = 15  # what the dashboard calls "due soon"


class NoLettersToSend(NpmdeskError):
    template = N_("El informe no tiene oficios registrados sin enviar; genérelos primero con «npmdesk letters».")


def _superseded(old: model.Letter, new: model.Letter) -> bool:
    """An unsent letter the new one replaces: the report's oficios are written all at once; a
    draft for corrections, one authority at a time."""
    return (not old.sent_on and old.kind == new.kind and old.report_id == new.report_id
            and (new.kind == "oficio" or authority_key(old.authority) == authority_key(new.authority)))


def store_letters(conn, session: Session, letters: list[model.Letter]) -> None:
    """Record freshly written letters of one report (inside the caller's transaction). Letters of
    that report written earlier and never sent are replaced: they were superseded drafts."""
    for report_id in {letter.report_id for letter in letters}:
        for old in records.select(conn, model.Letter, {"report_id": report_id}):
            if any(_superseded(old, new) for new in letters):
                records.delete(conn, model.Letter, old.id)
                search.unindex(conn, "letter", old.id)
                audit_log.append(conn, session.actor.id, session.actor.name, "reemplazar_oficio", "letter",
                                 old.id, digest(records.as_dict(old)))
    spec = records.spec_of(model.Letter)
    for letter in letters:
        validate(letter)
        records.save(conn, letter)
        search.index(conn, spec, letter)
        audit_log.append(conn, session.actor.id, session.actor.name, "registrar_oficio", "letter", letter.id,
                         digest(records.as_dict(letter)))


def mark_sent(session: Session, report_id: str, day: str, means: str,
              today: str | None = None) -> list[model.Letter]:
    """Record that the report's unsent letters went out on `day` by `means`; returns them."""
    with session.case.transaction() as conn:
        records.get(conn, model.Report, report_id)
        pending = [x for x in records.select(conn, model.Letter, {"report_id": report_id, "kind": "oficio"})
                   if not x.sent_on]
        if not pending:
            raise NoLettersToSend()
        for letter in pending:
            _send(conn, session, letter, day, means, today)
    return pending


def send_letter(session: Session, letter_id: str, day: str, means: str,
                today: str | None = None) -> model.Letter:
    """Record (or correct) when and how one letter went out."""
    with session.case.transaction() as conn:
        letter = records.get(conn, model.Letter, letter_id)
        _send(conn, session, letter, day, means, today)
    return letter


def _send(conn, session: Session, letter: model.Letter, day: str, means: str, today: str | None) -> None:
    if not day or not means:
        raise InvalidRecord(reason=_("indique la fecha y el medio de envío."))
    letter.sent_on, letter.means = day, means
    validate(letter)
    if day > (today or date.today().isoformat()):
        raise InvalidRecord(reason=_("la fecha de envío ({date}) es posterior a hoy.").format(date=day))
    if letter.reply_on and day > letter.reply_on:
        raise InvalidRecord(reason=_("la fecha de envío ({date}) es posterior a la de la respuesta ya "
                                     "registrada.").format(date=day))
    records.save(conn, letter)
    search.index(conn, records.spec_of(letter), letter)
    audit_log.append(conn, session.actor.id, session.actor.name, "enviar_oficio", "letter", letter.id,
                     digest({"sent_on": day, "means": means}))


def authority_key(name: str) -> str:
    """An authority's name as compared: a response typed «policia  nacional» answers the letter
    to «Policía Nacional» (case, accents and spacing are not a different authority)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


@dataclass
class LetterStatus:
    letter: model.Letter
    days_left: int  # negative: that many days overdue
    responses: list[model.AuthorityResponse] = field(default_factory=list)

    @property
    def answered(self) -> bool:
        return bool(self.responses) or bool(self.letter.reply_on)


def letters_status(session: Session, today: str | None = None) -> list[LetterStatus]:
    """Every recorded letter with its days left (or overdue) and the responses received so far,
    soonest due first."""
    today = date.fromisoformat(today or date.today().isoformat())
    with session.case.lock:
        conn = session.case.conn
        letters = records.select(conn, model.Letter)
        responses = records.select(conn, model.AuthorityResponse)
    by_authority: dict[str, list[model.AuthorityResponse]] = {}
    for response in responses:  # grouped once: a ten-year file holds thousands of responses
        by_authority.setdefault(authority_key(response.authority), []).append(response)
    found = []
    for letter in letters:
        carried = set(letter.recommendation_ids)
        answers = [r for r in by_authority.get(authority_key(letter.authority), ()) if r.date >= letter.written_on
                   and not carried.isdisjoint(r.recommendation_ids)] if letter.kind == "oficio" else []
        days = (date.fromisoformat(letter.response_due) - today).days
        found.append(LetterStatus(letter, days, sorted(answers, key=lambda r: (r.date, r.id))))
    return sorted(found, key=lambda s: (s.letter.response_due, s.letter.authority, s.letter.id))


def pending(session: Session, today: str | None = None) -> list[LetterStatus]:
    """The letters still without any response."""
    return [s for s in letters_status(session, today) if not s.answered]


@dataclass
class DueSoon:
    letters: list = field(default_factory=list)  # LetterStatus, unanswered, due within SOON_DAYS or overdue
    recommendations: list = field(default_factory=list)  # (id, text, deadline, place name, days left)


def due_soon(session: Session, today: str | None = None, days: int = SOON_DAYS) -> DueSoon:
    """What falls due in the next `days` days, overdue ones included (days left < 0)."""
    today = today or date.today().isoformat()
    base = date.fromisoformat(today)
    until = date.fromordinal(base.toordinal() + days).isoformat()
    with session.case.lock:
        rows = dashboard_queries.recommendations_due(session.case.conn, until)
    recs = [(*row, (date.fromisoformat(row[2]) - base).days) for row in rows]
    letters = [s for s in pending(session, today) if s.days_left <= days]
    return DueSoon(letters, recs)
