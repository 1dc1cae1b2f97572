"""The long fault run: SIGKILL npmdesk hundreds of times during autosave-like edits, passphrase
changes, backups, restores, imports and `init`, and count what each kill left.

Usage (from the checkout; a few tens of minutes on a loaded 2-core machine):
    PYTHONPATH=$PWD python -m bench.fault_harness                  # the counts of bench/README.md
    PYTHONPATH=$PWD python -m bench.fault_harness --only import --kills 10

The kill loop and every check are tests/fault_harness.py's (the test suite runs them a few
times per operation); this script only runs them longer and prints a Markdown table.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import fault_harness as harness  # noqa: E402

DEFAULT_KILLS = {"autosave": 200, "passwd": 50, "backup": 30, "restore": 30, "import": 30, "init": 30,
                 "package": 30, "bitflips": 100}


def isolate(home: Path) -> None:
    """This process and its children get their own home and config folders (as each test
    does, tests/conftest.py): nothing of the runs lands in the user's."""
    for name, sub in (("HOME", ""), ("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                      ("XDG_CACHE_HOME", ".cache"), ("XDG_STATE_HOME", ".local/state")):
        (home / sub).mkdir(parents=True, exist_ok=True)
        os.environ[name] = str(home / sub)
    os.environ.pop("NPMDESK_PASSPHRASE", None)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(DEFAULT_KILLS), action="append")
    parser.add_argument("--kills", type=int, help="kills per experiment (default: the table's)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    print("| experiment | runs | corrupt | lost commits | unclear messages | outcomes | minutes |")
    print("|---|---|---|---|---|---|---|")
    dirty = False
    for name in args.only or DEFAULT_KILLS:
        began = time.monotonic()
        work = Path(tempfile.mkdtemp(prefix=f"faults-{name}-"))
        isolate(work / "home")
        tally = harness.EXPERIMENTS[name](work, args.kills or DEFAULT_KILLS[name], args.seed)
        if tally.clean:
            shutil.rmtree(work)
        else:  # what the failing kill left, to look at
            print(f"  - {name}: kept {work}", file=sys.stderr, flush=True)
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(tally.outcomes.items()))
        print(f"| {name} | {tally.runs} | {tally.corrupt} | {tally.lost} | {tally.unclear} | "
              f"{outcomes} | {(time.monotonic() - began) / 60:.1f} |", flush=True)
        for note in tally.notes:
            print(f"  - {name}: {note}", file=sys.stderr, flush=True)
        dirty |= not tally.clean
    return 1 if dirty else 0


if __name__ == "__main__":
    sys.exit(main())
