"""npmdesk: drafting, review and export of NPM monitoring-visit reports in one encrypted case file."""

__version__ = "0.1.0"
APP_NAME = "npmdesk"
APP_ID = "org.npmdesk.npmdesk"
CASE_FILE_SUFFIX = ".npmcase"
# The environment variable a passphrase may come from (command line, and `npmdesk CASE` unlocking at once).
ENV_PASSPHRASE = "NPMDESK_PASSPHRASE"
