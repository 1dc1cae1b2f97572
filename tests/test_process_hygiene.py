"""What the process leaves to others: no passphrase in a child's environment, no core dumps."""

import os
import stat
import subprocess
import sys
import textwrap

from npmdesk import ENV_PASSPHRASE
from npmdesk.export import pdf


def test_libreoffice_never_sees_the_passphrase(tmp_path, monkeypatch):
    """A stand-in `soffice` first on PATH records the environment it was started with."""
    seen = tmp_path / "entorno.txt"
    program = tmp_path / "bin" / "soffice"
    program.parent.mkdir()
    program.write_text(f"#!/bin/sh\nenv > '{seen}'\n", encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{program.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv(ENV_PASSPHRASE, "Frase secreta del expediente 2026")
    monkeypatch.setenv("NPMDESK_OTRA", "x")
    assert pdf.to_pdf(b"PK\x03\x04 no es un documento real") is None  # no PDF came back
    environment = seen.read_text(encoding="utf-8")
    assert "PATH=" in environment
    assert "Frase secreta" not in environment and "NPMDESK_" not in environment


def test_the_command_turns_core_dumps_off(tmp_path):
    script = textwrap.dedent("""
        import resource, sys
        from npmdesk.cli import main
        hard = resource.getrlimit(resource.RLIMIT_CORE)[1]
        resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))  # as a shell with `ulimit -c unlimited` would
        code = main(["list", sys.argv[1]])
        print(resource.getrlimit(resource.RLIMIT_CORE), code)
    """)
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "no-existe.npmcase")],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, ENV_PASSPHRASE: "Frase de prueba segura 2026"})
    assert done.stdout.strip() == "(0, 0) 1", done.stderr
