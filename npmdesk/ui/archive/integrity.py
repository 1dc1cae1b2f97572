"""Herramientas → Verificar integridad del expediente…: the check `npmdesk check` runs, off the
GUI thread, with its steps as progress, a Cancel button and the result in sentences.

The work is `services.checks.check` and `services.anchor.status`, exactly what the command
line prints; this dialog only shows it.
"""

import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QProgressBar,
                               QVBoxLayout)
from shiboken6 import isValid

from npmdesk.i18n import N_, _
from npmdesk.services.archive import anchor
from npmdesk.services.archive import integrity as checks
from npmdesk.ui.common.ops import error_text
from npmdesk.ui.shell.widgets import heading, named, show_message

STEP_TEXTS = (N_("Comprobando las páginas cifradas y la estructura del archivo…"),
              N_("Comprobando la cadena de la bitácora…"),
              N_("Comprobando las firmas frente a la nómina y el contenido actual…"))


class _Progress(QObject):
    sig_progress = Signal(int, int)
    """Fires (from the worker thread, delivered queued) with (steps done, steps in all)."""


def run_check(session, progress=None, cancel=None):
    """What `npmdesk check` reports: (the CheckResult, the bitácora's anchor status)."""
    return checks.check(session, progress=progress, cancel=cancel), anchor.status(session)


class IntegrityView(QDialog):
    """Layout only; `IntegrityDialog` gives it behaviour."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMinimumSize(640, 420)
        self.title = heading(scale=1.2)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.step = QLabel()
        self.step.setWordWrap(True)
        self.progress = QProgressBar()
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        self.verdict.hide()
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.hide()
        self.buttons = QDialogButtonBox()
        self.again_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.intro, self.step, self.progress, self.verdict):
            layout.addWidget(widget)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.buttons)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.setWindowTitle(_("Verificar integridad del expediente"))
        self.title.setText(_("Verificar integridad del expediente"))
        self.intro.setText(_("Se comprueban las páginas cifradas del archivo, la cadena de la bitácora y cada "
                             "firma frente a la nómina y el texto actual. La comprobación no modifica nada."))
        self.again_button.setText(_("&Comprobar de nuevo"))
        for widget, name in ((self.progress, _("Progreso de la comprobación")),
                             (self.verdict, _("Resultado de la comprobación")),
                             (self.details, _("Detalle de la comprobación"))):
            named(widget, name)


class IntegrityDialog(IntegrityView):
    """Runs the check as soon as it is created; `sig_finished` gives the CheckResult."""

    sig_finished = Signal(object)
    """Fires with the CheckResult when a check completed (not when it failed or was cancelled)."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.running = False
        self.result: checks.CheckResult | None = None
        self.cancel_event = threading.Event()
        self.relay = _Progress(self)
        self.relay.sig_progress.connect(self._progress)
        self.again_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self._close_or_cancel)
        self.start()

    def start(self) -> None:
        if self.running:
            return
        self.running, self.result = True, None
        self.cancel_event.clear()
        self.verdict.hide()
        self.details.hide()
        self.details.clear()
        self.progress.setRange(0, checks.STEPS)
        self.progress.setValue(0)
        self.progress.show()
        self.step.setText(_(STEP_TEXTS[0]))
        self._sync()
        emit, cancelled = self.relay.sig_progress.emit, self.cancel_event.is_set
        self.ctx.run(self, lambda s: run_check(s, progress=emit, cancel=cancelled),
                     on_done=self._live(self._done), on_error=self._live(self._failed))

    def _live(self, callback):
        def call(arg):
            if isValid(self):
                callback(arg)
        return call

    def _sync(self) -> None:
        self.again_button.setEnabled(not self.running)
        self.close_button.setText(_("Cancelar") if self.running else _("Cerrar"))

    def _progress(self, done: int, total: int) -> None:
        if not isValid(self) or not self.running:
            return
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        if done < len(STEP_TEXTS):
            self.step.setText(_(STEP_TEXTS[done]))

    def _done(self, outcome) -> None:
        result, status = outcome
        self.running, self.result = False, result
        self.progress.setValue(self.progress.maximum())
        self.step.setText(_("Comprobación terminada."))
        if result.ok:
            show_message(self.verdict, _("El expediente está íntegro: todo lo comprobado es válido."), error=False)
        else:
            show_message(self.verdict, _("Se encontraron problemas en el expediente. Cada uno se describe "
                                         "abajo; no siga trabajando en él hasta aclararlos."))
        self.details.setPlainText("\n".join(result.lines() + status.lines()))
        self.details.show()
        self._sync()
        self.sig_finished.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.progress.hide()
        self.step.setText("")
        cancelled = isinstance(exc, checks.CheckCancelled)
        show_message(self.verdict, error_text(exc), error=not cancelled)
        self._sync()

    def _close_or_cancel(self) -> None:
        if self.running:
            self.cancel_event.set()
            self.step.setText(_("Cancelando…"))
            return
        self.reject()

    def reject(self) -> None:
        if self.running:  # the check must report back first; Escape asks it to stop
            self.cancel_event.set()
            return
        super().reject()
