"""Run one ``amzdesk`` command line against ready-built services (simulator-backed in tests).

from tests.cli_helpers import run_cli

code, out, err = run_cli(services, ["confirm", order_id, "--carrier", "…"])
"""

from __future__ import annotations

import io

from amzdesk.cli import CliContext, CliError, build_parser
from amzdesk.services import Services


def run_cli(services: Services, argv: list[str]) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of ``amzdesk <argv>`` using ``services``."""
    args = build_parser().parse_args(argv)
    out, err = io.StringIO(), io.StringIO()
    ctx = CliContext(args, stdout=out, stderr=err)
    ctx._services = services
    try:
        code = int(args.func(args, ctx))
    except CliError as exc:
        err.write(exc.message)
        code = exc.code
    return code, out.getvalue(), err.getvalue()
