"""A new case file is built under a hidden name and renamed into place only when complete;
what killed creations and restores left is swept (the kills themselves: tests/test_faults.py)."""

import os
import time

import pytest

from npmdesk.domain import model
from npmdesk.errors import CaseFileExists, MalformedImport
from npmdesk.services.exchange.dump import dump, import_dump
from npmdesk.services.records import edit as records
from npmdesk.services.session import create_case, open_case
from npmdesk.storage import backup, casefile
from npmdesk.storage.casefile import CaseFile, new_path
from npmdesk.storage.durable import LEFTOVER_AGE_S

from fast_kdf import FAST_KDF

PASS = "Frase de prueba segura 2026"  # the `session` fixture's


def _age(*paths) -> None:
    stale = time.time() - LEFTOVER_AGE_S - 60
    for path in paths:
        os.utime(path, (stale, stale))


@pytest.fixture
def folder(tmp_path):
    made = tmp_path / "carpeta"
    made.mkdir()
    return made


def test_the_file_appears_only_once_its_first_content_is_committed(folder):
    tmp_path = folder
    target = tmp_path / "nuevo.npmcase"
    seen = {}

    def fill(case):
        with case.transaction() as conn:
            conn.execute("INSERT INTO meta (key, value) VALUES ('probe', 'x')")
        seen["exists"] = target.exists()
        seen["hidden"] = case.path.name

    case = CaseFile.create(target, PASS, kdf_params=FAST_KDF, fill=fill)
    try:
        assert seen == {"exists": False, "hidden": new_path(target).name}
        assert case.path == target and case.meta("probe") == "x"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["nuevo.npmcase", "nuevo.npmcase-lock",
                                                               "nuevo.npmcase-shm", "nuevo.npmcase-wal"]
        with case.transaction() as conn:  # the session keeps writing to the file now in place
            conn.execute("INSERT INTO meta (key, value) VALUES ('after', 'y')")
    finally:
        case.close()
    reopened = CaseFile.open(target, PASS)
    try:
        assert reopened.meta("after") == "y" and not reopened.integrity_problems()
    finally:
        reopened.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nuevo.npmcase"]


def test_a_failed_fill_leaves_nothing(folder):
    tmp_path = folder
    target = tmp_path / "nuevo.npmcase"

    def fill(case):
        raise ValueError("fallo a mitad")

    with pytest.raises(ValueError):
        CaseFile.create(target, PASS, kdf_params=FAST_KDF, fill=fill)
    assert list(tmp_path.iterdir()) == []


def test_an_import_failing_before_its_end_leaves_nothing(session, folder):
    records.save(session, model.Place(name="Centro"))
    data = dump(session)
    target = folder / "importado.npmcase"

    def also(moved):  # a package import's last step, failing after the whole dump was written
        assert [p.name for p in records.select(moved, model.Place)] == ["Centro"]
        assert not target.exists()
        raise MalformedImport("late", reason="prueba")

    with pytest.raises(MalformedImport):
        import_dump(data, target, PASS, also=also)
    assert list(folder.iterdir()) == []
    import_dump(data, target, PASS).close()
    assert sorted(p.name for p in folder.iterdir()) == ["importado.npmcase"]


def test_a_killed_creation_of_the_same_name_is_removed_by_the_next(folder):
    tmp_path = folder
    target = tmp_path / "nuevo.npmcase"
    partial = [new_path(target), tmp_path / (new_path(target).name + "-journal")]
    for path in partial:
        path.write_bytes(b"")
    session = create_case(target, PASS, owner_name="Ana Directora", kdf_params=FAST_KDF)
    session.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nuevo.npmcase"]


def test_a_file_already_there_is_never_replaced(folder):
    tmp_path = folder
    target = tmp_path / "nuevo.npmcase"

    def fill(case):  # another program, taking no lock, writes the name meanwhile
        target.write_bytes(b"ajeno")

    with pytest.raises(CaseFileExists):
        CaseFile.create(target, PASS, kdf_params=FAST_KDF, fill=fill)
    assert target.read_bytes() == b"ajeno"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nuevo.npmcase"]


def test_old_leftovers_of_other_creations_and_restores_are_swept_by_age(session, case_path):
    tmp_path = case_path.parent
    records.save(session, model.Place(name="Centro"))
    copy = backup.backup(session.case)
    session.close()
    old = [tmp_path / ".~npmdesk-nuevo-otro.npmcase", tmp_path / ".~npmdesk-nuevo-otro.npmcase-wal",
           tmp_path / ".restore-0123abcd.npmcase", tmp_path / ".restore-0123abcd.npmcase-wal"]
    running = [tmp_path / ".~npmdesk-nuevo-tercero.npmcase",  # a creation under way elsewhere
               tmp_path / ".restore-fedc9876.npmcase"]
    for path in old + running:
        path.write_bytes(os.urandom(4096))
    _age(*old)
    slow = tmp_path / ".~npmdesk-nuevo-lento.npmcase"  # an old file whose WAL is still growing
    slow.write_bytes(b"")
    _age(slow)
    (tmp_path / ".~npmdesk-nuevo-lento.npmcase-wal").write_bytes(b"x")
    reopened = open_case(case_path, PASS)
    reopened.close()
    assert not any(p.exists() for p in old)
    assert all(p.exists() for p in running) and slow.exists()
    _age(*running)
    backup.restore(copy, case_path, PASS)
    assert not any(p.exists() for p in running)
    assert not list(tmp_path.glob(".restore-*"))
    assert casefile.sweep_leftovers(tmp_path, older_than_s=0) == 2  # the slow one, and its WAL


def test_create_case_writes_its_further_content_before_the_file_appears(folder):
    """`then` is how the demo writes its whole content: stopped half-way, nothing is left."""
    target = folder / "demo.npmcase"

    def half(session):
        records.save(session, model.Place(name="Centro a medias"))
        assert not target.exists()
        raise KeyboardInterrupt  # as a Ctrl-C half-way through the demo's content

    with pytest.raises(KeyboardInterrupt):
        create_case(target, PASS, owner_name="Ana Directora", kdf_params=FAST_KDF, then=half)
    assert list(folder.iterdir()) == []
    session = create_case(target, PASS, owner_name="Ana Directora", kdf_params=FAST_KDF,
                          then=lambda s: records.save(s, model.Place(name="Centro entero")))
    try:
        assert [p.name for p in records.select(session, model.Place)] == ["Centro entero"]
        assert session.path == target
    finally:
        session.close()
