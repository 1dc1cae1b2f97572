"""After a whole GUI session with the real forms — open, edit, search, view a PDF attachment,
lock, unlock, quit — no byte of case content exists outside the case file: not in the
settings, the temp folders, the log or the caches."""

import configparser
import logging
import secrets
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QApplication

from gui_support import (MARKER, application, every_text, files_containing, filled,  # noqa: F401
                         settings, unlock)
from npmdesk import logs
from npmdesk.domain import model
from npmdesk.paths import log_file
from npmdesk.services.records import edit as records
from npmdesk.services.session import open_case
from npmdesk.ui.common import ops
from npmdesk.ui.shell.app import UNLOCK
from npmdesk.ui.shell.settings import KEYS
from test_forms_evidence import pdf_bytes


@pytest.fixture
def logging_to_file():
    """The application's own log file, at its most talkative level, as `npmdesk` sets it up."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    logs.setup(logging.DEBUG)
    yield log_file()
    for handler in root.handlers:
        handler.close()
    root.handlers[:], level = saved
    root.setLevel(level)


def folders_to_search(tmp_path: Path) -> list[Path]:
    """Every place the application could have written to, apart from the case file itself."""
    places = {tmp_path, Path(tempfile.gettempdir()), log_file().parent}
    for location in (QStandardPaths.StandardLocation.TempLocation,
                     QStandardPaths.StandardLocation.CacheLocation,
                     QStandardPaths.StandardLocation.GenericCacheLocation,
                     QStandardPaths.StandardLocation.AppConfigLocation,
                     QStandardPaths.StandardLocation.AppDataLocation,
                     QStandardPaths.StandardLocation.AppLocalDataLocation):
        folder = QStandardPaths.writableLocation(location)
        if folder:
            places.add(Path(folder))
    return sorted(p for p in places if p.is_dir())


def test_a_whole_session_with_the_real_forms_leaves_no_content_outside_the_case_file(
        qtbot, logging_to_file, application, filled, case_path, passphrase, settings, tmp_path):
    token = "Zq" + secrets.token_hex(6)  # unique to this run: found nowhere unless we leak it
    typed = f"Escrito tras la visita {token}Nota"  # keyClicks takes ASCII only
    session = open_case(case_path, passphrase)
    attachment = records.add_attachment(session, pdf_bytes((f"Acta {token}Pdf", "Registro")),
                                        f"acta {token}.pdf", f"Acta {token}Leyenda",
                                        visit_id=filled["visit"], mime="application/pdf")
    session.close()

    application.begin(case_path)
    unlock(qtbot, application, passphrase)
    window = application.window
    controller = application.main_controller

    # Edit the field note in its real form (found through the search box).
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.search, "Celdas de castigo")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.results.hasFocus(), timeout=10000)
    qtbot.keyClick(window.results, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.current_key is not None
                    and controller.current_key[-1] == filled["field_note"], timeout=10000)
    form = controller.current_view
    qtbot.waitUntil(lambda: form.controller.ready and form.isEnabled(), timeout=10000)
    form.text.setFocus()
    qtbot.keyClick(form.text, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(form.text, " " + typed)

    # Search the attachment by its file name and view it inside the application.
    window.search.clear()
    qtbot.keyClicks(window.search, token)
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.results.model().rowCount() == 1, timeout=10000)
    qtbot.keyClick(window.results, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: hasattr(controller.current_view, "viewer")
                    and controller.current_view.viewer.page_label.text() == "Página 1 de 2",
                    timeout=10000)
    assert controller.current_view.viewer.canvas.pixmap().width() > 400
    QApplication.clipboard().setText(f"Acta {token}Leyenda")  # copied from npmdesk

    # Lock: nothing of the case left in any widget, model or the clipboard.
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: application.state == UNLOCK, timeout=10000)
    texts = "\n".join(every_text())
    for secret in (token, MARKER, "Celdas de castigo"):
        assert secret not in texts

    # Unlock (back on the attachment), then quit as a person does.
    unlock(qtbot, application, passphrase)
    session = application.ctx.session
    application.window.act_quit.trigger()
    qtbot.waitUntil(lambda: application.state == "" and not session.case.is_open, timeout=15000)
    assert ops.running() == 0

    check = open_case(case_path, passphrase)
    saved = records.get(check, model.FieldNote, filled["field_note"])
    check.close()
    assert saved.text.endswith(typed)  # the edit reached the case file...

    # ...and nothing else: the case file and its backups are encrypted, so they hold none of it.
    # Folders shared with other tests (the system temp folder) are searched for this run's token only.
    for folder in folders_to_search(tmp_path):
        own = folder.resolve().is_relative_to(tmp_path.resolve())
        secrets_here = (token, MARKER, "Celdas de castigo", "Nombre Real Secreto") if own else (token,)
        for secret in secrets_here:
            assert files_containing(folder, secret) == [], (secret, folder)
    assert logging_to_file.stat().st_size > 0  # the log was written during the session

    parser = configparser.ConfigParser()
    parser.read(settings.path, encoding="utf-8")
    stored = {f"{section}/{key}" if section != "General" else key
              for section in parser.sections() for key in parser[section]}
    assert stored and stored <= set(KEYS)
