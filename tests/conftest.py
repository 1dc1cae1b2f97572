"""Shared fixtures: isolated user folders, offscreen Qt, real encrypted case files."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from npmdesk import i18n  # noqa: E402
from npmdesk.services import session as sessions  # noqa: E402
from fast_kdf import FAST_KDF  # noqa: E402

PASSPHRASE = "Frase de prueba segura 2026"


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path, monkeypatch):
    """Each test gets its own home, config, cache and temp folders, and Spanish."""
    home = tmp_path / "home"
    for name, sub in (("HOME", ""), ("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                      ("XDG_CACHE_HOME", ".cache"), ("XDG_STATE_HOME", ".local/state"),
                      ("TMPDIR", "tmp")):
        folder = home / sub
        folder.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(name, str(folder))
    monkeypatch.delenv("NPMDESK_PASSPHRASE", raising=False)
    i18n.set_language("es")
    yield home
    i18n.set_language("es")


@pytest.fixture
def passphrase():
    return PASSPHRASE


@pytest.fixture
def case_path(tmp_path):
    return tmp_path / "expediente.npmcase"


@pytest.fixture
def session(case_path):
    opened = sessions.create_case(case_path, PASSPHRASE, owner_name="Ana Directora", kdf_params=FAST_KDF)
    yield opened
    if opened.case.is_open:
        opened.close()
