"""Recuperar con el código institucional…: one dialog from an escrow copy to a new, open case file.

The person chooses the escrow file, types the recovery code (checked letter by letter as it
is typed and shown in its printed spelling) and the director's code from the recovery sheet
(unless this computer has the institution's root pinned), chooses where the NEW case file goes and its
new passphrase (twice, with the strength meter of the new-case dialog). The restore runs
through the op helper with a progress bar; a wrong code, a damaged escrow or an existing
target gives a sentence in the dialog and nothing is written.
"""

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QProgressBar, QPushButton, QVBoxLayout)

from npmdesk import CASE_FILE_SUFFIX
from npmdesk.errors import PackageRefused
from npmdesk.i18n import _
from npmdesk.services.safekeeping import recovery
from npmdesk.services.team import trust
from npmdesk.ui.common.colours import tone_style
from npmdesk.ui.safekeeping.passphrase import (add_passphrase_rows, fill_suggestion, passphrase_problem,
                                               show_strength, translate_rows)
from npmdesk.ui.shell.new_case import case_filter
from npmdesk.ui.common.ops import error_text, run_op
from npmdesk.ui.shell.widgets import field_row, heading, message_label, named, show_message
from npmdesk.ui.common import file_dialogs

ESCROW_FILTER = "*.npmpaq"


