"""How hard a passphrase is to guess, and a passphrase that is not.

The estimate is zxcvbn's (the estimator Dropbox published; a maintained Python port) over its own
lists plus the 30,000 most frequent Spanish words and the words a person here would reach for:
the institution's, and the names the caller passes (the team, the case file's owner). A refusal
names its reason as a code; the sentences are the errors module's. No UI text here.
"""

import functools
import gzip
import json
import os
import secrets
import unicodedata
from dataclasses import dataclass

from npmdesk.crypto.kdf import MIN_PASSPHRASE_CHARS
from npmdesk.errors import WeakPassphrase

WEAK, FAIR, GOOD, STRONG = range(4)
# log10 of the guesses zxcvbn expects an attacker to need. 10^10 guesses through Argon2id (about
# half a second a guess on one core) is centuries of one machine's work; below that, refused.
MINIMUM_GUESSES_LOG10 = 10.0
LEVELS = ((18.0, STRONG), (14.0, GOOD), (MINIMUM_GUESSES_LOG10, FAIR))
SEPARATORS = "-_.,;:/+*·"
ASSESSED_CHARS = 100  # zxcvbn's time grows with the length; a longer passphrase is judged by its start
SPANISH_WORDS = 30000
SUGGESTION_FROM = 8000  # words offered come from the most frequent ones, so that they are familiar
INSTITUTION_WORDS = ("defensoria", "defensoría", "pueblo", "mnpt", "mecanismo", "nacional",
                     "prevencion", "prevención", "tortura", "panama", "panamá", "npmdesk",
                     "expediente", "contraseña", "informe", "visita", "director", "directora")
# Words never offered in a suggestion (the frequency list comes from film subtitles).
_UNSUITABLE = ("put", "mierd", "coñ", "cabr", "pend", "jod", "foll", "verg", "cul", "poll",
               "maric", "zorr", "perr", "idiot", "estupid", "imbec", "mat", "muer", "viol", "drog",
               "sex", "pene", "tet", "negr", "ind", "gord", "feo", "fea", "tont", "bastard", "asesin",
               "sangr", "arma", "bomb", "golpe", "tortur", "pres", "carcel", "celda", "polic")


@dataclass(frozen=True)
class Assessment:
    level: int             # WEAK, FAIR, GOOD or STRONG
    acceptable: bool
    reason: str            # why it is weak: short, repeat, sequence, keyboard, date, personal, common, guessable; "" if not
    guesses_log10: float


def _spanish_frequency() -> list[str]:
    import spellchecker  # its Spanish frequency list, already shipped for the editor's checker
    path = os.path.join(os.path.dirname(spellchecker.__file__), "resources", "es.json.gz")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        counts = json.load(fh)
    return sorted(counts, key=lambda word: (-counts[word], word))[:SPANISH_WORDS]


@functools.cache
def _estimator():
    import zxcvbn
    from zxcvbn.matching import add_frequency_lists
    add_frequency_lists({"es_frecuentes": _spanish_frequency()})
    return zxcvbn.zxcvbn


def _reason(matches: list[dict], context: set[str]) -> str:
    kinds = {m.get("pattern") for m in matches}
    if any(m.get("pattern") == "dictionary" and m.get("dictionary_name") == "user_inputs" for m in matches):
        return "personal"
    for pattern, reason in (("repeat", "repeat"), ("sequence", "sequence"), ("spatial", "keyboard"),
                            ("date", "date"), ("regex", "date"), ("dictionary", "common")):
        if pattern in kinds:
            return reason
    return "guessable"


def _unaccented(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def _words(names) -> list[str]:
    """Each part of each name, as written and without accents ("González" is also "gonzalez")."""
    found = []
    for name in names:
        for part in unicodedata.normalize("NFC", str(name)).lower().replace("-", " ").split():
            if len(part) >= 3:
                found += [part] if _unaccented(part) == part else [part, _unaccented(part)]
    return found


def assess(passphrase: str, names=()) -> Assessment:
    """How guessable `passphrase` is for someone who also knows `names` (people, places, the file)."""
    text = unicodedata.normalize("NFC", passphrase)
    if not text:
        return Assessment(WEAK, False, "short", 0.0)
    context = [*_words(INSTITUTION_WORDS), *_words(names)]
    estimate = _estimator()
    # zxcvbn prices each separator as a random character, so "María González 2026" would pass:
    # the words are also judged run together, and the lower estimate counts.
    joined = "".join(c for c in text if not (c.isspace() or c in SEPARATORS))
    result = min((estimate(candidate[:ASSESSED_CHARS], user_inputs=context)
                  for candidate in {text, joined} if candidate), key=lambda r: r["guesses_log10"])
    score = float(result["guesses_log10"])
    level = next((lvl for floor, lvl in LEVELS if score >= floor), WEAK)
    if len(text) < MIN_PASSPHRASE_CHARS:
        return Assessment(WEAK, False, "short", score)
    if level == WEAK:
        return Assessment(WEAK, False, _reason(result["sequence"], set(context)), score)
    return Assessment(level, True, "", score)


@functools.cache
def _suggestion_words() -> tuple[str, ...]:
    return tuple(w for w in _spanish_frequency()[:SUGGESTION_FROM]
                 if w.isascii() and w.isalpha() and 4 <= len(w) <= 8
                 and not w.startswith(_UNSUITABLE) and w not in INSTITUTION_WORDS)


def suggest(words: int = 5) -> str:
    """Five common Spanish words chosen at random (about 60 bits), joined by hyphens."""
    pool = _suggestion_words()
    return "-".join(secrets.choice(pool) for _ in range(words))


def refusal(passphrase: str, names=()) -> WeakPassphrase | None:
    """The error a weak passphrase gets, naming why and offering a suggestion; None when it will do.
    The one rule for case files, personal keys and passphrase changes."""
    found = assess(passphrase, names)
    if found.acceptable:
        return None
    return WeakPassphrase(reason=found.reason, minimum=MIN_PASSPHRASE_CHARS, suggestion=suggest())
