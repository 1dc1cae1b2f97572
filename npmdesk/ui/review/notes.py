"""The review screen's observation margin: the threads in the order of their passages in the
text, each level with its passage (as a word processor's comment balloons) and scrolling with
the text, each passage highlighted; choosing a thread shows its passage, clicking a highlighted
passage chooses its thread; adding (anchored to the selected passage), replying and resolving."""

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QStyledItemDelegate, QTreeWidgetItem
from shiboken6 import isValid

from npmdesk.i18n import _
from npmdesk.services.review import observations
from npmdesk.services.review import queue as review_queue
from npmdesk.ui.common.marks import ANCHOR_COLOURS, CHOSEN_COLOUR, disclosure_marks, find, selection
from npmdesk.ui.review.models import ItemRole
from npmdesk.ui.shell.widgets import show_message

RESOLVED = Qt.ItemDataRole.UserRole + 2  # bool: the thread is resolved


class Wrapped(QStyledItemDelegate):
    """Rows as tall as their text wrapped at the margin's width (Qt's own hint counts the line
    breaks but not the wrapping, and cut each thread's last lines), a thread's row with the space
    above it that brings it level with its passage (`pads`, by observation id)."""

    def __init__(self, parent):
        super().__init__(parent)
        self.pads: dict[str, int] = {}

    def pad(self, index) -> int:
        return 0 if index.parent().isValid() else self.pads.get(index.data(ItemRole), 0)

    def sizeHint(self, option, index) -> QSize:
        view, depth, up = self.parent(), 1, index.parent()
        while up.isValid():
            depth, up = depth + 1, up.parent()
        width = max(view.viewport().width() - view.indentation() * depth - 8, 40)
        text = str(index.data() or "")
        height = option.fontMetrics.boundingRect(QRect(0, 0, width, 1 << 20), int(Qt.TextFlag.TextWordWrap),
                                                 text).height()
        return QSize(width, height + 6 + self.pad(index))

    def paint(self, painter, option, index) -> None:
        pad = self.pad(index)
        if pad:
            option.rect.setTop(option.rect.top() + pad)
        super().paint(painter, option, index)


