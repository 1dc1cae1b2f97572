"""Encrypted backups: consistent copies made by SQLite, checked, then rotated.

A backup is a copy made with VACUUM INTO (never a raw file copy), under the same
key and salt as the case file, so it opens with the passphrase the case file had
when the copy was taken. It is checked before it takes its final name.
"""

import os
import re
import uuid
from datetime import datetime
from pathlib import Path

from npmdesk.errors import BackupFailed, DamagedCaseFile, NoBackup, naming_storage_faults
from npmdesk.storage import audit_log, casefile, durable, schema
from npmdesk.storage.casefile import RESTORE_PREFIX, SIDECARS, CaseFile
from npmdesk.storage.durable import copy_problems, fsync_dir, publish, sweep

DEFAULT_KEEP = 10
# The bitácora head when the last backup was taken: every change appends to the bitácora,
# so an unchanged head means the newest backup already holds what the file holds.
BACKUP_HEAD_KEY = "backup_head"
_STAMP = re.compile(r"-(\d{8}-\d{6}-\d{6})\.npmcase$")
TEMP_PREFIX = ".tmp-"
LEFTOVER_AGE_S = durable.LEFTOVER_AGE_S


def backup_dir(case_path: Path) -> Path:
    return case_path.parent / f"{case_path.name}.copias"


def _vacuum_into(case: CaseFile, target: Path) -> str:
    """A checked, encrypted copy of `case` at `target`, written atomically; returns the
    bitácora head the copy holds (read under the same lock as the copy is taken)."""
    temp = target.parent / f"{TEMP_PREFIX}{uuid.uuid4().hex}.npmcase"
    try:
        # Made empty first (VACUUM INTO accepts an empty file) so that an unwritable folder is
        # reported by the OS's own error, which SQLite would turn into a vague "cannot open".
        temp.open("xb").close()
        with case.lock:
            head = audit_log.head(case.conn)[1]
            case.conn.execute("VACUUM INTO ?", (str(temp),))
        copy = case.keyed_connection(temp)
        try:
            problems = copy_problems(copy)
        finally:
            copy.close()
        if problems:
            raise BackupFailed("copy failed its integrity check", reason="la copia no superó la comprobación de integridad")
        publish(temp, target)
        return head
    finally:
        for suffix in ("", *SIDECARS):
            Path(str(temp) + suffix).unlink(missing_ok=True)


def backup(case: CaseFile, dest: Path | None = None, keep: int = DEFAULT_KEEP) -> Path:
    """Write a backup into `dest` (a folder, default beside the case file) and keep the last `keep`."""
    folder = Path(dest) if dest is not None else backup_dir(case.path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{case.path.stem}-{stamp}.npmcase"
    try:
        with naming_storage_faults(str(folder)):
            folder.mkdir(parents=True, exist_ok=True)
            sweep_leftovers(folder)
            head = _vacuum_into(case, target)
    except OSError as exc:
        raise BackupFailed(str(exc), reason=exc.strerror or str(exc)) from exc
    # Only now, with the copy checked and under its name, is the file marked as backed up
    # (a file on a read-only drive cannot be marked, and cannot change either).
    if not case.read_only:
        with case.transaction() as conn:
            schema.set_meta(conn, BACKUP_HEAD_KEY, head)
    rotate(folder, case.path.stem, keep)
    return target


def sweep_leftovers(folder: Path, older_than_s: float = LEFTOVER_AGE_S) -> int:
    """Delete the temp copies (and their sidecars) that killed backups left in `folder`."""
    return sweep(folder, [f"{TEMP_PREFIX}*.npmcase*"], older_than_s)


def backups(folder: Path, stem: str) -> list[Path]:
    """Backups of the case file `stem` in `folder`, newest first."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"{stem}-*.npmcase") if _STAMP.search(p.name)]
    return sorted(found, key=lambda p: _STAMP.search(p.name).group(1), reverse=True)


def newest_backup(case_path: Path) -> Path:
    found = backups(backup_dir(case_path), case_path.stem)
    if not found:
        raise NoBackup()
    return found[0]


def unchanged_since_backup(case: CaseFile) -> bool:
    """Whether the newest backup beside the case file already holds everything it holds."""
    if not backups(backup_dir(case.path), case.path.stem):
        return False
    with case.lock:
        head = audit_log.head(case.conn)[1]
    return case.meta(BACKUP_HEAD_KEY) == head


def rotate(folder: Path, stem: str, keep: int) -> None:
    for old in backups(folder, stem)[max(keep, 1):]:
        old.unlink(missing_ok=True)


def restore(backup_path: Path, case_path: Path, passphrase: str) -> Path | None:
    """Replace `case_path` with the backup; the file it replaces is kept aside, never deleted.

    Returns where the replaced file was kept (None when there was none).
    """
    source = CaseFile.open(backup_path, passphrase)
    try:
        problems = source.integrity_problems()
        if problems:
            raise DamagedCaseFile("backup failed integrity check")
        staged = case_path.parent / f"{RESTORE_PREFIX}{uuid.uuid4().hex}.npmcase"
        with naming_storage_faults(str(case_path.parent)):
            case_path.parent.mkdir(parents=True, exist_ok=True)
            casefile.sweep_leftovers(case_path.parent)  # and restores killed before
            _vacuum_into(source, staged)
    finally:
        source.close()
    kept = None
    if case_path.exists():
        kept = case_path.parent / f"{case_path.name}.antes-de-restaurar-{datetime.now():%Y%m%d-%H%M%S}"
        os.replace(case_path, kept)
        for suffix in SIDECARS:
            side = Path(str(case_path) + suffix)
            if side.exists():
                os.replace(side, Path(str(kept) + suffix))
    os.replace(staged, case_path)
    fsync_dir(case_path.parent)
    return kept
