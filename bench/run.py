"""Run the storage benchmarks of DESIGN.md §8 on an encrypted case file and a plain one.

    PYTHONPATH=$PWD python -m bench.run --scale 1        # full ten-year case file
    PYTHONPATH=$PWD python -m bench.run --scale 0.01     # a quick look

Each phase runs in its own process (peak RSS per phase). Results go to
bench/results/<stamp>.json and .md; the case files are deleted unless --keep.
"""

import argparse
import json
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from bench import report

HERE = Path(__file__).resolve().parent
BACKENDS = ("encrypted", "plain")


def _phase(phase: str, backend: str, path: Path, scale: float, seed: int) -> dict:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bench.workload", phase, backend, str(path), str(scale), str(seed)],
        capture_output=True, text=True, cwd=HERE.parent)
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"{phase} on {backend} failed")
    print(f"  {phase:8} {backend:9} {time.perf_counter() - started:7.1f} s", flush=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _same_content(results: dict) -> list[str]:
    """Differences between the two files that would make the comparison unfair."""
    e, p = results["encrypted"]["use"], results["plain"]["use"]
    problems = [f"{k}: {e['stored'][k]} vs {p['stored'].get(k)}" for k in e["stored"]
                if e["stored"][k] != p["stored"].get(k)]
    problems += [f"search {q!r}: hits differ" for q in e["search_hits_digest"]
                 if e["search_hits_digest"][q] != p["search_hits_digest"].get(q)]
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--work", type=Path, default=HERE / "results" / "work",
                        help="folder for the two case files")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    paths = {"encrypted": args.work / f"bench-{stamp}.npmcase", "plain": args.work / f"bench-{stamp}.sqlite"}
    results = {"scale": args.scale, "seed": args.seed, "stamp": stamp, "machine": report.machine()}
    print(f"scale {args.scale}, seed {args.seed}", flush=True)
    try:
        for backend in BACKENDS:
            results[backend] = {"generate": _phase("generate", backend, paths[backend], args.scale, args.seed)}
        for backend in BACKENDS:
            results[backend]["use"] = _phase("use", backend, paths[backend], args.scale, args.seed)
    finally:
        if not args.keep:
            for path in paths.values():
                _remove(path)
    results["differences"] = _same_content(results)
    table = report.markdown(results)
    out = HERE / "results"
    (out / f"{stamp}.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    text = (f"# Benchmark {stamp}, scale {args.scale}\n\n{table}\n\n## Machine\n\n"
            f"{report.machine_markdown(results['machine'])}\n")
    if results["differences"]:
        text += "\n## The two files differ\n\n" + "\n".join(f"- {d}" for d in results["differences"]) + "\n"
    (out / f"{stamp}.md").write_text(text, encoding="utf-8")
    print(text)
    return 1 if results["differences"] else 0


if __name__ == "__main__":
    sys.exit(main())
