"""Above PAGE_CHECK_AT_UNLOCK_MAX_BYTES the GUI's unlock leaves the check of every page for the
background; the command line and small files still check every page at unlock.

The threshold is lowered with monkeypatch so small real encrypted files count as "large".
"""

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from npmdesk import ENV_PASSPHRASE
from npmdesk.cli import main as cli_main
from npmdesk.errors import DamagedCaseFile, WrongPassphrase
from npmdesk.services import session as sessions
from npmdesk.services.records import edit as records
from npmdesk.storage import backup, casefile
from npmdesk.storage.casefile import PAGE_SIZE, CaseFile
from npmdesk.ui.shell.app import MAIN, UNLOCK

from gui_support import application, settings, shot, wait_loaded  # noqa: F401 - fixtures
from fast_kdf import FAST_KDF

PASS = "Frase de prueba segura 2026"
WRONG = "Otra frase bastante larga"


@pytest.fixture(scope="module")
def sound_file(tmp_path_factory):
    """A closed case file of ~480 pages, most of them attachment bytes read only on demand."""
    path = tmp_path_factory.mktemp("grande") / "base.npmcase"
    session = sessions.create_case(path, PASS, owner_name="Ana Directora", kdf_params=FAST_KDF)
    for i in range(80):
        records.add_attachment(session, os.urandom(20_000), f"foto{i}.jpg", f"Fotografía {i}")
    session.close()
    assert path.stat().st_size > 300 * PAGE_SIZE
    return path


@pytest.fixture
def large(monkeypatch, sound_file):
    """The threshold set below the test file's size (and above an empty case file, 82 pages)."""
    monkeypatch.setattr(casefile, "PAGE_CHECK_AT_UNLOCK_MAX_BYTES", 160 * PAGE_SIZE)


def _copy(source: Path, folder: Path) -> Path:
    target = folder / "expediente.npmcase"
    target.write_bytes(source.read_bytes())
    return target


def _damage_middle_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = len(data) // PAGE_SIZE // 2
    data[page * PAGE_SIZE + 1234] ^= 0x01
    path.write_bytes(bytes(data))


def test_large_sound_file_defers_then_the_check_finds_nothing(large, sound_file, tmp_path):
    path = _copy(sound_file, tmp_path)
    case = CaseFile.open(path, PASS, defer_page_check=True)
    try:
        assert case.page_check_due
        assert case.failed_pages() == []
        assert not case.page_check_due
        assert case.integrity_problems() == []
    finally:
        case.close()
    assert case.failed_pages() is None  # closed: nothing checked, nothing reported


def test_large_damaged_file_unlocks_when_deferred_and_the_check_finds_the_page(
        large, sound_file, tmp_path, capsys, monkeypatch):
    path = _copy(sound_file, tmp_path)
    _damage_middle_page(path)
    with pytest.raises(DamagedCaseFile):  # without deferring (every caller but the GUI)
        CaseFile.open(path, PASS)
    case = CaseFile.open(path, PASS, defer_page_check=True)
    try:
        assert case.page_check_due
        assert len(case.failed_pages()) == 1
        assert case.page_check_due
        assert case.integrity_problems()  # the full check Herramientas and `check` use
        with pytest.raises(DamagedCaseFile):  # the damaged page is refused when it is read
            case.query("SELECT length(data) FROM attachment_blobs")
    finally:
        case.close()
    monkeypatch.setenv(ENV_PASSPHRASE, PASS)
    assert cli_main(["check", str(path)]) == 1
    assert "dañado" in capsys.readouterr().err


@pytest.mark.parametrize("size", ["small", "large"])
def test_wrong_passphrase_stays_wrong_passphrase(large, sound_file, tmp_path, size):
    path = _copy(sound_file, tmp_path)
    if size == "small":
        sessions.create_case(path.with_name("pequeño.npmcase"), PASS, kdf_params=FAST_KDF).close()
        path = path.with_name("pequeño.npmcase")
        assert path.stat().st_size <= casefile.PAGE_CHECK_AT_UNLOCK_MAX_BYTES
    else:
        assert path.stat().st_size > casefile.PAGE_CHECK_AT_UNLOCK_MAX_BYTES
    before = path.read_bytes()
    with pytest.raises(WrongPassphrase) as info:
        CaseFile.open(path, WRONG, defer_page_check=True)
    assert "contraseña no es correcta" in info.value.message()
    assert path.read_bytes() == before


def test_large_file_damaged_on_page_one_is_damage_not_wrong_passphrase(large, sound_file, tmp_path):
    path = _copy(sound_file, tmp_path)
    data = bytearray(path.read_bytes())
    data[100] ^= 0x80
    path.write_bytes(bytes(data))
    with pytest.raises(DamagedCaseFile):
        CaseFile.open(path, PASS, defer_page_check=True)


