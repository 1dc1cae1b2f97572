"""Locking: idle time, Ctrl+L, the OS screen lock; nothing of the case left behind; coming back."""

import configparser

import pytest
from PySide6.QtCore import QTimer, Qt
from PySide6.QtWidgets import QApplication

from gui_support import (MARKER, NoteEditor, application, every_text, files_containing,  # noqa: F401
                         filled, live_records, settings, shot, unlock)
from npmdesk.domain import model
from npmdesk.services.records import edit as records
from npmdesk.services.session import open_case
from npmdesk.ui.common import ops
from npmdesk.ui.common import views
from npmdesk.ui.shell.app import MAIN, UNLOCK
from npmdesk.ui.shell.navigator import group_key, record_key
from npmdesk.ui.shell.settings import KEYS

TYPED = "Anotado antes del bloqueo Qwpzmarca"


@pytest.fixture
def main(qtbot, application, filled, case_path, passphrase):
    application.begin(case_path)
    unlock(qtbot, application, passphrase)
    views.register_view("field_note", NoteEditor)
    yield application
    views._VIEWS.pop("field_note", None)


def open_note(qtbot, app, ids) -> NoteEditor:
    """Open the field note the way a person does: search its title, activate the result."""
    window = app.window
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.search, "Celdas de castigo")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.results.hasFocus(), timeout=10000)
    qtbot.keyClick(window.results, Qt.Key.Key_Return)
    key = record_key("field_note", ids["field_note"])
    qtbot.waitUntil(lambda: app.main_controller.current_key == key, timeout=10000)
    editor = app.main_controller.current_view
    qtbot.waitUntil(lambda: editor.note is not None, timeout=10000)
    return editor


def assert_nothing_of_the_case_left(app) -> None:
    texts = "\n".join(every_text())
    assert MARKER not in texts
    assert "Celdas de castigo" not in texts
    assert "Qwpzmarca" not in texts
    assert live_records() == []
    assert app.main_controller is None and app.ctx is None


def test_idle_lock_saves_typing_hides_everything_and_unlock_returns_there(
        qtbot, main, filled, case_path, passphrase):
    editor = open_note(qtbot, main, filled)
    editor.edit.clear()
    qtbot.keyClicks(editor.edit, TYPED)
    del editor  # the test's own reference would keep the note alive
    main.idle.set_timeout_ms(400)
    with qtbot.waitSignal(main.sig_state, timeout=10000):
        pass
    assert main.state == UNLOCK
    session = open_case(case_path, passphrase)
    try:
        assert records.get(session, model.FieldNote, filled["field_note"]).text == TYPED
    finally:
        session.close()
    assert_nothing_of_the_case_left(main)
    shot(main.window, "bloqueado")
    unlock(qtbot, main, passphrase)
    key = record_key("field_note", filled["field_note"])
    qtbot.waitUntil(lambda: main.main_controller.current_key == key, timeout=10000)
    assert main.window.tree.currentIndex().data(Qt.ItemDataRole.UserRole + 5) == key
    editor = main.main_controller.current_view
    qtbot.waitUntil(lambda: editor.edit.text() == TYPED, timeout=10000)


def test_input_keeps_the_idle_timer_from_firing(qtbot, main):
    qtbot.waitUntil(lambda: main.idle.watching, timeout=5000)  # shortly after the window is usable
    main.idle.set_timeout_ms(600)
    for _ in range(6):
        qtbot.wait(200)
        qtbot.keyClick(main.window.tree, Qt.Key.Key_Down)
        assert main.state == MAIN
    qtbot.waitUntil(lambda: main.state == UNLOCK, timeout=5000)


def test_ctrl_l_locks_and_clears_text_copied_from_npmdesk(qtbot, main, filled):
    window = main.window
    qtbot.keyClicks(window.search, f"Centro Penitenciario de {MARKER}")
    window.search.selectAll()
    window.search.copy()
    assert QApplication.clipboard().text() == f"Centro Penitenciario de {MARKER}"
    with qtbot.waitSignal(main.sig_state, timeout=10000):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert main.state == UNLOCK
    assert QApplication.clipboard().text() == ""
    assert_nothing_of_the_case_left(main)


def test_the_lock_button_in_the_status_bar_locks(qtbot, main):
    with qtbot.waitSignal(main.sig_state, timeout=10000):
        qtbot.mouseClick(main.window.lock_button, Qt.MouseButton.LeftButton)
    assert main.state == UNLOCK


def test_os_screen_lock_locks(qtbot, main):
    with qtbot.waitSignal(main.sig_state, timeout=10000):
        main.screen_lock.screensaver_changed(True)
    assert main.state == UNLOCK


def test_screen_saver_turning_off_does_not_lock(qtbot, main):
    main.screen_lock.screensaver_changed(False)
    main.screen_lock.prepare_for_sleep(False)
    assert main.state == MAIN


