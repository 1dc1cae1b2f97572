"""The `npmdesk` command as a person types it: the README's first command, `npmdesk CASE`
with NPMDESK_PASSPHRASE, and `npmdesk` alone. Each runs the real event loop of
`npmdesk.cli.main` and quits through the window's own Salir action."""

import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from npmdesk import cli
from npmdesk.services.demo import DEMO_PASSPHRASE
from npmdesk.ui import ops
from npmdesk.ui.main_window import MainWindow
from npmdesk.ui.start import StartView
from npmdesk.ui.unlock import UnlockView


def visible(kind):
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def run_until(argv, ready, act, timeout_s=60.0):
    """Run `npmdesk ARGV`; once `ready()` holds, call `act()` (which must end the event loop).

    Returns (exit code, what `ready()` saw). Polls with a timer, never sleeps."""
    seen = {}
    deadline = time.monotonic() + timeout_s
    timer = QTimer()
    timer.setInterval(50)

    def poll():
        if time.monotonic() > deadline:
            timer.stop()
            seen["timeout"] = True
            QApplication.instance().exit(99)
            return
        found = ready()
        if found:
            timer.stop()
            seen["found"] = found
            act(found)

    timer.timeout.connect(poll)
    timer.start()
    try:
        code = cli.main(argv)
    finally:
        timer.stop()
    assert "timeout" not in seen, "the expected window never became usable"
    return code, seen["found"]


def main_window_loaded():
    windows = visible(MainWindow)
    if windows and windows[0].tree.model() is not None and windows[0].tree.model().rowCount() > 0 \
            and ops.running() == 0:
        return windows[0]
    return None


TITLES = []


def quit_window(window):
    """Note the window's title, then quit as a person does (Archivo → Salir)."""
    TITLES.append(window.windowTitle())
    window.act_quit.trigger()


def test_readme_first_command_opens_the_demo_unlocked_then_npmdesk_reopens_it(
        qtbot, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main() installs its own
    demo = tmp_path / "demo.npmcase"

    TITLES.clear()
    code, _window = run_until(["demo", "--open", str(demo)], main_window_loaded, quit_window)
    assert code == 0
    assert demo.exists()
    printed = capsys.readouterr().out
    assert DEMO_PASSPHRASE in printed
    assert TITLES and "demo.npmcase" in TITLES[-1]

    # `npmdesk` alone: the last case file's unlock screen, waiting for the passphrase.
    def unlock_shown():
        views = visible(UnlockView)
        return views[0] if views else None

    shown = {}

    def note_and_quit(view):
        shown.update(path=view.path, typed=view.passphrase.text())
        QApplication.instance().quit()

    code, _view = run_until([], unlock_shown, note_and_quit)
    assert code == 0
    assert shown == {"path": demo, "typed": ""}

    # `npmdesk CASE` with NPMDESK_PASSPHRASE: unlocked at once.
    monkeypatch.setenv(cli.ENV_PASSPHRASE, DEMO_PASSPHRASE)
    code, _window = run_until([str(demo)], main_window_loaded, quit_window)
    assert code == 0
    assert "demo.npmcase" in TITLES[-1]


def test_npmdesk_alone_on_a_fresh_machine_shows_the_start_screen(qtbot, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)

    def start_shown():
        views = visible(StartView)
        return views[0] if views else None

    code, _view = run_until([], start_shown, lambda v: QApplication.instance().quit())
    assert code == 0
