"""The two questions of a draft sent for factual corrections (services/tracking/corrections.py):
which report goes to which authority, by when and into which file; and the authority's reply
(its date, its text, its document, whether its Word comments become observations)."""

from pathlib import Path

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFormLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QPushButton, QSpinBox)

from npmdesk.i18n import _
from npmdesk.ui.common import file_dialogs
from npmdesk.ui.records.widgets import DateField, name_widget
from npmdesk.ui.shell.widgets import field_row
from npmdesk.ui.tracking.life_dialogs import ok_cancel

WORD_FILTER = "Word (*.docx)"


def _choose_button(choose) -> QPushButton:
    button = QPushButton(_("Elegir…"))
    button.setAccessibleName(_("Elegir el archivo"))
    button.clicked.connect(choose)
    return button


class DraftDialog(QDialog):
    """Which report (every section approved, the report not yet), to which authority, how many
    days for the corrections, and the .docx to write."""

    def __init__(self, parent, reports, folder: str = ""):
        super().__init__(parent)
        self.reports, self.folder = reports, folder
        self.setWindowTitle(_("Borrador para correcciones fácticas"))
        form = QFormLayout(self)
        intro = QLabel(_("Se escribe el borrador completo del informe, marcado en cada página, para que la "
                         "autoridad señale errores de hecho antes de aprobarlo."))
        intro.setWordWrap(True)
        form.addRow(intro)
        self.report = QComboBox()
        for report in reports:
            self.report.addItem(_("{number} — {title}").format(number=report.number or "—", title=report.title),
                                report.id)
        form.addRow(_("&Informe"), name_widget(self.report, _("Informe")))
        self.authority = QComboBox()
        self.authority.setEditable(True)  # another authority may also be asked about the facts
        form.addRow(_("&Autoridad"), name_widget(self.authority, _("Autoridad destinataria del borrador")))
        self.days = QSpinBox()
        self.days.setRange(1, 365)
        self.days.setValue(15)
        self.days.setSuffix(_(" días"))
        form.addRow(_("&Plazo para corregir"), name_widget(self.days, _("Días para enviar las correcciones")))
        self.path = QLineEdit()
        form.addRow(_("Arc&hivo"), field_row(name_widget(self.path, _("Documento de Word que se escribe")),
                                             _choose_button(self._choose)))
        self.problem = QLabel()
        self.problem.setStyleSheet("color:#a40000;")
        self.problem.hide()
        form.addRow(self.problem)
        form.addRow(ok_cancel(self, _("Escribir el borrador")))
        self.report.currentIndexChanged.connect(self._report_chosen)
        self._report_chosen()

    def _current(self):
        return self.reports[self.report.currentIndex()]

    def _report_chosen(self, *_args) -> None:
        self.authority.clear()
        self.authority.addItems(list(self._current().authorities))

    def _name(self) -> str:
        report = self._current()
        words = f"{report.number}-{self.authority.currentText()}".split()
        return _("borrador-correcciones-{name}.docx").format(name="-".join(words)[:80].replace("/", "-"))

    def _choose(self) -> None:
        path, _filter = file_dialogs.get_save_file_name(self, _("Guardar el borrador"),
                                                        str(Path(self.folder) / self._name()), WORD_FILTER)
        if path:
            self.path.setText(path if path.lower().endswith(".docx") else path + ".docx")

    def accept(self) -> None:
        if not self.authority.currentText().strip():
            return self._say(_("Indique la autoridad a la que se envía el borrador."))
        if not self.path.text().strip().lower().endswith(".docx"):
            return self._say(_("Elija el documento de Word (.docx) que se escribe."))
        super().accept()

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    @classmethod
    def ask(cls, parent, reports, folder: str = "") -> tuple[str, str, int, str] | None:
        """(report id, authority, days, path), or None when cancelled."""
        dialog = cls(parent, reports, folder)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return (dialog._current().id, dialog.authority.currentText().strip(), dialog.days.value(),
                dialog.path.text().strip())


class ReplyDialog(QDialog):
    """The authority's reply to a draft: its date, its text, its document and its comments."""

    def __init__(self, parent, authority: str):
        super().__init__(parent)
        self.setWindowTitle(_("Registrar la respuesta al borrador"))
        form = QFormLayout(self)
        form.addRow(QLabel(authority))
        self.day = DateField()
        form.addRow(_("&Fecha de la respuesta"), name_widget(self.day, _("Fecha de la respuesta")))
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setMaximumHeight(120)
        form.addRow(_("&Texto o resumen"), name_widget(self.text, _("Texto o resumen de la respuesta")))
        self.document = QLineEdit()
        form.addRow(_("&Documento"), field_row(name_widget(self.document, _("Documento de la respuesta")),
                                               _choose_button(self._choose)))
        self.comments = QCheckBox(_("Importar sus &comentarios de Word como observaciones del informe"))
        self.comments.setEnabled(False)
        self.document.textChanged.connect(
            lambda text: self.comments.setEnabled(text.strip().lower().endswith(".docx")))
        form.addRow(self.comments)
        form.addRow(ok_cancel(self, _("Registrar")))

    def _choose(self) -> None:
        path, _filter = file_dialogs.get_open_file_name(self, _("Documento de la respuesta"), "",
                                                        _("Documentos (*.docx *.pdf *.odt);;Todos los archivos (*)"))
        if path:
            self.document.setText(path)

    @classmethod
    def ask(cls, parent, authority: str) -> tuple[str, str, str, bool] | None:
        """(ISO date, text, document path or "", import its comments), or None when cancelled."""
        dialog = cls(parent, authority)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return (dialog.day.iso(), dialog.text.toPlainText().strip(), dialog.document.text().strip(),
                dialog.comments.isEnabled() and dialog.comments.isChecked())
