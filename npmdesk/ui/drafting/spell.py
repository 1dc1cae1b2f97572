"""Spanish spelling (LibreOffice's Hunspell Spanish dictionary, read by spylls) and confidentiality marks.

One QSyntaxHighlighter draws both: a red wavy underline under words the dictionary
does not know, and an orange background under text that could identify a person
(domain/disclosure.py).

The dictionary (resources/spelling/es.aff + es.dic, licence in LICENSE-es.txt) takes about
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

from npmdesk.domain import disclosure
from npmdesk.paths import resources_dir
from npmdesk.ui.common.colours import INK_ON_TINT
from npmdesk.ui.common.marks import DISCLOSURE_COLOUR

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_lock = threading.Lock()  # held while loading: dictionary() waits for a load under way
_start_lock = threading.Lock()  # guards _loading only, never held long (the GUI thread takes it)
_dictionary = None
_loading = False


class _Loader(QObject):
    loaded = Signal()  # emitted from the loading thread; queued to the receivers' (GUI) thread


_loader = _Loader()


def extra_words() -> list[str]:
    """The MNPT's own words Hunspell's list lacks (resources/spelling/es-mnpt.txt)."""
    text = (resources_dir() / "spelling" / "es-mnpt.txt").read_text(encoding="utf-8")
    return [line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def dictionary():
    """The Hunspell dictionary, loading it here if no thread has (waits for one that is loading)."""
    global _dictionary
    with _lock:
        if _dictionary is None:
            from spylls.hunspell import Dictionary
            _dictionary = Dictionary.from_files(str(resources_dir() / "spelling" / "es"))
    return _dictionary


def _load_and_announce() -> None:
    dictionary()
    _loader.loaded.emit()


def start_loading() -> None:
    """Load the dictionary in a background thread (once); `_loader.loaded` fires when done."""
    global _loading
    with _start_lock:
        if _loading or _dictionary is not None:
            return
        _loading = True
    threading.Thread(target=_load_and_announce, name="npmdesk-spelling", daemon=True).start()


class Spelling:
    """Known/unknown words with a cache, suggestions, and the words added or ignored."""

    def __init__(self, added=()):
        self._known: dict[str, bool] = {}
        self._accepted = set(extra_words())
        self.added: set[str] = {w.lower() for w in added}  # the case file's dictionary
        self.ignored: set[str] = set()  # "Ignorar": this session only

    @staticmethod
    def ready() -> bool:
        return _dictionary is not None

    def is_known(self, word: str) -> bool:
        """Whether `word` is correct; True for every word while the dictionary is still loading."""
        if len(word) < 2 or word.isupper():  # initials and acronyms (MNPT, CIDH)
            return True
        key = word.lower()
        if key in self._accepted or key in self.added or key in self.ignored:
            return True
        if _dictionary is None:
            start_loading()
            return True
        if word not in self._known:
            self._known[word] = _dictionary.lookup(word)
        return self._known[word]

    def suggestions(self, word: str, limit: int = 6) -> list[str]:
        """Hunspell's suggestions, best first (0.1–0.8 s for a long word: asked only on right-click)."""
        return list(itertools.islice((s for s in dictionary().suggest(word) if s != word), limit))

    def misspelt(self, text: str) -> list[tuple[int, int]]:
        """(start, length) of each unknown word in `text`."""
        return [(m.start(), m.end() - m.start()) for m in _WORD.finditer(text) if not self.is_known(m.group())]


class Highlighter(QSyntaxHighlighter):
    def __init__(self, document, spelling: Spelling):
        super().__init__(document)
        self.spelling = spelling
        self.watch = disclosure.Watchlist()  # services/disclosure.watchlist, set when the section loads
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
            _loader.loaded.connect(self.rehighlight)

    def highlightBlock(self, text: str) -> None:
        spans = [(start, length, self._spell) for start, length in self.spelling.misspelt(text)] \
            if self.spell_on else []
        spans += [(d.start, d.end - d.start, self._leak) for d in disclosure.find(text, self.watch)]
        for start, length, fmt in spans:
            self.setFormat(start, length, fmt)

    def word_at(self, text: str, position: int) -> tuple[int, int, str] | None:
        """The word of `text` around `position`: (start, end, word), or None."""
        for match in _WORD.finditer(text):
            if match.start() <= position <= match.end():
                return match.start(), match.end(), match.group()
        return None
