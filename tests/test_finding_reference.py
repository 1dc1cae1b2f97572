"""Citing a finding in a section, driven like a person would: the toolbar button or Ctrl+Alt+H,
the chooser with its filter, Enter; the reference is stored, autosaved as a revision, undoable,
and reaches the Word document as text."""

import zipfile

import pytest
from docx import Document
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from editor_support import drain, open_editor
from export_fixture import build_report
from formkit import shoot
from gui_support import application, filled, settings  # noqa: F401
from npmdesk.domain import model
from npmdesk.services.drafting import editor
from npmdesk.services.archive import word as export
from npmdesk.services.records import findings
from npmdesk.services.records import edit as records
from npmdesk.ui.common import ops
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.drafting.finding_picker import (COL_AREA, COL_EVIDENCE, COL_FLAGS, COL_TITLE, FindingChoiceModel,
                                              FindingPicker)

REFERENCE = "[Hallazgo: Hacinamiento crítico en el pabellón B — Condiciones materiales]"


@pytest.fixture(autouse=True)
def operations_finish(qtbot, session):
    yield
    drain()


@pytest.fixture
def built(session):
    """A report (export_fixture) whose visit has, besides the fixture's two findings without
    evidence, one backed by an interview, a register and a photo (triangulated)."""
    built = build_report(session)
    note = records.select(session, model.FieldNote, visit_id=built.visit.id)[0]
    note.kind = "registro"
    records.save(session, note)
    records.save(session, model.Finding(
        visit_id=built.visit.id, area="condiciones_materiales", title="Hacinamiento crítico en el pabellón B",
        text="171 personas para 80 plazas; el registro de ingresos y las entrevistas coinciden.",
        interview_ids=[built.interviews[0].id], note_ids=[note.id], triangulated=True))
    return built


def section_of(built, key):
    return next(s for s in built.sections if s.key == key)


def opened(qtbot, session, section_id):
    view = open_editor(qtbot, AppContext(session), section_id)
    qtbot.waitUntil(lambda: view.guidance.report_label.text() != "")
    return view


def picker_of(qtbot, view) -> FindingPicker:
    qtbot.waitUntil(lambda: view.controller.picker is not None and view.controller.picker.isVisible())
    return view.controller.picker


def rows(picker):
    model = picker.model
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def stored(session, section_id):
    return records.get(session, model.Section, section_id).body


def test_button_filter_and_enter_insert_a_reference_that_is_saved_undone_and_exported(
        qtbot, session, built, tmp_path):
    section = section_of(built, "condiciones_materiales")
    view = opened(qtbot, session, section.id)
    edit = view.edit
    edit.setFocus()
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(edit, " Vea ")
    with qtbot.waitSignal(view.controller.sig_saved, timeout=3000):
        pass
    button = view.toolbar.widgetForAction(view.toolbar.act_finding)
    assert button.accessibleName() == "Insertar referencia a un hallazgo…"
    assert button.isVisible() and button.text() == "Citar hallazgo"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    picker = picker_of(qtbot, view)
    assert picker.windowTitle() == "Insertar referencia a un hallazgo"
    assert rows(picker) == [
        ["Trato", "Uso excesivo de la fuerza en requisas", "0", "Sin evidencia"],
        ["Condiciones materiales", "Hacinamiento", "0", "Sin evidencia"],
        ["Condiciones materiales", "Hacinamiento crítico en el pabellón B", "2", "Triangulado"],
    ]
    assert QApplication.focusWidget() is picker.filter
    shoot(picker, "finding_picker", (820, 420))
    qtbot.keyClicks(picker.filter, "pabellon criti")  # without accents, words in any order
    assert rows(picker) == [["Condiciones materiales", "Hacinamiento crítico en el pabellón B", "2", "Triangulado"]]
    assert picker.summary.text().startswith("171 personas para 80 plazas")
    qtbot.keyClick(picker.filter, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not picker.isVisible())
    assert edit.toPlainText() == f"Celdas sin luz natural. Vea {REFERENCE}"
    assert view.window().focusWidget() is edit

    with qtbot.waitSignal(view.controller.sig_saved, timeout=3000) as saved:
        pass
    finding = records.select(session, model.Finding, title="Hacinamiento crítico en el pabellón B")[0]
    body = stored(session, section.id)
    assert body == (f'<p>Celdas sin luz natural. Vea <a href="npmdesk-hallazgo:{finding.id}">'
                    f'{REFERENCE}</a></p>')
    assert findings.referenced_findings(body) == [finding.id]
    assert saved.args[0].body == body
    qtbot.waitUntil(lambda: view.history.revisions.count() == 2)

    target = tmp_path / "informe.docx"
    export.export_report(session, built.report.id, target)
    paragraphs = [p.text for p in Document(target).paragraphs]
    assert f"Celdas sin luz natural. Vea {REFERENCE}" in paragraphs
    assert "Hacinamiento crítico en el pabellón B. 171 personas para 80 plazas; el registro de ingresos " \
           "y las entrevistas coinciden." in paragraphs  # what the reference points to
    with zipfile.ZipFile(target) as package:
        xml = "".join(package.read(n).decode("utf-8") for n in package.namelist() if n.endswith((".xml", ".rels")))
    assert "npmdesk-hallazgo" not in xml
    assert finding.id not in xml
    assert "<w:hyperlink" not in xml

    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert edit.toPlainText() == "Celdas sin luz natural. Vea "
    with qtbot.waitSignal(view.controller.sig_saved, timeout=3000):
        pass
    assert stored(session, section.id) == "<p>Celdas sin luz natural. Vea</p>"
    assert [r.number for r in editor.history(session, section.id)] == [3, 2, 1]


