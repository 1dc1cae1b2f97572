"""Every control of every form can be named by a screen reader and reached by keyboard."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractButton, QAbstractSpinBox, QCalendarWidget, QComboBox,
                               QLineEdit, QListWidget, QPlainTextEdit, QWidget)

from formkit import loaded, make_visit
from npmdesk import i18n
from npmdesk.domain import model
from npmdesk.services.records import edit as records
from npmdesk.ui.common import views
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.records.views import register_forms
from npmdesk.ui.records.place import open_place

CONTROLS = (QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QListWidget, QPlainTextEdit)


def _inside_composite(widget) -> bool:
    """Parts of a combo box, date field or calendar are named by their owner."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox, QCalendarWidget)):
            return True
        parent = parent.parentWidget()
    return False


def _controls(view):
    return [w for w in view.findChildren(QWidget) if isinstance(w, CONTROLS)]


def _unnamed(view) -> list[str]:
    found = []
    for widget in _controls(view):
        if _inside_composite(widget) or widget.objectName().startswith("qt_"):
            continue
        name = widget.accessibleName() or (widget.text() if isinstance(widget, QAbstractButton)
                                           else "")
        if not name.strip():
            found.append(type(widget).__name__)
    return found


@pytest.mark.parametrize("entity", ["place", "visit", "interview", "field_note", "attachment",
                                    "finding", "recommendation"])
def test_every_control_is_named_and_focusable(qtbot, session, entity):
    ctx = AppContext(session)
    visit = make_visit(session)
    records.save(session, model.TeamMember(name="Luis Abogado"))
    register_forms()
    parent_id = None if entity == "place" else (
        visit.place_id if entity == "visit" else visit.id)
    view = loaded(qtbot, views.view_for(entity)(ctx, None, parent_id, None))
    if entity == "visit":
        qtbot.mouseClick(view.team.add_button, Qt.MouseButton.LeftButton)
    assert _unnamed(view) == []
    for widget in _controls(view):
        if not _inside_composite(widget) and widget.isEnabled() and widget.isVisible():
            assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus, widget.accessibleName()


def test_forms_follow_the_chosen_language(qtbot, session):
    i18n.set_language("en")
    view = loaded(qtbot, open_place(AppContext(session), None, None))
    assert view.heading.text() == "New place"
    assert view.kind.itemText(0) == "Prison"
    assert view.save_button.text() == "&Save"
    assert view.form.labelForField(view.name).text() == "&Name"
