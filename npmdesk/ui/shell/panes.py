"""Dividers that stay where the person left them: a splitter's state saved in the preferences
(sizes only, under one of `settings.PANES`) shortly after a drag, and restored when the screen opens."""

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QSplitter

from npmdesk.ui.shell.settings import AppSettings

SAVE_AFTER_MS = 400  # a drag fires splitterMoved at every pixel; write once it stops


def remember(splitter: QSplitter, key: str) -> bool:
    """Restore `splitter` from `key` and keep saving it there; True when a saved state was restored."""
    settings = AppSettings()
    state = settings.geometry(key)
    restored = state is not None and splitter.restoreState(state)
    timer = QTimer(splitter)
    timer.setSingleShot(True)
    timer.setInterval(SAVE_AFTER_MS)
    timer.timeout.connect(lambda: settings.set_geometry(key, splitter.saveState()))
    splitter.splitterMoved.connect(lambda *_args: timer.start())
    return bool(restored)
