"""`python -m lumen.cli`: the same entry point as the `lumen` command."""

import sys

from lumen.cli import main

sys.exit(main())
