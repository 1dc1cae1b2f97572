"""The `npmdesk` command: the GUI without arguments, subcommands for scripting and archiving.

Exit codes: 0 success, 1 a user error (one line in the user's language on stderr),
2 bad usage. No traceback ever reaches the user; it goes to the log.
"""

import argparse
import logging
import sys
from pathlib import Path

from npmdesk import __version__, logs
from npmdesk.commands.common import run_gui
from npmdesk.errors import NpmdeskError, storage_fault
from npmdesk.i18n import _
from npmdesk.paths import log_file, resources_dir

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    from npmdesk.commands import (argparse_text, case, export, package, recovery, recommendations, report,
                                  review, tracking, transfer)
    argparse_text.install()
    parser = argparse.ArgumentParser(
        prog="npmdesk",
        description=_("Informes de visitas de monitoreo del MNPT en un expediente cifrado."))
    parser.add_argument("--version", action="version", version=f"npmdesk {__version__}",
                        help=_("muestra la versión del programa y termina"))
    sub = parser.add_subparsers(dest="command", metavar=_("orden"))
    for module in (case, transfer, export, report, review, package, recovery, tracking, recommendations):
        module.register(sub)
    return parser


def no_core_dumps() -> None:
    """A crash must not write the process's memory (keys, case text) to a core file."""
    try:
        import resource
    except ImportError:  # Windows: no core files; Windows Error Reporting is the system's setting
        return
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        log.info("could not turn core dumps off")


def main(argv: list[str] | None = None) -> int:
    no_core_dumps()
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
        fault = storage_fault(exc)
        if fault is not None:  # a full disk or read-only drive met where no layer named it
            print(f"npmdesk: {fault.message()}", file=sys.stderr)
            return 1
        print("npmdesk: " + _("Error inesperado. Los detalles técnicos están en {path}.")
              .format(path=log_file()), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
