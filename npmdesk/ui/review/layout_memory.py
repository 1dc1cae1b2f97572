"""The review screen's panes: remembered dividers, the list above or beside the text by width,
and the focus in the list when the screen opens (not left in the navigator's search box)."""

from PySide6.QtCore import QEvent, QObject, Qt

from npmdesk.ui.shell.panes import remember as remember_splitter

OUTER, INNER = "panes/review-outer", "panes/review-inner"


class _Fit(QObject):
    def __init__(self, view, restored: bool):
        super().__init__(view)
        self.view = view
        self.sized = restored  # a remembered layout is kept; otherwise sized once the width is known

    def eventFilter(self, watched, event) -> bool:
        if watched is self.view and event.type() == QEvent.Type.Resize:
            if self.view.fit() or not self.sized:
                self.view.default_sizes()
                self.sized = True
        elif watched is self.view and event.type() == QEvent.Type.Show:
            self.view.queue.setFocus(Qt.FocusReason.OtherFocusReason)
        return False


def remember(view) -> None:
    restored = remember_splitter(view.outer, OUTER) & remember_splitter(view.inner, INNER)
    view.fit_filter = _Fit(view, restored)
    view.installEventFilter(view.fit_filter)
