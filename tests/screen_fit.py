"""What a window that fits a small screen must satisfy, for tests/test_screens_fit.py and the
layout tests beside it: no larger than the screen, and no label or button cut short of its text."""

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QFont, QScreen
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel

from npmdesk.ui.shell.widgets import ElidedLabel, choice_width

SMALL = (1024, 600)


@pytest.fixture
def small_screen(monkeypatch):
    """The screen the windows open on is a 1024×600 laptop's (offscreen's own is 800 wide and
    taller): what a window that caps its size to the screen reads."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, *SMALL))
    return SMALL


@pytest.fixture
def larger_text(request, qapp):
    """The application font at `request.param` times its size (1.5: a 150 % text size), restored afterwards."""
    saved = QFont(qapp.font())
    font = QFont(saved)
    font.setPointSizeF(saved.pointSizeF() * request.param)
    qapp.setFont(font)
    yield request.param
    qapp.setFont(saved)


def fit_problems(window, size=SMALL) -> list[str]:
    """Sentences naming what does not fit `size`: the window itself, then each visible label or
    button narrower or shorter than its text needs, and each drop-down list whose chosen entry is cut. ElidedLabel shortens on purpose (it says
    the whole title in its tooltip), so it is left out."""
    width, height = size
    problems = []
    if window.width() > width or window.height() > height:
        problems.append(f"{type(window).__name__} is {window.width()}×{window.height()}")
    least = window.minimumSizeHint().expandedTo(window.minimumSize())
    if least.width() > width or least.height() > height:
        problems.append(f"{type(window).__name__} needs at least {least.width()}×{least.height()}")
    for widget in window.findChildren(QLabel) + window.findChildren(QAbstractButton):
        if not widget.isVisibleTo(window) or isinstance(widget, ElidedLabel) or not widget.text():
            continue
        problems += _cut(widget)
    for combo in window.findChildren(QComboBox):
        if combo.isVisibleTo(window) and not combo.isEditable() and combo.currentText():
            problems += _cut_choice(combo)
    return problems


def _cut_choice(combo) -> list[str]:
    """A drop-down list whose chosen entry shows cut («Todos los est…»)."""
    needed = choice_width(combo, combo.currentText())
    if needed > combo.width() + 1:
        return [f"«{combo.currentText()[:60]}» needs {needed} px wide, has {combo.width()}"]
    return []


def _cut(widget) -> list[str]:
    label = widget.text().replace("\n", " ")[:60]
    if isinstance(widget, QLabel) and widget.wordWrap():
        needed = widget.heightForWidth(widget.width()) if widget.hasHeightForWidth() else -1
        if needed > widget.height() + 1:
            return [f"«{label}» needs {needed} px high, has {widget.height()}"]
        return []
    hint = widget.sizeHint() if isinstance(widget, QLabel) else widget.minimumSizeHint()
    if hint.width() > widget.width() + 1 or hint.height() > widget.height() + 1:
        return [f"«{label}» needs {hint.width()}×{hint.height()}, has {widget.width()}×{widget.height()}"]
    return []
