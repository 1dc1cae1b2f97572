"""The words of a search hit, highlighted in the section it opened (as a browser's find bar does).

The search box finds accent-blind; the hit's passage names the words as they are written in the
text, so those exact forms are looked for (case-insensitively). The highlight goes with the first
edit: by then the person has found what they came for.
"""

from PySide6.QtGui import QTextCursor, QTextDocument

from npmdesk.ui.common.marks import FOUND_COLOUR, selection

LAYER = "found"


class FoundWords:
    def __init__(self, text_edit):
        self.text_edit = text_edit
        self.words: list[str] = []
        # An edit the person makes (not the spelling highlighter's repaint, which also reports a change).
        text_edit.document().undoCommandAdded.connect(self.clear)

    def show(self, words: list[str], loaded: bool) -> None:
        """Highlight `words` now if the text is there, else when `apply` is called after loading."""
        self.words = [w for w in words if w.strip()]
        if loaded:
            self.apply()

    def apply(self) -> None:
        if not self.words:
            return
        document = self.text_edit.document()
        found = []
        for word in dict.fromkeys(self.words):
            cursor = QTextCursor(document)
            while not (cursor := document.find(word, cursor)).isNull():
                found.append(cursor)
        found.sort(key=QTextCursor.selectionStart)
        self.text_edit.set_marks(LAYER, [selection(c, FOUND_COLOUR, foreground="#000000") for c in found])
        if found:
            # The caret goes to the first hit without selecting it: a keystroke must not replace it.
            first = QTextCursor(document)
            first.setPosition(found[0].selectionStart())
            self.text_edit.setTextCursor(first)
            self.text_edit.ensureCursorVisible()
            # ensureCursorVisible leaves it on the last line; a third of the way down shows what leads to it.
            bar = self.text_edit.verticalScrollBar()
            top = self.text_edit.cursorRect(first).top()
            bar.setValue(bar.value() + top - self.text_edit.viewport().height() // 3)

    def clear(self) -> None:
        if self.words:
            self.words = []
            self.text_edit.set_marks(LAYER, [])
