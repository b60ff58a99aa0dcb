"""``python -m amzdesk.sim``: the same as ``python main.py sim``."""

from __future__ import annotations

import sys

from amzdesk.sim.cli import cli_main

if __name__ == "__main__":
    sys.exit(cli_main())
