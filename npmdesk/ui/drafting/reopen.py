"""An approved or sent section is read-only in the editor until someone chooses «Reabrir» and
confirms, in a dialog naming the approval (or submission) that will be voided.

Typing into it offers the same confirmation instead of silently voiding an approval; the
service refuses the edit as well (services/records.SectionProtected), so this is not the
only guard.
"""

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox

from npmdesk.errors import NpmdeskError
from npmdesk.i18n import _
from npmdesk.services.records import edit as records
from npmdesk.services.review import actions as review
from npmdesk.ui.records.base import on_live, short
from npmdesk.ui.common.ops import show_error


def when(signed_at: str) -> str:
    """A statement's own time (UTC, as signed), to the minute."""
    return _("{time} UTC").format(time=signed_at.replace("T", " ")[:16]) if signed_at else "?"


class ReopenDialog(QMessageBox):
    """Asks before a protected section is reopened; the answer is True or None."""

    def __init__(self, parent, what: review.Reopening):
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(_("Reabrir la sección"))
        self.setText(_("¿Reabrir «{title}» para editarla?").format(title=short(what.section.title)))
        if what.decision == "aprobar":
            detail = _("Se anulará la aprobación de {name} del {date}.").format(
                name=what.name, date=when(what.signed_at))
            if what.report_too:
                detail += " " + _("También se anulará la aprobación del informe.")
        else:
            detail = _("Se retirará el envío a revisión de {name} del {date}; habrá que enviarla de nuevo.") \
                .format(name=what.name, date=when(what.signed_at))
        self.setInformativeText(detail + " " + _("La anulación quedará registrada en la bitácora."))
        self.yes_button = self.addButton(_("Reabrir"), QMessageBox.ButtonRole.DestructiveRole)
        self.no_button = self.addButton(_("Cancelar"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.no_button)
        self.setEscapeButton(self.no_button)

    @classmethod
    def ask(cls, parent, what: review.Reopening) -> bool | None:
        dialog = cls(parent, what)
        dialog.exec()
        return True if dialog.clickedButton() is dialog.yes_button else None


class ReopenGuard(QObject):
    """Keeps the editor read-only while the section is approved or sent, and reopens it on request."""

    sig_reopened = Signal(object)
    """Fires after the section was reopened: the section, now in borrador."""

    def __init__(self, ctx, view, section_id: str):
        super().__init__(view)
        self.ctx, self.view, self.section_id = ctx, view, section_id
        self.protected = False
        self.asking = False
        view.edit.installEventFilter(self)
        view.reopen_button.clicked.connect(self.offer)

    def set_state(self, state: str) -> None:
        self.protected = state in records.PROTECTED
        self.view.edit.setReadOnly(self.protected)
        self.view.toolbar.setEnabled(not self.protected)
        self.view.reopen_button.setVisible(self.protected)

    def eventFilter(self, watched, event) -> bool:
        if self.protected and event.type() == QEvent.Type.KeyPress and event.text().isprintable() \
                and event.text() and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            QTimer.singleShot(0, self.offer)  # not from inside the key event
            return True
        return False

    def offer(self) -> None:
        """Say what reopening would void and ask; reopen only on «Reabrir»."""
        if not self.protected or self.asking:
            return
        self.asking = True
        self.ctx.run(self.view, lambda s: review.reopening(s, self.section_id),
                     on_done=on_live(self.view, self._ask), on_error=on_live(self.view, self._failed))

    def _ask(self, what: review.Reopening) -> None:
        if not ReopenDialog.ask(self.view, what):
            self.asking = False
            self.view.show_notice(_("La sección sigue protegida: no se cambió nada."))
            return
        self.ctx.run(self.view, lambda s: review.reopen_section(s, self.section_id),
                     on_done=on_live(self.view, self._reopened),
                     changed=("section", self.section_id), on_error=on_live(self.view, self._failed))

    def _reopened(self, section) -> None:
        self.asking = False
        self.set_state(section.state)
        self.view.show_notice(_("Sección reabierta; la anulación quedó registrada en la bitácora."))
        self.sig_reopened.emit(section)

    def _failed(self, exc) -> None:
        self.asking = False
        if isinstance(exc, NpmdeskError):
            self.view.show_error(exc.message())
        else:
            show_error(self.view, exc)
