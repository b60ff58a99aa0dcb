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

Extension point
===============

Sub-commands are registered on an ``argparse`` sub-parser set.  Each sub-parser sets
``func=handler`` with ``handler(args, ctx: CliContext) -> int``.  ``ctx`` gives lazily built
collaborators (``ctx.settings``, ``ctx.credentials``, ``ctx.services`` -- built on first use,
closed at exit), output helpers (``ctx.out(text)``, ``ctx.err(text)``, ``ctx.emit_json(doc)``,
``ctx.json_mode``) and ``ctx.read_secret(prompt)``.  A handler raises :class:`CliError` (Japanese
message, exit code) for expected failures; errors of the clients / keyring / settings are turned
into Japanese messages by :func:`main`.  ``amzdesk/cli_shipping.py``, when present, provides
``register(subparsers) -> None`` and is called here.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import importlib
import json
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any, Final, NoReturn, TextIO, cast

from amzdesk.clock import iso_z, to_jst, utcnow
from amzdesk.models import Order

if TYPE_CHECKING:
    from amzdesk.carriers import CarrierTable
    from amzdesk.credentials import CredentialStore
    from amzdesk.services import Services
    from amzdesk.settings import Settings
    from amzdesk.sync import SyncProgress, SyncReport

__all__ = ["CliContext", "CliError", "build_parser", "json_dumps", "main"]

log = logging.getLogger("amzdesk.cli")

EXIT_OK: Final = 0
EXIT_ERROR: Final = 1
EXIT_USAGE: Final = 2
EXIT_INTERRUPTED: Final = 130

ORDERS_SCHEMA: Final = "amzdesk.orders/1"
CARRIERS_SCHEMA: Final = "amzdesk.carriers/1"
SYNC_SCHEMA: Final = "amzdesk.sync/1"
CREDENTIALS_SCHEMA: Final = "amzdesk.credentials/1"

Handler = Callable[[argparse.Namespace, "CliContext"], int]


class CliError(Exception):
    """An expected failure: ``message`` (Japanese) goes to stderr, ``code`` is the exit code."""

    def __init__(self, message: str, code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class JaArgumentParser(argparse.ArgumentParser):
    """argparse with Japanese error wording; usage errors exit 2."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: 使い方が正しくありません: {message}\n")


# --- JSON helpers -------------------------------------------------------------------------------


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso_z(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def json_dumps(doc: Any) -> str:
    """The CLI's JSON form: sorted keys, UTF-8 text (no ASCII escapes), datetimes as UTC Z."""
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=2, default=_json_default)


def _t(value: datetime | None) -> str | None:
    return iso_z(value) if value is not None else None


# --- context ------------------------------------------------------------------------------------


class CliContext:
    """What a handler gets: lazily built collaborators and output helpers."""

    def __init__(
        self,
        args: argparse.Namespace,
        *,
        stdin: IO[str] | None = None,
        stdout: IO[str] | None = None,
        stderr: IO[str] | None = None,
    ) -> None:
        self.args = args
        self.stdin = stdin if stdin is not None else sys.stdin
        self.stdout = stdout if stdout is not None else sys.stdout
        self.stderr = stderr if stderr is not None else sys.stderr
        self.demo: bool = bool(getattr(args, "demo", False))
        self._settings: Settings | None = None
        self._credentials: CredentialStore | None = None
        self._services: Services | None = None

    # -- collaborators -------------------------------------------------------------------------

    @property
    def json_mode(self) -> bool:
        return bool(getattr(self.args, "json", False))

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from amzdesk.settings import load_settings

            self._settings = load_settings()
        return self._settings

    @property
    def credentials(self) -> CredentialStore:
        if self._credentials is None:
            from amzdesk.credentials import CredentialStore

            self._credentials = CredentialStore()
        return self._credentials

    @property
    def services(self) -> Services:
        """The app's services (store, clients, sync), built on first use."""
        if self._services is None:
            from amzdesk.services import build_services

            self._services = build_services(self.settings, self.credentials, demo=self.demo)
        return self._services

    @property
    def carrier_table(self) -> CarrierTable:
        if self._services is not None:
            return self._services.carriers
        from amzdesk.carriers import CarrierTable

        return CarrierTable.load(overrides=self.settings.carrier_code_overrides)

    def close(self) -> None:
        if self._services is not None:
            services, self._services = self._services, None
            services.close()

    # -- output --------------------------------------------------------------------------------

    def out(self, text: str = "") -> None:
        print(text, file=self.stdout)

    def err(self, text: str) -> None:
        print(text, file=self.stderr)

    def emit_json(self, doc: Any) -> None:
        self.stdout.write(json_dumps(doc) + "\n")

    def read_secret(self, prompt: str) -> str:
        """A secret from stdin: without echo on a terminal, else the first line."""
        isatty = getattr(self.stdin, "isatty", None)
        if callable(isatty) and isatty():
            return getpass.getpass(prompt, stream=cast(TextIO, self.stderr))
        line = self.stdin.readline()
        return line.rstrip("\r\n")


