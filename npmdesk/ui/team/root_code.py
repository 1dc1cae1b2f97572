"""Confirmar la raíz institucional: the first roster of a case file needs the director's code,
typed by the person at this laptop as the director reads it out (or from the recovery sheet).

The dialog never shows the code the package claims: a code copied from the package would
confirm nothing. Only after a typed code did not match does it name who the roster says it
comes from, so that the person can ask the director.
"""

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout

from npmdesk.i18n import _
from npmdesk.services.team import trust
from npmdesk.ui.shell.widgets import heading, message_label, named, show_message


def needs_code(exc) -> bool:
    """Whether an import failed only because the root is not confirmed yet (then ask the code)."""
    return isinstance(exc, (trust.RootUnconfirmed, trust.WrongRoot))



def code_entry(layout, name: str) -> tuple[QLineEdit, QLabel]:
    """The field where a root's code is typed as a person reads it aloud, and the line under it
    that says how it was read (`show_reading`)."""
    code = named(QLineEdit(), name)
    code.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    code.setPlaceholderText(_("Doce grupos de cinco cifras"))
    layout.addWidget(code)
    reading = named(QLabel(), _("Lectura del código"))
    reading.setFont(code.font())
    layout.addWidget(reading)
    return code, reading


def show_reading(code: QLineEdit, reading: QLabel) -> str:
    """Say under the field how the code typed reads; the code as printed, '' while incomplete."""
    text = code.text()
    shown = trust.formatted(text)
    digits = sum(ch.isdigit() for ch in text)
    reading.setText(_("Se lee: {code}").format(code=shown) if shown else
                    _("{count} de 60 cifras").format(count=digits) if text.strip() else "")
    return shown

class RootCodeDialog(QDialog):
    """A field for the 60 digits, read back in groups as typed; `ask` returns the code or None."""

    def __init__(self, exc, parent=None, intro: str = ""):
        super().__init__(parent)
        self.setWindowTitle(_("Confirmar la raíz institucional"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Confirmar la raíz institucional"), scale=1.2))
        intro = QLabel(intro or _(
            "Es la primera nómina de este expediente: quien la firma pasa a ser la raíz de todas las firmas "
            "en esta computadora. Pida a la dirección que le lea su código (doce grupos de cinco cifras; "
            "también figura en la hoja de recuperación) y escríbalo aquí. No lo copie del paquete ni de un "
            "mensaje que llegue con él."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.code, self.reading = code_entry(layout, _("Código de la dirección"))
        self.message = named(message_label(), _("Mensaje"))
        layout.addWidget(self.message)
        if isinstance(exc, trust.SignerNotRoot):  # a package: nothing of its roster is read yet
            show_message(self.message, _("El código escrito no es el de quien firma el paquete. La primera nómina "
                                         "debe enviarla la raíz institucional: compruebe el código con la "
                                         "dirección; si lo escribió bien, el paquete no es de su institución."))
        elif isinstance(exc, trust.WrongRoot):
            show_message(self.message, _("El código escrito no es el de la raíz de la nómina recibida, que dice "
                                         "venir de {name}. Compruébelo con la dirección: si lo escribió bien, el "
                                         "paquete no es de su institución.").format(name=exc.fields["name"]))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = named(buttons.button(QDialogButtonBox.StandardButton.Ok), _("Confirmar"))
        self.ok.setText(_("Con&firmar"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancelar"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.code.textChanged.connect(self._update)
        self._update("")
        self.setMinimumWidth(620)

    def _update(self, _text: str = "") -> None:
        self.ok.setEnabled(bool(show_reading(self.code, self.reading)))

    @classmethod
    def ask(cls, exc, parent=None, intro: str = "") -> str | None:
        """The code typed, as printed; `intro` replaces the first roster's explanation."""
        dialog = cls(exc, parent, intro)
        return trust.formatted(dialog.code.text()) if dialog.exec() == QDialog.DialogCode.Accepted else None
