"""The section editor driven like a person would: typing, formatting, autosave, paste,
spelling, confidentiality marks, the guidance checklist, revisions, diff and restore."""

import time

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import QApplication

from editor_support import drain, open_editor, stored_completeness
from formkit import make_visit, shoot
from npmdesk.domain import model
from npmdesk.errors import InvalidRecord
from npmdesk.services.archive import disclosure
from npmdesk.services.drafting import editor
from npmdesk.services.records import edit as records
from npmdesk.services import session as sessions
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.drafting.editor_controller import AUTOSAVE_MS, open_section
from npmdesk.ui.drafting import spell
from npmdesk.ui.drafting.notes import NoteDialog
from npmdesk.ui.common.views import load_all, view_for
from test_richtext import WORD_HTML

GUIDANCE = ["¿Cuántas personas ocupan cada celda?", "¿Hay ventilación y luz natural?",
            "¿Tienen acceso a agua potable las 24 horas?"]


@pytest.fixture(autouse=True)
def operations_finish(qtbot, session):
    """Let queued operations end before the views and the session go away (set up after the
    session, so torn down before it)."""
    yield
    drain()


@pytest.fixture
def ctx(session):
    return AppContext(session)


@pytest.fixture
def report(session):
    visit = make_visit(session)
    records.add_interview(session, model.Interview(visit_id=visit.id, real_identity="Juan Pérez Gómez",
                                                   consent_interview=True, consent_report=True))
    records.add_interview(session, model.Interview(visit_id=visit.id, consent_interview=True,
                                                   consent_report=False))
    report = records.save(session, model.Report(visit_id=visit.id, title="Informe de visita",
                                                number="MNPT-2026-014"))
    records.save(session, model.Section(report_id=report.id, title="Trato", position=0,
                                        guidance=["¿Se denunciaron malos tratos?"]))
    return report


@pytest.fixture
def section(session, report):
    return records.save(session, model.Section(report_id=report.id, title="Condiciones materiales",
                                               position=1, guidance=GUIDANCE))


def opened(qtbot, ctx, section_id):
    view = open_editor(qtbot, ctx, section_id)
    qtbot.waitUntil(lambda: view.guidance.report_label.text() != "")
    return view


def stored_body(session, section_id):
    return records.get(session, model.Section, section_id).body


def test_editor_is_the_registered_view_of_sections():
    load_all()
    assert view_for("section") is open_section


def test_typing_bold_by_shortcut_and_autosave_writes_a_revision(qtbot, ctx, session, section, case_path,
                                                                 passphrase):
    spell.dictionary()  # its one-off background load (~1 s of Python) would delay this first autosave
    view = opened(qtbot, ctx, section.id)
    edit = view.edit
    edit.setFocus()
    qtbot.keyClicks(edit, "Las celdas son ")
    qtbot.keyClick(edit, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert view.toolbar.act_bold.isChecked()
    qtbot.keyClicks(edit, "muy estrechas")
    qtbot.keyClick(edit, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, ".")
    assert view.status.text() == "Cambios sin guardar"
    qtbot.waitUntil(lambda: view.words.text() == "5 palabras", timeout=1000)  # counted on a pause
    typed_at = time.monotonic()
    with qtbot.waitSignal(view.controller.sig_saved, timeout=2000) as saved:
        pass
    assert time.monotonic() - typed_at < 2.0
    qtbot.waitUntil(lambda: view.history.revisions.count() == 1)
    qtbot.waitUntil(lambda: view.history.summary.text() != "")
    assert AUTOSAVE_MS < 2000
    assert saved.args[0].number == 1
    assert view.status.text().startswith("Guardado a las")
    assert stored_body(session, section.id) == "<p>Las celdas son <b>muy estrechas</b>.</p>"
    session.close()
    reopened = sessions.open_case(case_path, passphrase)
    try:
        revisions = editor.history(reopened, section.id)
        assert [(r.number, r.author) for r in revisions] == [(1, "Ana Directora")]
        assert editor.revision(reopened, revisions[0].id).body == "<p>Las celdas son <b>muy estrechas</b>.</p>"
    finally:
        reopened.close()


def test_italic_underline_undo_and_redo_from_the_keyboard(qtbot, ctx, section):
    view = opened(qtbot, ctx, section.id)
    edit = view.edit
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, "nota")
    assert "<i><u>nota</u></i>" in editor.richtext.sanitize(edit.toHtml())
    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert edit.toPlainText() == ""
    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert edit.toPlainText() == "nota"


