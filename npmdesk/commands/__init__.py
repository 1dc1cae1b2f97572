"""The `npmdesk` subcommands, one module per area; each module has `register(sub)`."""

import sys

from npmdesk.commands import case, export, package, recovery, report, review, transfer
from npmdesk.i18n import _

MODULES = [case, transfer, export, report, review, package, recovery]


def register(sub) -> None:
    for module in MODULES:
        module.register(sub)


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
