"""The spelling dictionary loads by itself shortly after the case file is unlocked, so the
first section opened does not wait 0.7 s for it (its confidentiality check needs it too)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from npmdesk.services import session as sessions
from fast_kdf import FAST_KDF

ROOT = Path(__file__).resolve().parent.parent
DRIVER = Path(__file__).resolve().parent / "spelling_preload_driver.py"


def test_the_dictionary_is_loaded_after_unlocking_without_opening_a_section(tmp_path):
    path = tmp_path / "caso.npmcase"
    sessions.create_case(path, "frase de paso larga 2026", kdf_params=FAST_KDF).close()
    environment = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, str(DRIVER), str(path), "frase de paso larga 2026"],
                          env=environment, capture_output=True, text=True, timeout=120, cwd=ROOT)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, done.stderr[-2000:]
    report = json.loads(lines[-1])
    assert report == {"at_ready": False, "later": True}  # not in the start-up's way, then there
