"""The QTextEdit of a section: paste reduced to the stored subset, spelling suggestions."""

from urllib.parse import unquote

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QTextEdit, QToolTip

from npmdesk.domain import richtext
from npmdesk.i18n import _
from npmdesk.ui.drafting.formatting import without_link
from npmdesk.ui.drafting.spell import Highlighter, Spelling, dictionary


TABLE_LOOK = '<table border="1" cellspacing="0" cellpadding="4" width="100%">'


def editor_html(clean: str) -> str:
    """Stored (sanitized) HTML as the editor shows it: tables with their grid visible, footnotes
    as links to their text (Qt keeps a link, not a data attribute). The look is not stored;
    saving reduces it to the subset again."""
    if 'class="fn" data-nota=' in clean:
        clean = richtext.to_html(richtext.parse(clean), editor=True)
    return clean.replace("<table>", TABLE_LOOK)


class SectionTextEdit(QTextEdit):
    sig_pasted = Signal(int)
    """Fires after a paste was inserted: how many characters of text it brought."""
    sig_follow = Signal(str)
    """Fires on Ctrl+click on a reference to a finding: the id of the finding."""
    sig_add_word = Signal(str)
    """Fires on "Añadir al diccionario": the word, for the case file's dictionary."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAcceptRichText(True)
        self.setTabChangesFocus(False)
        self.spelling = Spelling()
        self.highlighter = Highlighter(self.document(), self.spelling)
        self.menu_actions: list = []
        """Editor actions offered at the top of the context menu (the toolbar adds them)."""
        self._marks: dict[str, list] = {}
        self.cursorPositionChanged.connect(self._leave_link_at_its_end)

    def set_marks(self, layer: str, selections: list) -> None:
        """Show `selections` as the highlights of `layer` (the observed passages, a search hit's
        words), keeping the other layers' highlights."""
        self._marks[layer] = selections
        self.setExtraSelections([s for marks in self._marks.values() for s in marks])

    def _leave_link_at_its_end(self) -> None:
        """Text typed right after a reference to a finding does not become part of it."""
        cursor = self.textCursor()
        if cursor.hasSelection() or not self.currentCharFormat().isAnchor():
            return
        after = QTextCursor(cursor)
        moved = after.movePosition(QTextCursor.MoveOperation.NextCharacter)
        if moved and after.block() == cursor.block() and \
                after.charFormat().anchorHref() == self.currentCharFormat().anchorHref():
            return
        self.setCurrentCharFormat(without_link(self.currentCharFormat()))

    # References to findings ------------------------------------------------
    def finding_at(self, point) -> str:
        """Id of the finding whose reference is under `point` (viewport coordinates), or ''."""
        target = self.anchorAt(point)
        return target[len(richtext.FINDING_LINK):] if target.startswith(richtext.FINDING_LINK) else ""

    def mouseReleaseEvent(self, event) -> None:
        found = self.finding_at(event.position().toPoint())
        if found and event.button() == Qt.MouseButton.LeftButton and \
                event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.sig_follow.emit(found)
            return
        super().mouseReleaseEvent(event)

    def note_at(self, point) -> str:
        """The text of the footnote whose number is under `point` (viewport coordinates), or ''."""
        target = self.anchorAt(point)
        return unquote(target[len(richtext.NOTE_LINK):]) if target.startswith(richtext.NOTE_LINK) else ""

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip and self.finding_at(event.pos()):
            QToolTip.showText(event.globalPos(), _("Ctrl+clic: abrir el hallazgo citado"), self.viewport())
            return True
        if event.type() == QEvent.Type.ToolTip and self.note_at(event.pos()):
            QToolTip.showText(event.globalPos(), _("Nota al pie: {text}").format(text=self.note_at(event.pos())),
                              self.viewport())
            return True
        return super().viewportEvent(event)

    # Paste -----------------------------------------------------------------
    def canInsertFromMimeData(self, source) -> bool:
        return source.hasHtml() or source.hasText()

    def insertFromMimeData(self, source) -> None:
        """Whatever was copied (Word, a web page, plain text) enters as the stored subset."""
        raw = source.html() if source.hasHtml() else source.text()
        if not source.hasHtml():
            raw = raw.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            raw = "".join(f"<p>{line}</p>" for line in raw.split("\n"))
        clean = richtext.sanitize(raw)
        if not clean:
            return
        cursor = self.textCursor()
        self.highlighter.exact = True  # a paste is marked whole at once (Qt marks at the block's end)
        try:
            cursor.beginEditBlock()
            cursor.insertHtml(editor_html(clean))
            cursor.endEditBlock()
        finally:
            self.highlighter.exact = False
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        self.sig_pasted.emit(len(richtext.plain_text(clean)))

    # Spelling --------------------------------------------------------------
    def contextMenuEvent(self, event) -> None:
        pos = event.pos()
        if event.reason() == event.Reason.Keyboard:  # Menu key: at the text cursor, not the mouse
            pos = self.cursorRect().center()
        self.show_menu(pos)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_F10 and event.modifiers() == Qt.KeyboardModifier.ShiftModifier:
            self.show_menu(self.cursorRect().center())  # Shift+F10, the other keyboard way in
            return
        super().keyPressEvent(event)

    def show_menu(self, pos) -> None:
        """The context menu at `pos` (viewport coordinates), not blocking (tests drive it)."""
        menu = self.context_menu(pos)
        menu.aboutToHide.connect(menu.deleteLater)
        menu.popup(self.viewport().mapToGlobal(pos))

    def context_menu(self, pos):
        """The standard menu, the editor's actions and, on an unknown word, the spelling choices."""
        menu = self.createStandardContextMenu(self.viewport().mapToGlobal(pos))
        if self.menu_actions and not self.isReadOnly():
            first = menu.actions()[0] if menu.actions() else None
            for action in self.menu_actions:
                menu.insertAction(first, action)
            menu.insertSeparator(first)
        cursor = self.cursorForPosition(pos)
        block = cursor.block()
        found = self.highlighter.word_at(block.text(), cursor.positionInBlock())
        if not (found and self.highlighter.spell_on and not self.isReadOnly()):
            return menu
        dictionary()  # the first right-click waits for a load under way rather than offer nothing
        if self.spelling.is_known(found[2]):
            return menu
        start, end, word = found
        first = menu.actions()[0] if menu.actions() else None
        suggestions = self.spelling.suggestions(word)
        if not suggestions:
            none = menu.addAction(_("Sin sugerencias"))
            none.setEnabled(False)
            menu.insertAction(first, none)
        for suggestion in suggestions:
            action = menu.addAction(suggestion)
            action.triggered.connect(
                lambda _c=False, s=suggestion: self.replace_in_block(block.position(), start, end, s))
            menu.insertAction(first, action)
        menu.insertSeparator(first)
        add = menu.addAction(_("Añadir al diccionario"))
        add.setToolTip(_("Se guarda en el expediente y vale en todas las computadoras que lo abran."))
        add.triggered.connect(lambda _c=False: self.sig_add_word.emit(word))
        ignore = menu.addAction(_("Ignorar"))
        ignore.setToolTip(_("No se marca más mientras esta sección siga abierta."))
        ignore.triggered.connect(lambda _c=False: self.ignore_word(word))
        for action in (add, ignore):
            menu.insertAction(first, action)
        menu.insertSeparator(first)
        return menu

    def ignore_word(self, word: str) -> None:
        self.spelling.ignored.add(word.lower())
        self.highlighter.refresh()

    def accept_words(self, words) -> None:
        """The case file's dictionary, as stored (on opening, and after a word was added)."""
        self.spelling.added = {w.lower() for w in words}
        self.highlighter.refresh()

    def replace_in_block(self, block_position: int, start: int, end: int, text: str) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(block_position + start)
        cursor.setPosition(block_position + end, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(text)
