"""The plain backups beside a case file as the unlock screen and the settings see them: how many are
kept, the newest one, and putting it back (kept light: it is on the unlock path)."""

from pathlib import Path

from npmdesk.storage import backup, file_lock

DEFAULT_KEEP = backup.DEFAULT_KEEP


def newest_backup(case_path: Path) -> Path:
    """The newest backup of the case file at `case_path`; NoBackup when there is none."""
    return backup.newest_backup(case_path)


def restore_newest(case_path: Path, passphrase: str) -> Path:
    """Put the newest backup in place of `case_path`; returns where the replaced file was kept.
    Holds the file's writer lock meanwhile: another window may have opened the file."""
    with file_lock.held(case_path):
        return backup.restore(backup.newest_backup(case_path), case_path, passphrase)
