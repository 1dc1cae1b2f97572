"""What the Word import and the archive migration dialogs share: their last step writes into the
case file in one transaction, during which neither «Importar» nor «Cancelar» can be used (the
transaction ends whole; closing the dialog would only hide how it ended)."""

from PySide6.QtWidgets import QDialog, QDialogButtonBox

from npmdesk.ui.records.base import on_live


class WritingDialog(QDialog):
    """Subclasses set `ctx`, `ok`, `buttons` and `running = False`, and define `_failed(exc)`."""

    def write(self, work) -> None:
        """Run `work(session)` through the operation helper; its result ends up in `result`."""
        self._running(True)
        self.ctx.run(self, work, on_done=on_live(self, self._written), changed=("report", ""),
                     on_error=on_live(self, self._write_failed))

    def _running(self, running: bool) -> None:
        self.running = running
        self.ok.setEnabled(not running)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(not running)

    def reject(self) -> None:
        if not self.running:
            super().reject()

    def _written(self, result) -> None:
        self._running(False)
        self.result = result
        self.accept()

    def _write_failed(self, exc) -> None:
        self._running(False)
        self._failed(exc)
