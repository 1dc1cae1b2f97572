"""The navigator's context menu (right click, the Menu key, Shift+F10): open the item and create
what belongs under it, with the main window's own actions (same texts, shortcuts and rules)."""

from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QMenu

from npmdesk.i18n import _
from npmdesk.ui.shell.navigator import GROUP, RECORD
from npmdesk.ui.shell.tree_data import CHILD_GROUPS


class NavigatorMenu(QObject):
    """Installed on the main controller's tree; `menu` is the one shown last (tests read it)."""

    def __init__(self, controller):
        super().__init__(controller)
        self.controller = controller
        self.menu: QMenu | None = None
        tree = controller.window.tree
        # An event filter rather than customContextMenuRequested: only the event says whether
        # the mouse (point at the item under it) or the keyboard (the current item) asked.
        tree.viewport().installEventFilter(self)
        tree.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() != QEvent.Type.ContextMenu:
            return False
        tree = self.controller.window.tree
        mouse = event.reason() == QContextMenuEvent.Reason.Mouse
        self.show_at(tree.viewport().mapFromGlobal(event.globalPos()) if mouse else None)
        return True

    def show_at(self, pos: QPoint | None) -> None:
        """The menu for the item at `pos` (viewport coordinates), or for the current item."""
        controller, tree = self.controller, self.controller.window.tree
        index = tree.indexAt(pos) if pos is not None else tree.currentIndex()
        if not index.isValid():
            return
        tree.setCurrentIndex(index)  # a right click selects what it points at, as file managers do
        pos = tree.visualRect(index).center() if pos is None else pos
        node = controller.model.node(index)
        if node is None:
            return
        menu = QMenu(tree)
        menu.setAccessibleName(_("Acciones del elemento"))
        open_action = menu.addAction(_("&Abrir"))
        open_action.triggered.connect(lambda: controller.leave() and controller.show_index(index))
        kinds = (node.entity,) if node.kind == GROUP else CHILD_GROUPS.get(node.entity, ()) \
            if node.kind == RECORD else ()
        controller.update_new_actions()
        news = [controller.window.act_new[k] for k in kinds if k in controller.window.act_new]
        if news:
            menu.addSeparator()
            for action in news:
                menu.addAction(action)
        menu.addSeparator()
        menu.addAction(controller.window.act_refresh)
        self.menu = menu
        menu.popup(tree.viewport().mapToGlobal(pos))
