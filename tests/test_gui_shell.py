"""The way into a case file: start screen, new case dialog, unlock screen, restore, first run."""

import os
from pathlib import Path

from PySide6.QtCore import Qt

from fast_kdf import released_kdf_version
from gui_support import application, filled, settings, shot, unlock, wait_loaded  # noqa: F401
from npmdesk.crypto.kdf import CURRENT_KDF
from npmdesk.errors import WrongPassphrase
from npmdesk.services.session import open_case
from npmdesk.storage import backup
from npmdesk.ui.common import ops
from npmdesk.ui.shell.app import MAIN, START, UNLOCK
from npmdesk.ui.shell.new_case import NewCaseAnswer, NewCaseDialog
from npmdesk.ui.shell.start import StartController


def test_no_case_and_no_last_file_shows_the_start_screen(qtbot, application):
    application.begin()
    assert application.state == START
    view = application.window
    assert not view.last_button.isVisible()
    assert view.open_button.text() == "&Abrir un expediente…"
    assert all(w.accessibleName() for w in (view.open_button, view.new_button, view.demo_button))
    shot(view, "inicio")


def test_new_case_dialog_checks_answers_and_meters_strength(qtbot, tmp_path):
    view, controller = NewCaseDialog.build(None, tmp_path)
    qtbot.addWidget(view)
    view.show()
    assert view.path.text().endswith("expediente.npmcase")
    assert "no puede recuperar" in view.warning.text() or "nadie puede recuperar" in view.warning.text()
    qtbot.keyClicks(view.owner, "Ana Directora")
    qtbot.keyClicks(view.passphrase, "corta")
    assert view.meter.format() == "Débil"
    qtbot.mouseClick(view.ok, Qt.MouseButton.LeftButton)
    assert view.message.text().startswith("Esa frase de contraseña no sirve: tiene menos de 12 caracteres.")
    assert controller.answer is None
    view.passphrase.clear()
    qtbot.keyClicks(view.passphrase, "Rio Chagres crece en octubre 2026!")
    assert view.meter.format() in ("Buena", "Muy buena")
    qtbot.keyClicks(view.repeat, "Rio Chagres crece en octubre 2025!")
    qtbot.mouseClick(view.ok, Qt.MouseButton.LeftButton)
    assert view.message.text() == "Las dos frases de contraseña no coinciden."
    shot(view, "nuevo_expediente")
    view.repeat.clear()
    qtbot.keyClicks(view.repeat, "Rio Chagres crece en octubre 2026!")
    with qtbot.waitSignal(controller.sig_accepted):
        qtbot.mouseClick(view.ok, Qt.MouseButton.LeftButton)
    assert controller.answer == NewCaseAnswer((tmp_path / "expediente.npmcase").resolve(),
                                              "Ana Directora", "Rio Chagres crece en octubre 2026!")
    assert not (tmp_path / "expediente.npmcase").exists()


def test_new_case_dialog_refuses_an_existing_file(qtbot, tmp_path):
    (tmp_path / "ocupado.npmcase").write_bytes(b"x")
    view, controller = NewCaseDialog.build(None, tmp_path)
    qtbot.addWidget(view)
    view.path.setText(str(tmp_path / "ocupado"))
    qtbot.keyClicks(view.owner, "Ana")
    qtbot.keyClicks(view.passphrase, "una frase bastante larga")
    qtbot.keyClicks(view.repeat, "una frase bastante larga")
    qtbot.mouseClick(view.ok, Qt.MouseButton.LeftButton)
    assert view.message.text() == "Ya existe un archivo en «ocupado.npmcase». Elija otro nombre."
    assert (tmp_path / "ocupado.npmcase").read_bytes() == b"x"


def test_creating_a_case_from_the_start_screen_opens_it(qtbot, application, tmp_path, monkeypatch,
                                                        passphrase):
    target = tmp_path / "nuevo.npmcase"
    monkeypatch.setattr(NewCaseDialog, "ask", classmethod(
        lambda cls, parent=None, folder=None: NewCaseAnswer(target, "Ana Directora", passphrase)))
    application.begin()
    with qtbot.waitSignal(application.sig_state, timeout=15000):
        qtbot.mouseClick(application.window.new_button, Qt.MouseButton.LeftButton)
    assert application.state == MAIN
    wait_loaded(qtbot, application)
    assert application.window.windowTitle() == "nuevo.npmcase — npmdesk"
    assert application.settings.last_case == target
    # The GUI's new case file is keyed with the released Argon2id parameters, never the tests' cheap ones.
    assert released_kdf_version(target, passphrase) == str(CURRENT_KDF)


def test_demo_button_explains_when_the_demo_is_not_installed(qtbot, application, monkeypatch):
    import npmdesk.ui.shell.start as start
    monkeypatch.setattr(start, "demo_available", lambda: False)
    application.begin()
    qtbot.mouseClick(application.window.demo_button, Qt.MouseButton.LeftButton)
    assert application.window.message.text() == (
        "El expediente de demostración no está disponible en esta instalación de npmdesk.")
    assert application.state == START


