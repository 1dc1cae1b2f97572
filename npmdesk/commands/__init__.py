"""The `npmdesk` subcommands, one module per area; each module has `register(sub)`."""

import sys

from npmdesk.commands import case, export, transfer
from npmdesk.i18n import _

MODULES = [case, transfer, export]


def register(sub) -> None:
    for module in MODULES:
        module.register(sub)


def run_gui(argv: list[str]) -> int:
    print(_("La interfaz gráfica aún no está disponible; use «npmdesk --help»."), file=sys.stderr)
    return 2
