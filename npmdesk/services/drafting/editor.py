"""Writing a section: its text as revisions, their history and diffs, and the guidance checklist.

Bodies are always stored in the HTML subset of domain/richtext.py, whatever the editor
or a paste sent.
"""

from dataclasses import dataclass

from npmdesk.domain import disclosure as matching
from npmdesk.domain import model, richtext, textdiff
from npmdesk.domain.completeness import Completeness, of_section
from npmdesk.errors import InvalidRecord, NpmdeskError
from npmdesk.i18n import N_
from npmdesk.services.archive import disclosure
from npmdesk.services.drafting import spelling_words
from npmdesk.services.records import findings
from npmdesk.services.records import edit as record_service
from npmdesk.services.records.edit import audit
from npmdesk.services.session import Session
from npmdesk.storage import checklist, records


class SameText(NpmdeskError):
    template = N_("La sección ya tiene el texto de la revisión {number}; no se creó otra revisión.")


@dataclass(frozen=True)
class RevisionInfo:
    id: str
    number: int
    author: str
    created_at: str
    origin: str = ""  # "importado de X.docx" when the text was not typed here


@dataclass
class SectionData:
    section: model.Section
    ticked: set[str]
    watch: matching.Watchlist  # who must not be identified: everyone in the case file
    spelling_words: tuple[str, ...] = ()  # the case file's dictionary (services/drafting/spelling_words)


def open_section(session: Session, section_id: str) -> SectionData:
    """The section, its ticked questions and the disclosure watchlist (for the warnings).

    Its body is in the stored subset whatever the case file holds (a package's or a dump's
    text too), and shows each finding reference as the finding reads now (as the export
    prints it); that is saved with the author's next edit, not by opening.
    """
    with session.case.lock:
        conn = session.case.conn
        section = records.get(conn, model.Section, section_id)
        report = records.get(conn, model.Report, section.report_id)
        ticked = checklist.ticked(conn, section_id)
    section.body = session.sanitizer.sanitize(findings.with_current_references(session, section.body))
    return SectionData(section, ticked, disclosure.watchlist(session, report.visit_id),
                       tuple(spelling_words.words(session)))


def save_body(session: Session, section_id: str, body: str) -> model.Revision | None:
    """Store the editor's HTML, reduced to the stored subset (reading again only what changed
    since the last save: Session.sanitizer); None when nothing changed."""
    return record_service.save_section_body(session, section_id, session.sanitizer.sanitize(body))


def leave_section(session: Session) -> None:
    """When the editor leaves a section: what its autosaves left to index goes into the search
    index now (it would be before the next search anyway; Session.update_index)."""
    session.update_index()


def history(session: Session, section_id: str) -> list[RevisionInfo]:
    """The section's revisions, newest first, with the name of who saved each."""
    with session.case.lock:
        conn = session.case.conn
        names = {m.id: m.name for m in records.select(conn, model.TeamMember)}
        rows = conn.execute("SELECT id, number, author_id, created_at, origin FROM revisions "
                            "WHERE section_id = ? ORDER BY number DESC", (section_id,)).fetchall()
    return [RevisionInfo(rid, number, names.get(author, "—"), created, origin)
            for rid, number, author, created, origin in rows]


def revision(session: Session, revision_id: str) -> model.Revision:
    return record_service.get(session, model.Revision, revision_id)


def diff(session: Session, old_id: str, new_id: str) -> list[textdiff.Piece]:
    """Word-level differences between the plain text of two revisions."""
    old, new = revision(session, old_id), revision(session, new_id)
    return textdiff.word_diff(richtext.plain_text(old.body), richtext.plain_text(new.body))


def restore(session: Session, section_id: str, revision_id: str) -> model.Revision:
    """A new revision whose text is that of an earlier one."""
    old = revision(session, revision_id)
    if old.section_id != section_id:
        raise InvalidRecord(reason="la revisión no pertenece a esta sección")
    stored = record_service.save_section_body(session, section_id, old.body)
    if stored is None:
        raise SameText(number=old.number)
    return stored


def set_checked(session: Session, section_id: str, question: str, checked: bool) -> Completeness:
    """Tick or untick one guiding question; returns the section's completeness."""
    with session.case.transaction() as conn:
        section = records.get(conn, model.Section, section_id)
        if question not in section.guidance:
            raise InvalidRecord(reason="la pregunta no es de esta sección")
        checklist.set_ticked(conn, section_id, question, checked)
        audit(conn, session, "marcar_guia" if checked else "desmarcar_guia", records.spec_of(section),
               section_id, {"question": question, "checked": checked})
        return of_section(section.guidance, checklist.ticked(conn, section_id))


def report_completeness(session: Session, report_id: str) -> Completeness:
    """Guiding questions ticked over all the sections of a report."""
    with session.case.lock:
        conn = session.case.conn
        sections = records.select(conn, model.Section, {"report_id": report_id})
        ticked = checklist.ticked_by_section(conn, [s.id for s in sections])
    total = Completeness(0, 0)
    for section in sections:
        total = total + of_section(section.guidance, ticked[section.id])
    return total
