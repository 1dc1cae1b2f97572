"""What the person can do when another program changed the case file under the session,
and the sync clients' conflict copies beside it."""

from pathlib import Path

from npmdesk.services.session import Session
from npmdesk.storage import outside_change


def save_session_copy(session: Session) -> Path:
    """Save what this session reads (every commit it made) as a new case file beside the
    original, under the same passphrase, without touching the original. Returns its path."""
    target = outside_change.session_copy_path(session.path)
    return outside_change.write_copy(session.case, target)


def conflict_copies(session_or_path) -> list[Path]:
    """Sync clients' conflict copies of the case file (Syncthing, Nextcloud, OneDrive…), newest first."""
    path = session_or_path.path if isinstance(session_or_path, Session) else Path(session_or_path)
    return outside_change.conflict_copies(path)
