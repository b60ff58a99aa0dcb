"""``python -m amzdesk.cli <command> ...``: the command line (same as ``amzdesk-cli``)."""

from __future__ import annotations

import sys

from amzdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
