"""The unlock screen: the passphrase of one case file, unlocked off the GUI thread.

A wrong passphrase leaves the screen as it was with a message; a damaged file
offers, in one click, to restore the newest backup and open it.
"""

import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton,
                               QVBoxLayout, QWidget)

from npmdesk.errors import CaseFileInUse, DamagedCaseFile, NoBackup, NpmdeskError, WrongPassphrase
from npmdesk.i18n import _
from npmdesk.services.session import open_case
from npmdesk.services.safekeeping import restore as backup
from npmdesk.ui.common.ops import run_op, show_error
from npmdesk.ui.shell.widgets import heading, message_label, named, show_message


def display_folder(folder: Path) -> str:
    """The folder as people read it: the home folder shown as ~ (not on Windows)."""
    home = Path.home()
    if os.name == "posix" and (folder == home or home in folder.parents):
        return str(Path("~") / folder.relative_to(home))
    return str(folder)


class UnlockView(QWidget):
    """Layout only: the case file's name, the passphrase field, buttons, progress and message."""

    def __init__(self, path: Path, parent=None):
        super().__init__(parent)
        self.path = path
        layout = QVBoxLayout(self)
        layout.setContentsMargins(36, 30, 36, 30)
        layout.setSpacing(10)
        self.title = heading(scale=1.6)
        layout.addWidget(self.title)
        self.file_label = QLabel()
        self.file_label.setWordWrap(True)
        layout.addWidget(self.file_label)
        layout.addSpacing(8)
        self.passphrase_label = QLabel()
        layout.addWidget(self.passphrase_label)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setMinimumHeight(32)
        self.passphrase_label.setBuddy(self.passphrase)
        layout.addWidget(self.passphrase)
        row = QHBoxLayout()
        self.other_button = QPushButton()
        self.unlock_button = QPushButton()
        self.unlock_button.setDefault(True)
        self.unlock_button.setAutoDefault(True)
        row.addWidget(self.other_button)
        row.addStretch(1)
        row.addWidget(self.unlock_button)
        layout.addLayout(row)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.hide()
        layout.addWidget(self.busy)
        self.message = message_label()
        layout.addWidget(self.message)
        self.restore_button = QPushButton()
        self.restore_button.hide()
        layout.addWidget(self.restore_button)
        self.read_only_button = QPushButton()
        self.read_only_button.hide()
        layout.addWidget(self.read_only_button)
        layout.addStretch(1)
        self.setMinimumSize(580, 360)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.setWindowTitle(_("{name} — npmdesk").format(name=self.path.name))
        self.title.setText(_("Expediente bloqueado"))
        self.file_label.setText(_("Expediente «{name}»\nen {folder}").format(
            name=self.path.name, folder=display_folder(self.path.parent)))
        self.passphrase_label.setText(_("&Frase de contraseña:"))
        self.unlock_button.setText(_("&Desbloquear"))
        self.other_button.setText(_("&Otro expediente…"))
        self.restore_button.setText(_("&Restaurar la copia de seguridad más reciente y abrirla"))
        self.read_only_button.setText(_("Abrir &solo para consulta"))
        for widget, name in ((self.passphrase, _("Frase de contraseña")),
                             (self.unlock_button, _("Desbloquear")),
                             (self.other_button, _("Otro expediente")),
                             (self.restore_button, _("Restaurar la copia de seguridad más reciente")),
                             (self.read_only_button, _("Abrir solo para consulta")),
                             (self.busy, _("Desbloqueando")), (self.message, _("Mensaje")),
                             (self.title, _("Título")), (self.file_label, _("Expediente"))):
            named(widget, name)

    def set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (self.passphrase, self.unlock_button, self.other_button, self.restore_button,
                       self.read_only_button):
            widget.setEnabled(not busy)


