"""Switching the interface language: npmdesk's catalogue plus Qt's own (standard dialogs, buttons).

Installing or removing a QTranslator makes Qt send a LanguageChange event to every
widget; npmdesk's windows answer it with `retranslateUi()`.
"""

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from npmdesk import i18n
from npmdesk.ui.shell.qt_terms import QtTerms

log = logging.getLogger(__name__)

_qt_translators: list[QTranslator] = []

QT_LOCALES = {"es": QLocale(QLocale.Language.Spanish, QLocale.Country.Panama),
              "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)}


def apply_language(language: str) -> None:
    """Make `language` ('es' or 'en') the language of every later text, Qt's included."""
    i18n.set_language(language)
    language = i18n.current_language()
    QLocale.setDefault(QT_LOCALES[language])
    app = QCoreApplication.instance()
    if app is None:
        return
    while _qt_translators:
        app.removeTranslator(_qt_translators.pop())
    if language != "en":
        translator = QTranslator(app)
        if any(translator.load(f"qtbase_{language}", folder) for folder in qt_translation_folders()):
            app.installTranslator(translator)
            _qt_translators.append(translator)
        else:
            log.warning("Qt's own catalogue for the chosen language was not found")
        # Installed last, so Qt asks it first: our terms over the Spain ones.
        terms = QtTerms(app)
        app.installTranslator(terms)
        _qt_translators.append(terms)


def qt_translation_folders() -> list[str]:
    """Where qtbase_xx.qm may be: Qt's own answer, then PySide6's folders in a wheel
    (Qt/translations on Linux and macOS, translations on Windows) and in a PyInstaller
    build (the same folders under sys._MEIPASS)."""
    folders = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)]
    import PySide6
    roots = [Path(PySide6.__file__).resolve().parent]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        roots.append(Path(bundle) / "PySide6")
    for root in roots:
        folders += [str(root / "Qt" / "translations"), str(root / "translations")]
    return [folder for folder in dict.fromkeys(folders) if folder and Path(folder).is_dir()]
