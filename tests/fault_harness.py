"""One kill loop for every fault experiment: SIGKILL a real npmdesk process during an operation,
then check what it left. The tests run it a few times per operation; bench/fault_harness.py
runs it hundreds of times and writes the figures.

Each experiment first runs its operation to completion and measures it, so that the kills
are spread across its whole duration (start-up included) and a little past its usual end.
After every kill: the case file opens (with the old or the new passphrase where one changes),
`check` passes, it holds what it held and every commit the child reported before the kill; a
file being created is absent or complete. Anything else is counted, never hidden:
`corrupt` (does not open, fails `check`, or holds something else), `lost` (commits reported
and missing), `unclear` (an error that is not one of npmdesk's sentences, or one that calls a
sound file in a writable folder damaged or read-only).
"""

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from npmdesk import ENV_PASSPHRASE
from npmdesk.domain import model
from npmdesk.errors import DamagedCaseFile, NpmdeskError, ReadOnlyCaseFile, WrongPassphrase
from npmdesk.services.archive.integrity import check
from npmdesk.services.exchange.dump import write_dump
from npmdesk.services.records import edit as records
from npmdesk.services.session import create_case, open_case
from npmdesk.storage import backup
from npmdesk.storage.casefile import NEW_PREFIX

from fast_kdf import FAST_KDF

ROOT = Path(__file__).resolve().parent.parent
WRITER = Path(__file__).with_name("crash_writer.py")
PASSPHRASE = "Frase de prueba segura 2026"  # tests/conftest.py's and package_support's
OTHER = "Otra frase de contraseña de 2027"


@dataclass
class Tally:
    experiment: str
    runs: int = 0
    corrupt: int = 0
    lost: int = 0
    unclear: int = 0
    outcomes: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.corrupt or self.lost or self.unclear)

    def saw(self, outcome: str) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1


def _env(passphrase: str | None = None) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop(ENV_PASSPHRASE, None)
    if passphrase:
        env[ENV_PASSPHRASE] = passphrase
    return env


def npmdesk(*args, passphrase: str | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "npmdesk", *map(str, args)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=_env(passphrase))


def whole(start, times: int = 1) -> float:
    """Run `start()`'s process to its end `times` times (it must succeed); the longest duration
    in seconds (the machine is shared: a run measured while it was quiet would put no kill late)."""
    longest = 0.0
    for _ in range(times):
        began = time.monotonic()
        proc = start()
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err.decode(errors="replace")
        longest = max(longest, time.monotonic() - began)
    return longest


def delays(duration: float, kills: int, seed: int, overshoot: float = 1.2) -> list[float]:
    """One kill time per run, stratified over [0, duration * overshoot]: late kills included."""
    rng = random.Random(seed)
    return [duration * overshoot * (run + rng.random()) / kills for run in range(kills)]


def kill_after(proc: subprocess.Popen, delay: float, tally: "Tally") -> bool:
    """SIGKILL `proc` after `delay` s; whether it had already finished (a kill too late). A
    command that ended by itself with an error is noted, and counted as unclear unless it said
    one of npmdesk's sentences (a traceback, "Error inesperado")."""
    try:
        proc.wait(timeout=delay)
        finished = True
    except subprocess.TimeoutExpired:
        finished = False
        proc.send_signal(signal.SIGKILL)
    _, err = proc.communicate()
    if finished and proc.returncode:
        text = err.decode(errors="replace").strip()
        tally.saw("refused")
        tally.notes.append(f"exit {proc.returncode}: {text[-300:]}")
        if "Traceback" in text or "Error inesperado" in text:
            tally.unclear += 1
    return finished


def places(session) -> list[tuple[str, str]]:
    return sorted((p.name, p.description) for p in records.select(session, model.Place))


def seeded_case(path: Path, count: int, prefix: str = "Lugar") -> list[tuple[str, str]]:
    """A case file (cheap KDF) holding `count` places of 4 KB each; returns its content."""
    session = create_case(path, PASSPHRASE, owner_name="Ana Directora", kdf_params=FAST_KDF)
    try:
        with session.case.transaction():
            for n in range(count):
                records.save(session, model.Place(name=f"{prefix} {n:04d}",
                                                  description=os.urandom(2000).hex()))
        return places(session)
    finally:
        session.close()


