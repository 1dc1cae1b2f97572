"""Every main window and dialog a person meets, opened in a running Application on the demo
case file, in the order a working day goes. Shared by docs/img/make_screenshots.py (which saves
what each scene shows, under a real X display) and tests/test_screens_fit.py (which checks,
offscreen, that each one fits a 1024×600 screen and cuts no text).

Screens of the main window are reached as a person reaches them: a menu action, a record
revealed in the navigator, text typed in the search box. Dialogs are opened through their menu
action too, except where a file chooser comes first: there the chooser is answered in-process
with the demo's file (`chosen`), and the recovery dialog, whose menu action first closes the
case file, is built directly. Each dialog is closed with Cancelar once seen: nothing is signed,
imported or exported, and the bitácora gains no entry (tests/test_screens_fit.py checks it).
"""

import time
from contextlib import contextmanager


class Stage:
    """The application and what a scene needs: wait for it to be idle, hand a window to `take`."""

    def __init__(self, qapp, app, files, take, wait_until=None, pause: float = 1.0):
        """`wait_until(condition)` (a test passes qtbot's) replaces the polling wait; `pause`
        scales the moment left for painting before a shot (0 in a test: only the work is awaited)."""
        self.qapp, self.app, self.files, self.take = qapp, app, files, take
        self.ids = files.ids
        self.wait_until, self.pause = wait_until, pause

    @property
    def window(self):
        return self.app.window

    @property
    def controller(self):
        return self.app.main_controller

    def wait(self, condition, seconds=60.0) -> None:
        if self.wait_until is not None:
            self.wait_until(condition, timeout=int(seconds * 1000))
            return
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise RuntimeError("the window did not get ready in time")
            self.qapp.processEvents()
            time.sleep(0.02)

    def settle(self, seconds=0.5) -> None:
        from npmdesk.ui.common import ops
        self.wait(lambda: ops.running() == 0)
        end = time.monotonic() + seconds * self.pause
        while time.monotonic() < end:
            self.qapp.processEvents()
            time.sleep(0.02)
        self.wait(lambda: ops.running() == 0)

    def main(self, name: str) -> None:
        """Hand the main window, once its screen has loaded."""
        self.settle()
        self.take(name, self.window)

    def reveal(self, entity: str, key: str) -> None:
        record_id = self.ids[key]
        self.controller.reveal(entity, record_id)
        self.wait(lambda: (self.controller.current_key or ("",))[-1] == record_id)

    def dialog(self, name: str, trigger, fill=None) -> None:
        """Call `trigger` (a menu action, usually running a modal dialog); hand the window it
        opens once loaded (after `fill(dialog)`, which types what a person would), then cancel it."""
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QDialog
        before = {id(w) for w in self.qapp.topLevelWidgets() if w.isVisible()}
        seen = {}

        def poll():
            new = [w for w in self.qapp.topLevelWidgets()
                   if w.isVisible() and id(w) not in before and isinstance(w, QDialog)]
            if not new:
                QTimer.singleShot(50, poll)
                return
            dialog = new[-1]
            self.settle(0.8)
            if fill is not None:
                fill(dialog)
                self.settle()
            self.take(name, dialog)
            seen["done"] = True
            dialog.reject()
        QTimer.singleShot(0, poll)
        trigger()
        self.wait(lambda: "done" in seen)
        self.settle(0.2)


@contextmanager
def chosen(path):
    """Answer the next file or folder chooser with `path`, as the person picking it would."""
    from npmdesk.ui.common import file_dialogs
    saved = file_dialogs.get_open_file_name, file_dialogs.get_existing_directory
    file_dialogs.get_open_file_name = lambda *args, **kwargs: (str(path), "")
    file_dialogs.get_existing_directory = lambda *args, **kwargs: str(path)
    try:
        yield
    finally:
        file_dialogs.get_open_file_name, file_dialogs.get_existing_directory = saved


def dashboard(stage):
    stage.controller.review_menu.act_dashboard.trigger()
    stage.main("panel")


