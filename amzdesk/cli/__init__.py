"""The command line: ``python main.py <command> ...`` (``amzdesk-cli`` when installed).

Commands::

    credentials set NAME       read the secret from stdin (no echo on a terminal), store in keyring
    credentials list [--json]  which credentials are set (never their values)
    credentials delete NAME
    sync [--json]              pull Amazon and makeshop orders into the local store
    orders [--json] [--needs-action]
    carriers [--json]          the carrier table, with the SP-API code that will be sent
    sim ...                    the built-in simulator (see ``sim --help``)

Global options (before the command): ``--demo`` runs against a freshly started built-in simulator
with a demo store of its own (read commands sync it first), ``-v/--verbose`` logs more.

Exit codes: 0 success, 1 an error (message in Japanese on stderr, no traceback), 2 a usage error,
130 interrupted.

JSON output (``--json``)
========================

Stable, machine-readable, UTF-8, keys sorted, times ISO 8601 UTC ``YYYY-MM-DDTHH:MM:SSZ``, absent
values ``null``.  Every document has ``"schema"`` naming it and its version; fields are only
ever added within a version.

``amzdesk.orders/1``::

    {"schema": "amzdesk.orders/1", "generated_at": TIME, "count": INT, "orders": [ORDER, ...]}
    ORDER = {
      "key": "az:<AmazonOrderId>" | "ms:<systemOrderNumber>",
      "channel": "shop" | "amazon-mfn" | "amazon-fba",
      "amazon_order_id": STR | null, "makeshop_order_number": STR | null (displayOrderNumber),
      "makeshop_system_order_number": STR | null,
      "order_date": TIME | null,
      "amazon_status": "UNSHIPPED" | "SHIPPED" | ... | null,
      "makeshop_delivery_status": "N" | "Y" | "C" | "R" | null,
      "payment_status": STR | null (makeshop paymentStatusCode),
      "latest_ship_date": TIME | null, "deadline": "overdue" | "due-today" | "later" | "none",
      "carrier": STR | null, "tracking_number": STR | null,
      "state": STR (amzdesk.states.CombinedState value), "state_label": STR (Japanese),
      "needs_action": BOOL,
      "actions": {ACTION: {"allowed": BOOL, "needs_input": BOOL, "reason": STR, "rule_id": STR}}
    }

``ACTION`` is every :class:`amzdesk.rules.Action` value (``confirm-amazon``, ``correct-tracking``,
``complete-makeshop``, ``return``, ``edit``, ``show-customer``, ``open-seller-central``,
``open-makeshop``); the verdicts come from :func:`amzdesk.rules.evaluate` only (no carrier or
tracking number chosen).  Orders are sorted by order date, newest first, then key.

``amzdesk.carriers/1``::

    {"schema": "amzdesk.carriers/1", "count": INT, "carriers": [CARRIER, ...]}   (table order)
    CARRIER = {"name", "code", "amazon_name" (after makeshop's conversion, R-E1/R-E2),
               "identifies_carrier": BOOL (false = 配送業者ABF), "tracked": "yes"|"no"|"unknown",
               "tracking_format", "spapi_carrier_code", "spapi_carrier_name" (what an Amazon-side
               confirmation sends, overrides applied), "overridden": BOOL, "warnings": [STR],
               "note"}

``amzdesk.sync/1``::

    {"schema": "amzdesk.sync/1", "started_at": TIME, "finished_at": TIME, "ok": BOOL,
     "cancelled": BOOL, "work_ready": BOOL, "sources": {"amazon": SOURCE, "makeshop": SOURCE},
     "match": MATCH | null}
    MATCH = {"makeshop_seen", "recognised_amazon", "matched_to_spapi", "matched_by_items",
             "maybe_amazon", "unmatched_makeshop", "unmatched_spapi": INT,
             "amazon_configured": BOOL, "examples": {KIND: [order number or Amazon ID]}}
    SOURCE = {"configured", "finished", "cancelled", "work_ready", "history_complete": BOOL,
              "pages", "calls", "orders_fetched", "orders_changed": INT,
              "last_success": TIME | null, "phases": [STR],
              "errors": [{"kind", "message", "status": INT | null, "request_id", "phase"}]}

``amzdesk.credentials/1``::

    {"schema": "amzdesk.credentials/1", "backend": STR,
     "credentials": {NAME: {"set": BOOL, "label": STR}}}

Layout
======

One module per group of commands, each with ``register(subparsers) -> None`` called by
:func:`build_parser` (in the order of ``--help``): :mod:`~amzdesk.cli.credentials`,
:mod:`~amzdesk.cli.sync`, :mod:`~amzdesk.cli.orders` (``orders``, ``carriers``), ``sim`` (here),
:mod:`~amzdesk.cli.shipping`, :mod:`~amzdesk.cli.insights`, :mod:`~amzdesk.cli.doctor`.  What
they share (:class:`CliContext`, :class:`CliError`, exit codes, the JSON form, the sync runner)
is in :mod:`amzdesk.cli.common`, which imports none of them; command modules never import each
other.  A new group of commands is a new module plus one line in :func:`build_parser`.

Each sub-parser sets
``func=handler`` with ``handler(args, ctx: CliContext) -> int``.  ``ctx`` gives lazily built
collaborators (``ctx.settings``, ``ctx.credentials``, ``ctx.services`` -- built on first use,
closed at exit), output helpers (``ctx.out(text)``, ``ctx.err(text)``, ``ctx.emit_json(doc)``,
``ctx.json_mode``) and ``ctx.read_secret(prompt)``.  A handler raises :class:`CliError` (Japanese
message, exit code) for expected failures; errors of the clients / keyring / settings are turned
into Japanese messages by :func:`main` (:func:`amzdesk.errors.user_message`).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Sequence
from typing import IO, Final

from amzdesk import errors
from amzdesk.cli import credentials, doctor, insights, orders, shipping, sync
from amzdesk.cli.common import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    CliContext,
    CliError,
    Handler,
    JaArgumentParser,
    json_dumps,
)

__all__ = ["CliContext", "CliError", "build_parser", "json_dumps", "main"]

log = logging.getLogger("amzdesk.cli")


# --- sim ----------------------------------------------------------------------------------------


def _cmd_sim(args: argparse.Namespace, ctx: CliContext) -> int:
    try:
        from amzdesk.sim.cli import cli_main
    except ImportError as exc:
        raise CliError("シミュレーターを読み込めませんでした") from exc
    return cli_main(list(args.sim_args))


# --- parser -------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = JaArgumentParser(
        prog="amzdesk",
        description="makeshop と Amazon の注文を確認し、出荷通知を送るためのコマンド",
    )
    parser.add_argument(
        "--demo", action="store_true", help="内蔵シミュレーターを起動して、デモデータで動かす"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="詳しいログを出す")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=JaArgumentParser)
    sub.required = True

    credentials.register(sub)
    sync.register(sub)
    orders.register(sub)
    p = sub.add_parser(
        "sim", help="内蔵シミュレーターを起動する（sim --help で詳細）", add_help=False
    )
    p.set_defaults(func=_cmd_sim, sim_args=[])
    shipping.register(sub)
    insights.register(sub)
    doctor.register(sub)
    return parser


# --- main ---------------------------------------------------------------------------------------


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: IO[str] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run one command; returns the exit code (never raises, except SystemExit from --help)."""
    err = stderr if stderr is not None else sys.stderr
    args_list = list(sys.argv[1:] if argv is None else argv)
    sim_args = _sim_passthrough(args_list)
    if sim_args is not None:  # ``sim ...``: the simulator parses its own options
        args_list = args_list[: len(args_list) - len(sim_args)]
    try:
        parser = build_parser()
        args = parser.parse_args(args_list)
        if sim_args is not None:
            args.sim_args = sim_args
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (EXIT_OK if code is None else EXIT_USAGE)

    _configure_logging(bool(args.verbose))
    ctx = CliContext(args, stdin=stdin, stdout=stdout, stderr=stderr)
    handler: Handler = args.func
    try:
        return int(handler(args, ctx))
    except CliError as exc:
        print(f"エラー: {exc.message}", file=err)
        return exc.code
    except KeyboardInterrupt:
        print("中断しました", file=err)
        return EXIT_INTERRUPTED
    except SystemExit as exc:  # a delegated parser (e.g. ``sim --help``)
        code = exc.code
        return code if isinstance(code, int) else (EXIT_OK if code is None else EXIT_ERROR)
    except BrokenPipeError:
        # the reader went away (``| head``): stop quietly, without a second error at exit
        _silence_stdout()
        return EXIT_OK
    except Exception as exc:
        message = errors.user_message(exc) if not isinstance(exc, RecursionError) else None
        if message is None:
            from amzdesk.logsetup import FILE_ONLY, current_log_file

            log.error("command %s failed", args.command, exc_info=True, extra=FILE_ONLY)
            where = current_log_file()
            print(
                f"エラー: 予期しないエラーが起きました（{type(exc).__name__}）。"
                f"詳細はログファイルに記録しました{f': {where}' if where else ''}",
                file=err,
            )
        else:
            log.info("command %s failed: %s", args.command, type(exc).__name__)
            print(f"エラー: {message}", file=err)
        return EXIT_ERROR
    finally:
        ctx.close()


def _silence_stdout() -> None:
    """Point stdout at the null device (after a broken pipe), so the flush at exit is quiet."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


_GLOBAL_FLAGS: Final = frozenset({"--demo", "-v", "--verbose"})


def _sim_passthrough(args: list[str]) -> list[str] | None:
    """The arguments after ``sim`` when the command is ``sim``, else None."""
    for i, arg in enumerate(args):
        if arg in _GLOBAL_FLAGS:
            continue
        return args[i + 1 :] if arg == "sim" else None
    return None


def _configure_logging(verbose: bool) -> None:
    try:
        from amzdesk.logsetup import configure_logging

        configure_logging(level="DEBUG" if verbose else "INFO")
    except OSError:  # an unwritable log folder must not stop the command
        pass
