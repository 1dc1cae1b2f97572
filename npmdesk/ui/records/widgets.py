"""Small input widgets shared by the record forms.

Every widget shows Spanish (translated) labels and keeps domain codes, dates
and ids as its value, so controllers never deal with display text.
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QListWidget,
                               QListWidgetItem, QWidget)

from npmdesk.i18n import _
from npmdesk.ui.common.dates import DateField

CodeRole = Qt.ItemDataRole.UserRole + 1


def name_widget(widget: QWidget, name: str) -> QWidget:
    """Give `widget` its accessible name (the label text without mnemonics)."""
    widget.setAccessibleName(name.replace("&", ""))
    return widget


class CodeCombo(QComboBox):
    """A closed vocabulary: shows translated labels, holds codes."""

    def __init__(self, vocabulary: dict, blank: str | None = None, parent=None):
        super().__init__(parent)
        if blank is not None:
            self.addItem(blank, "")
        for code, label in vocabulary.items():
            self.addItem(_(label), code)

    def code(self) -> str:
        return self.currentData() or ""

    def set_code(self, code: str) -> None:
        index = self.findData(code)
        self.setCurrentIndex(max(index, 0))


class TextCombo(QComboBox):
    """An editable combo: suggestions from a list, any text accepted."""

    def __init__(self, suggestions, parent=None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItems(list(suggestions))
        self.setCurrentIndex(-1)

    def text(self) -> str:
        return self.currentText().strip()

    def set_text(self, text: str) -> None:
        self.setEditText(text)

    def setAccessibleName(self, name: str) -> None:
        """The edit field inside is where a screen reader lands when typing: it has the same name."""
        super().setAccessibleName(name)
        self.lineEdit().setAccessibleName(name)


class IntField(QLineEdit):
    """A whole number or nothing (None)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setValidator(QIntValidator(0, 10_000_000, self))
        self.setPlaceholderText(_("Sin dato"))
        self.setMaximumWidth(160)

    def value(self) -> int | None:
        text = self.text().strip()
        return int(text) if text else None

    def set_value(self, value: int | None) -> None:
        self.setText("" if value is None else str(value))


class OptionalDate(QWidget):
    """A date that may be left empty: a check box turns the date field on."""

    sig_changed = Signal()
    """Fires when the date or its presence changes."""

    def __init__(self, check_text: str, parent=None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.check = name_widget(QCheckBox(check_text), check_text)
        self.check.setToolTip(_("Sin marcar, la fecha queda vacía"))
        self.date = DateField()
        self.date.setEnabled(False)
        layout.addWidget(self.check)
        layout.addWidget(self.date)
        layout.addStretch(1)
        self.check.toggled.connect(self.date.setEnabled)
        self.check.toggled.connect(self.sig_changed)
        self.date.sig_date_changed.connect(self.sig_changed)

    def setAccessibleName(self, name: str) -> None:
        super().setAccessibleName(name)
        self.date.setAccessibleName(name)

    def iso(self) -> str:
        return self.date.iso() if self.check.isChecked() else ""

    def set_iso(self, value: str) -> None:
        self.check.setChecked(bool(value))
        self.date.set_iso(value)
        self.date.setEnabled(bool(value))


class CheckList(QListWidget):
    """Checkable items, each holding a code or a record id."""

    sig_toggled = Signal()
    """Fires when an item is checked or unchecked."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSpacing(1)
        self.itemChanged.connect(lambda _item: self.sig_toggled.emit())

    def set_items(self, items, checked=()) -> None:
        """`items`: (value, label) pairs; `checked`: the values to tick."""
        checked = set(checked)
        self.blockSignals(True)
        self.clear()
        for value, label in items:
            item = QListWidgetItem(label)
            item.setData(CodeRole, value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if value in checked else Qt.CheckState.Unchecked)
            self.addItem(item)
        if not self.count():
            empty = QListWidgetItem(_("(ninguno en esta visita)"))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(empty)
        self.blockSignals(False)
        rows = max(1, min(self.count(), 7))
        row_height = self.sizeHintForRow(0) + 2 * self.spacing()
        self.setFixedHeight(row_height * rows + 2 * self.frameWidth() + 4)

    def set_vocabulary(self, vocabulary: dict, checked=()) -> None:
        self.set_items([(code, _(label)) for code, label in vocabulary.items()], checked)

    def checked(self) -> list[str]:
        return [self.item(i).data(CodeRole) for i in range(self.count())
                if self.item(i).data(CodeRole) is not None
                and self.item(i).checkState() == Qt.CheckState.Checked]

    def set_checked(self, value: str, on: bool = True) -> None:
        for i in range(self.count()):
            if self.item(i).data(CodeRole) == value:
                self.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
