"""Who is working: "Trabajando como …" in the main window's status bar, and Archivo → Cambiar de
persona, which asks anyone but the case file's owner for her personal passphrase.

The pending edits are saved (under the person who typed them) before the person changes; the
current view is then rebuilt, so what it shows and signs follows the new person.
"""

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QInputDialog, QLabel,
                               QLineEdit, QVBoxLayout)
from shiboken6 import isValid

from npmdesk.i18n import _
from npmdesk.services.team import identity, working
from npmdesk.ui.common.ops import show_error
from npmdesk.ui.shell.widgets import named


class PersonalPassphrase:
    """Asks a team member for their personal passphrase; the text, or None when cancelled."""

    @classmethod
    def ask(cls, parent, name: str) -> str | None:
        text, ok = QInputDialog.getText(
            parent, _("Frase de contraseña personal"),
            _("Frase de contraseña personal de {name}:").format(name=name), QLineEdit.EchoMode.Password)
        return text if ok and text else None


def with_key(parent, ctx, member, op):
    """`op(session)` made to run with `member`'s personal key unlocked: when her key is locked
    (never unlocked, or its grace period over) her passphrase is asked first and the key unlocked
    in the same operation. None when she cancels."""
    if identity.seconds_left(ctx.session, member.id) is not None:
        return op
    passphrase = PersonalPassphrase.ask(parent, member.name)
    if passphrase is None:
        return None

    def unlocked(session):
        identity.unlock_identity(session, member.id, passphrase)
        return op(session)
    return unlocked


class ChangePersonDialog(QDialog):
    """The person to work as and, for anyone but the owner (listed first), her personal passphrase."""

    def __init__(self, people: list[tuple[str, str]], current_id: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Cambiar de persona"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.person = named(QComboBox(), _("Trabajando como"))
        for member_id, name in people:
            self.person.addItem(name, member_id)
        self.person.setCurrentIndex(max(self.person.findData(current_id), 0))
        person_label = QLabel(_("&Trabajando como:"))
        person_label.setBuddy(self.person)
        form.addRow(person_label, self.person)
        self.passphrase = named(QLineEdit(), _("Frase de contraseña personal"))
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        passphrase_label = QLabel(_("Su frase de contraseña &personal:"))
        passphrase_label.setBuddy(self.passphrase)
        form.addRow(passphrase_label, self.passphrase)
        layout.addLayout(form)
        note = QLabel(_("Lo que escriba a partir de ahora queda a nombre de esa persona. Quien no es "
                        "titular del expediente lo confirma con su propia frase."))
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Cambiar"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancelar"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.person.currentIndexChanged.connect(self._person_changed)
        self._person_changed()
        self.setMinimumWidth(460)

    def _person_changed(self, _index: int = 0) -> None:
        self.passphrase.clear()
        self.passphrase.setEnabled(self.person.currentIndex() > 0)

    def answer(self) -> tuple[str, str]:
        return self.person.currentData(), self.passphrase.text()

    @classmethod
    def ask(cls, parent, people, current_id: str) -> tuple[str, str] | None:
        """(member id, personal passphrase) or None when cancelled."""
        dialog = cls(people, current_id, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        answer = dialog.answer() if accepted else None
        dialog.deleteLater()
        return answer


class WorkingAs(QObject):
    """Keeps the status bar's "Trabajando como …" current and carries out Cambiar de persona."""

    def __init__(self, controller):
        super().__init__(controller)
        self.controller = controller
        self.ctx = controller.ctx
        self.window = controller.window
        self.window.act_work_as.triggered.connect(self.change)
        self.retranslate()

    def retranslate(self) -> None:
        self.window.working_label.setText(
            _("Trabajando como {name}").format(name=self.ctx.session.actor.name))

    def change(self) -> None:
        """Save what was typed (it is the current person's), then ask who works now."""
        if not self.controller.leave():
            return
        self.ctx.run(self.window, working.people, on_done=self._live(self._ask))

    def _live(self, callback):
        def call(*args):
            if isValid(self.window) and self.ctx.session.case.is_open:
                callback(*args)
        return call

    def _ask(self, people) -> None:
        answer = ChangePersonDialog.ask(self.window, people, self.ctx.session.actor.id)
        if answer is None:
            return
        member_id, passphrase = answer
        self.ctx.run(self.window, lambda s: working.work_as(s, member_id, passphrase),
                     on_done=self._live(self._changed), on_error=self._live(self._refused))

    def _changed(self, member) -> None:
        self.retranslate()
        self.window.statusBar().showMessage(
            _("Ahora trabaja {name}: lo que se escriba queda a su nombre.").format(name=member.name), 10000)
        if not self.controller.review_menu.reshow():  # the dashboard, review queue or bitácora
            self.controller.reshow()

    def _refused(self, exc) -> None:
        show_error(self.window, exc)