def test_shortcut_arrows_and_typing_after_the_reference(qtbot, session, built):
    section = section_of(built, "trato")
    view = opened(qtbot, session, section.id)
    edit = view.edit
    edit.setFocus()
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(edit, " Ver ")
    qtbot.keyClick(edit, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    picker = picker_of(qtbot, view)
    qtbot.keyClicks(picker.filter, "hacinamiento")
    assert [r[COL_TITLE] for r in rows(picker)] == ["Hacinamiento", "Hacinamiento crítico en el pabellón B"]
    qtbot.keyClick(picker.filter, Qt.Key.Key_Down)
    assert picker.current().title == "Hacinamiento crítico en el pabellón B"
    assert QApplication.focusWidget() is picker.filter
    qtbot.keyClick(picker.filter, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not picker.isVisible())
    qtbot.keyClicks(edit, " y mas.")
    with qtbot.waitSignal(view.controller.sig_saved, timeout=3000):
        pass
    finding = records.select(session, model.Finding, title="Hacinamiento crítico en el pabellón B")[0]
    assert stored(session, section.id).endswith(
        f'Ver <a href="npmdesk-hallazgo:{finding.id}">{REFERENCE}</a> y mas.</p>')


def test_escape_and_a_filter_without_matches_insert_nothing(qtbot, session, built):
    section = section_of(built, "trato")
    view = opened(qtbot, session, section.id)
    before = view.edit.toHtml()
    qtbot.mouseClick(view.toolbar.widgetForAction(view.toolbar.act_finding), Qt.MouseButton.LeftButton)
    view.toolbar.act_finding.trigger()  # asked again before the list arrived
    picker = picker_of(qtbot, view)
    ops.wait_all()
    QApplication.processEvents()
    assert [p for p in view.findChildren(FindingPicker) if p.isVisible()] == [picker]
    qtbot.keyClicks(picker.filter, "ventilacion")
    assert picker.model.rowCount() == 0
    assert not picker.insert_button.isEnabled()
    assert picker.summary.text() == "Ningún hallazgo coincide con «ventilacion»."
    qtbot.keyClick(picker.filter, Qt.Key.Key_Return)
    assert picker.isVisible()
    qtbot.keyClick(picker.filter, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not picker.isVisible())
    assert view.edit.toHtml() == before and not view.controller.dirty


def test_a_visit_without_findings_says_so(qtbot, session, built):
    for finding in records.select(session, model.Finding):
        records.delete(session, model.Finding, finding.id)
    view = opened(qtbot, session, section_of(built, "trato").id)
    view.toolbar.act_finding.trigger()
    qtbot.waitUntil(lambda: view.message.isVisible())
    assert view.message.text() == ("No hay hallazgos que citar: los de un informe de visita se registran en "
                                   "la visita (Hallazgos); el informe anual cita los de los informes "
                                   "aprobados del año.")
    assert view.controller.picker is None and not view.controller.dirty


def test_choice_model(qtmodeltester, session, built):
    choices = findings.choices(session, section_of(built, "trato").id)
    model = FindingChoiceModel(choices)
    qtmodeltester.check(model)
    assert model.headerData(COL_AREA, Qt.Orientation.Horizontal) == "Área"
    assert model.headerData(COL_EVIDENCE, Qt.Orientation.Horizontal) == "Evidencias"
    assert model.index(0, COL_FLAGS).data() == "Sin evidencia"
    assert model.index(0, COL_FLAGS).data(Qt.ItemDataRole.ForegroundRole) is not None
    model.set_query("USO EXCESIVO")
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    assert choices[2].reference == findings.reference_html(session, choices[2].id)


def test_ctrl_click_on_a_reference_opens_the_finding(qtbot, session, built):
    finding = records.select(session, model.Finding, title="Hacinamiento crítico en el pabellón B")[0]
    section = section_of(built, "trato")
    editor.save_body(session, section.id, f'<p>Ver <a href="npmdesk-hallazgo:{finding.id}">{REFERENCE}</a>.</p>')
    view = opened(qtbot, session, section.id)
    cursor = view.edit.textCursor()
    cursor.setPosition(len("Ver ") + 5)
    point = view.edit.cursorRect(cursor).center()
    assert view.edit.finding_at(point) == finding.id
    asked = []
    view.controller.ctx.sig_open.connect(lambda *args: asked.append(args))
    qtbot.mouseClick(view.edit.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert asked == [] and view.edit.textCursor().position() == len("Ver ") + 5  # a plain click edits
    qtbot.mouseClick(view.edit.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, point)
    qtbot.waitUntil(lambda: asked == [("finding", finding.id)])
    assert view.edit.toPlainText() == f"Ver {REFERENCE}." and not view.controller.dirty

    records.delete(session, model.Finding, finding.id)
    qtbot.mouseClick(view.edit.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, point)
    qtbot.waitUntil(lambda: view.message.isVisible())
    assert view.message.text().startswith("El hallazgo citado ya no existe")
    assert asked == [("finding", finding.id)]


def test_the_lock_closes_an_open_chooser_and_leaves_no_finding_on_screen(
        qtbot, application, filled, case_path, passphrase):
    from gui_support import every_text, unlock
    from npmdesk.services.session import open_case
    from npmdesk.ui.shell.app import UNLOCK
    setup = open_case(case_path, passphrase)
    try:
        section = records.save(setup, model.Section(report_id=filled["report"], title="Trato", position=0))
    finally:
        setup.close()
    application.begin(case_path)
    unlock(qtbot, application, passphrase)
    controller = application.main_controller
    controller.reveal("section", section.id)
    qtbot.waitUntil(lambda: controller.current_key is not None and controller.current_key[-1] == section.id)
    view = controller.current_view
    qtbot.waitUntil(lambda: view.controller.ready and view.isEnabled())
    view.toolbar.act_finding.trigger()
    picker = picker_of(qtbot, view)
    assert [r[COL_TITLE] for r in rows(picker)] == ["Uso excesivo de la fuerza"]
    del picker, view
    application.idle.set_timeout_ms(300)  # the person walks away from the open chooser
    qtbot.waitUntil(lambda: application.state == UNLOCK, timeout=10000)
    assert QApplication.activeModalWidget() is None
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, FindingPicker)]
    assert not any("Uso excesivo de la fuerza" in text for text in every_text())


