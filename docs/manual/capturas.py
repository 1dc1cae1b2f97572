"""Screenshots for the user manual: opens the demo case file offscreen and saves docs/manual/img/*.png.

Run from the repository root:
    QT_QPA_PLATFORM=offscreen PYTHONPATH=$PWD python docs/manual/capturas.py
Everything (case file, settings) lives in a temporary folder that is removed afterwards.
The screens are reached the way a person reaches them (menus, the dashboard, typing, clicks);
the only shortcut is that modal dialogs are shown non-modally so that they can be grabbed.
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

from PySide6.QtCore import QEvent, Qt  # noqa: E402
from PySide6.QtGui import QImage, QKeyEvent, QTextCursor  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QSplitter  # noqa: E402

from npmdesk.domain import model  # noqa: E402
from npmdesk.services.records import edit as records  # noqa: E402
from npmdesk.services.demo.case import DEMO_PASSPHRASE, create_demo  # noqa: E402
from npmdesk.ui.common import ops  # noqa: E402
from npmdesk.ui.shell.app import Application, make_qapplication  # noqa: E402
from npmdesk.ui.archive.export_dialog import ExportDialog  # noqa: E402
from npmdesk.ui.shell.help import show_about, show_manual  # noqa: E402
from npmdesk.ui.shell.language import apply_language  # noqa: E402
from npmdesk.ui.shell.new_case import NewCaseController, NewCaseView  # noqa: E402
from npmdesk.ui.drafting.new_report import NewReportDialog  # noqa: E402
from npmdesk.ui.shell.settings import AppSettings  # noqa: E402
from npmdesk.ui.review.models import ItemRole  # noqa: E402

IMG = Path(__file__).resolve().parent / "img"
SHOWN_FOLDER = Path("/home/mnpt/Documentos")  # what the dialogs show instead of the temporary folder


def wait(condition=lambda: False, seconds: float = 0.6) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end and not condition():
        QApplication.processEvents()
        time.sleep(0.02)
    QApplication.processEvents()


def settle(seconds: float = 0.5) -> None:
    """Let the background operations finish, then the widgets repaint."""
    wait(lambda: ops.running() == 0, 20)
    wait(seconds=seconds)


def save(widget, name: str) -> None:
    wait(seconds=0.3)
    path = IMG / f"{name}.png"
    # A 256-colour palette keeps the text sharp and makes the files a quarter of the size: the
    # screenshots ship in every installed bundle.
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32).convertToFormat(
        QImage.Format.Format_Indexed8,
        Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.AvoidDither)
    if not image.save(str(path), "PNG", 0):
        raise SystemExit(f"could not save {path}")
    print(path.relative_to(IMG.parent.parent.parent))


def type_text(widget, text: str) -> None:
    """Type `text` key by key (QTest.keyClicks only knows ASCII; the manual's examples have accents)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
    QApplication.processEvents()


def demo_ids(case: Path) -> dict:
    session = create_demo(case)
    try:
        visit = next(v for v in records.select(session, model.Visit) if v.start_date.startswith("2026"))
        report = next(r for r in records.select(session, model.Report) if r.visit_id == visit.id)
        in_report = records.select(session, model.Section, report_id=report.id)
        sections = {s.title: s.id for s in in_report}
        returned = next(s.id for s in in_report if s.state == "con_observaciones")
        earlier = [r for r in records.select(session, model.Recommendation) if len(r.history) > 1]
        return {"visit": visit.id, "report": report.id, "sections": sections, "returned": returned,
                "interview": records.select(session, model.Interview, visit_id=visit.id)[0].id,
                "finding": next(f.id for f in records.select(session, model.Finding, visit_id=visit.id)
                                if f.title.startswith("Alegaciones")),
                "recommendation": earlier[0].id}
    finally:
        session.close()


def start_screens(app, case: Path) -> None:
    app.show_start()
    app.window.resize(760, 520)
    save(app.window, "inicio")
    new_case = NewCaseView(app.window)
    keep = NewCaseController(new_case, TMP)
    new_case.path.setText(str(SHOWN_FOLDER / "Visitas 2026.npmcase"))
    new_case.owner.setText("Marisol Quintero Arosemena")
    for field in (new_case.passphrase, new_case.repeat):
        field.setText("tres tigres comen arroz bajo la lluvia")
    new_case.resize(620, 380)
    save(new_case, "nuevo-expediente")
    new_case.deleteLater()
    del keep
    app.show_unlock(case)
    app.window.resize(760, 520)
    save(app.window, "desbloqueo")


def tidy(controller) -> None:
    """Fold the navigator back to the places, as it is after opening."""
    controller.window.tree.collapseAll()
    controller.window.tree.expand(controller.model.top_index())


def record_screens(controller, ids: dict) -> None:
    window = controller.window
    settle()
    save(window, "panel-inicio")  # the dashboard takes the central area on opening
    controller.reveal("visit", ids["visit"])
    settle()
    save(window, "visita")
    for entity, name in (("interview", "entrevista"), ("finding", "hallazgo"),
                         ("recommendation", "recomendacion"), ("report", "informe")):
        tidy(controller)
        controller.reveal(entity, ids[entity])
        settle()
        save(window, name)
    dialog = NewReportDialog(controller.ctx, ids["visit"], window)  # the visit's "Nuevo informe…"
    dialog.show()
    settle()
    save(dialog, "nuevo-informe")
    dialog.close()


def open_section(controller, title: str, ids: dict):
    """Open a section the way the dashboard and the search results do."""
    controller.open_hit("section", ids["sections"][title])
    settle(0.8)
    return controller.current_view


def review_screen(controller, ids: dict) -> None:
    """The reviewer anchors an observation to a fragment of 'Servicios médicos'."""
    window = controller.window
    controller.review_menu.act_queue.trigger()
    settle()
    review = controller.current_view
    section_id = ids["sections"]["Servicios médicos / atención en salud"]
    rows = [item for item in review.controller.rows() if item.data(0, ItemRole).id == section_id]
    review.queue.setCurrentItem(rows[0])
    settle()
    cursor = review.text.document().find("no dispone de silla de ruedas")
    review.text.setTextCursor(cursor)
    type_text(review.note_text, "Indique qué medidas se pidieron a la dirección del centro "
                                      "y en qué plazo.")
    review.add_note.click()
    settle(0.8)
    review.text.moveCursor(QTextCursor.MoveOperation.Start)
    save(window.central, "revision")


def editor_screens(controller, ids: dict) -> None:
    window = controller.window
    controller.open_hit("section", ids["returned"])  # the demo returned one section with an observation
    settle(0.8)
    returned = controller.current_view
    returned.findChild(QSplitter).setSizes([560, 620])
    settle()  # a returned section opens on its observations by itself
    save(window.central, "editor-observaciones")
    editor = open_section(controller, "Trato", ids)
    editor.findChild(QSplitter).setSizes([620, 560])
    for box in editor.controller.checkboxes[:2]:
        QTest.mouseClick(box, Qt.MouseButton.LeftButton)
    settle()
    save(window.central, "editor")
    editor.edit.setFocus()
    editor.edit.moveCursor(QTextCursor.MoveOperation.End)
    # An author's slip that the confidentiality check and the export catch.
    type_text(editor.edit, " La persona E-02 relató amenazas tras presentar una queja; "
                                 "el señor Castillo mostró un hematoma en la rodilla.")
    editor.flush()
    settle(1.5)
    editor.tabs.setCurrentIndex(1)
    settle()
    save(window.central, "editor-confidencialidad")
    editor.tabs.setCurrentIndex(2)
    settle()
    history = editor.history
    history.old.setCurrentIndex(history.old.count() - 1)
    history.new.setCurrentIndex(0)
    settle()
    save(window.central, "editor-historial")


def other_screens(controller, ids: dict) -> None:
    window = controller.window
    controller.review_menu.act_audit.trigger()
    settle()
    save(window.central, "bitacora")
    window.act_recommendations.trigger()
    settle()
    save(window.central, "recomendaciones")
    controller.reveal("report", ids["report"])
    settle()
    dialog = ExportDialog(controller.ctx, ids["report"], SHOWN_FOLDER, window)  # Archivo → Exportar informe…
    dialog.show()
    dialog.resize(780, 400)
    settle()
    save(dialog, "exportar")
    dialog.close()
    controller.tools_menu.act_team.trigger()  # Herramientas → Equipo y nómina…
    settle()
    save(controller.tools_menu.team_screen, "equipo")
    controller.tools_menu.team_screen.close()


def main() -> int:
    IMG.mkdir(exist_ok=True)
    qapp = make_qapplication()
    apply_language("es")
    case = TMP / "Visitas 2026.npmcase"
    ids = demo_ids(case)
    app = Application(AppSettings())
    start_screens(app, case)
    app.window.passphrase.setText(DEMO_PASSPHRASE)
    app.window.passphrase.returnPressed.emit()
    unlock = app.window  # the demo has personal keys: «¿Quién trabaja?» asks, the owner goes on
    wait(lambda: app.main_controller is not None or unlock.continue_button.isVisible(), 20)
    if app.main_controller is None:
        QTest.keyClick(unlock.person, Qt.Key.Key_Return)
    wait(lambda: app.main_controller is not None and ops.running() == 0, 20)
    controller = app.main_controller
    window = controller.window
    window.resize(1180, 760)
    record_screens(controller, ids)
    tidy(controller)
    window.resize(1400, 800)  # the screens below are grabbed without the navigator
    window.splitter.setSizes([180, 1220])
    review_screen(controller, ids)
    editor_screens(controller, ids)
    other_screens(controller, ids)
    window.resize(1180, 760)
    window.splitter.setSizes([430, 750])
    manual = show_manual(window)
    manual.browser.setSource(manual.browser.source().resolved("expediente.md"))
    settle()
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
