"""The `npmdesk` subcommands, one module per area; each module has `register(sub)`."""
