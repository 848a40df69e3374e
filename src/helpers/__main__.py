"""`python -m helpers` runs the command line."""

import sys

try:
    from helpers.cli.main import main

    status = main()
except KeyboardInterrupt:  # Ctrl-C outside a command's own handling (while starting up, say): one line
    print("interrupted", file=sys.stderr)
    status = 130
raise SystemExit(status)
