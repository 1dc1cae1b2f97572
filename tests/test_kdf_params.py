"""The test suite's cheap key derivation stays the tests': every path the product creates a
file by uses the released Argon2id parameters (here, `npmdesk demo` in test_transfer.py, the
GUI's new case file in test_gui_shell.py), and explicit parameters are recorded in the file,
bounded, and bound so that a downgraded header opens nothing."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fast_kdf import FAST_KDF, released_kdf_version
from npmdesk.crypto import kdf, keys
from npmdesk.errors import WrongPassphrase, WrongPersonalPassphrase
from npmdesk.services.team import identity
from npmdesk.services.records import edit as records
from npmdesk.services.session import create_case
from npmdesk.domain.model import TeamMember
from npmdesk.storage.casefile import CaseFile

ROOT = Path(__file__).resolve().parent.parent
PASS = "Frase de prueba segura 2026"


def test_npmdesk_init_keys_the_file_with_the_released_parameters(tmp_path):
    path = tmp_path / "cli.npmcase"
    env = dict(os.environ, PYTHONPATH=str(ROOT), NPMDESK_PASSPHRASE=PASS)
    done = subprocess.run([sys.executable, "-m", "npmdesk", "init", str(path), "--name", "Ana"],
                          capture_output=True, text=True, env=env, timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 0 and "Expediente creado" in done.stdout, done.stderr
    assert released_kdf_version(path, PASS) == str(kdf.CURRENT_KDF)


def test_the_services_default_to_the_released_parameters(tmp_path):
    session = create_case(tmp_path / "a.npmcase", PASS)
    member = records.save(session, TeamMember("Rosa Revisora", "derecho", "revisor"))
    identity.create_keys(session, member.id, "Frase personal de Rosa 2026")
    session.close()
    assert released_kdf_version(tmp_path / "a.npmcase", PASS) == str(kdf.CURRENT_KDF)
    with CaseFile.open(tmp_path / "a.npmcase", PASS) as case:
        wrapped = json.loads(case.query("SELECT material FROM member_private_keys WHERE member_id = ?",
                                        (member.id,))[0][0])
    assert wrapped["version"] == keys.CURRENT_WRAP and not {"t", "m", "p"} & set(wrapped)


def test_a_file_made_with_explicit_parameters_records_them_and_opens_from_its_bytes(tmp_path):
    CaseFile.create(tmp_path / "a.npmcase", PASS, kdf_params=FAST_KDF).close()
    salt = (tmp_path / "a.npmcase").read_bytes()[:kdf.SALT_BYTES]
    assert kdf.announced(salt) == FAST_KDF
    with CaseFile.open(tmp_path / "a.npmcase", PASS) as case:
        assert case.kdf_version == kdf.EXPLICIT and case.meta("kdf_version") == str(kdf.EXPLICIT)
    with pytest.raises(WrongPassphrase):
        CaseFile.open(tmp_path / "a.npmcase", PASS + "x")


def test_random_salts_announce_nothing():
    assert not any(kdf.announced(kdf.new_salt()) for _ in range(20000))


def test_a_salt_cannot_ask_for_more_than_the_released_cost():
    released = kdf.KDF_VERSIONS[kdf.CURRENT_KDF]
    head = os.urandom(8) + bytes((1, 3, 1))
    assert kdf.announced(head + hashlib.sha256(b"npmdesk-kdf-params/1" + head).digest()[:5]) == FAST_KDF
    for greedy in ((released.time_cost + 1, 18, 1), (1, 30, 1), (1, 3, 255), (0, 3, 1)):
        head = os.urandom(8) + bytes(greedy)
        forged = head + hashlib.sha256(b"npmdesk-kdf-params/1" + head).digest()[:5]
        assert kdf.announced(forged) is None
        assert kdf.candidates(forged) == [released]
    with pytest.raises(ValueError):
        kdf.new_salt(kdf.KdfParams(kdf.EXPLICIT, 1, 12, 1))  # not a power of two


def test_a_wrap_downgraded_to_cheap_parameters_opens_nothing():
    pair = keys.KeyPair.generate()
    wrapped = keys.wrap(pair, "Frase personal de Rosa 2026")
    downgraded = dict(wrapped, version=kdf.EXPLICIT, t=1, m=8, p=1)
    with pytest.raises(WrongPersonalPassphrase):
        keys.unwrap(downgraded, "Frase personal de Rosa 2026")
    cheap = keys.wrap(pair, "Frase personal de Rosa 2026", FAST_KDF)
    assert keys.unwrap(cheap, "Frase personal de Rosa 2026") == pair
    for tampered in (dict(cheap, t=2), dict(cheap, version=keys.CURRENT_WRAP), dict(cheap, m=1 << 40)):
        with pytest.raises(WrongPersonalPassphrase):
            keys.unwrap(tampered, "Frase personal de Rosa 2026")
