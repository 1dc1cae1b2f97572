"""Unlock a case file in the real application (this process, offscreen), touch nothing, and
report whether the spelling dictionary was loaded when the window became usable and a few
seconds later. Used by tests/test_spelling_preload.py in a fresh process: the dictionary is
loaded once per process, so only a fresh one can tell."""

import json
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer

from npmdesk.domain import lexicon


def wait(predicate, seconds: float) -> bool:
    loop, deadline = QEventLoop(), time.monotonic() + seconds
    while not predicate() and time.monotonic() < deadline:
        QTimer.singleShot(20, loop.quit)
        loop.exec()
    return predicate()


def main() -> int:
    case, passphrase = Path(sys.argv[1]), sys.argv[2]
    from npmdesk.ui.shell.app import Application, make_qapplication
    from npmdesk.ui.shell.settings import AppSettings
    make_qapplication()
    application = Application(AppSettings(Path(tempfile.mkdtemp()) / "npmdesk.ini"))
    application.begin(case, passphrase)
    ready = []
    wait(lambda: application.main_controller is not None, 60)
    application.main_controller.sig_ready.connect(lambda: ready.append(lexicon.loaded()))
    wait(lambda: bool(ready), 60)
    later = wait(lexicon.loaded, 30)
    print(json.dumps({"at_ready": ready[0] if ready else None, "later": later}), flush=True)
    application._drop_main().close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
