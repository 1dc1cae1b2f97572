"""Sustituir la raíz sin su firma, from the team screen: the same services as `npmdesk roster
repin` (services/team/repin.py), for an institutional root whose private key is lost.

On the new root's laptop, select her in the table and press the button: she signs the version
that replaces the lost root. On every other laptop, «Importar nómina…» of the file she exported
is refused as an ordinary import (domain/roster.RepinUnconfirmed) and opens this confirmation
instead. Either way the dialog says plainly who stops being the root without signing it and who
becomes it, lists what the version changes, and asks for the new root's code, typed as she reads
it out (never shown first) and read back in groups, and for a tick that the person understands
the old root is replaced without its signature. Nothing is written before both.
"""

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from npmdesk.domain.roster import RepinUnconfirmed, describe_change
from npmdesk.i18n import _
from npmdesk.services.team import repin, trust
from npmdesk.ui.shell.widgets import heading, message_label, named, show_message
from npmdesk.ui.team.root_code import code_entry, show_reading
from npmdesk.ui.team.working import with_key


class ConfirmRepin(QDialog):
    """The plain warning, the changes, the typed code and the tick; `ask` returns the code or None."""

    def __init__(self, preview: repin.RepinPreview, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Sustituir la raíz institucional sin su firma"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Sustituir la raíz institucional sin su firma"), scale=1.2))
        self.warning = named(QLabel(_(
            "{old} (código {old_code}) deja de ser la raíz institucional SIN FIRMARLO, y desde la versión {version} "
            "de la nómina pasa a serlo {name}. Hágalo solo si la clave de {old} se perdió o la robaron: lo que "
            "{old} firmó antes sigue valiendo; lo que se firme con su clave después, no.").format(
                old=preview.old_name, old_code=preview.old_code, version=preview.version, name=preview.name)),
            _("Advertencia"))
        self.warning.setWordWrap(True)
        layout.addWidget(self.warning)
        # The replacement itself is the warning above; its line would show the new code, to be typed.
        self.changes = named(QLabel("\n".join(describe_change(c) for c in preview.changes
                                              if c.kind not in ("sustitucion", "raiz"))), _("Cambios"))
        self.changes.setWordWrap(True)
        layout.addWidget(self.changes)
        ask = QLabel(_("Pida a {name} que le lea el código de su clave (doce grupos de cinco cifras: en su "
                       "propia computadora, Equipo y nómina lo muestra al elegirla, y npmdesk team también) y escríbalo aquí. No lo copie de ningún archivo "
                       "ni mensaje.").format(name=preview.name))
        ask.setWordWrap(True)
        layout.addWidget(ask)
        self.code, self.reading = code_entry(layout, _("Código de la nueva raíz"))
        self.understood = named(QCheckBox(_("&Entiendo que {old} deja de ser la raíz sin su firma.").format(
            old=preview.old_name)), _("Entiendo"))
        layout.addWidget(self.understood)
        self.message = named(message_label(), _("Mensaje"))
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = named(buttons.button(QDialogButtonBox.StandardButton.Ok), _("Sustituir la raíz"))
        self.ok.setText(_("&Sustituir la raíz"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancelar"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.code.textChanged.connect(self._update)
        self.understood.toggled.connect(self._update)
        self._update()
        self.setMinimumWidth(640)

    def _update(self, *_args) -> None:
        shown = show_reading(self.code, self.reading)
        self.ok.setEnabled(bool(shown) and self.understood.isChecked())

    def typed(self) -> str:
        return trust.formatted(self.code.text())

    @classmethod
    def ask(cls, preview: repin.RepinPreview, parent=None) -> str | None:
        dialog = cls(preview, parent)
        return dialog.typed() if dialog.exec() == QDialog.DialogCode.Accepted else None


class RootRepin:
    """Mixed into TeamScreen, whose `_need`, `_run`, `_done`, `_fail`, `ctx` and `message` it uses."""

    def repin_root(self) -> None:
        """The selected director becomes the root in place of one whose key is lost: she signs."""
        row = self._need()
        if row is None:
            return
        show_message(self.message, "")
        new_root = row.member
        self._run(lambda s: repin.preview_sign(s, new_root), lambda preview: self._sign_repin(new_root, preview))

    def _sign_repin(self, new_root, preview) -> None:
        code = ConfirmRepin.ask(preview, self)
        if code is None:
            return
        sign = with_key(self, self.ctx, new_root, lambda s: repin.sign(s, new_root, code))
        if sign is not None:
            self._run(sign, self._repinned, changed=("roster", ""))

    def offers_repin(self, exc) -> bool:
        """Whether a failed roster import is a replacement of a lost root, to confirm here."""
        return isinstance(exc, RepinUnconfirmed)

    def adopt_repin(self, path) -> None:
        """Take in the new root's roster file once a person confirmed it (from Importar nómina…)."""
        self._run(lambda s: repin.preview_adopt(s, path), lambda preview: self._adopt(path, preview))

    def _adopt(self, path, preview) -> None:
        code = ConfirmRepin.ask(preview, self)
        if code is not None:
            self._run(lambda s: repin.adopt(s, path, code), self._repinned, changed=("roster", ""))

    def _repinned(self, signed) -> None:
        self._done(_("Raíz institucional sustituida: {name}, código de la dirección {code}. Lo firmado con la raíz "
                     "anterior antes de esta versión sigue valiendo; lo que se firme con su clave después, no.")
                   .format(name=signed.root_name, code=signed.root_code))
