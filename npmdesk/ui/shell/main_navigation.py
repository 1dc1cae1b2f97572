"""Going to a given record in the main window: reveal it in the navigator, open a search hit,
and tell where the person is so that a lock can bring them back.

A mixin of MainController (ui/shell/main_controller.py), which provides the navigator model, the
window, `leave`, `_show`, `_record_view`, `_apply`, `_live` and `show_screen`.
"""

from shiboken6 import isValid

from npmdesk.ui.shell.navigator import GROUP, RECORD, KeyRole, group_key, record_key
from npmdesk.ui.shell.tree_data import reveal_data, tree_target
from npmdesk.ui.common.views import view_for
from npmdesk.ui.tracking.views import SCREENS as TRACKING_SCREENS

NEW = "new"
OTHER = "other"
SCREEN = "view"  # item-key kind of screens that are not records (the recommendations overview)
REVIEW = "review"  # item-key kind of the Revisión menu's screens (review_menu.KIND)


class Navigation:
    """reveal, open_hit, state and restore of the main controller."""

    def reveal(self, entity: str, record_id: str, open_it: bool = True) -> None:
        """Show (entity, record_id) in the navigator, loading the groups on its way, and open it."""
        def shown(result):
            path, groups = result
            if open_it and not path:
                if self.leave():
                    self._show(self._record_view(entity, record_id, None),
                               (OTHER, entity, record_id))
                return
            self._apply(groups)
            key = record_key(entity, record_id)
            index = self.model.index_for(key)
            if not index.isValid():
                return
            parent = index.parent()
            while parent.isValid():
                self.window.tree.expand(parent)
                parent = parent.parent()
            self.window.tree.scrollTo(index)
            if open_it:
                self.window.tree.setCurrentIndex(index)
            else:
                self._quiet = True
                self.window.tree.setCurrentIndex(index)
                self._quiet = False

        self.ctx.run(self.window, lambda s: reveal_data(s, entity, record_id),
                     on_done=self._live(shown))

    def open_hit(self, entity: str, record_id: str) -> None:
        def target(found):
            if found is None:
                if self.leave():
                    self._show(self._record_view(entity, record_id, None), (OTHER, entity, record_id))
                return
            if found[0] != entity and view_for(entity) is not None:
                # A section has no row of its own: its report is selected, its editor opens.
                if self.leave():
                    self.reveal(*found, open_it=False)
                    self._show(self._record_view(entity, record_id, None), (OTHER, entity, record_id))
                return
            self.reveal(*found)
            self.window.tree.setFocus()

        self.ctx.run(self.window, lambda s: tree_target(s, entity, record_id),
                     on_done=self._live(target))

    def state(self) -> tuple | None:
        """Where the person is, as an item key to give back to `restore` after a lock.

        A screen that has a selection of its own (the review queue, the recommendations
        overview) gives it through its `restore_point()`, kept as the key's record id.
        """
        key = self.current_key
        if key and key[0] == NEW:
            index = self.window.tree.currentIndex()
            return index.data(KeyRole) if index.isValid() else None
        view = self.current_view
        point = getattr(view, "restore_point", None) if view is not None and isValid(view) else None
        if key and key[0] in (REVIEW, SCREEN) and callable(point):
            return key[0], key[1], point() or key[2]
        return key

    def restore(self, key: tuple) -> None:
        kind, entity, ident = key
        if kind in (RECORD, OTHER) and ident:
            self.open_hit(entity, ident)
        elif kind == GROUP and ident:
            owner_entity = "place" if entity == "visit" else "visit"

            def select_group(_result=None):
                index = self.model.index_for(group_key(entity, ident))
                if index.isValid():
                    self.window.tree.expand(index.parent())
                    self.window.tree.setCurrentIndex(index)

            self.ctx.run(self.window, lambda s: reveal_data(s, owner_entity, ident),
                         on_done=self._live(lambda r: (self._apply(r[1]), select_group())))
        elif kind == REVIEW:
            self.review_menu.show(entity, ident or None)
        elif kind == SCREEN and entity in TRACKING_SCREENS:
            self.show_screen(entity, ident or None)
        else:
            self.window.tree.setCurrentIndex(self.model.top_index())