def test_small_damaged_file_is_still_refused_at_unlock_when_deferred(tmp_path, monkeypatch):
    path = tmp_path / "pequeño.npmcase"
    session = sessions.create_case(path, PASS, kdf_params=FAST_KDF)
    for i in range(10):
        records.add_attachment(session, os.urandom(3000), f"f{i}.bin", f"Adjunto {i}")
    session.close()
    monkeypatch.setattr(casefile, "PAGE_CHECK_AT_UNLOCK_MAX_BYTES", path.stat().st_size)
    _damage_middle_page(path)
    with pytest.raises(DamagedCaseFile):
        CaseFile.open(path, PASS, defer_page_check=True)


# -- the GUI -----------------------------------------------------------------------------------

def _unlock(qtbot, app, path: Path) -> None:
    app.begin(path)
    view = app.window
    qtbot.keyClicks(view.passphrase, PASS)
    with qtbot.waitSignal(app.sig_state, timeout=20000, check_params_cb=lambda s: s == MAIN):
        qtbot.keyClick(view.passphrase, Qt.Key.Key_Return)
    wait_loaded(qtbot, app)


def test_gui_reports_a_damaged_page_found_after_unlock_and_restores_the_backup(
        qtbot, large, application, sound_file, tmp_path, isolated_user_dirs):
    path = _copy(sound_file, tmp_path)
    case = CaseFile.open(path, PASS)
    newest = backup.backup(case)
    case.close()
    _damage_middle_page(path)

    application.begin(path)
    view = application.window
    qtbot.keyClicks(view.passphrase, PASS)
    with qtbot.waitSignal(application.sig_state, timeout=20000,
                          check_params_cb=lambda s: s == MAIN):
        qtbot.keyClick(view.passphrase, Qt.Key.Key_Return)
    window = application.window
    check = application.page_check
    assert check is not None
    with qtbot.waitSignal(check.sig_finished, timeout=20000) as finished:
        qtbot.waitUntil(lambda: check.running, timeout=20000)  # started once the window is usable
        assert window.page_check_note.isVisible()
        assert window.page_check_note.text() == "Comprobando la integridad del archivo…"
    assert len(finished.args[0]) == 1
    assert not window.page_check_note.isVisible()
    assert window.damage_banner.isVisible()
    text = window.damage_message.text()
    assert "dañado" in text and "1 página no supera" in text and "copia de seguridad más reciente" in text
    assert window.damage_restore_button.isVisible()
    shot(window, "expediente_danado_tras_desbloquear")

    qtbot.mouseClick(window.damage_restore_button, Qt.MouseButton.LeftButton)
    assert application.state == UNLOCK
    unlock_view = application.window
    assert unlock_view.restore_button.isVisible()
    assert "dañado" in unlock_view.message.text() and newest.name in unlock_view.message.text()
    shot(unlock_view, "desbloqueo_restaurar_tras_comprobacion")
    qtbot.keyClicks(unlock_view.passphrase, PASS)
    with qtbot.waitSignal(application.sig_state, timeout=20000,
                          check_params_cb=lambda s: s == MAIN):
        qtbot.mouseClick(unlock_view.restore_button, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, application)
    assert "Se restauró la copia de seguridad" in application.window.statusBar().currentMessage()
    assert len(list(tmp_path.glob("expediente.npmcase.antes-de-restaurar-*"))) == 1
    restored = application.page_check  # the restored copy is large too: checked again
    qtbot.waitUntil(lambda: restored.failed is not None, timeout=20000)
    assert restored.failed == []
    assert not application.window.damage_banner.isVisible()
    assert not application.window.page_check_note.isVisible()


def test_gui_small_file_runs_no_background_check(qtbot, application, session, case_path, passphrase):
    session.close()
    application.begin(case_path)
    view = application.window
    qtbot.keyClicks(view.passphrase, passphrase)
    with qtbot.waitSignal(application.sig_state, timeout=20000,
                          check_params_cb=lambda s: s == MAIN):
        qtbot.keyClick(view.passphrase, Qt.Key.Key_Return)
    wait_loaded(qtbot, application)
    assert application.page_check is None
    assert not application.window.page_check_note.isVisible()


def test_gui_lock_drops_a_running_check(qtbot, large, application, sound_file, tmp_path):
    path = _copy(sound_file, tmp_path)
    _unlock(qtbot, application, path)
    check = application.page_check
    assert check is not None
    application.lock()
    assert application.state == UNLOCK
    assert application.page_check is None and check.cancelled
    qtbot.waitUntil(lambda: check.cancelled and not check.running)
