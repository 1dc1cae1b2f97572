"""The `npmdesk` command: the GUI without arguments, subcommands for scripting and archiving.

Exit codes: 0 success, 1 a user error (one line in the user's language on stderr),
2 bad usage. No traceback ever reaches the user; it goes to the log.
"""

import argparse
import getpass
import logging
import os
import sys
from pathlib import Path

from npmdesk import __version__, logs
from npmdesk.errors import NpmdeskError
from npmdesk.i18n import _
from npmdesk.paths import log_file, resources_dir

log = logging.getLogger(__name__)

ENV_PASSPHRASE = "NPMDESK_PASSPHRASE"


class UserError(NpmdeskError):
    """A command-line error whose sentence is already translated."""

    def __init__(self, text: str):
        super().__init__("command-line error")
        self.text = text

    def message(self) -> str:
        return self.text


def read_passphrase(args, prompt: str | None = None, confirm: bool = False) -> str:
    """From --passphrase-file, then NPMDESK_PASSPHRASE, then a prompt on the terminal."""
    if getattr(args, "passphrase_file", None):
        try:
            text = Path(args.passphrase_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            raise UserError(_("No se puede leer el archivo de la frase de contraseña."))
        return text.rstrip("\r\n")
    if os.environ.get(ENV_PASSPHRASE):
        return os.environ[ENV_PASSPHRASE]
    if not sys.stdin or not sys.stdin.isatty():
        raise UserError(_("Indique la frase de contraseña con --passphrase-file o la variable NPMDESK_PASSPHRASE."))
    first = getpass.getpass(prompt or _("Frase de contraseña: "))
    if confirm and getpass.getpass(_("Repita la frase de contraseña: ")) != first:
        raise UserError(_("Las dos frases de contraseña no coinciden."))
    return first


def open_session(args, read_only: bool = False):
    """The case file of `args`; `read_only` for commands that only read, so they also work
    while a window or another command has the file open to write."""
    from npmdesk.services.session import open_case
    return open_case(Path(args.case), read_passphrase(args), read_only=read_only)


def build_parser() -> argparse.ArgumentParser:
    from npmdesk.commands import register
    parser = argparse.ArgumentParser(
        prog="npmdesk",
        description=_("Informes de visitas de monitoreo del MNPT en un expediente cifrado."))
    parser.add_argument("--version", action="version", version=f"npmdesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar=_("orden"))
    register(sub)
    return parser


def run_gui(argv: list[str], passphrase: str | None = None) -> int:
    """Open the GUI: `argv` is [] (last case file or start screen) or [CASE].

    CASE is unlocked at once with `passphrase`, or else with NPMDESK_PASSPHRASE when set
    (e.g. `npmdesk demo` can end with `run_gui([str(path)], passphrase)`).
    """
    try:
        from npmdesk.ui.app import main
    except ImportError as exc:
        print(_("No se puede abrir la interfaz gráfica: falta PySide6 ({name}).").format(
            name=exc.name or "?"), file=sys.stderr)
        return 1
    return main(argv, passphrase)


def main(argv: list[str] | None = None) -> int:
    logs.setup()
    argv = sys.argv[1:] if argv is None else argv
    if not resources_dir().is_dir():  # e.g. `pip install .`: the package without what ships beside it
        print("npmdesk: " + _("Faltan los archivos que acompañan a npmdesk (plantillas, iconos) en {path}. "
                              "Instálelo con su instalador o, desde el repositorio, con «pip install -e .».")
              .format(path=resources_dir()), file=sys.stderr)
        return 1
    if not argv or (len(argv) == 1 and Path(argv[0]).is_file()):  # the GUI, without loading every command
        return run_gui(argv)
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    if len(argv) == 1 and not argv[0].startswith("-") and argv[0] not in commands:
        return run_gui(argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if not getattr(args, "handler", None):
        parser.print_usage(sys.stderr)
        return 2
    try:
        return args.handler(args) or 0
    except NpmdeskError as exc:
        log.info("user error: %s", type(exc).__name__)
        print(f"npmdesk: {exc.message()}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("npmdesk: " + _("Operación cancelada."), file=sys.stderr)
        return 1
    except Exception as exc:
        logs.log_exception(log, f"command {args.command}", exc)
        print("npmdesk: " + _("Error inesperado. Los detalles técnicos están en {path}.")
              .format(path=log_file()), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
