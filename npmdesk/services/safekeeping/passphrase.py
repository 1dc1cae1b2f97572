"""Passphrases: the minimum length and the strength shown while typing, and changing a case file's
passphrase (recorded in the bitácora)."""

from npmdesk.crypto import strength as _strength
from npmdesk.crypto.kdf import MIN_PASSPHRASE_CHARS
from npmdesk.services.session import Session
from npmdesk.storage import audit_log

__all__ = ["MIN_PASSPHRASE_CHARS", "WEAK", "FAIR", "GOOD", "STRONG", "rate", "change_passphrase"]

WEAK, FAIR, GOOD, STRONG = _strength.WEAK, _strength.FAIR, _strength.GOOD, _strength.STRONG


def rate(passphrase: str) -> int:
    """WEAK, FAIR, GOOD or STRONG: a guide for the person typing, not a guarantee."""
    return _strength.strength(passphrase) if passphrase else WEAK


def change_passphrase(session: Session, new_passphrase: str) -> None:
    session.case.change_passphrase(new_passphrase)
    with session.case.transaction() as conn:
        audit_log.append(conn, session.actor.id, session.actor.name, "cambiar_frase",
                         "case", session.case.meta("case_id"), "")