class NotesMargin(QObject):
    """Behaviour of the margin; `screen.ReviewController` owns it and gives it each section."""

    def __init__(self, controller):
        super().__init__(controller)
        self.controller = controller
        self.view = view = controller.view
        self.detail = None
        self.spans: dict[str, tuple[int, int]] = {}  # observation id -> (start, end) in the document
        self._scrolling = False
        view.add_note.clicked.connect(self.add_note)
        view.reply.clicked.connect(self.reply)
        view.resolve.clicked.connect(self.resolve)
        view.notes.currentItemChanged.connect(self._chosen)
        view.text.cursorPositionChanged.connect(self._clicked_in_text)
        self.delegate = Wrapped(view.notes)
        view.notes.setItemDelegate(self.delegate)
        view.notes.setVerticalScrollMode(view.notes.ScrollMode.ScrollPerPixel)
        view.text.verticalScrollBar().valueChanged.connect(self._follow_text)
        view.notes.verticalScrollBar().valueChanged.connect(self._follow_margin)
        view.notes.viewport().installEventFilter(self)
        view.text.viewport().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        """Wrapped text moves when either pane changes width: lay the threads out again level with
        their passages (and at the margin's width, so no thread loses its last lines)."""
        if event.type() == QEvent.Type.Resize and isValid(self.view) and isValid(self.view.notes):
            self.level()
        return False

    def clear(self) -> None:
        self.detail, self.spans = None, {}
        self.view.notes.clear()

    def show(self, detail) -> None:
        """The threads of `detail`, top-level ones ordered by where their passage is in the text."""
        view = self.view
        self.detail, self.spans = detail, {}
        view.notes.blockSignals(True)
        view.notes.clear()
        document = view.text.document()
        threads, replies = [], {}
        for anchored in detail.notes:
            row = anchored.observation
            if row.parent_id is None:
                cursor = (find(document, row.quote) if row.quote and anchored.status in ANCHOR_COLOURS else None)
                if cursor is not None:
                    self.spans[row.id] = (cursor.selectionStart(), cursor.selectionEnd())
                threads.append(anchored)
            else:
                replies.setdefault(row.parent_id, []).append(anchored)
        threads.sort(key=lambda a: self.spans.get(a.observation.id, (1 << 30, 0))[0])
        for anchored in threads:
            item = self._item(anchored)
            view.notes.addTopLevelItem(item)
            for reply in replies.get(anchored.observation.id, []):
                item.addChild(self._item(reply))
        view.notes.expandAll()
        view.notes.blockSignals(False)
        self.level()
        self.paint()

    def level(self) -> None:
        """Give each thread the space above it that puts its top level with its passage's line;
        a thread that would overlap the one before goes just below it."""
        view = self.view
        notes, text = view.notes, view.text
        self.delegate.pads = {}
        notes.doItemsLayout()
        # Where the text's line 0 is in the margin's coordinates, with both scrolled to the top.
        shift = text.viewport().mapTo(view, QPoint(0, 0)).y() - notes.viewport().mapTo(view, QPoint(0, 0)).y()
        scrolled = text.verticalScrollBar().value()
        pads, y = {}, 0
        for i in range(notes.topLevelItemCount()):
            item = notes.topLevelItem(i)
            span = self.spans.get(item.data(0, ItemRole))
            if span is not None:
                cursor = QTextCursor(text.document())
                cursor.setPosition(span[0])
                pad = max(0, text.cursorRect(cursor).top() + scrolled + shift - y)
                pads[item.data(0, ItemRole)] = pad
                y += pad
            y += notes.visualItemRect(item).height()
            for c in range(item.childCount()):
                y += notes.visualItemRect(item.child(c)).height()
        self.delegate.pads = pads
        notes.doItemsLayout()
        self._follow_text()

    def _item(self, anchored) -> QTreeWidgetItem:
        row, names = anchored.observation, self.detail.names
        status = _("resuelta") if row.resolved else _(observations.ANCHOR_LABELS[anchored.status])
        text = _("{author}: {text}").format(author=names.get(row.author_id, "?"), text=row.body)
        if row.parent_id is None and row.quote:
            text += "\n" + _("«{quote}» · {status}").format(quote=row.quote, status=status)
        elif row.parent_id is None:
            text += "\n" + status
        item = QTreeWidgetItem([text])
        item.setData(0, ItemRole, row.id)
        item.setData(0, RESOLVED, bool(row.resolved))
        item.setToolTip(0, text)
        return item

    def paint(self) -> None:
        """Highlight every open thread's passage, the chosen one stronger, and the disclosure marks."""
        view, detail = self.view, self.detail
        if detail is None:
            return
        current = view.notes.currentItem()
        while current is not None and current.parent() is not None:
            current = current.parent()
        chosen = current.data(0, ItemRole) if current is not None else None
        marks = []
        for anchored in detail.notes:
            row = anchored.observation
            if row.id in self.spans and not row.resolved:
                cursor = QTextCursor(view.text.document())
                cursor.setPosition(self.spans[row.id][0])
                cursor.setPosition(self.spans[row.id][1], QTextCursor.MoveMode.KeepAnchor)
                marks.append(selection(cursor, CHOSEN_COLOUR if row.id == chosen else ANCHOR_COLOURS[anchored.status]))
        view.text.setExtraSelections(marks + disclosure_marks(view.text.document(), detail.text, detail.disclosures))

    def _chosen(self, current, _previous) -> None:
        """Choosing a thread brings its passage into view."""
        self.paint()
        self.update_buttons()
        while current is not None and current.parent() is not None:
            current = current.parent()
        span = self.spans.get(current.data(0, ItemRole)) if current is not None else None
        if span is not None:
            text = self.view.text
            cursor = QTextCursor(text.document())
            cursor.setPosition(span[0])
            text.blockSignals(True)
            text.setTextCursor(cursor)
            text.ensureCursorVisible()
            text.blockSignals(False)

    def _follow_text(self, _value=None) -> None:
        """The margin scrolls with the text, so each thread stays level with its passage."""
        self._scroll(self.view.notes, self.view.text.verticalScrollBar().value())

    def _follow_margin(self, value: int) -> None:
        """Scrolling the margin to read a thread scrolls the text along with it."""
        self._scroll(self.view.text, value)

    def _scroll(self, pane, value: int) -> None:
        # A flag, not blockSignals: the pane itself scrolls on its bar's valueChanged.
        if self._scrolling:
            return
        self._scrolling = True
        try:
            pane.verticalScrollBar().setValue(value)
        finally:
            self._scrolling = False

    def _clicked_in_text(self) -> None:
        """A click inside a highlighted passage chooses its thread in the margin."""
        cursor = self.view.text.textCursor()
        if cursor.hasSelection():
            return
        at = cursor.position()
        for observation_id, (start, end) in self.spans.items():
            if start <= at <= end:
                for i in range(self.view.notes.topLevelItemCount()):
                    item = self.view.notes.topLevelItem(i)
                    if item.data(0, ItemRole) == observation_id:
                        self.view.notes.blockSignals(True)
                        self.view.notes.setCurrentItem(item)
                        self.view.notes.blockSignals(False)
                        self.paint()
                        self.update_buttons()
                return

    def update_buttons(self) -> None:
        view, detail = self.view, self.detail
        observe = bool(detail and detail.can_observe)
        note = view.notes.currentItem()
        view.add_note.setEnabled(observe)
        view.note_text.setEnabled(observe)
        view.reply.setEnabled(observe and note is not None)
        view.resolve.setEnabled(observe and note is not None and note.parent() is None
                                and not note.data(0, RESOLVED))

    def observe(self) -> None:
        """Ctrl+Alt+M: go to the observation field, or add the observation already typed there."""
        if self.view.note_text.toPlainText().strip():
            self.add_note()
        elif self.view.note_text.isEnabled():
            self.view.note_text.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def add_or_reply(self) -> None:
        """Ctrl+Intro in the field: a reply when a thread is chosen and no passage is selected."""
        if self.view.notes.currentItem() is not None and not self.view.text.textCursor().hasSelection():
            self.reply()
        else:
            self.add_note()

    def add_note(self) -> None:
        detail, view, controller = self.detail, self.view, self.controller
        if detail is None or not view.add_note.isEnabled():
            return
        body = view.note_text.toPlainText().strip()
        cursor = view.text.textCursor()
        quote = cursor.selectedText().replace("\u2029", "\n")
        start = None
        if quote:
            start = review_queue.body_offset(detail.section.body, view.text.document().toPlainText(),
                                             cursor.selectionStart(), quote)
            if start is None:
                show_message(view.message, _("Seleccione un fragmento dentro de un mismo párrafo, sin formato "
                                             "especial, para anclar la observación."))
                return
        if not body:
            show_message(view.message, _("Escriba el texto de la observación."))
            view.note_text.setFocus()
            return
        section_id, member_id = detail.section.id, controller.member_id
        view.note_text.clear()
        controller.act(lambda s: observations.add_observation(s, section_id, body, quote=quote, start=start or 0,
                                                               as_member=member_id),
                        _("Observación añadida."), keep=section_id)

    def reply(self) -> None:
        note, view, controller = self.view.notes.currentItem(), self.view, self.controller
        body = view.note_text.toPlainText().strip()
        if self.detail is None or note is None or not view.reply.isEnabled():
            return
        if not body:
            show_message(view.message, _("Escriba el texto de la respuesta."))
            return
        while note.parent() is not None:
            note = note.parent()
        parent_id, section_id, member_id = note.data(0, ItemRole), self.detail.section.id, controller.member_id
        view.note_text.clear()
        controller.act(lambda s: observations.add_observation(s, section_id, body, parent_id=parent_id,
                                                               as_member=member_id),
                        _("Respuesta añadida."), keep=section_id)

    def resolve(self) -> None:
        note = self.view.notes.currentItem()
        if self.detail is None or note is None or not self.view.resolve.isEnabled():
            return
        observation_id, member_id = note.data(0, ItemRole), self.controller.member_id
        self.controller.act(lambda s: observations.resolve(s, observation_id, as_member=member_id),
                             _("Observación resuelta."), keep=self.detail.section.id)
