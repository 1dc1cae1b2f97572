"""The chooser of "Insertar referencia a un hallazgo…": the findings of the report's visit,
a filter box and the keyboard (type to filter, arrows to move, Enter to insert, Esc to leave)."""

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QBrush, QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QDialog, QDialogButtonBox, QHeaderView, QLabel, QLineEdit,
                               QTreeView, QVBoxLayout)

from npmdesk.i18n import N_, _
from npmdesk.ui.common.colours import tone
from npmdesk.ui.records.widgets import name_widget
from npmdesk.ui.common.table_model import RowsModel

COL_AREA, COL_TITLE, COL_EVIDENCE, COL_FLAGS = range(4)
HEADERS = (N_("Área"), N_("Hallazgo"), N_("Evidencias"), N_("Triangulación"))
ChoiceRole = Qt.ItemDataRole.UserRole + 1
"""The services.findings.FindingChoice of a row."""


def _flags_text(choice) -> str:
    """What the evidence says, and "Triangulado" only when the finding's own box says so too."""
    if choice.flags:
        return "; ".join(choice.flags)
    return _("Triangulado") if choice.triangulated else _("Varias fuentes; sin marcar como triangulado")


class FindingChoiceModel(RowsModel):
    """The findings that match the filter, one per row."""

    HEADERS = HEADERS

    def __init__(self, choices: list, parent=None):
        super().__init__(parent)
        self.choices = self.rows = list(choices)

    def set_query(self, query: str) -> None:
        self.set_rows(c for c in self.choices if c.matches(query))

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        choice = self.row_at(index)
        if choice is None:
            return None
        column = index.column()
        if role == ChoiceRole:
            return choice
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == COL_AREA:
                return choice.area
            if column == COL_TITLE:
                return choice.title
            if column == COL_EVIDENCE:
                return str(choice.evidence)
            if column == COL_FLAGS:
                return _flags_text(choice)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_TITLE and choice.summary:
            return choice.summary
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_FLAGS and (
                choice.flags or not choice.triangulated):
            return QBrush(tone("warning"))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_EVIDENCE:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class FindingPicker(QDialog):
    """Window-modal and non-blocking (`pick`): it is opened from an operation's callback, where
    a nested exec() loop would run the callbacks of later operations inside this one."""

    sig_chosen = Signal(object)
    """Fires when the person inserts a finding: its services.findings.FindingChoice."""

    def __init__(self, choices: list, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Insertar referencia a un hallazgo"))
        self.model = FindingChoiceModel(choices, self)
        self.chosen = None
        intro = QLabel(_("Elija el hallazgo que quiere citar; la referencia se inserta donde está el cursor."))
        intro.setWordWrap(True)
        self.filter = name_widget(QLineEdit(), _("Filtrar hallazgos"))
        self.filter.setPlaceholderText(_("Filtrar por área, título o texto…"))
        self.filter.setClearButtonEnabled(True)
        label = QLabel(_("&Filtrar:"))
        label.setBuddy(self.filter)
        self.table = name_widget(QTreeView(), _("Hallazgos de la visita"))
        self.table.setModel(self.model)
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setAllColumnsShowFocus(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_AREA, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_EVIDENCE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_FLAGS, QHeaderView.ResizeMode.ResizeToContents)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("Resumen del hallazgo"))
        self.summary.setMinimumHeight(self.summary.fontMetrics().lineSpacing() * 3)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.buttons = QDialogButtonBox()
        self.insert_button = self.buttons.addButton(_("&Insertar referencia"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancelar"))
        self.insert_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(label)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.resize(820, 420)
        self.filter.textChanged.connect(self._filter)
        self.filter.installEventFilter(self)
        self.table.activated.connect(lambda _index: self.accept())
        self.table.doubleClicked.connect(lambda _index: self.accept())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_current())
        self._select_first()
        self.filter.setFocus()

    @classmethod
    def pick(cls, parent, choices: list, on_chosen) -> "FindingPicker":
        """Open the chooser over `parent`; `on_chosen(choice)` runs when one is inserted."""
        dialog = cls(choices, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_chosen.connect(on_chosen)
        dialog.open()
        return dialog

    def current(self):
        index = self.table.currentIndex()
        return index.data(ChoiceRole) if index.isValid() else None

    def accept(self) -> None:
        choice = self.current()
        if choice is None or self.chosen is not None:  # Enter and a double click may both arrive
            return
        self.chosen = choice
        super().accept()
        self.sig_chosen.emit(choice)

    def eventFilter(self, watched, event) -> bool:
        """Arrow and page keys in the filter box move through the list."""
        if watched is self.filter and event.type() == QEvent.Type.KeyPress and event.key() in (
                Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            QApplication.sendEvent(self.table, QKeyEvent(event.type(), event.key(), event.modifiers()))
            return True
        return super().eventFilter(watched, event)

    def _filter(self, text: str) -> None:
        self.model.set_query(text)
        self._select_first()

    def _select_first(self) -> None:
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, COL_TITLE))
        self._show_current()

    def _show_current(self) -> None:
        choice = self.current()
        self.insert_button.setEnabled(choice is not None)
        if choice is not None:
            self.summary.setText(choice.summary or _("(El hallazgo no tiene texto.)"))
        else:
            self.summary.setText(_("Ningún hallazgo coincide con «{text}».").format(text=self.filter.text()))
