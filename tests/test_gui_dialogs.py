"""The small windows people meet, in Spanish, each saved to screenshots/ for a look:
confirm delete, discard unsaved edits, new team member, the apology for an unexpected
error. (The start, new case, unlock, main window, search, preferences,
lock and every record form are shot by their own tests.)"""

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from gui_support import shot
from npmdesk.paths import log_file
from npmdesk.ui.common import ops
from npmdesk.ui.records.base import ConfirmDelete
from npmdesk.ui.records.visit_team import NewMemberDialog
from npmdesk.ui.shell.main_controller import DiscardQuestion


def shoot_modal(qtbot, open_it, name: str) -> str:
    """Call `open_it()` (which runs a modal dialog); shoot the dialog once shown, then close it.
    Returns every text the dialog showed."""
    seen = {}

    def poll():
        modal = QApplication.activeModalWidget()
        if modal is None:
            return
        timer.stop()
        shot(modal, name)
        seen["text"] = " ".join(filter(None, (modal.windowTitle(), getattr(modal, "text", str)(),
                                              getattr(modal, "informativeText", str)(),
                                              *[b.text() for b in getattr(modal, "buttons", list)()])))
        modal.reject()

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(poll)
    timer.start()
    answer = open_it()
    timer.stop()
    assert "text" in seen, "no dialog was shown"
    seen["answer"] = answer
    return seen


def test_confirm_delete_names_the_record_and_cancel_keeps_it(qtbot):
    seen = shoot_modal(qtbot, lambda: ConfirmDelete.ask(None, "Centro Penitenciario La Joya"),
                       "dialogo_eliminar")
    assert "¿Eliminar «Centro Penitenciario La Joya»?" in seen["text"]
    assert "Cancelar" in seen["text"]
    assert seen["answer"] is None


def test_discard_question_offers_to_keep_editing(qtbot):
    seen = shoot_modal(qtbot, lambda: DiscardQuestion.ask(None), "dialogo_descartar")
    assert "Cambios sin guardar" in seen["text"] and "Seguir editando" in seen["text"]
    assert seen["answer"] is None


def test_unexpected_error_apologises_and_names_the_log(qtbot):
    seen = shoot_modal(qtbot, lambda: ops.show_error(None, RuntimeError("x")), "dialogo_error")
    assert "Lo sentimos" in seen["text"]
    assert str(log_file()) in seen["text"]


def test_new_member_dialog_in_spanish(qtbot):
    dialog = NewMemberDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    shot(dialog, "dialogo_nuevo_miembro")
    buttons = {b.text() for b in dialog.buttons.buttons()}
    assert buttons == {"Añadir", "Cancelar"}
