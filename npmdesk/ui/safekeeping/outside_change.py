"""When another program replaced or rewrote the open case file: say so, offer to save the
session as a copy beside the file (services/safekeeping/file_safety.py). Also the conflict copies a sync
client left beside the file, named when the case file opens."""

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from npmdesk.errors import CaseFileChangedOutside, CaseFileReplaced
from npmdesk.i18n import _, ngettext
from npmdesk.services.safekeeping import file_safety
from npmdesk.ui.common.ops import run_op, show_error

OUTSIDE_CHANGES = (CaseFileReplaced, CaseFileChangedOutside)


class SessionCopyQuestion:
    """The message naming the outside change, with a button that saves the session's copy."""

    @classmethod
    def ask(cls, parent, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, _("npmdesk"), text, parent=parent)
        save = box.addButton(_("&Guardar una copia de esta sesión"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Ahora &no"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.exec()
        return box.clickedButton() is save

    @classmethod
    def tell_saved(cls, parent, text: str) -> None:
        QMessageBox.information(parent, _("npmdesk"), text)


class OutsideChangeOffer(QObject):
    """Listens to the context's `sig_outside_change` and makes the offer once per session."""

    def __init__(self, ctx, window):
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.offered = False
        ctx.sig_outside_change.connect(self.offer)

    def offer(self, exc) -> None:
        if self.offered:
            return
        self.offered = True
        if SessionCopyQuestion.ask(self.window, exc.message()):
            self.save_copy()

    def save_copy(self) -> None:
        session = self.ctx.session
        run_op(self.window, lambda: file_safety.save_session_copy(session),
               on_done=self._saved, on_error=lambda exc: show_error(self.window, exc))

    def _saved(self, path) -> None:
        text = _("El trabajo de esta sesión se guardó en «{path}». Cierre el expediente y ábralo "
                 "de nuevo (o abra la copia) para seguir trabajando.").format(path=str(path))
        self.window.statusBar().showMessage(text, 60000)
        SessionCopyQuestion.tell_saved(self.window, text)


def conflict_notice(path) -> str:
    """A sentence naming the sync conflict copies beside the case file ('' when none)."""
    copies = file_safety.conflict_copies(path)
    if not copies:
        return ""
    return ngettext(
        "Junto al expediente hay {count} copia en conflicto de una carpeta sincronizada («{name}»): "
        "puede contener cambios hechos en otro equipo; ábrala para compararla.",
        "Junto al expediente hay {count} copias en conflicto de una carpeta sincronizada (la más "
        "reciente: «{name}»): pueden contener cambios hechos en otro equipo; ábralas para compararlas.",
        len(copies)).format(count=len(copies), name=copies[0].name)
