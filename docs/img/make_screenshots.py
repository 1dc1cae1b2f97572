"""Regenerate the review screen's screenshots (docs/img/revision-WxH.png) at 1024×600, 1280×720
and 1920×1080, its approval confirmation (revision-confirmacion.png) and, on the author's side, the returned
section opening on its observations (editor-observaciones-1024x600.png), from the demo case
file, in the real main window on a real X display.

Run from the repository root under X11 (or Xvfb):
    Xvfb :57 -screen 0 1920x1080x24 &  DISPLAY=:57 python docs/img/make_screenshots.py
It grabs the screen (QScreen.grabWindow), so what is saved is what a person sees, window frame
aside. It works in a throw-away home folder, so no settings or case file of yours are touched.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
SIZES = ((1024, 600), (1280, 720), (1920, 1080))


def wait(app, condition, seconds=60.0):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("the window did not get ready in time")
        app.processEvents()
        time.sleep(0.02)


def settle(app, seconds=0.6):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="npmdesk-shots-"))
    for name, sub in (("HOME", ""), ("XDG_CONFIG_HOME", ".config"), ("XDG_STATE_HOME", ".local/state"),
                      ("XDG_CACHE_HOME", ".cache")):
        (home / sub).mkdir(parents=True, exist_ok=True)
        os.environ[name] = str(home / sub)
    sys.path.insert(0, str(ROOT))
    from npmdesk import i18n
    from npmdesk.services.demo.case import DEMO_PASSPHRASE, create_demo
    from npmdesk.ui.common import ops
    from npmdesk.ui.shell.app import MAIN, Application, make_qapplication
    from npmdesk.ui.shell.language import apply_language

    qapp = make_qapplication()
    i18n.set_language("es")
    apply_language("es")
    case = home / "Documentos" / "MNPT-2026.npmcase"
    case.parent.mkdir()
    demo = create_demo(case)
    from npmdesk.domain import model
    from npmdesk.services.records import edit as records
    returned = next(s for s in records.select(demo, model.Section) if s.state == "con_observaciones")
    demo.close()
    app = Application()
    app.begin(case, DEMO_PASSPHRASE)  # as `npmdesk demo --open` does: the owner, no «¿Quién trabaja?»
    wait(qapp, lambda: app.state == MAIN and ops.running() == 0)
    window = app.window
    window.move(0, 0)
    # On the section the demo's reviewer returned: its observed passage and the margin beside it.
    app.main_controller.review_menu.show("review_queue", returned.id)
    wait(qapp, lambda: ops.running() == 0)
    for width, height in SIZES:
        window.showNormal()
        window.resize(width, height)
        settle(qapp)
        wait(qapp, lambda: ops.running() == 0)
        settle(qapp)
        frame = window.frameGeometry()
        shot = window.screen().grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
        path = OUT / f"revision-{width}x{height}.png"
        assert shot.save(str(path)), path
        print(path.relative_to(ROOT))
    confirmation(qapp, app, window)
    # The author's side: the returned section opens on its observations, passages highlighted.
    window.resize(1024, 600)
    app.main_controller.reveal("section", returned.id)
    wait(qapp, lambda: ops.running() == 0 and (app.main_controller.current_key or ("",))[-1] == returned.id)
    settle(qapp)
    frame = window.frameGeometry()
    shot = window.screen().grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
    assert shot.save(str(OUT / "editor-observaciones-1024x600.png"))
    print("docs/img/editor-observaciones-1024x600.png")
    app.window.close()


def confirmation(qapp, app, window) -> None:
    """Choose the report row, ask to approve, grab the confirmation and cancel it (nothing signed)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from npmdesk.ui.common import ops
    window.resize(1280, 720)
    settle(qapp)
    view = app.main_controller.current_view
    view.queue.setCurrentItem(view.queue.topLevelItem(0))
    wait(qapp, lambda: ops.running() == 0)

    def grab():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(50, grab)
            return
        settle(qapp, 0.4)
        frame = dialog.frameGeometry()
        shot = dialog.screen().grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
        assert shot.save(str(OUT / "revision-confirmacion.png"))
        print("docs/img/revision-confirmacion.png")
        dialog.reject()
    QTimer.singleShot(0, grab)
    view.controller.approve()
    wait(qapp, lambda: ops.running() == 0)


if __name__ == "__main__":
    main()
