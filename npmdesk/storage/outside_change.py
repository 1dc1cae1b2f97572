"""The case file changed by another program under an open session, and sync conflict copies.

Sync clients (Syncthing, Nextcloud, OneDrive, Dropbox) deliver a remote change by writing a
new copy and renaming it over the file. An open session would go on writing into the old,
unlinked file and lose everything. `Watch` remembers which file the path named when the
session opened (device and inode) and its size and modification time after this session's
last write; `CaseFile` asks it before each write transaction.

The identity is compared by `os.stat` of the path at open and now, not through a descriptor
of our own: closing a second descriptor of the case file would drop SQLite's POSIX locks on
it. In WAL mode only checkpoints write the main file, and `CaseFile` records the size and
time after each commit and checkpoint, so any other change is another program's.
"""

import logging
import os
import re
import shutil
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from npmdesk.errors import CaseFileChangedOutside, CaseFileReplaced, SessionCopyFailed
from npmdesk.i18n import _
from npmdesk.storage.durable import copy_problems, publish

log = logging.getLogger(__name__)

REPLACED = "replaced"
CHANGED = "changed"

# Syncthing: NAME.sync-conflict-20261201-101010-ABCDEFG.npmcase; Nextcloud and Dropbox:
# NAME (conflicted copy 2026-12-01 101010).npmcase, NAME (Ana's conflicted copy …);
# OneDrive, Resilio and others: NAME-conflict-…, NAME.Conflict….
CONFLICT_MARKS = re.compile(r"sync-conflict|conflicted copy|[-. ]conflict[-. ]|\.conflict\b",
                            re.IGNORECASE)


@dataclass
class Watch:
    path: Path
    device: int
    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> "Watch":
        st = os.stat(path)
        return cls(path, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)

    def change(self) -> str | None:
        """REPLACED when the path names another file (or none), CHANGED when the file was
        written by someone else since `settle()`, None when it is as this session left it."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return REPLACED
        if (st.st_dev, st.st_ino) != (self.device, self.inode):
            return REPLACED
        if (st.st_size, st.st_mtime_ns) != (self.size, self.mtime_ns):
            return CHANGED
        return None

    def settle(self) -> None:
        """Record the file as this session's own write left it."""
        st = os.stat(self.path)
        if (st.st_dev, st.st_ino) == (self.device, self.inode):
            self.size, self.mtime_ns = st.st_size, st.st_mtime_ns


def refusal(change: str, name: str, kept: Path | None = None):
    """The error a write meets once `change` was noticed (`kept`: see `keep_outside_version`)."""
    if change == REPLACED:
        return CaseFileReplaced("case file replaced by another program", name=name)
    return CaseFileChangedOutside("case file changed by another program", name=name,
                                  kept=kept.name if kept else "?")


def keep_outside_version(case_path: Path) -> Path | None:
    """Copy, byte for byte, what another program wrote into the open file, beside it.

    Closing the session lets SQLite fold this session's last commits (still in the WAL) into
    the file, over the other program's pages; this copy keeps that version whole.
    """
    stamp = datetime.now().strftime("%Y-%m-%d %H.%M")
    # TRANSLATORS: a file name; the date and time are like 2026-12-01 18.05.
    base = _("{name} (versión de otro programa {date})").format(name=case_path.stem, date=stamp)
    target = _free_name(case_path, base)
    temp = target.with_name(f".tmp-{uuid.uuid4().hex}{target.suffix}")
    try:
        shutil.copyfile(case_path, temp)
        publish(temp, target)
    except OSError as exc:
        log.warning("could not keep the other program's version: %s", type(exc).__name__)
        return None
    finally:
        temp.unlink(missing_ok=True)
    return target


def _free_name(case_path: Path, base: str) -> Path:
    target = case_path.with_name(base + case_path.suffix)
    number = 2
    while target.exists():
        target = case_path.with_name(f"{base} {number}{case_path.suffix}")
        number += 1
    return target


def conflict_copies(case_path: Path) -> list[Path]:
    """Sync clients' conflict copies of the case file in its folder, newest first."""
    case_path = Path(case_path)
    stem = case_path.stem
    try:
        entries = list(case_path.parent.iterdir())
    except OSError:
        return []
    found = [p for p in entries
             if p != case_path and p.is_file() and p.name.startswith(stem)
             and CONFLICT_MARKS.search(p.name[len(stem):])
             and not p.name.endswith(("-wal", "-shm", "-journal", "-lock"))]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def session_copy_path(case_path: Path, when: datetime | None = None) -> Path:
    """Where a copy of this session's state is saved: beside the file, never over anything."""
    stamp = (when or datetime.now()).strftime("%Y-%m-%d %H.%M")
    # TRANSLATORS: a file name; the date and time are like 2026-12-01 18.05.
    base = _("{name} (copia de esta sesión {date})").format(name=case_path.stem, date=stamp)
    return _free_name(case_path, base)


def write_copy(case, target: Path) -> Path:
    """A checked, encrypted copy of what `case`'s connection reads, made atomically at `target`.

    After a rename over the file the connection still reads the old file, which holds every
    commit of this session: the copy is that state, under the same key. A copy that fails
    its integrity check (a file overwritten in place mixes two versions) is refused.
    """
    temp = target.with_name(f".tmp-{uuid.uuid4().hex}{target.suffix}")
    try:
        with case.lock:
            query_only = case.conn.execute("PRAGMA query_only").fetchone()[0]
            case.conn.execute("PRAGMA query_only = OFF")  # VACUUM INTO writes only the copy
            try:
                case.conn.execute("VACUUM INTO ?", (str(temp),))
            finally:
                case.conn.execute(f"PRAGMA query_only = {int(query_only)}")
        copy = case.keyed_connection(temp)
        try:
            problems = copy_problems(copy)
        finally:
            copy.close()
        if problems:
            raise SessionCopyFailed("session copy failed its integrity check")
        publish(temp, target)
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(temp) + suffix).unlink(missing_ok=True)
    log.info("session copy written beside the case file")
    return target
