"""Archivo → «Cambiar la frase de contraseña…»: the current passphrase, the new one twice with its
strength meter, then the same re-key the command line runs (services/safekeeping/passphrase.py).
A wrong current passphrase, a weak or mistyped new one get their sentence and change nothing.
Installed by the main controller with one call, like the Word import menu."""

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from npmdesk.i18n import _
from npmdesk.services.safekeeping import passphrase as rules
from npmdesk.ui.common.ops import error_text
from npmdesk.ui.safekeeping.passphrase import (add_passphrase_rows, fill_suggestion, passphrase_problem,
                                               show_strength, translate_rows)
from npmdesk.ui.shell.widgets import heading, message_label, named, show_message


class ChangePassphraseDialog(QDialog):
    """Accepted once the case file opens with the new passphrase only."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.names: list[str] = []   # the team's: a new passphrase built on them is weak here
        self.busy = False
        self.setWindowTitle(_("Cambiar la frase de contraseña"))
        self.title = heading(_("Cambiar la frase de contraseña del expediente"), scale=1.2)
        self.intro = QLabel(_("Desde el cambio, el expediente solo se abre con la frase nueva. Las copias "
                              "de seguridad ya hechas siguen abriéndose con la frase con la que se hicieron."))
        self.intro.setWordWrap(True)
        form = QFormLayout()
        self.current = named(QLineEdit(), _("Frase de contraseña actual"))
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        self.current_label = QLabel(_("Frase &actual:"))
        self.current_label.setBuddy(self.current)
        form.addRow(self.current_label, self.current)
        add_passphrase_rows(self, form)
        translate_rows(self)
        self.passphrase_label.setText(_("Frase &nueva:"))
        self.repeat_label.setText(_("&Repita la nueva:"))
        for widget, name in ((self.passphrase, _("Frase de contraseña nueva")),
                             (self.repeat, _("Repita la frase de contraseña nueva")),
                             (self.meter, _("Solidez de la frase de contraseña nueva"))):
            named(widget, name)
        self.message = message_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("Cambiar la frase"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancelar"))
        self.buttons.accepted.connect(self.change)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.passphrase.textChanged.connect(lambda text: show_strength(self.meter, text, self.names))
        for field in (self.current, self.passphrase, self.repeat):
            field.textChanged.connect(lambda _t: show_message(self.message, ""))
        self.suggest.clicked.connect(lambda: fill_suggestion(self))
        show_strength(self.meter, "")
        self.ctx.run(self, rules.team_names, on_done=self._names)

    def _names(self, names: list[str]) -> None:
        self.names = names
        show_strength(self.meter, self.passphrase.text(), names)

    def change(self) -> None:
        if self.busy:
            return
        current, new = self.current.text(), self.passphrase.text()
        if not current:
            show_message(self.message, _("Escriba la frase de contraseña actual."))
            self.current.setFocus()
            return
        problem = passphrase_problem(new, self.repeat.text(), self.names)
        if problem:
            show_message(self.message, problem)
            self.passphrase.setFocus()
            return
        self.busy = True
        self.ok.setEnabled(False)
        show_message(self.message, _("Cambiando la frase de contraseña…"), error=False)
        self.ctx.run(self, lambda s: rules.replace_passphrase(s, current, new),
                     on_done=lambda _r: self._finished(None), on_error=self._finished)

    def _finished(self, exc) -> None:
        self.busy = False
        self.ok.setEnabled(True)
        if exc is None:
            self.accept()
            return
        show_message(self.message, error_text(exc))

    def done(self, result: int) -> None:
        if self.busy:  # the re-key runs until its swap; closing now would hide how it ended
            return
        for field in (self.current, self.passphrase, self.repeat):
            field.clear()
        super().done(result)


class PassphraseMenu(QObject):
    def __init__(self, controller):
        super().__init__(controller)
        self.controller = controller
        window = controller.window
        self.action = QAction(window)
        window.menu_file.insertAction(window.act_lock, self.action)
        self.action.triggered.connect(self.start)
        self.retranslate()

    def retranslate(self) -> None:
        self.action.setText(_("Cambiar la &frase de contraseña…"))

    def start(self) -> None:
        if not self.controller.flush():
            return
        window = self.controller.window
        if ChangePassphraseDialog(self.controller.ctx, window).exec() == QDialog.DialogCode.Accepted:
            window.statusBar().showMessage(_("Frase de contraseña cambiada: el expediente se abre solo con "
                                             "la nueva."), 12000)
