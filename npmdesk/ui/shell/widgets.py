"""Small helpers shared by the application shell's windows."""

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QGuiApplication, QPainter
from PySide6.QtWidgets import (QComboBox, QFrame, QHBoxLayout, QLabel, QScrollArea, QStyle,
                               QStyleOptionComboBox, QWidget)

from npmdesk.ui.common.colours import tone_style

CASE_FILTER_PATTERN = "*.npmcase"


def named(widget: QWidget, name: str) -> QWidget:
    """Give `widget` its accessible name (a label's text without its mnemonic ampersand)."""
    widget.setAccessibleName(name.replace("&", ""))
    return widget


def resize_within_screen(window: QWidget, width: int, height: int, margin: int = 0) -> None:
    """Open `window` at width×height, or at the screen's available size less `margin` where that is
    smaller: on a 1024x600 laptop a dialog larger than the screen has its buttons out of reach."""
    room = QGuiApplication.primaryScreen().availableGeometry()
    window.resize(min(width, room.width() - margin), min(height, room.height() - margin))


def resize_to_text(window: QWidget, width: int, height: int, margin: int = 24) -> None:
    """Open `window` at least width×height and as tall as its wrapped labels need at that width
    (a window's minimum size ignores what wrapped text needs: larger fonts cut it), within the screen."""
    room = QGuiApplication.primaryScreen().availableGeometry()
    width = min(max(width, window.minimumSizeHint().width()), room.width() - margin)
    layout = window.layout()
    needed = layout.totalHeightForWidth(width) if layout is not None and layout.hasHeightForWidth() else -1
    window.resize(width, min(max(height, needed), room.height() - margin))


def scrolled(widget: QWidget, name: str) -> QScrollArea:
    """`widget` in a frameless scroll area that follows the width and scrolls down when it is taller;
    `name` is what a screen reader calls it (it takes the focus, to scroll by keyboard)."""
    area = QScrollArea()
    area.setAccessibleName(name)
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


def field_row(field: QWidget, button: QWidget) -> QWidget:
    """A field that takes the width, with its button (Examinar…, Elegir…) at its right."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(field, 1)
    layout.addWidget(button)
    return row


class ElidedLabel(QLabel):
    """A one-line label that ends in «…» instead of widening its pane (a long title would push a
    splitter's divider and shrink the navigator); the whole text is its tooltip and accessible text.
    With word wrap switched on it behaves as a plain QLabel."""

    def __init__(self, text: str = "", parent=None):
        super().__init__(text, parent)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return hint if self.wordWrap() else QSize(min(hint.width(), 60), hint.height())

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def paintEvent(self, event) -> None:
        if self.wordWrap():
            super().paintEvent(event)
            return
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter = QPainter(self)
        self.style().drawItemText(painter, rect, int(self.alignment()), self.palette(), self.isEnabled(),
                                  shown, self.foregroundRole())


def choice_width(combo: QComboBox, text: str) -> int:
    """How wide `combo` must be to show `text` whole as its chosen entry, in its style."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    metrics = combo.fontMetrics()
    return combo.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, option,
                                          QSize(metrics.horizontalAdvance(text), metrics.height()), combo).width()


class ChoiceBox(QComboBox):
    """A drop-down list that is never narrower than its chosen entry («Todos los estados», a
    person's name), up to SHOWN_CHARS characters; a longer entry shows its start, and whole in
    the tooltip. Its other entries may be longer: they show whole when the list opens."""

    SHOWN_CHARS = 48

    def __init__(self, parent=None):
        super().__init__(parent)
        self.currentTextChanged.connect(self._chosen)

    def _chosen(self, text: str) -> None:
        self.setToolTip(text if len(text) > self.SHOWN_CHARS else "")
        self.updateGeometry()

    def minimumSizeHint(self) -> QSize:
        """The chosen entry's width (its first SHOWN_CHARS characters), whatever the others'."""
        return QSize(choice_width(self, self.currentText()[:self.SHOWN_CHARS]), super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        return super().sizeHint().expandedTo(self.minimumSizeHint())


def heading(text: str = "", scale: float = 1.4) -> QLabel:
    label = ElidedLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def message_label() -> QLabel:
    """A wrapped, plain-text line for errors and notices; hidden while empty."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def show_message(label: QLabel, text: str, error: bool = True) -> None:
    label.setStyleSheet(tone_style("error", bold=True) if error else tone_style("notice"))
    label.setText(text)
    label.setVisible(bool(text))


def short(text: str, limit: int = 80) -> str:
    """One line of at most `limit` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
