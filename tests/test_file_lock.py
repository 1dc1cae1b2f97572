"""One writer per case file: a second window or command is told so and can only read."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from npmdesk.domain import model
from npmdesk.errors import CaseFileHasReaders, CaseFileInUse, ReadOnlySession, WrongPassphrase
from npmdesk.services.records import edit as records
from npmdesk.services.archive.integrity import check
from npmdesk.services.safekeeping.passphrase import change_passphrase
from npmdesk.services.session import open_case
from npmdesk.storage import file_lock

ROOT = Path(__file__).resolve().parent.parent
HOLDER = Path(__file__).with_name("lock_holder.py")
IN_USE = "ya está abierto en otra ventana o programa"


def _beside(case_path: Path) -> list[str]:
    return sorted(p.name for p in case_path.parent.iterdir() if p.name.startswith(case_path.name))


def test_second_session_in_one_process_is_refused_and_reads(session, case_path, passphrase):
    records.save(session, model.Place(name="Centro Penitenciario La Joya"))
    with pytest.raises(CaseFileInUse) as refused:
        open_case(case_path, passphrase)
    assert IN_USE in refused.value.message() and case_path.name in refused.value.message()

    viewer = open_case(case_path, passphrase, read_only=True)
    try:
        assert viewer.case.read_only and not session.case.read_only
        records.save(session, model.Place(name="Subestación de Policía de Colón"))
        assert sorted(p.name for p in records.select(viewer, model.Place)) == [
            "Centro Penitenciario La Joya", "Subestación de Policía de Colón"]
        with pytest.raises(ReadOnlySession) as ro:
            records.save(viewer, model.Place(name="Escrito desde la consulta"))
        assert "solo para consulta" in ro.value.message()
        with pytest.raises(CaseFileHasReaders):  # a re-keyed file must not slide under a reader
            change_passphrase(session, "Una frase nueva bastante larga")
        records.save(session, model.Place(name="Sigue escribiendo"))
    finally:
        viewer.close()
    assert len(records.select(session, model.Place)) == 3
    session.close()
    assert _beside(case_path) == [case_path.name], "a closed session leaves no lock behind"
    again = open_case(case_path, passphrase)
    try:
        assert "Escrito desde la consulta" not in {p.name for p in records.select(again, model.Place)}
        assert check(again).ok
    finally:
        again.close()


def test_failed_open_releases_the_lock(session, case_path, passphrase):
    session.close()
    with pytest.raises(WrongPassphrase):
        open_case(case_path, "Una frase equivocada de prueba")
    assert not file_lock.lock_path(case_path).exists()
    open_case(case_path, passphrase).close()


def _holder(case_path: Path, passphrase: str, *extra: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, str(HOLDER), str(case_path), passphrase, *extra],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env)
    line = proc.stdout.readline().strip()
    assert line == b"ready", proc.stderr.read().decode()
    return proc


def _cli(*args, passphrase: str):
    env = dict(os.environ, PYTHONPATH=str(ROOT), NPMDESK_PASSPHRASE=passphrase)
    done = subprocess.run([sys.executable, "-m", "npmdesk", *map(str, args)], capture_output=True,
                          text=True, env=env, timeout=120, stdin=subprocess.DEVNULL)
    assert "Traceback" not in done.stdout + done.stderr
    return done


def test_two_processes(session, case_path, passphrase, tmp_path):
    records.save(session, model.Place(name="Centro de Cumplimiento de Menores"))
    session.close()
    holder = _holder(case_path, passphrase, "Estación de Recepción Migratoria")
    try:
        with pytest.raises(CaseFileInUse):
            open_case(case_path, passphrase)
        listed = _cli("list", case_path, passphrase=passphrase)
        assert listed.returncode == 0, listed.stderr
        assert "Estación de Recepción Migratoria" in listed.stdout, "the holder's commit is read"
        assert _cli("check", case_path, passphrase=passphrase).returncode == 0
        found = _cli("search", case_path, "Migratoria", passphrase=passphrase)
        assert found.returncode == 0 and "1 resultado" in found.stdout
        new_pass = tmp_path / "nueva.txt"
        new_pass.write_text("Otra frase suficientemente larga\n", encoding="utf-8")
        for writing in (("passwd", case_path, "--new-passphrase-file", new_pass),
                        ("backup", case_path), ("dump", case_path, "-o", tmp_path / "volcado.json")):
            refused = _cli(*writing, passphrase=passphrase)
            assert refused.returncode == 1, writing
            lines = refused.stderr.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("npmdesk: ") and IN_USE in lines[0]
        assert not (tmp_path / "volcado.json").exists()
        holder.stdin.write(b"\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == b"closed"
    finally:
        holder.kill()
        holder.wait()
    assert _cli("backup", case_path, passphrase=passphrase).returncode == 0


def test_a_killed_holder_leaves_no_lock(session, case_path, passphrase):
    """The operating system drops the lock of a dead process: no stale lock refuses the file."""
    session.close()
    holder = _holder(case_path, passphrase)
    with pytest.raises(CaseFileInUse):
        open_case(case_path, passphrase)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    reopened = open_case(case_path, passphrase)
    try:
        records.save(reopened, model.Place(name="Después del corte"))
        assert check(reopened).ok
    finally:
        reopened.close()


def test_restore_waits_for_the_window_that_has_the_file(session, case_path, passphrase):
    from npmdesk.storage import backup
    records.save(session, model.Place(name="En la copia"))
    copy = backup.backup(session.case)
    records.save(session, model.Place(name="Solo en la ventana abierta"))
    restored = _cli("restore", copy, case_path, passphrase=passphrase)
    assert restored.returncode == 1 and IN_USE in restored.stderr
    assert "Solo en la ventana abierta" in {p.name for p in records.select(session, model.Place)}
    records.save(session, model.Place(name="La ventana sigue escribiendo"))
    session.close()
    assert _cli("restore", copy, case_path, passphrase=passphrase).returncode == 0
