"""The `npmdesk` subcommands, one module per area; each module has `register(sub)`."""

from npmdesk.commands import case, export, package, recovery, report, review, transfer

MODULES = [case, transfer, export, report, review, package, recovery]


def register(sub) -> None:
    for module in MODULES:
        module.register(sub)