def test_lists_headings_tables_and_footnotes_are_stored_in_the_export_subset(qtbot, ctx, session, section,
                                                                             monkeypatch):
    monkeypatch.setattr(NoteDialog, "ask", classmethod(lambda cls, parent, text="": "Lo dijo el director."))
    view = opened(qtbot, ctx, section.id)
    edit, bar = view.edit, view.toolbar
    edit.setFocus()
    qtbot.keyClicks(edit, "Agua")
    bar.act_heading.trigger()
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    bar.act_body.trigger()
    qtbot.keyClicks(edit, "Hay cortes")
    bar.act_footnote.trigger()
    qtbot.keyClicks(edit, " y apagones.")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    bar.act_bullets.trigger()
    qtbot.keyClicks(edit, "lunes")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.keyClicks(edit, "martes")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    bar.act_bullets.trigger()
    bar.act_table.trigger()
    qtbot.keyClicks(edit, "Pabellon B")
    with qtbot.waitSignal(view.controller.sig_saved, timeout=3000):
        assert view.flush()
    body = stored_body(session, section.id)
    assert body.startswith('<h3>Agua</h3><p>Hay cortes<sup class="fn" data-nota="Lo dijo el director.">1</sup>'
                           ' y apagones.</p>'
                           '<ul><li>lunes</li><li>martes</li></ul>'
                           '<table><tr><td>Pabellon B</td>'), body
    shoot(view, "section_editor_formats", (1100, 700))


