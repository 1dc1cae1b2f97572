"""Run `npmdesk ARGS…` in this process as a person would, wait for a window, report it, quit.

Usage: python tests/entry_driver.py main|unlock|start ARGS…  — prints one JSON line
{"window": …, "title": …, "path": …, "typed": …} and exits with npmdesk's exit code.
Used by tests/test_gui_entry.py in a fresh process, as the command really runs."""

import json
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from npmdesk import cli
from npmdesk.ui.common import ops


def visible(kind):
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def main() -> int:
    wanted, argv = sys.argv[1], sys.argv[2:]
    from npmdesk.ui.shell.app import make_qapplication
    make_qapplication()  # the same one npmdesk's main() then uses; the timer needs it first
    deadline = time.monotonic() + 60
    timer = QTimer()
    timer.setInterval(50)

    def poll():
        from npmdesk.ui.shell.main_window import MainWindow
        from npmdesk.ui.shell.start import StartView
        from npmdesk.ui.shell.unlock import UnlockView
        if time.monotonic() > deadline:
            print(json.dumps({"window": "none"}), flush=True)
            QApplication.instance().exit(99)
            return
        kind = {"main": MainWindow, "unlock": UnlockView, "start": StartView}[wanted]
        windows = visible(kind)
        if not windows:
            return
        window = windows[0]
        if wanted == "main" and (window.tree.model() is None or window.tree.model().rowCount() == 0
                                 or ops.running()):
            return
        timer.stop()
        report = {"window": wanted, "title": window.windowTitle()}
        if wanted == "unlock":
            report.update(path=str(window.path), typed=window.passphrase.text())
        print(json.dumps(report), flush=True)
        if wanted == "main":
            window.act_quit.trigger()  # Archivo → Salir: backup, close, quit
        else:
            QApplication.instance().quit()

    timer.timeout.connect(poll)
    timer.start()
    return cli.main(argv)


if __name__ == "__main__":
    sys.exit(main())
