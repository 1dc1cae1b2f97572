"""Finding text that could identify a person who must stay anonymous.

One matcher for every place that looks: the editor (marks and lists passages), the submit
confirmation, the reviewer's views and the export (services/disclosure.py gathers the whole
case file's interviewees into a `Watchlist` and runs this over exactly what the writer emits).

Both sides are folded before comparing: case folded, accents and other marks stripped,
compatibility forms unified (NFKD), format characters (Unicode category Cf: zero-width
spaces and joiners, soft hyphens, bidi marks) removed, every dash written as "-" and every
space as " ". Offsets in the results are in the caller's original text.

It looks for:
- real names: each part of a recorded real identity as a whole word (parts of one or two
  letters only next to another part of the same name, so "Li" alone flags nothing but
  "Wei Li" does; names that are everyday words, like "Luz" or "Peña", likewise or when
  capitalised), particles ("de", "la", "del"…) only inside a name, words run together at a
  capital ("JoséNúñez") taken apart, and a name written as one word in any case
  ("josenunez", "nunezjose", "jnunez", "mariadelacruz"; under six letters, "liwu", "esol",
  only when it is not an ordinary word: domain/lexicon.py);
- names spelt by ear or transliterated (domain/name_forms.py: "Khose Nunyes", "Hosé Nuñes",
  "Yose Nunez" for José Núñez): two parts of one name in sequence that sound like them, or one
  part or run-together form of six letters or more that sounds like it and is not an ordinary
  word ("Kintaniya", not "ribera" for Rivera);
- a nickname (resources/disclosure/hipocoristicos.txt) beside another part of the name: "Pepe
  Núñez", "Núñez, Pepe", "pepenunez" for José Núñez; "Pepe" alone is not a name;
- the same names with look-alike letters (Cyrillic, Greek, Armenian) and with digits or
  signs for letters inside a word ("J0sé Núñ3z", "Jo$é", "R!goberto", "Ri6oberto", "Quintani||a");
- interview codes of people who did not consent to be quoted, written with any separator,
  any case and any leading zeros ("e 7" for "E-07");
- Panamanian cédulas (8-123-4567, PE-12-345, E-8-12345, N-12-345, 8-AV-12-345, 1PI-12-345),
  passport-like numbers, long digit runs and Panamanian phone numbers (+507, 7-digit
  landlines, 8-digit mobiles 6xxx-xxxx).
"""

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from npmdesk.domain import lexicon, name_forms
from npmdesk.domain.model import Interview
from npmdesk.i18n import N_, _

REAL_NAME, ID_NUMBER, CODE_WITHOUT_CONSENT, PHONE = (
    "nombre_real", "numero_identidad", "codigo_sin_consentimiento", "telefono")

REASONS = {
    REAL_NAME: N_("Nombre real de la persona entrevistada {code}: use su código."),
    ID_NUMBER: N_("Posible número de identidad: no debe aparecer en el informe."),
    CODE_WITHOUT_CONSENT: N_("La persona {code} no consintió que se usara su entrevista en el informe."),
    PHONE: N_("Posible número de teléfono: no debe aparecer en el informe."),
}

# Inside a name only: alone they are ordinary words.
PARTICLES = frozenset("de del la las los el da das do dos di du van von der den le san santa "
                      "mc mac bin ben al".split())
# Never a part of a name: conjunctions ("Ortega y Gasset"), and the words people write beside a
# name in the restricted identity field ("Rosa Pérez, cédula …").
LABELS = frozenset("y e i o u cedula pasaporte telefono tel cel celular movil numero no nombre apellido "
                   "apellidos id alias".split())
# Names that are also words a report uses every day ("luz natural", "privadas de libertad",
# "pena", "servicios de salud"): telling next to another part of the name, or capitalised.
COMMON_WORDS = frozenset(
    "luz paz cruz sol mar rosa rosas flores campos campo vega prado blanco blanca moreno rubio bueno "
    "delgado castillo iglesias santos reyes rey ramos rio rios torres puerta pino lobo cano dolores "
    "mercedes amparo consuelo socorro remedios pilar esperanza fe victoria gloria libertad soledad "
    "concepcion asuncion salud luna estrella cielo nieves aurora alegria caridad franco leal justo "
    "bravo fuentes mesa nieto pastor roca pena palma lago arroyo salinas leon parra montes monte "
    "sierra guerra calle mayor medio alto bajo vera".split())