def test_the_context_menu_offers_the_reference(qtbot, session, built):
    from PySide6.QtCore import QPoint, QTimer
    from PySide6.QtGui import QContextMenuEvent
    view = opened(qtbot, session, section_of(built, "trato").id)
    offered = []

    def look_and_choose():
        menu = QApplication.activePopupWidget()
        entries = [a for a in menu.actions() if not a.isSeparator()]
        offered.extend(a.text() for a in entries)
        menu.close()
        entries[0].trigger()  # the person chooses the entry

    QTimer.singleShot(0, look_and_choose)
    point = QPoint(10, 10)
    QApplication.sendEvent(view.edit.viewport(), QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, point, view.edit.viewport().mapToGlobal(point)))
    qtbot.waitUntil(lambda: bool(offered), timeout=5000)  # the menu pops up without blocking
    assert offered[0] == "Insertar referencia a un hallazgo…"
    assert "Ctrl+Alt+H" in view.toolbar.act_finding.shortcut().toString()
    picker = picker_of(qtbot, view)
    picker.reject()


def test_the_export_prints_a_reference_as_its_finding_reads_now(session, built, tmp_path):
    """The finding was renamed and moved to another area after it was cited: the document follows it
    (as a cross-reference does); a citation of a finding deleted since keeps the text it had."""
    finding = records.select(session, model.Finding, title="Hacinamiento crítico en el pabellón B")[0]
    gone = records.save(session, model.Finding(visit_id=built.visit.id, area="personal", title="Hallazgo retirado"))
    section = section_of(built, built.sections[0].key)
    body = (f"<p>Vea {findings.reference_html(session, finding.id)} y "
            f"<b>{findings.reference_html(session, gone.id)}</b>.</p>")
    editor.save_body(session, section.id, body)
    finding.title = "Sobrepoblación en el pabellón B"
    finding.area = "trato"
    records.save(session, finding)
    records.delete(session, model.Finding, gone.id)

    target = tmp_path / "informe.docx"
    export.export_report(session, built.report.id, target)
    text = "\n".join(p.text for p in Document(target).paragraphs)
    assert "Vea [Hallazgo: Sobrepoblación en el pabellón B — Trato] y " \
           "[Hallazgo: Hallazgo retirado — Personal]." in text
    assert "Hacinamiento crítico" not in text
    assert "Hacinamiento crítico en el pabellón B" in stored(session, section.id)  # as written, in the case file


