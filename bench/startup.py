"""Time from process start to a usable main window, as a ratio to an empty PySide6 window.

    python bench/startup.py [CASE] [--runs 5]

CASE is unlocked with NPMDESK_PASSPHRASE (without CASE a small case file is created in a
temporary folder). Each run starts a fresh Python process the same way for both sides:
`python bench/startup.py --child baseline` shows an empty QMainWindow; `--child npmdesk`
starts npmdesk on CASE through its real entry point (`npmdesk CASE`, npmdesk.cli.main) and
waits until the navigator shows the places. The time the key derivation (Argon2id) takes is
measured inside the child and reported beside the result; it is subtracted from npmdesk's time, since it is a chosen security cost, not start-up work.
The unlock's probe (storage/casefile.py `_probe`: the key on page 1, plus the check of every
page's HMAC for files up to PAGE_CHECK_AT_UNLOCK_MAX_BYTES) is timed the same way and reported
beside, but not subtracted. Above that size the page check runs in the background once the
window is usable, so it is not in the figure. Target: ratio ≤ 2.5.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 2.5


def child_baseline() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1180, 760)
    window.show()

    def ready():
        print("READY 0.0", flush=True)
        app.quit()

    QTimer.singleShot(0, ready)
    app.exec()


def _timed(module, name: str, spent: list, slot: int) -> None:
    """Replace module.name by a wrapper adding its run time to spent[slot]."""
    original = getattr(module, name)

    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[slot] += time.perf_counter() - start

    setattr(module, name, timed)


def child_npmdesk(case: str) -> None:
    """`npmdesk CASE` through its real entry point (npmdesk.cli.main), as a person starts it."""
    from npmdesk.crypto import kdf
    from npmdesk.storage import casefile
    spent = [0.0, 0.0]
    _timed(kdf, "derive_key", spent, 0)
    _timed(casefile, "_probe", spent, 1)  # the unlock's probe (and page check): reported, not subtracted
    from PySide6.QtCore import QCoreApplication, QTimer
    from npmdesk.cli import main
    from npmdesk.ui.shell.app import Application
    begin = Application.begin

    def ready():
        print(f"READY {spent[0]:.4f} {spent[1]:.4f}", flush=True)
        QCoreApplication.quit()

    def watched_begin(application, *args, **kwargs):
        def state(name):
            if name == "main":
                application.main_controller.sig_ready.connect(lambda: QTimer.singleShot(0, ready))
            elif name != "unlock":
                print("FAILED", flush=True)
                QCoreApplication.quit()
        application.sig_state.connect(state)
        return begin(application, *args, **kwargs)

    Application.begin = watched_begin
    main([case])  # unlocked with NPMDESK_PASSPHRASE, as `npmdesk CASE` does


def run_child(kind: str, case: str, env: dict) -> tuple[float, float, float]:
    """(seconds to READY, of which key derivation, of which the unlock's page check)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind]
    if case:
        command.append(case)
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               env=env, text=True)
    line = process.stdout.readline()
    elapsed = time.perf_counter() - start
    process.wait(timeout=120)
    if not line.startswith("READY"):
        raise SystemExit(f"the {kind} child did not reach a usable window")
    fields = line.split()[1:] + ["0"]
    return elapsed, float(fields[0]), float(fields[1])


def make_small_case(folder: Path) -> str:
    sys.path.insert(0, str(ROOT))
    from npmdesk.domain import model
    from npmdesk.services.records import edit as records
    from npmdesk.services.session import create_case
    path = folder / "arranque.npmcase"
    session = create_case(path, os.environ["NPMDESK_PASSPHRASE"], "Titular")
    for n in range(40):
        place = records.save(session, model.Place(name=f"Lugar {n:02d}"))
        records.save(session, model.Visit(place_id=place.id, start_date="2026-01-15"))
    session.close()
    return str(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", nargs="?")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", choices=("baseline", "npmdesk"))
    args = parser.parse_args()
    if args.child == "baseline":
        child_baseline()
        return 0
    if args.child == "npmdesk":
        child_npmdesk(args.case)
        return 0
    os.environ.setdefault("NPMDESK_PASSPHRASE", "Frase de prueba del banco 2026")
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        env = dict(os.environ)
        env.setdefault("QT_QPA_PLATFORM", "offscreen" if not os.environ.get("DISPLAY") else "")
        env["XDG_CONFIG_HOME"] = str(scratch / "config")  # never touch the user's preferences
        env["XDG_STATE_HOME"] = str(scratch / "state")
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        # An installed npmdesk runs from bytecode (pip and PyInstaller compile it): let the
        # warm-up runs write it even where the shell sets PYTHONDONTWRITEBYTECODE, or every
        # timed run would compile npmdesk's modules from source.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        case = args.case or make_small_case(scratch)
        run_child("baseline", "", env)  # warm the file and bytecode caches for both sides
        run_child("npmdesk", case, env)
        base, full, kdf_times, checks = [], [], [], []
        for _ in range(args.runs):
            base.append(run_child("baseline", "", env)[0])
            elapsed, kdf_seconds, check_seconds = run_child("npmdesk", case, env)
            full.append(elapsed - kdf_seconds)
            kdf_times.append(kdf_seconds)
            checks.append(check_seconds)
    result = {
        "case": case if args.case else "(40 lugares, 40 visitas, temporal)",
        "runs": args.runs,
        "empty_window_s": statistics.median(base),
        "npmdesk_s_without_kdf": statistics.median(full),
        "kdf_s": statistics.median(kdf_times),
        "page_check_s": statistics.median(checks),
    }
    result["ratio"] = result["npmdesk_s_without_kdf"] / result["empty_window_s"]
    result["ratio_without_page_check"] = (
        (result["npmdesk_s_without_kdf"] - result["page_check_s"]) / result["empty_window_s"])
    result["target"] = TARGET
    print(f"Ventana vacía de PySide6:          {result['empty_window_s']:.3f} s")
    print(f"npmdesk hasta la ventana principal: {result['npmdesk_s_without_kdf']:.3f} s "
          f"(sin la derivación de clave)")
    print(f"Derivación de clave (Argon2id):     {result['kdf_s']:.3f} s (aparte)")
    print(f"  de ello, sondeo al desbloquear:    {result['page_check_s']:.3f} s (incluido)")
    print(f"Razón: {result['ratio']:.2f}× (objetivo ≤ {TARGET}×); "
          f"sin la comprobación de páginas: {result['ratio_without_page_check']:.2f}×")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "startup.json").write_text(json.dumps(result, indent=2, ensure_ascii=False),
                                      encoding="utf-8")
    return 0 if result["ratio"] <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
