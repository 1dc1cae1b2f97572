"""The desktop's dark (or high-contrast) scheme followed: the widgets npmdesk colours itself stay
readable, at least WCAG AA's 4.5:1 for text, on the dark palette such a desktop gives Qt as on
the light one. Before, an error was dark red on near-black, and a highlighted passage light grey
on light yellow (the observed passage in the review screen could not be read at all)."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication, QLabel, QTextEdit

from dark_palette import dark_palette
from npmdesk.ui.common import colours, marks
from npmdesk.ui.common.dates import DateField
from npmdesk.ui.drafting.notes import insert_note, notes_in
from npmdesk.ui.safekeeping import passphrase
from npmdesk.ui.shell.widgets import message_label, show_message
from npmdesk.ui.tracking import chart

AA = 4.5


def high_contrast() -> QPalette:
    palette = QPalette()
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Button):
        palette.setColor(role, QColor("#000000"))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(role, QColor("#ffffff"))
    return palette


@pytest.fixture(params=["light", "dark", "high contrast"])
def scheme(qapp, request):
    before = QApplication.palette()
    wanted = {"light": QApplication.style().standardPalette(), "dark": dark_palette(),
              "high contrast": high_contrast()}[request.param]
    QApplication.setPalette(wanted)
    yield QApplication.palette()
    QApplication.setPalette(before)


def drawn(label: QLabel) -> tuple[QColor, QColor]:
    """The text and background colours Qt paints the label with, its style sheet applied."""
    label.ensurePolished()
    palette = label.palette()
    return palette.color(label.foregroundRole()), palette.color(label.backgroundRole())


def test_every_tone_reads_on_windows_and_fields_of_the_scheme(scheme):
    for name in colours.TONES:
        for ground in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
            ratio = colours.contrast(colours.tone(name), scheme.color(ground))
            assert ratio >= AA, (name, ground, round(ratio, 2))


def test_messages_and_date_errors_read_in_the_scheme(qtbot, scheme):
    for error in (True, False):
        label = message_label()
        qtbot.addWidget(label)
        show_message(label, "La fecha de fin es anterior a la de inicio.", error=error)
        text, ground = drawn(label)
        assert ground == scheme.color(QPalette.ColorRole.Window)
        assert colours.contrast(text, ground) >= AA
    field = DateField()
    qtbot.addWidget(field)
    assert colours.contrast(*drawn(field.message)) >= AA


def test_warning_boxes_keep_dark_text_on_their_light_tint(qtbot, scheme):
    label = QLabel("Guarde esta frase en un lugar seguro.")
    qtbot.addWidget(label)
    label.setStyleSheet(colours.WARNING_BOX)
    text, ground = drawn(label)
    assert ground == QColor("#fff4e5")
    assert colours.contrast(text, ground) >= AA


def test_highlighted_passages_keep_their_text_readable(qtbot, scheme):
    view = QTextEdit()
    qtbot.addWidget(view)
    view.setPlainText("El equipo recibió alegaciones concordantes de malos tratos.")
    cursor = marks.find(view.document(), "El equipo recibió alegaciones")
    tints = list(marks.ANCHOR_COLOURS.values()) + [marks.CHOSEN_COLOUR, marks.FOUND_COLOUR]
    chosen = [marks.selection(cursor, tint) for tint in tints]
    chosen += marks.disclosure_marks(view.document(), view.toPlainText(), [(0, 9, "nombre")])
    for selection in chosen:
        fmt = selection.format
        # A format that sets no text colour is drawn in the palette's: light, in a dark scheme.
        text = fmt.foreground().color() if fmt.foreground().style() != Qt.BrushStyle.NoBrush \
            else scheme.color(QPalette.ColorRole.Text)
        assert colours.contrast(text, fmt.background().color()) >= AA


def test_a_footnote_number_reads_on_the_editor_field(qtbot, scheme):
    edit = QTextEdit()
    qtbot.addWidget(edit)
    edit.setPlainText("Informe")
    edit.moveCursor(QTextCursor.MoveOperation.End)
    insert_note(edit, "Ley 6 de 2017")
    (start, _end, _text), = notes_in(edit.document())
    cursor = QTextCursor(edit.document())
    cursor.setPosition(start + 1)
    colour = cursor.charFormat().foreground().color()
    assert colours.contrast(colour, scheme.color(QPalette.ColorRole.Base)) >= AA


def test_the_strength_meter_and_the_chart_bars_carry_their_own_text_colour():
    for tint in list(passphrase.STRENGTH_TINTS.values()) + [passphrase.METER_GROOVE]:
        assert colours.contrast(QColor(passphrase.METER_TEXT), QColor(tint)) >= AA
    for bar in chart.PALETTE:
        assert colours.contrast(colours.ink_on(QColor(bar)), QColor(bar)) >= AA