def inspect(tally: Tally, path: Path, candidates, verify) -> str | None:
    """Open `path` with each passphrase in turn, run `check` and `verify(session)` (True when
    it holds what it must); the passphrase it opened with, or None (counted in `tally`)."""
    for passphrase in candidates:
        try:
            session = open_case(path, passphrase)
        except WrongPassphrase:
            continue
        except (DamagedCaseFile, ReadOnlyCaseFile) as exc:
            tally.corrupt += 1
            tally.unclear += 1  # the harness's files are sound, in a writable folder
            tally.notes.append(f"{path.name}: {exc.message()}")
            return None
        except NpmdeskError as exc:
            tally.corrupt += 1
            tally.notes.append(f"{path.name}: {exc.message()}")
            return None
        except Exception as exc:  # a traceback a user would see
            tally.corrupt += 1
            tally.unclear += 1
            tally.notes.append(f"{path.name}: {type(exc).__name__}: {exc}")
            return None
        try:
            result = check(session)
            if not result.ok:
                tally.corrupt += 1
                tally.notes.append("; ".join(result.lines()))
            elif not verify(session):
                tally.corrupt += 1
                tally.notes.append(f"{path.name}: content differs")
        finally:
            session.close()
        return passphrase
    tally.corrupt += 1
    tally.notes.append(f"{path.name}: opens with no passphrase")
    return None


# -- the experiments ----------------------------------------------------------------------

def _autosave_case(path: Path) -> None:
    session = create_case(path, PASSPHRASE, owner_name="Ana Directora", kdf_params=FAST_KDF)
    records.save(session, model.Place(name="Centro de prueba"))
    session.close()


def autosave(work: Path, kills: int, seed: int, fresh_every: int = 25) -> Tally:
    """Kill a process committing edit after edit (tests/crash_writer.py) at random instants.
    A fresh file every `fresh_every` kills: each check reads the whole file, which grows by
    thousands of commits per kill."""
    tally = Tally("autosave")
    rng = random.Random(seed)
    committed: list[int] = []
    total = 0
    for run in range(kills):
        if run % fresh_every == 0:
            total += len(committed)
            committed = []
            path = work / f"autosave-{run // fresh_every}.npmcase"
            _autosave_case(path)
        start = committed[-1] + 1 if committed else 0
        proc = subprocess.Popen([sys.executable, str(WRITER), str(path), PASSPHRASE, str(start)],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=_env())
        if proc.stdout.readline().strip() != b"ready":
            proc.wait()
            tally.runs += 1
            tally.corrupt += 1
            tally.notes.append("the writer could not open the file")
            continue
        time.sleep(rng.uniform(0.02, 0.6))
        proc.send_signal(signal.SIGKILL)
        reported = [int(x) for x in proc.stdout.read().split()]
        proc.wait()
        tally.runs += 1
        committed += reported
        found: set[int] = set()

        def verify(s) -> bool:
            visits = records.select(s, model.Visit)
            findings = records.select(s, model.Finding)
            interviews = records.select(s, model.Interview)
            by_visit = {i.visit_id: i.id for i in interviews}
            found.update(int(f.title.split()[1]) for f in findings)
            return len(visits) == len(findings) == len(interviews) and all(
                f.interview_ids == [by_visit.get(f.visit_id)] for f in findings)

        if inspect(tally, path, (PASSPHRASE,), verify) is not None:
            missing = set(committed) - found
            tally.lost += len(missing)
            committed = sorted(found)
    tally.outcomes["commits"] = total + len(committed)
    return tally