_SHORT = 2  # a part this long or shorter is telling only next to another part of the name

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\ufe58\ufe63\uff0d"
_LETTERS = re.compile(r"[^\W\d_]+")
_GROUPS = re.compile(r"[^\W\d_]+|\d+")
_NAME_GAP = re.compile(r"[ ,.'’_-]{1,4}")
_CODE_GAP = re.compile(r"[ ._/-]{0,3}")
_CAMEL = re.compile(r"(?<=[a-zß-öø-ÿ])(?=[A-ZÀ-ÖØ-Þ])")  # "JoséNúñez": a capital inside a word

_S = r"[ .-]{1,3}"  # between the groups of a number, after folding
_PROVINCE = r"(?:1[0-3]|0?[1-9])"
_CEDULA = re.compile(
    rf"(?<![^\W_])(?:(?:pe|e|n){_S}(?:{_PROVINCE}{_S})?\d{{1,4}}{_S}\d{{1,6}}"
    rf"|{_PROVINCE}(?:{_S})?(?:av|pi){_S}\d{{1,4}}{_S}\d{{1,6}}"
    rf"|{_PROVINCE}{_S}\d{{1,4}}{_S}\d{{1,6}})(?![^\W_]|[.-]\d)")
_LONG_DIGITS = re.compile(r"(?<![^\W_])\d{7,}(?![^\W_])")
_PASSPORT = re.compile(r"(?<![^\W_])[a-z]{1,3}-?\d{6,9}(?![^\W_])")
_AFTER_LABEL = re.compile(
    r"(?:cedula|pasaporte|documento de identidad|dni|carne|carnet)[\s:#]{0,3}"
    r"(?:(?:n|no|num|numero)[\s.:#o°º]{0,3})?([a-z]{0,3}[ -]?\d[\d .-]{3,14}\d)(?![^\W_])")
_PHONE = re.compile(
    r"(?<![^\W_]|[+.-])(?:\+ ?507[ .-]{0,2}|\(507\) ?)?(?:6\d{3}|[2-9]\d{2})[ .-]{0,2}\d{4}(?![^\W_]|[.-]\d)")


# Latin look-alikes from Cyrillic, Greek, Armenian and Latin's own rarer letters: "Jоsé" with a
# Cyrillic о reads as José. Looked up before case folding (a capital Greek Η reads "h", its
# small η reads "n") and again after it.
_CONFUSABLES = dict(zip(
    "АВЕЅІЈКМНОРСТХУҮаеіјорсхуѕԁԛԝһӏвкмнтпгиьүɩɑɡıȷ"
    "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧΪϹαβεικνορτυχγωηςμϲϳօսհոզ",
    "abesijkmhopctxyyaeijopcxysdqwhlbkmhtnrubyiagij"
    "abezhikmnoptyxicabeikvoptuxywncucjouhnq"))
# Digits and signs written for letters ("J0sé Núñ3z", "Jo$é"): read as letters only inside a
# word that also has letters, so numbers, cédulas and codes are left to their own checks.
# "!" and "|" only inside a word ("Qu!ntan|lla", "Quintani||a"): at its end "!" is punctuation.
_LEET = ({"0": "o", "1": "i", "2": "z", "3": "e", "4": "a", "5": "s", "6": "g", "7": "t", "8": "b", "9": "g",
          "@": "a", "$": "s", "!": "i", "|": "i"},
         {"0": "o", "1": "l", "2": "z", "3": "e", "4": "a", "5": "s", "6": "b", "7": "t", "8": "b", "9": "q",
          "@": "a", "$": "s", "!": "i", "|": "l"})
# A word with its digits and signs; mixed ones are read as letters.
_TOKEN = re.compile(r"(?:[^\W_]|[@$])+(?:[!|]+(?:[^\W_]|[@$])+)*")
_LETTER = re.compile(r"[^\W\d_]")
_NOT_LETTER = re.compile(r"[\d@$!|]")
# A run-together name ("josenunez") or a part spelt by ear ("Kintaniya") this long is taken for
# the name unless it is an ordinary word (domain/lexicon.py); shorter run-together forms
# ("liwu", "esol") from _JOINED_SHORT letters likewise. Three letters are an abbreviation's.
_JOINED_MIN, _JOINED_SHORT = name_forms.ALONE_MIN, 4


