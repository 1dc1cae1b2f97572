"""The check of every page's HMAC left for after the unlock of a large case file.

`CaseFile.open(defer_page_check=True)` skips it above a size threshold so the window opens at
once; `PageCheck` runs `CaseFile.failed_pages()` aside (its own read-only connection, on
`ops.aside_pool()`), shows a discreet status-bar note meanwhile and, if pages are damaged, a
banner in the main window offering to close the case file and restore the newest backup.
Locking or closing the case file drops it (`cancel`): SQLCipher's check cannot be cut short,
so the running call ends on its own and its result is ignored.
"""

import logging

from PySide6.QtCore import QObject, Signal

from npmdesk.i18n import _, ngettext
from npmdesk.ui.common import ops
from npmdesk.ui.shell.widgets import show_message

log = logging.getLogger(__name__)


class PageCheck(QObject):
    """One background page check for the case file shown in `window` (a MainWindow)."""

    sig_finished = Signal(object)
    """Fires with the failing pages (an empty list when every page is sound)."""

    def __init__(self, case, window, parent=None):
        super().__init__(parent)
        self.case = case
        self.window = window
        self.cancelled = False
        self.running = False
        self.failed: list[str] | None = None
        """The failing pages once the check has finished (empty when sound)."""

    def start(self) -> None:
        self.running = True
        self.window.page_check_note.show()
        ops.run_op(self.window, self.case.failed_pages, on_done=self._done,
                   on_error=self._failed, aside=True)

    def cancel(self) -> None:
        """Forget the check: the window is going away (lock or close)."""
        self.cancelled = True
        self.running = False
        self.window = None
        self.case = None

    def _done(self, failed) -> None:
        if self.cancelled or failed is None:
            return
        self.running = False
        self.failed = failed
        self.window.page_check_note.hide()
        if failed:
            log.warning("background page check: %d page(s) fail their HMAC", len(failed))
            pages = ngettext("{count} página no supera", "{count} páginas no superan",
                             len(failed)).format(count=len(failed))
            show_message(self.window.damage_message, _(
                "El archivo del expediente está dañado: {pages} la comprobación de integridad, "
                "y su contenido no se podrá leer. Cierre el expediente y restaure la copia "
                "de seguridad más reciente; el archivo dañado se conservará aparte.").format(
                pages=pages))
            self.window.damage_banner.show()
            self.window.damage_restore_button.setFocus()
        self.sig_finished.emit(failed)

    def _failed(self, exc) -> None:
        if self.cancelled:
            return
        self.running = False
        self.window.page_check_note.hide()
        ops.show_error(self.window, exc)
