"""The spell-check knows the words of a monitoring report, and still catches real misspellings."""

import html
import re

from npmdesk.domain import model
from npmdesk.services.records import edit as records
from npmdesk.services.demo.case import create_demo
from npmdesk.ui.drafting.spell import Spelling, dictionary, extra_words
from fast_kdf import FAST_KDF


def test_the_demo_report_has_no_false_spelling_alarms(tmp_path):
    session = create_demo(tmp_path / "demo.npmcase", "Frase de prueba segura 2026", kdf_params=FAST_KDF)
    try:
        bodies = [html.unescape(re.sub(r"<[^>]+>", " ", s.body)) for s in records.select(session, model.Section)]
    finally:
        session.close()
    dictionary()  # loaded: while it loads every word is accepted
    spelling = Spelling()
    flagged = {text[start:start + length] for text in bodies for start, length in spelling.misspelt(text)}
    # Proper names of international instruments may stay underlined; ordinary Spanish may not.
    assert {w for w in flagged if w.islower()} == set(), flagged


def test_report_words_are_known_and_misspellings_are_not():
    dictionary()
    spelling = Spelling()
    for word in ("sobrepoblación", "constató", "entrevistadas", "discapacidad", "Videovigilancia"):
        assert spelling.is_known(word), word
    for word in ("sobrepoblacion", "entrevistdas", "dicapacidad", "hacinamietno"):
        assert not spelling.is_known(word), word


def test_the_word_list_is_lower_case_spanish_without_duplicates():
    words = extra_words()
    assert len(words) == len(set(words)) > 100
    assert all(re.fullmatch(r"[a-záéíóúüñ]+", w) for w in words), [w for w in words if not re.fullmatch(r"[a-záéíóúüñ]+", w)]
