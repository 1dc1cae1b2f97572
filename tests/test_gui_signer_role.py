"""Herramientas → Cargo de quien firma los informes…: the director writes how her role reads
under the signature; another person is told why not, and nothing changes."""

import pytest
from PySide6.QtCore import Qt

from gui_support import application, settings, shot, unlock  # noqa: F401
from fast_kdf import FAST_KDF
from npmdesk.services.demo.case import DEMO_PASSPHRASE, create_demo
from npmdesk.domain import model
from npmdesk.services.archive import closing
from npmdesk.services.records import edit as records
from npmdesk.services.session import Session
from npmdesk.ui.archive.signer_role import SignerRoleDialog
from npmdesk.ui.common import ops
from npmdesk.ui.common.context import AppContext


@pytest.fixture(autouse=True)
def operations_finish(qtbot, session):
    yield
    ops.wait_all()


def opened(qtbot, session):
    dialog = SignerRoleDialog(AppContext(session))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.save.isEnabled())
    return dialog


def test_the_director_writes_her_role_and_the_export_uses_it(qtbot, session):
    dialog = opened(qtbot, session)
    assert dialog.role.text() == "Director/a del Mecanismo Nacional de Prevención de la Tortura"
    dialog.role.selectAll()
    qtbot.keyClicks(dialog.role, "Directora Nacional del MNPT")  # QTest types ASCII only
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.isVisible())
    assert "Directora Nacional" in dialog.message.text()
    shot(dialog, "cargo-firma")
    assert closing.signer_role(session) == "Directora Nacional del MNPT"


def test_someone_else_is_told_why_not_and_nothing_changes(qtbot, session):
    author = records.save(session, model.TeamMember("Luis Ábrego", "derecho", "autor"))
    dialog = opened(qtbot, Session(session.case, author))
    dialog.role.selectAll()
    qtbot.keyClicks(dialog.role, "Jefe")
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.isVisible())
    assert "Solo la dirección o la administración" in dialog.message.text()
    assert closing.signer_role(session) == "Director/a del Mecanismo Nacional de Prevención de la Tortura"


def test_the_tools_menu_opens_it_with_the_demo_s_role(qtbot, application, tmp_path):  # noqa: F811
    path = tmp_path / "demo.npmcase"
    create_demo(path, kdf_params=FAST_KDF).close()
    application.begin(path)
    unlock(qtbot, application, DEMO_PASSPHRASE)
    tools = application.main_controller.tools_menu
    assert tools.act_signer.text() == "Cargo de quien &firma los informes…"
    tools.act_signer.trigger()
    dialog = application.main_controller.window.findChild(SignerRoleDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.save.isEnabled())
    assert dialog.role.text() == "Directora Nacional del Mecanismo Nacional de Prevención de la Tortura"
    dialog.close()
