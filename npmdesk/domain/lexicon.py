"""Ordinary Spanish words: LibreOffice's Hunspell Spanish dictionary (resources/spelling/es.aff +
es.dic, licence in LICENSE-es.txt, read by spylls) and the MNPT's own words (es-mnpt.txt).

One loader for the two that ask it: the editor's spelling (ui/drafting/spell.py, which loads it
in a background thread) and the disclosure check, which flags a short run-together name
("liwu") or a name spelt by ear ("Kintaniya") only when it is not a word a report could use.
Loading takes about 0.7 s of Python, once per process; a lookup about 60 µs.
"""

import functools
import itertools
import threading

from npmdesk.paths import resources_dir

_lock = threading.Lock()  # held while loading: dictionary() waits for a load under way
_dictionary = None
_ACUTE = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú"}


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


def loaded() -> bool:
    return _dictionary is not None


@functools.cache
def _extra() -> frozenset[str]:
    return frozenset(extra_words())


def _written(folded: str) -> list[str]:
    """How a word folded to `folded` (lower case, no accents) can be written: with at most one
    acute accent on one of its last three vowels (Spanish stress), and each of its first two
    n's as ñ or n."""
    vowels = [i for i, c in enumerate(folded) if c in _ACUTE][-3:]
    accented = [folded] + [folded[:i] + _ACUTE[folded[i]] + folded[i + 1:] for i in vowels]
    ns = [i for i, c in enumerate(folded) if c == "n"][:2]
    chosen = [set(c) for r in range(len(ns) + 1) for c in itertools.combinations(ns, r)]
    return ["".join("ñ" if i in tilde else c for i, c in enumerate(word)) for word in accented for tilde in chosen]


@functools.lru_cache(maxsize=65536)
def is_word(folded: str) -> bool:
    """Whether `folded` (lower case, accents stripped) is an ordinary Spanish word: one the
    dictionary knows in lower case (a proper name only it capitalises is not), accents restored."""
    words = dictionary()
    return any(form in _extra() or words.lookup(form) for form in _written(folded))
