"""Edits, deletions and forged rows in the bitácora are found by `npmdesk check`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlcipher3

from npmdesk.crypto import kdf
from npmdesk.domain import model
from npmdesk.services.records import edit as records

ROOT = Path(__file__).resolve().parent.parent


def _raw_connection(case_path: Path, passphrase: str):
    """The file opened with plain sqlcipher3 and the key the session uses (what an insider could do)."""
    salt = case_path.read_bytes()[:kdf.SALT_BYTES]
    key = kdf.sqlcipher_raw_key(kdf.derive_key(kdf.normalize(passphrase), salt))
    conn = sqlcipher3.connect(str(case_path), isolation_level=None)
    conn.set_key(key)
    conn.execute("SELECT count(*) FROM audit").fetchone()
    return conn


def _check(case_path: Path, passphrase: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NPMDESK_PASSPHRASE=passphrase, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "npmdesk", "check", str(case_path)],
                          capture_output=True, text=True, env=env, timeout=60)


@pytest.fixture
def closed_case(session, case_path):
    for i in range(5):
        records.save(session, model.Place(name=f"Lugar {i}"))
    session.close()
    return case_path


def test_untouched_chain_passes(closed_case, passphrase):
    done = _check(closed_case, passphrase)
    assert done.returncode == 0, done.stderr
    assert "cadena íntegra" in done.stdout


@pytest.mark.parametrize("tamper, seq, reason", [
    ("UPDATE audit SET action = 'eliminar' WHERE seq = 3", 3, "su contenido fue modificado"),
    ("DELETE FROM audit WHERE seq = 3", 4, "falta la entrada anterior"),
    ("INSERT INTO audit SELECT seq + 1, ts, actor_id, actor_name, 'aprobar', entity, entity_id, "
     "payload_sha256, hash, hash FROM audit WHERE seq = (SELECT max(seq) FROM audit)", None,
     "su contenido fue modificado"),
])
def test_tampering_is_named(closed_case, passphrase, tamper, seq, reason):
    conn = _raw_connection(closed_case, passphrase)
    last = conn.execute("SELECT max(seq) FROM audit").fetchone()[0]
    conn.execute(tamper)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    done = _check(closed_case, passphrase)
    assert done.returncode == 1
    expected = seq if seq is not None else last + 1
    line = [ln for ln in done.stdout.splitlines() if ln.startswith("Bitácora")]
    assert line, done.stdout
    assert f"la entrada {expected} está alterada" in line[0]
    assert reason in line[0]
    assert "Traceback" not in done.stdout + done.stderr
