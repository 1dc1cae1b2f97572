"""What the GUI benchmarks share: the real application on a case file, waiting without
spinning, and the medians and ratios of the results table."""

import statistics
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from npmdesk.ui.common import ops


class TimedOut(RuntimeError):
    pass


def wait_until(predicate, timeout_s: float = 60.0, what: str = "") -> float:
    """Run the event loop until `predicate()` holds (checked every millisecond, the loop sleeping
    in between so a worker thread is not starved); returns perf_counter() at that moment."""
    if predicate():
        return time.perf_counter()
    loop = QEventLoop()
    found = []

    def check():
        if predicate():
            found.append(time.perf_counter())
            loop.quit()

    poll = QTimer()
    poll.setInterval(1)
    poll.timeout.connect(check)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    poll.start()
    loop.exec()
    poll.stop()
    if not found:
        raise TimedOut(f"timed out waiting for {what or predicate}")
    return found[0]


def wait_signal(signal, timeout_s: float = 60.0, what: str = "") -> float:
    """Run the event loop until `signal` fires; returns perf_counter() at that moment."""
    loop = QEventLoop()
    fired = []

    def stamp(*_args):
        fired.append(time.perf_counter())
        loop.quit()

    signal.connect(stamp)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec()
    signal.disconnect(stamp)
    if not fired:
        raise TimedOut(f"timed out waiting for {what or signal}")
    return fired[0]


def idle(seconds: float) -> None:
    """Run the event loop for `seconds`, as the application does while nobody types."""
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def painted() -> float:
    """Deliver what is pending (layout, paint into the offscreen backing store); returns the time."""
    QApplication.processEvents()
    return time.perf_counter()


def settle() -> None:
    """Let every running operation finish and its result reach the GUI thread."""
    ops.wait_all(120_000)
    wait_until(lambda: ops.running() == 0, what="operations to report back")
    QApplication.processEvents()


def median(values) -> float:
    return statistics.median(values)


def p95(values) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def row(label: str, value: float, baseline: float | None, unit: str = "ms", target: str = "",
        met: bool | None = None, baseline_label: str = "") -> dict:
    """One line of the results table; times in seconds."""
    return {"measure": label, "value_s": value, "baseline_s": baseline,
            "baseline": baseline_label, "ratio": (value / baseline) if baseline else None,
            "unit": unit, "target": target, "met": met}


def _show(seconds: float | None, unit: str) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.1f}" if unit == "ms" else f"{seconds:.3f}"


def markdown(rows: list[dict]) -> str:
    lines = ["| measure | npmdesk | baseline | baseline is | ratio | target | |",
             "|---|---:|---:|---|---:|---|---|"]
    for r in rows:
        verdict = "" if r["met"] is None else ("met" if r["met"] else "**missed**")
        ratio = f"{r['ratio']:.2f}" if r["ratio"] is not None else "—"
        lines.append(f"| {r['measure']} ({r['unit']}) | {_show(r['value_s'], r['unit'])} | "
                     f"{_show(r['baseline_s'], r['unit'])} | {r['baseline']} | {ratio} | "
                     f"{r['target']} | {verdict} |")
    return "\n".join(lines)


def start_application(case: Path, passphrase: str, scratch: Path):
    """The real npmdesk window on `case`, unlocked, with the navigator showing the places.

    Preferences live in `scratch` (never the user's); the idle lock is stopped.
    """
    from npmdesk.ui.shell.app import Application, make_qapplication
    from npmdesk.ui.shell.language import apply_language
    from npmdesk.ui.shell.settings import AppSettings
    make_qapplication()
    settings = AppSettings(scratch / "npmdesk.ini")
    apply_language(settings.language)
    application = Application(settings)
    application.begin(case, passphrase)
    wait_until(lambda: application.main_controller is not None, 120, "the unlock")
    settle()  # the places are loaded (sig_ready has fired)
    application.idle.stop()
    application.window.resize(1280, 800)
    settle()
    return application
