"""Changing a case file's passphrase, recorded in the bitácora."""

from npmdesk.services.session import Session
from npmdesk.storage import audit_log


def change_passphrase(session: Session, new_passphrase: str) -> None:
    session.case.change_passphrase(new_passphrase)
    with session.case.transaction() as conn:
        audit_log.append(conn, session.actor.id, session.actor.name, "cambiar_frase",
                         "case", session.case.meta("case_id"), "")
