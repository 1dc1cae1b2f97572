"""Spanish spelling (pyspellchecker's bundled dictionary, no network) and confidentiality marks.

One QSyntaxHighlighter draws both: a red wavy underline under words the dictionary
does not know, and an orange background under text that could identify a person
(domain/disclosure.py).
"""

import re

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat

from npmdesk.domain import disclosure, spanish_forms
from npmdesk.paths import resources_dir

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_checker = None


def extra_words() -> list[str]:
    """The MNPT's own words the bundled list lacks (resources/spelling/es-mnpt.txt)."""
    text = (resources_dir() / "spelling" / "es-mnpt.txt").read_text(encoding="utf-8")
    return [line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def checker():
    """The Spanish dictionary with the MNPT's words, loaded once (about 0.2 s)."""
    global _checker
    if _checker is None:
        from spellchecker import SpellChecker
        _checker = SpellChecker(language="es", distance=2)
        _checker.word_frequency.load_words(extra_words())
    return _checker


class Spelling:
    """Known/unknown words with a cache, and suggestions."""

    def __init__(self):
        self._known: dict[str, bool] = {}

    def is_known(self, word: str) -> bool:
        if len(word) < 2 or word.isupper():  # initials and acronyms (MNPT, CIDH)
            return True
        key = word.lower()
        if key not in self._known:
            words = checker()
            self._known[key] = spanish_forms.is_irregular_form(key) or any(
                form in words for form in spanish_forms.candidates(key))
        return self._known[key]

    def suggestions(self, word: str, limit: int = 6) -> list[str]:
        found = checker().candidates(word.lower()) or set()
        found.discard(word.lower())
        ranked = sorted(found, key=lambda w: (-checker().word_usage_frequency(w), w))[:limit]
        return [w.capitalize() if word[:1].isupper() else w for w in ranked]

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
        self._leak.setBackground(QColor("#ffd28a"))
        self._leak.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        self._leak.setUnderlineColor(QColor("#b35c00"))

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
