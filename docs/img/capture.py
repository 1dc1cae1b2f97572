"""Regenerate the README's screenshots (docs/img/*.png) from the demo case file, in Spanish.

Run from the repository root:  QT_QPA_PLATFORM=offscreen python docs/img/capture.py
It works in a throw-away home folder, so no settings or case file of yours are touched.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent


def wait(app, condition, seconds=60.0):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("the window did not get ready in time")
        app.processEvents()
        time.sleep(0.02)


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="npmdesk-capture-"))
    for name, sub in (("HOME", ""), ("XDG_CONFIG_HOME", ".config"), ("XDG_STATE_HOME", ".local/state"),
                      ("XDG_CACHE_HOME", ".cache")):
        (home / sub).mkdir(parents=True, exist_ok=True)
        os.environ[name] = str(home / sub)
    sys.path.insert(0, str(ROOT))
    from npmdesk import i18n
    from npmdesk.domain import model
    from npmdesk.services import records
    from npmdesk.services.demo import DEMO_PASSPHRASE, create_demo
    from npmdesk.ui import ops
    from npmdesk.ui.app import MAIN, Application, make_qapplication
    from npmdesk.ui.language import apply_language

    qapp = make_qapplication()
    i18n.set_language("es")
    apply_language("es")
    case = home / "Documentos" / "MNPT-2026.npmcase"
    case.parent.mkdir()
    session = create_demo(case)
    finding = records.select(session, model.Finding)[0]
    session.close()

    app = Application()
    app.begin(case)
    window = app.window
    window.resize(580, 360)
    wait(qapp, lambda: window.isVisible())
    assert window.grab().save(str(OUT / "desbloqueo.png"))

    window.passphrase.setText(DEMO_PASSPHRASE)
    app.unlock_controller.unlock(DEMO_PASSPHRASE)
    wait(qapp, lambda: app.state == MAIN and ops.running() == 0)
    main_window = app.window
    main_window.resize(1180, 760)
    app.main_controller.reveal("finding", finding.id)
    wait(qapp, lambda: app.main_controller.current_key is not None
         and app.main_controller.current_key[-1] == finding.id and ops.running() == 0)
    view = app.main_controller.current_view
    wait(qapp, lambda: getattr(getattr(view, "controller", None), "ready", True) and view.isEnabled())
    qapp.processEvents()
    assert main_window.grab().save(str(OUT / "ventana_principal.png"))
    app.lock()
    print("saved", OUT / "desbloqueo.png", OUT / "ventana_principal.png")


if __name__ == "__main__":
    main()
