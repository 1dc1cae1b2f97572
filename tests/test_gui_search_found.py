"""A search hit in a section opens the section with the words it matched highlighted and the
caret at the first, and the highlight goes once the person types."""

import pytest
from PySide6.QtCore import Qt

from gui_support import application, settings, unlock  # noqa: F401
from npmdesk.domain import model
from npmdesk.services.drafting import editor, reports
from npmdesk.services.records import edit as records
from npmdesk.ui.common.marks import FOUND_COLOUR

BODY = ("<p>El pabellón A está limpio y ventilado.</p>" + "<p>Relleno de la sección.</p>" * 60 +
        "<p>En el pabellón C hay <b>hacinamiento</b> grave: 40 personas en una celda para 12; "
        "el Hacinamiento se repite en la celda 4.</p>")


@pytest.fixture
def section_id(session):
    place = records.save(session, model.Place(name="Centro Penitenciario La Joya"))
    visit = records.save(session, model.Visit(place_id=place.id, start_date="2026-03-04",
                                              end_date="2026-03-05"))
    report = reports.create_report(session, visit.id)
    section = next(s for s in records.select(session, model.Section, report_id=report.id)
                   if s.key == "condiciones_materiales")
    editor.save_body(session, section.id, BODY)
    session.close()
    return section.id


def found_marks(view):
    return [s for s in view.edit.extraSelections()
            if s.format.background().color().name() == FOUND_COLOUR]


def test_a_search_hit_opens_its_section_with_the_words_highlighted(qtbot, application, section_id,
                                                                   case_path, passphrase):
    application.begin(case_path)
    unlock(qtbot, application, passphrase)
    window = application.window
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.search, "hacinamiento")  # typed without thinking of case or accents
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.results.hasFocus(), timeout=10000)
    qtbot.keyClick(window.results, Qt.Key.Key_Return)
    controller = application.main_controller
    qtbot.waitUntil(lambda: controller.current_key is not None and controller.current_key[1:] ==
                    ("section", section_id), timeout=10000)
    view = controller.current_view
    qtbot.waitUntil(lambda: len(found_marks(view)) == 2, timeout=10000)
    assert [m.cursor.selectedText() for m in found_marks(view)] == ["hacinamiento", "Hacinamiento"]
    caret = view.edit.textCursor()
    assert not caret.hasSelection()  # a keystroke must not replace the found word
    assert caret.position() == found_marks(view)[0].cursor.selectionStart()
    # The first hit is on screen though it is sixty paragraphs down.
    rect = view.edit.cursorRect(caret)
    assert view.edit.viewport().rect().contains(rect.center())
    qtbot.keyClicks(view.edit, "x")
    assert found_marks(view) == []


def test_opening_a_section_is_not_a_change(qtbot, application, section_id, case_path, passphrase):
    """The spelling dictionary arriving repaints the text; that is not an edit to save."""
    from npmdesk.ui.drafting import spell
    application.begin(case_path)
    unlock(qtbot, application, passphrase)
    application.main_controller.open_hit("section", section_id)
    controller = application.main_controller
    qtbot.waitUntil(lambda: controller.current_key is not None
                    and controller.current_key[1:] == ("section", section_id)
                    and controller.current_view.controller.ready, timeout=10000)
    view = controller.current_view
    qtbot.waitUntil(spell.Spelling.ready, timeout=20000)
    view.edit.highlighter.rehighlight()  # what the dictionary's arrival does
    qtbot.wait(50)
    assert view.status.text() != "Cambios sin guardar" and not view.controller.dirty
    qtbot.keyClicks(view.edit, "x")
    assert view.status.text() == "Cambios sin guardar" and view.controller.dirty
