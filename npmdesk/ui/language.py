"""Switching the interface language: npmdesk's catalogue plus Qt's own (standard dialogs, buttons).

Installing or removing a QTranslator makes Qt send a LanguageChange event to every
widget; npmdesk's windows answer it with `retranslateUi()`.
"""

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from npmdesk import i18n

log = logging.getLogger(__name__)

_qt_translator: QTranslator | None = None

QT_LOCALES = {"es": QLocale(QLocale.Language.Spanish, QLocale.Country.Panama),
              "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)}


def apply_language(language: str) -> None:
    """Make `language` ('es' or 'en') the language of every later text, Qt's included."""
    global _qt_translator
    i18n.set_language(language)
    language = i18n.current_language()
    QLocale.setDefault(QT_LOCALES[language])
    app = QCoreApplication.instance()
    if app is None:
        return
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    if language != "en":
        translator = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{language}", folder):
            app.installTranslator(translator)
            _qt_translator = translator
        else:
            log.warning("Qt's own catalogue for the chosen language was not found")
