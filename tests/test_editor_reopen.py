"""An approved section in the editor, opened and typed into as a person would: nothing changes
until she chooses «Reabrir» and confirms a dialog naming the approval that falls."""

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from editor_support import drain, open_editor
from gui_support import shot
from npmdesk.domain import model
from npmdesk.services.team import identity
from npmdesk.services.records import edit as records
from npmdesk.services.review import actions as review
from npmdesk.storage import audit_log
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.drafting import reopen
from test_review import LUIS_PASS, approve_all, dump, report, team  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def operations_finish(qtbot, session):
    yield
    drain()


@pytest.fixture
def approved(session, team, report):  # noqa: F811
    rep, secs = report
    approve_all(session, team, rep, secs)
    return secs[0]


def editor(qtbot, session, section_id):
    return open_editor(qtbot, AppContext(session), section_id,
                       loaded=lambda view: view.isEnabled() and view.state.text() != "")


def reopenings(session):
    with session.case.lock:
        return [e for e in audit_log.entries(session.case.conn) if e.action == "reabrir_seccion"]


def test_one_keystroke_in_an_approved_section_changes_nothing_and_offers_to_reopen(
        qtbot, session, approved, monkeypatch):
    asked = []

    def refuse(parent, what):
        asked.append(what)

    monkeypatch.setattr(reopen.ReopenDialog, "ask", classmethod(lambda cls, parent, what: refuse(parent, what)))
    view = editor(qtbot, session, approved.id)
    assert view.edit.isReadOnly() and view.reopen_button.isVisible()
    before = dump(session)
    text = view.edit.toPlainText()
    view.edit.setFocus()
    qtbot.keyClicks(view.edit, " ")
    qtbot.waitUntil(lambda: asked != [])
    drain()
    assert view.edit.toPlainText() == text
    assert dump(session) == before
    assert (asked[0].name, asked[0].decision, asked[0].report_too) == ("Rosa Revisora", "aprobar", True)
    assert "sigue protegida" in view.message.text()
    shot(view, "reopen-editor-protected")
    assert records.get(session, model.Section, approved.id).state == "aprobada"


def test_confirming_the_reopening_voids_the_approval_and_records_it(qtbot, session, approved, monkeypatch):
    monkeypatch.setattr(reopen.ReopenDialog, "ask", classmethod(lambda cls, parent, what: True))
    view = editor(qtbot, session, approved.id)
    qtbot.mouseClick(view.reopen_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.edit.isReadOnly())
    drain()
    assert records.get(session, model.Section, approved.id).state == "borrador"
    assert records.get(session, model.Report, approved.report_id).state == "en_redaccion"
    [entry] = reopenings(session)
    assert entry.entity_id == approved.id
    assert not view.reopen_button.isVisible() and "Borrador" in view.state.text()
    view.edit.setFocus()
    qtbot.keyClicks(view.edit, "Agregado. ")
    assert view.controller.save()
    qtbot.waitUntil(lambda: "Agregado." in records.get(session, model.Section, approved.id).body)


def test_the_real_dialog_names_the_approval_and_cancel_keeps_it(qtbot, session, approved):
    view = editor(qtbot, session, approved.id)
    seen = {}

    def answer(button: str):
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, reopen.ReopenDialog):
            QTimer.singleShot(50, lambda: answer(button))
            return
        seen[button] = dialog.text() + " " + dialog.informativeText()
        shot(dialog, f"reopen-confirmation-{button}")
        getattr(dialog, button).click()

    QTimer.singleShot(0, lambda: answer("no_button"))
    view.reopen_button.click()
    qtbot.waitUntil(lambda: "no_button" in seen and "sigue protegida" in view.message.text())
    assert "«Trato»" in seen["no_button"] and "Rosa Revisora" in seen["no_button"]
    assert "aprobación del informe" in seen["no_button"] and "bitácora" in seen["no_button"]
    assert records.get(session, model.Section, approved.id).state == "aprobada" and reopenings(session) == []

    QTimer.singleShot(0, lambda: answer("yes_button"))
    view.reopen_button.click()
    qtbot.waitUntil(lambda: not view.edit.isReadOnly())
    assert records.get(session, model.Section, approved.id).state == "borrador"
    assert len(reopenings(session)) == 1


def test_a_sent_section_is_protected_too_and_names_the_submission(qtbot, session, team, report):  # noqa: F811
    rep, secs = report
    identity.unlock_identity(session, team["luis"].id, LUIS_PASS)
    review.submit_section(session, secs[0].id, as_member=team["luis"].id)
    what = review.reopening(session, secs[0].id)
    assert (what.decision, what.name) == ("enviar", "Luis Autor")
    dialog = reopen.ReopenDialog(None, what)
    qtbot.addWidget(dialog)
    assert "envío a revisión de Luis Autor" in dialog.informativeText()
    view = editor(qtbot, session, secs[0].id)
    assert view.edit.isReadOnly() and view.reopen_button.isVisible()
