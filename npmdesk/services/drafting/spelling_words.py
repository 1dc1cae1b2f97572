"""The case file's own spelling dictionary ("Añadir al diccionario" in the editor).

The words live in the case file's meta table, encrypted with everything else, so they travel
with the file to every computer that opens it and never stay behind on this one: a word added
can be the name of a person in custody. The JSON dump carries them too (`spelling_words`,
docs/formato-json.md), checked by `checked` before an import writes them.
"""

import json
import re

from npmdesk.errors import NpmdeskError
from npmdesk.i18n import N_
from npmdesk.services.session import Session
from npmdesk.storage import schema

META_KEY = "spelling_words"
MAX_LENGTH = 60
MAX_WORDS = 5000
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")  # the editor's word (ui/drafting/spell.py)


class NotAWord(NpmdeskError):
    template = N_("«{word}» no es una palabra: el diccionario del expediente solo guarda palabras "
                  "de hasta {limit} letras, sin espacios ni cifras.")


class DictionaryFull(NpmdeskError):
    template = N_("El diccionario del expediente ya tiene {limit} palabras; no se añadió ninguna más.")


def _parsed(value: str | None) -> list[str]:
    try:
        found = json.loads(value) if value else []
    except ValueError:
        return []  # an unreadable list accepts nothing more than the dictionary does
    return [w for w in found if isinstance(w, str)] if isinstance(found, list) else []


def checked(value) -> list[str]:
    """The list a dump brings, as the dictionary keeps it (lower case, sorted, no repeats), or
    ValueError naming the first entry the dictionary itself would refuse."""
    if not isinstance(value, list) or len(value) > MAX_WORDS:
        raise ValueError("list")
    for i, word in enumerate(value):
        if not isinstance(word, str) or not _WORD.fullmatch(word) or len(word) > MAX_LENGTH:
            raise ValueError(i)
    return sorted({w.lower() for w in value})


def store(conn, found: list[str]) -> None:
    """Keep `found` (already `checked`) as the case file's dictionary, inside the caller's transaction."""
    schema.set_meta(conn, META_KEY, json.dumps(found, ensure_ascii=False))


def words(session: Session) -> list[str]:
    """The words added to this case file, in lower case, sorted."""
    return words_of(session.case)


def words_of(case) -> list[str]:
    """The same, for a case file with no one working in it (the dump)."""
    return _parsed(case.meta(META_KEY))


def add(session: Session, word: str) -> list[str]:
    """Add `word` (kept in lower case) and return the whole list; adding it twice changes nothing."""
    shown = word.strip()
    if not _WORD.fullmatch(shown) or len(shown) > MAX_LENGTH:
        raise NotAWord(word=shown[:MAX_LENGTH], limit=MAX_LENGTH)
    with session.case.transaction() as conn:
        # Read inside the transaction: two editors adding at once both keep their word.
        rows = conn.execute("SELECT value FROM meta WHERE key = ?", (META_KEY,)).fetchall()
        current = set(_parsed(rows[0][0] if rows else None))
        if shown.lower() in current:
            return sorted(current)
        if len(current) >= MAX_WORDS:
            raise DictionaryFull(limit=MAX_WORDS)
        current.add(shown.lower())
        store(conn, sorted(current))
    return sorted(current)
