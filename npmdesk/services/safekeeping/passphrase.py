"""Passphrases: how strong one is while it is typed, a suggested one, and changing a case file's
passphrase (refused when weak for this team; recorded in the bitácora)."""

from npmdesk.crypto import strength as _strength
from npmdesk.crypto.kdf import MIN_PASSPHRASE_CHARS
from npmdesk.domain.model import TeamMember
from npmdesk.errors import NpmdeskError, WeakPassphrase
from npmdesk.i18n import N_
from npmdesk.services.session import Session
from npmdesk.storage import audit_log, records
from npmdesk.storage.casefile import CaseFile

__all__ = ["MIN_PASSPHRASE_CHARS", "WEAK", "FAIR", "GOOD", "STRONG", "Assessment", "assess",
           "refusal", "suggestion", "team_names", "change_passphrase",
           "SamePassphrase", "check_current", "replace_passphrase"]

WEAK, FAIR, GOOD, STRONG = _strength.WEAK, _strength.FAIR, _strength.GOOD, _strength.STRONG
Assessment = _strength.Assessment


class SamePassphrase(NpmdeskError):
    template = N_("La nueva frase de contraseña es igual a la actual; escriba una distinta.")


def assess(passphrase: str, names=()) -> Assessment:
    """Level, acceptability and reason of `passphrase` for someone who knows `names`."""
    return _strength.assess(passphrase, names)


def refusal(passphrase: str, names=()) -> WeakPassphrase | None:
    """The error a weak passphrase gets (its sentence names the reason and offers a suggestion)."""
    return _strength.refusal(passphrase, names)


def suggestion() -> str:
    """A generated passphrase of five common Spanish words."""
    return _strength.suggest()


def team_names(session: Session) -> list[str]:
    """Everyone's name on the team: a passphrase built on them is weak in this case file."""
    with session.case.lock:
        return [m.name for m in records.select(session.case.conn, TeamMember)]


def change_passphrase(session: Session, new_passphrase: str) -> None:
    """Re-key the case file; the bitácora entry is written into the re-keyed copy before it
    replaces the file, so the change and its record land together or not at all."""
    actor, case_id = session.actor, session.case.meta("case_id")
    session.case.change_passphrase(new_passphrase, names=team_names(session), before_swap=lambda conn: audit_log.append(
        conn, actor.id, actor.name, "cambiar_frase", "case", case_id, ""))


def check_current(session: Session, passphrase: str) -> None:
    """WrongPassphrase unless `passphrase` unlocks this case file. The file is opened a second time,
    read-only, through the ordinary unlock (the KDF and the keying code), so the passphrase is
    never put into SQL text and no second way of checking a key exists to get wrong."""
    CaseFile.open(session.case.path, passphrase, read_only=True, defer_page_check=True).close()


def replace_passphrase(session: Session, current: str, new_passphrase: str) -> None:
    """The GUI's change: the current passphrase is checked first (a wrong one changes nothing),
    then the re-key of `change_passphrase`, the same as the command line's."""
    check_current(session, current)
    if new_passphrase == current:
        raise SamePassphrase()
    change_passphrase(session, new_passphrase)
