"""Backups: consistent while the session writes, rotated, restorable, same passphrase."""

import hashlib
import threading
import time
from pathlib import Path

import pytest

from npmdesk.domain import model
from npmdesk.errors import DamagedCaseFile, WrongPassphrase
from npmdesk.services.records import edit as records
from npmdesk.services.archive.integrity import check
from npmdesk.services.session import open_case
from npmdesk.storage import backup
from npmdesk.storage.casefile import PAGE_SIZE


def _titles(session) -> list[int]:
    return sorted(int(f.title.split()[1]) for f in records.select(session, model.Finding))


def _tree(folder: Path) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file()}


def _write_until(session, stop: threading.Event, committed: list) -> None:
    """What an autosave does meanwhile: one transaction after another through the services."""
    place = records.select(session, model.Place)[0]
    n = 0
    while not stop.is_set():
        with session.case.transaction():
            visit = records.save(session, model.Visit(place_id=place.id, start_date="2026-01-01",
                                                      objectives=f"txn {n} " + "x" * 1500))
            interview = records.add_interview(session, model.Interview(visit_id=visit.id,
                                                                       notes=f"txn {n}"))
            records.save(session, model.Finding(visit_id=visit.id, area="trato",
                                                title=f"txn {n}", interview_ids=[interview.id]))
        committed.append(n)
        n += 1


@pytest.mark.slow
def test_backup_while_the_session_writes(session, case_path, passphrase):
    """One writer per case file (storage/file_lock.py): the writes a backup races with are the
    session's own, from another thread, as the GUI's autosave and closing backup are."""
    records.save(session, model.Place(name="Centro"))
    stop, committed = threading.Event(), []
    writer = threading.Thread(target=_write_until, args=(session, stop, committed))
    writer.start()
    try:
        made = []
        for _ in range(3):
            time.sleep(0.3)
            committed_before = len(committed)
            made.append((backup.backup(session.case, keep=10), committed_before))
    finally:
        stop.set()
        writer.join()
    assert made[-1][1] > 0
    for path, committed_before in made:
        copy = open_case(path, passphrase)
        try:
            assert check(copy).ok
            numbers = _titles(copy)
            assert numbers == list(range(len(numbers)))
            assert len(numbers) >= committed_before
            assert len(records.select(copy, model.Visit)) == len(numbers)
        finally:
            copy.close()


def test_rotation_restore_and_refusals(session, case_path, passphrase, tmp_path):
    place = records.save(session, model.Place(name="Primera versión"))
    first = backup.backup(session.case, keep=3)
    assert first.read_bytes()[:16] == case_path.read_bytes()[:16]
    for _ in range(4):
        backup.backup(session.case, keep=3)
    kept = backup.backups(backup.backup_dir(case_path), case_path.stem)
    assert len(kept) == 3 and first not in kept
    place.name = "Segunda versión"
    records.save(session, place)
    good = backup.newest_backup(case_path)
    session.close()

    folder = case_path.parent
    damaged = tmp_path / "danada.npmcase"
    data = bytearray(good.read_bytes())
    data[PAGE_SIZE * (len(data) // PAGE_SIZE // 2) + 50] ^= 0xFF
    damaged.write_bytes(bytes(data))
    before = _tree(folder)
    with pytest.raises(DamagedCaseFile):
        backup.restore(damaged, case_path, passphrase)
    assert _tree(folder) == before
    with pytest.raises(WrongPassphrase):
        backup.restore(good, case_path, "Frase equivocada larga")
    assert _tree(folder) == before

    aside = backup.restore(good, case_path, passphrase)
    assert aside is not None and aside.exists()
    restored = open_case(case_path, passphrase)
    try:
        assert [p.name for p in records.select(restored, model.Place)] == ["Primera versión"]
        assert check(restored).ok
    finally:
        restored.close()
    previous = open_case(aside, passphrase)
    try:
        assert [p.name for p in records.select(previous, model.Place)] == ["Segunda versión"]
    finally:
        previous.close()


def test_the_backup_on_close_is_skipped_only_when_nothing_changed(session, case_path, passphrase):
    from npmdesk.services.safekeeping.backups import routine_backup
    folder = backup.backup_dir(case_path)
    first = routine_backup(session, skip_unchanged=True)
    assert not first.skipped and backup.backups(folder, case_path.stem) == [first.path]

    again = routine_backup(session, skip_unchanged=True)  # opened to read, closed again
    assert again.skipped and again.path == first.path
    assert backup.backups(folder, case_path.stem) == [first.path]

    records.save(session, model.Place("Cárcel Pública de David"))
    changed = routine_backup(session, skip_unchanged=True)
    assert not changed.skipped and len(backup.backups(folder, case_path.stem)) == 2
    # A backup asked for by hand is always taken.
    assert not routine_backup(session).skipped
    assert len(backup.backups(folder, case_path.stem)) == 3

    # After a skipped close, the newest backup holds everything the file holds.
    assert routine_backup(session, skip_unchanged=True).skipped
    copy = open_case(backup.newest_backup(case_path), passphrase)
    try:
        assert [p.name for p in records.select(copy, model.Place)] == ["Cárcel Pública de David"]
    finally:
        copy.close()
