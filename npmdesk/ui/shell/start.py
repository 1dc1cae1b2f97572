"""The start screen: open a case file, create one, open the demonstration, or recover one with the code."""

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (QLabel, QProgressBar, QPushButton, QVBoxLayout,
                               QWidget)

from npmdesk import __version__
from npmdesk.i18n import _
from npmdesk.services.session import create_case, open_case
from npmdesk.ui.common.colours import tone_style
from npmdesk.ui.shell.new_case import NewCaseDialog, case_filter
from npmdesk.ui.common.ops import run_op, show_error
from npmdesk.ui.shell.widgets import heading, message_label, named, show_message
from npmdesk.ui.common import file_dialogs

log = logging.getLogger(__name__)

DEMO_FILE_NAME = "npmdesk-demostracion.npmcase"


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


def open_or_create_demo(path: Path, keep_backups: int):
    """The demo case file at `path`, created first when missing (services.demo, imported late)."""
    from npmdesk.services.demo.case import DEMO_PASSPHRASE, create_demo
    if path.exists():
        return open_case(path, DEMO_PASSPHRASE, keep_backups)
    return create_demo(path, DEMO_PASSPHRASE)


def demo_available() -> bool:
    try:
        import npmdesk.services.demo.case  # noqa: F401
    except ImportError:
        return False
    return True


class StartView(QWidget):
    """Layout only: title, the three ways in, the last case file and a message line."""

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(36, 30, 36, 30)
        layout.setSpacing(12)
        self.title = heading(scale=1.8)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(10)
        self.last_button = QPushButton()
        self.open_button = QPushButton()
        self.new_button = QPushButton()
        self.demo_button = QPushButton()
        self.recover_button = QPushButton()
        for button in (self.last_button, self.open_button, self.new_button, self.demo_button,
                       self.recover_button):
            button.setMinimumHeight(38)
            layout.addWidget(button)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.hide()
        layout.addWidget(self.busy)
        self.message = message_label()
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.version = QLabel()
        self.version.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.version.setStyleSheet(tone_style("muted"))
        layout.addWidget(self.version)
        self.setMinimumSize(560, 380)
        self.last_case: Path | None = None
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.setWindowTitle(_("npmdesk"))
        self.title.setText(_("npmdesk"))
        self.subtitle.setText(_("Informes de visitas de monitoreo del MNPT en un expediente cifrado."))
        if self.last_case is not None:
            self.last_button.setText(_("Abrir el último expediente: {name}").format(
                name=self.last_case.name))
        self.open_button.setText(_("&Abrir un expediente…"))
        self.new_button.setText(_("&Crear un expediente nuevo…"))
        self.demo_button.setText(_("Abrir el expediente de &demostración"))
        self.recover_button.setText(_("&Recuperar con el código institucional…"))
        self.version.setText(_("Versión {version}").format(version=__version__))
        for widget, name in ((self.last_button, _("Abrir el último expediente")),
                             (self.open_button, _("Abrir un expediente")),
                             (self.new_button, _("Crear un expediente nuevo")),
                             (self.demo_button, _("Abrir el expediente de demostración")),
                             (self.recover_button, _("Recuperar con el código institucional")),
                             (self.busy, _("Trabajando")), (self.message, _("Mensaje")),
                             (self.title, _("Título")), (self.subtitle, _("Descripción")),
                             (self.version, _("Versión"))):
            named(widget, name)

    def show_last(self, path: Path | None) -> None:
        self.last_case = path
        self.last_button.setVisible(path is not None)
        self.retranslateUi()

    def set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for button in (self.last_button, self.open_button, self.new_button, self.demo_button,
                       self.recover_button):
            button.setEnabled(not busy)


class StartController(QObject):
    """The behaviour of the start screen."""

    sig_open = Signal(object)
    """Fires with the Path of a case file the person chose to unlock."""
    sig_session = Signal(object)
    sig_created = Signal(object)
    """A case file just created here: the main window offers the set-up assistant."""
    """Fires with an unlocked Session (a new case file or the demo)."""

    def __init__(self, view: StartView, settings):
        super().__init__(view)
        self.view = view
        self.settings = settings
        last = settings.last_case
        view.show_last(last if last is not None and last.exists() else None)
        view.last_button.clicked.connect(lambda: self.sig_open.emit(self.view.last_case))
        view.open_button.clicked.connect(self.choose)
        view.new_button.clicked.connect(self.create)
        view.demo_button.clicked.connect(self.demo)
        view.recover_button.clicked.connect(self.recover)

    def choose(self) -> None:
        start = str(self.view.last_case.parent) if self.view.last_case else str(documents_folder())
        chosen, _filter = file_dialogs.get_open_file_name(self.view, _("Abrir un expediente"), start,
                                                      case_filter())
        if chosen:
            self.sig_open.emit(Path(chosen))

    def create(self) -> None:
        answer = NewCaseDialog.ask(self.view, documents_folder())
        if answer is None:
            return
        self.view.set_busy(True)
        show_message(self.view.message, _("Creando el expediente cifrado…"), error=False)
        run_op(self.view, lambda: create_case(answer.path, answer.passphrase, answer.owner_name),
               on_done=self._created, on_error=self._failed)

    def _created(self, session) -> None:
        self.view.set_busy(False)
        show_message(self.view.message, "")
        self.sig_created.emit(session)

    def recover(self) -> None:
        """Recuperar con el código institucional…: the dialog restores; the new case file opens."""
        from npmdesk.ui.safekeeping.recover import RecoverDialog
        session = RecoverDialog.ask(self.view, documents_folder())
        if session is not None:
            self._opened(session)

    def demo(self) -> None:
        if not demo_available():
            show_message(self.view.message, _(
                "El expediente de demostración no está disponible en esta instalación de npmdesk."))
            return
        path = documents_folder() / DEMO_FILE_NAME
        keep = self.settings.backups_kept
        self.view.set_busy(True)
        show_message(self.view.message, _("Preparando el expediente de demostración…"), error=False)
        run_op(self.view, lambda: open_or_create_demo(path, keep), on_done=self._opened,
               on_error=self._failed)

    def _opened(self, session) -> None:
        self.view.set_busy(False)
        show_message(self.view.message, "")
        self.sig_session.emit(session)

    def _failed(self, exc) -> None:
        self.view.set_busy(False)
        show_message(self.view.message, "")
        show_error(self.view, exc)
