"""The draft for factual corrections driven from the letters view as a person would: the button,
the real dialog filled with the keyboard (report, authority, days, file), the draft written and
listed; then its reply (date, text, the authority's Word answer, its comments imported), the
observation on the report, the row answered. A report not ready is said, not offered."""

import docx
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from gui_support import application, settings, shot  # noqa: F401
from npmdesk.domain import model
from npmdesk.services.records import edit as records
from npmdesk.services.tracking import dialogue
from npmdesk.storage import review_store
from npmdesk.ui.common import ops
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.tracking import letters_view
from npmdesk.ui.tracking.corrections_dialogs import DraftDialog, ReplyDialog
from test_corrections import MARK, _answer, sections_approved

TODAY = "2026-11-30"
MP = "Ministerio Público"


def idle(qtbot):
    qtbot.waitUntil(lambda: ops.running() == 0, timeout=15000)


def when_modal(cls, act) -> QTimer:
    """Run `act(dialog)` once a modal dialog of `cls` is open (it blocks the test's own code)."""
    timer = QTimer()
    timer.setInterval(20)

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, cls) and dialog.isVisible():
            timer.stop()
            act(dialog)
    timer.timeout.connect(poll)
    timer.start()
    return timer


def ok(qtbot, dialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def loaded(qtbot, ctx):
    view = letters_view.LettersView(ctx, today=TODAY)
    qtbot.addWidget(view)
    view.resize(1024, 600)
    view.show()
    idle(qtbot)
    return view


def test_a_draft_is_written_from_the_letters_view_and_its_reply_logged(qtbot, session, tmp_path):
    built, _rosa = sections_approved(session)
    view = loaded(qtbot, AppContext(session))
    target = tmp_path / "borrador-mp.docx"
    seen = {}

    def fill(dialog) -> None:
        seen["authorities"] = [dialog.authority.itemText(i) for i in range(dialog.authority.count())]
        dialog.authority.setCurrentIndex(dialog.authority.findText(MP))
        dialog.days.selectAll()
        qtbot.keyClicks(dialog.days, "10")
        qtbot.keyClicks(dialog.path, str(target))
        shot(dialog, "corrections-draft-dialog")
        ok(qtbot, dialog)
    timer = when_modal(DraftDialog, fill)
    qtbot.mouseClick(view.draft_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: target.exists() and ops.running() == 0, timeout=15000)
    timer.stop()
    assert seen["authorities"] == ["Dirección General del Sistema Penitenciario", MP]
    assert MARK in docx.Document(str(target)).sections[0].header._element.xml
    [letter] = records.select(session, model.Letter)
    assert (letter.kind, letter.authority, letter.written_on, letter.response_due) == (
        "correcciones", MP, TODAY, "2026-12-10")
    qtbot.waitUntil(lambda: view.current() is not None and view.current().letter.id == letter.id)
    assert "Registre su envío cuando salga." in view.detail.text()
    assert f"Borrador para {MP} escrito en" in view.notice.text()
    assert not view.reply_button.isEnabled()  # not sent yet: nothing to reply to

    dialogue.send_letter(session, letter.id, "2026-11-30", "electronico", today=TODAY)
    view.load()
    idle(qtbot)
    qtbot.waitUntil(lambda: view.reply_button.isEnabled())
    answer = _answer(tmp_path / "respuesta-mp.docx", "Trato", "relató malos tratos durante la requisa")

    def reply(dialog) -> None:
        dialog.day.edit.selectAll()
        qtbot.keyClicks(dialog.day.edit, "30112026")
        qtbot.keyClicks(dialog.text, "Corrige un dato del registro.")
        qtbot.keyClicks(dialog.document, str(answer))
        assert dialog.comments.isEnabled()
        dialog.comments.setChecked(True)
        shot(dialog, "corrections-reply-dialog")
        ok(qtbot, dialog)
    timer = when_modal(ReplyDialog, reply)
    qtbot.mouseClick(view.reply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: records.get(session, model.Letter, letter.id).reply_on == TODAY, timeout=15000)
    timer.stop()
    idle(qtbot)
    stored = records.get(session, model.Letter, letter.id)
    assert stored.reply_text == "Corrige un dato del registro."
    assert records.attachment_data(session, stored.reply_attachment_id) == answer.read_bytes()
    trato = next(s for s in built.sections if s.title == "Trato")
    [observation] = review_store.observations(session.case.conn, trato.id)
    assert MP in observation.body
    qtbot.waitUntil(lambda: "1 comentario quedó como observación" in view.notice.text())
    view.only_pending.setChecked(False)
    row = next(r for r in range(view.table.rowCount()) if view.table.item(r, 2).text() == MP)
    assert view.table.item(row, 5).text() == "correcciones del 30/11/2026"
    assert view.table.item(row, 1).text() == "respondido"
    assert view.minimumSizeHint().width() <= 1024
    shot(view, "letters-corrections")


def test_no_report_ready_is_said_beside_the_table(qtbot, session):
    from export_fixture import build_report
    build_report(session, state="en_revision")  # its sections are still drafts
    view = loaded(qtbot, AppContext(session))
    qtbot.mouseClick(view.draft_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.notice.isVisible())
    assert "Ningún informe está listo para enviarse como borrador" in view.notice.text()


def test_a_letter_found_by_search_opens_in_the_letters_view_even_answered(qtbot, application, session, tmp_path,
                                                                          case_path, passphrase):
    from gui_support import unlock
    from npmdesk.services.tracking import corrections
    built, _rosa = sections_approved(session)
    draft = corrections.write_draft(session, built.report.id, MP, tmp_path / "b.docx", day="2026-11-10")
    dialogue.send_letter(session, draft.letter.id, "2026-11-11", "mano", today=TODAY)
    corrections.record_reply(session, draft.letter.id, "2026-11-20", "Rectifica la fecha del traslado.",
                             today=TODAY)
    session.close()
    application.begin(case_path)
    unlock(qtbot, application, passphrase)
    window = application.window
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.search, "traslado")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.results.hasFocus() and window.results.model().rowCount() == 1, timeout=10000)
    assert window.results.model().index(0, 0).data().startswith("Oficio: Borrador MNPT-2026-017 para correcciones")
    qtbot.keyClick(window.results, Qt.Key.Key_Return)
    controller = application.main_controller
    qtbot.waitUntil(lambda: isinstance(controller.current_view, letters_view.LettersView), timeout=10000)
    view = controller.current_view
    qtbot.waitUntil(lambda: view.current() is not None and view.current().letter.id == draft.letter.id,
                    timeout=10000)
    assert not view.only_pending.isChecked()  # answered, so the full list is shown
    assert "Rectifica la fecha del traslado." in view.detail.text()
