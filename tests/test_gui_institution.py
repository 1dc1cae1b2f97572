"""Herramientas → Datos de la institución…: the director writes how the documents name the
institution, its seat and her role; another person is told why not, and nothing changes."""

import pytest
from PySide6.QtCore import Qt

from gui_support import application, settings, shot, unlock  # noqa: F401
from fast_kdf import FAST_KDF
from npmdesk.domain import model
from npmdesk.services.demo.case import DEMO_PASSPHRASE, create_demo
from npmdesk.services.records import edit as records
from npmdesk.services.session import Session
from npmdesk.services.team import institution
from npmdesk.ui.common import ops
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.team.institution_form import InstitutionDialog

DEFAULT_ROLE = "Director/a del Mecanismo Nacional de Prevención de la Tortura"


@pytest.fixture(autouse=True)
def operations_finish(qtbot, session):
    yield
    ops.wait_all()


def opened(qtbot, session):
    dialog = InstitutionDialog(AppContext(session))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.save.isEnabled())
    return dialog


def test_the_director_writes_the_names_and_the_defaults_show_in_grey(qtbot, session):
    dialog = opened(qtbot, session)
    role = dialog.fields.edits["signer_role"]
    assert role.text() == "" and role.placeholderText() == DEFAULT_ROLE
    qtbot.keyClicks(role, "Directora Nacional del MNPT")  # QTest types ASCII only
    qtbot.keyClicks(dialog.fields.edits["institution_seat"], "Santiago de Veraguas")
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.isVisible())
    assert "firmados en Santiago de Veraguas por «Directora Nacional del MNPT»" in dialog.message.text()
    shot(dialog, "datos-institucion")
    named = institution.institution(session)
    assert (named.signer_role, named.institution_seat) == ("Directora Nacional del MNPT", "Santiago de Veraguas")
    assert named.heading == ("Defensoría del Pueblo de la República de Panamá — Mecanismo Nacional de "
                             "Prevención de la Tortura")


def test_someone_else_is_told_why_not_and_nothing_changes(qtbot, session):
    author = records.save(session, model.TeamMember("Luis Ábrego", "derecho", "autor"))
    dialog = opened(qtbot, Session(session.case, author))
    qtbot.keyClicks(dialog.fields.edits["signer_role"], "Jefe")
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.isVisible())
    assert "Solo la dirección o la administración" in dialog.message.text()
    assert institution.institution(session).signer_role == DEFAULT_ROLE


def test_the_tools_menu_opens_it_with_the_demo_s_role(qtbot, application, tmp_path):  # noqa: F811
    path = tmp_path / "demo.npmcase"
    create_demo(path, kdf_params=FAST_KDF).close()
    application.begin(path)
    unlock(qtbot, application, DEMO_PASSPHRASE)
    tools = application.main_controller.tools_menu
    assert tools.act_institution.text() == "&Datos de la institución…"
    tools.act_institution.trigger()
    dialog = application.main_controller.window.findChild(InstitutionDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.save.isEnabled())
    assert dialog.fields.edits["signer_role"].text() == ("Directora Nacional del Mecanismo Nacional de "
                                                         "Prevención de la Tortura")
    assert dialog.width() <= application.main_controller.window.screen().availableGeometry().width()
    dialog.close()
