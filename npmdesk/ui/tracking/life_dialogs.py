"""Dialogs that add to a recommendation's life: a status change (or a verification at a visit)
and an authority's response with its document and action plan. Each `ask()` returns the
answer as plain data, or None when cancelled; the service call is the controller's."""

from dataclasses import dataclass, field

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QHeaderView, QLineEdit, QPlainTextEdit, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from npmdesk.domain import vocabulary as v
from npmdesk.i18n import _
from npmdesk.ui.records.widgets import CodeCombo, DateField, TextCombo, name_widget
from npmdesk.ui.common import file_dialogs


def ok_cancel(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancelar"))
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def _row(form: QFormLayout, label: str, widget: QWidget) -> QWidget:
    form.addRow(label, name_widget(widget, label))
    return widget


@dataclass
class StatusAnswer:
    status: str
    day: str
    reason: str
    visit_id: str | None


class StatusDialog(QDialog):
    """A new status with its date and reason; for a verification, the visit is required."""

    def __init__(self, parent, visits: list[tuple[str, str]], verification: bool, current: str):
        super().__init__(parent)
        self.setWindowTitle(_("Verificación en la práctica") if verification else _("Cambiar el estado"))
        form = QFormLayout(self)
        self.status = _row(form, _("&Estado"), CodeCombo(v.REC_STATUSES))
        self.status.set_code(current)
        self.day = _row(form, _("&Fecha"), DateField())
        self.visit = _row(form, _("&Visita"), QComboBox())
        if not verification:
            self.visit.addItem(_("(ninguna)"), "")
        for visit_id, label in visits:
            self.visit.addItem(label, visit_id)
        self.reason = _row(form, _("Verificación: lo que se comprobó") if verification else _("&Motivo"),
                           QPlainTextEdit())
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(90)
        form.addRow(ok_cancel(self, _("Registrar")))

    def answer(self) -> StatusAnswer:
        return StatusAnswer(self.status.code(), self.day.iso(), self.reason.toPlainText().strip(),
                            self.visit.currentData() or None)

    @classmethod
    def ask(cls, parent, visits, verification: bool, current: str) -> StatusAnswer | None:
        dialog = cls(parent, visits, verification, current)
        return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None


@dataclass
class ResponseAnswer:
    authority: str
    date: str
    reference: str
    means: str
    text: str
    status: str
    reason: str
    document: str = ""   # path of the received document, read by the operation
    commitments: list[tuple[str, str]] = field(default_factory=list)  # (text, due date)


class ResponseDialog(QDialog):
    """The authority's response: date, reference, text, the received document, the action plan
    (one row per dated commitment) and the status it brings, if any."""

    def __init__(self, parent, authority: str):
        super().__init__(parent)
        self.setWindowTitle(_("Registrar la respuesta de la autoridad"))
        outer = QVBoxLayout(self)
        form = QFormLayout()
        outer.addLayout(form)
        self.authority = _row(form, _("&Autoridad"), TextCombo(v.AUTHORITIES))
        self.authority.set_text(authority)
        self.date = _row(form, _("&Fecha de recepción"), DateField())
        self.reference = _row(form, _("&Referencia (n.º de nota u oficio)"), QLineEdit())
        self.means = _row(form, _("&Medio"), CodeCombo(v.RESPONSE_MEANS, blank=_("(sin indicar)")))
        self.text = _row(form, _("&Texto o resumen"), QPlainTextEdit())
        self.text.setTabChangesFocus(True)
        self.text.setMaximumHeight(80)
        picker = QWidget()
        line = QHBoxLayout(picker)
        line.setContentsMargins(0, 0, 0, 0)
        self.document = name_widget(QLineEdit(), _("Documento recibido"))
        self.document.setReadOnly(True)
        self.choose = name_widget(QPushButton(_("Elegir…")), _("Elegir el documento recibido"))
        self.choose.clicked.connect(self._choose)
        line.addWidget(self.document, 1)
        line.addWidget(self.choose)
        form.addRow(_("&Documento recibido"), picker)
        self.plan = name_widget(QTableWidget(0, 2), _("Plan de acción"))
        self.plan.setHorizontalHeaderLabels([_("Compromiso"), _("Fecha (AAAA-MM-DD)")])
        self.plan.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.plan.setMaximumHeight(120)
        form.addRow(_("Plan de acción"), self.plan)
        self.add_commitment = name_widget(QPushButton(_("Añadir compromiso")), _("Añadir compromiso"))
        self.add_commitment.clicked.connect(self._add_row)
        form.addRow("", self.add_commitment)
        self.status = _row(form, _("&Estado que resulta"),
                           CodeCombo(v.REC_STATUSES, blank=_("(no cambia el estado)")))
        self.reason = _row(form, _("Mo&tivo del cambio"), QLineEdit())
        outer.addWidget(ok_cancel(self, _("Registrar")))

    def _choose(self) -> None:
        path, _filter = file_dialogs.get_open_file_name(self, _("Documento recibido"))
        if path:
            self.document.setText(path)

    def _add_row(self) -> None:
        row = self.plan.rowCount()
        self.plan.insertRow(row)
        self.plan.setItem(row, 0, QTableWidgetItem(""))
        self.plan.setItem(row, 1, QTableWidgetItem(""))
        self.plan.setCurrentCell(row, 0)

    def answer(self) -> ResponseAnswer:
        rows = []
        for row in range(self.plan.rowCount()):
            text, due = (self.plan.item(row, c).text().strip() if self.plan.item(row, c) else ""
                         for c in (0, 1))
            if text or due:
                rows.append((text, due))
        return ResponseAnswer(self.authority.text(), self.date.iso(), self.reference.text().strip(),
                              self.means.code(), self.text.toPlainText().strip(), self.status.code(),
                              self.reason.text().strip(), self.document.text(), rows)

    @classmethod
    def ask(cls, parent, authority: str) -> ResponseAnswer | None:
        dialog = cls(parent, authority)
        return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None
