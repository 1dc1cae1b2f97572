"""The review screen's panes: remembered dividers, the list above or beside the text by width,
and the focus in the list when the screen opens (not left in the navigator's search box)."""

from PySide6.QtCore import QEvent, QObject, Qt

from npmdesk.ui.shell.panes import remember as remember_splitter

OUTER, INNER = "panes/review-outer", "panes/review-inner"


class _Fit(QObject):
    def __init__(self, view, outer_restored: bool, inner_restored: bool):
        super().__init__(view)
        self.view = view
        # A remembered divider is kept; the others are sized once the real width is known.
        self.outer_sized, self.inner_sized = outer_restored, inner_restored

    def eventFilter(self, watched, event) -> bool:
        if watched is self.view and event.type() == QEvent.Type.Resize:
            moved = self.view.fit()  # the list changed side: its old sizes mean nothing now
            if moved or not self.outer_sized or not self.inner_sized:
                self.view.default_sizes(outer=moved or not self.outer_sized, inner=not self.inner_sized)
                self.outer_sized = self.inner_sized = True
        elif watched is self.view and event.type() == QEvent.Type.Show:
            self.view.queue.setFocus(Qt.FocusReason.OtherFocusReason)
        return False


def remember(view) -> None:
    view.fit_filter = _Fit(view, remember_splitter(view.outer, OUTER), remember_splitter(view.inner, INNER))
    view.installEventFilter(view.fit_filter)
