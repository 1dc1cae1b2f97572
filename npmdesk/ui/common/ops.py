"""The one way the GUI changes or reads the case file: an operation run off the GUI thread.

`run_op(parent, fn, on_done=...)` runs `fn()` in Qt's thread pool, shows a busy
cursor meanwhile, then calls `on_done(result)` on the GUI thread. A user error is
shown as its translated sentence; anything unexpected as an apology naming the log
file, with the details (no case content) written to the log.
"""

import logging
import threading

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QApplication, QMessageBox
from shiboken6 import isValid

from npmdesk import logs
from npmdesk.errors import NpmdeskError, storage_fault
from npmdesk.i18n import _
from npmdesk.paths import log_file

log = logging.getLogger(__name__)

_running: set = set()

_pool: QThreadPool | None = None

_aside_pool: QThreadPool | None = None

_aside: set = set()
"""Relays of `aside` operations, kept alive until they report back (not counted as running)."""

_held: list[str] | None = None
"""While not None (during a lock), failures are logged and their sentences kept here
instead of opening a message box that would stop the lock with the case on screen."""


def pool() -> QThreadPool:
    """One worker thread: operations run one at a time, in the order they were asked for,
    so a view opened after a save reads what was saved (the case file is one connection anyway)."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
        _pool.setExpiryTimeout(-1)
    return _pool


def aside_pool() -> QThreadPool:
    """A second worker thread for long read-only checks (`run_op(..., aside=True)`), so they never hold up
    the person's operations queued on `pool()`."""
    global _aside_pool
    if _aside_pool is None:
        _aside_pool = QThreadPool()
        _aside_pool.setMaxThreadCount(1)
    return _aside_pool


class _Relay(QObject):
    sig_done = Signal(object)
    """Fires on the GUI thread with fn's result."""
    sig_failed = Signal(object)
    """Fires on the GUI thread with the exception fn raised."""

    def __init__(self):
        super().__init__()
        # Set by the worker once its emit() has returned: the queued signal can reach the GUI
        # thread first, and deleting the relay while emit() is still unwinding crashes.
        self.released = threading.Event()


class _Job(QRunnable):
    def __init__(self, fn, relay: _Relay):
        super().__init__()
        self.fn = fn
        self.relay = relay
        self.setAutoDelete(True)

    def run(self):
        fn, relay = self.fn, self.relay
        # Drop the references at once: the function's closure may hold case content.
        self.fn = self.relay = None
        released = relay.released
        try:
            try:
                result = fn()
            except BaseException as exc:  # noqa: BLE001 - every failure is reported to the GUI
                outcome = (relay.sig_failed, exc)
            else:
                outcome = (relay.sig_done, result)
            try:
                outcome[0].emit(outcome[1])
            except RuntimeError:  # the application quit meanwhile: nobody is left to tell
                pass
        finally:
            relay = None
            released.set()


def error_text(exc: BaseException) -> str:
    if isinstance(exc, NpmdeskError):
        return exc.message()
    fault = storage_fault(exc)
    if fault is not None:
        return fault.message()
    return _("Lo sentimos: ocurrió un error inesperado y la operación no se completó. "
             "Sus datos guardados no se han perdido. Los detalles técnicos están en {path}.").format(
        path=log_file())


def show_error(parent, exc: BaseException) -> None:
    if not isinstance(exc, NpmdeskError):
        logs.log_exception(log, "operation failed", exc)
    if _held is not None:
        log.info("operation failed while locking: %s", type(exc).__name__)
        _held.append(error_text(exc))
        return
    if parent is not None and (not isValid(parent) or not parent.isVisible()):
        # The view that started it is gone (closed or deleted): nobody is there to read a box.
        log.info("operation failed after its view closed: %s", type(exc).__name__)
        return
    QMessageBox.warning(parent, _("npmdesk"), error_text(exc))


def hold_errors() -> None:
    """From now on keep failures' sentences instead of showing them (see `released_errors`)."""
    global _held
    _held = []


def released_errors() -> list[str]:
    """Show failures again as message boxes; return the sentences kept since `hold_errors()`."""
    global _held
    held, _held = _held or [], None
    return held


def run_op(parent, fn, on_done=None, on_error=None, aside: bool = False) -> None:
    """Run `fn()` off the GUI thread; `on_done(result)` or `on_error(exc)` run on the GUI thread.

    Without `on_error`, failures are shown to the user in a message box. With `aside`, `fn`
    runs on `aside_pool()` without a busy cursor, and neither `wait_all` nor a lock waits for
    it: only for read-only work on its own connection (CaseFile.failed_pages), whose callbacks
    check that what they report to is still there.
    """
    relay = _Relay()
    (_aside if aside else _running).add(relay)
    if not aside:
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)

    def finish():
        if not aside:
            QApplication.restoreOverrideCursor()
        (_aside if aside else _running).discard(relay)
        relay.released.wait(5)  # the worker only has to return from emit(); no GUI work is awaited
        # Deleting the relay drops its connections and the callbacks' closures with them,
        # so nothing of the case outlives the operation (a lock must leave no record behind).
        relay.deleteLater()

    def done(result):
        finish()
        if on_done is not None:
            on_done(result)

    def failed(exc):
        finish()
        if on_error is not None:
            on_error(exc)
        else:
            show_error(parent, exc)

    relay.sig_done.connect(done, Qt.ConnectionType.QueuedConnection)
    relay.sig_failed.connect(failed, Qt.ConnectionType.QueuedConnection)
    (aside_pool() if aside else pool()).start(_Job(fn, relay))


def wait_all(timeout_ms: int = 30000) -> bool:
    """Block until no operation is running (used on quit and lock)."""
    ok = pool().waitForDone(timeout_ms)
    QApplication.processEvents()
    return ok


def running() -> int:
    """How many operations have not yet reported back."""
    return len(_running)
