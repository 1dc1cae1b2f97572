"""The follow-up entries of a recommendation: date, status reached and a note."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from npmdesk.domain import model, vocabulary as v
from npmdesk.i18n import _
from npmdesk.ui.common.dates import DateField
from npmdesk.ui.records.widgets import CodeCombo, name_widget


class FollowUpEditor(QWidget):
    """A grid with one editable row per follow-up entry."""

    sig_changed = Signal()
    """Fires when an entry is added, removed or edited."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.entries: list[model.FollowUp] = []
        self._widgets: list[tuple] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.grid = QGridLayout()
        layout.addLayout(self.grid)
        self.empty = QLabel(_("Sin entradas de seguimiento."))
        layout.addWidget(self.empty)
        self.add_button = name_widget(QPushButton(_("Añadir seguimiento")),
                                      _("Añadir seguimiento"))
        layout.addWidget(self.add_button)
        self.add_button.clicked.connect(self.add)

    def set_entries(self, entries) -> None:
        self.entries = [model.FollowUp(e.date, e.status, e.note, e.visit_id, e.id) for e in entries]
        self._rebuild()

    def follow_ups(self) -> list[model.FollowUp]:
        self._sync()
        return [model.FollowUp(e.date, e.status, e.note, e.visit_id, e.id) for e in self.entries]

    def add(self) -> None:
        self._sync()
        status = self.entries[-1].status if self.entries else "pendiente"
        self.entries.append(model.FollowUp(date=DateField().iso(), status=status))
        self._rebuild()
        self._widgets[-1][0].setFocus()
        self.sig_changed.emit()

    def remove(self, entry_id: str) -> None:
        self._sync()
        self.entries = [e for e in self.entries if e.id != entry_id]
        self._rebuild()
        self.sig_changed.emit()

    def _sync(self) -> None:
        for entry, (date, status, note) in zip(self.entries, self._widgets):
            entry.date = date.iso()
            entry.status = status.code()
            entry.note = note.text()

    def _rebuild(self) -> None:
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self._widgets = []
        if self.entries:
            for column, text in enumerate((_("Fecha"), _("Estado"), _("Nota"))):
                self.grid.addWidget(QLabel(f"<b>{text}</b>"), 0, column)
        for number, entry in enumerate(self.entries, start=1):
            date = name_widget(DateField(), _("Fecha del seguimiento {n}").format(n=number))
            date.set_iso(entry.date)
            status = name_widget(CodeCombo(v.REC_STATUSES),
                                 _("Estado en el seguimiento {n}").format(n=number))
            status.set_code(entry.status)
            note = name_widget(QLineEdit(entry.note), _("Nota del seguimiento {n}").format(n=number))
            remove = name_widget(QPushButton(_("Quitar")),
                                 _("Quitar el seguimiento {n}").format(n=number))
            remove.clicked.connect(lambda _c=False, eid=entry.id: self.remove(eid))
            date.sig_date_changed.connect(self.sig_changed)
            status.currentIndexChanged.connect(self.sig_changed)
            note.textEdited.connect(self.sig_changed)
            for column, widget in enumerate((date, status, note, remove)):
                self.grid.addWidget(widget, number, column)
            self._widgets.append((date, status, note))
        self.grid.setColumnStretch(2, 1)
        self.empty.setVisible(not self.entries)
