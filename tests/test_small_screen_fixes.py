"""The layout faults the 1024×600 screenshots showed (docs/img/make_screenshots.py), each opened
the way a person opens it and checked as tests/screen_fit.py checks every window."""

import pytest
from PySide6.QtWidgets import QApplication

from fast_kdf import FAST_KDF
from gui_support import application, settings, unlock  # noqa: F401 (fixtures)
from screen_fit import fit_problems, small_screen  # noqa: F401 (fixture)

from npmdesk.domain import model
from npmdesk.services import session as sessions
from npmdesk.services.demo.case import DEMO_PASSPHRASE, create_demo
from npmdesk.services.records import edit as records
from npmdesk.ui.common import ops
from npmdesk.ui.common.context import AppContext


@pytest.fixture
def demo(qtbot, tmp_path):
    path = tmp_path / "demo.npmcase"
    create_demo(path, kdf_params=FAST_KDF).close()
    opened = sessions.open_case(path, DEMO_PASSPHRASE)
    yield opened
    ops.wait_all()
    opened.close()


def test_team_screen_is_no_wider_than_a_1024_screen_with_the_root_code_shown(qtbot, demo):
    from npmdesk.ui.team.screen import TeamScreen
    screen = TeamScreen(AppContext(demo))
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitUntil(lambda: "80" in screen.status.text() or screen.model.rowCount() == 6)
    qtbot.waitUntil(lambda: ops.running() == 0)
    QApplication.processEvents()
    # It used to need 1,164 px: the roster line (ending with the root's 60-digit code) did not wrap.
    assert screen.minimumSizeHint().width() <= 1024
    assert fit_problems(screen) == []


def test_recovery_key_dialog_grows_to_show_its_text_once_it_arrives(qtbot, demo):
    from npmdesk.ui.safekeeping.recovery_key import RecoveryKeyDialog
    dialog = RecoveryKeyDialog(AppContext(demo))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: "todavía no tiene clave" in dialog.current.text())
    QApplication.processEvents()
    # Before: 52 px for a 70 px text, the buttons below squeezed to 12 px high.
    assert fit_problems(dialog) == []


def test_migration_dialog_opens_within_the_screen(qtbot, demo, tmp_path, small_screen):
    from npmdesk.ui.importing.migrate_dialog import MigrateDialog
    folder = tmp_path / "anteriores"
    folder.mkdir()
    dialog = MigrateDialog(AppContext(demo), folder)
    qtbot.addWidget(dialog)
    # 620 px high, it hid Importar and Cancelar below a 600 px screen.
    assert dialog.height() <= 600 and dialog.width() <= 1024
    ops.wait_all()


def test_navigator_leaves_deep_names_most_of_its_width(qtbot, application, tmp_path):
    path = tmp_path / "demo.npmcase"
    create_demo(path, kdf_params=FAST_KDF).close()
    session = sessions.open_case(path, DEMO_PASSPHRASE)
    finding = records.select(session, model.Finding)[0]
    session.close()
    application.begin(path)
    unlock(qtbot, application, DEMO_PASSPHRASE)
    window, controller = application.window, application.main_controller
    window.resize(1024, 600)
    controller.reveal("finding", finding.id)
    qtbot.waitUntil(lambda: (controller.current_key or ("",))[-1] == finding.id and ops.running() == 0)
    index = window.tree.currentIndex().siblingAtColumn(0)
    shown = window.tree.visualRect(index).width() - window.tree.iconSize().width()
    # A fixed 130 px Detalle column left «Haci…» of «Hacinamiento crítico en el pabellón 3».
    assert shown >= window.tree.fontMetrics().horizontalAdvance("Hacinamiento crítico")