def test_demo_button_opens_the_demo_in_one_click(qtbot, application, monkeypatch, tmp_path):
    import npmdesk.ui.shell.start as start
    if not start.demo_available():
        import pytest
        pytest.skip("npmdesk.services.demo.case is not in this branch")
    monkeypatch.setattr(start, "documents_folder", lambda: tmp_path)
    application.begin()
    with qtbot.waitSignal(application.sig_state, timeout=30000):
        qtbot.mouseClick(application.window.demo_button, Qt.MouseButton.LeftButton)
    assert application.state == MAIN
    assert (tmp_path / start.DEMO_FILE_NAME).exists()


def test_last_case_file_opens_on_its_unlock_screen(qtbot, application, filled, case_path, settings,
                                                   passphrase, isolated_user_dirs):
    documents = isolated_user_dirs / "Documentos"
    documents.mkdir()
    moved = case_path.rename(documents / "MNPT-2026.npmcase")
    settings.last_case = moved
    application.begin()
    assert application.state == UNLOCK
    assert application.window.path == moved
    assert application.window.file_label.text() == "Expediente «MNPT-2026.npmcase»\nen ~/Documentos"
    shot(application.window, "desbloqueo")
    unlock(qtbot, application, passphrase)
    shot(application.window, "ventana_principal")


def test_wrong_passphrase_says_so_and_stays(qtbot, application, filled, case_path):
    application.begin(case_path)
    view = application.window
    qtbot.keyClicks(view.passphrase, "no es la frase correcta")
    qtbot.mouseClick(view.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.busy.isVisible() and view.message.text() == WrongPassphrase().message(),
                    timeout=15000)
    assert application.state == UNLOCK
    assert view.passphrase.isEnabled()
    assert not view.restore_button.isVisible()
    shot(view, "desbloqueo_frase_incorrecta")


def test_empty_passphrase_asks_for_one(qtbot, application, filled, case_path):
    application.begin(case_path)
    qtbot.mouseClick(application.window.unlock_button, Qt.MouseButton.LeftButton)
    assert application.window.message.text() == "Escriba la frase de contraseña."
    assert ops.running() == 0


def test_missing_case_file_is_reported_on_the_unlock_screen(qtbot, application, tmp_path):
    application.begin(tmp_path / "no-existe.npmcase")
    view = application.window
    qtbot.keyClicks(view.passphrase, "cualquier frase larga")
    qtbot.keyClick(view.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "No se encuentra el expediente «no-existe.npmcase»." in view.message.text(),
                    timeout=15000)
    with qtbot.waitSignal(application.sig_state):
        qtbot.mouseClick(view.other_button, Qt.MouseButton.LeftButton)
    assert application.state == START


def test_passphrase_given_at_start_unlocks_at_once(qtbot, application, filled, case_path, passphrase):
    with qtbot.waitSignal(application.sig_state, timeout=15000,
                          check_params_cb=lambda state: state == MAIN):
        application.begin(case_path, passphrase)
    wait_loaded(qtbot, application)


def _damage(path: Path) -> None:
    with open(path, "r+b") as fh:
        fh.seek(4096 * 2 + 100)
        fh.write(os.urandom(200))


def test_damaged_file_offers_the_newest_backup_and_restores_it(qtbot, application, filled,
                                                                case_path, passphrase):
    case = open_case(case_path, passphrase)
    newest = backup.backup(case.case)
    case.close()
    _damage(case_path)
    application.begin(case_path)
    view = application.window
    qtbot.keyClicks(view.passphrase, passphrase)
    qtbot.keyClick(view.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.restore_button.isVisible(), timeout=15000)
    assert "dañado" in view.message.text()
    assert newest.name in view.message.text()
    shot(view, "desbloqueo_expediente_danado")
    with qtbot.waitSignal(application.sig_state, timeout=20000):
        qtbot.mouseClick(view.restore_button, Qt.MouseButton.LeftButton)
    assert application.state == MAIN
    wait_loaded(qtbot, application)
    assert "Se restauró la copia de seguridad" in application.window.statusBar().currentMessage()
    kept = list(case_path.parent.glob("expediente.npmcase.antes-de-restaurar-*"))
    assert len(kept) == 1


def test_damaged_file_without_backup_says_there_is_none(qtbot, application, filled, case_path,
                                                        passphrase):
    _damage(case_path)
    application.begin(case_path)
    view = application.window
    qtbot.keyClicks(view.passphrase, passphrase)
    qtbot.keyClick(view.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "No hay ninguna copia de seguridad" in view.message.text(), timeout=15000)
    assert not view.restore_button.isVisible()
    assert application.state == UNLOCK
