"""The section editor's «Observaciones» tab: what the reviewers said about this section, so that
the author of a section returned with observations can read them beside the text, with the
observed passages highlighted in it, answer each one and mark it resolved (signed by the person
working: her personal passphrase is asked again once its grace period has ended). New
observations on a passage are added on the review screen.
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from npmdesk.i18n import _
from npmdesk.services.review import observations
from npmdesk.services.review import queue as review_queue
from npmdesk.ui.records.base import on_live
from npmdesk.ui.common.marks import ANCHOR_COLOURS, find, selection
from npmdesk.ui.common.ops import error_text
from npmdesk.ui.shell.widgets import scrolled, show_message
from npmdesk.ui.team.working import with_key

IdRole = Qt.ItemDataRole.UserRole + 1
ResolvedRole = Qt.ItemDataRole.UserRole + 2


def _load(session, section_id: str):
    return observations.anchored(session, section_id), review_queue.members(session)


class ObservationsPanel(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        content = QWidget()
        area = scrolled(content, _("Observaciones de la sección"))  # with 150 % text its notes and buttons are taller (and wider) than the tab
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        outer.addWidget(area)
        layout = QVBoxLayout(content)
        self.intro = QLabel(_("Observaciones de la revisión; sus fragmentos están resaltados en el texto. "
                              "Elija una, escriba su respuesta debajo o márquela como resuelta."))
        self.intro.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([_("Observación"), _("Fragmento"), _("Estado")])
        self.tree.setWordWrap(True)
        self.tree.setColumnWidth(0, 300)
        self.tree.setAccessibleName(_("Observaciones de la revisión"))
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAccessibleName(_("Observación elegida"))
        self.empty = QLabel(_("Esta sección no tiene observaciones."))
        self.answer = QPlainTextEdit()
        self.answer.setPlaceholderText(_("Respuesta a la observación elegida"))
        self.answer.setAccessibleName(_("Respuesta a la observación elegida"))
        self.answer.setTabChangesFocus(True)
        self.answer.setMaximumHeight(80)
        self.reply = QPushButton(_("&Responder"))
        self.reply.setAccessibleName(_("Responder a la observación elegida"))
        self.resolve = QPushButton(_("Re&suelta"))
        self.resolve.setToolTip(_("Marcar como resuelta"))
        self.resolve.setAccessibleName(_("Marcar como resuelta la observación elegida"))
        self.text_edit = None  # the editor's text, where the observed passages are highlighted
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        row = QHBoxLayout()  # under the answer, so the answer keeps the panel's width
        row.addWidget(self.reply)
        row.addWidget(self.resolve)
        layout.addWidget(self.intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.empty)
        layout.addWidget(self.answer)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.open_count = 0
        self.ctx = self.section_id = self.then = None
        self.tree.currentItemChanged.connect(self._show_detail)
        self.reply.clicked.connect(self.send_reply)
        self.resolve.clicked.connect(self.resolve_chosen)
        self._sync()

    def _show_detail(self, item, _previous=None) -> None:
        """The whole text of the chosen observation, which the narrow column cuts."""
        self.detail.setText(item.data(0, Qt.ItemDataRole.UserRole) if item is not None else "")
        self._sync()

    def _sync(self) -> None:
        item = self.tree.currentItem()
        self.answer.setEnabled(item is not None)
        self.reply.setEnabled(item is not None)
        self.resolve.setEnabled(item is not None and item.parent() is None
                                and not item.data(0, ResolvedRole))

    def _signed(self, signed, done_text: str, after=None) -> None:
        """Run `signed(session)` as the person working, asking her passphrase if her key locked;
        `after()` once it is stored (the typed reply is kept until then)."""
        section_id = self.section_id

        def done(_row):
            if after is not None:
                after()
            show_message(self.message, done_text, error=False)
            self.load(self.ctx, section_id, self.then)

        def failed(exc):
            self._sync()
            show_message(self.message, error_text(exc))

        fn = with_key(self, self.ctx, self.ctx.session.actor, signed)  # a personal key, locked again
        if fn is None:
            self._sync()
            return
        self.ctx.run(self, fn, on_done=on_live(self, done), on_error=on_live(self, failed))

    def resolve_chosen(self) -> None:
        """Mark the chosen thread resolved (the bitácora names who did it)."""
        item = self.tree.currentItem()
        if item is None or self.ctx is None or not self.resolve.isEnabled():
            return
        observation_id = item.data(0, IdRole)
        self.resolve.setEnabled(False)
        self._signed(lambda s: observations.resolve(s, observation_id), _("Observación resuelta."))

    def send_reply(self) -> None:
        """Answer the chosen observation's thread as the person using the case file."""
        item = self.tree.currentItem()
        body = self.answer.toPlainText().strip()
        if item is None or self.ctx is None:
            return
        if not body:
            show_message(self.message, _("Escriba el texto de la respuesta."))
            return
        while item.parent() is not None:
            item = item.parent()
        parent_id, section_id = item.data(0, IdRole), self.section_id
        self.reply.setEnabled(False)
        self._signed(lambda s: observations.add_observation(s, section_id, body, parent_id=parent_id),
                     _("Respuesta añadida."), after=self.answer.clear)

    def load(self, ctx, section_id: str, then=None) -> None:
        """Read the observations off the GUI thread; `then(open_count)` once they are shown."""
        self.ctx, self.section_id, self.then = ctx, section_id, then

        def shown(result):
            self.show_rows(*result)
            if then is not None:
                then(self.open_count)
        ctx.run(self, lambda s: _load(s, section_id), on_done=on_live(self, shown))

    def show_rows(self, anchored: list, names: dict) -> None:
        self.tree.clear()
        items = {}
        self.open_count = 0
        for entry in anchored:
            row = entry.observation
            status = _("resuelta") if row.resolved else _(observations.ANCHOR_LABELS[entry.status])
            item = QTreeWidgetItem([_("{author}: {text}").format(author=names.get(row.author_id, "?"),
                                                                  text=row.body), row.quote, status])
            item.setToolTip(0, row.body)
            item.setData(0, IdRole, row.id)
            item.setData(0, ResolvedRole, bool(row.resolved))
            item.setData(0, Qt.ItemDataRole.UserRole, _("{text}\nFragmento: «{quote}»").format(
                text=item.text(0), quote=row.quote) if row.quote else item.text(0))
            parent = items.get(row.parent_id)
            (parent.addChild(item) if parent is not None else self.tree.addTopLevelItem(item))
            items[row.id] = item
            if row.parent_id is None and not row.resolved:
                self.open_count += 1
        self.tree.expandAll()
        self.highlight(anchored)
        self.empty.setVisible(not anchored)
        if self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        else:
            self._show_detail(None)
        self._sync()

    def highlight(self, anchored: list) -> None:
        """Highlight in the editor's text the passages of the open threads (they move with the text
        as the author edits, being cursors)."""
        if self.text_edit is None:
            return
        marks = []
        for entry in anchored:
            row = entry.observation
            if row.parent_id is None and not row.resolved and row.quote and entry.status in ANCHOR_COLOURS:
                cursor = find(self.text_edit.document(), row.quote)
                if cursor is not None:
                    marks.append(selection(cursor, ANCHOR_COLOURS[entry.status]))
        self.text_edit.set_marks("observations", marks)
