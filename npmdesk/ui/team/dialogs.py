"""The small dialogs of Herramientas → Equipo y nómina: a member's data and role, creating
someone's keys, confirming a new roster version, and the file choosers.

Layout and input checks only; the screen (team_screen.py) calls the services.
"""

from pathlib import Path

from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout,
                               QLabel, QLineEdit, QPlainTextEdit, QProgressBar, QVBoxLayout)

from npmdesk.services.safekeeping.passphrase import MIN_PASSPHRASE_CHARS
from npmdesk.domain import model, vocabulary as v
from npmdesk.domain.roster import RosterChange, describe_change
from npmdesk.i18n import _
from npmdesk.ui.common.colours import WARNING_BOX
from npmdesk.ui.records.widgets import CodeCombo
from npmdesk.ui.safekeeping.passphrase import passphrase_problem, show_strength
from npmdesk.ui.shell.widgets import heading, message_label, named, show_message
from npmdesk.ui.common import file_dialogs


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    dialog.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    dialog.ok.setText(ok_text)
    dialog.cancel.setText(_("Cancelar"))
    named(dialog.ok, ok_text)
    named(dialog.cancel, _("Cancelar"))
    buttons.rejected.connect(dialog.reject)
    return buttons


def _labelled(form: QFormLayout, text: str, widget, name: str):
    label = QLabel(text)
    label.setBuddy(widget)
    form.addRow(label, widget)
    named(widget, name)
    return widget


class MemberDialog(QDialog):
    """A team member's name, discipline, role and whether they are active (new or existing)."""

    def __init__(self, member: model.TeamMember | None, parent=None):
        super().__init__(parent)
        self.original = member
        title = _("Editar integrante del equipo") if member else _("Nuevo integrante del equipo")
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title, scale=1.2))
        form = QFormLayout()
        self.name = _labelled(form, _("&Nombre:"), QLineEdit(), _("Nombre"))
        self.discipline = _labelled(form, _("&Disciplina:"), CodeCombo(v.DISCIPLINES), _("Disciplina"))
        self.role = _labelled(form, _("&Rol:"), CodeCombo(v.ROLES), _("Rol"))
        self.active = named(QCheckBox(_("&Activo en el equipo")), _("Activo en el equipo"))
        form.addRow("", self.active)
        layout.addLayout(form)
        note = QLabel(_("Los cambios de rol solo cuentan para revisar y aprobar cuando la dirección "
                        "firma una nueva versión de la nómina."))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.message = named(message_label(), _("Mensaje"))
        layout.addWidget(self.message)
        layout.addWidget(_buttons(self, _("&Guardar") if member else _("&Añadir")))
        self.name.setText(member.name if member else "")
        self.discipline.set_code(member.discipline if member else "derecho")
        self.role.set_code(member.role if member else "autor")
        self.active.setChecked(member.active if member else True)
        self.setMinimumWidth(480)

    def member(self) -> model.TeamMember:
        """The member as typed; services.team.save_member cleans the name and refuses an empty one."""
        show_message(self.message, "")
        ident = {"id": self.original.id} if self.original else {}
        return model.TeamMember(name=self.name.text(), discipline=self.discipline.code(), role=self.role.code(),
                                active=self.active.isChecked(), **ident)


