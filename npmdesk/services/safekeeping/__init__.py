"""Keeping the case file safe: backups, escrows and institutional recovery, passphrase change and strength."""
