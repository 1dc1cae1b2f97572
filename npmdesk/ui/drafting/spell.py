"""Spanish spelling (LibreOffice's Hunspell Spanish dictionary, read by spylls) and confidentiality marks.

One QSyntaxHighlighter draws both: a red wavy underline under words the dictionary
does not know, and an orange background under text that could identify a person
(domain/disclosure.py).

The dictionary (domain/lexicon.py: resources/spelling/es.aff + es.dic) takes about
0.8 s to load in pure Python, so it is loaded once, in a background thread, the first time a
text needs checking: the main window never waits for it. Until it is there no word is
underlined; when it arrives every highlighter redraws. Words are accepted also from the
MNPT's own list (es-mnpt.txt) and from the words a caller adds (the case file's dictionary)
or ignores (this session).
"""

import itertools
import re
import threading

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat

from npmdesk.domain import disclosure, lexicon
from npmdesk.domain.lexicon import dictionary, extra_words
from npmdesk.ui.common.colours import INK_ON_TINT
from npmdesk.ui.common.marks import DISCLOSURE_COLOUR

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_start_lock = threading.Lock()  # guards _loading only, never held long (the GUI thread takes it)
_loading = False


class _Loader(QObject):
    loaded = Signal()  # emitted from the loading thread; queued to the receivers' (GUI) thread


_loader = _Loader()


def _load_and_announce() -> None:
    dictionary()
    _loader.loaded.emit()


def start_loading() -> None:
    """Load the dictionary in a background thread (once); `_loader.loaded` fires when done."""
    global _loading
    with _start_lock:
        if _loading or lexicon.loaded():
            return
        _loading = True
    threading.Thread(target=_load_and_announce, name="npmdesk-spelling", daemon=True).start()


_KNOWN: dict[str, bool] = {}
"""Hunspell's answer per word, for every editor (the dictionary is one): a section opened
again, or another one, does not ask it again."""


class Spelling:
    """Known/unknown words with a cache, suggestions, and the words added or ignored."""

    def __init__(self, added=()):
        self._known = _KNOWN
        self._accepted = set(extra_words())
        self.added: set[str] = {w.lower() for w in added}  # the case file's dictionary
        self.ignored: set[str] = set()  # "Ignorar": this session only

    @staticmethod
    def ready() -> bool:
        return lexicon.loaded()

    def is_known(self, word: str) -> bool:
        """Whether `word` is correct; True for every word while the dictionary is still loading."""
        if len(word) < 2 or word.isupper():  # initials and acronyms (MNPT, CIDH)
            return True
        key = word.lower()
        if key in self._accepted or key in self.added or key in self.ignored:
            return True
        if not lexicon.loaded():
            start_loading()
            return True
        if word not in self._known:
            self._known[word] = dictionary().lookup(word)
        return self._known[word]

    def suggestions(self, word: str, limit: int = 6) -> list[str]:
        """Hunspell's suggestions, best first (0.1–0.8 s for a long word: asked only on right-click)."""
        return list(itertools.islice((s for s in dictionary().suggest(word) if s != word), limit))

    def misspelt(self, text: str) -> list[tuple[int, int]]:
        """(start, length) of each unknown word in `text`."""
        return [(m.start(), m.end() - m.start()) for m in _WORD.finditer(text) if not self.is_known(m.group())]

    def misspelt_known(self, text: str) -> tuple[list[tuple[int, int]], bool]:
        """`misspelt` from the answers already at hand, and whether that was all of them (a word
        never looked up counts as known for now: asking Hunspell takes a keystroke's time)."""
        found, complete = [], True
        for m in _WORD.finditer(text):
            word = m.group()
            known = self._known.get(word)
            if known is None and len(word) >= 2 and not word.isupper() and lexicon.loaded():
                key = word.lower()
                if not (key in self._accepted or key in self.added or key in self.ignored):
                    complete = False
                    continue
            if not self.is_known(word):
                found.append((m.start(), m.end() - m.start()))
        return found, complete


EXACT, STALE = 0, 1
"""A block's state (QTextBlock.userState): its marks are exact, or still to be made exact
(marking.MarkingJob does that in the background; `Highlighter` explains when)."""


