"""One writer per case file: an operating-system lock held while a session may write.

The lock is taken on a sidecar, `NAME.npmcase-lock`, never on the case file itself: SQLite
holds POSIX record locks on the case file, and closing any other descriptor of that file in
this process would silently drop them (fcntl semantics); on Windows a locked byte range of
the case file could no longer be read by SQLite. The sidecar is removed on release, so a
failed open or a closed session leaves nothing beside the file: it is unlinked while still
locked, and whoever locks a sidecar checks afterwards that the name still refers to it (else
it locked one just removed, and tries again). On Windows an open file cannot be removed, so
the removal simply fails while another process holds it.

POSIX: `flock`, owned by the open file description, so two sessions in one process exclude
each other as two processes do (on NFS, Linux maps it to a byte-range lock that the server
enforces between machines; elsewhere it is as good as the file system's own locking). Windows: `msvcrt.locking` of the sidecar's first byte
(LockFile underneath), non-blocking. A registry of the sidecars locked by this process backs
both up, whatever the file system does within one process.
"""

import logging
import os
import threading
from contextlib import contextmanager
from pathlib import Path

from npmdesk.errors import CaseFileInUse

log = logging.getLogger(__name__)

LOCK_SUFFIX = "-lock"

_held: set[str] = set()
_held_guard = threading.Lock()

if os.name == "nt":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def lock_path(case_path: Path) -> Path:
    return Path(str(case_path) + LOCK_SUFFIX)


def _key(path: Path) -> str:
    return os.path.normcase(os.path.realpath(path))


def _open_sidecar(path: Path) -> int | None:
    """The sidecar opened for locking; read-only when it belongs to another account."""
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except PermissionError:
        pass
    except OSError as exc:
        log.info("no lock beside the case file: %s", type(exc).__name__)
        return None
    try:
        return os.open(path, os.O_RDONLY)
    except OSError as exc:
        log.info("no lock beside the case file: %s", type(exc).__name__)
        return None


def _names(path: Path, fd: int) -> bool:
    """Whether `path` still refers to the file open as `fd`."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (st.st_dev, st.st_ino) == (held.st_dev, held.st_ino)


class WriterLock:
    """The case file's writer lock, held by this process until `release()`."""

    def __init__(self, key: str, path: Path, fd: int | None):
        self._key = key
        self._path = path
        self._fd = fd

    @classmethod
    def acquire(cls, case_path: Path) -> "WriterLock":
        """Take the lock or raise CaseFileInUse naming the file.

        Where no sidecar can be created (a read-only folder or drive) the lock is held within
        this process only: nobody can write there anyway, and the write itself reports why.
        """
        path = lock_path(case_path)
        key = _key(path)
        with _held_guard:
            if key in _held:
                raise CaseFileInUse("held by this process", name=case_path.name)
            while True:
                fd = _open_sidecar(path)
                if fd is None:
                    break
                if not _try_lock(fd):
                    os.close(fd)
                    raise CaseFileInUse("held by another process", name=case_path.name)
                if _names(path, fd):
                    break
                os.close(fd)  # its holder removed it before we locked it
            _held.add(key)
        return cls(key, path, fd)

    def release(self) -> None:
        with _held_guard:
            if self._key not in _held:
                return
            if self._fd is not None:
                try:
                    if os.name != "nt":
                        self._path.unlink(missing_ok=True)
                    _unlock(self._fd)
                finally:
                    os.close(self._fd)
                    self._fd = None
                if os.name == "nt":
                    try:
                        self._path.unlink(missing_ok=True)
                    except OSError:  # another process has it open (and may hold it now)
                        pass
            _held.discard(self._key)


@contextmanager
def held(case_path: Path):
    """The writer lock for work that replaces the file without a session (restoring a backup)."""
    writer = WriterLock.acquire(Path(case_path))
    try:
        yield
    finally:
        writer.release()
