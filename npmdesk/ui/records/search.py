"""The search box's results: every record whose text matches, whatever its kind."""

import html

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate
from shiboken6 import isValid

from npmdesk.i18n import _, ngettext
from npmdesk.services.records import edit as records
from npmdesk.services.records.browse import MARK_END, MARK_START, Hit
from npmdesk.ui.shell.tree_data import ENTITY_LABELS
from npmdesk.ui.shell.widgets import short

COL_RESULT = 0

EntityRole = Qt.ItemDataRole.UserRole + 1
"""The entity name of the record a result points to."""
IdRole = Qt.ItemDataRole.UserRole + 2
"""The id of the record a result points to."""
SnippetRole = Qt.ItemDataRole.UserRole + 3
"""The matching passage as HTML, the matched words in bold."""


def _html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


class HitDelegate(QStyledItemDelegate):
    """Draws a result as its kind and title, then the passage with the matched words in bold."""

    def _document(self, option, index) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(2)
        document.setTextWidth(max(option.rect.width(), 120))
        document.setHtml(index.data(SnippetRole) or "")
        return document

    def paint(self, painter, option, index) -> None:
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        document = self._document(option, index)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = option.state & QStyle.StateFlag.State_Selected
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
        painter.save()
        painter.translate(option.rect.topLeft())
        painter.setClipRect(option.rect.translated(-option.rect.topLeft()))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        self.initStyleOption(option, index)
        document = self._document(option, index)
        return QSize(int(document.idealWidth()), int(document.size().height()))


class SearchResultsModel(QAbstractListModel):
    """One row per hit: its kind and title, with the matching passage underneath."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._hits: list[Hit] = []

    def set_hits(self, hits: list[Hit]) -> None:
        self.beginResetModel()
        self._hits = [hit for hit in hits if hit.entity in ENTITY_LABELS]
        self.endResetModel()

    def clear(self) -> None:
        self.set_hits([])

    def hit(self, row: int) -> Hit:
        return self._hits[row]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            title = short(hit.title, 80) or _("(sin título)")
            line = _("{kind}: {title}").format(kind=_(ENTITY_LABELS[hit.entity]), title=title)
            snippet = short(hit.marked(), 140)
            return f"{line}\n{snippet}" if snippet else line
        if role == Qt.ItemDataRole.ToolTipRole:
            return short(hit.marked(), 300)
        if role == EntityRole:
            return hit.entity
        if role == IdRole:
            return hit.entity_id
        if role == SnippetRole:
            title = short(hit.title, 80) or _("(sin título)")
            line = _html(_("{kind}: {title}").format(kind=_(ENTITY_LABELS[hit.entity]), title=title))
            passage = _html(short(hit.snippet, 140)).replace(MARK_START, "<b>").replace(MARK_END, "</b>")
            return f"{line}<br>{passage}" if passage else line
        return None


class SearchController(QObject):
    """The search box: searches as the person types (after a pause) and opens a chosen result."""

    sig_open = Signal(str, str)
    """Fires when a result is activated: (entity, record id)."""

    DELAY_MS = 300

    def __init__(self, ctx, window):
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.model = SearchResultsModel(self)
        window.results.setModel(self.model)
        window.results.setItemDelegate(HitDelegate(window.results))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DELAY_MS)
        self._timer.timeout.connect(self.run)
        self._asked = ""
        self.found_words: list[str] = []
        """The matched words of the hit last opened, as written in its text."""
        window.search.textChanged.connect(self._typed)
        window.search.returnPressed.connect(self._enter)
        window.results.activated.connect(self._activated)
        window.search.installEventFilter(self)
        window.results.installEventFilter(self)

    def focus(self) -> None:
        self.window.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.window.search.selectAll()

    def _typed(self, text: str) -> None:
        if not text.strip():
            self._timer.stop()
            self.clear()
            return
        self._timer.start()

    def _enter(self) -> None:
        self._timer.stop()
        self.run(then_focus=True)

    def run(self, then_focus: bool = False) -> None:
        text = self.window.search.text().strip()
        if not text:
            return
        self._asked = text

        def shown(hits):
            if not isValid(self.window) or self._asked != text:
                return
            self.model.set_hits(hits)
            self.window.results_heading.setText(ngettext(
                "{count} resultado", "{count} resultados", self.model.rowCount()).format(
                    count=self.model.rowCount()))
            self.window.left_stack.setCurrentIndex(1)
            if then_focus and self.model.rowCount():
                self.window.results.setCurrentIndex(self.model.index(0, 0))
                self.window.results.setFocus()

        self.ctx.run(self.window, lambda s: records.find(s, text), on_done=shown)

    def clear(self) -> None:
        """Back to the navigator, with no result left in memory."""
        self._asked = ""
        self.model.clear()
        self.window.results_heading.clear()
        self.window.left_stack.setCurrentIndex(0)

    def _activated(self, index) -> None:
        self.found_words = self.model.hit(index.row()).words()
        self.sig_open.emit(index.data(EntityRole), index.data(IdRole))

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape:
                self.window.search.clear()
                self.window.tree.setFocus()
                return True
            if (watched is self.window.search and event.key() == Qt.Key.Key_Down
                    and self.model.rowCount()):
                self.window.results.setFocus()
                if not self.window.results.currentIndex().isValid():
                    self.window.results.setCurrentIndex(self.model.index(0, 0))
                return True
        return False