def passwd(work: Path, kills: int, seed: int, count: int = 160) -> Tally:
    """Kill `npmdesk passwd` across its duration: old or new passphrase, never neither."""
    tally = Tally("passwd")
    path = work / "passwd.npmcase"
    expected = seeded_case(path, count)
    files = {}
    for name, text in (("a", PASSPHRASE), ("b", OTHER)):
        files[text] = work / f"frase-{name}.txt"
        files[text].write_text(text + "\n", encoding="utf-8")
    current, other = PASSPHRASE, OTHER

    def run(old, new):
        return npmdesk("passwd", path, "--new-passphrase-file", files[new], passphrase=old)

    duration = whole(lambda: run(current, other))
    current, other = other, current
    duration = max(duration, whole(lambda: run(current, other)))
    current, other = other, current
    # The swap is the command's last step: a wider overshoot so that, on a loaded machine too,
    # some kills land after it.
    # Should a machine loaded after the measurement make every run slower than 1.4x it, the
    # spread ends before any swap: then later kills (bounded) until one lands after it.
    fallback = [duration * 3 ** n for n in range(1, 4)]
    for delay in [*delays(duration, kills, seed, overshoot=1.4), *fallback]:
        if delay in fallback and tally.outcomes.get("new"):
            break
        kill_after(run(current, other), delay, tally)
        tally.runs += 1
        opened = inspect(tally, path, (current, other), lambda s: places(s) == expected)
        if opened is None:
            break  # the file as the kill left it stays for a look (bench/fault_harness.py keeps it)
        else:
            tally.saw("old" if opened == current else "new")
            if opened != current:
                current, other = other, current
    return tally


def backups_taken(tally: Tally, path: Path, expected) -> None:
    """Every backup under its final name opens and holds the content (a backup is whole or absent)."""
    for copy in backup.backups(backup.backup_dir(path), path.stem):
        inspect(tally, copy, (PASSPHRASE,), lambda s: places(s) == expected)


def backup_kills(work: Path, kills: int, seed: int, count: int = 300) -> Tally:
    """Kill `npmdesk backup`: the case file and every backup that took its name stay whole."""
    tally = Tally("backup")
    path = work / "backup.npmcase"
    expected = seeded_case(path, count)
    duration = whole(lambda: npmdesk("backup", path, "--keep", "3", passphrase=PASSPHRASE), 2)
    for delay in delays(duration, kills, seed):
        finished = kill_after(npmdesk("backup", path, "--keep", "3", passphrase=PASSPHRASE), delay,
                              tally)
        tally.runs += 1
        tally.saw("finished" if finished else "killed")
        inspect(tally, path, (PASSPHRASE,), lambda s: places(s) == expected)
        backups_taken(tally, path, expected)
    return tally


def restore_kills(work: Path, kills: int, seed: int, count: int = 300) -> Tally:
    """Kill `npmdesk restore`: the case file is the one it replaced or the backup, whole."""
    tally = Tally("restore")
    path = work / "restore.npmcase"
    restored = seeded_case(path, count)
    session = open_case(path, PASSPHRASE)
    copy = backup.backup(session.case, work / "copias")
    extra = model.Place(name="Después de la copia", description="solo en el archivo vigente")
    records.save(session, extra)
    newer = places(session)
    session.close()
    run = lambda: npmdesk("restore", copy, path, passphrase=PASSPHRASE)  # noqa: E731
    duration = whole(run, 2)
    for delay in delays(duration, kills, seed):
        session = open_case(path, PASSPHRASE)  # the file to replace differs from the backup
        if places(session) != newer:
            records.save(session, extra)
        session.close()
        kill_after(run(), delay, tally)
        tally.runs += 1
        state = []
        inspect(tally, path, (PASSPHRASE,),
                lambda s: state.append(places(s)) or state[0] in (newer, restored))
        if state:
            tally.saw("restored" if state[0] == restored else "kept")
    return tally


def dump_of(work: Path, count: int) -> tuple[Path, list]:
    """A JSON dump of a case file of `count` places, and that content."""
    source = work / "origen.npmcase"
    expected = seeded_case(source, count, prefix="Importado")
    session = open_case(source, PASSPHRASE)
    target = write_dump(session, work / "volcado.json")
    session.close()
    return target, expected


def creation_kills(work: Path, kills: int, seed: int, command: str, count: int = 300) -> Tally:
    """Kill `npmdesk import` (or `init`, `package import-case`) creating a case file: the target is absent or whole,
    and the next run leaves nothing beside it."""
    tally = Tally(command)
    target = work / f"{command}.npmcase"
    if command == "import":
        source, expected = dump_of(work, count)
        argv = ("import", target, source)
        verify = lambda s: places(s) == expected  # noqa: E731
    elif command == "package":
        argv, expected = whole_case_package(work, count, target)
        verify = lambda s: places(s) == expected and s.actor.name == "Dora Directora"  # noqa: E731
    else:
        argv = ("init", target, "--name", "Ana Directora")
        verify = lambda s: s.actor.name == "Ana Directora" and places(s) == []  # noqa: E731
    run = lambda: npmdesk(*argv, passphrase=PASSPHRASE)  # noqa: E731
    duration = whole(run)
    remove_case(target)
    duration = max(duration, whole(run))
    remove_case(target)
    for delay in delays(duration, kills, seed):
        kill_after(run(), delay, tally)
        tally.runs += 1
        if not target.exists():
            tally.saw("absent")
        elif inspect(tally, target, (PASSPHRASE,), verify):
            tally.saw("whole")
        remove_case(target)
    whole(run)  # the next run completes and sweeps what the killed ones left
    left = leftovers(work, target)
    if left:
        tally.corrupt += 1
        tally.notes.append(f"left beside the file: {left}")
    return tally