def record_forms(stage):
    for entity, key, name in (("place", "place", "lugar"), ("visit", "visit", "visita"),
                              ("interview", "interview", "entrevista"), ("finding", "finding", "hallazgo"),
                              ("recommendation", "recommendation", "recomendacion")):
        stage.reveal(entity, key)
        stage.main(name)


def section_editor(stage):
    stage.reveal("section", "drafting")
    stage.main("editor")
    # The author's side of a review: a returned section opens on its observations.
    stage.reveal("section", "returned")
    stage.main("editor-observaciones")


def review(stage):
    stage.controller.review_menu.show("review_queue", stage.ids["returned"])
    stage.main("revision")
    view = stage.controller.current_view
    view.queue.setCurrentItem(view.queue.topLevelItem(0))
    stage.settle()
    stage.dialog("revision-confirmacion", view.controller.approve)


def tracking(stage):
    for action, name in ((stage.window.act_recommendations, "seguimiento"),
                         (stage.window.act_statistics, "estadisticas"), (stage.window.act_letters, "oficios")):
        action.trigger()
        stage.main(name)


def audit(stage):
    stage.controller.review_menu.act_audit.trigger()
    stage.main("bitacora")


def search(stage):
    stage.window.search.setFocus()
    stage.window.search.setText("pabellón")
    stage.wait(lambda: stage.window.left_stack.currentIndex() == 1)
    stage.main("busqueda")
    stage.controller.search.clear()


def team(stage):
    stage.dialog("equipo", stage.controller.tools_menu.act_team.trigger)
    stage.dialog("asistente", stage.controller.tools_menu.offer_setup)
    stage.dialog("clave-recuperacion", stage.controller.tools_menu.act_recovery.trigger)


def export(stage):
    stage.reveal("report", "approved_report")
    stage.dialog("exportar", stage.window.act_export.trigger)


def imports(stage):
    with chosen(stage.files.package):
        stage.dialog("importar-paquete", stage.window.act_import_package.trigger)
    with chosen(stage.files.docx):
        stage.dialog("importar-word", stage.controller.word_import.action.trigger)
    with chosen(stage.files.archive):
        stage.dialog("migrar-word", stage.controller.word_import.act_migrate.trigger)


def safekeeping(stage):
    from npmdesk.ui.safekeeping.recover import RecoverDialog
    stage.dialog("frase", stage.controller.passphrase_menu.action.trigger)

    def recover():
        view, _controller = RecoverDialog.build(stage.window, stage.files.case.parent)
        view.setModal(True)
        view.show()
    stage.dialog("recuperacion", recover)


SCENES = (dashboard, record_forms, section_editor, review, tracking, audit, search, team, export,
          imports, safekeeping)
"""In the order they run; each hands its windows to the stage's `take` under their names."""

MAIN_SHOTS = ("panel", "visita", "editor", "revision", "seguimiento", "estadisticas", "oficios", "equipo")
"""The shots also kept at 1920×1080 and at 150 %: the main screens (all are kept at 1024×600 and 1280×720)."""


def unlock(stage, passphrase: str) -> None:
    """The unlock screen as the application opens, then the passphrase typed and the main window."""
    from npmdesk.ui.shell.app import MAIN
    stage.app.begin(stage.files.case)
    stage.wait(lambda: stage.window is not None and stage.window.isVisible())
    stage.settle()
    stage.take("desbloqueo", stage.window)
    stage.window.passphrase.setText(passphrase)
    stage.app.unlock_controller.unlock(passphrase)
    view = stage.window
    stage.wait(lambda: stage.app.state == MAIN or view.continue_button.isVisible(), seconds=120)
    if stage.app.state != MAIN:  # the second step: who is working (the owner, chosen)
        stage.settle()
        stage.take("quien-trabaja", view)
        view.continue_button.click()
        stage.wait(lambda: stage.app.state == MAIN, seconds=60)
    stage.settle()


def run(stage, passphrase: str) -> None:
    unlock(stage, passphrase)
    for scene in SCENES:
        scene(stage)
