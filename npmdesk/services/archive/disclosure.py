"""The one disclosure check: what could identify an interviewee, in what is about to leave.

Every interviewee of the whole case file is looked for (their real names, and the codes of
those who did not consent to be quoted), not only those of the report's own visit: a person
met on an earlier visit can be named in a later report. The matching is
domain/disclosure.py's; this module says what text it runs over:

- a report being exported: the paragraphs the Word writer emitted (finding references
  already rewritten to the finding's current title, tables, footnote marks and footnotes' texts, captions and
  alt texts, recommendations, headers and footers), then the .docx read back from the very
  bytes that will be written — anything the second sees that the first did not is reported
  too, so nothing the writer adds behind the check's back reaches the file unflagged;
- a section (the editor's list, the "Enviar a revisión" confirmation, the reviewer's view):
  its paragraphs as the writer will print them, with references as they read now.
"""

from collections import Counter
from dataclasses import dataclass

from npmdesk.domain import disclosure, model, richtext
from npmdesk.domain.richtext import Table
from npmdesk.i18n import es_
from npmdesk.services.records import findings
from npmdesk.services.session import Session
from npmdesk.storage import records

EXCERPT = 40


@dataclass(frozen=True)
class Passage:
    """One place that could identify someone: where (a section title, a recommendation's
    authority…), the passage with some context, why, and the passage itself."""
    where: str
    excerpt: str
    reason: str
    kind: str = ""
    text: str = ""  # the passage alone, as written


def watchlist(session: Session, visit_id: str | None) -> disclosure.Watchlist:
    """Everyone interviewed in the case file; the consent of `visit_id`'s people decides
    for the codes a report of that visit uses."""
    with session.case.lock:
        conn = session.case.conn
        # Remembered until anything is written to the case file, here or by another
        # connection (opening section after section: 10 ms each on 259 interviewees).
        state = (visit_id, conn.total_changes, conn.execute("PRAGMA data_version").fetchone()[0])
        known = session.watchlists.get(visit_id)
        if known is not None and known[0] == state:
            return known[1]
        watch = disclosure.Watchlist.of(records.select(conn, model.Interview), visit_id)
        session.watchlists[visit_id] = (state, watch)
        return watch


def excerpt(text: str, hit: disclosure.Disclosure) -> str:
    start, end = max(0, hit.start - EXCERPT), min(len(text), hit.end + EXCERPT)
    snippet = " ".join(text[start:end].split())
    return ("…" if start else "") + snippet + ("…" if end < len(text) else "")


def passages(texts, watch: disclosure.Watchlist, find=disclosure.find) -> list[Passage]:
    """The passages of `texts` ((where, text) pairs) that `watch` flags, in order. `find` is
    disclosure.find or one that gives its very answers (the editor's remembers them per line)."""
    found = []
    for where, text in texts:
        for hit in find(text or "", watch):
            found.append(Passage(where, excerpt(text, hit), hit.reason(), hit.kind, text[hit.start:hit.end]))
    return found


def document_passages(written: list[Passage], texts, data: bytes,
                      watch: disclosure.Watchlist) -> list[Passage]:
    """`written` (the check of the writer's paragraphs, `texts`: (where, text) pairs) plus what the .docx `data`
    discloses elsewhere: each text read back from the file either is one of the paragraphs
    already checked or is checked now. The check of the file as it will leave."""
    checked = Counter(text for _where, text in texts)
    unseen = []
    # python-docx and lxml load here, when a document is read back, not with the main window.
    from npmdesk.export import readback
    for text in readback.texts(data):
        if checked[text] > 0:
            checked[text] -= 1
        else:
            unseen.append((es_("Documento Word"), text))
    return written + passages(unseen, watch)


def body_texts(body: str, references: dict[str, str]) -> list[str]:
    """A stored body's paragraphs as the writer prints them: a table cell is a paragraph,
    a finding reference reads as `references` says, a footnote's number is Word's (not text)
    and its text is a paragraph of its own, after the body's."""
    texts = []
    items = richtext.with_references(richtext.parse(body), references)
    for item in items:
        groups = [cell for row in item.rows for cell in row] if isinstance(item, Table) else [item.runs]
        texts.extend("".join(run.text for run in runs if not run.note) for runs in groups)
    texts.extend(" " + note for note in richtext.notes(items))
    return [text for text in texts if text.strip()]


def section_passages(session: Session, section_id: str, body: str | None = None) -> list[Passage]:
    """What in a section (its stored body, or `body` being edited) could identify someone,
    as the export would print it."""
    with session.case.lock:
        section = records.get(session.case.conn, model.Section, section_id)
        report = records.get(session.case.conn, model.Report, section.report_id)
    body = section.body if body is None else body
    references = findings.current_references(session, [body])
    texts = [(section.title, section.title)] + [(section.title, t) for t in body_texts(body, references)]
    return passages(texts, watchlist(session, report.visit_id))
