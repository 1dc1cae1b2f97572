"""Candidate dictionary forms of an inflected Spanish word.

pyspellchecker's bundled Spanish list holds headwords (singular, masculine, infinitive)
and frequent words, not every inflection: «celdas», «tienen», «constató» are missing.
The spelling check accepts a word when one of these candidates is in the list.
The rules are regular morphology only; irregular forms of the commonest verbs are listed.
"""

IRREGULAR = frozenset("""
hay había habían habido han has he hemos habrá habría hubo hubiera haya hayan
es son fue fueron era eran sido siendo sea sean será serían soy somos
está están estaba estaban estuvo estuvieron esté estén estado estando
va van iba iban fueron vaya vayan voy vamos
tiene tienen tuvo tuvieron tenía tenían tenga tengan tengo
puede pueden pudo pudieron podía podían pueda puedan
dijo dijeron dice dicen dicho hecho hizo hicieron hace hacen
""".split())

_NOUN = [("ones", "ón"), ("ces", "z"), ("es", ""), ("s", ""), ("as", "o"), ("a", "o")]
_VERB = [  # (ending, replacement endings)
    ("aron", ("ar",)), ("ieron", ("er", "ir")), ("ó", ("ar",)), ("ió", ("er", "ir")),
    ("aban", ("ar",)), ("aba", ("ar",)), ("ían", ("er", "ir")), ("ía", ("er", "ir")),
    ("ados", ("ar",)), ("adas", ("ar",)), ("ado", ("ar",)), ("ada", ("ar",)),
    ("idos", ("er", "ir")), ("idas", ("er", "ir")), ("ido", ("er", "ir")), ("ida", ("er", "ir")),
    ("ando", ("ar",)), ("iendo", ("er", "ir")), ("amos", ("ar",)), ("emos", ("er",)), ("imos", ("ir",)),
    ("arán", ("ar",)), ("erán", ("er",)), ("irán", ("ir",)), ("ará", ("ar",)), ("erá", ("er",)),
    ("irá", ("ir",)), ("arían", ("ar",)), ("ería", ("er",)), ("aría", ("ar",)), ("iría", ("ir",)),
    ("an", ("ar",)), ("en", ("er", "ir", "ar")), ("as", ("ar",)), ("es", ("er", "ir", "ar")),
    ("a", ("ar",)), ("e", ("er", "ir", "ar")), ("o", ("ar", "er", "ir")),
]
_STEM = [("ie", "e"), ("ue", "o"), ("i", "e"), ("u", "o")]


def _stem_changes(stem: str) -> set[str]:
    """«tien» → «ten», «recomiend» → «recomend», «pid» → «ped» (last vowel group only)."""
    out = {stem}
    for new, old in _STEM:
        at = stem.rfind(new)
        if at > 0:
            out.add(stem[:at] + old + stem[at + len(new):])
    return out


def candidates(word: str) -> set[str]:
    """Lower-case forms to look up for `word` (the word itself included)."""
    word = word.lower()
    found = {word}
    for ending, repl in _NOUN:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            found.add(word[: len(word) - len(ending)] + repl)
    plain = word.replace("á", "a").replace("é", "e").replace("í", "i").replace("ó", "o").replace("ú", "u")
    found.add(plain)
    for ending, infinitives in _VERB:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            for stem in _stem_changes(word[: len(word) - len(ending)]):
                found.update(stem + infinitive for infinitive in infinitives)
    return found


def is_irregular_form(word: str) -> bool:
    return word.lower() in IRREGULAR
