"""amzdesk entry point.

python main.py                the window (demo on the simulator when no credentials are stored)
python main.py --demo         the window on the built-in simulator
python main.py --smoke-test   start the window offscreen, render a frame, exit 0 if all is well
python main.py <command> ...  the command line (sync, orders, carriers, confirm, ...; --help)
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if "--smoke-test" in args:
        from ui.smoke import run_smoke_test

        return run_smoke_test([a for a in args if a != "--smoke-test"])
    # Any positional word is a command-line sub-command ("orders --json", "--demo orders", ...).
    if any(not a.startswith("-") for a in args) or any(a in ("-h", "--help") for a in args):
        from amzdesk.cli import main as cli_main

        return cli_main(args)
    # The plain-Python modules the window's first frame needs are imported before PySide6 on
    # purpose: once PySide6 is loaded, each module imported for the first time is read back as
    # source text (PySide's ``__feature__`` check: ``inspect.getsource`` per module, ~0.2 ms
    # each); imported first, their own imports escape it (68 -> 33 modules checked).
    import amzdesk.credentials
    import amzdesk.settings

    if "--demo" in args or amzdesk.credentials.configured_hint():  # (else: the welcome screen)
        import ui.orders.columns  # noqa: F401  (the order list's rows and columns: no Qt)
    from ui.app import main as gui_main

    return gui_main(args)


if __name__ == "__main__":
    sys.exit(main())
