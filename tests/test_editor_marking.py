"""The editor marks a long text in the background and, while typing, only what changed
(ui/drafting/marking.py): once it is done, every paragraph's marks, the word count and the
confidentiality list must be exactly what marking the whole text at once gives, over random edits."""

import random

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QTextDocument

from npmdesk.domain import model, richtext
from npmdesk.services.archive import disclosure
from npmdesk.services.records import edit as records
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.drafting import spell
from npmdesk.ui.records.base import short
from npmdesk.ui.drafting.editor_controller import open_section
from editor_support import drain, open_editor
from formkit import make_visit

WORDS = "la celda tenía ventilación según la médica Pérez dijo E-02 cédula 8-123-4567 tortrua y".split()


@pytest.fixture(autouse=True)
def operations_finish(qtbot, session):
    yield
    drain()


@pytest.fixture
def section(session):
    visit = make_visit(session)
    records.add_interview(session, model.Interview(visit_id=visit.id, real_identity="Juan Pérez Gómez",
                                                   consent_interview=True, consent_report=True))
    records.add_interview(session, model.Interview(visit_id=visit.id, consent_interview=True,
                                                   consent_report=False))
    report = records.save(session, model.Report(visit_id=visit.id, title="Informe", number="MNPT-2026-1"))
    rng = random.Random(3)
    body = "".join(f"<p>{' '.join(rng.choice(WORDS) for _ in range(rng.randint(3, 30)))}</p>" for _ in range(120))
    return records.save(session, model.Section(report_id=report.id, title="Trato", position=0, body=body))


def _marks(document) -> list:
    out, block = [], document.begin()
    while block.isValid():
        out.append(sorted((r.start, r.length, r.format.underlineStyle(), r.format.background().color().name())
                          for r in block.layout().formats()))
        block = block.next()
    return out


def _full(view) -> list:
    """The marks of the same text highlighted whole, in one pass, every word looked up."""
    document = QTextDocument()
    document.setHtml(view.edit.document().toHtml())
    highlighter = spell.Highlighter(document, view.edit.spelling)
    highlighter.watch = view.edit.highlighter.watch
    highlighter.exact = True
    highlighter.rehighlight()
    marks = _marks(document)
    highlighter.setDocument(None)
    return marks


def test_background_and_typing_marks_equal_a_whole_marking(qtbot, session, section):
    view = open_editor(qtbot, AppContext(session), section.id)
    spell.dictionary()
    qtbot.waitUntil(lambda: view.controller.marks.done, timeout=30000)
    rng = random.Random(11)
    for _round in range(6):
        for _edit in range(8):
            cursor = view.edit.textCursor()
            cursor.setPosition(rng.randrange(view.edit.document().characterCount() - 1))
            view.edit.setTextCursor(cursor)
            kind = rng.random()
            if kind < 0.5:
                qtbot.keyClicks(view.edit, " " + rng.choice(WORDS).encode("ascii", "ignore").decode())
            elif kind < 0.7:
                qtbot.keyClick(view.edit, Qt.Key.Key_Return)
            elif kind < 0.85:
                for _ in range(rng.randint(1, 6)):
                    qtbot.keyClick(view.edit, Qt.Key.Key_Backspace)
            else:
                view.edit.insertPlainText(f" {rng.choice(WORDS)} ")  # accented, as an input method does
        qtbot.waitUntil(lambda: view.controller.marks.done, timeout=30000)
        assert _marks(view.edit.document()) == _full(view)
        text = view.edit.toPlainText()
        count = richtext.word_count(text)
        assert view.words.text() == f"{count} palabras"
        found = disclosure.passages(((None, line) for line in text.split("\n")), view.edit.highlighter.watch)
        listed = min(len(found), 200)
        assert view.warnings.count() == listed + (len(found) > 200)  # then "… y N más."
        assert [view.warnings.item(i).text() for i in range(listed)] == \
            [f"«{short(p.text, 60)}»: {p.reason}" for p in found[:200]]


class _FirstPaint(QObject):
    """What the editor's text looks like when it is first painted: the marks of the blocks on
    screen, and whether each block of the text was marked yet."""

    def __init__(self, view):
        super().__init__()
        self.view, self.shown, self.states = view, None, None
        view.edit.viewport().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint and self.shown is None and self.view.controller.ready:
            edit = self.view.edit
            first = edit.cursorForPosition(QPoint(0, 0)).block().blockNumber()
            last = edit.cursorForPosition(QPoint(edit.viewport().width() - 1,
                                                 edit.viewport().height() - 1)).block().blockNumber()
            self.shown = (first, _marks(edit.document())[first:last + 1])
            block, self.states = edit.document().begin(), []
            while block.isValid():
                self.states.append(block.userState())
                block = block.next()
        return False


def test_what_is_first_painted_is_marked_and_the_rest_waits_for_that_paint(qtbot, session, section):
    """A misspelt word or a name on the first screen is marked in the very first paint of the
    text; the rest of a long section is marked only after it (and then exactly)."""
    spell.dictionary()  # loaded, as it is a few seconds after the application starts
    view = open_section(AppContext(session), section.id)
    qtbot.addWidget(view)
    watcher = _FirstPaint(view)
    view.resize(1100, 700)
    view.show()
    qtbot.waitUntil(lambda: watcher.shown is not None, timeout=10000)
    first, shown = watcher.shown
    whole = _full(view)
    assert shown == whole[first:first + len(shown)]
    assert any(marks for marks in shown)  # there was something to mark on that screen
    # The rest waited for that paint (only the start a first screen could hold was marked).
    assert set(watcher.states[first + 3 * len(shown):]) == {spell.STALE}
    qtbot.waitUntil(lambda: view.controller.marks.done, timeout=30000)
    assert _marks(view.edit.document()) == _full(view)


def test_typing_looks_again_only_at_the_words_an_edit_touched_and_answers_as_a_whole_reading():
    """spell.respelt (the keystroke's spelling) gives exactly what reading the whole paragraph
    gives, over random insertions, deletions and replacements, across words, apostrophes and digits."""
    spell.dictionary()
    spelling = spell.Spelling()
    rng = random.Random(5)
    pieces = WORDS + ["l'agua", "d’Ors", "E2E", "x", "ventilacion", "qwrtz", "  ", "\t", "—", "ñandú"]
    text = " ".join(rng.choice(pieces) for _ in range(60))
    for _edit in range(400):
        spelling.misspelt(text)  # every word looked up: the answer for it is complete
        spelt, complete = spelling.misspelt_known(text)
        assert complete
        start = rng.randrange(len(text) + 1)
        end = min(len(text), start + rng.choice([0, 0, 1, 2, 5, 12]))
        typed = rng.choice(["", "a", " ", "ñ", "'", "9", "qz", " la ", rng.choice(pieces)])
        new = text[:start] + typed + text[end:]
        assert spell.respelt(spelling, text, spelt, complete, new) == spelling.misspelt_known(new)
        text = new or "la"
