"""A full disk and a read-only drive, real ones (small tmpfs mounts), named as such: never
"Error inesperado", never "dañado", never a traceback; nothing committed is lost."""

import os
import time

import pytest

from fast_kdf import FAST_KDF
from small_disks import fill, read_only, small_disk  # noqa: F401
from test_cli_case import one_error_line, run
from export_fixture import build_report
from package_support import close, make_office
from npmdesk.domain import model
from npmdesk.errors import DiskFull, ReadOnlyCaseFile, ReadOnlyFolder
from npmdesk.services.team import identity
from npmdesk.services.records import edit as records
from npmdesk.services.archive.integrity import check
from npmdesk.services.session import create_case, open_case
from npmdesk.storage import backup

PASS = "Frase de prueba segura 2026"
FULL = "npmdesk: No queda espacio en el disco."
READ_ONLY = "npmdesk: El expediente está en una unidad de solo lectura"


def _places(session) -> list[str]:
    return sorted(p.name for p in records.select(session, model.Place))


def test_a_backup_that_hits_a_full_disk_is_not_marked_done_and_leaves_no_temp(session, case_path,
                                                                              small_disk):
    records.save(session, model.Place(name="Centro A"))
    backup.backup(session.case, small_disk)
    records.save(session, model.Place(name="Centro B"))
    filler = fill(small_disk)
    with pytest.raises(DiskFull):
        backup.backup(session.case, small_disk)
    assert not list(small_disk.glob(".tmp-*"))
    assert len(backup.backups(small_disk, case_path.stem)) == 1
    # The mark says what the newest good backup holds: Centro B is in none, so it is not "done".
    assert session.case.meta(backup.BACKUP_HEAD_KEY) != records_head(session)
    filler.unlink()
    newest = backup.backup(session.case, small_disk)
    assert session.case.meta(backup.BACKUP_HEAD_KEY) == records_head(session)
    copy = open_case(newest, PASS)
    try:
        assert _places(copy) == ["Centro A", "Centro B"]
    finally:
        copy.close()


def records_head(session) -> str:
    from npmdesk.storage import audit_log
    with session.case.lock:
        return audit_log.head(session.case.conn)[1]


def test_the_backup_on_close_still_runs_after_a_failed_backup(session, case_path, small_disk):
    folder = backup.backup_dir(case_path)
    folder.symlink_to(small_disk, target_is_directory=True)
    backup.backup(session.case)
    assert backup.unchanged_since_backup(session.case)
    records.save(session, model.Place(name="Centro nuevo"))
    filler = fill(small_disk)
    with pytest.raises(DiskFull):
        backup.backup(session.case)
    assert not backup.unchanged_since_backup(session.case)
    assert not list(small_disk.glob(".tmp-*"))
    filler.unlink()


def test_leftover_temp_copies_of_killed_backups_are_swept_on_the_next_backup(session, case_path):
    folder = backup.backup_dir(case_path)
    folder.mkdir()
    old = [folder / ".tmp-0123abcd.npmcase", folder / ".tmp-0123abcd.npmcase-wal"]
    for path in old:
        path.write_bytes(os.urandom(4096))
        stale = time.time() - backup.LEFTOVER_AGE_S - 60
        os.utime(path, (stale, stale))
    running = folder / ".tmp-fedc9876.npmcase"  # another backup writing right now
    running.write_bytes(os.urandom(4096))
    backup.backup(session.case)
    assert not any(p.exists() for p in old)
    assert running.exists()
    assert len(backup.backups(folder, case_path.stem)) == 1


def test_saving_on_a_full_disk_says_so_and_loses_nothing(small_disk):
    path = small_disk / "lleno.npmcase"
    session = create_case(path, PASS, owner_name="Ana Directora", kdf_params=FAST_KDF)
    records.save(session, model.Place(name="Guardado antes"))
    filler = fill(small_disk)
    with pytest.raises(DiskFull) as refused:
        for i in range(200):  # until the WAL must grow
            records.save(session, model.Place(name=f"Centro {i}", authority="x" * 20000))
    assert refused.value.message().startswith("No queda espacio en el disco.")
    saved = _places(session)
    assert "Guardado antes" in saved
    filler.unlink()
    records.save(session, model.Place(name="Después de liberar espacio"))
    session.close()
    reopened = open_case(path, PASS)
    try:
        assert check(reopened).ok
        assert _places(reopened) == sorted(saved + ["Después de liberar espacio"])
    finally:
        reopened.close()


def test_cli_commands_at_zero_bytes_free_name_the_full_disk(tmp_path, small_disk):
    office = make_office(tmp_path)
    dora, report_id = office.dora.path, office.report_id
    card = identity.export_card(office.luis, office.luis.actor.id, tmp_path / "tarjeta-luis.json")
    close(office)
    case = small_disk / "lleno.npmcase"
    create_case(case, PASS, owner_name="Ana Directora", kdf_params=FAST_KDF).close()
    new = tmp_path / "nueva.txt"
    new.write_text("Otra frase bien larga 2027\n", encoding="utf-8")
    filler = fill(small_disk)
    for args in (("backup", case), ("passwd", case, "--new-passphrase-file", new),
                 ("backup", dora, small_disk),
                 ("export", dora, report_id, "-o", small_disk / "informe.docx"),
                 ("package", "create", dora, "--kind", "asignacion", "--to", card,
                  "-o", small_disk / "expediente.npmpaq")):
        done = run(*args, passphrase=PASS)
        assert done.returncode == 1, (args, done.stdout)
        assert one_error_line(done).startswith(FULL), (args, done.stderr)
    assert sorted(p.name for p in small_disk.iterdir()) == ["lleno.npmcase", "relleno.bin"]
    filler.unlink()
    for path in (case, dora):
        done = run("check", path, passphrase=PASS)
        assert done.returncode == 0, done.stderr


