"""The dashboard of a ten-year case file lists thousands of entries without ending the program.

PySide6 6.12 on Python 3.11 loses a reference to None on every QListWidget.addItem; the GUI
benchmark on the ten-year synthetic case file died with "Fatal Python error: none_dealloc"
right after the dashboard filled. The slot is fed a real `review_queue.Dashboard` as large
as that file's (3,001 reports, thousands of overdue recommendations).
"""

import gc
import sys

from npmdesk.services.review_queue import Dashboard
from npmdesk.ui import ops
from npmdesk.ui.context import AppContext
from npmdesk.ui.dashboard import open_dashboard

ENTRIES = 3000


def test_thousands_of_entries_fill_the_lists_and_keep_none_alive(qtbot, session):
    overdue = sys.getrefcount(None) + 1000  # more than None has: a list alone would exhaust it
    view = open_dashboard(AppContext(session))
    qtbot.addWidget(view)
    ops.wait_all()
    qtbot.waitUntil(lambda: ops.running() == 0)
    board = Dashboard(
        to_write=[(f"s{n}", f"Sección {n}", f"MNPT-2025-{n:04d}", "borrador") for n in range(ENTRIES)],
        reports=[(f"r{n}", f"MNPT-2025-{n:04d} · Informe de visita", "en_redaccion") for n in range(ENTRIES)],
        overdue=[(f"c{n}", "Dotar de agua potable a los pabellones", "2024-03-01", "Centro La Joya")
                 for n in range(overdue)])
    gc.collect()
    gc.disable()  # what a collection frees would change None's count too
    try:
        before = sys.getrefcount(None)
        view.controller._loaded(board)
        lost = before - sys.getrefcount(None)
    finally:
        gc.enable()
    assert lost < 50, lost
    assert view.lists["to_write"].count() == ENTRIES
    assert view.lists["reports"].count() == ENTRIES
    assert view.lists["overdue"].count() == overdue
    assert view.lists["overdue"].item(0).text() == "2024-03-01 · Centro La Joya: Dotar de agua potable a los pabellones"
    assert view.lists["to_review"].item(0).text() == "Nada pendiente de su revisión."