def test_paste_from_word_through_the_clipboard_is_reduced_and_cleaned(qtbot, ctx, session, section):
    view = opened(qtbot, ctx, section.id)
    mime = QMimeData()  # ownership passes to the clipboard below
    mime.setHtml(WORD_HTML.replace("Sin agua potable", "Sin agua\u202e potable\x07\ud800"))
    mime.setText("texto plano alternativo")
    QApplication.clipboard().setMimeData(mime)
    view.edit.setFocus()
    qtbot.keyClick(view.edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert "Condiciones materiales" in view.edit.toPlainText()
    assert "Se pegó el texto" in view.message.text()
    with qtbot.waitSignal(view.controller.sig_saved, timeout=3000):
        view.flush()
    body = stored_body(session, section.id)
    assert "<h3>Condiciones materiales</h3>" in body
    assert "<b>hacinamiento grave</b>" in body and "<td>212</td>" in body
    # each hostile character left a visible mark where it stood (the lone surrogate does not
    # survive the clipboard's own conversion; sanitize marks it too, tests/test_richtext.py)
    assert "<li>Sin agua\ufffd potable\ufffd" in body
    for bad in ("\u202e", "\x07", "Mso", "style", "·"):
        assert bad not in body
    QApplication.clipboard().clear()  # the clipboard owns (and deletes) the QMimeData


def test_hostile_megabyte_plain_text_paste_neither_crashes_nor_corrupts(qtbot, ctx, session, section):
    view = opened(qtbot, ctx, section.id)
    line = "Persona \u202eE-02\u202c dijo 👍🏽 שלום <b>no es negrita</b> \x00\x1b fin"
    mime = QMimeData()
    mime.setText("\n".join([line] * 20000))
    assert len(mime.text()) > 1_000_000
    view.edit.insertFromMimeData(mime)
    with qtbot.waitSignal(view.controller.sig_saved, timeout=20000):
        view.flush()
    body = stored_body(session, section.id)
    assert body.count("<p>") == 20000
    assert "&lt;b&gt;no es negrita&lt;/b&gt;" in body and "👍🏽 שלום" in body
    assert body.count("Persona \ufffdE-02\ufffd dijo") == 20000 and body.count("\ufffd\ufffd fin") == 20000
    for bad in ("\u202e", "\x00", "\x1b"):
        assert bad not in body
    revisions = editor.history(session, section.id)
    assert editor.revision(session, revisions[0].id).body == body


def test_spell_check_underlines_an_unknown_word_and_suggests(qtbot, ctx, section):
    view = opened(qtbot, ctx, section.id)
    qtbot.keyClicks(view.edit, "La celdaz esta limpia")
    qtbot.waitUntil(view.edit.spelling.ready, timeout=30000)  # loaded in a thread, then redrawn
    block = view.edit.document().firstBlock()
    def marks():
        return [(r.start, r.length) for r in block.layout().formats()
                if r.format.underlineStyle() == QTextCharFormat.UnderlineStyle.SpellCheckUnderline]
    qtbot.waitUntil(lambda: marks() == [(3, 6)])
    assert "celda" in view.edit.spelling.suggestions("celdaz")
    view.edit.replace_in_block(block.position(), 3, 9, "celda")
    assert view.edit.toPlainText() == "La celda esta limpia"
    view.toolbar.act_spell.trigger()
    assert not [r for r in view.edit.document().firstBlock().layout().formats()
                if r.format.underlineStyle() == QTextCharFormat.UnderlineStyle.SpellCheckUnderline]


def test_confidentiality_marks_names_ids_and_codes_without_consent(qtbot, ctx, session, section):
    view = opened(qtbot, ctx, section.id)
    qtbot.keyClicks(view.edit, "E-01 dijo que ")
    view.edit.insertPlainText("Pérez, cédula 8-123-4567, ")  # typed through an input method
    qtbot.keyClicks(view.edit, "vio a E-02 herido.")
    qtbot.waitUntil(lambda: view.warnings.count() == 3)
    reasons = [view.warnings.item(i).text() for i in range(3)]
    assert reasons[0] == "«Pérez»: Nombre real de la persona entrevistada E-01: use su código."
    assert reasons[1].startswith("«8-123-4567»: Posible número de identidad")
    assert reasons[2].startswith("«E-02»: La persona E-02 no consintió")
    assert view.warning_count.text() == "3 advertencias de confidencialidad"
    marked = [r for r in view.edit.document().firstBlock().layout().formats() if r.format.background().color().name() == "#ffd28a"]
    assert len(marked) == 3
    view.tabs.setCurrentIndex(1)
    shoot(view, "section_editor_confidentiality", (1100, 650))
    assert [d.kind for d in disclosure.section_passages(session, section.id, view.edit.toPlainText())] == [
        "nombre_real", "numero_identidad", "codigo_sin_consentimiento"]


def test_checklist_ticks_are_stored_and_completeness_shown(qtbot, ctx, session, report, section):
    view = opened(qtbot, ctx, section.id)
    assert view.guidance.section_label.text() == "Sección: 0 de 3 preguntas guía respondidas."
    assert view.guidance.report_label.text() == "Informe completo: 0 de 4 preguntas guía (0 %)."
    qtbot.mouseClick(view.controller.checkboxes[1], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.guidance.report_label.text() == "Informe completo: 1 de 4 preguntas guía (25 %).")
    assert view.guidance.section_label.text() == "Sección: 1 de 3 preguntas guía respondidas."
    assert view.guidance.section_progress.text() == "1 de 3"
    assert stored_completeness(session, section.id) == editor.Completeness(1, 3)
    assert editor.report_completeness(session, report.id).ratio == 0.25
    view.tabs.setCurrentIndex(0)
    with qtbot.waitSignal(view.controller.sig_saved, timeout=3000):
        qtbot.keyClicks(view.edit, "Cada celda aloja a 8 personas; no hay ventilacin natural.")
    shoot(view, "section_editor_guidance", (1100, 650))
    again = opened(qtbot, ctx, section.id)
    assert [b.isChecked() for b in again.controller.checkboxes] == [False, True, False]


def test_a_foreign_question_is_refused_and_changes_nothing(session, section):
    with pytest.raises(InvalidRecord) as refused:
        editor.set_checked(session, section.id, "¿Otra pregunta?", True)
    assert refused.value.message() == "No se puede guardar: la pregunta no es de esta sección"
    assert stored_completeness(session, section.id).done == 0


def test_history_diff_and_restore(qtbot, ctx, session, section):
    editor.save_body(session, section.id, "<p>Las celdas son pequeñas y oscuras.</p>")
    editor.save_body(session, section.id, "<p>Las celdas son grandes y oscuras, sin luz.</p>")
    view = opened(qtbot, ctx, section.id)
    panel = view.history
    qtbot.waitUntil(lambda: panel.revisions.count() == 2 and panel.summary.text().endswith("quitadas."))
    assert panel.revisions.item(0).text().startswith("N.º 2 · Ana Directora · ")
    assert panel.summary.text() == "3 palabras añadidas, 1 quitadas."
    shown = panel.diff.toHtml()
    assert "line-through" in shown and "pequeñas" in shown and "grandes" in shown
    view.tabs.setCurrentIndex(2)
    shoot(view, "section_editor_history", (1100, 650))
    panel.revisions.setCurrentRow(1)
    with qtbot.waitSignal(view.controller.sig_history, timeout=5000) as listed:
        qtbot.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)
    assert [r.number for r in listed.args[0]] == [3, 2, 1]
    assert view.edit.toPlainText() == "Las celdas son pequeñas y oscuras."
    assert view.message.text() == "Se restauró el texto como revisión 3."
    assert stored_body(session, section.id) == "<p>Las celdas son pequeñas y oscuras.</p>"
    with pytest.raises(editor.SameText):
        editor.restore(session, section.id, listed.args[0][2].id)
    assert [r.number for r in editor.history(session, section.id)] == [3, 2, 1]


def test_restore_refused_is_said_in_the_view(qtbot, ctx, session, section):
    editor.save_body(session, section.id, "<p>Único texto.</p>")
    view = opened(qtbot, ctx, section.id)
    qtbot.waitUntil(lambda: view.history.revisions.count() == 1)
    qtbot.waitUntil(lambda: view.history.summary.text() != "")
    view.history.revisions.setCurrentRow(0)
    qtbot.mouseClick(view.history.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.message.isVisible())
    assert view.message.text() == ("La sección ya tiene el texto de la revisión 1; no se creó otra revisión.")
    assert len(editor.history(session, section.id)) == 1
