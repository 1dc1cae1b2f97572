"""Every backup is also sealed to the institutional recovery key, and a lost passphrase is survivable."""

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from npmdesk.domain import model
from npmdesk.errors import PackageRefused
from npmdesk.services.safekeeping import backups as backup_escrow
from npmdesk.services.team import identity
from npmdesk.services.safekeeping import recovery
from npmdesk.services.records import edit as records
from npmdesk.services.team import roster
from npmdesk.services import session as sessions
from npmdesk.storage import backup

NEW_PASS = "Frase nueva tras olvidar la otra 2027"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def recoverable(session):
    """The director's case file with signing keys, a signed roster and a recovery key."""
    code, public = recovery.new_recovery_key()
    identity.create_keys(session, session.actor.id)
    roster.sign_roster(session)
    recovery.set_recovery_key(session, public)
    return session, code


def test_each_backup_has_an_escrow_rotated_with_it(recoverable, tmp_path):
    session, code = recoverable
    place = records.save(session, model.Place("Centro de Cumplimiento de Tocumen"))
    results = [backup_escrow.take_backup(session, keep=2) for _ in range(3)]

    folder = backup.backup_dir(session.path)
    kept = backup.backups(folder, session.path.stem)
    escrows = sorted(folder.glob("*.npmpaq"))
    assert len(kept) == 2
    assert sorted(p.stem for p in escrows) == sorted(p.stem for p in kept)
    assert not results[0].escrow.exists() and not results[0].path.exists()
    assert results[2].escrow == results[2].path.with_suffix(".npmpaq") and results[2].problem == ""
    data = results[2].escrow.read_bytes()
    assert b"Tocumen" not in data  # sealed, not a readable copy
    session.close()  # ... and the passphrase is forgotten: only the escrow and the code remain

    with pytest.raises(PackageRefused) as wrong:
        recovery.restore(results[2].escrow, "AAAA " + code[5:], tmp_path / "no.npmcase", NEW_PASS)
    assert "código de recuperación no es correcto" in wrong.value.message()
    assert not (tmp_path / "no.npmcase").exists()

    restored = recovery.restore(results[2].escrow, code, tmp_path / "recuperado.npmcase", NEW_PASS)
    restored.close()
    reopened = sessions.open_case(tmp_path / "recuperado.npmcase", NEW_PASS)
    try:
        assert records.get(reopened, model.Place, place.id).name == "Centro de Cumplimiento de Tocumen"
    finally:
        reopened.close()


def test_without_recovery_key_or_keys(session, tmp_path):
    plain = backup_escrow.take_backup(session, keep=3)
    assert plain.escrow is None and plain.problem == "" and plain.path.exists()
    assert backup_escrow.daily_escrow(session, tmp_path / "custodia") is None
    assert not (tmp_path / "custodia").exists()

    _code, public = recovery.new_recovery_key()
    recovery.set_recovery_key(session, public)  # the owner is the director, but has no signing keys
    result = backup_escrow.take_backup(session, keep=3)
    assert result.path.exists() and result.escrow is None
    assert "todavía no tiene claves de firma" in result.problem
    assert not list(backup.backup_dir(session.path).glob("*.npmpaq"))


def test_daily_escrow_at_most_once_a_day(recoverable, tmp_path):
    session, code = recoverable
    folder = tmp_path / "intercambio" / backup_escrow.ESCROW_FOLDER
    first = backup_escrow.daily_escrow(session, folder, today=date(2026, 11, 28))
    stamp = first.stat().st_mtime_ns
    again = backup_escrow.daily_escrow(session, folder, today=date(2026, 11, 28))
    assert again == first and first.stat().st_mtime_ns == stamp
    for day in range(20, 28):
        backup_escrow.daily_escrow(session, folder, today=date(2026, 11, day), keep=3)
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 3 and names[-1].endswith("-20261128.npmpaq")
    assert all("expediente" not in name for name in names)  # the shared folder shows no file names
    restored = recovery.restore(folder / names[-1], code, tmp_path / "r.npmcase", NEW_PASS)
    restored.close()


def test_cli_backup_writes_the_escrow(recoverable, case_path, passphrase, tmp_path):
    session, _code = recoverable
    session.close()
    env_path = tmp_path / "frase.txt"
    env_path.write_text(passphrase, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "npmdesk", "backup", str(case_path),
                           "--passphrase-file", str(env_path)], capture_output=True, text=True,
                          cwd=ROOT, env={"PYTHONPATH": str(ROOT), "HOME": str(tmp_path),
                                         "LANG": "es_PA.UTF-8", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert "Copia para la clave de recuperación institucional" in done.stdout
    assert len(list(backup.backup_dir(case_path).glob("*.npmpaq"))) == 1
