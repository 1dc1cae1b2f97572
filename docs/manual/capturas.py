"""Screenshots for the user manual: opens the demo case file offscreen and saves docs/manual/img/*.png.

Run from the repository root:
    QT_QPA_PLATFORM=offscreen PYTHONPATH=$PWD python docs/manual/capturas.py
Everything (case file, settings) lives in a temporary folder that is removed afterwards.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

TMP = Path(tempfile.mkdtemp(prefix="npmdesk-capturas-"))
os.environ["HOME"] = str(TMP)
os.environ["XDG_CONFIG_HOME"] = str(TMP / "config")
os.environ["XDG_STATE_HOME"] = str(TMP / "state")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from npmdesk.domain import model  # noqa: E402
from npmdesk.services import records  # noqa: E402
from npmdesk.services.demo import DEMO_PASSPHRASE, create_demo  # noqa: E402
from npmdesk.ui import ops  # noqa: E402
from npmdesk.ui.app import Application, make_qapplication  # noqa: E402
from npmdesk.ui.help import show_about, show_manual  # noqa: E402
from npmdesk.ui.language import apply_language  # noqa: E402
from npmdesk.ui.new_case import NewCaseController, NewCaseView  # noqa: E402
from npmdesk.ui.settings import AppSettings  # noqa: E402

IMG = Path(__file__).resolve().parent / "img"


def wait(condition=lambda: False, seconds: float = 0.6) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end and not condition():
        QApplication.processEvents()
        time.sleep(0.02)
    QApplication.processEvents()


def save(widget, name: str) -> None:
    wait(seconds=0.3)
    path = IMG / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not save {path}")
    print(path.relative_to(IMG.parent.parent.parent))


def main() -> int:
    IMG.mkdir(exist_ok=True)
    qapp = make_qapplication()
    apply_language("es")
    case = TMP / "Visitas 2026.npmcase"
    session = create_demo(case)
    visit = records.select(session, model.Visit)[0]
    ids = {"interview": records.select(session, model.Interview)[0].id,
           "finding": records.select(session, model.Finding)[0].id,
           "report": records.select(session, model.Report)[0].id}
    session.close()

    app = Application(AppSettings())
    app.show_start()
    app.window.resize(760, 520)
    save(app.window, "inicio")
    new_case = NewCaseView(app.window)
    keep = NewCaseController(new_case, TMP)
    new_case.path.setText("/home/mnpt/Documentos/Visitas 2026.npmcase")  # not the temporary folder
    new_case.owner.setText("Itzel Marina Córdoba Ríos")
    for field in (new_case.passphrase, new_case.repeat):
        field.setText("tres tigres comen arroz bajo la lluvia")
    new_case.resize(620, 380)
    save(new_case, "nuevo-expediente")
    new_case.deleteLater()
    del keep

    app.show_unlock(case)
    app.window.resize(760, 520)
    save(app.window, "desbloqueo")
    app.window.passphrase.setText(DEMO_PASSPHRASE)
    app.window.passphrase.returnPressed.emit()
    wait(lambda: app.main_controller is not None and ops.running() == 0, 20)
    controller = app.main_controller
    window = controller.window
    window.resize(1180, 760)
    controller.reveal("visit", visit.id)
    wait(lambda: ops.running() == 0, 3)
    save(window, "visita")
    for entity, name in (("interview", "entrevista"), ("finding", "hallazgo"), ("report", "informe")):
        controller.reveal(entity, ids[entity])
        wait(lambda: ops.running() == 0, 3)
        save(window, name)
    manual = show_manual(window)
    wait(seconds=0.5)
    save(manual, "manual")
    about = show_about(window)
    save(about, "acerca-de")
    about.close()
    manual.close()
    ops.wait_all()
    app._drop_main().close()
    app.idle.stop()
    qapp.processEvents()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        import shutil
        shutil.rmtree(TMP, ignore_errors=True)
