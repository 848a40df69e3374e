"""`python -m helpers` runs the command line."""

from helpers.cli.main import main

raise SystemExit(main())
