"""The editor's spelling menu: suggestions on the first right-click, "Añadir al diccionario"
stored in the case file (it travels with it), "Ignorar" for the open section, and the menu
from the keyboard (Menu key, Shift+F10)."""

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication

from editor_support import drain, open_editor
from formkit import make_visit
from npmdesk.domain import model
from npmdesk.services.drafting import editor, spelling_words
from npmdesk.services.records import edit as records
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.drafting import spell
from fast_kdf import FAST_KDF


@pytest.fixture(autouse=True)
def operations_finish(qtbot, session):
    yield
    drain()


@pytest.fixture
def section(session):
    visit = make_visit(session)
    report = records.save(session, model.Report(visit_id=visit.id, title="Informe", number="MNPT-2026-020"))
    return records.save(session, model.Section(report_id=report.id, title="Condiciones", position=0))


def typed(qtbot, session, section, text):
    view = open_editor(qtbot, AppContext(session), section.id)
    view.edit.selectAll()  # over any text an earlier editor saved
    view.edit.insertPlainText(text)  # QTest types ASCII only
    qtbot.waitUntil(view.edit.spelling.ready, timeout=30000)
    return view


def underlined(view) -> list[str]:
    block = view.edit.document().firstBlock()
    return [block.text()[r.start:r.start + r.length] for r in block.layout().formats()
            if r.format.underlineStyle() == QTextCharFormat.UnderlineStyle.SpellCheckUnderline]


def point_in(view, position: int) -> QPoint:
    cursor = QTextCursor(view.edit.document())
    cursor.setPosition(position)
    return view.edit.cursorRect(cursor).center()


def texts(menu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_the_first_right_click_offers_suggestions_add_and_ignore(qtbot, session, section):
    view = typed(qtbot, session, section, "Hubo tortrua en la celda")
    qtbot.waitUntil(lambda: underlined(view) == ["tortrua"])
    menu = view.edit.context_menu(point_in(view, 7))
    assert texts(menu)[:3] == ["tortura", "Añadir al diccionario", "Ignorar"]
    menu.actions()[0].trigger()
    assert view.edit.toPlainText() == "Hubo tortura en la celda"
    assert "Añadir al diccionario" not in texts(view.edit.context_menu(point_in(view, 20)))  # "celda" is known


def test_a_word_added_is_stored_in_the_case_file_and_known_when_it_is_opened_again(
        qtbot, session, section):
    view = typed(qtbot, session, section, "La Visitaduría visitó")
    qtbot.waitUntil(lambda: underlined(view) == ["Visitaduría"])
    add = next(a for a in view.edit.context_menu(point_in(view, 5)).actions() if a.text() == "Añadir al diccionario")
    add.trigger()
    qtbot.waitUntil(lambda: underlined(view) == [])
    assert spelling_words.words(session) == ["visitaduría"]  # in the case file's meta table
    assert editor.open_section(session, section.id).spelling_words == ("visitaduría",)
    again = typed(qtbot, session, section, "Otra Visitaduría y una tortrua")  # another editor opened later
    qtbot.waitUntil(lambda: underlined(again) == ["tortrua"])
    assert not spell.Spelling().is_known("Visitaduría")  # nothing kept on this computer


def test_ignore_lasts_for_the_open_section_only_and_stores_nothing(qtbot, session, section):
    view = typed(qtbot, session, section, "Dijo normatividad")
    qtbot.waitUntil(lambda: underlined(view) == ["normatividad"])
    ignore = next(a for a in view.edit.context_menu(point_in(view, 8)).actions() if a.text() == "Ignorar")
    ignore.trigger()
    qtbot.waitUntil(lambda: underlined(view) == [])  # marked again in the background
    assert spelling_words.words(session) == []
    assert not spell.Spelling().is_known("normatividad")


@pytest.mark.parametrize("how", ["menu key", "shift+f10"])
def test_the_menu_opens_from_the_keyboard_at_the_text_cursor(qtbot, session, section, how):
    view = typed(qtbot, session, section, "Hubo tortrua")
    qtbot.waitUntil(lambda: underlined(view) == ["tortrua"])
    cursor = view.edit.textCursor()
    cursor.setPosition(7)
    view.edit.setTextCursor(cursor)
    if how == "menu key":
        QApplication.sendEvent(view.edit.viewport(), QContextMenuEvent(
            QContextMenuEvent.Reason.Keyboard, QPoint(0, 0), view.edit.viewport().mapToGlobal(QPoint(0, 0))))
    else:
        qtbot.keyClick(view.edit, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    menu = QApplication.activePopupWidget()
    assert texts(menu)[:3] == ["tortura", "Añadir al diccionario", "Ignorar"]
    menu.close()


def test_a_word_that_is_not_a_word_is_refused_and_nothing_changes(session):
    for bad in ("dos palabras", "abc123", "", "x" * 61):
        with pytest.raises(spelling_words.NotAWord):
            spelling_words.add(session, bad)
    assert spelling_words.words(session) == []
    assert spelling_words.add(session, "Visitaduría") == spelling_words.add(session, "visitaduría") == ["visitaduría"]


def test_the_words_travel_with_the_case_file(tmp_path):
    case_path = tmp_path / "viaja.npmcase"
    from conftest import PASSPHRASE
    from npmdesk.services import session as sessions
    first = sessions.create_case(case_path, PASSPHRASE, owner_name="Ana Directora", kdf_params=FAST_KDF)
    spelling_words.add(first, "Visitaduría")
    first.close()
    moved = sessions.open_case(case_path, PASSPHRASE)
    try:
        assert spelling_words.words(moved) == ["visitaduría"]
    finally:
        moved.close()
