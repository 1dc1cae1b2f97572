"""The few preferences npmdesk keeps outside the case file, in one INI file.

Only these keys exist: language, auto-lock minutes, minutes a personal key stays unlocked, backups kept, the exchange
folder's path, the last case file's path, window geometry and where the screens' dividers are. Nothing typed into a case file (titles, names,
search terms) is ever stored here; `KEYS` is the whole list and `set` refuses others.
"""

import os
import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from npmdesk.i18n import DEFAULT_LANGUAGE, LANGUAGES
from npmdesk.services.safekeeping.restore import DEFAULT_KEEP

LANGUAGE = "language"
LOCK_MINUTES = "lock/minutes"
KEY_GRACE_MINUTES = "keys/grace_minutes"
BACKUPS_KEPT = "backup/kept"
LAST_CASE = "case/last"
EXCHANGE_FOLDER = "exchange/folder"
GEOMETRY = "window/geometry"
SPLITTER = "window/splitter"
# Where the screens' dividers were left (QSplitter.saveState: sizes only, no case content).
PANES = ("panes/review-outer", "panes/review-inner", "panes/editor")
KEYS = (LANGUAGE, LOCK_MINUTES, KEY_GRACE_MINUTES, BACKUPS_KEPT, LAST_CASE, GEOMETRY, SPLITTER, EXCHANGE_FOLDER,
        *PANES)

DEFAULT_LOCK_MINUTES = 5
LOCK_RANGE = (1, 240)
DEFAULT_KEY_GRACE_MINUTES = 2
KEY_GRACE_RANGE = (0, 30)
BACKUPS_RANGE = (1, 100)


def settings_file() -> Path:
    """Where the INI file lives (read from the environment each time, so tests can isolate it)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Preferences"
    else:
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "npmdesk" / "npmdesk.ini"


def _clamp(value, low: int, high: int, default: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return min(max(number, low), high)


class AppSettings:
    """Typed access to the preferences file."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path is not None else settings_file()
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    def _set(self, key: str, value) -> None:
        if key not in KEYS:
            raise KeyError(key)
        self._qs.setValue(key, value)
        self._qs.sync()

    @property
    def language(self) -> str:
        value = self._qs.value(LANGUAGE, DEFAULT_LANGUAGE)
        return value if value in LANGUAGES else DEFAULT_LANGUAGE

    @language.setter
    def language(self, value: str) -> None:
        self._set(LANGUAGE, value if value in LANGUAGES else DEFAULT_LANGUAGE)

    @property
    def lock_minutes(self) -> int:
        return _clamp(self._qs.value(LOCK_MINUTES), *LOCK_RANGE, DEFAULT_LOCK_MINUTES)

    @lock_minutes.setter
    def lock_minutes(self, value: int) -> None:
        self._set(LOCK_MINUTES, _clamp(value, *LOCK_RANGE, DEFAULT_LOCK_MINUTES))

    @property
    def key_grace_minutes(self) -> int:
        """How long a personal key stays unlocked after its passphrase (0: only for that action)."""
        return _clamp(self._qs.value(KEY_GRACE_MINUTES), *KEY_GRACE_RANGE, DEFAULT_KEY_GRACE_MINUTES)

    @key_grace_minutes.setter
    def key_grace_minutes(self, value: int) -> None:
        self._set(KEY_GRACE_MINUTES, _clamp(value, *KEY_GRACE_RANGE, DEFAULT_KEY_GRACE_MINUTES))

    @property
    def backups_kept(self) -> int:
        return _clamp(self._qs.value(BACKUPS_KEPT), *BACKUPS_RANGE, DEFAULT_KEEP)

    @backups_kept.setter
    def backups_kept(self, value: int) -> None:
        self._set(BACKUPS_KEPT, _clamp(value, *BACKUPS_RANGE, DEFAULT_KEEP))

    @property
    def last_case(self) -> Path | None:
        value = self._qs.value(LAST_CASE, "")
        return Path(value) if value else None

    @last_case.setter
    def last_case(self, value: Path | None) -> None:
        # Absolute: a path given relative to the folder npmdesk was started in names another file
        # (or none) the next time it starts from elsewhere.
        self._set(LAST_CASE, str(Path(value).absolute()) if value else "")

    @property
    def exchange_folder(self) -> Path | None:
        """The folder watched for incoming packages (a path only; it may be offline)."""
        value = self._qs.value(EXCHANGE_FOLDER, "")
        return Path(value) if isinstance(value, str) and value.strip() else None

    @exchange_folder.setter
    def exchange_folder(self, value: Path | None) -> None:
        self._set(EXCHANGE_FOLDER, str(value) if value else "")

    def geometry(self, key: str) -> QByteArray | None:
        value = self._qs.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_geometry(self, key: str, value: QByteArray) -> None:
        if key not in (GEOMETRY, SPLITTER, *PANES):
            raise KeyError(key)
        self._set(key, value)
