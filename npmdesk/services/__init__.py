"""Use cases over an open case file: records, search, backups, checks, transfer. No Qt."""