class _FoldCache(dict):
    """Character → its folded form; `invisible` is what an invisible character becomes:
    nothing (a zero-width space inside a name) or a space (one between two words)."""

    def __init__(self, invisible: str):
        super().__init__()
        self.invisible = invisible

    def __missing__(self, ch: str) -> str:
        if unicodedata.category(ch) == "Cf" or ch == "\ufffd":  # also what `clean` left of a bidi override
            folded = self.invisible
        elif ch.isspace():
            folded = " "
        elif ch in _DASHES:
            folded = "-"
        else:
            folded = "".join(_CONFUSABLES.get(c, c) for c in unicodedata.normalize("NFKD", ch)
                             if not unicodedata.combining(c))
            folded = unicodedata.normalize("NFKD", folded.casefold())
            folded = "".join(_CONFUSABLES.get(c, c) for c in folded if not unicodedata.combining(c))
        self[ch] = folded
        return folded


_FOLD, _FOLD_SPACED = _FoldCache(""), _FoldCache(" ")


def fold(text: str, invisible_as_space: bool = False) -> tuple[str, list[int] | None]:
    """`text` folded for comparison, and where each folded character came from in `text`
    (None when every character folded to exactly one: the offsets are then the same)."""
    table = _FOLD_SPACED if invisible_as_space else _FOLD
    pieces = [table[ch] for ch in text]
    folded = "".join(pieces)
    if len(folded) == len(text) and "" not in pieces:  # no piece empty, so each is one character
        return folded, None
    origin = [i for i, piece in enumerate(pieces) for _c in piece]
    return folded, origin


def folded(text: str) -> str:
    """`text` folded, without the offsets."""
    return fold(text)[0]


@dataclass(frozen=True)
class Disclosure:
    start: int
    end: int
    kind: str
    code: str = ""

    def reason(self) -> str:
        return _(REASONS[self.kind]).format(code=self.code)


def _code_key(code: str) -> tuple[str, ...]:
    groups = _GROUPS.findall(fold(code)[0])
    return tuple(_digits(g) for g in groups)


@dataclass
class Watchlist:
    """What must not appear: built once (`of`), then matched against many texts."""
    alone: dict[str, set[str]] = field(default_factory=dict)  # folded name part → codes
    # part → another part of the same name → codes: telling only next to it (or capitalised,
    # for COMMON_WORDS)
    short: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    codes: dict[str, dict[tuple[str, ...], str]] = field(default_factory=dict)  # first group → key → code
    # a name written as one word ("josenunez", "nunezjose", "jnunez", "mariadelacruz") → codes
    joined: dict[str, set[str]] = field(default_factory=dict)
    # the names as they sound, and their nicknames ("Khose Nunyes", "Kintaniya", "Pepe Núñez")
    by_ear: name_forms.ByEar = field(default_factory=name_forms.ByEar)

    @classmethod
    def of(cls, interviews: list[Interview], visit_id: str | None = None) -> "Watchlist":
        """Every real name of `interviews`, and the codes of those who did not consent to be
        quoted. A code is the person of the report's visit (`visit_id`; None: all of them) when
        one interviewed there has it: then their consent decides, wherever else it is used."""
        watch = cls()
        consenting = {_code_key(i.code) for i in interviews
                      if i.consent_report and i.code and (visit_id is None or i.visit_id == visit_id)}
        for interview in interviews:
            watch._add_name(interview.real_identity, interview.code)
            key = _code_key(interview.code) if interview.code else ()
            if not key or interview.consent_report or key in consenting:
                continue
            if len(key) == 1 and (key[0].isdigit() or len(key[0]) < 2):
                continue  # "7" or "x" alone is no code that can be told apart from text
            watch.codes.setdefault(key[0], {}).setdefault(key, interview.code)
        if watch.by_ear:
            lexicon.dictionary()  # loaded here, off the GUI thread, not in the editor's highlighter
        return watch

    def _add_name(self, real_identity: str, code: str) -> None:
        parts = [p for p in _LETTERS.findall(fold(real_identity)[0]) if p not in LABELS]
        named = [p for p in parts if p not in PARTICLES]
        nicknames = name_forms.nicknames(named[:6], folded)
        for form in _joined_forms(parts, named, nicknames):
            self.joined.setdefault(form, set()).add(code)
            self.by_ear.add_form(form, code)
        self.by_ear.add_name(named[:6], nicknames, code)
        for part in set(named) - COMMON_WORDS:
            self.by_ear.add_form(part, code)
        if len(set(named)) == 1 and len(named[0]) >= _SHORT:  # a one-word name flags alone
            self.alone.setdefault(named[0], set()).add(code)
            return
        for part in named:
            if len(part) > _SHORT and part not in COMMON_WORDS:
                self.alone.setdefault(part, set()).add(code)
            else:
                for other in set(named) - {part}:
                    self.short.setdefault(part, {}).setdefault(other, set()).add(code)

    def __bool__(self) -> bool:
        return bool(self.alone or self.short or self.codes or self.joined or self.by_ear)