def whole_case_package(work: Path, count: int, target: Path) -> tuple[tuple, list]:
    """`package import-case` of a whole-case-file package Dora addressed to herself (a new
    laptop), from an office of three (tests/package_support.py) whose file holds `count` places."""
    from package_support import close, make_office

    office = make_office(work)
    dora = office.dora
    with dora.case.transaction():
        for n in range(count):
            records.save(dora, model.Place(name=f"Paquete {n:04d}", description=os.urandom(2000).hex()))
    expected, dora_id = places(dora), dora.actor.id
    close(office)
    package = work / "expediente.npmpaq"
    whole(lambda: npmdesk("package", "create", work / "dora.npmcase", "--kind", "expediente",
                          "--to", dora_id, "-o", package, passphrase=PASSPHRASE))
    return ("package", "import-case", work / "dora.npmcase", package, target), expected


def remove_case(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal", "-lock"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def leftovers(folder: Path, target: Path) -> list[str]:
    """What a creation of `target` may leave and must not: the hidden copy, sidecars, a lock."""
    return sorted(p.name for p in folder.iterdir()
                  if p.name.startswith(NEW_PREFIX) or p.name.startswith(target.name + "-"))


def bitflips(work: Path, flips: int, seed: int, count: int = 60) -> Tally:
    """Flip one random bit of a sound case file, anywhere in it, `flips` times (a fresh copy
    each time): the open must say so (damaged; a flip in the salt of page 1 can only read as a
    wrong passphrase) or, if it opens, `check` must find it; never a file that opens and passes
    `check` holding something else."""
    import shutil
    tally = Tally("bitflips")
    sound = work / "sano.npmcase"
    expected = seeded_case(sound, count)
    size = sound.stat().st_size
    rng = random.Random(seed)
    for n in range(flips):
        copy = work / f"volteado-{n}.npmcase"
        shutil.copyfile(sound, copy)
        offset, bit = rng.randrange(size), rng.randrange(8)
        with open(copy, "r+b") as fh:
            fh.seek(offset)
            byte = fh.read(1)[0]
            fh.seek(offset)
            fh.write(bytes([byte ^ (1 << bit)]))
        tally.runs += 1
        try:
            session = open_case(copy, PASSPHRASE)
        except DamagedCaseFile:
            tally.saw("damaged")
        except WrongPassphrase:
            tally.saw("wrong passphrase (salt)" if offset < 16 else "wrong passphrase")
            if offset >= 16:
                tally.unclear += 1
                tally.notes.append(f"bit {bit} of byte {offset}: read as a wrong passphrase")
        except Exception as exc:  # anything else is a sentence we did not mean, or a traceback
            tally.unclear += 1
            tally.notes.append(f"bit {bit} of byte {offset}: {type(exc).__name__}")
        else:
            try:
                if not check(session).ok:
                    tally.saw("found by check")
                elif places(session) == expected:
                    tally.saw("opened, content intact")
                else:
                    tally.corrupt += 1
                    tally.notes.append(f"bit {bit} of byte {offset}: opened and passed check, content differs")
            finally:
                session.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(copy) + suffix).unlink(missing_ok=True)
    return tally


EXPERIMENTS = {
    "autosave": autosave,
    "passwd": passwd,
    "backup": backup_kills,
    "restore": restore_kills,
    "import": lambda work, kills, seed: creation_kills(work, kills, seed, "import"),
    "init": lambda work, kills, seed: creation_kills(work, kills, seed, "init"),
    "package": lambda work, kills, seed: creation_kills(work, kills, seed, "package"),
    "bitflips": bitflips,
}
