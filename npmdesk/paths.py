"""Where npmdesk finds its shipped files, from a source checkout or a frozen build."""

import os
import sys
from pathlib import Path


def app_root() -> Path:
    """The folder holding `resources/` and `translations/`."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return app_root() / "resources"


def translations_dir() -> Path:
    return app_root() / "translations"


def manual_dir() -> Path:
    """The user manual's markdown pages: `manual/` in a frozen build, `docs/manual/` in a checkout."""
    bundled = app_root() / "manual"
    return bundled if bundled.is_dir() else app_root() / "docs" / "manual"


def user_state_dir() -> Path:
    """Per-user folder for logs (never case content)."""

    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
        return base / "npmdesk"
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "npmdesk"


def user_config_dir() -> Path:
    """Per-user settings folder, outside any case file or sync folder (the machine's pinned root)."""
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / "npmdesk"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Preferences" / "npmdesk"
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "npmdesk"


def log_file() -> Path:
    return user_state_dir() / "npmdesk.log"
