"""GUI benchmarks of issue #4 on the synthetic case file, each as a ratio to a baseline
measured in the same run: the section editor (open, keystroke, autosave), opening a report
of 40 sections from the navigator, and filtering the recommendations view.

    PYTHONPATH=$PWD QT_QPA_PLATFORM=offscreen python -m bench.gui_bench --scale 0.01
    PYTHONPATH=$PWD QT_QPA_PLATFORM=offscreen python -m bench.gui_bench --case FILE.npmcase

Without --case, a case file is generated at --scale in bench/results/work/ (deleted at the
end unless --keep). A --case file must come from bench/synthetic.py (its passphrase, its
40-section report); the benchmark adds revisions to it. Results go to
bench/results/gui-<stamp>.json and .md.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _ids(session) -> tuple[str, str]:
    from bench import synthetic
    from npmdesk.domain import model
    from npmdesk.services.records import edit as services
    report = next(r for r in services.select(session, model.Report)
                  if r.title == synthetic.LONG_REPORT_TITLE)
    long_section = services.select(session, model.Section, report_id=report.id, position=0)[0]
    return report.id, long_section.id


def measure(case: Path, work: Path, quick: bool = False, only: str = "") -> dict:
    """Every GUI measurement on `case` in this process (a QApplication is created); with
    `only` = "recommendations", the recommendations view alone."""
    from bench import gui_common, gui_editor, gui_views, synthetic
    editor = report = None
    with tempfile.TemporaryDirectory() as scratch:
        app = gui_common.start_application(case, synthetic.BENCH_PASSPHRASE, Path(scratch))
        try:
            if not only:
                report_id, section_id = _ids(app.ctx.session)
                rounds = 2 if quick else 5
                editor = gui_editor.run(app, section_id, work, rounds=rounds, chars=10 if quick else 40,
                                        opens=1 if quick else 3)
                report = gui_views.open_report(app, report_id, repeat=3 if quick else 15)
            recs = gui_views.filter_recommendations(app)
        finally:
            gui_common.settle()
            session = app._drop_main()
            session.close()
    return {"editor": editor, "report": report, "recommendations": recs}


def table(results: dict) -> str:
    from bench import gui_common, gui_editor, gui_views
    rows = gui_editor.rows(results["editor"]) if results["editor"] else []
    rows += gui_views.rows(results["report"], results["recommendations"])
    return gui_common.markdown(rows)


def target_lines(results: dict) -> str:
    """Issue 17's three editor targets: each ratio against its target, met or missed."""
    from bench import gui_editor
    return "\n".join(f"- {r['measure']}: {r['ratio']:.2f}× ({r['target']}): {'met' if r['met'] else 'MISSED'}"
                     for r in gui_editor.targets(results["editor"]))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", type=Path, help="a case file made by bench/synthetic.py")
    parser.add_argument("--scale", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--work", type=Path, default=HERE / "results" / "work")
    parser.add_argument("--keep", action="store_true", help="keep the generated case file")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke run)")
    parser.add_argument("--only", choices=("recommendations",), default="",
                        help="measure the recommendations view alone")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from bench import report, synthetic
    args.work.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    case, generated = args.case, args.case is None
    if generated:
        case = args.work / f"gui-{stamp}.npmcase"
        started = time.perf_counter()
        created = synthetic.create_encrypted(case)
        try:
            synthetic.populate(created, args.scale, args.seed)
        finally:
            created.close()
        print(f"generated {case.name} at scale {args.scale} in {time.perf_counter() - started:.1f} s",
              flush=True)
    try:
        results = measure(case, args.work, args.quick, args.only)
    finally:
        if generated and not args.keep:
            for suffix in ("", "-wal", "-shm"):
                Path(str(case) + suffix).unlink(missing_ok=True)
    results.update({"stamp": stamp, "case": case.name, "case_mib": None if generated and not args.keep
                    else case.stat().st_size / 2**20, "scale": None if args.case else args.scale,
                    "machine": report.machine()})
    targets = f"## Editor targets (issue 17)\n\n{target_lines(results)}\n\n" if results["editor"] else ""
    text = (f"# GUI benchmark {stamp} ({case.name})\n\n{table(results)}\n\n{targets}## Machine\n\n"
            f"{report.machine_markdown(results['machine'])}\n")
    out = HERE / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"gui-{stamp}.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    (out / f"gui-{stamp}.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
