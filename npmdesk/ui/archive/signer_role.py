"""Herramientas → Cargo de quien firma los informes…: how the Director's role is written under
the signature line of every report's closing block and every letter to an authority
(services/archive/closing.signer_role), e.g. «Directora Nacional del Mecanismo Nacional de
Prevención de la Tortura». Kept in the case file; only the director or an administrator may
change it (the service refuses anyone else, and the dialog shows its sentence).
"""

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout

from npmdesk.i18n import _
from npmdesk.services.archive import closing
from npmdesk.ui.common.ops import error_text
from npmdesk.ui.shell.widgets import heading, message_label, named, show_message


class SignerRoleDialog(QDialog):
    """Layout and behaviour in one: a single field, loaded and saved through the context's op helper."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Cargo de quien firma los informes"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Cargo de quien firma los informes"), scale=1.2))
        intro = QLabel(_("Así se escribe el cargo bajo el nombre de la directora o el director, en el bloque de "
                         "cierre de cada informe exportado y en los oficios a las autoridades. Déjelo vacío para "
                         "volver al texto de siempre («Director/a del Mecanismo Nacional de Prevención de la "
                         "Tortura»)."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.role = named(QLineEdit(), _("Cargo"))
        self.role.setMaxLength(closing.MAX_ROLE)
        self.role.setPlaceholderText(_("p. ej., Directora Nacional del Mecanismo Nacional de Prevención de la "
                                       "Tortura"))
        layout.addWidget(self.role)
        self.message = named(message_label(), _("Mensaje"))
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        self.save = named(buttons.button(QDialogButtonBox.StandardButton.Save), _("Guardar"))
        self.save.setText(_("&Guardar"))
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Cerrar"))
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self.save.setEnabled(False)
        self.ctx.run(self, closing.signer_role, on_done=self._loaded,
                     on_error=lambda exc: show_message(self.message, error_text(exc)))

    def _loaded(self, role: str) -> None:
        self.role.setText(role)
        self.save.setEnabled(True)
        self.adjustSize()  # the wrapped introduction's height, now that the width is known

    def _save(self) -> None:
        text = self.role.text()

        def done(role: str) -> None:
            self.role.setText(role)
            show_message(self.message, _("Guardado. Los informes y oficios que se exporten desde ahora dirán: "
                                         "«{role}».").format(role=role), error=False)
            self.adjustSize()

        self.ctx.run(self, lambda session: closing.set_signer_role(session, text), on_done=done,
                     on_error=lambda exc: show_message(self.message, error_text(exc)))
