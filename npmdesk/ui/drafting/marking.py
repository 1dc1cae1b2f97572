"""Marking a long section without making anyone wait: what is shown is marked before it is
painted; the rest of the text, the word count and the confidentiality list follow in the
background, in slices short enough that typing is never held up, and again each time typing
pauses (for what changed only: marks and passages are remembered per paragraph text, word
counts per line). The result is the same as marking everything at once
(tests/test_editor_marking.py compares them over random edits).
"""

import time

from PySide6.QtCore import QEvent, QObject, QPoint, QTimer

from npmdesk.domain import richtext
from npmdesk.i18n import _, ngettext
from npmdesk.services.archive import disclosure
from npmdesk.ui.drafting.spell import EXACT, STALE
from npmdesk.ui.records.base import short

SLICE_S = 0.004
"""Background marking works this long at a time, then lets events (a keystroke) through."""
MIN_RUN, MAX_RUN = 16, 1024
"""Blocks marked in one pass of Qt's, at least and at most."""
AFTER_PAINT_MS = 50
"""The background pass waits for the text's first paint, or this long when none comes (hidden)."""
MAX_LISTED = 200
"""Warnings listed one by one; beyond this the list says how many more there are."""


class Marks(QObject):
    """The editor's marks, word count and confidentiality list (`view`: SectionEditorView)."""

    def __init__(self, view, parent=None, then=None):
        super().__init__(parent)
        self.view = view
        self.edit = view.edit
        self.highlighter = view.edit.highlighter
        self.then = then  # called when everything is marked, counted and listed
        self.done = True
        self.marking = False
        """True while marks are redrawn: Qt then says the text changed, and it has not."""
        self._counts: dict[str, int] = {}
        self._next = None  # the next block the background pass looks at
        self._run = MIN_RUN  # blocks marked in one pass, adjusted to the time a pass takes
        self._scrolled = -1
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._slice)
        self._after_paint = QTimer(self)
        self._after_paint.setSingleShot(True)
        self._after_paint.setInterval(AFTER_PAINT_MS)
        self._after_paint.timeout.connect(self._painted)
        self.highlighter.sig_stale.connect(self.start)

    def load(self, html: str) -> None:
        """Show `html` in the editor, marking only what is shown before it is painted; the rest
        once it is on screen (a slice before the first paint would hold the text back)."""
        self.highlighter.deferring = True
        self.highlighter.first_screen = self._first_screen()
        try:
            self.edit.setHtml(html)
        finally:
            self.highlighter.deferring = False
            self.highlighter.first_screen = (0, 0)
        self._mark_shown()  # nothing left to do there, unless the start is set in a larger font
        self.done = False
        self._timer.stop()
        self.edit.viewport().installEventFilter(self)
        self._after_paint.start()

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint and self._after_paint.isActive():
            QTimer.singleShot(0, self, self._painted)  # once this paint is done
        return False

    def _painted(self) -> None:
        self._after_paint.stop()
        self.edit.viewport().removeEventFilter(self)
        if not self.done and not self._timer.isActive():
            self.start()

    def typing(self) -> None:
        """Typing goes on: the background pass waits for the next pause (`start`)."""
        self.done = False
        self._timer.stop()

    def start(self) -> None:
        self.done = False
        self._next = self.edit.document().begin()
        self._timer.start()

    def _mark_run(self, block, limit: int):
        """Mark exactly `block` (STALE) and the STALE blocks after it, `limit` at most, in one
        pass of Qt's (a pass per block costs a relayout each); returns the block after them."""
        last, count = block, 1
        while count < limit and last.next().isValid() and last.next().userState() == STALE:
            last, count = last.next(), count + 1
        # Qt goes on to the next block while a block's state changes: the last one's will not.
        last.setUserState(EXACT)
        self.highlighter.exact = self.marking = True
        try:
            self.highlighter.rehighlightBlock(block)
        finally:
            self.highlighter.exact = self.marking = False
        return last.next()

    def _first_screen(self) -> tuple[int, int]:
        """Characters and blocks the editor can show at once at most, in its font (a block takes
        a line at least): marked as the text is loaded, each block then laid out once, with its
        marks (marking it after the layout costs a relayout of what is shown: 4 ms of a long
        section's open, bench/README.md)."""
        viewport, metrics = self.edit.viewport(), self.edit.fontMetrics()
        lines = viewport.height() // max(1, metrics.lineSpacing()) + 1
        return lines * (viewport.width() // max(1, metrics.averageCharWidth()) + 1), lines

    def _mark_shown(self) -> None:
        viewport = self.edit.viewport()
        block = self.edit.cursorForPosition(QPoint(0, 0)).block()
        last = self.edit.cursorForPosition(QPoint(viewport.width() - 1, viewport.height() - 1)).block()
        self._scrolled = self.edit.verticalScrollBar().value()
        while block.isValid() and block.blockNumber() <= last.blockNumber():
            if block.userState() == STALE:
                block = self._mark_run(block, last.blockNumber() - block.blockNumber() + 1)
            else:
                block = block.next()

    def _slice(self) -> None:
        ends = time.perf_counter() + SLICE_S
        if self.edit.verticalScrollBar().value() != self._scrolled:
            self._mark_shown()  # scrolled meanwhile: what is shown first
        block = self._next
        if block is None or not block.isValid():
            block = self.edit.document().begin()
        while block.isValid():
            if block.userState() == STALE:
                began = time.perf_counter()
                block = self._mark_run(block, self._run)
                took = time.perf_counter() - began
                # Each pass has a cost of its own (a relayout: tens of ms in a long text of
                # complex scripts), so a pass never marks fewer than MIN_RUN blocks.
                self._run = min(MAX_RUN, self._run * 2) if took < SLICE_S / 4 else \
                    max(MIN_RUN, self._run // 2) if took > 4 * SLICE_S else self._run
            else:
                block = block.next()
            if time.perf_counter() > ends:
                self._next = block
                return
        self._timer.stop()
        self.count_words()
        self.show_warnings()
        self.done = True
        if self.then is not None:
            self.then()

    def count_words(self) -> None:
        """As richtext.word_count(the whole text): no word runs across a line."""
        counts = self._counts
        if len(counts) > 50_000:
            counts.clear()
        total = 0
        for line in self.edit.toPlainText().split("\n"):
            if line not in counts:
                counts[line] = richtext.word_count(line)
            total += counts[line]
        self.view.words.setText(ngettext("{count} palabra", "{count} palabras", total).format(count=total))

    def show_warnings(self) -> None:
        watch = self.highlighter.watch
        lines = self.edit.toPlainText().split("\n")
        found = disclosure.passages(((None, line) for line in lines), watch,
                                    find=self.highlighter.leaks.disclosures) if watch is not None else []
        listing = self.view.warnings
        listing.clear()
        shown = [_("«{passage}»: {reason}").format(passage=short(item.text, 60), reason=item.reason)
                 for item in found[:MAX_LISTED]]
        if len(found) > MAX_LISTED:
            shown.append(_("… y {count} más.").format(count=len(found) - MAX_LISTED))
        for line in shown:
            listing.addItem(line)
        count = len(found)
        self.view.warning_count.setText(ngettext(
            "{count} advertencia de confidencialidad", "{count} advertencias de confidencialidad",
            count).format(count=count) if count else "")
        self.view.tabs.setTabText(1, _("&Confidencialidad ({count})").format(count=count) if count
                                  else _("&Confidencialidad"))