def test_the_editor_shows_a_reference_as_its_finding_reads_now_and_saves_it_only_with_an_edit(
        qtbot, session, built):
    finding = records.select(session, model.Finding, title="Hacinamiento crítico en el pabellón B")[0]
    section = section_of(built, built.sections[0].key)
    editor.save_body(session, section.id, f"<p>Vea {findings.reference_html(session, finding.id)}</p>")
    finding.title = "Sobrepoblación en el pabellón B"
    records.save(session, finding)
    revisions = len(editor.history(session, section.id))

    view = opened(qtbot, session, section.id)
    edit = view.edit
    assert edit.toPlainText() == "Vea [Hallazgo: Sobrepoblación en el pabellón B — Condiciones materiales]"
    shoot(view, "referencia_al_dia", (1100, 700))
    assert not view.controller.dirty and len(editor.history(session, section.id)) == revisions  # opening saves nothing
    assert "Hacinamiento crítico" in stored(session, section.id)

    edit.moveCursor(edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(edit, ".")
    with qtbot.waitSignal(view.controller.sig_saved, timeout=3000):
        pass
    body = stored(session, section.id)
    assert "Sobrepoblación en el pabellón B" in body and "Hacinamiento crítico" not in body
    assert findings.referenced_findings(body) == [finding.id]


def test_triangulado_only_when_the_finding_s_own_box_is_ticked(qtbot, session, built):
    finding = next(f for f in records.select(session, model.Finding)
                   if f.title == "Hacinamiento crítico en el pabellón B")
    view = opened(qtbot, session, section_of(built, "condiciones_materiales").id)
    finding.triangulated = False
    records.save(session, finding)
    view.toolbar.act_finding.trigger()
    picker = picker_of(qtbot, view)
    row = next(r for r in rows(picker) if r[1] == finding.title)
    assert row[3] == "Varias fuentes; sin marcar como triangulado"
    picker.reject()
