"""The formatting toolbar of the section editor and what each of its actions does to the text.

Only what the stored subset (domain/richtext.py) and the Word export keep is offered.
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (QAction, QFont, QKeySequence, QTextCharFormat, QTextCursor,
                           QTextFormat, QTextListFormat, QTextTableFormat)
from PySide6.QtWidgets import QToolBar

from npmdesk.i18n import _

HEADING_SIZES = {3: 15.0, 4: 12.5}


def toggle_char(edit, prop: str) -> None:
    cursor = edit.textCursor()
    current = edit.currentCharFormat()
    fmt = QTextCharFormat()
    if prop == "bold":
        fmt.setFontWeight(QFont.Weight.Normal if current.fontWeight() >= QFont.Weight.DemiBold
                          else QFont.Weight.Bold)
    elif prop == "italic":
        fmt.setFontItalic(not current.fontItalic())
    elif prop == "underline":
        fmt.setFontUnderline(not current.fontUnderline())
    cursor.mergeCharFormat(fmt)
    edit.mergeCurrentCharFormat(fmt)


def toggle_list(edit, style: QTextListFormat.Style) -> None:
    cursor = edit.textCursor()
    cursor.beginEditBlock()
    current = cursor.currentList()
    if current is not None and current.format().style() == style:
        for i in range(current.count() - 1, -1, -1):
            block = current.item(i)
            if cursor.selectionStart() < block.position() + block.length() and \
                    block.position() <= max(cursor.selectionEnd(), cursor.position()):
                current.remove(block)
        fmt = cursor.blockFormat()
        fmt.setIndent(0)
        cursor.setBlockFormat(fmt)
    else:
        fmt = QTextListFormat()
        fmt.setStyle(style)
        cursor.createList(fmt)
    cursor.endEditBlock()


def set_heading(edit, level: int) -> None:
    """Turn the current paragraph into a heading (3), a minor heading (4) or body text (0)."""
    cursor = edit.textCursor()
    cursor.beginEditBlock()
    block_fmt = cursor.blockFormat()
    block_fmt.setHeadingLevel(level)
    cursor.setBlockFormat(block_fmt)
    cursor.select(QTextCursor.SelectionType.BlockUnderCursor)
    char = QTextCharFormat()
    if level:
        char.setFontPointSize(HEADING_SIZES[level])
        char.setFontWeight(QFont.Weight.Bold)
    else:
        char.setProperty(QTextFormat.Property.FontPointSize, None)
        char.setFontWeight(QFont.Weight.Normal)
    cursor.mergeCharFormat(char)
    edit.mergeCurrentCharFormat(char)
    cursor.endEditBlock()


def insert_table(edit, rows: int = 2, columns: int = 3) -> None:
    fmt = QTextTableFormat()
    fmt.setBorder(1)
    fmt.setCellPadding(4)
    fmt.setCellSpacing(0)
    fmt.setBorderCollapse(True)
    cursor = edit.textCursor()
    cursor.insertTable(rows, columns, fmt)
    edit.setTextCursor(cursor)


def add_table_row(edit) -> bool:
    table = edit.textCursor().currentTable()
    if table is None:
        return False
    table.appendRows(1)
    return True


def insert_reference(edit, reference_html: str) -> None:
    """A reference to a finding at the cursor (replacing the selection), as one undoable step;
    what is typed next is ordinary text again."""
    cursor = edit.textCursor()
    cursor.beginEditBlock()
    cursor.insertHtml(reference_html)
    cursor.endEditBlock()
    edit.setTextCursor(cursor)
    edit.setCurrentCharFormat(without_link(cursor.charFormat()))


def without_link(fmt: QTextCharFormat) -> QTextCharFormat:
    """`fmt` without a link and the underline and colour Qt gives links."""
    plain = QTextCharFormat(fmt)
    plain.setAnchor(False)
    plain.setAnchorHref("")
    plain.setFontUnderline(False)
    plain.clearForeground()
    return plain


class FormatBar(QToolBar):
    """Buttons with accessible names, tooltips naming their shortcut; shortcuts work in the editor."""

    sig_insert_finding = Signal()
    """Fires when the person asks to insert a reference to a finding (button, shortcut or menu)."""
    sig_insert_note = Signal()
    """Fires when the person asks to insert a footnote (button or shortcut); ui/drafting/notes.py
    asks its text."""

    def __init__(self, edit, parent=None):
        super().__init__(parent)
        self.edit = edit
        self.setAccessibleName(_("Formato del texto"))
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.act_undo = self._add(_("Deshacer"), "↶", None, edit.undo, _("Deshacer (Ctrl+Z)"))
        self.act_redo = self._add(_("Rehacer"), "↷", None, edit.redo, _("Rehacer (Ctrl+Mayús+Z)"))
        self.addSeparator()
        self.act_bold = self._add(_("Negrita"), "N", "Ctrl+B", lambda: toggle_char(edit, "bold"),
                                  _("Negrita (Ctrl+B)"), checkable=True)
        self.act_italic = self._add(_("Cursiva"), "K", "Ctrl+I", lambda: toggle_char(edit, "italic"),
                                    _("Cursiva (Ctrl+I)"), checkable=True)
        self.act_underline = self._add(_("Subrayado"), "S", "Ctrl+U",
                                       lambda: toggle_char(edit, "underline"),
                                       _("Subrayado (Ctrl+U)"), checkable=True)
        self.addSeparator()
        self.act_heading = self._add(_("Título dentro de la sección"), _("Título"), "Ctrl+Alt+1",
                                     lambda: set_heading(edit, 3), _("Título (Ctrl+Alt+1)"))
        self.act_minor = self._add(_("Subtítulo dentro de la sección"), _("Subtítulo"), "Ctrl+Alt+2",
                                   lambda: set_heading(edit, 4), _("Subtítulo (Ctrl+Alt+2)"))
        self.act_body = self._add(_("Texto normal"), _("Normal"), "Ctrl+Alt+0",
                                  lambda: set_heading(edit, 0), _("Texto normal (Ctrl+Alt+0)"))
        self.addSeparator()
        self.act_bullets = self._add(_("Lista con viñetas"), "•", "Ctrl+Shift+8",
                                     lambda: toggle_list(edit, QTextListFormat.Style.ListDisc),
                                     _("Lista con viñetas (Ctrl+Mayús+8)"))
        self.act_numbers = self._add(_("Lista numerada"), "1.", "Ctrl+Shift+7",
                                     lambda: toggle_list(edit, QTextListFormat.Style.ListDecimal),
                                     _("Lista numerada (Ctrl+Mayús+7)"))
        self.act_table = self._add(_("Insertar tabla"), _("Tabla"), None, lambda: insert_table(edit),
                                   _("Insertar una tabla de 2 filas y 3 columnas"))
        self.act_row = self._add(_("Añadir fila a la tabla"), _("+ Fila"), None,
                                 lambda: add_table_row(edit), _("Añadir una fila a la tabla actual"))
        self.act_footnote = self._add(_("Insertar nota al pie"), _("Nota"), "Ctrl+Alt+F",
                                      self.sig_insert_note.emit, _("Nota al pie (Ctrl+Alt+F)"))
        self.act_finding = self._add(_("Insertar referencia a un hallazgo…"), _("Citar hallazgo"), "Ctrl+Alt+H",
                                     self.sig_insert_finding.emit,
                                     _("Insertar referencia a un hallazgo de la visita (Ctrl+Alt+H)"))
        self.act_finding.setText(_("Insertar referencia a un hallazgo…"))  # in the context menu
        self.act_finding.setIconText(_("Citar hallazgo"))  # on the toolbar
        edit.menu_actions.append(self.act_finding)
        self.addSeparator()
        self.act_spell = self._add(_("Revisión ortográfica"), _("Ortografía"), None, self._toggle_spell,
                                   _("Subrayar las palabras que el diccionario español no conoce"),
                                   checkable=True)
        self.act_spell.setChecked(True)
        edit.currentCharFormatChanged.connect(self.show_format)
        edit.cursorPositionChanged.connect(self._show_table)
        self._show_table()

    def _add(self, name: str, label: str, shortcut: str | None, slot, tip: str,
             checkable: bool = False) -> QAction:
        action = QAction(label, self)
        action.setToolTip(tip)
        action.setCheckable(checkable)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.edit.addAction(action)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        button = self.widgetForAction(action)
        if button is not None:
            button.setAccessibleName(name)
        return action

    def show_format(self, fmt: QTextCharFormat) -> None:
        self.act_bold.setChecked(fmt.fontWeight() >= QFont.Weight.DemiBold)
        self.act_italic.setChecked(fmt.fontItalic())
        self.act_underline.setChecked(fmt.fontUnderline())

    def _show_table(self) -> None:
        self.act_row.setEnabled(self.edit.textCursor().currentTable() is not None)

    def _toggle_spell(self) -> None:
        highlighter = self.edit.highlighter
        highlighter.spell_on = self.act_spell.isChecked()
        highlighter.rehighlight()
