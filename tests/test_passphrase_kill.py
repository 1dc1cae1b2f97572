"""`npmdesk passwd` killed at any instant: the file opens with the old or the new passphrase,
passes `check`, and holds everything it held; never "damaged"."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from npmdesk.domain import model
from npmdesk.errors import WrongPassphrase
from npmdesk.services.records import edit as records
from npmdesk.services.archive.integrity import check
from npmdesk.services.session import open_case

ROOT = Path(__file__).resolve().parent.parent
OTHER = "Otra frase de contraseña de 2027"


def _content(session) -> list[tuple[str, str]]:
    return sorted((p.name, p.description) for p in records.select(session, model.Place))


def _passwd(case_path: Path, old: str, new: str, tmp_path: Path) -> subprocess.Popen:
    new_file = tmp_path / "nueva.txt"
    new_file.write_text(new + "\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT), NPMDESK_PASSPHRASE=old)
    return subprocess.Popen([sys.executable, "-m", "npmdesk", "passwd", str(case_path),
                             "--new-passphrase-file", str(new_file)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env)


def _opens_whole(case_path: Path, candidates: tuple[str, str], expected) -> str:
    """The passphrase the file opens with (trying both); it must pass check with its content."""
    for passphrase in candidates:
        try:
            session = open_case(case_path, passphrase)
        except WrongPassphrase:
            continue
        try:
            assert check(session).ok
            assert _content(session) == expected
        finally:
            session.close()
        return passphrase
    raise AssertionError("the case file opens with neither passphrase")


def _kill_runs(session, case_path, passphrase, tmp_path, kills: int, seed: int) -> None:
    with session.case.transaction():
        for n in range(160):  # a few MB, so the copy and re-key take a while
            records.save(session, model.Place(name=f"Lugar {n:03d}", description=os.urandom(4000).hex()))
    expected = _content(session)
    session.close()
    current, other = passphrase, OTHER
    started = time.monotonic()
    proc = _passwd(case_path, current, other, tmp_path)
    assert proc.wait(timeout=120) == 0, proc.stderr.read().decode()
    duration = time.monotonic() - started
    current, other = other, current
    rng = random.Random(seed)
    outcomes = {"old": 0, "new": 0}

    def kill_after(delay: float) -> None:
        nonlocal current, other
        proc = _passwd(case_path, current, other, tmp_path)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        opened = _opens_whole(case_path, (current, other), expected)
        outcomes["old" if opened == current else "new"] += 1
        if opened != current:
            current, other = other, current

    for run in range(kills):
        # Spread across the whole command, start-up included, and past its measured end.
        kill_after(duration * (run + rng.random()) / kills * 1.6)
    # A machine loaded after the measurement makes every run slower than the measured one, and
    # the spread may then end before any swap: later kills until one lands after it (bounded).
    late = duration * 1.6
    for _extra in range(8):
        if outcomes["new"]:
            break
        late *= 1.5
        kill_after(late)
    assert outcomes["old"] and outcomes["new"], outcomes  # kills landed before and after the swap
    leftovers = [p.name for p in case_path.parent.iterdir() if "-rekey" in p.name]
    assert leftovers == [], "the last writer's open removed any partial copy"


def test_passwd_killed_twelve_times(session, case_path, passphrase, tmp_path):
    _kill_runs(session, case_path, passphrase, tmp_path, kills=12, seed=18)


@pytest.mark.slow
def test_passwd_killed_fifty_times(session, case_path, passphrase, tmp_path):
    _kill_runs(session, case_path, passphrase, tmp_path, kills=50, seed=2026)
