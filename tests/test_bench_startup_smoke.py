"""The start-up benchmark (bench/startup.py) reaches a usable window through `npmdesk CASE`'s real
entry point, so it cannot rot. No timings are asserted: speed lives in bench/ (DESIGN.md §8)."""

import os
import subprocess
import sys
from pathlib import Path

from npmdesk.storage.casefile import CaseFile

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "bench" / "startup.py"
PASSPHRASE = "Frase de prueba del banco 2026"


def _env(tmp_path) -> dict:
    env = dict(os.environ, NPMDESK_PASSPHRASE=PASSPHRASE, QT_QPA_PLATFORM="offscreen",
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_STATE_HOME=str(tmp_path / "state"))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def test_the_npmdesk_child_reaches_the_main_window_of_the_case_file(tmp_path, monkeypatch):
    monkeypatch.setenv("NPMDESK_PASSPHRASE", PASSPHRASE)
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    import startup
    case = startup.make_small_case(tmp_path)
    done = subprocess.run([sys.executable, str(SCRIPT), "--child", "npmdesk", case],
                          env=_env(tmp_path), capture_output=True, text=True, timeout=120)
    words = done.stdout.split()
    assert words[:1] == ["READY"], done.stdout + done.stderr
    assert float(words[1]) > 0  # the key derivation was timed inside the child
    opened = CaseFile.open(Path(case), PASSPHRASE)  # the run left the case file whole
    opened.close()


def test_the_baseline_child_shows_its_empty_window(tmp_path):
    done = subprocess.run([sys.executable, str(SCRIPT), "--child", "baseline"],
                          env=_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert done.stdout.startswith("READY"), done.stdout + done.stderr