# --- credentials --------------------------------------------------------------------------------


def _cmd_credentials_set(args: argparse.Namespace, ctx: CliContext) -> int:
    from amzdesk.credentials import LABELS

    name: str = args.name
    label = LABELS.get(name, name)
    value = ctx.read_secret(f"{label} を入力してください（表示されません）: ")
    if not value.strip():
        raise CliError(f"{label} が空です。標準入力から値を渡してください")
    ctx.credentials.set(name, value)
    ctx.err(f"{label}（{name}）をキーリングに保存しました")
    return EXIT_OK


def _cmd_credentials_list(args: argparse.Namespace, ctx: CliContext) -> int:
    from amzdesk.credentials import LABELS

    status = ctx.credentials.status()
    if ctx.json_mode:
        ctx.emit_json(
            {
                "schema": CREDENTIALS_SCHEMA,
                "backend": ctx.credentials.backend_description(),
                "credentials": {
                    name: {"set": bool(is_set), "label": LABELS.get(name, name)}
                    for name, is_set in status.items()
                },
            }
        )
        return EXIT_OK
    for name, is_set in status.items():
        mark = "設定済み" if is_set else "未設定"
        ctx.out(f"{name:<20} {mark:<6} {LABELS.get(name, name)}")
    return EXIT_OK


def _cmd_credentials_delete(args: argparse.Namespace, ctx: CliContext) -> int:
    from amzdesk.credentials import LABELS

    name: str = args.name
    label = LABELS.get(name, name)
    if ctx.credentials.delete(name):
        ctx.err(f"{label}（{name}）を削除しました")
    else:
        ctx.err(f"{label}（{name}）は保存されていません")
    return EXIT_OK


# --- sync ---------------------------------------------------------------------------------------


def _require_source(ctx: CliContext) -> Services:
    services = ctx.services
    if services.spapi is None and services.makeshop is None:
        raise CliError(
            "Amazon も makeshop も設定されていません。"
            "「credentials set」で認証情報を登録するか、--demo を付けて実行してください"
        )
    return services


def _sync_report_doc(report: SyncReport) -> dict[str, Any]:
    sources: dict[str, Any] = {}
    for rep in report.sources:
        sources[rep.source] = {
            "configured": rep.configured,
            "finished": rep.finished,
            "cancelled": rep.cancelled,
            "work_ready": rep.work_ready,
            "history_complete": rep.history_complete,
            "pages": rep.pages,
            "calls": rep.calls,
            "orders_fetched": rep.orders_fetched,
            "orders_changed": rep.orders_changed,
            "last_success": _t(rep.last_success),
            "phases": list(rep.phases),
            "errors": [
                {
                    "kind": e.kind,
                    "message": e.message,
                    "status": e.status,
                    "request_id": e.request_id,
                    "phase": e.phase,
                }
                for e in rep.errors
            ],
        }
    return {
        "schema": SYNC_SCHEMA,
        "started_at": _t(report.started),
        "finished_at": _t(report.finished_at),
        "ok": report.ok,
        "cancelled": report.cancelled,
        "work_ready": report.work_ready,
        "sources": sources,
        # makeshop orders seen by this sync: recognised as Amazon, matched, unmatched
        "match": report.match.as_dict() if report.match is not None else None,
    }


