"""The GUI when the case file is another window's, or is replaced under the session."""

import os
import shutil

import pytest
from PySide6.QtCore import Qt

from gui_support import application, filled, settings, unlock, wait_loaded  # noqa: F401
from npmdesk.domain import model
from npmdesk.errors import CaseFileReplaced, ReadOnlySession
from npmdesk.services.records import edit as records
from npmdesk.services.session import open_case
from npmdesk.ui.common import ops
from npmdesk.ui.shell.app import MAIN, START
from npmdesk.ui.safekeeping.outside_change import SessionCopyQuestion


def _names(session) -> set[str]:
    return {p.name for p in records.select(session, model.Place)}


def test_second_window_is_told_and_offered_a_read_only_view(qtbot, application, filled, case_path,
                                                             passphrase):
    other_window = open_case(case_path, passphrase)
    try:
        application.begin(case_path)
        view = application.window
        qtbot.keyClicks(view.passphrase, passphrase)
        qtbot.keyClick(view.passphrase, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: view.read_only_button.isVisible(), timeout=15000)
        assert "ya está abierto en otra ventana o programa" in view.message.text()
        with qtbot.waitSignal(application.sig_state, timeout=15000):
            qtbot.mouseClick(view.read_only_button, Qt.MouseButton.LeftButton)
        assert application.state == MAIN
        wait_loaded(qtbot, application)
        window = application.window
        assert "solo consulta" in window.windowTitle()
        assert "solo para consulta" in window.statusBar().currentMessage()

        failures = []
        application.ctx.run(window, lambda s: records.save(s, model.Place(name="Desde la consulta")),
                            on_error=failures.append)
        qtbot.waitUntil(lambda: bool(failures), timeout=10000)
        assert isinstance(failures[0], ReadOnlySession)
        assert "solo para consulta" in ops.error_text(failures[0])
        records.save(other_window, model.Place(name="La otra ventana sigue escribiendo"))

        application.close_case(application.show_start)  # no closing backup: it would write
        qtbot.waitUntil(lambda: application.state == START, timeout=15000)
        assert "Desde la consulta" not in _names(other_window)
    finally:
        other_window.close()


def test_file_replaced_under_the_window_is_told_and_the_session_saved(
        qtbot, application, filled, case_path, passphrase, tmp_path, monkeypatch):
    asked, told = [], []
    monkeypatch.setattr(SessionCopyQuestion, "ask", classmethod(
        lambda cls, parent, text: asked.append(text) or True))
    monkeypatch.setattr(SessionCopyQuestion, "tell_saved", classmethod(
        lambda cls, parent, text: told.append(text)))
    remote = tmp_path / "remoto.npmcase"
    shutil.copy2(case_path, remote)
    application.begin(case_path)
    unlock(qtbot, application, passphrase)
    ctx, window = application.ctx, application.window
    done = []
    ctx.run(window, lambda s: records.save(s, model.Place(name="Guardado en esta sesión")),
            on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10000)

    os.replace(remote, case_path)  # the sync client delivers another laptop's copy
    ctx.run(window, lambda s: records.save(s, model.Place(name="Después del reemplazo")))
    qtbot.waitUntil(lambda: bool(told), timeout=15000)
    assert "reemplazado por otro programa" in asked[0]
    copies = [p for p in case_path.parent.iterdir() if "copia de esta sesión" in p.name]
    assert len(copies) == 1 and copies[0].name in told[0]

    application.close_case(application.show_start)
    qtbot.waitUntil(lambda: application.state == START, timeout=15000)
    saved = open_case(copies[0], passphrase)
    try:
        assert "Guardado en esta sesión" in _names(saved)
    finally:
        saved.close()
    delivered = open_case(case_path, passphrase)
    try:
        assert "Guardado en esta sesión" not in _names(delivered)
    finally:
        delivered.close()


@pytest.mark.parametrize("count", [1, 2])
def test_conflict_copies_are_named_on_open(qtbot, application, filled, case_path, passphrase, count):
    for n in range(count):
        shutil.copy2(case_path, case_path.with_name(
            f"{case_path.stem}.sync-conflict-2026120{n}-101010-ABCDEFG.npmcase"))
    application.begin(case_path)
    unlock(qtbot, application, passphrase)
    message = application.window.statusBar().currentMessage()
    assert "en conflicto" in message and "sync-conflict" in message
