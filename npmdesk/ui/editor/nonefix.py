"""A guard against a reference-count bug of PySide6 6.12 on Python 3.11.

Measured here: some void methods drop a reference to None on every call —
QListWidget.addItem and QComboBox.addItem at once, QSyntaxHighlighter.setFormat once
the highlighter returns to Qt. Thousands of calls (a long pasted section) end in
"Fatal Python error: none_dealloc". `none_guard()` gives back what a loop of addItem
lost; `setformat_loss()` measures, once, what each setFormat call loses so the
highlighter can give it back. None is immortal from Python 3.12 on: both do nothing there.
"""

import ctypes
import sys
from contextlib import contextmanager

PROBE_BLOCKS = 64
_setformat_loss: int | None = None


def give_back(count: int) -> None:
    for _ in range(max(count, 0)):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(None))


@contextmanager
def none_guard():
    if sys.version_info >= (3, 12):
        yield
        return
    before = sys.getrefcount(None)
    try:
        yield
    finally:
        give_back(before - sys.getrefcount(None))


def setformat_loss() -> int:
    """References to None lost per QSyntaxHighlighter.setFormat call here (0 or 1)."""
    global _setformat_loss
    if _setformat_loss is None:
        _setformat_loss = 0 if sys.version_info >= (3, 12) else _probe()
    return _setformat_loss


def _probe() -> int:
    from PySide6.QtGui import QSyntaxHighlighter, QTextCharFormat, QTextDocument

    fmt = QTextCharFormat()

    class Probe(QSyntaxHighlighter):
        def highlightBlock(self, text):
            self.setFormat(0, 1, fmt)

    document = QTextDocument()
    document.setPlainText("\n".join(["x"] * PROBE_BLOCKS))
    probe = Probe(document)
    before = sys.getrefcount(None)
    probe.rehighlight()
    lost = before - sys.getrefcount(None)
    probe.setDocument(None)
    give_back(lost)
    return 1 if lost >= PROBE_BLOCKS else 0
