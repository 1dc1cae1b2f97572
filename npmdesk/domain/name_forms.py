"""Other ways of writing a name: as it sounds in Spanish, and by its nickname.

`sound_keys` reduces a folded word (lower case, no accents: domain/disclosure.fold) to how a
Spanish reader says it, so that spellings by ear and transliterations meet: b/v; s, z and c
before e/i; ll/y; j, g before e/i, an initial x and kh; k, c and qu; ñ, ny, nh and ni before a
vowel; n/m before b or p; w/u; doubled letters as one. An h is silent in Spanish ("Ernández" is Hernández) but people
who transliterate write it for a j ("Hosé" is José), so a word with an h has both keys:
"hose" → ("ose", "jose"). The keys of "José", "Khose", "Yose" and "Hosé" all hold "jose",
those of "Núñez", "Nuñes", "Nunyes" and "Nunez" are "nunes".

`nicknames` are the common hypocoristics of given names (Pepe for José, Chema for José María),
kept as data in resources/disclosure/hipocoristicos.txt (its header says the format).
"""

import functools
import itertools
import re
from dataclasses import dataclass, field

from npmdesk.domain import lexicon
from npmdesk.paths import resources_dir

ALONE_MIN = 6  # a form this long is told alone; shorter ones could be an ordinary word or an abbreviation

# Tried left to right at each place, the first that matches wins; "J" is the sound of Spanish
# j, "C" of ch, "H" an h (silent or a j: both keys are made).
_RULES = [("kh", "J"), ("ch", "C"), ("sh", "s"), ("ph", "f"), ("qu(?=[eiy])", "k"), ("gu(?=[eiy])", "g"),
          ("g(?=[eiy])", "J"), ("c(?=[eiy])", "s"), ("n[yh](?=[aeiou])", "n"), ("ni(?=[aeiou])", "n"),
          ("n(?=[bvp])", "m"), ("ll", "J"), ("y(?=[aeiou])", "J"), ("y", "i"), ("^x", "J"), ("x", "ks"),
          ("[cqk]", "k"), ("j", "J"), ("z", "s"), ("v", "b"), ("w", "u"), ("h", "H")]
_SOUND = re.compile("|".join(f"({pattern})" for pattern, _key in _RULES))
_DOUBLE = re.compile(r"(.)\1+")
_MAX_H = 3  # a word's first h's read both ways, later ones silent: at most 2**3 keys


def _sound(match: re.Match) -> str:
    return _RULES[match.lastindex - 1][1]


@functools.lru_cache(maxsize=131072)
def sound_keys(folded: str) -> tuple[str, ...]:
    """How `folded` (a folded word) sounds: one key, or two to eight when it has an h."""
    spoken = _DOUBLE.sub(r"\1", _SOUND.sub(_sound, folded))
    if "H" not in spoken:
        return (spoken,)
    pieces = spoken.split("H")
    head, tail = pieces[:_MAX_H + 1], "".join(pieces[_MAX_H + 1:])
    keys = {_DOUBLE.sub(r"\1", "".join(p + s for p, s in zip(head, (*sounds, ""))) + tail)
            for sounds in itertools.product(("", "J"), repeat=len(head) - 1)}
    return tuple(sorted(keys))


def _lines(text: str):
    for line in text.splitlines():
        if line.strip() and not line.startswith("#") and ":" in line:
            formal, names = line.split(":", 1)
            yield formal, [n for n in (n.strip() for n in names.split(",")) if n]


@functools.cache
def _table(fold) -> dict[tuple[str, ...], frozenset[str]]:
    """Formal name (its folded words) → its nicknames; read once per process."""
    text = (resources_dir() / "disclosure" / "hipocoristicos.txt").read_text(encoding="utf-8")
    table: dict[tuple[str, ...], set[str]] = {}
    for formal, names in _lines(text):
        table.setdefault(tuple(fold(formal).split()), set()).update(fold(n) for n in names)
    return {formal: frozenset(names) for formal, names in table.items()}


@functools.cache
def _sizes(fold) -> tuple[int, ...]:
    return tuple(sorted({len(formal) for formal in _table(fold)}))


def nicknames(named: list[str], fold) -> dict[str, set[int]]:
    """The nicknames of a person whose name parts (folded, particles left out) are `named`,
    each with the positions of the parts it stands for: {"pepe": {0}} for ["jose", "nunez"],
    {"chema": {0, 1}} for ["jose", "maria", "nunez"]. `fold` is the check's folding of a text
    (a module-level function: the table is read once for it)."""
    table, sizes = _table(fold), _sizes(fold)
    found: dict[str, set[int]] = {}
    for at in range(len(named)):
        for size in sizes:
            for name in table.get(tuple(named[at:at + size]), ()):
                found.setdefault(name, set()).update(range(at, at + size))
    return found


@dataclass
class ByEar:
    """The names of a watchlist as they sound (domain/disclosure.Watchlist.by_ear)."""
    # sound key of a part or run-together form of ALONE_MIN+ letters → codes: a word that sounds
    # like it ("Kintaniya", "Khosenunyes") is the name unless it is an ordinary word
    sounds: dict[str, set[str]] = field(default_factory=dict)
    # sound key → sound key of another part of the same name → codes: two parts in sequence,
    # however spelt ("Khose Nunyes", "Yose Núñez"), and a nickname beside a part ("Pepe Núñez")
    paired: dict[str, dict[str, set[str]]] = field(default_factory=dict)

    def add_form(self, form: str, code: str) -> None:
        if len(form) >= ALONE_MIN:
            for key in sound_keys(form):
                self.sounds.setdefault(key, set()).add(code)

    def add_name(self, named: list[str], nicknames: dict[str, set[int]], code: str) -> None:
        """Each ordered pair of different parts of `named`, and each nickname with the parts it
        does not stand for (Pepe with Núñez, not with José), both ways round."""
        pairs = [(a, b) for a, b in itertools.permutations(named, 2) if a != b]
        for nickname, stands_for in nicknames.items():
            others = [p for i, p in enumerate(named) if i not in stands_for and p != nickname]
            pairs += [pair for other in others for pair in ((nickname, other), (other, nickname))]
        for a, b in pairs:
            for key_a, key_b in itertools.product(sound_keys(a), sound_keys(b)):
                self.paired.setdefault(key_a, {}).setdefault(key_b, set()).add(code)

    def codes(self, word: str, beside) -> set[str]:
        """Whose name the folded `word` sounds like: a form of ALONE_MIN+ letters when `word` is
        not an ordinary word, or a part next to another part of the same name (`beside`: the
        words next to it, looked at only when `word` is one)."""
        keys = sound_keys(word)
        codes: set[str] = set()
        if len(word) >= ALONE_MIN and any(k in self.sounds for k in keys) and not lexicon.is_word(word):
            codes = set().union(*(self.sounds.get(k, ()) for k in keys))
        partners = [self.paired[k] for k in keys if k in self.paired]
        if partners:
            for other in beside:
                for key in sound_keys(other):
                    codes.update(*(p.get(key, ()) for p in partners))
        return codes

    def __bool__(self) -> bool:
        return bool(self.sounds or self.paired)