def _joined_forms(parts: list[str], named: list[str], nicknames: dict[str, set[int]]) -> set[str]:
    """A name written as one word: any two or more of its parts in order, or two in the
    reverse order (a list sorted by surname), with its particles kept ("mariadelacruz"), a
    given name's initial before a later part ("jnunez"), and a nickname with a surname
    ("pepenunez"). Forms of 4 or 5 letters ("liwu", "esol") only when not an ordinary word
    ("agil" for Ana Gil is "ágil")."""
    named = named[:6]  # an identity field longer than a name: its first words are the name
    at = [i for i, p in enumerate(parts) if p not in PARTICLES]
    forms = {"".join(parts[i:j + 1]) for j in at for i in range(len(parts))  # "delacruzbatista" too
             if sum(p not in PARTICLES for p in parts[i:j + 1]) > 1}
    for size in range(2, len(named) + 1):
        forms.update("".join(c) for c in itertools.combinations(named, size))
    forms.update(b + a for a, b in itertools.combinations(named, 2))
    forms.update(a[0] + b for a, b in itertools.combinations(named, 2))
    for nickname, stands_for in nicknames.items():
        others = [p for i, p in enumerate(named) if i not in stands_for]
        forms.update(form for other in others for form in (nickname + other, other + nickname))
    return {f for f in forms if len(f) >= _JOINED_MIN or (len(f) >= _JOINED_SHORT and not lexicon.is_word(f))}


def _codes_label(codes) -> str:
    named = sorted(c for c in codes if c)
    return ", ".join(named[:3]) + ("…" if len(named) > 3 else "")


def _names(folded: str, capital, watch: Watchlist) -> list[tuple[int, int, str]]:
    """Name passages in `folded`; `capital(i)`: whether folded character i was a capital."""
    words = [(m.start(), m.end(), m.group()) for m in _LETTERS.finditer(folded)]

    def joined(a: int, b: int) -> bool:  # words a < b are one name: only separators between
        return _NAME_GAP.fullmatch(folded[words[a][1]:words[b][0]]) is not None

    def neighbours(i: int):  # the nearest word each side that is not a particle ("Ng de la Cruz")
        for step in (-1, 1):
            j = i
            while 0 <= j + step < len(words) and abs(j + step - i) <= 3 \
                    and joined(min(j, j + step), max(j, j + step)):
                j += step
                if words[j][2] not in PARTICLES:
                    yield j
                    break

    flagged: dict[int, set[str]] = {}
    for i, (_s, _e, word) in enumerate(words):
        if word in watch.alone:
            flagged[i] = watch.alone[word]
        elif word in watch.joined:
            flagged[i] = watch.joined[word]
        elif word in watch.short:
            pairs = watch.short[word]
            codes = set().union(*(pairs.get(words[j][2], ()) for j in neighbours(i)))
            if not codes and word in COMMON_WORDS and capital(words[i][0]):
                codes = set().union(*pairs.values())
            if codes:
                flagged[i] = codes
        if i not in flagged and watch.by_ear:
            codes = watch.by_ear.codes(word, (words[j][2] for j in neighbours(i)))
            if codes:
                flagged[i] = codes
    found: list[tuple[int, int, set, int]] = []  # start, end, codes, last word
    for i in sorted(flagged):
        if found and _merges(words, found[-1][3], i, joined):
            start, _end, codes, _last = found[-1]
            found[-1] = (start, words[i][1], codes | flagged[i], i)
        else:
            found.append((words[i][0], words[i][1], set(flagged[i]), i))
    return [(start, end, _codes_label(codes)) for start, end, codes, _i in found]


def _merges(words, last: int, i: int, joined) -> bool:
    """Flagged words `last` < `i` are one passage: only particles and separators between."""
    if i - last > 4:
        return False
    return all(words[k][2] in PARTICLES for k in range(last + 1, i)) and all(
        joined(k, k + 1) for k in range(last, i))


def _digits(group: str) -> str:
    return group.lstrip("0") or "0" if group.isdigit() else group


def _codes(folded: str, watch: Watchlist) -> list[tuple[int, int, str]]:
    if not watch.codes:
        return []
    groups = [(m.start(), m.end(), m.group()) for m in _GROUPS.finditer(folded)]
    found = []
    for i, (start, _end, group) in enumerate(groups):
        if group not in watch.codes or (i and groups[i - 1][1] == start):  # inside a longer word
            continue
        for key, code in watch.codes[group].items():
            window = groups[i:i + len(key)]
            if len(window) == len(key) and all(_digits(g[2]) == k for g, k in zip(window, key)) \
                    and all(_CODE_GAP.fullmatch(folded[a[1]:b[0]]) for a, b in zip(window, window[1:])) \
                    and not (i + len(key) < len(groups) and groups[i + len(key)][0] == window[-1][1]):
                found.append((start, window[-1][1], code))
    return found


