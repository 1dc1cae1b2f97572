"""The case subcommands end to end in a subprocess: exit codes, one-line Spanish errors."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fast_kdf import FAST_KDF
from npmdesk.services.session import create_case

ROOT = Path(__file__).resolve().parent.parent
PASS = "Frase de prueba segura 2026"
NEW = "Otra frase bien larga 2027"


def run(*args, passphrase=None, env_extra=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("NPMDESK_PASSPHRASE", None)
    if passphrase:
        env["NPMDESK_PASSPHRASE"] = passphrase
    env.update(env_extra or {})
    done = subprocess.run([sys.executable, "-m", "npmdesk", *map(str, args)], capture_output=True,
                          text=True, env=env, timeout=120, stdin=subprocess.DEVNULL)
    assert "Traceback" not in done.stdout + done.stderr
    return done


def one_error_line(done) -> str:
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("npmdesk: ")
    return lines[0]


@pytest.fixture
def pass_file(tmp_path):
    path = tmp_path / "frase.txt"
    path.write_text(PASS + "\n", encoding="utf-8")
    return path


@pytest.fixture
def case(tmp_path, pass_file):
    """Made in this process with the tests' cheap key derivation (`init` itself: the tests below
    and tests/test_kdf_params.py)."""
    path = tmp_path / "cli.npmcase"
    create_case(path, PASS, owner_name="Ana Directora", kdf_params=FAST_KDF).close()
    return path


def test_init_list_check_search(case, tmp_path):
    done = run("list", case, passphrase=PASS)
    assert done.returncode == 0 and "Lugares (0)" in done.stdout
    done = run("check", case, passphrase=PASS)
    assert done.returncode == 0 and "cadena íntegra" in done.stdout
    done = run("search", case, "inexistente", passphrase=PASS)
    assert done.returncode == 0 and "0 resultado(s)" in done.stdout


def test_init_refusals(tmp_path, pass_file, case):
    done = run("init", case, "--passphrase-file", pass_file)
    assert done.returncode == 1 and "Ya existe" in one_error_line(done)
    short = tmp_path / "corta.txt"
    short.write_text("corta\n", encoding="utf-8")
    done = run("init", tmp_path / "nuevo.npmcase", "--passphrase-file", short)
    assert done.returncode == 1 and "tiene menos de 12 caracteres" in one_error_line(done)
    assert not (tmp_path / "nuevo.npmcase").exists()
    done = run("init", tmp_path / "nuevo.npmcase")
    assert done.returncode == 1 and "NPMDESK_PASSPHRASE" in one_error_line(done)
    done = run("init", tmp_path / "nuevo.npmcase", "--passphrase-file", tmp_path / "no.txt")
    assert done.returncode == 1 and "No se puede leer" in one_error_line(done)


def test_open_errors_are_one_spanish_line(case, tmp_path):
    done = run("check", case, passphrase="Frase equivocada larga")
    assert done.returncode == 1 and "no es correcta" in one_error_line(done)
    done = run("list", tmp_path / "falta.npmcase", passphrase=PASS)
    assert done.returncode == 1 and "No se encuentra" in one_error_line(done)
    data = bytearray(case.read_bytes())
    data[len(data) // 2] ^= 1
    case.write_bytes(bytes(data))
    done = run("check", case, passphrase=PASS)
    assert done.returncode == 1 and "dañado" in one_error_line(done)


def test_usage_errors_exit_2(case):
    assert run("check").returncode == 2
    assert run("backup", case, "--keep", "muchas", passphrase=PASS).returncode == 2


def test_backup_restore_passwd(case, tmp_path, pass_file):
    dest = tmp_path / "copias"
    for _ in range(3):
        done = run("backup", case, dest, "--keep", "2", passphrase=PASS)
        assert done.returncode == 0, done.stderr
    copies = sorted(dest.glob("*.npmcase"))
    assert len(copies) == 2

    new_file = tmp_path / "nueva.txt"
    new_file.write_text(NEW + "\n", encoding="utf-8")
    done = run("passwd", case, "--passphrase-file", pass_file, "--new-passphrase-file", new_file)
    assert done.returncode == 0, done.stderr
    assert run("check", case, passphrase=PASS).returncode == 1
    assert run("check", case, passphrase=NEW).returncode == 0
    done = run("passwd", case, "--new-passphrase-file", new_file, passphrase=NEW)
    assert done.returncode == 0
    done = run("passwd", case, passphrase=NEW)
    assert done.returncode == 1 and "--new-passphrase-file" in one_error_line(done)

    done = run("restore", copies[-1], case, passphrase=NEW)
    assert done.returncode == 1 and "no es correcta" in one_error_line(done)
    done = run("restore", copies[-1], case, passphrase=PASS)
    assert done.returncode == 0, done.stderr
    assert "se conservó" in done.stdout
    assert run("check", case, passphrase=PASS).returncode == 0


def test_a_copy_of_the_package_without_its_resources_says_how_to_install(tmp_path):
    """`pip install .` copies the package alone: resources/ (templates, icons) stays behind."""
    import shutil
    shutil.copytree(ROOT / "npmdesk", tmp_path / "npmdesk", ignore=shutil.ignore_patterns("__pycache__"))
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    env.pop("NPMDESK_PASSPHRASE", None)
    done = subprocess.run([sys.executable, "-m", "npmdesk", "demo", str(tmp_path / "demo.npmcase")],
                          capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    line = one_error_line(done)
    assert "pip install -e ." in line and str(tmp_path / "resources") in line
    assert not (tmp_path / "demo.npmcase").exists()
