"""Confidentiality warnings while writing a section (domain/disclosure.py over the visit's interviews)."""

from npmdesk.domain import disclosure, model, richtext
from npmdesk.services.session import Session
from npmdesk.storage import records


def visit_interviews(session: Session, section_id: str) -> list[model.Interview]:
    with session.case.lock:
        conn = session.case.conn
        section = records.get(conn, model.Section, section_id)
        report = records.get(conn, model.Report, section.report_id)
        return records.select(conn, model.Interview, {"visit_id": report.visit_id})


def section_warnings(session: Session, section_id: str, text: str | None = None) -> list[disclosure.Disclosure]:
    """Passages of the section (its stored text, or `text` as being typed) that disclose an identity."""
    if text is None:
        with session.case.lock:
            text = richtext.plain_text(records.get(session.case.conn, model.Section, section_id).body)
    return disclosure.find(text, visit_interviews(session, section_id))
