"""The review screen as a place to read: formatted text, the observation margin linked to its
passages, the keyboard (shortcuts, Tab out of the list, focus on opening), the list above the
text on a narrow screen, and dividers that stay where the person left them."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from npmdesk.domain import model
from npmdesk.services.records import edit as records
from npmdesk.services.review import actions as review
from npmdesk.services.review import observations
from npmdesk.services.team import identity, roster
from npmdesk.ui.common import ops
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.common.marks import ANCHOR_COLOURS, CHOSEN_COLOUR
from npmdesk.ui.review.screen import open_review
from npmdesk.ui.shell.settings import AppSettings
from fast_kdf import FAST_KDF
from gui_support import application, settings, unlock  # noqa: F401

BODY = ("<p>Las celdas <b>no tienen ventilación</b> y el agua llega dos horas al día.</p>"
        "<ul><li>Pabellón 3: 40 personas.</li><li>Pabellón 4: 38 personas.</li></ul>"
        "<p>El médico atiende los martes.</p>")


@pytest.fixture
def sent(session):
    luis = records.save(session, model.TeamMember("Luis Abogado", "derecho", "autor"))
    identity.create_keys(session, session.actor.id)
    identity.create_keys(session, luis.id, "Frase personal de Luis 2026", kdf_params=FAST_KDF)
    roster.sign_roster(session)
    place = records.save(session, model.Place("Centro de Cumplimiento de Tocumen"))
    visit = records.save(session, model.Visit(place.id, "2026-05-10"))
    report = records.save(session, model.Report(visit.id, "Informe de visita", number="MNPT-2026-09"))
    ana, out = session.actor, []
    identity.unlock_identity(session, luis.id, "Frase personal de Luis 2026")
    for position, title in enumerate(("Trato", "Salud", "Personal"), start=1):
        section = records.save(session, model.Section(report.id, title, position=position, author_ids=[luis.id]))
        session.actor = luis
        records.save_section_body(session, section.id, BODY)
        session.actor = ana
        review.submit_section(session, section.id, as_member=luis.id)
        out.append(section)
    for quote, note in (("El médico atiende", "¿Y los demás días?"), ("no tienen ventilación", "Midan la temperatura.")):
        observations.add_observation(session, out[0].id, note, quote=quote, start=BODY.index(quote))
    return out


def open_screen(qtbot, session, width=1280, height=720):
    view = open_review(AppContext(session))
    qtbot.addWidget(view)
    view.resize(width, height)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(lambda: ops.running() == 0 and view.controller.detail is not None, timeout=15000)
    return view


def idle(qtbot):
    qtbot.waitUntil(lambda: ops.running() == 0, timeout=15000)


def test_the_text_keeps_its_formatting_and_takes_the_width(qtbot, session, sent):
    view = open_screen(qtbot, session)
    document = view.text.document()
    assert document.toPlainText().count("Pabellón") == 2
    lists = {document.findBlockByNumber(n).textList() is not None for n in range(document.blockCount())}
    assert lists == {True, False}  # the bullets are a list, not flattened into paragraphs
    cursor = document.find("no tienen ventilación")
    assert cursor.charFormat().fontWeight() >= 700  # bold stays bold
    for width, height in ((1024, 600), (1280, 720), (1920, 1080)):
        view.resize(width, height)
        QApplication.processEvents()
        assert view.text.width() > view.width() * 0.45, (width, view.text.width())
        assert view.text.width() > view.notes.width() and view.text.width() > view.queue.width() or width < 900


def test_the_margin_lists_observations_in_passage_order_and_follows_the_text(qtbot, session, sent):
    view = open_screen(qtbot, session)
    assert [view.notes.topLevelItem(i).text(0).split("\n")[0] for i in range(view.notes.topLevelItemCount())] == [
        "Ana Directora: Midan la temperatura.", "Ana Directora: ¿Y los demás días?"]
    colours = {s.format.background().color().name() for s in view.text.extraSelections()}
    assert colours == {ANCHOR_COLOURS["anclada"]}
    view.inner.setSizes([900, 160])  # a narrow margin: every thread wraps, and shows all its lines
    QApplication.processEvents()
    for i in range(view.notes.topLevelItemCount()):
        item = view.notes.topLevelItem(i)
        width = view.notes.visualItemRect(item).width()
        wrapped = view.notes.fontMetrics().boundingRect(0, 0, width - 8, 1 << 20, int(Qt.TextFlag.TextWordWrap),
                                                        item.text(0)).height()
        assert view.notes.visualItemRect(item).height() >= wrapped > 2 * view.notes.fontMetrics().height()
    # A click inside the highlighted passage about the doctor chooses its thread in the margin.
    at = view.text.document().find("atiende").selectionStart()
    cursor = view.text.textCursor()
    cursor.setPosition(at + 2)
    view.text.setTextCursor(cursor)
    assert view.notes.currentItem().text(0).startswith("Ana Directora: ¿Y los demás días?")
    chosen = [s for s in view.text.extraSelections() if s.format.background().color().name() == CHOSEN_COLOUR]
    assert [s.cursor.selectedText() for s in chosen] == ["El médico atiende"]
    # Choosing the other thread in the margin brings its passage into view, highlighted stronger.
    view.notes.setFocus()
    qtbot.keyClick(view.notes, Qt.Key.Key_Home)
    chosen = [s for s in view.text.extraSelections() if s.format.background().color().name() == CHOSEN_COLOUR]
    assert [s.cursor.selectedText() for s in chosen] == ["no tienen ventilación"]
    assert view.text.textCursor().position() == view.text.document().find("no tienen ventilación").selectionStart()


def test_keyboard_focus_shortcuts_and_no_tab_trap(qtbot, session, sent):
    view = open_screen(qtbot, session)
    assert view.queue.hasFocus()  # opening the screen puts the focus in it, on the list
    c = view.controller
    assert c.detail.section.title == "Trato"
    qtbot.keyClick(view.queue, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    idle(qtbot)
    assert c.detail.section.title == "Salud"
    qtbot.keyClick(view.queue, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot)
    assert c.detail.section.title == "Personal"
    qtbot.keyClick(view.queue, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    idle(qtbot)
    assert c.detail.section.title == "Salud"
    # Tab leaves the list at once and reaches the text, the decisions and the observation field.
    reached = []
    widget = view.queue
    for _ in range(14):
        qtbot.keyClick(QApplication.focusWidget() or widget, Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    assert reached[0] is not view.queue
    for wanted in (view.text, view.approve, view.return_, view.note_text):
        assert wanted in reached, wanted.accessibleName()
    # Ctrl+Alt+M goes to the observation field; Ctrl+Intro there adds the observation anchored
    # to the passage selected in the text, and does not approve.
    view.text.setFocus()
    cursor = view.text.document().find("dos horas al día")
    view.text.setTextCursor(cursor)
    qtbot.keyClick(view.text, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert view.note_text.hasFocus()
    qtbot.keyClicks(view.note_text, "Indique las horas.")
    qtbot.keyClick(view.note_text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot)
    salud = sent[1]
    assert [(r.observation.quote, r.observation.body) for r in observations.anchored(session, salud.id)] == [
        ("dos horas al día", "Indique las horas.")]
    assert records.get(session, model.Section, salud.id).state == "enviada"


def test_narrow_screen_puts_the_list_above_and_dividers_are_remembered(qtbot, session, sent):
    view = open_screen(qtbot, session, 800, 600)
    assert view.outer.orientation() == Qt.Orientation.Vertical
    assert view.text.width() > 0.6 * view.width()
    view.resize(1400, 800)
    QApplication.processEvents()
    assert view.outer.orientation() == Qt.Orientation.Horizontal
    # The person drags the text|observations divider; it is saved (sizes only) and comes back.
    handle = view.inner.handle(1)
    start = handle.rect().center()
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(handle, start + type(start)(-150, 0))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=start + type(start)(-150, 0))
    dragged = view.inner.sizes()
    qtbot.waitUntil(lambda: AppSettings().geometry("panes/review-inner") is not None, timeout=3000)
    raw = AppSettings().path.read_bytes()
    assert b"Trato" not in raw and b"Tocumen" not in raw and b"ventilaci" not in raw
    view.close()
    again = open_screen(qtbot, session, 1400, 800)
    assert abs(again.inner.sizes()[1] - dragged[1]) <= 2
    again.controller.reload()
    idle(qtbot)
    assert abs(again.inner.sizes()[1] - dragged[1]) <= 2  # loading another section does not move it


def test_opening_the_screen_from_the_menu_puts_the_focus_in_its_list(qtbot, application, sent,  # noqa: F811
                                                                     session, case_path, passphrase):
    session.close()
    application.begin(case_path)
    unlock(qtbot, application, passphrase)
    idle(qtbot)
    window = application.window
    window.search.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    idle(qtbot)
    view = application.main_controller.current_view
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.queue, timeout=5000)


def test_scrolling_the_text_brings_the_threads_of_the_passages_in_sight_beside_it(qtbot, session, sent):
    luis = next(m for m in records.select(session, model.TeamMember) if m.name == "Luis Abogado")
    report_id = sent[0].report_id
    body = "".join(f"<p>Párrafo {n}: el pabellón {n} tiene {n * 3} personas y una sola ducha.</p>"
                   for n in range(1, 81))
    section = records.save(session, model.Section(report_id, "Condiciones", position=9, author_ids=[luis.id]))
    ana = session.actor
    session.actor = luis
    records.save_section_body(session, section.id, body)
    session.actor = ana
    review.submit_section(session, section.id, as_member=luis.id)
    for n in range(5, 81, 5):
        quote = f"Párrafo {n}:"
        observations.add_observation(session, section.id, f"Nota sobre el pabellón {n}.", quote=quote,
                                     start=body.index(quote))
    view = open_screen(qtbot, session, 1280, 600)
    view.controller.reload(section.id)
    qtbot.waitUntil(lambda: ops.running() == 0 and view.controller.detail.section.id == section.id, timeout=15000)
    notes = view.notes
    assert notes.topLevelItemCount() == 16
    assert notes.itemAt(4, 4).text(0).startswith("Ana Directora: Nota sobre el pabellón 5.")
    def in_sight(n):
        item = next(notes.topLevelItem(i) for i in range(notes.topLevelItemCount())
                    if f"pabellón {n}." in notes.topLevelItem(i).text(0))
        return notes.viewport().rect().contains(notes.visualItemRect(item))
    def level(n):
        """The thread's text is on the line of its passage (the margin and the text scroll together)."""
        item = next(notes.topLevelItem(i) for i in range(notes.topLevelItemCount())
                    if f"pabellón {n}." in notes.topLevelItem(i).text(0))
        cursor = view.text.document().find(f"Párrafo {n}:")
        line = view.text.viewport().mapTo(view, view.text.cursorRect(cursor).topLeft()).y()
        top = notes.viewport().mapTo(view, notes.visualItemRect(item).topLeft()).y()
        thread = top + view.controller.notes.delegate.pad(notes.indexFromItem(item))
        return abs(thread - line) <= 2
    bar = view.text.verticalScrollBar()
    bar.setValue(bar.maximum() * 3 // 4)
    QApplication.processEvents()
    visible_from = view.text.cursorForPosition(view.text.viewport().rect().topLeft()).block().text()
    first_in_sight = int(visible_from.split(":")[0].split()[1])
    wanted = next(n for n in range(5, 81, 5) if n >= first_in_sight)
    assert wanted > 5 and in_sight(wanted) and not in_sight(5), visible_from
    assert level(wanted) and level(wanted + 5)
    bar.setValue(0)
    QApplication.processEvents()
    assert in_sight(5) and level(5) and level(10)
    # Scrolling the margin to read further scrolls the text with it.
    notes.verticalScrollBar().setValue(notes.verticalScrollBar().maximum() // 2)
    QApplication.processEvents()
    assert bar.value() == notes.verticalScrollBar().value() > 0


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_at_1024x600_and_150_percent_font_every_control_is_whole(qtbot, session, sent, scale):
    """The review screen in the central area of a 1024×600 main window (about 590×520), with the
    fonts at 100 % and 150 %: the text keeps the width and no button is cut."""
    app = QApplication.instance()
    before = app.font()
    font = app.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    app.setFont(font)
    try:
        view = open_screen(qtbot, session, 590, 520)
        QApplication.processEvents()
        assert view.text.width() >= 0.6 * view.width()
        for button in (view.approve, view.return_, view.add_note, view.reply, view.resolve, view.show_changes):
            assert button.width() >= button.sizeHint().width(), (button.text(), button.width())
            assert view.rect().contains(button.mapTo(view, button.rect().bottomRight()))
    finally:
        app.setFont(before)
