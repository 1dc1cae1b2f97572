"""Opening, creating, re-keying and closing the encrypted case file.

Every open follows one order: key; SQLCipher logging silenced; temp_store=MEMORY;
WAL with synchronous=FULL; foreign_keys=ON; a probe query; schema check and
migrations. The raw key lives in a bytearray that `close()` wipes; the passphrase it came
from, a Python str (typed, read from a file or the environment), cannot be wiped and stays in
memory until the process ends. SQLCipher's cipher_memory_security stays off: measured 1.3-1.7x
slower reads and commits for a protection of SQLCipher's own buffers only (bench/README.md).

A new case file is built whole beside its target under a hidden name (`new_path`), filled,
checkpointed, fsynced and only then renamed into place, so a kill at any instant leaves the
target absent or complete; what a killed creation or restore left is swept (`sweep_leftovers`).

A session that may write holds the file's writer lock (`file_lock`) from open to close and,
before each write transaction, checks that no other program replaced or rewrote the file
(`outside_change`); once one did, or in a read-only session, the connection is query-only
and a write raises the sentence that names why.
"""

import errno
import logging
import os
import threading
from contextlib import contextmanager
from pathlib import Path

import sqlcipher3

from npmdesk.crypto import kdf, strength
from npmdesk.errors import (CaseFileExists, CaseFileHasReaders, CaseFileMissing, DamagedCaseFile,
                            NotACaseFile, ReadOnlyCaseFile, ReadOnlySession, WrongPassphrase,
                            naming_storage_faults, storage_fault)
from npmdesk.storage import outside_change, rekey, schema
from npmdesk.storage.durable import LEFTOVER_AGE_S, fsync_dir, sweep
from npmdesk.storage.file_lock import WriterLock

log = logging.getLogger(__name__)

PAGE_SIZE = 4096
SQLITE_MAGIC = b"SQLite format 3\x00"
SIDECARS = rekey.SIDECARS
NEW_PREFIX = ".~npmdesk-nuevo-"
RESTORE_PREFIX = ".restore-"
"""The staged copy a restore renames over the case file (storage/backup.py)."""
CACHE_KIB = 64 * 1024
PAGE_CHECK_AT_UNLOCK_MAX_BYTES = 128 * 1024 * 1024
"""Above this size an unlock that may defer it (`open(defer_page_check=True)`, the GUI) leaves
the check of every page's HMAC for later (`CaseFile.failed_pages`, run in the background).
Measured 2.5-4.5 ms per MB (2.6 on a quiet 2-core VM, 4.5 under load; bench/README.md): at
128 MiB that is 0.35-0.6 s on top of the 0.35-1 s key derivation, which keeps the unlock within
its 1 s target on a quiet machine; the ten-year file (1.2 GB) would add 3-5.5 s."""


def check_passphrase(passphrase: str, names=()) -> None:
    """Refuse a passphrase that is short or guessable by someone who knows `names` (the one rule
    for case files, personal keys and passphrase changes)."""
    refused = strength.refusal(passphrase, names)
    if refused:
        raise refused


def _configure(conn) -> None:
    """Everything after the key, in the promised order, ending with the probe."""
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    if conn.execute("PRAGMA temp_store").fetchone()[0] != 2:
        raise RuntimeError("temp_store is not MEMORY")


