"""The unlock screen: the passphrase of one case file, unlocked off the GUI thread.

A wrong passphrase leaves the screen as it was with a message; a damaged file
offers, in one click, to restore the newest backup and open it. When someone besides the
owner can work in the file (services/team/working.py), a second step asks who is working:
the owner by default, anyone else with her personal passphrase.
"""

import os
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton,
                               QVBoxLayout, QWidget)

from npmdesk.errors import CaseFileInUse, DamagedCaseFile, NoBackup, NpmdeskError, WrongPassphrase
from npmdesk.i18n import _
from npmdesk.services.session import open_case
from npmdesk.services.safekeeping import restore as backup
from npmdesk.services.team import working
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
        self.person_label = QLabel()
        self.person = QComboBox()
        self.person.setMinimumHeight(32)
        self.person_label.setBuddy(self.person)
        self.person_passphrase_label = QLabel()
        self.person_passphrase = QLineEdit()
        self.person_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.person_passphrase.setMinimumHeight(32)
        self.person_passphrase_label.setBuddy(self.person_passphrase)
        self.person_note = QLabel()
        self.person_note.setWordWrap(True)
        self.person_widgets = (self.person_note, self.person_label, self.person,
                               self.person_passphrase_label, self.person_passphrase)
        for widget in self.person_widgets:
            layout.addWidget(widget)
            widget.hide()
        row = QHBoxLayout()
        self.other_button = QPushButton()
        self.unlock_button = QPushButton()
        self.unlock_button.setDefault(True)
        self.unlock_button.setAutoDefault(True)
        row.addWidget(self.other_button)
        row.addStretch(1)
        row.addWidget(self.unlock_button)
        self.continue_button = QPushButton()
        self.continue_button.hide()
        row.addWidget(self.continue_button)
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
        self.person_label.setText(_("&Trabajando como:"))
        self.person_passphrase_label.setText(_("Su frase de contraseña &personal:"))
        self.continue_button.setText(_("&Continuar"))
        self.person_note.setText(_("Las revisiones, las respuestas y la bitácora quedan a nombre de "
                                   "quien trabaja. Quien no es titular del expediente lo confirma "
                                   "con su propia frase."))
        self.other_button.setText(_("&Otro expediente…"))
        self.restore_button.setText(_("&Restaurar la copia de seguridad más reciente y abrirla"))
        self.read_only_button.setText(_("Abrir &solo para consulta"))
        for widget, name in ((self.passphrase, _("Frase de contraseña")),
                             (self.unlock_button, _("Desbloquear")),
                             (self.person, _("Trabajando como")),
                             (self.person_passphrase, _("Frase de contraseña personal")),
                             (self.continue_button, _("Continuar")),
                             (self.person_note, _("Nota")),
                             (self.other_button, _("Otro expediente")),
                             (self.restore_button, _("Restaurar la copia de seguridad más reciente")),
                             (self.read_only_button, _("Abrir solo para consulta")),
                             (self.busy, _("Desbloqueando")), (self.message, _("Mensaje")),
                             (self.title, _("Título")), (self.file_label, _("Expediente"))):
            named(widget, name)

    def set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (self.passphrase, self.unlock_button, self.other_button, self.restore_button,
                       self.read_only_button, self.person, self.person_passphrase, self.continue_button):
            widget.setEnabled(not busy)

    def keyPressEvent(self, event) -> None:
        """Enter on the person list continues (a QWidget has no default button of its own)."""
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.continue_button.isVisible()
                and self.continue_button.isEnabled()):
            self.continue_button.click()
            return
        super().keyPressEvent(event)

    def show_people(self, people: list[tuple[str, str]]) -> None:
        """The second step: who is working (the owner, first, is chosen)."""
        self.title.setText(_("¿Quién trabaja?"))
        self.passphrase_label.hide()
        self.passphrase.hide()
        self.unlock_button.hide()
        self.person.clear()
        for member_id, name in people:
            self.person.addItem(name, member_id)
        for widget in self.person_widgets:
            widget.show()
        self.continue_button.show()
        self.continue_button.setDefault(True)
        self.person.setFocus()


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
        self.ask_who = True
        """False when the program was given the passphrase: it goes on as the owner."""
        view.unlock_button.clicked.connect(self.unlock)
        view.passphrase.returnPressed.connect(self.unlock)
        view.other_button.clicked.connect(self.leave)
        view.restore_button.clicked.connect(self.restore)
        view.read_only_button.clicked.connect(self.open_read_only)
        view.continue_button.clicked.connect(self.choose_person)
        view.person_passphrase.returnPressed.connect(self.choose_person)
        view.person.currentIndexChanged.connect(self._person_changed)
        self.session = None
        """The opened session while the person working is being chosen."""

    @property
    def path(self) -> Path:
        return self.view.path

    def unlock(self, passphrase: str | None = None, read_only: bool = False, ask_who: bool = True) -> None:
        """Open the file with `passphrase` (else the typed one). `ask_who` False (a passphrase the
        program was given: `npmdesk demo --open`, NPMDESK_PASSPHRASE) goes on as the owner, as
        typing the file's passphrase proves no more; Archivo → Cambiar de persona… changes it."""
        self.ask_who = ask_who
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
        self.view.passphrase.clear()
        self.session = session
        if not self.ask_who:
            self.view.set_busy(False)
            self._finish()
            return
        run_op(self.view, lambda: working.people(session), on_done=self._people,
               on_error=self._people_failed)

    def _people_failed(self, exc) -> None:
        session, self.session = self.session, None
        session.close()
        self._failed(exc)

    def _people(self, people) -> None:
        self.view.set_busy(False)
        show_message(self.view.message, "")
        if len(people) < 2:
            self._finish()
            return
        self.view.show_people(people)
        self._person_changed()

    def _person_changed(self, _index: int = 0) -> None:
        """The owner needs no other passphrase: the personal field is for anyone else."""
        is_owner = self.view.person.currentIndex() <= 0
        self.view.person_passphrase.clear()
        self.view.person_passphrase.setEnabled(not is_owner)
        self.view.person_passphrase_label.setEnabled(not is_owner)
        show_message(self.view.message, "")

    def choose_person(self) -> None:
        """Work as the person chosen; anyone but the owner proves it with her personal passphrase."""
        session, view = self.session, self.view
        if session is None:
            return
        member_id, name = view.person.currentData(), view.person.currentText()
        passphrase = view.person_passphrase.text()
        if view.person.currentIndex() > 0 and not passphrase:
            show_message(view.message, _("Escriba la frase de contraseña personal de {name}.").format(name=name))
            view.person_passphrase.setFocus()
            return
        view.set_busy(True)
        run_op(view, lambda: working.work_as(session, member_id, passphrase),
               on_done=lambda _member: self._finish(), on_error=self._refused)

    def _refused(self, exc) -> None:
        """A wrong personal passphrase: nothing changes, the owner's file stays open here."""
        self.view.set_busy(False)
        self._person_changed()
        show_message(self.view.message, exc.message() if isinstance(exc, NpmdeskError) else "")
        if not isinstance(exc, NpmdeskError):
            show_error(self.view, exc)
        self.view.person_passphrase.setFocus()

    def _finish(self) -> None:
        session, self.session = self.session, None
        self.view.set_busy(False)
        self.view.person_passphrase.clear()
        self.sig_unlocked.emit(session)

    def leave(self) -> None:
        """Another case file is wanted: close the one opened while choosing who works."""
        session, self.session = self.session, None
        if session is not None:
            session.close()
        self.sig_other.emit()

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
