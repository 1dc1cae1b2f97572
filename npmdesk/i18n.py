"""Translation helpers shared by every layer.

Message ids are the Spanish texts; the `es` catalogue confirms them and the `en`
catalogue translates them. `N_` marks constants translated where they are shown.
A translation whose `{placeholders}` differ from its message id is ignored, so a
bad catalogue can never make `.format()` raise.
"""

import gettext
import string
from functools import lru_cache

from npmdesk.paths import translations_dir

DOMAIN = "npmdesk"
LANGUAGES = ("es", "en")
DEFAULT_LANGUAGE = "es"

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT_LANGUAGE


def placeholders(text: str) -> set[str]:
    """The named `{fields}` of a format string."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"<malformed>"}


def set_language(language: str) -> None:
    """Switch every later `_()` call to `language` ('es' or 'en')."""
    global _translations, _language
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    _translations = gettext.translation(
        DOMAIN, localedir=str(translations_dir()), languages=[language], fallback=True
    )
    _language = language
    _checked.cache_clear()


def current_language() -> str:
    return _language


@lru_cache(maxsize=4096)
def _checked(message: str) -> str:
    translated = _translations.gettext(message)
    if translated != message and placeholders(translated) != placeholders(message):
        return message
    return translated


def _(message: str) -> str:
    return _checked(message)


_spanish = None


def es_(message: str) -> str:
    """`message` in Spanish whatever the interface language: the text of the reports themselves
    (exported documents, generated section text). The interface may be in English; a report
    of the MNPT is always in Spanish."""
    global _spanish
    if _spanish is None:
        _spanish = gettext.translation(DOMAIN, localedir=str(translations_dir()), languages=["es"],
                                       fallback=True)
    translated = _spanish.gettext(message)
    return translated if placeholders(translated) == placeholders(message) else message


def N_(message: str) -> str:
    """Mark a constant for extraction; it is translated where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    translated = _translations.ngettext(singular, plural, n)
    source = singular if n == 1 else plural
    if placeholders(translated) != placeholders(source):
        return source
    return translated


set_language(DEFAULT_LANGUAGE)
