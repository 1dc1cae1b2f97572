"""The `npmdesk` command as a person types it, each in a fresh process: the README's first
command (`npmdesk demo --open`), `npmdesk` alone (last case file, or the start screen) and
`npmdesk CASE` unlocked at once by NPMDESK_PASSPHRASE. The driver quits through the
window's own Salir action once the window is usable."""

import json
import os
import subprocess
import sys
from pathlib import Path

from npmdesk import ENV_PASSPHRASE
from npmdesk.services.demo.case import DEMO_PASSPHRASE

ROOT = Path(__file__).resolve().parent.parent
DRIVER = Path(__file__).resolve().parent / "entry_driver.py"


def npmdesk(wanted: str, *args: str, env: dict | None = None):
    """Run `npmdesk ARGS` until the `wanted` window is usable; (exit code, report, stdout)."""
    environment = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen", **(env or {}))
    done = subprocess.run([sys.executable, str(DRIVER), wanted, *args], env=environment,
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, done.stderr[-2000:]
    return done.returncode, json.loads(lines[-1]), done.stdout


def test_readme_first_command_opens_the_demo_unlocked_and_npmdesk_reopens_it(tmp_path):
    demo = tmp_path / "demo.npmcase"
    code, report, printed = npmdesk("main", "demo", "--open", str(demo))
    assert (code, report["window"]) == (0, "main")
    assert "demo.npmcase" in report["title"]
    assert DEMO_PASSPHRASE in printed  # the passphrase is shown to the person
    assert demo.exists()

    # `npmdesk` alone: the last case file's unlock screen, waiting for the passphrase.
    code, report, _out = npmdesk("unlock")
    assert code == 0
    assert (report["path"], report["typed"]) == (str(demo), "")

    # `npmdesk CASE` with NPMDESK_PASSPHRASE: unlocked at once.
    code, report, _out = npmdesk("main", str(demo), env={ENV_PASSPHRASE: DEMO_PASSPHRASE})
    assert (code, report["window"]) == (0, "main")
    assert "demo.npmcase" in report["title"]


def test_npmdesk_alone_on_a_fresh_machine_shows_the_start_screen():
    code, report, _out = npmdesk("start")
    assert (code, report["window"]) == (0, "start")
