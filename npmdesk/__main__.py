import sys

from npmdesk.cli import main

sys.exit(main())
