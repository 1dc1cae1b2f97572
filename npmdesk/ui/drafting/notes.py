"""Footnotes in the section editor: «Insertar nota al pie» asks the note's text and puts its
number at the cursor; the «Notas al pie» tab lists every note with its text, and editing one
there changes it in place. In the text a note is a superscript number carrying its text as a
link (richtext.NOTE_LINK), the form Qt keeps and sanitize() stores; hovering it shows the text.
"""

from urllib.parse import quote, unquote

from PySide6.QtCore import QObject
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QListWidget, QPlainTextEdit,
                               QPushButton, QVBoxLayout, QWidget)

from npmdesk.domain import richtext
from npmdesk.i18n import _
from npmdesk.ui.common.colours import tone
from npmdesk.ui.drafting.formatting import without_link
from npmdesk.ui.records.widgets import name_widget


class NoteDialog(QDialog):
    """The text of a footnote, new or to be changed."""

    def __init__(self, text: str = "", parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Nota al pie"))
        self.text = name_widget(QPlainTextEdit(), _("Texto de la nota al pie"))
        self.text.setPlainText(text)
        self.text.setTabChangesFocus(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.text.textChanged.connect(lambda: self.ok.setEnabled(bool(self.value())))
        self.ok.setEnabled(bool(self.value()))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Texto de la nota (se imprime al pie de la página en el documento Word):")))
        layout.addWidget(self.text)
        layout.addWidget(buttons)

    def value(self) -> str:
        return richtext.note_text(self.text.toPlainText())

    @classmethod
    def ask(cls, parent, text: str = "") -> str | None:
        dialog = cls(text, parent)
        try:
            return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted and dialog.value() else None
        finally:
            dialog.deleteLater()


def note_href(text: str) -> str:
    return richtext.NOTE_LINK + quote(text, safe="")


def note_of(href: str) -> str:
    """The text of the note a link target carries, or '' when it is not a note."""
    return unquote(href[len(richtext.NOTE_LINK):]) if href.startswith(richtext.NOTE_LINK) else ""


def notes_in(document) -> list[tuple[int, int, str]]:
    """(position, length, text) of each note's number in `document`, in order."""
    found = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            text = note_of(fragment.charFormat().anchorHref()) if fragment.charFormat().isAnchor() else ""
            if text:
                found.append((fragment.position(), fragment.length(), text))
            it += 1
        block = block.next()
    return found


def _mark_format(text: str) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setAnchor(True)
    fmt.setAnchorHref(note_href(text))
    fmt.setToolTip(text)
    fmt.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSuperScript)
    fmt.setForeground(tone("note"))  # readable on the dark field of a dark scheme too
    return fmt


def _renumber(document) -> None:
    """Numbers 1… in the order of the text (the export leaves numbering to Word; this is what
    the author sees), changed from the last so earlier positions stay valid."""
    notes = notes_in(document)
    for number, (position, length, text) in reversed(list(enumerate(notes, 1))):
        if document.toPlainText()[position:position + length] != str(number):
            cursor = QTextCursor(document)
            cursor.setPosition(position)
            cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(str(number), _mark_format(text))


def insert_note(edit, text: str) -> None:
    """A note with `text` at the cursor (after the selection), numbered; one undoable step."""
    cursor = edit.textCursor()
    cursor.beginEditBlock()
    cursor.setPosition(cursor.selectionEnd())
    cursor.insertText("0", _mark_format(text))
    position = cursor.position()
    _renumber(edit.document())
    cursor.endEditBlock()
    after = QTextCursor(edit.document())
    after.setPosition(min(position, edit.document().characterCount() - 1))
    edit.setTextCursor(after)
    plain = without_link(after.charFormat())
    plain.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignNormal)
    plain.setToolTip("")
    edit.setCurrentCharFormat(plain)


def set_note(edit, index: int, text: str) -> bool:
    """The `index`-th note (0-based) now reads `text`; False when there is no such note."""
    notes = notes_in(edit.document())
    if not 0 <= index < len(notes):
        return False
    position, length, _old = notes[index]
    cursor = QTextCursor(edit.document())
    cursor.setPosition(position)
    cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
    cursor.mergeCharFormat(_mark_format(text))
    return True


class NotesPanel(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.list = name_widget(QListWidget(), _("Notas al pie"))
        self.list.setWordWrap(True)
        self.edit_button = name_widget(QPushButton(_("&Editar la nota…")), _("Editar la nota elegida"))
        self.edit_button.setEnabled(False)
        self.empty = QLabel(_("La sección no tiene notas al pie. Use «Nota» (Ctrl+Alt+F) para añadir una."))
        self.empty.setWordWrap(True)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        self.list.currentRowChanged.connect(lambda row: self.edit_button.setEnabled(row >= 0))


class NotesController(QObject):
    """Inserting and editing notes, and keeping the panel's list as the text has them."""

    def __init__(self, edit, toolbar, panel: NotesPanel, parent=None):
        super().__init__(parent)
        self.edit, self.panel = edit, panel
        toolbar.sig_insert_note.connect(self.insert)
        edit.sig_pasted.connect(lambda _characters: self.renumber())
        panel.edit_button.clicked.connect(lambda: self.change(panel.list.currentRow()))
        panel.list.itemActivated.connect(lambda item: self.change(panel.list.row(item)))

    def insert(self) -> None:
        if self.edit.isReadOnly():
            return
        text = NoteDialog.ask(self.edit)
        if text:
            insert_note(self.edit, text)
            self.refresh()

    def renumber(self) -> None:
        """Numbers in text order again, in the same undo step as the paste that brought notes."""
        if not notes_in(self.edit.document()):
            return
        cursor = QTextCursor(self.edit.document())
        cursor.joinPreviousEditBlock()
        _renumber(self.edit.document())
        cursor.endEditBlock()
        self.refresh()

    def change(self, index: int) -> None:
        notes = notes_in(self.edit.document())
        if self.edit.isReadOnly() or not 0 <= index < len(notes):
            return
        text = NoteDialog.ask(self.edit, notes[index][2])
        if text and set_note(self.edit, index, text):
            self.refresh()

    def refresh(self) -> None:
        notes = [text for _position, _length, text in notes_in(self.edit.document())]
        row = self.panel.list.currentRow()
        self.panel.list.clear()
        for number, text in enumerate(notes, 1):
            self.panel.list.addItem(f"{number}. {text}")
        self.panel.list.setCurrentRow(min(row, len(notes) - 1))
        self.panel.empty.setVisible(not notes)
        self.panel.edit_button.setEnabled(bool(notes) and self.panel.list.currentRow() >= 0
                                          and not self.edit.isReadOnly())