class UnlockController(QObject):
    """Unlocks the case file, reports failures and restores the newest backup on request."""

    sig_unlocked = Signal(object)
    """Fires with the unlocked Session."""
    sig_other = Signal()
    """Fires when the person wants to open another case file (the start screen)."""

    def __init__(self, view: UnlockView, keep_backups: int = backup.DEFAULT_KEEP):
        super().__init__(view)
        self.view = view
        self.keep_backups = keep_backups
        self.notice = ""
        """A sentence for the main window's status bar after a restore."""
        view.unlock_button.clicked.connect(self.unlock)
        view.passphrase.returnPressed.connect(self.unlock)
        view.other_button.clicked.connect(self.sig_other.emit)
        view.restore_button.clicked.connect(self.restore)
        view.read_only_button.clicked.connect(self.open_read_only)

    @property
    def path(self) -> Path:
        return self.view.path

    def unlock(self, passphrase: str | None = None, read_only: bool = False) -> None:
        if passphrase is None or isinstance(passphrase, bool):
            passphrase = self.view.passphrase.text()
        if not passphrase:
            show_message(self.view.message, _("Escriba la frase de contraseña."))
            self.view.passphrase.setFocus()
            return
        path, keep = self.path, self.keep_backups
        self.view.set_busy(True)
        show_message(self.view.message, _("Desbloqueando…"), error=False)
        self.view.restore_button.hide()
        self.view.read_only_button.hide()
        run_op(self.view, lambda: open_case(path, passphrase, keep, defer_page_check=True,
                                            read_only=read_only),
               on_done=self._unlocked,
               on_error=self._failed)

    def open_read_only(self) -> None:
        """Open the file another window or program is writing, to read only."""
        self.unlock(read_only=True)

    def _unlocked(self, session) -> None:
        self.view.set_busy(False)
        self.view.passphrase.clear()
        show_message(self.view.message, "")
        self.sig_unlocked.emit(session)

    def _failed(self, exc) -> None:
        self.view.set_busy(False)
        if isinstance(exc, WrongPassphrase):
            show_message(self.view.message, exc.message())
            self.view.passphrase.selectAll()
            self.view.passphrase.setFocus()
        elif isinstance(exc, DamagedCaseFile):
            self.offer_restore(exc)
        elif isinstance(exc, CaseFileInUse):
            show_message(self.view.message, exc.message())
            self.view.read_only_button.show()
            self.view.read_only_button.setFocus()
        elif isinstance(exc, NpmdeskError):
            show_message(self.view.message, exc.message())
        else:
            show_message(self.view.message, "")
            show_error(self.view, exc)

    def offer_restore(self, exc: DamagedCaseFile) -> None:
        """Say the file is damaged and show the button restoring the newest backup (if any)."""
        try:
            newest = backup.newest_backup(self.path)
        except NoBackup as missing:
            show_message(self.view.message, exc.message() + " " + missing.message())
            return
        show_message(self.view.message, exc.message() + " " + _(
            "La copia más reciente es «{name}».").format(name=newest.name))
        self.view.restore_button.show()
        self.view.restore_button.setFocus()

    def restore(self) -> None:
        passphrase = self.view.passphrase.text()
        if not passphrase:
            show_message(self.view.message, _("Escriba la frase de contraseña de la copia de "
                                              "seguridad y pulse de nuevo «Restaurar»."))
            self.view.passphrase.setFocus()
            return
        path, keep = self.path, self.keep_backups

        def restore_and_open():
            kept = backup.restore_newest(path, passphrase)
            return kept, open_case(path, passphrase, keep, defer_page_check=True)

        self.view.set_busy(True)
        show_message(self.view.message, _("Restaurando la copia de seguridad…"), error=False)
        run_op(self.view, restore_and_open, on_done=self._restored, on_error=self._failed)

    def _restored(self, result) -> None:
        kept, session = result
        self.notice = (_("Se restauró la copia de seguridad. El archivo dañado se conservó en "
                         "{path}.").format(path=str(kept)) if kept
                       else _("Se restauró la copia de seguridad."))
        self._unlocked(session)
