"""Footnotes in the section editor, driven as an author would (issue 15, item 4): «Insertar nota
al pie» asks the text, the number appears at the cursor, the «Notas al pie» tab lists the notes,
a note is changed from there, hovering the number shows its text, and what is stored exports as
a Word footnote."""

import zipfile

import pytest
from PySide6.QtCore import QPoint, Qt

from editor_support import drain, open_editor
from formkit import make_visit
from npmdesk.domain import model
from npmdesk.services.archive import word as export
from npmdesk.services.records import edit as records
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.drafting.notes import NoteDialog, notes_in


@pytest.fixture(autouse=True)
def operations_finish(qtbot, session):
    yield
    drain()


@pytest.fixture
def section(session):
    visit = make_visit(session)
    report = records.save(session, model.Report(visit_id=visit.id, title="Informe de visita", number="N-1"))
    return records.save(session, model.Section(report_id=report.id, title="Condiciones materiales", position=0))


class Answers:
    """What the note dialog is answered, in turn (the real dialog is driven in its own test)."""

    def __init__(self, monkeypatch, *answers):
        self.answers, self.asked = list(answers), []
        monkeypatch.setattr(NoteDialog, "ask", classmethod(lambda cls, parent, text="": self._ask(text)))

    def _ask(self, text):
        self.asked.append(text)
        return self.answers.pop(0)


def saved(qtbot, view, session, section_id) -> str:
    with qtbot.waitSignal(view.controller.sig_saved, timeout=3000):
        assert view.flush()
    return records.get(session, model.Section, section_id).body


def test_an_author_inserts_two_notes_edits_one_and_the_export_has_them_as_footnotes(
        qtbot, session, section, monkeypatch, tmp_path):
    answers = Answers(monkeypatch, "Registro de novedades, folio 12.", "Medición del equipo técnico.",
                      "Registro de novedades, folios 12 y 13.")
    view = open_editor(qtbot, AppContext(session), section.id)
    edit, bar = view.edit, view.toolbar
    edit.setFocus()
    qtbot.keyClicks(edit, "El agua falta.")
    bar.act_footnote.trigger()
    qtbot.keyClicks(edit, " Las celdas miden 2 por 3 metros")
    qtbot.keyClick(edit, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    qtbot.keyClicks(edit, ".")
    assert edit.toPlainText() == "El agua falta.1 Las celdas miden 2 por 3 metros2."
    qtbot.waitUntil(lambda: view.notes.list.count() == 2)
    assert view.tabs.tabText(view.tabs.indexOf(view.notes)) == "&Notas"
    assert [view.notes.list.item(i).text() for i in range(2)] == [
        "1. Registro de novedades, folio 12.", "2. Medición del equipo técnico."]
    body = saved(qtbot, view, session, section.id)
    assert body == ('<p>El agua falta.<sup class="fn" data-nota="Registro de novedades, folio 12.">1</sup>'
                    ' Las celdas miden 2 por 3 metros<sup class="fn" data-nota="Medición del equipo técnico.">2'
                    '</sup>.</p>')
    # editing the first note from the list changes its text, not its place
    view.notes.list.setCurrentRow(0)
    qtbot.mouseClick(view.notes.edit_button, Qt.MouseButton.LeftButton)
    assert answers.asked[-1] == "Registro de novedades, folio 12."
    assert view.notes.list.item(0).text() == "1. Registro de novedades, folios 12 y 13."
    body = saved(qtbot, view, session, section.id)
    assert 'data-nota="Registro de novedades, folios 12 y 13.">1</sup> Las celdas' in body
    target = tmp_path / "informe.docx"
    export.export_report(session, section.report_id, target)
    with zipfile.ZipFile(target) as package:
        notes = package.read("word/footnotes.xml").decode()
        document = package.read("word/document.xml").decode()
    assert "Registro de novedades, folios 12 y 13." in notes and "Medición del equipo técnico." in notes
    assert document.count("<w:footnoteReference") == 2


def cursor_at(edit, position):
    cursor = edit.textCursor()
    cursor.setPosition(position)
    return cursor


def test_a_note_inserted_before_another_renumbers_both_and_undo_takes_it_back(qtbot, session, section, monkeypatch):
    Answers(monkeypatch, "segunda", "primera")
    view = open_editor(qtbot, AppContext(session), section.id)
    edit = view.edit
    edit.setFocus()
    qtbot.keyClicks(edit, "uno dos")
    view.toolbar.act_footnote.trigger()
    edit.setTextCursor(cursor_at(edit, 3))
    view.toolbar.act_footnote.trigger()
    assert edit.toPlainText() == "uno1 dos2"
    assert [text for _p, _l, text in notes_in(edit.document())] == ["primera", "segunda"]
    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert edit.toPlainText() == "uno dos1"
    assert [text for _p, _l, text in notes_in(edit.document())] == ["segunda"]


def test_the_hovered_number_is_the_note_and_typing_after_it_is_plain_text(qtbot, session, section, monkeypatch):
    Answers(monkeypatch, "Dato del registro.")
    view = open_editor(qtbot, AppContext(session), section.id)
    edit = view.edit
    edit.setFocus()
    qtbot.keyClicks(edit, "Texto")
    view.toolbar.act_footnote.trigger()
    qtbot.keyClicks(edit, " sigue")
    rect = edit.cursorRect(cursor_at(edit, len("Texto")))  # the caret just before the number
    assert edit.note_at(rect.center() + QPoint(3, 0)) == "Dato del registro."
    assert edit.note_at(edit.cursorRect(cursor_at(edit, 2)).center()) == ""  # over "Texto"
    assert [text for _p, _l, text in notes_in(edit.document())] == ["Dato del registro."]
    assert notes_in(edit.document())[0][1] == 1  # " sigue" did not join the note's number


def test_the_note_dialog_refuses_an_empty_note_and_cleans_the_text(qtbot):
    dialog = NoteDialog()
    qtbot.addWidget(dialog)
    assert not dialog.ok.isEnabled()
    qtbot.keyClicks(dialog.text, "   ")
    assert not dialog.ok.isEnabled()
    dialog.text.setPlainText("Según el\n\n registro ")
    assert dialog.ok.isEnabled() and dialog.value() == "Según el registro"
    edited = NoteDialog("Texto anterior")
    qtbot.addWidget(edited)
    assert edited.text.toPlainText() == "Texto anterior" and edited.ok.isEnabled()


def test_a_cancelled_dialog_inserts_nothing(qtbot, session, section, monkeypatch):
    Answers(monkeypatch, None)
    view = open_editor(qtbot, AppContext(session), section.id)
    view.edit.setFocus()
    qtbot.keyClicks(view.edit, "Texto")
    view.toolbar.act_footnote.trigger()
    assert view.edit.toPlainText() == "Texto" and notes_in(view.edit.document()) == []


def test_pasted_notes_are_numbered_in_the_text_order(qtbot, session, section):
    from PySide6.QtCore import QMimeData
    view = open_editor(qtbot, AppContext(session), section.id)
    edit = view.edit
    edit.setFocus()
    for word in ("uno", "dos"):
        mime = QMimeData()
        mime.setHtml(f'<p>{word}<sup class="fn" data-nota="Nota de {word}.">1</sup> </p>')
        edit.insertFromMimeData(mime)
    assert edit.toPlainText() == "uno1dos2"  # the second paste had its own «1»
    assert [view.notes.list.item(i).text() for i in range(view.notes.list.count())] == [
        "1. Nota de uno.", "2. Nota de dos."]
    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the paste and its numbers go together
    assert edit.toPlainText() == "uno1"