def _numbers(folded: str) -> list[tuple[int, int, str]]:
    found = []
    for match in _CEDULA.finditer(folded):
        text = match.group()
        last = re.split(r"[ .-]+", text)[-1]
        if "-" in text or len(last) >= 3:  # "1.2.3" is a heading number, not a cédula
            found.append((match.start(), match.end(), ID_NUMBER))
    for pattern in (_LONG_DIGITS, _PASSPORT):
        found += [(m.start(), m.end(), ID_NUMBER) for m in pattern.finditer(folded)]
    found += [(m.start(1), m.end(1), ID_NUMBER) for m in _AFTER_LABEL.finditer(folded)]
    found += [(m.start(), m.end(), PHONE) for m in _PHONE.finditer(folded)]
    return found


def find(text: str, watch: "Watchlist | list[Interview]") -> list[Disclosure]:
    """Every passage of `text` that discloses an identity, in text order, without overlaps
    (the longest wins where two overlap). `watch` is a Watchlist, or interviews to build one."""
    if not isinstance(watch, Watchlist):
        watch = Watchlist.of(list(watch))
    found = _found(text, *fold(text), watch)
    if any(_FOLD_SPACED[ch] == " " and not ch.isspace() for ch in set(text)):
        found += _found(text, *fold(text, invisible_as_space=True), watch)  # "José\u200bNúñez": two words
    if _CAMEL.search(text):
        found += _camel_split(text, watch)
    found += _read_as_letters(text, watch)
    found.sort(key=lambda d: (d[0], -(d[1] - d[0])))
    result: list[Disclosure] = []
    last_end = -1
    for start, end, kind, code in found:
        if start < last_end:
            continue
        last_end = end
        result.append(Disclosure(start, end, kind, code))
    return result


def _camel_split(text: str, watch: Watchlist) -> list[tuple[int, int, str, str]]:
    """Matches in `text` with a space before each capital that follows a small letter, digits
    and signs read as letters too ("Franzi5koHerr3ra")."""
    pieces, back, last = [], [], 0  # back[i]: where character i of the spaced text came from
    for match in _CAMEL.finditer(text):
        at = match.start()
        pieces += [text[last:at], " "]
        back += [*range(last, at), at]
        last = at
    pieces.append(text[last:])
    back += range(last, len(text))
    spaced = "".join(pieces)
    found = _found(spaced, *fold(spaced), watch) + _read_as_letters(spaced, watch)
    return [(back[s], back[e - 1] + 1, kind, code) for s, e, kind, code in found]


def _read_as_letters(text: str, watch: Watchlist) -> list[tuple[int, int, str, str]]:
    """Names in `text` with the digits and signs of its mixed words read as letters ("J0sé
    Núñ3z"): "1" once as i and once as l. Names only: the numbers are the other passes'."""
    folded, origin = fold(text)
    mixed = [m for m in _TOKEN.finditer(folded) if _LETTER.search(m.group()) and _NOT_LETTER.search(m.group())]
    if not mixed:
        return []
    found = []
    for table in _LEET:
        letters = list(folded)  # the same length: offsets into `folded` still hold
        for match in mixed:
            letters[match.start():match.end()] = [table.get(c, c) for c in match.group()]
        names = _names("".join(letters), lambda i: _capital(text, origin, i), watch)
        found += [(s, e, REAL_NAME, code) if origin is None else (origin[s], origin[e - 1] + 1, REAL_NAME, code)
                  for s, e, code in names]
    return found


def _capital(text: str, origin: list[int] | None, i: int) -> bool:
    return text[i if origin is None else origin[i]].isupper()


def _found(text: str, folded: str, origin: list[int] | None, watch: Watchlist) -> list[tuple[int, int, str, str]]:
    """Matches in `folded`, with offsets in the original text."""
    found = [(s, e, kind, "") for s, e, kind in _numbers(folded)]
    found += [(s, e, REAL_NAME, code) for s, e, code in _names(folded, lambda i: _capital(text, origin, i), watch)]
    found += [(s, e, CODE_WITHOUT_CONSENT, code) for s, e, code in _codes(folded, watch)]
    if origin is None:
        return found
    return [(origin[s], origin[e - 1] + 1, kind, code) for s, e, kind, code in found]
