"""Entry point of the frozen application (PyInstaller)."""

import sys

from npmdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
