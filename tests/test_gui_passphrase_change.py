"""Archivo → Cambiar la frase de contraseña…: the current passphrase typed wrong, a new one mistyped
or weak change nothing; typed right, the case file opens with the new passphrase and not the old,
and the bitácora records the change."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from conftest import PASSPHRASE
from gui_support import application, settings, unlock  # noqa: F401
from npmdesk.errors import WrongPassphrase
from npmdesk.services.session import open_case
from npmdesk.storage import audit_log
from npmdesk.ui.common import ops
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.safekeeping.change_passphrase import ChangePassphraseDialog

NEW = "Otra frase larga para el equipo 2027"


@pytest.fixture(autouse=True)
def operations_finish(qtbot):
    yield
    ops.wait_all()


def opened(qtbot, session):
    dialog = ChangePassphraseDialog(AppContext(session))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.names == ["Ana Directora"])
    return dialog


def type_in(qtbot, dialog, current: str, new: str, repeat: str) -> None:
    for field, text in ((dialog.current, current), (dialog.passphrase, new), (dialog.repeat, repeat)):
        field.clear()
        qtbot.keyClicks(field, text)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)


def opens_with(case_path, passphrase: str) -> bool:
    try:
        open_case(case_path, passphrase, read_only=True).close()
    except WrongPassphrase:
        return False
    return True


def test_a_wrong_current_passphrase_is_told_and_changes_nothing(qtbot, session, case_path):
    dialog = opened(qtbot, session)
    type_in(qtbot, dialog, "Frase de prueba segura 2025", NEW, NEW)
    qtbot.waitUntil(lambda: not dialog.busy and "no es correcta" in dialog.message.text())
    assert dialog.isVisible() and dialog.result() == 0
    session.close()
    assert opens_with(case_path, PASSPHRASE) and not opens_with(case_path, NEW)


def test_a_mistyped_weak_or_unchanged_new_passphrase_is_told_and_changes_nothing(qtbot, session, case_path):
    dialog = opened(qtbot, session)
    type_in(qtbot, dialog, PASSPHRASE, NEW, NEW + "8")
    assert dialog.message.text() == "Las dos frases de contraseña no coinciden."
    # Built on the director's own name: weak in this case file, the meter and the refusal say so.
    type_in(qtbot, dialog, PASSPHRASE, "Ana Directora", "Ana Directora")
    assert dialog.meter.text() == "Débil" and dialog.message.isVisible()
    assert "usa nombres del equipo" in dialog.message.text()
    type_in(qtbot, dialog, PASSPHRASE, PASSPHRASE, PASSPHRASE)
    qtbot.waitUntil(lambda: not dialog.busy and "igual a la actual" in dialog.message.text())
    session.close()
    assert opens_with(case_path, PASSPHRASE) and not opens_with(case_path, NEW)


def test_the_change_opens_the_file_with_the_new_passphrase_only(qtbot, session, case_path):
    dialog = opened(qtbot, session)
    type_in(qtbot, dialog, PASSPHRASE, NEW, NEW)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=15000)
    assert dialog.current.text() == dialog.passphrase.text() == ""   # nothing typed stays behind
    with session.case.lock:
        actions = [e.action for e in audit_log.entries(session.case.conn)]
    assert "cambiar_frase" in actions
    session.close()
    assert opens_with(case_path, NEW)
    assert not opens_with(case_path, PASSPHRASE)


def test_the_archivo_menu_changes_the_passphrase(qtbot, application, session, case_path,  # noqa: F811
                                                 monkeypatch):
    session.close()
    application.begin(case_path)
    unlock(qtbot, application, PASSPHRASE)
    window, controller = application.window, application.main_controller
    action = controller.passphrase_menu.action
    assert action in window.menu_file.actions() and action.text() == "Cambiar la &frase de contraseña…"

    def answer(dialog):
        qtbot.waitUntil(lambda: dialog.names != [])
        type_in(qtbot, dialog, PASSPHRASE, NEW, NEW)
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=15000)
        return dialog.result()
    monkeypatch.setattr(ChangePassphraseDialog, "exec", answer)
    action.trigger()
    assert "Frase de contraseña cambiada" in window.statusBar().currentMessage()
    ops.wait_all()
    assert opens_with(case_path, NEW) and not opens_with(case_path, PASSPHRASE)
