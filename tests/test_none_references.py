"""Thousands of list entries and key clicks keep Python's None alive.

PySide6 6.12.0 on Python 3.11 lost a reference to None on every void call (QListWidget.addItem,
QLineEdit.setText, QTest.keyClick, QSyntaxHighlighter.setFormat…): the dashboard of the
ten-year case file ended the program with "Fatal Python error: none_dealloc" right after
opening. pyproject.toml excludes that PySide6; these tests fail on any PySide6 that does it.
"""

import gc
import sys
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtGui import QSyntaxHighlighter, QTextCharFormat
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QListWidget, QTextEdit

from npmdesk.services.review.queue import Dashboard
from npmdesk.ui.common import ops
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.shell.dashboard import SHOWN, open_dashboard

ENTRIES = 3000
CALLS = 500


@contextmanager
def none_count(lost: list):
    gc.collect()
    gc.disable()  # what a collection frees would change None's count too
    before = sys.getrefcount(None)
    try:
        yield
    finally:
        lost.append(before - sys.getrefcount(None))
        gc.enable()


def test_void_qt_calls_do_not_lose_references_to_none(qtbot):
    line, listing, text = QLineEdit(), QListWidget(), QTextEdit()
    for widget in (line, listing, text):
        qtbot.addWidget(widget)

    class Marks(QSyntaxHighlighter):
        def highlightBlock(self, block):
            for start in range(len(block)):
                self.setFormat(start, 1, QTextCharFormat())

    marks = Marks(text.document())
    calls = {"setText": lambda: line.setText("x"), "addItem": lambda: listing.addItem("x"),
             "keyClick": lambda: QTest.keyClick(line, Qt.Key.Key_A),
             "setFormat": lambda: text.setPlainText("abcdefghij")}
    for name, call in calls.items():
        lost = []
        with none_count(lost):
            for _ in range(CALLS):
                call()
        assert lost[0] < CALLS // 10, (name, lost[0])
    assert marks.document() is text.document()


def test_thousands_of_dashboard_entries_are_counted_not_all_listed(qtbot, session):
    overdue = sys.getrefcount(None) + 1000
    view = open_dashboard(AppContext(session))
    qtbot.addWidget(view)
    ops.wait_all()
    qtbot.waitUntil(lambda: ops.running() == 0)
    board = Dashboard(
        to_write=[(f"s{n}", f"Sección {n}", f"MNPT-2025-{n:04d}", "borrador") for n in range(ENTRIES)],
        reports=[(f"r{n}", f"MNPT-2025-{n:04d} · Informe de visita", "en_redaccion") for n in range(ENTRIES)],
        overdue=[(f"c{n}", "Dotar de agua potable a los pabellones", "2024-03-01", "Centro La Joya")
                 for n in range(overdue)])
    lost = []
    with none_count(lost):
        view.controller._loaded(board)
    assert lost[0] < 50, lost
    for key, total in (("to_write", ENTRIES), ("reports", ENTRIES), ("overdue", overdue)):
        listing = view.lists[key]
        assert listing.count() == SHOWN + 1
        assert listing.item(SHOWN).text() == f"… y {total - SHOWN} más."
        assert not listing.item(SHOWN).flags() & Qt.ItemFlag.ItemIsSelectable
    assert view.lists["overdue"].item(0).text() == "01/03/2024 · Centro La Joya: Dotar de agua potable a los pabellones"
    assert view.lists["to_review"].item(0).text() == "Nada pendiente de su revisión."