class KeysDialog(QDialog):
    """Creating a member's signing keys: the owner needs nothing more; anyone else sets their
    own personal passphrase, typed twice, with the strength meter and the warning."""

    def __init__(self, name: str, owner: bool, fingerprint: str | None, parent=None):
        super().__init__(parent)
        self.owner, self.person = owner, name
        title = _("Crear claves de firma de {name}").format(name=name)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title, scale=1.2))
        self.intro = QLabel(
            _("Las claves de la persona titular del expediente se guardan dentro del archivo cifrado: "
              "no necesitan otra frase de contraseña.") if owner else
            _("La clave privada de {name} queda protegida con su propia frase de contraseña personal, "
              "distinta de la del expediente. Pídale que la escriba esa misma persona.").format(name=name))
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.passphrase = self.repeat = self.meter = None
        if not owner:
            form = QFormLayout()
            self.passphrase = _labelled(form, _("&Frase personal:"), QLineEdit(),
                                        _("Frase de contraseña personal"))
            self.repeat = _labelled(form, _("&Repítala:"), QLineEdit(),
                                    _("Repetir la frase de contraseña personal"))
            for field in (self.passphrase, self.repeat):
                field.setEchoMode(QLineEdit.EchoMode.Password)
            self.meter = QProgressBar()
            self.meter.setRange(0, 4)
            self.meter.setTextVisible(True)
            _labelled(form, _("Solidez:"), self.meter, _("Solidez de la frase personal"))
            layout.addLayout(form)
            self.passphrase.textChanged.connect(lambda text: show_strength(self.meter, text, [name]))
            show_strength(self.meter, "")
            warning = QLabel(_("Importante: nadie puede recuperar esta frase personal, tampoco la dirección "
                               "ni el equipo de npmdesk. Si {name} la olvida, habrá que crear claves nuevas "
                               "y firmar de nuevo la nómina. Use al menos {minimum} caracteres, sin su "
                               "nombre ni el de la institución.")
                             .format(name=name, minimum=MIN_PASSPHRASE_CHARS))
            warning.setWordWrap(True)
            warning.setStyleSheet(WARNING_BOX)
            layout.addWidget(named(warning, _("Advertencia")))
        if fingerprint:
            replace = QLabel(_("{name} ya tiene claves (huella {fingerprint}). Las nuevas las reemplazan: "
                               "su firma solo vuelve a valer cuando la dirección firme de nuevo la nómina.")
                             .format(name=name, fingerprint=fingerprint))
            replace.setWordWrap(True)
            replace.setStyleSheet(WARNING_BOX)
            layout.addWidget(named(replace, _("Advertencia")))
        self.message = named(message_label(), _("Mensaje"))
        layout.addWidget(self.message)
        layout.addWidget(_buttons(self, _("C&rear claves")))
        self.setMinimumWidth(520)

    def chosen(self) -> str | None | bool:
        """None for the owner, the personal passphrase for anyone else, False (with a message) if unusable."""
        if self.owner:
            return None
        text = self.passphrase.text()
        problem = passphrase_problem(text, self.repeat.text(), [self.person])
        if problem:
            show_message(self.message, problem)
            if text != self.repeat.text():
                self.repeat.clear()
                self.repeat.setFocus()
            return False
        return text


class SignDialog(QDialog):
    """What the new roster version changes, before the director signs it."""

    def __init__(self, version: int, signer: str, changes: list[RosterChange], parent=None):
        super().__init__(parent)
        title = _("Firmar la nómina: versión {version}").format(version=version)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title, scale=1.2))
        intro = QLabel((_("Firma: {signer}. Cambios respecto a la versión vigente ({previous}):")
                        .format(signer=signer, previous=version - 1)) if version > 1 else
                       _("Firma: {signer}. Es la primera versión; la nómina incluirá a:").format(signer=signer))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.changes = named(QPlainTextEdit(), _("Cambios de la nómina"))
        self.changes.setReadOnly(True)
        self.changes.setPlainText("\n".join(describe_change(c) for c in changes)
                                  or _("Ningún cambio: la nueva versión repite la vigente."))
        layout.addWidget(self.changes, 1)
        note = QLabel(_("Solo las personas con claves y activas figuran en la nómina. Desde la firma, "
                        "los roles de esta versión deciden quién puede revisar y aprobar."))
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = _buttons(self, _("&Firmar versión {version}").format(version=version))
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(560, 380)


class TeamFiles:
    """File choosers for cards and rosters (JSON)."""

    @staticmethod
    def _filter() -> str:
        return _("Archivos JSON (*.json)")

    @classmethod
    def ask_save(cls, parent, title: str, suggested: Path) -> Path | None:
        path, _chosen = file_dialogs.get_save_file_name(parent, title, str(suggested), cls._filter())
        return Path(path) if path else None

    @classmethod
    def ask_open(cls, parent, title: str) -> Path | None:
        path, _chosen = file_dialogs.get_open_file_name(parent, title, str(Path.home()), cls._filter())
        return Path(path) if path else None
