"""Changing a case file's passphrase, recorded in the bitácora."""

from npmdesk.services.session import Session
from npmdesk.storage import audit_log


def change_passphrase(session: Session, new_passphrase: str) -> None:
    """Re-key the case file; the bitácora entry is written into the re-keyed copy before it
    replaces the file, so the change and its record land together or not at all."""
    actor, case_id = session.actor, session.case.meta("case_id")
    session.case.change_passphrase(new_passphrase, before_swap=lambda conn: audit_log.append(
        conn, actor.id, actor.name, "cambiar_frase", "case", case_id, ""))
