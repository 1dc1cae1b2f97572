"""Sections edited on two laptops at once: list the conflicts and let a person resolve them.

The local text stays in the section until someone chooses; the resolution becomes a new
revision (by the person resolving) and the incoming revisions count as absorbed, in a
statement that person signs ("absorber"), so the sender's laptop fast-forwards when the
resolution reaches it. Without that signature no package can replace a laptop's revisions.
"""

from dataclasses import dataclass

from npmdesk.crypto.hashing import digest
from npmdesk.domain.model import Section
from npmdesk.errors import InvalidRecord, NotFound
from npmdesk.i18n import _
from npmdesk.services.records import edit as record_service
from npmdesk.services.review import actions as review
from npmdesk.services.session import Session
from npmdesk.storage import audit_log, package_store, records

CHOICES = ("local", "entrante", "combinado")


@dataclass
class OpenConflict:
    conflict: package_store.Conflict
    section: Section
    local_body: str
    incoming_body: str
    sender_name: str


def open_conflicts(session: Session) -> list[OpenConflict]:
    with session.case.lock:
        conn = session.case.conn
        out = []
        for conflict in package_store.conflicts(conn):
            section = records.get(conn, Section, conflict.section_id)
            sender = conn.execute("SELECT name FROM team_members WHERE id = ?",
                                  (conflict.sender_id,)).fetchone()
            out.append(OpenConflict(conflict, section, section.body, conflict.incoming_body,
                                    sender[0] if sender else conflict.sender_id))
    return out


def resolve(session: Session, conflict_id: str, choice: str, merged_text: str | None = None) -> Section:
    """Keep the local text, take the incoming one, or save `merged_text`; closes the conflict."""
    found = next((c for c in open_conflicts(session) if c.conflict.id == conflict_id), None)
    if found is None:
        raise NotFound("conflict missing or already resolved")
    if choice not in CHOICES:
        raise InvalidRecord("bad choice", reason=_("elija el texto local, el recibido o uno combinado"))
    if choice == "combinado" and not (merged_text or "").strip():
        raise InvalidRecord("empty merge", reason=_("el texto combinado está vacío"))
    body = {"local": found.local_body, "entrante": found.incoming_body}.get(choice, merged_text)
    signer = review.signer_for(session, "absorber")
    with session.case.transaction() as conn:
        if found.section.state in record_service.PROTECTED and body != found.section.body:
            # Choosing another text for an approved section is the decision to reopen it (recorded).
            review.reopen_section(session, found.section.id)
        # No new revision when the local text is kept; the signed statement tells the sender.
        record_service.save_section_body(session, found.section.id, body)
        section = records.get(conn, Section, found.section.id)
        review.sign_in(conn, session, signer, "section", section.id, "absorber", review.section_sha256(section),
                       absorbed=[r["id"] for r in found.conflict.incoming_revisions], conflict_id=conflict_id)
        package_store.close_conflict(conn, conflict_id, choice)
        audit_log.append(conn, session.actor.id, session.actor.name, "resolver_conflicto", "section",
                         found.section.id, digest({"conflict": conflict_id, "choice": choice}))
        return records.get(conn, Section, found.section.id)