def _run_sync(ctx: CliContext, *, quiet: bool) -> SyncReport:
    services = _require_source(ctx)
    last_phase: list[str] = [""]

    def progress(event: SyncProgress) -> None:
        if quiet:
            return
        key = f"{event.phase}:{event.source}"
        if key != last_phase[0]:
            last_phase[0] = key
            ctx.err(event.text)

    cancel = threading.Event()
    try:
        return services.sync_and_settle(progress=progress, cancel=cancel)
    except KeyboardInterrupt:
        cancel.set()
        raise


def _print_report(ctx: CliContext, report: SyncReport) -> None:
    for rep, label in ((report.amazon, "Amazon"), (report.makeshop, "makeshop")):
        if not rep.configured:
            ctx.out(f"{label}: 未設定（スキップ）")
            continue
        line = (
            f"{label}: {rep.orders_fetched} 件取得、{rep.orders_changed} 件更新"
            f"（{rep.pages} ページ、{rep.calls} リクエスト）"
        )
        if rep.history_complete:
            line += "、過去の注文も取得済み"
        elif rep.work_ready:
            line += "、過去の注文は次回以降に取得"
        ctx.out(line)
        for issue in rep.errors:
            ctx.err(f"  エラー: {issue.message}")
    lines = report.match_lines()
    if lines:
        ctx.out("照合:")
        for line in lines:
            ctx.out(f"  {line}")
    if report.cancelled:
        ctx.out("同期を中止しました（次回は続きから再開します）")


def _cmd_sync(args: argparse.Namespace, ctx: CliContext) -> int:
    report = _run_sync(ctx, quiet=ctx.json_mode)
    if ctx.json_mode:
        ctx.emit_json(_sync_report_doc(report))
    else:
        _print_report(ctx, report)
    return EXIT_OK if report.ok else EXIT_ERROR


# --- orders -------------------------------------------------------------------------------------


def _carrier_and_tracking(order: Order, table: CarrierTable) -> tuple[str | None, str | None]:
    """The carrier / tracking number the order shipped with, as best known."""
    packages = list(order.amazon.packages) if order.amazon is not None else []
    packages += list(order.notes.confirmed_packages)
    for pkg in reversed(packages):
        if pkg.carrier or pkg.tracking_number:
            return (pkg.carrier or None, pkg.tracking_number or None)
    ms = order.makeshop
    if ms is not None and (ms.carrier_code or ms.slip_number):
        carrier = table.by_code(ms.carrier_code) if ms.carrier_code else None
        name = carrier.name if carrier is not None else (ms.carrier_code or None)
        return (name, ms.slip_number or None)
    return (None, None)


def order_doc(order: Order, table: CarrierTable, now: datetime) -> dict[str, Any]:
    """One order as the ``amzdesk.orders/1`` JSON object."""
    from amzdesk.rules import evaluate
    from amzdesk.states import combined_state, deadline

    state = combined_state(order)
    verdicts = evaluate(order, table=table)
    carrier, tracking = _carrier_and_tracking(order, table)
    az, ms = order.amazon, order.makeshop
    return {
        "key": order.key,
        "channel": order.channel.value,
        "amazon_order_id": order.amazon_order_id or None,
        "makeshop_order_number": ms.display_order_number if ms is not None else None,
        "makeshop_system_order_number": ms.system_order_number if ms is not None else None,
        "order_date": _t(order.order_date),
        "amazon_status": az.status.value if az is not None else None,
        "makeshop_delivery_status": ms.delivery_status.value if ms is not None else None,
        "payment_status": ms.payment_status if ms is not None else None,
        "latest_ship_date": _t(order.ship_by),
        "deadline": deadline(order, now).value,
        "carrier": carrier,
        "tracking_number": tracking,
        "state": state.value,
        "state_label": state.label,
        "needs_action": state.needs_action,
        "actions": {
            action.value: {
                "allowed": v.allowed,
                "needs_input": v.needs_input,
                "reason": v.reason,
                "rule_id": v.rule_id,
            }
            for action, v in verdicts.items()
        },
    }


