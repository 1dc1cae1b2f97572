"""The dialog that creates a new case file: where, whose, and the passphrase typed twice."""

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QPushButton, QVBoxLayout)

from npmdesk import CASE_FILE_SUFFIX
from npmdesk.services.safekeeping.passphrase import MIN_PASSPHRASE_CHARS
from npmdesk.i18n import _
from npmdesk.ui.common.colours import WARNING_BOX
from npmdesk.ui.safekeeping.passphrase import (add_passphrase_rows, fill_suggestion, passphrase_problem,
                                               show_strength, translate_rows)
from npmdesk.ui.shell.widgets import field_row, heading, message_label, named, show_message
from npmdesk.ui.common import file_dialogs

@dataclass
class NewCaseAnswer:
    path: Path
    owner_name: str
    passphrase: str


def case_filter() -> str:
    return _("Expedientes de npmdesk (*.npmcase)")


class NewCaseView(QDialog):
    """Layout only: path with a Browse button, owner name, two passphrase fields, meter, warning."""

    def __init__(self, parent=None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        self.title = heading(scale=1.25)
        outer.addWidget(self.title)
        form = QFormLayout()
        self.path = QLineEdit()
        self.browse = QPushButton()
        self.path_label = QLabel()
        self.path_label.setBuddy(self.path)
        form.addRow(self.path_label, field_row(self.path, self.browse))
        self.owner = QLineEdit()
        self.owner_label = QLabel()
        self.owner_label.setBuddy(self.owner)
        form.addRow(self.owner_label, self.owner)
        add_passphrase_rows(self, form)
        outer.addLayout(form)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(WARNING_BOX)
        outer.addWidget(self.warning)
        self.message = message_label()
        outer.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        outer.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.setWindowTitle(_("Nuevo expediente"))
        self.title.setText(_("Crear un expediente cifrado"))
        self.path_label.setText(_("&Archivo:"))
        self.browse.setText(_("&Examinar…"))
        self.owner_label.setText(_("&Titular (director/a):"))
        translate_rows(self)
        self.warning.setText(_(
            "Importante: si olvida la frase de contraseña, nadie puede recuperar el expediente, "
            "tampoco el equipo de npmdesk. Anótela y guárdela en un lugar seguro. "
            "Use al menos {minimum} caracteres; una frase de varias palabras sin relación entre sí "
            "es más fácil de recordar y más difícil de adivinar.").format(minimum=MIN_PASSPHRASE_CHARS))
        self.ok.setText(_("C&rear expediente"))
        self.cancel.setText(_("Cancelar"))
        for widget, name in ((self.path, _("Archivo del expediente")),
                             (self.browse, _("Examinar")),
                             (self.owner, _("Titular (director/a)")),
                             (self.passphrase, _("Frase de contraseña")),
                             (self.suggest, _("Sugerir una frase de contraseña")),
                             (self.repeat, _("Repetir la frase de contraseña")),
                             (self.meter, _("Solidez de la frase de contraseña")),
                             (self.warning, _("Advertencia")),
                             (self.message, _("Mensaje")),
                             (self.ok, _("Crear expediente")), (self.cancel, _("Cancelar"))):
            named(widget, name)


class NewCaseController(QObject):
    """Checks the answers as they are typed and keeps the strength meter current."""

    sig_accepted = Signal(object)
    """Fires with the NewCaseAnswer when the person confirms valid answers."""

    def __init__(self, view: NewCaseView, folder: Path | None = None):
        super().__init__(view)
        self.view = view
        self.answer: NewCaseAnswer | None = None
        if folder is not None:
            view.path.setText(str(folder / (_("expediente") + CASE_FILE_SUFFIX)))
        view.owner.setText("")
        view.browse.clicked.connect(self._browse)
        view.passphrase.textChanged.connect(self._update_meter)
        view.owner.textChanged.connect(lambda _t: self._update_meter(view.passphrase.text()))
        view.passphrase.textChanged.connect(lambda _t: self._clear())
        view.suggest.clicked.connect(lambda: fill_suggestion(view))
        view.repeat.textChanged.connect(lambda _t: self._clear())
        view.ok.clicked.connect(self._accept)
        view.cancel.clicked.connect(view.reject)
        self._update_meter("")

    def _clear(self) -> None:
        show_message(self.view.message, "")

    def _browse(self) -> None:
        chosen, _filter = file_dialogs.get_save_file_name(self.view, _("Nuevo expediente"),
                                                      self.view.path.text(), case_filter())
        if chosen:
            self.view.path.setText(chosen)

    def _update_meter(self, text: str) -> None:
        show_strength(self.view.meter, text, [self.view.owner.text()])

    def problem(self) -> str:
        """The first reason the answers cannot be used, as a sentence; '' when they can."""
        raw_path = self.view.path.text().strip()
        if not raw_path:
            return _("Indique dónde guardar el expediente.")
        path = Path(raw_path).expanduser()
        if path.suffix != CASE_FILE_SUFFIX:
            path = path.with_name(path.name + CASE_FILE_SUFFIX)
        if path.exists():
            return _("Ya existe un archivo en «{name}». Elija otro nombre.").format(name=path.name)
        if not path.parent.is_dir():
            return _("La carpeta «{folder}» no existe.").format(folder=str(path.parent))
        if not self.view.owner.text().strip():
            return _("Escriba el nombre de la persona titular del expediente.")
        return passphrase_problem(self.view.passphrase.text(), self.view.repeat.text(),
                                  [self.view.owner.text()])

    def _accept(self) -> None:
        problem = self.problem()
        if problem:
            show_message(self.view.message, problem)
            self.view.adjustSize()  # a long sentence must not squeeze the fields above it
            return
        path = Path(self.view.path.text().strip()).expanduser()
        if path.suffix != CASE_FILE_SUFFIX:
            path = path.with_name(path.name + CASE_FILE_SUFFIX)
        self.answer = NewCaseAnswer(path.resolve(), self.view.owner.text().strip(),
                                    self.view.passphrase.text())
        self.sig_accepted.emit(self.answer)
        self.view.accept()


class NewCaseDialog:
    """Asks for a new case file's path, owner and passphrase."""

    @classmethod
    def build(cls, parent=None, folder: Path | None = None) -> tuple[NewCaseView, NewCaseController]:
        view = NewCaseView(parent)
        return view, NewCaseController(view, folder)

    @classmethod
    def ask(cls, parent=None, folder: Path | None = None) -> NewCaseAnswer | None:
        view, controller = cls.build(parent, folder)
        view.exec()
        answer = controller.answer
        view.deleteLater()
        return answer
