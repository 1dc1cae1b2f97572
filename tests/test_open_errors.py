"""Every bad file or passphrase gives a clear Spanish error and changes nothing on disk."""

import hashlib
import os
import sqlite3
import time
import unicodedata
from pathlib import Path

import pytest

from npmdesk.errors import (CaseFileMissing, DamagedCaseFile, NotACaseFile, WeakPassphrase,
                            WrongPassphrase)
from npmdesk.services import session as sessions
from npmdesk.services.records import edit as records
from npmdesk.storage.casefile import PAGE_SIZE, CaseFile

from robust_helpers import fill_every_entity
from fast_kdf import FAST_KDF

PASS = "Frase de prueba segura 2026"


@pytest.fixture(scope="module")
def good_file(tmp_path_factory):
    """A closed case file of several pages, shared by the damage tests (each works on a copy)."""
    path = tmp_path_factory.mktemp("good") / "base.npmcase"
    session = sessions.create_case(path, PASS, owner_name="Ana Directora", kdf_params=FAST_KDF)
    fill_every_entity(session, "contenido")
    for i in range(30):
        records.add_attachment(session, os.urandom(3000), f"f{i}.bin", f"Adjunto {i}")
    session.close()
    return path


def _listing(folder: Path) -> dict:
    """Names and contents; an existing WAL index (-shm) counts by name only: readers may
    update its read marks, and it holds no content (SQLite rebuilds it from the WAL)."""
    return {p.name: "dir" if not p.is_file() else "shm" if p.name.endswith("-shm")
            else hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def _assert_fails_unchanged(path: Path, error, passphrase=PASS, capfd=None):
    folder = path.parent if path.parent.exists() else None
    before = _listing(folder) if folder else None
    with pytest.raises(error) as info:
        CaseFile.open(path, passphrase)
    text = info.value.message()
    assert text and "Traceback" not in text and "\n" not in text
    if folder:
        assert _listing(folder) == before
    if capfd is not None:
        out, err = capfd.readouterr()
        assert err == ""
    return text


def _copy(good_file: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copia.npmcase"
    target.write_bytes(good_file.read_bytes())
    return target


def test_wrong_passphrase(good_file, tmp_path, capfd):
    path = _copy(good_file, tmp_path)
    text = _assert_fails_unchanged(path, WrongPassphrase, "Otra frase bastante larga", capfd)
    assert "contraseña no es correcta" in text


@pytest.mark.parametrize("cut", ["mid_page", "page_boundary"])
def test_truncated(good_file, tmp_path, cut):
    path = _copy(good_file, tmp_path)
    data = path.read_bytes()
    pages = len(data) // PAGE_SIZE
    assert pages > 6
    size = (pages // 2) * PAGE_SIZE + (1000 if cut == "mid_page" else 0)
    path.write_bytes(data[:size])
    assert "dañado" in _assert_fails_unchanged(path, DamagedCaseFile)


def test_flipped_byte_in_middle_page_is_reported_at_open(good_file, tmp_path, capfd):
    path = _copy(good_file, tmp_path)
    data = bytearray(path.read_bytes())
    page = len(data) // PAGE_SIZE // 2
    data[page * PAGE_SIZE + 1234] ^= 0x01
    path.write_bytes(bytes(data))
    _assert_fails_unchanged(path, DamagedCaseFile, capfd=capfd)


def test_flipped_byte_in_page_one_is_damage_not_wrong_passphrase(good_file, tmp_path):
    path = _copy(good_file, tmp_path)
    data = bytearray(path.read_bytes())
    data[100] ^= 0x80
    path.write_bytes(bytes(data))
    _assert_fails_unchanged(path, DamagedCaseFile)


@pytest.mark.parametrize("size", [4096 * 5, 4096 * 5 + 17, 100])
def test_random_bytes(tmp_path, size):
    path = tmp_path / "azar.npmcase"
    path.write_bytes(os.urandom(size))
    _assert_fails_unchanged(path, (DamagedCaseFile, NotACaseFile, WrongPassphrase))


def test_random_bytes_whole_pages_are_not_reported_as_a_case_file(tmp_path):
    """Random pages cannot be told from a wrong passphrase: every page fails its HMAC."""
    path = tmp_path / "azar.npmcase"
    path.write_bytes(os.urandom(4096 * 3))
    _assert_fails_unchanged(path, WrongPassphrase)


def test_plain_sqlite_file(tmp_path):
    path = tmp_path / "plano.npmcase"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t(x)")
    con.commit()
    con.close()
    assert "no es un expediente" in _assert_fails_unchanged(path, NotACaseFile)


def test_empty_file(tmp_path):
    path = tmp_path / "vacio.npmcase"
    path.write_bytes(b"")
    _assert_fails_unchanged(path, (NotACaseFile, DamagedCaseFile))


def test_directory(tmp_path):
    path = tmp_path / "carpeta.npmcase"
    path.mkdir()
    _assert_fails_unchanged(path, NotACaseFile)


def test_missing(tmp_path):
    text = _assert_fails_unchanged(tmp_path / "no-existe.npmcase", CaseFileMissing)
    assert "No se encuentra" in text
    assert not (tmp_path / "no-existe.npmcase").exists()


def test_nfc_and_nfd_passphrases_both_open(tmp_path):
    nfc = unicodedata.normalize("NFC", "Pingüino café señal ñandú")
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd
    path = tmp_path / "acentos.npmcase"
    CaseFile.create(path, nfc, kdf_params=FAST_KDF).close()
    CaseFile.open(path, nfd).close()
    path2 = tmp_path / "acentos2.npmcase"
    CaseFile.create(path2, nfd, kdf_params=FAST_KDF).close()
    CaseFile.open(path2, nfc).close()


def test_short_passphrase_refused_on_create(tmp_path):
    path = tmp_path / "corta.npmcase"
    with pytest.raises(WeakPassphrase) as info:
        CaseFile.create(path, "corta123", kdf_params=FAST_KDF)
    assert "tiene menos de 12 caracteres" in info.value.message()
    assert not path.exists()


def test_open_is_fast_and_checks_every_page(good_file, tmp_path):
    path = _copy(good_file, tmp_path)
    start = time.perf_counter()
    CaseFile.open(path, PASS).close()
    assert time.perf_counter() - start < 5


def test_failed_unlock_leaves_a_crashed_files_wal_untouched(tmp_path, capfd):
    """A file left with its WAL by a crash: a wrong passphrase must not touch WAL or index."""
    live = tmp_path / "vivo" / "exp.npmcase"
    live.parent.mkdir()
    session = sessions.create_case(live, PASS, kdf_params=FAST_KDF)
    fill_every_entity(session, "sin guardar en el archivo principal")
    crashed = tmp_path / "caido"
    crashed.mkdir()
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(live) + suffix)
        (crashed / (live.name + suffix)).write_bytes(source.read_bytes())
    session.close()
    path = crashed / live.name
    assert Path(str(path) + "-wal").stat().st_size > 0
    _assert_fails_unchanged(path, WrongPassphrase, "Otra frase bastante larga", capfd)
    reopened = sessions.open_case(path, PASS)
    try:
        assert records.find(reopened, "guardar")
    finally:
        reopened.close()
