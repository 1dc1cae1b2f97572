"""What issue #4 asks to be shown and the other editor tests left out: a follow-up report made
from the dialog and its pre-filled section edited in the editor, a hostile megabyte of HTML
pasted through the clipboard, and guiding questions long enough to wrap."""

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QApplication

from editor_support import drain, open_editor, stored_completeness
from formkit import make_visit, shoot
from npmdesk.crypto.hashing import sha256_hex
from npmdesk.domain import model, richtext
from npmdesk.services.drafting import editor
from npmdesk.services.records import edit as records
from npmdesk.services import session as sessions
from npmdesk.services.demo.case import DEMO_PASSPHRASE, create_demo
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.drafting.new_report import NewReportDialog
from fast_kdf import FAST_KDF


@pytest.fixture
def operations_finish(qtbot, session):
    """Let queued operations end before the views and the session go away."""
    yield
    drain()


@pytest.fixture
def demo(qtbot, tmp_path):
    path = tmp_path / "demo.npmcase"
    create_demo(path, kdf_params=FAST_KDF).close()
    opened = sessions.open_case(path, DEMO_PASSPHRASE)
    yield opened
    drain()
    opened.close()


def opened(qtbot, session, section_id):
    view = open_editor(qtbot, AppContext(session), section_id)
    qtbot.waitUntil(lambda: view.guidance.report_label.text() != "" and view.history.summary.text() != "")
    return view


def test_follow_up_report_from_the_dialog_is_prefilled_and_its_table_editable(qtbot, demo):
    visit = max(records.select(demo, model.Visit), key=lambda v: v.start_date)
    dialog = NewReportDialog(AppContext(demo), visit.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.ok.isEnabled())
    assert dialog.template.currentText() == "Informe de seguimiento"
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    section = next(s for s in records.select(demo, model.Section, report_id=dialog.report.id)
                   if s.key == "seguimiento")

    view = opened(qtbot, demo, section.id)
    lines = view.edit.toPlainText().split("\n")
    assert lines[0] == "Visita realizada los días 12 y 13 de mayo de 2025"
    assert lines[1:5] == ["Recomendación", "Autoridad destinataria", "Estado actual", "Observaciones"]
    shown = view.edit.toPlainText()
    for expected in ("Reparar los servicios sanitarios del pabellón 3.", "Cumplida", "Reiterada",
                     "Parcialmente cumplida", "Ministerio de Gobierno"):
        assert expected in shown
    assert view.history.revisions.count() == 1
    table = view.edit.textCursor()
    table.movePosition(table.MoveOperation.Start)
    table.movePosition(table.MoveOperation.NextBlock)
    grid = table.currentTable()
    assert grid is not None and grid.columns() == 4 and grid.rows() == 4
    assert grid.format().border() == 1  # the grid shows, though the stored table has no attributes
    cell = grid.cellAt(1, 3)  # the first recommendation's "Observaciones"
    assert cell.firstCursorPosition().block().text() == "Se verificó en 2026 la reparación de los inodoros."
    view.edit.setTextCursor(cell.lastCursorPosition())
    qtbot.keyClicks(view.edit, " Confirmado por el equipo.")
    with qtbot.waitSignal(view.controller.sig_saved, timeout=3000):
        pass
    shoot(view, "follow_up_section", (1100, 650))
    rows = richtext.plain_text(records.get(demo, model.Section, section.id).body).split("\n")
    first = rows[2].split("\t")
    assert first[0] == "Reparar los servicios sanitarios del pabellón 3."
    assert first[2:] == ["Cumplida", "Se verificó en 2026 la reparación de los inodoros. Confirmado por el equipo."]
    assert [r.number for r in editor.history(demo, section.id)] == [2, 1]


@pytest.fixture
def section(session):
    visit = make_visit(session)
    records.add_interview(session, model.Interview(visit_id=visit.id, consent_interview=True,
                                                   consent_report=True))
    records.add_interview(session, model.Interview(visit_id=visit.id, consent_interview=True,
                                                   consent_report=False))
    report = records.save(session, model.Report(visit_id=visit.id, title="Informe", number="MNPT-2026-020"))
    return records.save(session, model.Section(
        report_id=report.id, title="Trato", position=0,
        guidance=["¿Relataron las personas entrevistadas golpes, amenazas o castigos colectivos durante "
                  "las requisas, los traslados o la noche, y lo confirman los registros?", "¿Hay cámaras?"]))


HOSTILE_BLOCK = ('<p style="color:red; font-family:Calibri" onclick="x()"><span dir="rtl">مرحبا שלום</span> '
                 '\u202eE-0\u200b2\u202c dijo 👩\u200d⚕️👍🏽 &#0;&#x202e;&#xd800;\ufeff '
                 '<b>grave<i>mente</b></i><script>alert(1)</script>\x00\x1b\u2066 fin</p>')


def test_a_hostile_megabyte_of_html_pasted_is_cleaned_saved_whole_and_reopens_the_same(
        qtbot, session, section, case_path, passphrase, operations_finish):
    view = opened(qtbot, session, section.id)
    mime = QMimeData()  # ownership passes to the clipboard below
    mime.setHtml("<html><body>" + HOSTILE_BLOCK * 6000 + "</body></html>")
    assert len(mime.html()) > 1_000_000
    QApplication.clipboard().setMimeData(mime)
    view.edit.setFocus()
    qtbot.keyClick(view.edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(view.controller.sig_saved, timeout=30000) as saved:
        view.flush()
    QApplication.clipboard().clear()
    body = records.get(session, model.Section, section.id).body
    # every hostile character left a visible mark (the zero-width ones, which show nothing, are gone)
    paragraph = ("<p>مرحبا שלום \ufffdE-02\ufffd dijo 👩\u200d⚕️👍🏽 \ufffd\ufffd\ufffd "
                 "<b>grave</b><b><i>mente</i></b>\ufffd\ufffd\ufffd fin</p>")
    assert body == paragraph * 6000
    assert saved.args[0].body == body and saved.args[0].body_sha256 == sha256_hex(body.encode("utf-8"))
    qtbot.waitUntil(lambda: view.warnings.count() > 0, timeout=30000)
    assert view.warnings.item(0).text().startswith("«E-02»: La persona E-02 no consintió")
    assert view.warning_count.text() == "6000 advertencias de confidencialidad"
    drain()
    session.close()
    reopened = sessions.open_case(case_path, passphrase)
    try:
        again = records.get(reopened, model.Section, section.id)
        assert again.body == body
        assert [r.number for r in editor.history(reopened, section.id)] == [1]
    finally:
        reopened.close()


def test_a_long_guiding_question_wraps_and_clicking_its_text_ticks_it(qtbot, session, section, operations_finish):
    view = opened(qtbot, session, section.id)
    view.resize(900, 600)
    QApplication.processEvents()
    question = view.guidance.findChildren(type(view.guidance.section_label))
    label = next(w for w in question if w.text().startswith("¿Relataron"))
    assert label.wordWrap() and label.isVisible()
    assert label.height() > 2 * label.fontMetrics().lineSpacing()  # on three lines or more
    assert label.geometry().right() <= view.guidance.width()
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.guidance.section_label.text() == "Sección: 1 de 2 preguntas guía respondidas.")
    assert view.controller.checkboxes[0].isChecked()
    assert view.controller.checkboxes[0].accessibleName() == label.text()
    assert stored_completeness(session, section.id) == editor.Completeness(1, 2)