def _sorted_orders(orders: Iterable[Order]) -> list[Order]:
    def key(o: Order) -> tuple[float, str]:
        d = o.order_date
        return (-(d.timestamp() if d is not None else 0.0), o.key)

    return sorted(orders, key=key)


def _cmd_orders(args: argparse.Namespace, ctx: CliContext) -> int:
    from amzdesk.states import combined_state

    services = ctx.services
    if ctx.demo:  # a fresh simulator: fill the demo store first
        report = _run_sync(ctx, quiet=True)
        for issue in report.errors:
            ctx.err(f"エラー: {issue.message}")
    table = services.carriers
    orders = list(services.store.all_orders())
    if args.needs_action:
        orders = [o for o in orders if combined_state(o).needs_action]
    orders = _sorted_orders(orders)
    now = utcnow()
    if ctx.json_mode:
        ctx.emit_json(
            {
                "schema": ORDERS_SCHEMA,
                "generated_at": _t(now),
                "count": len(orders),
                "orders": [order_doc(o, table, now) for o in orders],
            }
        )
        return EXIT_OK
    if not orders:
        ctx.out(
            "注文はありません"
            if services.store.count()
            else "注文はまだありません（sync で取得してください）"
        )
        return EXIT_OK
    for o in orders:
        doc = order_doc(o, table, now)
        date = to_jst(o.order_date).strftime("%Y-%m-%d %H:%M") if o.order_date else "-"
        due = to_jst(o.ship_by).strftime("%m/%d") if o.ship_by else "-"
        allowed = [a for a, v in doc["actions"].items() if v["allowed"]]
        ctx.out(
            "  ".join(
                [
                    date,
                    f"{doc['channel']:<10}",
                    doc["amazon_order_id"] or "-",
                    doc["makeshop_order_number"] or "-",
                    f"期限:{due}",
                    doc["state_label"],
                    f"[{', '.join(allowed) or '-'}]",
                ]
            )
        )
    ctx.out(f"{len(orders)} 件")
    return EXIT_OK


# --- carriers -----------------------------------------------------------------------------------


def _cmd_carriers(args: argparse.Namespace, ctx: CliContext) -> int:
    from amzdesk.carriers import default_table

    table = ctx.carrier_table
    base = default_table()
    rows = []
    for c in table.all():
        preview = table.preview(c)
        original = base.by_name(c.name)
        code, name = c.spapi_fields()
        rows.append(
            {
                "name": c.name,
                "code": c.code,
                "amazon_name": c.amazon_name,
                "identifies_carrier": c.identifies_carrier,
                "tracked": c.tracked.value,
                "tracking_format": c.tracking_format,
                "spapi_carrier_code": code,
                "spapi_carrier_name": name,
                "overridden": original is not None and original.spapi_code != c.spapi_code,
                "warnings": list(preview.warnings),
                "note": c.note,
            }
        )
    if ctx.json_mode:
        ctx.emit_json({"schema": CARRIERS_SCHEMA, "count": len(rows), "carriers": rows})
        return EXIT_OK
    for r in rows:
        flag = "" if r["identifies_carrier"] else "  ※Amazon には実際の配送業者名が伝わりません"
        sent = (
            f"{r['spapi_carrier_code']}/{r['spapi_carrier_name']}"
            if r["spapi_carrier_code"]
            else "-"
        )
        over = "（設定で変更）" if r["overridden"] else ""
        ctx.out(
            f"{r['name']}（{r['code'] or '-'}） → Amazon 表示: {r['amazon_name']}"
            f"  追跡: {r['tracked']}  SP-API: {sent}{over}{flag}"
        )
    ctx.out(f"{len(rows)} 件")
    return EXIT_OK


