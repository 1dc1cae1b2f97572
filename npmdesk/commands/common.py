"""What every subcommand module shares: output and the standard options."""

import argparse

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