class RecoverView(QDialog):
    """Layout only: escrow file, code with its check line, new case file, passphrase twice, meter."""

    def __init__(self, parent=None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        self.title = heading(scale=1.25)
        outer.addWidget(self.title)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        outer.addWidget(self.intro)
        form = QFormLayout()
        self.escrow = QLineEdit()
        self.escrow_browse = QPushButton()
        self.escrow_label = QLabel()
        self.escrow_label.setBuddy(self.escrow)
        form.addRow(self.escrow_label, field_row(self.escrow, self.escrow_browse))
        self.escrow_status = QLabel()
        self.escrow_status.setWordWrap(True)
        form.addRow("", self.escrow_status)
        self.code = QLineEdit()
        self.code.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.code_label = QLabel()
        self.code_label.setBuddy(self.code)
        form.addRow(self.code_label, self.code)
        self.code_reading = QLabel()
        self.code_reading.setFont(self.code.font())
        form.addRow("", self.code_reading)
        self.code_status = QLabel()
        form.addRow("", self.code_status)
        self.director = QLineEdit()
        self.director.setFont(self.code.font())
        self.director_label = QLabel()
        self.director_label.setBuddy(self.director)
        form.addRow(self.director_label, self.director)
        self.target = QLineEdit()
        self.target_browse = QPushButton()
        self.target_label = QLabel()
        self.target_label.setBuddy(self.target)
        form.addRow(self.target_label, field_row(self.target, self.target_browse))
        add_passphrase_rows(self, form)
        outer.addLayout(form)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.hide()
        outer.addWidget(self.busy)
        self.message = message_label()
        outer.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        outer.addWidget(self.buttons)
        self.setMinimumWidth(760)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.setWindowTitle(_("Recuperar con el código institucional"))
        self.title.setText(_("Recuperar un expediente con el código institucional"))
        self.intro.setText(_(
            "Use una copia de recuperación (archivo .npmpaq que se crea con cada copia de seguridad "
            "cuando la institución fijó su clave) y el código de recuperación guardado en la caja "
            "fuerte. Se crea un expediente NUEVO con una frase de contraseña nueva; no se modifica "
            "ningún otro archivo."))
        self.escrow_label.setText(_("&Copia de recuperación:"))
        self.escrow_browse.setText(_("&Examinar…"))
        self.code_label.setText(_("Có&digo de recuperación:"))
        self.code.setPlaceholderText(_("Grupos de cuatro letras, tal como está impreso"))
        self.director_label.setText(_("Código de la &dirección:"))
        self.director.setPlaceholderText(_("Doce grupos de cinco cifras, de la hoja de recuperación"))
        self.target_label.setText(_("&Nuevo expediente:"))
        self.target_browse.setText(_("E&legir…"))
        translate_rows(self)
        self.passphrase_label.setText(_("&Frase de contraseña nueva:"))
        self.ok.setText(_("Rec&uperar"))
        self.cancel.setText(_("Cancelar"))
        for widget, name in ((self.escrow, _("Copia de recuperación")),
                             (self.escrow_browse, _("Examinar la copia de recuperación")),
                             (self.escrow_status, _("Estado de la copia")),
                             (self.code, _("Código de recuperación")),
                             (self.code_reading, _("Lectura del código")),
                             (self.code_status, _("Comprobación del código")),
                             (self.director, _("Código de la dirección")),
                             (self.target, _("Nuevo expediente")),
                             (self.target_browse, _("Elegir dónde guardar el nuevo expediente")),
                             (self.passphrase, _("Frase de contraseña nueva")),
                             (self.repeat, _("Repetir la frase de contraseña")),
                             (self.meter, _("Solidez de la frase de contraseña")),
                             (self.busy, _("Recuperando")), (self.message, _("Mensaje")),
                             (self.ok, _("Recuperar")), (self.cancel, _("Cancelar"))):
            named(widget, name)


class RecoverController(QObject):
    """Checks the answers as they are typed, then runs the restore off the GUI thread."""

    sig_recovered = Signal(object)
    """Fires with the Session of the new case file once it has been written."""

    def __init__(self, view: RecoverView, folder: Path | None = None):
        super().__init__(view)
        self.view = view
        self.session = None
        if folder is not None:
            view.target.setText(str(folder / (_("expediente-recuperado") + CASE_FILE_SUFFIX)))
        view.escrow_browse.clicked.connect(self._browse_escrow)
        view.target_browse.clicked.connect(self._browse_target)
        view.escrow.textChanged.connect(lambda _t: self._update())
        view.code.textChanged.connect(lambda _t: self._update())
        view.director.textChanged.connect(lambda _t: self._update())
        view.target.textChanged.connect(lambda _t: self._update())
        view.passphrase.textChanged.connect(lambda text: show_strength(view.meter, text))
        view.suggest.clicked.connect(lambda: fill_suggestion(view))
        view.passphrase.textChanged.connect(lambda _t: self._update())
        view.repeat.textChanged.connect(lambda _t: self._update())
        view.ok.clicked.connect(self._accept)
        view.cancel.clicked.connect(view.reject)
        show_strength(view.meter, "")
        self._update()

    # -- checks as typed --------------------------------------------------------------

    def escrow_problem(self) -> str:
        raw = self.view.escrow.text().strip()
        if not raw:
            return _("Elija el archivo de la copia de recuperación.")
        path = Path(raw).expanduser()
        if not path.is_file():
            return _("No se encuentra el archivo «{name}».").format(name=path.name)
        try:
            header = recovery.escrow_header(path)
        except PackageRefused as exc:
            return _("Este archivo no sirve: {reason}.").format(reason=exc.fields.get("reason", ""))
        except OSError:
            return _("No se puede leer el archivo «{name}».").format(name=path.name)
        if header is None:
            return _("El archivo está incompleto (¿todavía se está copiando?).")
        if not recovery.is_escrow(header):
            return _("Este archivo es un paquete de npmdesk, pero no una copia para la clave de "
                     "recuperación institucional.")
        return ""

    def target_path(self) -> Path | None:
        raw = self.view.target.text().strip()
        if not raw:
            return None
        path = Path(raw).expanduser()
        return path if path.suffix == CASE_FILE_SUFFIX else path.with_name(path.name + CASE_FILE_SUFFIX)

    def problem(self) -> str:
        """The first reason the answers cannot be used, as a sentence; '' when they can."""
        escrow = self.escrow_problem()
        if escrow:
            return escrow
        code = recovery.code_problem(self.view.code.text())
        if code:
            return code
        director = self.view.director.text().strip()
        if director and not trust.formatted(director):
            return _("El código de la dirección tiene doce grupos de cinco cifras.")
        if not director and not trust.machine_codes():
            return _("Escriba el código de la dirección que figura en la hoja de recuperación: con él se "
                     "comprueba que la copia es de su institución.")
        path = self.target_path()
        if path is None:
            return _("Indique dónde guardar el nuevo expediente.")
        if path.exists():
            return _("Ya existe un archivo en «{name}». Elija otro nombre.").format(name=path.name)
        if not path.parent.is_dir():
            return _("La carpeta «{folder}» no existe.").format(folder=str(path.parent))
        return passphrase_problem(self.view.passphrase.text(), self.view.repeat.text())

    def _update(self) -> None:
        v = self.view
        escrow = self.escrow_problem() if v.escrow.text().strip() else ""
        v.escrow_status.setText(escrow or (_("Copia de recuperación reconocida.") if v.escrow.text().strip() else ""))
        v.escrow_status.setStyleSheet(tone_style("error" if escrow else "success"))
        typed = v.code.text()
        if typed.strip():
            code = recovery.code_problem(typed)
            spelled = recovery.canonical_code(typed)
            v.code_reading.setText(_("Se lee: {code}").format(code=spelled))
            v.code_status.setText(code or _("El código está bien escrito."))
            v.code_status.setStyleSheet(tone_style("error" if code else "success"))
        else:
            v.code_reading.setText("")
            v.code_status.setText("")
        show_message(v.message, "")

    def _browse_escrow(self) -> None:
        chosen, _filter = file_dialogs.get_open_file_name(
            self.view, _("Copia de recuperación"), self.view.escrow.text(),
            _("Copias de recuperación (*.npmpaq);;Todos (*)"))
        if chosen:
            self.view.escrow.setText(chosen)

    def _browse_target(self) -> None:
        chosen, _filter = file_dialogs.get_save_file_name(self.view, _("Nuevo expediente"),
                                                      self.view.target.text(), case_filter())
        if chosen:
            self.view.target.setText(chosen)

    # -- the restore --------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        v = self.view
        v.busy.setVisible(busy)
        for widget in (v.escrow, v.escrow_browse, v.code, v.director, v.target, v.target_browse, v.passphrase,
                       v.repeat, v.ok, v.cancel):
            widget.setEnabled(not busy)

    def _accept(self) -> None:
        problem = self.problem()
        if problem:
            show_message(self.view.message, problem)
            self.view.adjustSize()
            return
        escrow = Path(self.view.escrow.text().strip()).expanduser()
        code, target = self.view.code.text(), self.target_path().resolve()
        passphrase = self.view.passphrase.text()
        director = self.view.director.text().strip() or None
        self._set_busy(True)
        show_message(self.view.message, _("Recuperando el expediente; puede tardar unos minutos…"), error=False)
        run_op(self.view, lambda: recovery.restore(escrow, code, target, passphrase, director),
               on_done=self._done, on_error=self._failed)

    def _done(self, session) -> None:
        self.session = session
        self._set_busy(False)
        self.sig_recovered.emit(session)
        self.view.accept()

    def _failed(self, exc) -> None:
        self._set_busy(False)
        if isinstance(exc, PackageRefused):
            text = _("No se puede recuperar el expediente con esta copia y este código: {reason}. "
                     "No se ha escrito nada.").format(reason=exc.fields.get("reason", ""))
        else:
            text = error_text(exc)
        show_message(self.view.message, text)


class RecoverDialog:
    """Asks for everything and restores; `ask` returns the new case file's Session, or None."""

    @classmethod
    def build(cls, parent=None, folder: Path | None = None) -> tuple[RecoverView, RecoverController]:
        view = RecoverView(parent)
        return view, RecoverController(view, folder)

    @classmethod
    def ask(cls, parent=None, folder: Path | None = None):
        view, controller = cls.build(parent, folder)
        view.exec()
        session = controller.session
        view.deleteLater()
        return session