def test_export_with_little_room_left_prints_one_line_and_no_traceback(tmp_path, session, small_disk):
    report_id = build_report(session).report.id
    session.close()
    fill(small_disk, leave_bytes=16 * 1024)  # less than any .docx: the write fails midway
    done = run("export", session.path, report_id, "-o", small_disk / "informe.docx", passphrase=PASS)
    assert done.returncode == 1 and one_error_line(done).startswith(FULL)
    assert "Exception ignored" not in done.stderr
    assert sorted(p.name for p in small_disk.iterdir()) == ["relleno.bin"]


def test_a_passphrase_change_on_a_full_disk_says_so_and_the_old_passphrase_still_opens(small_disk):
    path = small_disk / "lleno.npmcase"
    session = create_case(path, PASS, owner_name="Ana Directora", kdf_params=FAST_KDF)
    for i in range(30):
        records.save(session, model.Place(name=f"Centro {i}", description="x" * 4000))
    filler = fill(small_disk)
    with pytest.raises(DiskFull):
        session.case.change_passphrase("Otra frase bien larga 2027")
    session.close()
    filler.unlink()
    reopened = open_case(path, PASS)
    try:
        assert check(reopened).ok and len(_places(reopened)) == 30
    finally:
        reopened.close()


def test_a_case_file_on_a_read_only_drive_opens_read_only_and_is_never_called_damaged(tmp_path,
                                                                                    small_disk):
    case = small_disk / "solo-lectura.npmcase"
    new = tmp_path / "nueva.txt"
    new.write_text("Otra frase bien larga 2027\n", encoding="utf-8")
    session = create_case(case, PASS, owner_name="Ana Directora", kdf_params=FAST_KDF)
    records.save(session, model.Place(name="Centro guardado"))
    session.close()
    read_only(small_disk)
    done = run("list", case, passphrase=PASS)
    assert done.returncode == 0 and "Centro guardado" in done.stdout, done.stderr
    done = run("check", case, passphrase=PASS)
    assert done.returncode == 0, done.stderr
    done = run("backup", case, passphrase=PASS)
    assert done.returncode == 1
    assert one_error_line(done) == (
        f"npmdesk: No se puede escribir en «{backup.backup_dir(case)}»: la unidad es de solo lectura "
        "o la carpeta no tiene permiso de escritura. Elija otra carpeta.")
    done = run("passwd", case, "--new-passphrase-file", new, passphrase=PASS)
    assert done.returncode == 1 and one_error_line(done).startswith(READ_ONLY)
    opened = open_case(case, PASS)
    try:
        assert opened.case.read_only and _places(opened) == ["Centro guardado"]
        with pytest.raises(ReadOnlyCaseFile):
            records.save(opened, model.Place(name="No cabe"))
        assert _places(opened) == ["Centro guardado"]
    finally:
        opened.close()
    with pytest.raises(ReadOnlyFolder):
        open_again = open_case(case, PASS)
        try:
            backup.backup(open_again.case)
        finally:
            open_again.close()


def test_a_read_only_copy_with_commits_still_in_its_wal_is_refused_as_read_only_not_damaged(
        session, case_path, small_disk):
    records.save(session, model.Place(name="Solo en el WAL"))
    wal = case_path.with_name(case_path.name + "-wal")
    assert wal.stat().st_size  # the commit is not yet in the main file: as after a crash
    copy = small_disk / case_path.name
    copy.write_bytes(case_path.read_bytes())
    copy.with_name(copy.name + "-wal").write_bytes(wal.read_bytes())
    read_only(small_disk)
    with pytest.raises(ReadOnlyCaseFile):
        open_case(copy, PASS)
    done = run("list", copy, passphrase=PASS)
    assert done.returncode == 1 and one_error_line(done).startswith(READ_ONLY)


def test_one_place_tells_a_full_disk_and_a_read_only_place_from_other_errors():
    import errno

    import sqlcipher3

    from npmdesk.errors import storage_fault
    assert isinstance(storage_fault(OSError(errno.ENOSPC, "No space left on device")), DiskFull)
    assert isinstance(storage_fault(OSError(errno.EROFS, "Read-only"), "/media/usb"), ReadOnlyFolder)
    # A permission refused somewhere else (a file being read) is not the case file's drive.
    assert storage_fault(PermissionError(errno.EACCES, "Permission denied")) is None
    assert storage_fault(OSError(errno.EIO, "I/O error"), "/media/usb") is None
    assert storage_fault(ValueError("seek of closed file")) is None
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as inner:
            raise ValueError("seek of closed file") from inner
    except ValueError as outer:
        assert isinstance(storage_fault(outer), DiskFull)  # found along the chain of causes
    conn = sqlcipher3.connect("file:nada?mode=memory", uri=True)
    try:
        conn.execute("PRAGMA query_only = ON")
        with pytest.raises(sqlcipher3.OperationalError) as refused:
            conn.execute("CREATE TABLE t (x)")
    finally:
        conn.close()
    assert refused.value.sqlite_errorname.startswith("SQLITE_READONLY")
    assert isinstance(storage_fault(refused.value), ReadOnlyCaseFile)
