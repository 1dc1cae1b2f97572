"""Herramientas → Clave de recuperación institucional…: the director sets the institution's
recovery public key in this case file, either the one the institution already uses for all its
case files or a new one generated here, whose code is shown once to be written on paper and
typed back before it counts. The code is never stored, logged or put on the clipboard.
"""

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout)

from npmdesk.errors import NpmdeskError
from npmdesk.i18n import _
from npmdesk.services.safekeeping import recovery
from npmdesk.services.team import roster
from npmdesk.ui.common.colours import tint_style
from npmdesk.ui.common.ops import error_text
from npmdesk.ui.shell.widgets import heading, message_label, named, resize_to_text, show_message


def _fixed(widget):
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(font.pointSizeF() * 1.25)
    widget.setFont(font)
    return widget


class RecoveryKeyDialog(QDialog):
    """The current key, a field for a known public key, and the generate-then-confirm flow."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.generated: tuple[str, str] | None = None   # (code, public) until confirmed or closed
        self.setWindowTitle(_("Clave de recuperación institucional"))
        self.setMinimumWidth(700)
        self.title = heading(_("Clave de recuperación institucional"), scale=1.2)
        self.intro = QLabel(_(
            "Con esta clave, cada copia de seguridad del expediente se cifra también para la "
            "institución: si se olvida la frase de contraseña o se pierde la computadora, la dirección "
            "recupera el expediente con el código impreso que guarda en la caja fuerte. Use la misma "
            "clave en todos los expedientes de la institución."))
        self.intro.setWordWrap(True)
        self.current = QLabel()
        self.current.setWordWrap(True)
        self.current.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        known = QGroupBox(_("Clave pública que la institución ya usa"))
        self.public = named(_fixed(QLineEdit()), _("Clave pública de recuperación de la institución"))
        # TRANSLATORS: where the person finds the key: this same window, in a case file already set.
        self.public.setPlaceholderText(_("Pegue la clave que muestra esta misma ventana en otro expediente "
                                         "de la institución"))
        self.set_button = named(QPushButton(_("&Fijar esta clave")), _("Fijar esta clave de recuperación"))
        row = QHBoxLayout(known)
        row.addWidget(self.public, 1)
        row.addWidget(self.set_button)

        fresh = QGroupBox(_("Primera vez: generar un código nuevo"))
        self.generate_button = named(QPushButton(_("&Generar un código nuevo…")),
                                     _("Generar un código de recuperación nuevo"))
        self.code_intro = QLabel(_(
            "Copie este código a mano en papel, ahora: no se volverá a mostrar y npmdesk no lo guarda. "
            "Guárdelo en la caja fuerte de la institución. Después escríbalo debajo para confirmar."))
        self.code_intro.setWordWrap(True)
        self.code = named(_fixed(QLabel()), _("Código de recuperación para copiar en papel"))
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)  # not to the clipboard
        self.code.setStyleSheet(tint_style("#fff7e0", "#d9b44a"))
        self.typed = named(_fixed(QLineEdit()), _("Código de recuperación copiado, para confirmar"))
        self.typed.setPlaceholderText(_("Escriba aquí el código tal como lo copió"))
        self.confirm_button = named(QPushButton(_("&Confirmar y fijar")), _("Confirmar el código y fijar la clave"))
        fresh_layout = QVBoxLayout(fresh)
        fresh_layout.addWidget(self.generate_button, 0, Qt.AlignmentFlag.AlignLeft)
        for widget in (self.code_intro, self.code):
            fresh_layout.addWidget(widget)
        confirm_row = QHBoxLayout()
        confirm_row.addWidget(self.typed, 1)
        confirm_row.addWidget(self.confirm_button)
        fresh_layout.addLayout(confirm_row)

        self.message = message_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Cerrar"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.intro, self.current, known, fresh, self.message, buttons):
            layout.addWidget(widget)

        self.set_button.clicked.connect(self.set_known)
        self.public.returnPressed.connect(self.set_known)
        self.generate_button.clicked.connect(self.generate)
        self.confirm_button.clicked.connect(self.confirm)
        self.typed.returnPressed.connect(self.confirm)
        self._show_fresh(False)
        self.refresh()

    def _show_fresh(self, shown: bool) -> None:
        for widget in (self.code_intro, self.code, self.typed, self.confirm_button):
            widget.setVisible(shown)
        self.adjustSize()

    def refresh(self) -> None:
        self.ctx.run(self, lambda s: (recovery.recovery_key(s), roster.root_code(s)), on_done=self._show_current)

    def _show_current(self, found: tuple[str, str]) -> None:
        public, root = found
        if public:
            text = _("Este expediente tiene clave de recuperación institucional: {key}").format(key=public)
        else:
            text = _("Este expediente todavía no tiene clave de recuperación institucional: "
                     "una frase de contraseña olvidada no tendría remedio.")
        if root:  # the recovery sheet carries it: a restore checks the copy against it
            text += "\n\n" + _("Anote en la hoja de recuperación también el código de la dirección, que se pide "
                                "al recuperar: {code}").format(code=root)
        self.current.setText(text)
        resize_to_text(self, self.width(), self.height())  # the text came after the dialog took its size

    def _apply(self, public: str, done_text: str) -> None:
        def done(_result):
            self.generated = None
            self.code.clear()
            self.typed.clear()
            self._show_fresh(False)
            show_message(self.message, done_text, error=False)
            self.refresh()

        self.ctx.run(self, lambda s: recovery.set_recovery_key(s, public), on_done=done,
                     on_error=lambda exc: show_message(self.message, error_text(exc)))

    def set_known(self) -> None:
        self._apply(self.public.text(), _("Clave de recuperación institucional fijada."))

    def generate(self) -> None:
        self.generated = recovery.new_recovery_key()
        self.code.setText(self.generated[0])
        self.typed.clear()
        self._show_fresh(True)
        self.typed.setFocus()
        show_message(self.message, "")

    def confirm(self) -> None:
        if self.generated is None:
            return
        code, public = self.generated
        problem = recovery.code_problem(self.typed.text())
        if not problem:
            try:
                same = recovery.read_code(self.typed.text()) == recovery.read_code(code)
            except NpmdeskError:
                same = False
            if not same:
                problem = _("El código escrito no es el que se muestra; revíselo letra por letra.")
        if problem:
            show_message(self.message, problem)
            return
        self._apply(public, _("Clave fijada. Desde ahora cada copia de seguridad se cifra también para la "
                              "institución. Anote esta clave pública para los demás expedientes: {key}")
                    .format(key=public))

    def done(self, result: int) -> None:
        self.generated = None   # the code leaves memory with the dialog
        self.code.clear()
        super().done(result)