def test_lock_closes_an_open_dialog_first(qtbot, main, settings):
    main.idle.set_timeout_ms(300)
    before = (settings.language, settings.lock_minutes, settings.backups_kept)
    QTimer.singleShot(0, main.window.act_settings.trigger)
    qtbot.waitUntil(lambda: main.state == UNLOCK, timeout=10000)
    assert QApplication.activeModalWidget() is None
    assert (settings.language, settings.lock_minutes, settings.backups_kept) == before
    assert_nothing_of_the_case_left(main)


def test_unlock_after_lock_returns_to_a_group(qtbot, main, filled, passphrase):
    controller = main.main_controller
    place = controller.model.index_for(record_key("place", filled["place"]))
    main.window.tree.expand(place)
    visits = controller.model.index_for(group_key("visit", filled["place"]))
    main.window.tree.setCurrentIndex(visits)
    with qtbot.waitSignal(main.sig_state, timeout=10000):
        main.window.act_lock.trigger()
    unlock(qtbot, main, passphrase)
    key = group_key("visit", filled["place"])
    qtbot.waitUntil(lambda: main.main_controller.current_key == key, timeout=10000)
    # The folders keep their counts though only the way back was loaded again.
    model = main.main_controller.model
    assert model.index_for(key).data() == "Visitas (1)"
    assert model.index_for(group_key("visit", filled["other_place"])).data() == "Visitas (0)"


def test_after_a_session_no_byte_of_content_is_outside_the_case_file(
        qtbot, main, filled, case_path, passphrase, settings, tmp_path):
    editor = open_note(qtbot, main, filled)
    editor.edit.clear()
    qtbot.keyClicks(editor.edit, TYPED)
    window = main.window
    window.search.clear()
    qtbot.keyClicks(window.search, MARKER)
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.results.model().rowCount() > 0, timeout=10000)
    with qtbot.waitSignal(main.sig_state, timeout=10000):
        window.act_lock.trigger()
    unlock(qtbot, main, passphrase)
    session = main.ctx.session
    main.quit()
    qtbot.waitUntil(lambda: main.state == "" and not session.case.is_open, timeout=15000)
    assert files_containing(tmp_path, MARKER) == []
    assert files_containing(tmp_path, "Qwpzmarca") == []
    assert files_containing(tmp_path, "Celdas de castigo") == []
    parser = configparser.ConfigParser()
    parser.read(settings.path, encoding="utf-8")
    stored = {f"{section}/{key}" if section != "General" else key
              for section in parser.sections() for key in parser[section]}
    assert stored and stored <= set(KEYS)
    assert ops.running() == 0



def test_lock_happens_even_when_pending_edits_cannot_be_saved(qtbot, main, filled):
    class Stubborn(NoteEditor):
        def flush(self):
            return False

    stubborn = Stubborn(main.ctx, filled["field_note"], None, main.window.central)
    main.main_controller._show(stubborn, ("other", "field_note", filled["field_note"]))
    del stubborn
    with qtbot.waitSignal(main.sig_state, timeout=10000):
        main.window.act_lock.trigger()
    assert main.state == UNLOCK
    assert_nothing_of_the_case_left(main)


def test_an_operation_failing_during_the_lock_does_not_stop_it(qtbot, main):
    """A failure reported while locking opens no message box (it would keep the case on
    screen until someone clicks); the unlock screen says it briefly instead."""
    main.main_controller._show(NoteEditor(main.ctx, "no-such-note", None, main.window.central),
                               ("other", "field_note", "no-such-note"))
    with qtbot.waitSignal(main.sig_state, timeout=10000):
        main.window.act_lock.trigger()
    assert main.state == UNLOCK
    assert QApplication.activeModalWidget() is None
    assert "no se completó antes del bloqueo" in main.window.message.text()
    assert_nothing_of_the_case_left(main)


def windows_message(message: int, wparam: int):
    from npmdesk.ui.shell.oslock_windows import MSG
    return MSG(hwnd=None, message=message, wParam=wparam, lParam=0)


@pytest.mark.parametrize("message, wparam, locks", [
    (0x02B1, 0x7, True),    # WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK
    (0x02B1, 0x8, False),   # WTS_SESSION_UNLOCK
    (0x0218, 0x4, True),    # WM_POWERBROADCAST, PBT_APMSUSPEND
    (0x0218, 0x12, False),  # PBT_APMRESUMEAUTOMATIC
    (0x0100, 0x7, False),   # WM_KEYDOWN
])
def test_windows_session_lock_and_sleep_messages_lock(qtbot, message, wparam, locks):
    """The Windows native event filter, fed the MSG structures Windows sends."""
    import ctypes

    from npmdesk.ui.shell.oslock_windows import WindowsLockFilter
    fired = []
    native = WindowsLockFilter(lambda: fired.append(True))
    msg = windows_message(message, wparam)
    assert native.nativeEventFilter(b"windows_generic_MSG", ctypes.addressof(msg)) == (False, 0)
    assert fired == ([True] if locks else [])
    assert native.nativeEventFilter(b"xcb_generic_event_t", ctypes.addressof(msg)) == (False, 0)
    assert len(fired) == (1 if locks else 0)
