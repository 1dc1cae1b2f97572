"""The command line's own help and usage errors (argparse's words) in the interface language."""

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from npmdesk import cli, i18n
from npmdesk.commands import argparse_text

ROOT = Path(__file__).resolve().parent.parent
ENGLISH_WORDS = re.compile(r"usage:|positional arguments|options:|show this help|"
                           r"the following arguments are required|invalid choice|error:")


def _run(*args):
    done = subprocess.run([sys.executable, "-m", "npmdesk", *args], capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL,
                          env=dict(os.environ, PYTHONPATH=str(ROOT), LANG="C.UTF-8"))
    assert "Traceback" not in done.stdout + done.stderr
    return done


def test_help_reads_in_spanish():
    done = _run("--help")
    assert done.returncode == 0
    assert done.stdout.startswith("uso: npmdesk ")
    assert "argumentos posicionales:" in done.stdout and "opciones:" in done.stdout
    assert re.search(r"-h, --help +muestra esta ayuda y termina", done.stdout)
    assert "muestra la versión del programa y termina" in done.stdout
    assert not re.search(r"usage:|positional arguments|show this help|version number", done.stdout)


def test_a_missing_argument_and_a_wrong_value_are_said_in_spanish(tmp_path):
    done = _run("check")
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == (
        "npmdesk check: error: faltan estos argumentos obligatorios: EXPEDIENTE")
    assert done.stderr.startswith("uso: npmdesk check ")
    wrong = _run("backup", str(tmp_path / "x.npmcase"), "--keep", "muchas")
    assert wrong.returncode == 2
    assert "valor int no válido: 'muchas'" in wrong.stderr
    assert not ENGLISH_WORDS.search(done.stderr.replace("error:", "")) and "invalid" not in wrong.stderr


def test_under_the_english_catalogue_it_is_english_again(capsys):
    i18n.set_language("en")
    try:
        assert cli.main(["--help"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("usage: npmdesk ")
        assert "positional arguments:" in out and "options:" in out
        assert "show this help message and exit" in out
        assert cli.main(["check"]) == 2
        err = capsys.readouterr().err
        assert "error: the following arguments are required: " in err
    finally:
        i18n.set_language("es")


@pytest.mark.parametrize("language", ["es", "en"])
def test_every_mapped_message_keeps_argparse_placeholders(language):
    i18n.set_language(language)
    try:
        for english, _spanish in argparse_text.MESSAGES.items():
            assert sorted(re.findall(r"%\(?\w*\)?[sr]", argparse_text.text(english))) == sorted(
                re.findall(r"%\(?\w*\)?[sr]", english))
        assert argparse_text.plural("expected %s argument", "expected %s arguments", 2) == (
            "se esperaban %s valores" if language == "es" else "expected %s arguments")
    finally:
        i18n.set_language("es")


def test_the_messages_mapped_are_argparse_s_own():
    source = Path(argparse.__file__).read_text(encoding="utf-8")
    for english in argparse_text.MESSAGES:
        assert repr(english)[1:-1] in source or english in source, english
