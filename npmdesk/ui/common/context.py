"""What every window and view of an unlocked case file shares: the session and the op helper."""

from PySide6.QtCore import QObject, Signal

from npmdesk.errors import CaseFileChangedOutside, CaseFileReplaced
from npmdesk.services.session import Session
from npmdesk.ui.common.ops import run_op, show_error


class AppContext(QObject):
    """The unlocked session as the GUI sees it. Dropped (and the key with it) on lock."""

    sig_changed = Signal(str, str)
    """Fires after an operation changed a record: (entity name, record id); id '' for many."""
    sig_open = Signal(str, str)
    """Asks the main window to show a record: (entity name, record id)."""
    sig_edited = Signal()
    """Fires when a view saved pending text (the status bar shows the save time)."""
    sig_outside_change = Signal(object)
    """Fires with the error when a write found the case file replaced or rewritten by another
    program (ui/safekeeping/outside_change.py offers to save the session as a copy)."""

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session

    def run(self, parent, fn, on_done=None, changed: tuple[str, str] | None = None, on_error=None):
        """Run `fn(session)` off the GUI thread; announce `changed` (entity, id) when it succeeds.

        When `changed` has an empty id and fn returns a record, that record's id is announced.
        """
        session = self.session

        def done(result):
            if changed is not None:
                entity, record_id = changed
                self.sig_changed.emit(entity, record_id or getattr(result, "id", "") or "")
            if on_done is not None:
                on_done(result)

        def failed(exc):
            outside = isinstance(exc, (CaseFileReplaced, CaseFileChangedOutside))
            if outside:
                self.sig_outside_change.emit(exc)
            if on_error is not None:
                on_error(exc)
            elif not outside:  # the offer shows this sentence itself
                show_error(parent, exc)

        run_op(parent, lambda: fn(session), on_done=done, on_error=failed)
