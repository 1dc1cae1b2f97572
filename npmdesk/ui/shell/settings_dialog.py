"""Preferencias: interface language, minutes before the automatic lock, minutes a personal key stays
unlocked, backups kept, exchange folder."""

from dataclasses import dataclass

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout)

from npmdesk.i18n import _
from npmdesk.ui.common.colours import tone_style
from npmdesk.ui.shell.settings import BACKUPS_RANGE, DEFAULT_KEY_GRACE_MINUTES, KEY_GRACE_RANGE, LOCK_RANGE
from npmdesk.ui.shell.widgets import field_row, named
from npmdesk.ui.common import file_dialogs

# Language names are shown in their own language, whatever the interface language is.
LANGUAGE_NAMES = (("es", "Español"), ("en", "English"))


@dataclass
class Preferences:
    language: str
    lock_minutes: int
    backups_kept: int
    exchange_folder: str = ""  # '' when there is none
    key_grace_minutes: int = DEFAULT_KEY_GRACE_MINUTES


class SettingsDialog(QDialog):
    """The fields and OK/Cancel; `ask()` returns the chosen Preferences or None."""

    def __init__(self, current: Preferences, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(current.language), 0))
        self.language_label = QLabel()
        self.language_label.setBuddy(self.language)
        form.addRow(self.language_label, self.language)
        self.lock_minutes = QSpinBox()
        self.lock_minutes.setRange(*LOCK_RANGE)
        self.lock_minutes.setValue(current.lock_minutes)
        self.lock_label = QLabel()
        self.lock_label.setBuddy(self.lock_minutes)
        form.addRow(self.lock_label, self.lock_minutes)
        self.key_grace = QSpinBox()
        self.key_grace.setRange(*KEY_GRACE_RANGE)
        self.key_grace.setValue(current.key_grace_minutes)
        self.key_grace_label = QLabel()
        self.key_grace_label.setBuddy(self.key_grace)
        form.addRow(self.key_grace_label, self.key_grace)
        self.backups_kept = QSpinBox()
        self.backups_kept.setRange(*BACKUPS_RANGE)
        self.backups_kept.setValue(current.backups_kept)
        self.backups_label = QLabel()
        self.backups_label.setBuddy(self.backups_kept)
        form.addRow(self.backups_label, self.backups_kept)
        self.exchange = QLineEdit(current.exchange_folder)
        self.exchange.setClearButtonEnabled(True)
        self.exchange_browse = QPushButton()
        self.exchange_browse.clicked.connect(self._choose_exchange)
        self.exchange_label = QLabel()
        self.exchange_label.setBuddy(self.exchange)
        form.addRow(self.exchange_label, field_row(self.exchange, self.exchange_browse))
        layout.addLayout(form)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet(tone_style("muted"))
        layout.addWidget(self.note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(580)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.setWindowTitle(_("Preferencias"))
        self.language_label.setText(_("&Idioma:"))
        self.lock_label.setText(_("&Bloquear tras (minutos sin uso):"))
        self.key_grace_label.setText(_("&Clave personal abierta tras su frase (minutos):"))
        self.key_grace.setSuffix(_(" min"))
        self.key_grace.setSpecialValueText(_("solo para esa acción"))
        self.backups_label.setText(_("&Copias de seguridad que se conservan:"))
        self.exchange_label.setText(_("Carpeta de in&tercambio:"))
        self.exchange_browse.setText(_("&Elegir…"))
        self.exchange.setPlaceholderText(_("Ninguna (los paquetes se importan a mano)"))
        self.lock_minutes.setSuffix(_(" min"))
        self.note.setText(_("Al cerrar el expediente se crea una copia de seguridad cifrada junto a "
                            "él; se conservan las más recientes. El idioma cambia al instante. "
                            "Mientras el expediente está abierto, npmdesk avisa de los paquetes "
                            "para usted que aparecen en la carpeta de intercambio (por ejemplo, una "
                            "carpeta compartida o sincronizada); nada se importa sin su permiso. "
                            "La clave personal de quien no es titular se cierra al pasar ese tiempo, "
                            "al bloquear y al cambiar de persona."))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        ok.setText(_("Aceptar"))
        cancel.setText(_("Cancelar"))
        for widget, name in ((self.language, _("Idioma")),
                             (self.lock_minutes, _("Minutos sin uso antes del bloqueo")),
                             (self.key_grace, _("Minutos que una clave personal sigue abierta")),
                             (self.backups_kept, _("Copias de seguridad que se conservan")),
                             (self.exchange, _("Carpeta de intercambio")),
                             (self.exchange_browse, _("Elegir la carpeta de intercambio")),
                             (self.note, _("Nota")), (ok, _("Aceptar")), (cancel, _("Cancelar"))):
            named(widget, name)

    def answer(self) -> Preferences:
        return Preferences(self.language.currentData(), self.lock_minutes.value(),
                           self.backups_kept.value(), self.exchange.text().strip(), self.key_grace.value())

    def _choose_exchange(self) -> None:
        chosen = file_dialogs.get_existing_directory(self, _("Carpeta de intercambio"), self.exchange.text())
        if chosen:
            self.exchange.setText(chosen)

    @classmethod
    def ask(cls, current: Preferences, parent=None) -> Preferences | None:
        dialog = cls(current, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        answer = dialog.answer() if accepted else None
        dialog.deleteLater()
        return answer
