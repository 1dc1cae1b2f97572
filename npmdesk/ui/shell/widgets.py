"""Small helpers shared by the application shell's windows."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

CASE_FILTER_PATTERN = "*.npmcase"


def named(widget: QWidget, name: str) -> QWidget:
    """Give `widget` its accessible name (a label's text without its mnemonic ampersand)."""
    widget.setAccessibleName(name.replace("&", ""))
    return widget


def field_row(field: QWidget, button: QWidget) -> QWidget:
    """A field that takes the width, with its button (Examinar…, Elegir…) at its right."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(field, 1)
    layout.addWidget(button)
    return row


def heading(text: str = "", scale: float = 1.4) -> QLabel:
    label = QLabel(text)
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
    label.setStyleSheet("color: #9b1c1c; font-weight: bold;" if error else "color: #1d4f91;")
    label.setText(text)
    label.setVisible(bool(text))


def short(text: str, limit: int = 80) -> str:
    """One line of at most `limit` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
