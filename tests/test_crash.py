"""kill -9 of a writer at random moments never corrupts the case file or loses a commit."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from npmdesk.domain import model
from npmdesk.services.records import edit as records
from npmdesk.services.archive.integrity import check
from npmdesk.services.session import open_case

WRITER = Path(__file__).with_name("crash_writer.py")
ROOT = Path(__file__).resolve().parent.parent


def _run_and_kill(case_path: Path, passphrase: str, start: int, rng: random.Random) -> list[int]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, str(WRITER), str(case_path), passphrase, str(start)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert proc.stdout.readline().strip() == b"ready"
    time.sleep(rng.uniform(0.05, 0.6))
    proc.send_signal(signal.SIGKILL)
    out = proc.stdout.read().split()
    proc.wait()
    return [int(x) for x in out]


@pytest.mark.slow
def test_sigkill_during_writes(session, case_path, passphrase):
    records.save(session, model.Place(name="Centro de prueba"))
    session.close()
    rng = random.Random(2026)
    committed: list[int] = []
    for _round in range(20):
        start = (committed[-1] + 1) if committed else 0
        committed += _run_and_kill(case_path, passphrase, start, rng)
        reopened = open_case(case_path, passphrase)
        try:
            result = check(reopened)
            assert result.ok, result.lines()
            visits = records.select(reopened, model.Visit)
            findings = records.select(reopened, model.Finding)
            interviews = records.select(reopened, model.Interview)
            assert len(visits) == len(findings) == len(interviews)
            titles = {f.title for f in findings}
            assert {f"txn {n}" for n in committed} <= titles
            by_visit = {i.visit_id: i.id for i in interviews}
            for finding in findings:
                assert finding.interview_ids == [by_visit[finding.visit_id]]
            committed = sorted(int(t.split()[1]) for t in titles)
        finally:
            reopened.close()
    assert len(committed) > 20
