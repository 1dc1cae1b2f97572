"""Backups the institution can open too: each backup, and a daily escrow, sealed to its recovery key.

When the case file has an institutional recovery public key (services/safekeeping/recovery.py), every
backup taken through `take_backup` is followed by an escrow package beside it, in the same
backups folder and with the same name but the `.npmpaq` extension
(`expediente-20261129-061500-123456.npmcase` and `expediente-20261129-061500-123456.npmpaq`).
An escrow whose backup has been rotated away is deleted with it.

`daily_escrow` writes at most one escrow a day into a folder the institution collects
(the exchange folder's `custodia-institucional` subfolder, chosen by the GUI), named by the
case file's id and the date only, so the shared folder shows no case file names.

The escrow is signed by the person working in the case file; without signing keys it cannot
be written, and the backup is still kept (the result says why there is no escrow).
"""

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from npmdesk.errors import NpmdeskError
from npmdesk.services.safekeeping import recovery
from npmdesk.services.session import Session
from npmdesk.storage import backup

ESCROW_SUFFIX = ".npmpaq"
ESCROW_FOLDER = "custodia-institucional"
DAILY_KEEP = 7
_DAILY = re.compile(r"^custodia-([0-9a-f]{8})-(\d{8})\.npmpaq$")
_STAMPED = re.compile(r"-\d{8}-\d{6}-\d{6}\.npmpaq$")  # the backup's own stamp (storage/backup.py)


@dataclass
class BackupResult:
    path: Path                    # the encrypted backup (opens with the passphrase)
    escrow: Path | None = None    # the same copy sealed to the recovery key, if one is set
    problem: str = ""             # why there is no escrow although a recovery key is set
    daily: Path | None = None     # the day's escrow (routine_backup only)
    skipped: bool = False         # nothing changed since the newest backup, which is `path`


def has_recovery_key(session: Session) -> bool:
    return bool(session.case.meta(recovery.META_KEY))


def escrow_for(backup_path: Path) -> Path:
    return backup_path.with_suffix(ESCROW_SUFFIX)


def take_backup(session: Session, keep: int = backup.DEFAULT_KEEP, dest=None) -> BackupResult:
    """A rotated encrypted backup and, when a recovery key is set, its escrow beside it."""
    path = backup.backup(session.case, Path(dest) if dest is not None else None, keep=keep)
    result = BackupResult(path)
    if has_recovery_key(session):
        try:
            result.escrow = recovery.write_escrow(session, escrow_for(path))
        except NpmdeskError as exc:
            result.problem = exc.message()
        except OSError as exc:
            result.problem = exc.strerror or type(exc).__name__
    rotate_escrows(path.parent, session.path.stem)
    return result


def rotate_escrows(folder: Path, stem: str) -> None:
    """Delete the escrows whose backup is no longer kept."""
    kept = {p.stem for p in backup.backups(folder, stem)}
    for escrow in folder.glob(f"{stem}-*{ESCROW_SUFFIX}"):
        if escrow.stem not in kept and _STAMPED.search(escrow.name):
            escrow.unlink(missing_ok=True)


def daily_escrow(session: Session, folder, today: date | None = None, keep: int = DAILY_KEEP) -> Path | None:
    """Today's escrow in `folder` (written unless it is already there); None without a recovery key."""
    if not has_recovery_key(session):
        return None
    folder = Path(folder)
    case_tag = session.case.meta("case_id").replace("-", "")[:8]
    day = (today or date.today()).strftime("%Y%m%d")
    target = folder / f"custodia-{case_tag}-{day}{ESCROW_SUFFIX}"
    if target.exists():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    recovery.write_escrow(session, target)
    mine = sorted((p for p in folder.glob(f"custodia-{case_tag}-*{ESCROW_SUFFIX}") if _DAILY.match(p.name)),
                  key=lambda p: p.name, reverse=True)
    for old in mine[max(keep, 1):]:
        old.unlink(missing_ok=True)
    return target


def escrow_folder(session: Session, exchange_folder=None) -> Path:
    """Where the daily escrow goes: the exchange folder's subfolder, else the backups folder."""
    if exchange_folder:
        return Path(exchange_folder) / ESCROW_FOLDER
    return backup.backup_dir(session.path)


def routine_backup(session: Session, keep: int = backup.DEFAULT_KEEP, exchange_folder=None,
                   skip_unchanged: bool = False) -> BackupResult:
    """The backup on close or on demand: the backup, its escrow, and the day's escrow if not yet there.

    The day's escrow may fail (an exchange folder on a share that is offline) without
    failing the backup; the result's `problem` then says why. With `skip_unchanged` (on
    close), a file unchanged since its newest backup is not copied again: a large case file
    opened only to read would otherwise fill the disk with identical copies.
    """
    if skip_unchanged and backup.unchanged_since_backup(session.case):
        return BackupResult(backup.newest_backup(session.path), skipped=True)
    result = take_backup(session, keep)
    if result.escrow is None:
        return result
    try:
        result.daily = daily_escrow(session, escrow_folder(session, exchange_folder))
    except NpmdeskError as exc:
        result.problem = exc.message()
    except OSError as exc:
        result.problem = exc.strerror or type(exc).__name__
    return result
