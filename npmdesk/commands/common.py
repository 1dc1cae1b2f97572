"""What every subcommand module shares: output, the standard options, the passphrase, the session,
and opening the GUI (which `cli.py` also uses, so neither imports the other's package)."""

import argparse
import getpass
import os
import sys
from pathlib import Path

from npmdesk import ENV_PASSPHRASE
from npmdesk.errors import NpmdeskError
from npmdesk.i18n import _


def out(text: str = "") -> None:
    print(text)


def passphrase_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--passphrase-file", metavar=_("ARCHIVO"),
                        help=_("lee la frase de contraseña de la primera línea de ARCHIVO"))


def add_command(sub, name: str, handler, help_text: str, case: bool = True):
    """A subcommand taking the case file path first (unless case=False) and the passphrase options."""
    parser = sub.add_parser(name, help=help_text, description=help_text)
    if case:
        parser.add_argument("case", metavar=_("EXPEDIENTE"), help=_("ruta del expediente cifrado"))
    passphrase_option(parser)
    parser.set_defaults(handler=handler)
    return parser


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


def run_gui(argv: list[str], passphrase: str | None = None) -> int:
    """Open the GUI: `argv` is [] (last case file or start screen) or [CASE].

    CASE is unlocked at once with `passphrase`, or else with NPMDESK_PASSPHRASE when set
    (e.g. `npmdesk demo` can end with `run_gui([str(path)], passphrase)`).
    """
    try:
        from npmdesk.ui.shell.app import main
    except ImportError as exc:
        print(_("No se puede abrir la interfaz gráfica: falta PySide6 ({name}).").format(
            name=exc.name or "?"), file=sys.stderr)
        return 1
    return main(argv, passphrase)


def personal_passphrase(args, name: str, confirm: bool = False) -> str:
    """A member's personal passphrase: --personal-passphrase-file, else asked on the terminal."""
    if args.personal_passphrase_file:
        try:
            return Path(args.personal_passphrase_file).read_text(encoding="utf-8").splitlines()[0]
        except (OSError, UnicodeDecodeError, IndexError):
            raise UserError(_("No se puede leer el archivo de la frase de contraseña personal."))
    if not sys.stdin or not sys.stdin.isatty():
        raise UserError(_("Indique la frase de contraseña personal de {name} con --personal-passphrase-file.")
                        .format(name=name))
    first = getpass.getpass(_("Frase de contraseña personal de {name}: ").format(name=name))
    if confirm and getpass.getpass(_("Repita la frase de contraseña personal: ")) != first:
        raise UserError(_("Las dos frases de contraseña no coinciden."))
    return first
