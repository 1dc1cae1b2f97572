"""Changing the passphrase: old one refused, new one opens, nothing readable under the old key."""

import hashlib
import hmac
import os
import struct
from pathlib import Path

import pytest
import sqlcipher3

from npmdesk.crypto import kdf
from npmdesk.errors import WrongPassphrase
from npmdesk.services.records import edit as records
from npmdesk.services.safekeeping.passphrase import change_passphrase
from npmdesk.services.session import open_case
from npmdesk.storage import audit_log, rekey
from npmdesk.storage.casefile import PAGE_SIZE, CaseFile

from robust_helpers import fill_every_entity

NEW = "Nueva frase secreta de 2027"
RESERVE, IV_BYTES, HMAC_BYTES = 80, 16, 64


def _keys(passphrase: str, salt: bytes) -> bytes:
    """SQLCipher 4's HMAC key for the raw key our KDF derives from `passphrase`."""
    enc = bytes(kdf.derive_key(kdf.normalize(passphrase), salt))
    hmac_salt = bytes(b ^ 0x3A for b in salt)
    return hashlib.pbkdf2_hmac("sha512", enc, hmac_salt, 2, 32)


def _page_verifies(page: bytes, pgno: int, hmac_key: bytes) -> bool:
    start = 16 if pgno == 1 else 0
    body = page[start:PAGE_SIZE - HMAC_BYTES]
    mac = hmac.new(hmac_key, body + struct.pack("<I", pgno), hashlib.sha512).digest()
    return hmac.compare_digest(mac, page[PAGE_SIZE - HMAC_BYTES:])


def _wal_frames(wal: Path):
    data = wal.read_bytes() if wal.exists() else b""
    offset = 32
    while offset + 24 + PAGE_SIZE <= len(data):
        pgno = struct.unpack(">I", data[offset:offset + 4])[0]
        yield pgno, data[offset + 24:offset + 24 + PAGE_SIZE]
        offset += 24 + PAGE_SIZE


def _dump(session) -> dict:
    tables = [r[0] for r in session.case.query(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'search%' AND name <> 'audit' ORDER BY name")]
    return {t: sorted(map(repr, session.case.query(f"SELECT * FROM {t}"))) for t in tables}


def test_change_passphrase(session, case_path, passphrase):
    fill_every_entity(session, "antes del cambio")
    salt = case_path.read_bytes()[:16]
    old_key = _keys(passphrase, salt)
    file_pages = case_path.read_bytes()
    assert _page_verifies(file_pages[:PAGE_SIZE], 1, old_key), "the verifier itself is wrong"
    records.find(session, "cambio")
    before = _dump(session)

    change_passphrase(session, NEW)
    wal = Path(str(case_path) + "-wal")
    frames = list(_wal_frames(wal))
    assert not frames, "the re-keyed copy replaces the file whole, with its bitácora entry inside"
    assert not Path(str(case_path) + "-rekey").exists()
    new_key = _keys(NEW, salt)
    data = case_path.read_bytes()
    pages = [data[i * PAGE_SIZE:(i + 1) * PAGE_SIZE] for i in range(len(data) // PAGE_SIZE)]
    assert all(_page_verifies(page, i + 1, new_key) for i, page in enumerate(pages))
    assert not any(_page_verifies(page, i + 1, old_key) for i, page in enumerate(pages))
    assert audit_log.entries(session.case.conn)[-1].action == "cambiar_frase"
    session.close()

    with pytest.raises(WrongPassphrase):
        CaseFile.open(case_path, passphrase)
    reopened = open_case(case_path, NEW)
    try:
        assert _dump(reopened) == before
        assert reopened.case.integrity_problems() == []
    finally:
        reopened.close()


def test_change_inside_transaction_is_refused(session, passphrase, case_path):
    with pytest.raises(RuntimeError):
        with session.case.transaction():
            session.case.change_passphrase(NEW)
    session.close()
    CaseFile.open(case_path, passphrase).close()


def test_the_re_keyed_copy_is_already_in_wal_mode_when_it_takes_the_name(session, case_path,
                                                                          monkeypatch):
    """VACUUM INTO writes a rollback-journal file; converted only by the first open after the
    swap, a kill during that conversion left a hot -journal beside the case file that the
    read-only unlock probe could not roll back: "read-only drive" for a sound file (found by
    bench/fault_harness.py, 1 of 39 kills)."""
    seen = {}
    real_replace = os.replace

    def replace(src, dst):
        if str(src) == str(rekey.copy_path(case_path)):
            conn = sqlcipher3.connect(f"file:{src}?mode=ro", uri=True)
            conn.set_key(new_key[0])
            seen["mode"] = conn.execute("PRAGMA journal_mode").fetchone()[0]
            conn.close()
        return real_replace(src, dst)

    new_key = []
    real_rekey = rekey.rekey_copy

    def remember(temp, old_raw, new_raw, *args, **kwargs):
        new_key.append(bytes(new_raw))
        return real_rekey(temp, old_raw, new_raw, *args, **kwargs)

    monkeypatch.setattr(rekey, "rekey_copy", remember)
    monkeypatch.setattr(os, "replace", replace)
    session.case.change_passphrase("Otra frase de contraseña de 2027")
    assert seen == {"mode": "wal"}
    assert not Path(str(case_path) + "-journal").exists()
