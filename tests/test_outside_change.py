"""A case file replaced or rewritten by another program under an open session (a sync client)."""

import os
import shutil

import pytest

from npmdesk.domain import model
from npmdesk.errors import CaseFileChangedOutside, CaseFileReplaced, SessionCopyFailed
from npmdesk.services.records import edit as records
from npmdesk.services.archive.integrity import check
from npmdesk.services.safekeeping.file_safety import conflict_copies, save_session_copy
from npmdesk.services.session import open_case


def _places(session) -> set[str]:
    return {p.name for p in records.select(session, model.Place)}


def _remote_copy(case_path, passphrase, tmp_path, name):
    """What a sync client delivers: another laptop's version of the file, whole."""
    other = tmp_path / "otro-portatil" / case_path.name
    other.parent.mkdir()
    shutil.copy2(case_path, other)
    remote = open_case(other, passphrase)
    records.save(remote, model.Place(name=name))
    remote.close()
    return other


def test_replaced_by_rename_stops_writes_and_keeps_every_edit(session, case_path, passphrase,
                                                              tmp_path):
    records.save(session, model.Place(name="Antes de sincronizar"))
    session.case.checkpoint()
    remote = _remote_copy(case_path, passphrase, tmp_path, "Editado en el otro portátil")
    ours = [f"Edición {n} de esta sesión" for n in range(21)]
    for name in ours[:20]:
        records.save(session, model.Place(name=name))
    staged = case_path.with_name(".syncthing." + case_path.name + ".tmp")
    shutil.copy2(remote, staged)
    os.replace(staged, case_path)  # how Syncthing, Nextcloud and OneDrive deliver a change
    delivered = case_path.read_bytes()

    with pytest.raises(CaseFileReplaced) as stopped:
        records.save(session, model.Place(name=ours[20]))
    assert "reemplazado por otro programa" in stopped.value.message()
    with pytest.raises(CaseFileReplaced):
        records.save(session, model.Place(name="Otra vez"))
    assert set(ours[:20]) <= _places(session), "the session still reads its own work"

    copy = save_session_copy(session)
    assert copy.parent == case_path.parent and "copia de esta sesión" in copy.name
    session.close()
    assert case_path.read_bytes() == delivered, "the delivered file is never written"
    saved = open_case(copy, passphrase)
    try:
        assert set(ours[:20]) | {"Antes de sincronizar"} <= _places(saved)
        assert ours[20] not in _places(saved) and "Otra vez" not in _places(saved)
        assert check(saved).ok
    finally:
        saved.close()
    delivered_case = open_case(case_path, passphrase)
    try:
        assert "Editado en el otro portátil" in _places(delivered_case)
        assert not set(ours) & _places(delivered_case)
        assert check(delivered_case).ok
    finally:
        delivered_case.close()


def test_rewritten_in_place_stops_writes_and_keeps_both_versions(session, case_path, passphrase,
                                                                 tmp_path):
    records.save(session, model.Place(name="Antes"))
    session.case.checkpoint()
    remote = _remote_copy(case_path, passphrase, tmp_path, "Versión remota")
    for n in range(5):  # commits still in the WAL when the file is rewritten
        records.save(session, model.Place(name=f"Nuestra {n}"))
    inode = os.stat(case_path).st_ino
    with open(case_path, "r+b") as fh:  # a client that writes into the same file
        fh.write(remote.read_bytes())
        fh.truncate()
    assert os.stat(case_path).st_ino == inode
    with pytest.raises(CaseFileChangedOutside) as stopped:
        records.save(session, model.Place(name="Después"))
    text = stopped.value.message()
    assert "modificó el archivo del expediente" in text and "versión de otro programa" in text
    kept = [p for p in case_path.parent.iterdir() if "versión de otro programa" in p.name]
    assert len(kept) == 1 and kept[0].name in text
    try:
        copy = save_session_copy(session)
    except SessionCopyFailed:
        copy = None  # the two versions mixed: refused rather than a broken copy
    session.close()
    theirs = open_case(kept[0], passphrase)
    try:
        assert "Versión remota" in _places(theirs) and check(theirs).ok
    finally:
        theirs.close()
    if copy is not None:
        ours = open_case(copy, passphrase)
        try:
            assert {f"Nuestra {n}" for n in range(5)} <= _places(ours) and check(ours).ok
        finally:
            ours.close()
    reopened = open_case(case_path, passphrase)
    try:
        assert "Después" not in _places(reopened) and check(reopened).ok
    finally:
        reopened.close()


def test_own_writes_and_checkpoints_are_not_an_outside_change(session, case_path):
    for n in range(30):
        records.save(session, model.Place(name=f"Lugar {n} " + "x" * 3000))
        if n % 7 == 0:
            session.case.checkpoint()
    assert not session.case.read_only


def test_conflict_copies_are_listed(session, case_path):
    stem = case_path.stem
    copies = [f"{stem}.sync-conflict-20261201-101010-ABCDEFG.npmcase",
              f"{stem} (conflicted copy 2026-12-01 101010).npmcase",
              f"{stem}-conflict-PORTATIL-ANA.npmcase"]
    for name in copies:
        (case_path.parent / name).write_bytes(b"x")
    for name in (f"{stem}.npmcase-wal", f"{stem}-20261201-101010-000001.npmcase", "otro.npmcase"):
        (case_path.parent / name).write_bytes(b"x")
    assert sorted(p.name for p in conflict_copies(session)) == sorted(copies)
    assert sorted(p.name for p in conflict_copies(case_path)) == sorted(copies)
