"""Every user-facing string is in both catalogues, translated, with the same placeholders."""

import importlib.util

from npmdesk import i18n
from npmdesk.paths import translations_dir


def _catalog_tool():
    spec = importlib.util.spec_from_file_location("catalog", translations_dir() / "catalog.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_catalogues_are_complete_current_and_safe():
    assert _catalog_tool().problems() == []


def test_english_catalogue_is_used_when_chosen():
    i18n.set_language("en")
    assert i18n._("tiene menos de {minimum} caracteres") == "is shorter than {minimum} characters"
    i18n.set_language("es")
    assert i18n._("Hallazgos") == "Hallazgos"


def test_translation_with_other_placeholders_is_ignored(monkeypatch):
    class Bad:
        def gettext(self, message):
            return "Section {numero}"

    monkeypatch.setattr(i18n, "_translations", Bad())
    i18n._checked.cache_clear()
    assert i18n._("Sección {number}") == "Sección {number}"
    i18n._checked.cache_clear()
