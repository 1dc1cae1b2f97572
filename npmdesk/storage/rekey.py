"""The re-keyed copy a passphrase change renames over the case file, and the files it leaves.

`CaseFile.change_passphrase` copies the file with VACUUM INTO (same key and salt) to
`NAME.npmcase-rekey`, and `rekey_copy` re-keys that copy, records the change in it, checks
every page under the new key and fsyncs it. Only then is it renamed over the case file, so a
kill at any instant leaves either the old file whole or the new one whole; a partial copy is
removed by the next writer's open (`remove_with_sidecars`).
"""

import os
from pathlib import Path

import sqlcipher3

from npmdesk.errors import DamagedCaseFile
from npmdesk.storage import schema

REKEY_SUFFIX = "-rekey"
SIDECARS = ("-wal", "-shm", "-journal")


def copy_path(case_path: Path) -> Path:
    return Path(str(case_path) + REKEY_SUFFIX)


def remove_with_sidecars(path: Path) -> None:
    for suffix in ("", *SIDECARS):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _connect(path: Path, raw_key: bytearray, read_only: bool = False):
    target = f"file:{path}?mode=ro" if read_only else str(path)
    conn = sqlcipher3.connect(target, uri=read_only, isolation_level=None)
    try:
        conn.set_key(raw_key)
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def rekey_copy(temp: Path, old_raw: bytearray, new_raw: bytearray, kdf_version: int,
               before_swap=None) -> None:
    """Re-key the copy at `temp` from `old_raw` to `new_raw` (the salt stays), record
    `kdf_version` and run `before_swap(conn)` in one transaction, check every page, fsync."""
    copy = _connect(temp, old_raw)
    try:
        copy.execute("PRAGMA synchronous = FULL")
        copy.reset_key(new_raw)
        copy.execute("BEGIN IMMEDIATE")
        schema.set_meta(copy, "kdf_version", str(kdf_version))
        if before_swap is not None:
            before_swap(copy)
        copy.execute("COMMIT")
        # VACUUM INTO writes a rollback-journal file: made WAL here, on the copy, or the first
        # open after the swap would convert it with a -journal beside the case file, which a
        # kill leaves hot and the read-only unlock probe cannot roll back ("read-only drive").
        copy.execute("PRAGMA journal_mode = WAL")
        copy.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        copy.close()
    check = _connect(temp, new_raw, read_only=True)
    try:
        failed = check.execute("PRAGMA cipher_integrity_check").fetchall()
        failed += [r for r in check.execute("PRAGMA integrity_check") if r[0] != "ok"]
    finally:
        check.close()
    if failed:
        raise DamagedCaseFile("re-keyed copy fails its integrity check")
    with open(temp, "rb") as fh:
        os.fsync(fh.fileno())
