"""False alarms of the spell-check on published Spanish nobody here wrote, and real misspellings.

The text (tests/data/dudh_es.txt) is the United Nations' Spanish text of the Universal
Declaration of Human Rights, 1,786 words. Measured 2026-12-02 with the Hunspell dictionary:
one word flagged ("sindicalizarse"); the pyspellchecker list it replaced flagged 36 words
(2 %: "podrá", "tendrán", "actos", "garantice", "comportarse"...).
"""

from pathlib import Path

from npmdesk.ui.drafting import spell

TEXT = "\n".join(line for line in (Path(__file__).parent / "data" / "dudh_es.txt")
                 .read_text(encoding="utf-8").splitlines() if not line.startswith("#"))


def test_published_spanish_is_almost_never_flagged():
    spell.dictionary()  # the loaded dictionary, not the "still loading: accept everything" state
    spelling = spell.Spelling()
    words = spell._WORD.findall(TEXT)
    flagged = [TEXT[start:start + length] for start, length in spelling.misspelt(TEXT)]
    assert len(words) > 1500
    assert len(flagged) <= 3, flagged  # 0.2 % of the words; measured: 1
    for word in ("podrá", "tendrán", "comportarse", "difundirlas", "garantice", "injerencias"):
        assert word in words and spelling.is_known(word), word


def test_real_misspellings_are_flagged_with_the_right_suggestion():
    spell.dictionary()
    spelling = spell.Spelling()
    for wrong, right in (("tortrua", "tortura"), ("recomendasion", "recomendación"),
                         ("hacinamineto", "hacinamiento")):
        assert not spelling.is_known(wrong), wrong
        assert right in spelling.suggestions(wrong), (wrong, spelling.suggestions(wrong))
    text = "Se observó hacinamineto y una tortrua; la recomendasion sigue pendiente."
    assert [text[s:s + n] for s, n in spelling.misspelt(text)] == ["hacinamineto", "tortrua", "recomendasion"]


def test_words_of_the_issue_that_were_false_alarms_are_known():
    spell.dictionary()
    spelling = spell.Spelling()
    for word in ("reúnen", "Véase", "acto", "da", "ido", "supervisar", "priorizar", "constituye", "incluyendo",
                 "someterse", "exámenes", "regímenes", "quiénes", "existan", "pudieran"):
        assert spelling.is_known(word), word


def test_added_and_ignored_words_are_accepted_only_by_their_checker():
    spell.dictionary()
    spelling = spell.Spelling(added=["Visitaduría"])
    assert spelling.is_known("Visitaduría") and spelling.is_known("visitaduría")
    assert not spelling.is_known("normatividad")
    spelling.ignored.add("normatividad")
    assert spelling.is_known("Normatividad")
    assert not spell.Spelling().is_known("Visitaduría") and not spell.Spelling().is_known("normatividad")
