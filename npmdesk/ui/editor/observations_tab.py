"""The section editor's «Observaciones» tab: what the reviewers said about this section, so that
the author of a section returned with observations can read them beside the text.

Read-only: observations are added, answered and resolved on the review screen.
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from npmdesk.i18n import _
from npmdesk.services import observations, review_queue
from npmdesk.ui.forms.base import on_live


def _load(session, section_id: str):
    return observations.anchored(session, section_id), review_queue.members(session)


class ObservationsPanel(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.intro = QLabel(_("Observaciones de la revisión. Se responden y se marcan como resueltas "
                              "en Revisión → Secciones por revisar."))
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
        layout.addWidget(self.intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.empty)
        self.open_count = 0
        self.tree.currentItemChanged.connect(self._show_detail)

    def _show_detail(self, item, _previous=None) -> None:
        """The whole text of the chosen observation, which the narrow column cuts."""
        self.detail.setText(item.data(0, Qt.ItemDataRole.UserRole) if item is not None else "")

    def load(self, ctx, section_id: str, then=None) -> None:
        """Read the observations off the GUI thread; `then(open_count)` once they are shown."""
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
            item.setData(0, Qt.ItemDataRole.UserRole, _("{text}\nFragmento: «{quote}»").format(
                text=item.text(0), quote=row.quote) if row.quote else item.text(0))
            parent = items.get(row.parent_id)
            (parent.addChild(item) if parent is not None else self.tree.addTopLevelItem(item))
            items[row.id] = item
            if row.parent_id is None and not row.resolved:
                self.open_count += 1
        self.tree.expandAll()
        self.empty.setVisible(not anchored)
        if self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        else:
            self._show_detail(None)
