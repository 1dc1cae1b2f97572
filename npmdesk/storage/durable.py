"""Making a rename durable, and sweeping what a killed atomic write left.

Every atomic write ends with the one fsync of a folder below; every temp file one leaves
behind when killed (backups, restores, new case files, exports) is swept by `sweep`.
"""

import os
import time
from pathlib import Path

SIDECARS = ("-wal", "-shm", "-journal", "-lock")
"""What SQLite (and the writer lock) keep beside a database: swept with it."""
LEFTOVER_AGE_S = 3600
"""A temp file untouched this long is a killed writer's, never one being written: VACUUM INTO
and an import write continuously, and the checks after them take seconds even for the
ten-year file."""


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX; Windows has no directory handle to sync)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _base(path: Path) -> Path:
    for suffix in SIDECARS:
        if path.name.endswith(suffix):
            return path.with_name(path.name[:-len(suffix)])
    return path


def sweep(folder, patterns, older_than_s: float) -> int:
    """Delete the temp files matching `patterns` in `folder`, with their sidecars, once none of
    them changed for `older_than_s` seconds (0: at once); returns how many were removed.

    The newest of a file and its sidecars counts: a long SQLite write grows the -wal while the
    file itself keeps its first mtime, and must not be mistaken for a killed one."""
    folder = Path(folder)
    groups: dict[Path, list[Path]] = {}
    for pattern in patterns:
        for path in folder.glob(pattern):
            groups.setdefault(_base(path), []).append(path)
    cutoff = time.time() - older_than_s
    removed = 0
    for members in groups.values():
        try:
            newest = max(p.stat().st_mtime for p in set(members))
        except OSError:
            continue
        if older_than_s and newest >= cutoff:
            continue
        for path in set(members):
            try:
                path.unlink()
                removed += 1
            except OSError:
                continue
    return removed


def copy_problems(conn) -> list[str]:
    """What a freshly written copy fails: every page's HMAC and SQLite's own integrity check.
    Its WAL is folded in, so the file alone holds it."""
    problems = [row[0] for row in conn.execute("PRAGMA cipher_integrity_check")]
    problems += [row[0] for row in conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return problems


def publish(temp: Path, target: Path) -> None:
    """Give the whole file at `temp` the name `target`: fsync it, rename it, fsync the folder."""
    with open(temp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(temp, target)
    fsync_dir(target.parent)