def _keyed_connection(target: str, raw_key: bytearray, uri: bool = False):
    conn = sqlcipher3.connect(target, uri=uri, isolation_level=None, check_same_thread=False)
    try:
        conn.set_key(raw_key)
        _configure(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _read_only_uri(path: Path, immutable: bool = False) -> str:
    """A read-only connection's URI; `immutable` for a file on a read-only drive, where SQLite
    cannot make the WAL index a read-only connection needs (the file cannot change there)."""
    return f"file:{path}?mode=ro" + ("&immutable=1" if immutable else "")


def _on_read_only_drive(path: Path) -> bool:
    """Whether `path` cannot be written: a read-only drive, file or folder (writing it or
    beside it, where SQLite keeps the WAL, is refused)."""
    try:
        os.close(os.open(path, os.O_RDWR))
    except OSError as exc:
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return True
        raise
    return not os.access(path.parent, os.W_OK)


def _failed_pages(path: Path, raw_key: bytearray, immutable: bool = False) -> int:
    """How many pages fail their HMAC under `raw_key`, read without writing anything."""
    conn = sqlcipher3.connect(_read_only_uri(path, immutable), uri=True, isolation_level=None)
    try:
        conn.set_key(raw_key)
        conn.execute("PRAGMA cipher_log_level = NONE")
        return len(conn.execute("PRAGMA cipher_integrity_check").fetchall())
    except sqlcipher3.DatabaseError:
        return path.stat().st_size // PAGE_SIZE
    finally:
        conn.close()


def _probe(path: Path, raw_key: bytearray, every_page: bool = True, immutable: bool = False) -> list[str]:
    """Try `raw_key` on a read-only connection; the pages failing their HMAC (empty when sound).

    Read-only, so a wrong key or a damaged file can never lead SQLite to checkpoint or
    delete a WAL left by a crash when the connection closes: a failed unlock changes no
    byte. Checking every page's HMAC here costs about 2.5 ms per MB (measured: 0.13 s for
    a 51 MB file, against 0.36 s for the key derivation); it is the only way to learn at
    unlock of a damaged page that has not been read yet. Raises DatabaseError for a key
    that does not open page 1. With `every_page` False only the schema pages are read (the
    key is tried on page 1), and the result is always empty.

    SQLCipher runs the check in one C call: neither `interrupt()` nor a progress handler
    stops it (tried), so a check in the background can be dropped but not cut short.
    """
    conn = sqlcipher3.connect(_read_only_uri(path, immutable), uri=True, isolation_level=None,
                              check_same_thread=False)
    try:
        conn.set_key(raw_key)
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if not every_page:
            return []
        return [row[0] for row in conn.execute("PRAGMA cipher_integrity_check")]
    finally:
        conn.close()


def new_path(path: Path) -> Path:
    """Where the case file `path` is built until it is complete (one per target, so the writer
    lock of the target covers it)."""
    return path.with_name(NEW_PREFIX + path.name)


def sweep_leftovers(folder: Path, older_than_s: float = LEFTOVER_AGE_S) -> int:
    """Delete what killed creations and restores left in `folder`, once untouched that long
    (a creation of another target may be under way there)."""
    return sweep(folder, [f"{NEW_PREFIX}*", f"{RESTORE_PREFIX}*.npmcase*"], older_than_s)


class CaseFile:
    """An open, unlocked case file. Use `create` or `open`; always `close`."""

    def __init__(self, path: Path, conn, raw_key: bytearray, kdf_version: int,
                 writer: WriterLock | None = None, read_only: bool = False):
        self.path = path
        self.conn = conn
        self._raw_key = raw_key
        self.kdf_version = kdf_version
        self.lock = threading.RLock()
        self._depth = 0
        self._writer = writer
        self._watch = None if read_only else outside_change.Watch.of(path)
        self._refusal = None
        """Set once writes must stop: a function returning the error they raise."""
        if read_only:
            self._refuse(lambda: ReadOnlySession("opened read-only"))
        self.page_check_due = False
        """True when `open` left the check of every page's HMAC for later: the caller should
        run `failed_pages()` (or `integrity_problems()`) soon."""

    # -- creating and opening -------------------------------------------------

    @classmethod
    def create(cls, path, passphrase: str, names=(), *, kdf_params: kdf.KdfParams | None = None,
               fill=None) -> "CaseFile":
        """A new case file keyed by the current KDF version, or by explicit `kdf_params` (only
        the test suite's fixtures pass them; the file's salt records them, see crypto/kdf.py).
        `names` (e.g. its owner's) make a passphrase built on them weak.

        `fill(case)` writes the first content (the owner, an import) while the file still has
        its hidden name; the file appears at `path` only once that is committed and on disk.
        On any error nothing is left at `path` nor beside it."""
        path = Path(path)
        check_passphrase(passphrase, names)
        if path.exists():
            raise CaseFileExists(name=path.name)
        with naming_storage_faults(str(path.parent)):
            writer = WriterLock.acquire(path)
        try:
            temp = new_path(path)
            rekey.remove_with_sidecars(temp)  # a killed creation of this same target
            sweep_leftovers(path.parent)
            return cls._create(path, temp, passphrase, writer, kdf_params, fill)
        except BaseException:
            writer.release()
            raise

    @classmethod
    def _create(cls, path: Path, temp: Path, passphrase: str, writer: WriterLock,
                kdf_params: kdf.KdfParams | None, fill) -> "CaseFile":
        salt = kdf.new_salt(kdf_params)
        params = kdf.params_for(salt)
        secret = kdf.normalize(passphrase)
        key = kdf.derive_key(secret, salt, params)
        kdf.wipe(secret)
        raw = kdf.sqlcipher_raw_key(key, salt)
        kdf.wipe(key)
        try:
            with naming_storage_faults(str(path.parent)):
                conn = _keyed_connection(str(temp), raw)
        except BaseException:
            kdf.wipe(raw)
            rekey.remove_with_sidecars(temp)
            raise
        case = cls(temp, conn, raw, params.version, writer)
        try:
            with case.transaction():
                schema.create(conn, params.version)
            if fill is not None:
                fill(case)
            case._place(path, salt)
        except BaseException:
            case._writer = None  # released by `create`, once the partial file is gone
            if case.conn is None:  # closed by `_place` before it failed
                kdf.wipe(raw)
            else:
                case.close()
            rekey.remove_with_sidecars(temp)
            raise
        return case

    def _place(self, path: Path, salt: bytes) -> None:
        """Move the complete new file from its hidden name to `path` and reopen it there: the
        connection is closed first (SQLite folds the WAL into the file and removes it), the
        file fsynced, then renamed; the writer lock of `path` is held throughout."""
        temp = self.path
        with naming_storage_faults(str(path.parent)), self.lock:
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.conn.close()
            self.conn = None
            with open(temp, "rb+") as fh:
                if fh.read(16) != salt:
                    raise RuntimeError("case file header is not the key salt")
                os.fsync(fh.fileno())
            if path.exists():  # written meanwhile by a program that takes no lock
                raise CaseFileExists(name=path.name)
            os.replace(temp, path)
            fsync_dir(path.parent)
            rekey.remove_with_sidecars(temp)
            self.path = path
            self.conn = _keyed_connection(str(path), self._raw_key)
            self._watch = outside_change.Watch.of(path)

    @classmethod
    def open(cls, path, passphrase: str, *, before_migration=None,
             defer_page_check: bool = False, read_only: bool = False) -> "CaseFile":
        """Unlock `path`. `before_migration(case)` runs (e.g. a backup) before any migration.

        Unless `read_only`, the writer lock is taken first (CaseFileInUse when another session
        holds it) and what a killed passphrase change left beside the file is removed. A
        read-only case reads what the writer has committed and refuses every write with
        ReadOnlySession.

        Every page's HMAC is checked before the file is used, so damage anywhere raises
        DamagedCaseFile here, unless `defer_page_check` is set and the file is larger than
        PAGE_CHECK_AT_UNLOCK_MAX_BYTES: then only the key (page 1) and the schema are
        checked and the returned case has `page_check_due` set. A damaged page is still
        refused whenever it is read (SQLCipher checks each page's HMAC on every read).
        """
        path = Path(path)
        if not path.exists():
            raise CaseFileMissing(name=path.name)
        if not path.is_file():
            raise NotACaseFile(name=path.name)
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(16)
        if head == SQLITE_MAGIC:
            raise NotACaseFile(name=path.name)
        if size < PAGE_SIZE or size % PAGE_SIZE:
            raise DamagedCaseFile("size is not a whole number of pages")
        on_read_only_drive = _on_read_only_drive(path)
        if read_only or on_read_only_drive:  # where nothing can be written, no lock can be taken
            return cls._open(path, head, passphrase, size, before_migration, defer_page_check, None,
                             on_read_only_drive)
        writer = WriterLock.acquire(path)
        try:
            rekey.remove_with_sidecars(rekey.copy_path(path))
            rekey.remove_with_sidecars(new_path(path))  # a killed creation of this file's name
            sweep_leftovers(path.parent)
            return cls._open(path, head, passphrase, size, before_migration, defer_page_check,
                             writer)
        except BaseException:
            writer.release()
            raise

    @classmethod
    def _open(cls, path: Path, head: bytes, passphrase: str, size: int, before_migration,
              defer_page_check: bool, writer: WriterLock | None,
              on_read_only_drive: bool = False) -> "CaseFile":
        existing = {s for s in SIDECARS if Path(str(path) + s).exists()}
        wal = Path(str(path) + "-wal")
        if on_read_only_drive and wal.exists() and wal.stat().st_size:
            # Commits still in the WAL cannot be read where the WAL index cannot be written.
            raise ReadOnlyCaseFile("unapplied WAL on a read-only drive")
        secret = kdf.normalize(passphrase)
        every_page = not (defer_page_check and size > PAGE_CHECK_AT_UNLOCK_MAX_BYTES)
        try:
            conn, raw, version = cls._unlock(path, head, secret, size, every_page, on_read_only_drive)
        except BaseException:
            cls._remove_new_sidecars(path, existing)
            raise
        finally:
            kdf.wipe(secret)
        case = cls(path, conn, raw, version, writer, read_only=writer is None)
        if on_read_only_drive:
            case._refuse(lambda: ReadOnlyCaseFile("read-only drive"))
        case.page_check_due = not every_page
        try:
            schema.prepare(case, before_migration)
        except BaseException:
            case.close()
            raise
        return case

    @staticmethod
    def _unlock(path: Path, salt: bytes, secret: bytearray, size: int, every_page: bool = True,
                read_only: bool = False):
        damaged = False
        for params in kdf.candidates(salt):
            version = params.version
            key = kdf.derive_key(secret, salt, params)
            raw = kdf.sqlcipher_raw_key(key)
            kdf.wipe(key)
            try:
                failed = _probe(path, raw, every_page, read_only)
            except sqlcipher3.DatabaseError as exc:
                log.info("unlock attempt with kdf v%d failed: %s", version, type(exc).__name__)
                fault = storage_fault(exc, folder=path.parent)
                if fault is not None:  # e.g. no room for the WAL index: not damage
                    kdf.wipe(raw)
                    raise fault from exc
                if _failed_pages(path, raw, read_only) < size // PAGE_SIZE:
                    damaged = True
                kdf.wipe(raw)
                continue
            if failed:
                kdf.wipe(raw)
                raise DamagedCaseFile(f"{len(failed)} page(s) fail their HMAC")
            try:
                target = _read_only_uri(path, immutable=True) if read_only else str(path)
                return _keyed_connection(target, raw, uri=read_only), raw, version
            except BaseException:
                kdf.wipe(raw)
                raise
        if damaged:
            raise DamagedCaseFile("some pages fail their HMAC, not all")
        raise WrongPassphrase()

    @staticmethod
    def _remove_new_sidecars(path: Path, existing: set[str]) -> None:
        """Undo what a failed unlock created: an empty journal or WAL, or a WAL index.

        The -shm index holds no content (page numbers and checksums only) and is rebuilt
        from the WAL whenever it is missing.
        """
        for suffix in SIDECARS:
            side = Path(str(path) + suffix)
            if suffix in existing or not side.exists():
                continue
            if suffix == "-shm" or side.stat().st_size == 0:
                side.unlink()

    # -- working --------------------------------------------------------------

    @contextmanager
    def transaction(self):
        """One atomic unit of work; nested uses join the outer transaction. A full disk or a
        read-only drive raises the NpmdeskError naming it, after the rollback."""
        with naming_storage_faults(), self.lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self.conn
                finally:
                    self._depth -= 1
                return
            self._notice_outside_change()
            self.conn.execute("BEGIN" if self._refusal else "BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self.conn
            except sqlcipher3.OperationalError as exc:
                self._depth = 0
                self.conn.execute("ROLLBACK")
                if self._refusal is not None and "readonly" in str(exc):
                    raise self._refusal() from None
                raise
            except BaseException:
                self._depth = 0
                self.conn.execute("ROLLBACK")
                raise
            self._depth = 0
            self.conn.execute("COMMIT")
            if self._watch is not None:
                self._watch.settle()

    @property
    def read_only(self) -> bool:
        """True when writes are refused: opened read-only, or the file changed under the session."""
        return self._refusal is not None

    def writable_check(self) -> None:
        """Raise the sentence a write would meet now (ReadOnlySession, CaseFileReplaced…), if any."""
        with self.lock:
            self._notice_outside_change()
            if self._refusal is not None:
                raise self._refusal()

    def _refuse(self, error) -> None:
        self._refusal = error
        self.conn.execute("PRAGMA query_only = ON")

    def _notice_outside_change(self) -> None:
        """Stop writing once another program replaced or rewrote the file.

        After a rename over the file our WAL, still named beside the new file, is folded into
        the old file this connection keeps open, so nothing of this session is lost and no
        later opener of the new file can mistake our pages for its own. After a rewrite in
        place the other program's version is copied aside first (see keep_outside_version).
        """
        if self._watch is None or self._refusal is not None:
            return
        change = self._watch.change()
        if change is None:
            return
        log.warning("case file %s under the open session; writes stopped", change)
        kept = None
        if change == outside_change.REPLACED:
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            kept = outside_change.keep_outside_version(self.path)
        name = self.path.name
        self._refuse(lambda: outside_change.refusal(change, name, kept))

    def query(self, sql: str, params=()) -> list:
        with self.lock:
            try:
                return self.conn.execute(sql, params).fetchall()
            except sqlcipher3.DatabaseError as exc:
                if "malformed" in str(exc) or "not a database" in str(exc):
                    raise DamagedCaseFile(type(exc).__name__) from exc
                raise

    def meta(self, key: str) -> str | None:
        rows = self.query("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def integrity_problems(self) -> list[str]:
        """Both SQLCipher's page HMAC check and SQLite's structural check; empty when sound.

        A damaged page that a structural check then reads stops the checks there; the pages
        already found failing are kept (a file opened with a deferred page check can be damaged).
        """
        with self.lock:
            problems: list[str] = []
            try:
                problems += [row[0] for row in self.conn.execute("PRAGMA cipher_integrity_check")]
                problems += [row[0] for row in self.conn.execute("PRAGMA integrity_check")
                             if row[0] != "ok"]
                problems += [str(r) for r in self.conn.execute("PRAGMA foreign_key_check")]
            except sqlcipher3.DatabaseError as exc:
                problems.append(str(exc))
            return problems

    def failed_pages(self) -> list[str] | None:
        """Every page's HMAC checked on a read-only connection of its own: the pages that fail
        (empty when sound), or None when the case was closed before the check began.

        Safe to call from another thread while the case is in use: the case lock is held
        only to copy the key, and again only if damage is found, to confirm it while no
        checkpoint can be writing pages (a page read half-written would look damaged).
        Never writes. Takes 2.5-4.5 ms per MB (see PAGE_CHECK_AT_UNLOCK_MAX_BYTES).
        """
        with self.lock:
            if self.conn is None:
                return None
            key = bytearray(self._raw_key)
        try:
            try:
                failed = _probe(self.path, key)
            except sqlcipher3.DatabaseError as exc:
                failed = [type(exc).__name__]
            if failed:
                with self.lock:
                    if self.conn is None:
                        return None
                    try:
                        failed = _probe(self.path, key)
                    except sqlcipher3.DatabaseError as exc:
                        failed = [type(exc).__name__]
            if not failed:
                self.page_check_due = False
            return failed
        finally:
            kdf.wipe(key)

    def checkpoint(self) -> None:
        with naming_storage_faults(), self.lock:
            self._notice_outside_change()
            if self._refusal is not None:
                return
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._watch.settle()

    def change_passphrase(self, new_passphrase: str, before_swap=None, names=()) -> None:
        """Re-key: a re-keyed copy is written beside the file, checked, fsynced and renamed over it
        (storage/rekey.py). Re-keying the live file instead left, when killed with the re-keyed
        pages in the WAL but not yet in the file, a file neither passphrase opened.
        `before_swap(conn)` runs in a transaction on the copy (the bitácora entry), so it lands
        with the new key or not at all. `names` (the team's) make a passphrase built on them weak.
        """
        check_passphrase(new_passphrase, names)
        if self._depth:
            raise RuntimeError("change_passphrase inside a transaction")
        with open(self.path, "rb") as fh:
            salt = fh.read(kdf.SALT_BYTES)
        secret = kdf.normalize(new_passphrase)
        params = kdf.params_for(salt)
        key = kdf.derive_key(secret, salt, params)
        kdf.wipe(secret)
        raw = kdf.sqlcipher_raw_key(key)
        kdf.wipe(key)
        temp = rekey.copy_path(self.path)
        with naming_storage_faults(), self.lock:
            try:
                self.writable_check()
            except BaseException:
                kdf.wipe(raw)
                raise
            try:
                rekey.remove_with_sidecars(temp)
                self.conn.execute("VACUUM INTO ?", (str(temp),))  # same key and salt
                rekey.rekey_copy(temp, self._raw_key, raw, params.version, before_swap)
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                self._watch.settle()  # our own write, should the swap be called off
                self.conn.close()
                self.conn = None
                # SQLite removes the WAL and its index when the last connection closes: if they
                # are still there, another session reads the file, and renaming a new file under
                # it would pair its WAL with our file.
                if any(Path(str(self.path) + s).exists() for s in ("-wal", "-shm")):
                    raise CaseFileHasReaders("another connection has the case file open")
                try:
                    os.replace(temp, self.path)
                except PermissionError as exc:  # Windows: another program has the file open
                    raise CaseFileHasReaders("the case file is open elsewhere") from exc
            except BaseException:
                rekey.remove_with_sidecars(temp)
                if self.conn is None:
                    self.conn = _keyed_connection(str(self.path), self._raw_key)
                kdf.wipe(raw)
                raise
            self.conn = _keyed_connection(str(self.path), raw)  # the file is the new one from here
            kdf.wipe(self._raw_key)
            self._raw_key = raw
            self.kdf_version = params.version
            self._watch = outside_change.Watch.of(self.path)
        fsync_dir(self.path.parent)

    def keyed_connection(self, target: Path):
        """A connection to the copy at `target`, keyed like this case file (backups)."""
        return _keyed_connection(str(target), self._raw_key)

    def close(self) -> None:
        """Checkpoint (unless writes were stopped), close, wipe the key, release the writer lock."""
        with self.lock:
            if self.conn is None:
                return
            try:
                if self._refusal is None:
                    self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlcipher3.DatabaseError:
                log.warning("checkpoint on close failed")
            self.conn.close()
            self.conn = None
            kdf.wipe(self._raw_key)
            if self._writer is not None:
                self._writer.release()

    @property
    def is_open(self) -> bool:
        return self.conn is not None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
