"""Highlighting passages in a QTextDocument shown with its formatting: the observed passages
(as a word processor highlights commented text) and those that could identify someone.

Passages are found by their text in the document (QTextDocument.find), so they are found in the
formatted text as well as in plain text; offsets into the plain reading are not used."""

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit

from npmdesk.ui.common.colours import INK_ON_TINT

ANCHOR_COLOURS = {"anclada": "#fff1a8", "reubicada": "#ffd9a8"}
CHOSEN_COLOUR = "#f5c542"  # the observation chosen in the margin
DISCLOSURE_COLOUR = "#ffd28a"  # the editor's mark for the same passages (ui/drafting/spell.py)
FOUND_COLOUR = "#a8d8ff"  # the words of a search hit in the section it opened (ui/drafting/found.py)


def find(document: QTextDocument, quote: str, nth: int = 0) -> QTextCursor | None:
    """The `nth` occurrence of `quote` in `document` (case-sensitive), or None."""
    if not quote:
        return None
    cursor = QTextCursor(document)
    for _ in range(nth + 1):
        cursor = document.find(quote, cursor, QTextDocument.FindFlag.FindCaseSensitively)
        if cursor.isNull():
            return None
    return cursor


def selection(cursor: QTextCursor, colour: str, underline: str | None = None,
              foreground: str = INK_ON_TINT) -> QTextEdit.ExtraSelection:
    chosen = QTextEdit.ExtraSelection()
    fmt = QTextCharFormat()
    fmt.setBackground(QColor(colour))
    fmt.setForeground(QColor(foreground))  # the tint stays light in a dark scheme: dark text on it
    if underline:
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(QColor(underline))
    chosen.cursor, chosen.format = cursor, fmt
    return chosen


def disclosure_marks(document: QTextDocument, text: str, marks: list) -> list:
    """The passages of `text` (start, end, reason) that could identify someone, found in `document`."""
    found = []
    for start, end, _reason in marks:
        passage = text[start:end]
        cursor = find(document, passage, text[:start].count(passage))
        if cursor is not None:
            found.append(selection(cursor, DISCLOSURE_COLOUR, "#b35c00"))
    return found