class Highlighter(QSyntaxHighlighter):
    """Draws both marks. A block is marked exactly when that is cheap; otherwise it is left
    STALE for marking.MarkingJob, which marks it exactly soon after:
    - while a text is loaded (`deferring`), only its start (`first_screen`, what the first screen
      can show) is marked, exactly: the job marks the rest, what is shown first;
    - while typing, the edited paragraph's words never looked up count as known, and its
      confidentiality marks are the last exact ones moved with the edit, until typing pauses.
    The job marks with `exact` on. Marks of a paragraph's text are remembered (`leaks`), so
    paragraphs left unchanged cost nothing."""

    sig_stale = Signal()
    """Fires when `refresh` left every block to be marked again."""

    def __init__(self, document, spelling: Spelling):
        super().__init__(document)
        self.spelling = spelling
        self.watch = disclosure.Watchlist()  # services/disclosure.watchlist, set when the section loads
        self.leaks = LeakMemo(self)
        self.deferring = False
        # While deferring, the blocks that start before these many characters and blocks are marked exactly.
        self.first_screen = (0, 0)
        self.exact = False
        self._last: dict[int, tuple[str, list]] = {}  # block number -> its text and marks, as last drawn
        self._spelt: dict[int, tuple[str, list, bool]] = {}  # block number -> text, unknown words, all looked up
        self.spell_on = True
        self._spell = QTextCharFormat()
        self._spell.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        self._spell.setUnderlineColor(QColor("#d11a1a"))
        self._leak = QTextCharFormat()
        self._leak.setBackground(QColor(DISCLOSURE_COLOUR))
        self._leak.setForeground(QColor(INK_ON_TINT))  # the tint stays light in a dark scheme
        self._leak.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        self._leak.setUnderlineColor(QColor("#b35c00"))
        if not spelling.ready():
            _loader.loaded.connect(self.refresh)

    def refresh(self) -> None:
        """Mark every block again (the words accepted or the dictionary changed), in the background."""
        self._spelt.clear()  # the answers change (a word accepted, the dictionary arrived)
        block = self.document().begin() if self.document() is not None else None
        while block is not None and block.isValid():
            block.setUserState(STALE)
            block = block.next()
        self.sig_stale.emit()

    def highlightBlock(self, text: str) -> None:
        exact = self.exact
        if self.deferring:
            block = self.currentBlock()
            if block.position() >= self.first_screen[0] or block.blockNumber() >= self.first_screen[1]:
                self.setCurrentBlockState(STALE)
                return
            exact = True  # the start of a text being loaded: marked before it is ever laid out
        number = self.currentBlock().blockNumber()
        if not self.spell_on:
            spelt, complete = [], True
        elif exact:
            spelt, complete = self.spelling.misspelt(text), True
        elif number in self._spelt:  # typing: only the words the edit touched are looked at
            spelt, complete = respelt(self.spelling, *self._spelt[number], text)
        else:
            spelt, complete = self.spelling.misspelt_known(text)
        self._spelt[number] = (text, spelt, complete)
        leaks = self.leaks.get(text)
        if leaks is None and exact:
            leaks = self.leaks.find(text)
        elif leaks is None:
            complete = False
            leaks = moved(*self._last.get(number, ("", [])), text)
        self._last[number] = (text, leaks)
        self.setCurrentBlockState(EXACT if complete else STALE)
        spans = [(start, length, self._spell) for start, length in spelt]
        spans += [(start, end - start, self._leak) for start, end in leaks]
        for start, length, fmt in spans:
            self.setFormat(start, length, fmt)

    def word_at(self, text: str, position: int) -> tuple[int, int, str] | None:
        """The word of `text` around `position`: (start, end, word), or None."""
        for match in _WORD.finditer(text):
            if match.start() <= position <= match.end():
                return match.start(), match.end(), match.group()
        return None


class LeakMemo:
    """disclosure.find per text under the highlighter's watchlist, remembered: (start, end) of
    each passage for the marks, and the passages for the editor's list."""

    LIMIT = 20_000

    def __init__(self, highlighter):
        self.highlighter = highlighter
        self._watch = None
        self._found: dict[str, list] = {}

    def _current(self) -> dict[str, list]:
        if self._watch is not self.highlighter.watch or len(self._found) > self.LIMIT:
            self._watch, self._found = self.highlighter.watch, {}
        return self._found

    def get(self, text: str) -> list[tuple[int, int]] | None:
        found = self._current().get(text)
        return None if found is None else [(d.start, d.end) for d in found]

    def disclosures(self, text: str, watch=None) -> list:
        """Exactly disclosure.find(text, watch) (the highlighter's watchlist: `watch` is that one)."""
        found = self._current()
        if text not in found:
            found[text] = disclosure.find(text, self.highlighter.watch)
        return found[text]

    def find(self, text: str) -> list[tuple[int, int]]:
        return [(d.start, d.end) for d in self.disclosures(text)]


def _edited(old: str, new: str) -> tuple[int, int]:
    """The lengths of the longest common start and end of `old` and `new` (not overlapping),
    found by halving: string comparisons, not a Python loop over a long paragraph's characters."""
    limit = min(len(old), len(new))
    low, high = 0, limit
    while low < high:
        mid = (low + high + 1) // 2
        if old[:mid] == new[:mid]:
            low = mid
        else:
            high = mid - 1
    prefix, low, high = low, 0, limit - low
    while low < high:
        mid = (low + high + 1) // 2
        if old[len(old) - mid:] == new[len(new) - mid:]:
            low = mid
        else:
            high = mid - 1
    return prefix, low


def moved(old: str, spans: list[tuple[int, int]], new: str) -> list[tuple[int, int]]:
    """`spans` of `old` carried over to `new`, an edit of it: those before or after the edited
    stretch move with the text, those it touches are dropped (the exact marks follow)."""
    if not spans:
        return []
    prefix, suffix = _edited(old, new)
    shift, tail = len(new) - len(old), len(old) - suffix
    return [(s, e) if e <= prefix else (s + shift, e + shift) for s, e in spans if e <= prefix or s >= tail]


def _in_word(char: str) -> bool:
    return char.isalpha() or char in "'’"


def respelt(spelling: Spelling, old: str, spelt: list[tuple[int, int]], complete: bool,
            new: str) -> tuple[list[tuple[int, int]], bool]:
    """Spelling.misspelt_known(new) from the answer for `old` (`spelt`, `complete`): the words
    of the stretch an edit touched are looked at, the others keep their answers, moved with the
    text (a paragraph of 400 words read whole took a millisecond a keystroke, bench/README.md).
    When `old`'s answer was complete the result is exactly misspelt_known(new)'s
    (tests/test_editor_marking.py checks it over random edits)."""
    prefix, suffix = _edited(old, new)
    start, end = prefix, len(new) - suffix
    while start > 0 and _in_word(new[start - 1]):  # the whole words the edit is in
        start -= 1
    while end < len(new) and _in_word(new[end]):
        end += 1
    shift = len(new) - len(old)
    old_end = end - shift
    found, complete_here = spelling.misspelt_known(new[start:end])
    return ([(s, n) for s, n in spelt if s + n <= start] + [(start + s, n) for s, n in found] +
            [(s + shift, n) for s, n in spelt if s >= old_end]), complete and complete_here