# --- sim ----------------------------------------------------------------------------------------


def _cmd_sim(args: argparse.Namespace, ctx: CliContext) -> int:
    try:
        sim = importlib.import_module("amzdesk.sim")
    except ImportError as exc:
        raise CliError("シミュレーターを読み込めませんでした") from exc
    cli_main = getattr(sim, "cli_main", None)
    if cli_main is None:
        raise CliError("このバージョンにはシミュレーターのコマンドがありません")
    rc = cli_main(list(args.sim_args))
    return int(rc) if isinstance(rc, int) else EXIT_OK


# --- parser -------------------------------------------------------------------------------------


def _add_json(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="機械可読な JSON で出力する")
    # ``--demo`` is global, but ``python main.py sync --demo`` is accepted too
    p.add_argument("--demo", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)


def build_parser() -> argparse.ArgumentParser:
    from amzdesk.credentials import NAMES

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

    cred = sub.add_parser("credentials", help="認証情報（OS のキーリング）を管理する")
    cred_sub = cred.add_subparsers(dest="cred_command", metavar="ACTION")
    cred_sub.required = True
    p = cred_sub.add_parser("set", help="標準入力から読んだ値を保存する（引数には書かない）")
    p.add_argument("name", choices=NAMES, metavar="NAME", help=f"{', '.join(NAMES)}")
    p.set_defaults(func=_cmd_credentials_set)
    p = cred_sub.add_parser(
        "list", help="どの認証情報が保存されているかを表示する（値は表示しない）"
    )
    _add_json(p)
    p.set_defaults(func=_cmd_credentials_list)
    p = cred_sub.add_parser("delete", help="認証情報を削除する")
    p.add_argument("name", choices=NAMES, metavar="NAME", help=f"{', '.join(NAMES)}")
    p.set_defaults(func=_cmd_credentials_delete)

    p = sub.add_parser("sync", help="Amazon と makeshop の注文を取得する")
    _add_json(p)
    p.set_defaults(func=_cmd_sync)

    p = sub.add_parser("orders", help="取得済みの注文と、できる操作を表示する")
    _add_json(p)
    p.add_argument("--needs-action", action="store_true", help="対応が必要な注文だけ表示する")
    p.set_defaults(func=_cmd_orders)

    p = sub.add_parser("carriers", help="配送業者の一覧と Amazon での表示名を表示する")
    _add_json(p)
    p.set_defaults(func=_cmd_carriers)

    p = sub.add_parser(
        "sim", help="内蔵シミュレーターを起動する（sim --help で詳細）", add_help=False
    )
    p.set_defaults(func=_cmd_sim, sim_args=[])

    _register_extensions(sub)
    return parser


_EXTENSIONS: Final = ("amzdesk.cli_shipping", "amzdesk.cli_insights", "amzdesk.cli_doctor")


def _register_extensions(sub: Any) -> None:
    for name in _EXTENSIONS:
        try:
            ext = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        register = getattr(ext, "register", None)
        if callable(register):
            register(sub)


# --- main ---------------------------------------------------------------------------------------


def _error_message(exc: BaseException) -> str | None:
    """A Japanese message for an expected error type, or None."""
    from amzdesk import errors

    return errors.user_message(exc)


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
        args_list = [a for a in args_list[: len(args_list) - len(sim_args)]]
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
        message = _error_message(exc) if not isinstance(exc, RecursionError) else None
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
