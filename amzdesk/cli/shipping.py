"""Shipment commands of the command line.

One module for the commands that send or record shipments: they share the workflow set-up
(earlier unknown sends settled first), the carrier argument and the result printing.

Commands::

    confirm ORDER --carrier NAME [--tracking NUM ...] [--ship-date YYYY-MM-DD]
            [--via auto|amazon|makeshop] [--other-carrier]
    correct-tracking ORDER --old NUM --new NUM --carrier NAME
    import-tracking FILE [--format auto|b2|ehiden|yupri|clickpost|generic]
            [--map KEY=COLUMN ...] [--via auto|amazon|makeshop] [--dry-run] [--json]
    export-amazon-file OUT [--from FILE [--format ...]] [--orders ORDER ...]
            [--carrier NAME --tracking NUM ...]
    journal [--json] [--unresolved] [--limit N]
    return ORDER [--seller-central-done] [--json]
    cancel-export ORDER | --all [--json]    the upload file will not be uploaded after all
    resolve                                 settle sends whose outcome is unknown

``ORDER`` is a makeshop display order number or an Amazon order ID.  ``NAME`` is the makeshop
carrier name as in ``carriers`` (``--other-carrier``: a carrier makeshop does not know, confirmed
on Amazon as ``Other`` + name, R-E3).  A refused action or an invalid tracking number prints the
reason with its rule ID and exits 1 without sending anything.

Before sending, every command first settles earlier sends whose outcome is unknown
(:meth:`amzdesk.shipment.ShipmentWorkflow.resolve_unknown`), so nothing is sent twice.

``return``: a shipped shop order is set to 返送 in makeshop (journal first, never twice).  An
Amazon order is refused with the R-C1 reason (its return is processed in Seller Central);
``--seller-central-done`` records that it was, so the order shows 返送反映待ち until makeshop's
処理区分 turns to 返送 by itself.  Exit 0 when done or already done, 1 otherwise.

``cancel-export``: an order written to the Amazon upload file (アップロード待ち) can be confirmed
again once its export is cancelled (journaled as the outcome of the exported rows).  ``--all``
cancels every export still waiting.  Exit 0 when cancelled (or, with ``--all``, when nothing was
waiting), 1 when refused.  ``--json``: ``{"schema": "amzdesk.cancel-export/1", "results":
[{"order_key", "order", "state" ("done"|"refused"), "message", "rule_id"}]}``.

``return --json``::

    {"schema": "amzdesk.return/1", "order_key", "order", "side" ("makeshop"|"amazon"|""),
     "state" ("done"|"skipped"|"failed"|"unknown"|"cancelled"|"refused"), "message",
     "rule_id" (or null)}

JSON (``journal --json``)::

    {"schema": "amzdesk.journal/1", "count": INT, "entries": [ENTRY, ...]}   (newest first)
    ENTRY = {"id", "created_at", "updated_at", "order_key", "amazon_order_id",
             "display_order_number", "action", "side" ("amazon"|"makeshop"|"file"),
             "package_reference_id", "tracking_number", "state" ("intent"|"sent"|"done"|
             "failed"|"unknown"|"exported"), "resolved": BOOL, "request_id", "http_status",
             "result", "error"}

``import-tracking --json``::

    {"schema": "amzdesk.import/1", "file", "format", "encoding", "dry_run": BOOL,
     "rows": [{"line", "order", "tracking", "carrier", "status", "reason", "rule_id",
               "side", "multi_package"}],
     "results": [{"order_key", "order", "side", "state", "message"}]}
"""

from __future__ import annotations

import argparse
import threading
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from amzdesk.cli.common import CliContext, CliError, run_sync

if TYPE_CHECKING:
    from amzdesk.importers import ImportResult, ReviewRow
    from amzdesk.shipment import Result, ShipmentWorkflow

__all__ = ["register"]

JOURNAL_SCHEMA: Final = "amzdesk.journal/1"
IMPORT_SCHEMA: Final = "amzdesk.import/1"
RETURN_SCHEMA: Final = "amzdesk.return/1"
VIA_CHOICES: Final = ("auto", "amazon", "makeshop")
FORMAT_CHOICES: Final = ("auto", "b2", "ehiden", "yupri", "clickpost", "generic")

_STATE_LABELS: Final = {
    "done": "完了",
    "skipped": "送信済みのためスキップ",
    "failed": "失敗",
    "unknown": "結果不明（次回の同期・起動時に確認します）",
    "cancelled": "中止",
    "refused": "送信できません",
    "mismatch": "Amazon の登録内容が送った内容と違います",
}


MAX_LIMIT: Final = 1_000_000


def _limit(text: str) -> int:
    """``--limit N``: a whole number 1..MAX_LIMIT (SQLite cannot take more than 64 bits)."""
    value = text.strip()
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"1 から {MAX_LIMIT:,} までの整数を指定してください")
    return int(value)


def _add_map(p: Any) -> None:
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="KEY=COLUMN",
        help="汎用CSVの列（order / tracking / carrier / ship_date / carrier_name）。保存されます",
    )


def register(subparsers: Any) -> None:
    """Add the shipment commands to the CLI's sub-parser set."""
    p = subparsers.add_parser("confirm", help="出荷通知する（Amazon または makeshop）")
    p.add_argument("order", metavar="ORDER", help="makeshop の注文番号または Amazon 注文番号")
    p.add_argument("--carrier", required=True, metavar="NAME", help="配送業者（makeshop の名前）")
    p.add_argument(
        "--tracking",
        action="append",
        default=[],
        metavar="NUM",
        help="追跡番号（荷物が複数なら繰り返す）",
    )
    p.add_argument("--ship-date", metavar="YYYY-MM-DD", help="出荷日（省略時は今）")
    p.add_argument("--via", choices=VIA_CHOICES, default="auto", help="送信先（既定: auto）")
    p.add_argument(
        "--other-carrier",
        action="store_true",
        help="makeshop に登録がない配送業者（Amazon に Other + 名前で送る）",
    )
    p.add_argument(
        "--not-amazon",
        action="store_true",
        help=(
            "Amazon の注文かもしれないと警告された注文が、ショップの注文であると確認済み"
            "（付けないと makeshop の配送完了は送りません）"
        ),
    )
    p.add_argument(
        "--shared-parcel",
        action="store_true",
        help="同梱: 別の注文と同じ追跡番号を使う（1つの荷物で複数の注文を送る）",
    )
    p.set_defaults(func=_cmd_confirm)

    p = subparsers.add_parser("correct-tracking", help="出荷通知済みの追跡番号を訂正する")
    p.add_argument("order", metavar="ORDER")
    p.add_argument("--old", required=True, metavar="NUM", help="訂正前の追跡番号")
    p.add_argument("--new", required=True, metavar="NUM", help="正しい追跡番号")
    p.add_argument("--carrier", required=True, metavar="NAME")
    p.add_argument("--other-carrier", action="store_true")
    p.set_defaults(func=_cmd_correct)

    p = subparsers.add_parser(
        "resend",
        help="Amazon の登録内容が送った内容と違う荷物を、もう一度出荷通知する",
    )
    p.add_argument("order", metavar="ORDER")
    p.add_argument(
        "--carrier", metavar="NAME", help="送る配送業者（省略時は前回の配送業者を今の設定で）"
    )
    p.add_argument("--other-carrier", action="store_true")
    p.set_defaults(func=_cmd_resend)

    p = subparsers.add_parser(
        "import-tracking", help="送り状ソフトの CSV から追跡番号を読み込んで出荷通知する"
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--format", choices=FORMAT_CHOICES, default="auto")
    _add_map(p)
    p.add_argument("--via", choices=VIA_CHOICES, default="auto")
    p.add_argument(
        "--shared-parcel",
        action="store_true",
        help="同梱: 他の注文と同じ追跡番号の行も送る（既定では送らない）",
    )
    p.add_argument("--dry-run", action="store_true", help="確認だけして送らない")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_import)

    p = subparsers.add_parser(
        "export-amazon-file", help="Amazon の出荷通知アップロードファイルを書き出す（送信しない）"
    )
    p.add_argument("out", metavar="OUT")
    p.add_argument("--from", dest="from_file", metavar="FILE", help="送り状ソフトの CSV")
    p.add_argument("--format", choices=FORMAT_CHOICES, default="auto")
    _add_map(p)
    p.add_argument("--orders", nargs="+", default=[], metavar="ORDER", help="対象の注文")
    p.add_argument("--carrier", metavar="NAME", help="--orders の配送業者")
    p.add_argument("--tracking", action="append", default=[], metavar="NUM")
    p.add_argument("--other-carrier", action="store_true")
    p.set_defaults(func=_cmd_export)

    p = subparsers.add_parser("journal", help="送信の記録（ジャーナル）を表示する")
    p.add_argument("--json", action="store_true")
    p.add_argument("--unresolved", action="store_true", help="結果が分からないものだけ")
    p.add_argument("--limit", type=_limit, default=None, metavar="N")
    p.set_defaults(func=_cmd_journal)

    p = subparsers.add_parser("resolve", help="結果が分からない送信を確認して片付ける")
    p.set_defaults(func=_cmd_resolve)

    p = subparsers.add_parser("return", help="返送にする（自社の注文は makeshop で返送）")
    p.add_argument("order", metavar="ORDER", help="makeshop の注文番号または Amazon 注文番号")
    p.add_argument(
        "--seller-central-done",
        action="store_true",
        help="Amazon の注文: セラーセントラルで返送処理したことを記録する",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_return)

    p = subparsers.add_parser(
        "cancel-export", help="Amazon 用アップロードファイルへの書き出しを取り消す"
    )
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument(
        "order", metavar="ORDER", nargs="?", help="makeshop の注文番号または Amazon 注文番号"
    )
    target.add_argument("--all", action="store_true", help="アップロード待ちの注文すべて")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_cancel_export)


# --- helpers ---------------------------------------------------------------------------------


def _error(message: str) -> Exception:
    return CliError(message)


def _workflow(ctx: CliContext, *, resolve: bool = True) -> ShipmentWorkflow:
    services = ctx.services
    if ctx.demo:  # a fresh simulator: fill the demo store first
        run_sync(ctx, quiet=True)
    wf: ShipmentWorkflow = services.workflow
    if resolve:
        _settle(ctx, wf)
    return wf


def _settle(ctx: CliContext, wf: ShipmentWorkflow, exclude: set[str] | None = None) -> None:
    services = ctx.services
    if services.spapi is not None or services.makeshop is not None:
        for r in wf.resolve_unknown(exclude=exclude or ()):
            ctx.err(f"前回の送信を確認しました（{r.order_key}）: {r.message}")


def _carrier_arg(ctx: CliContext, name: str | None, other: bool) -> str | None:
    if not name:
        return None
    table = ctx.services.carriers
    if table.by_name(name) is not None or other:
        return name.strip()
    names = "、".join(c.name for c in table.all())
    raise _error(
        f"配送業者「{name}」は makeshop の配送業者にありません（{names}）。"
        "makeshop に登録のない配送業者は --other-carrier を付けてください"
        "（Amazon 側で出荷通知、R-E3）"
    )


def _ship_date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _error(f"出荷日「{text}」は YYYY-MM-DD で指定してください") from None


def _print_result(ctx: CliContext, result: Result) -> None:
    label = _STATE_LABELS.get(result.state, result.state)
    rule = (
        f"（{result.rule_id}）" if result.rule_id and result.rule_id not in result.message else ""
    )
    ctx.out(f"{result.order_ref}: {label} — {result.message}{rule}")
    for p in result.packages:
        if p.tracking or len(result.packages) > 1:
            extra = f" request-id={p.request_id}" if p.request_id else ""
            ctx.out(f"  荷物 {p.tracking or '（追跡番号なし）'}: {p.message}{extra}")


def _exit_for(results: list[Result]) -> int:
    return 0 if all(r.ok for r in results) else 1


# --- confirm / correct ---------------------------------------------------------------------------


def _cmd_confirm(args: argparse.Namespace, ctx: CliContext) -> int:
    from amzdesk.shipment import Refusal

    carrier = _carrier_arg(ctx, args.carrier, args.other_carrier)
    ship_date = _ship_date(args.ship_date)
    wf = _workflow(ctx, resolve=False)
    order = wf.find(args.order)
    # settle earlier sends -- except this order's: the request given now replaces them
    _settle(ctx, wf, exclude={order.key} if order is not None else set())
    planned = wf.plan_latest(
        args.order,
        carrier,
        args.tracking,
        args.via,
        ship_date=ship_date,
        confirmed=args.not_amazon,
        shared_ok=bool(args.shared_parcel),
    )
    if isinstance(planned, Refusal):
        if planned.already_done:
            ctx.out(f"{args.order}: {planned.message}")
            return 0
        if planned.needs_confirmation:
            raise _error(
                f"{args.order}: {planned.message}。"
                "ショップの注文であることを確かめたら --not-amazon を付けて実行してください"
            )
        hint = (
            "（同梱として送るときは --shared-parcel を付けてください）"
            if planned.shared_with
            else ""
        )
        raise _error(f"{args.order}: {planned.message}{_rule(planned)}{hint}")
    result = wf.send(planned)
    _print_result(ctx, result)
    return _exit_for([result])


def _rule(refusal: Any) -> str:
    """The rule behind a refusal, for support (the sentence itself names no rule)."""
    rule = str(refusal.rule_id or "")
    return f"（{rule}）" if rule and rule not in refusal.message else ""


def _cmd_correct(args: argparse.Namespace, ctx: CliContext) -> int:
    from amzdesk.shipment import Refusal

    carrier = _carrier_arg(ctx, args.carrier, args.other_carrier)
    wf = _workflow(ctx)
    planned = wf.plan_correction(args.order, args.old, args.new, carrier or "")
    if isinstance(planned, Refusal):
        raise _error(f"{args.order}: {planned.message}{_rule(planned)}")
    result = wf.send(planned)
    _print_result(ctx, result)
    return _exit_for([result])


def _cmd_resend(args: argparse.Namespace, ctx: CliContext) -> int:
    carrier = _carrier_arg(ctx, args.carrier, args.other_carrier) if args.carrier else None
    wf = _workflow(ctx)
    result = wf.resend(args.order, carrier)
    _print_result(ctx, result)
    return _exit_for([result])


# --- import ----------------------------------------------------------------------------------


def _mapping(args: argparse.Namespace, ctx: CliContext) -> dict[str, str]:
    from amzdesk.importers import MAPPING_KEYS

    mapping = dict(ctx.settings.csv_column_mapping or {})
    given: dict[str, str] = {}
    for item in args.map:
        key, sep, column = str(item).partition("=")
        key = key.strip()
        if not sep or key not in MAPPING_KEYS or not column.strip():
            raise _error(
                f"--map は KEY=列名 の形で指定してください（KEY: {', '.join(MAPPING_KEYS)}）"
            )
        given[key] = column.strip()
    if given:
        mapping = given
        from amzdesk.settings import save_settings, with_changes

        ctx.settings = save_settings(with_changes(ctx.settings, csv_column_mapping=mapping))
    return mapping


def _read(args: argparse.Namespace, ctx: CliContext, path: str) -> ImportResult:
    from amzdesk.importers import LabelImportError, read_label_csv

    mapping = _mapping(args, ctx)
    try:
        return read_label_csv(path, args.format, mapping or None, table=ctx.services.carriers)
    except LabelImportError as exc:
        raise _error(f"{Path(path).name}: {exc.message}") from None


def _print_review(ctx: CliContext, rows: list[ReviewRow]) -> None:
    from amzdesk.importers import summary

    for r in rows:
        flag = "（複数口）" if r.multi_package else ""
        rule = f"（{r.rule_id}）" if r.rule_id and r.rule_id not in r.reason else ""
        ctx.out(
            f"{r.line:>5}行目  {r.status.label:<8} {r.order_ref or '-'}  "
            f"{r.tracking or '-'}  {r.carrier or '-'}{flag}  {r.reason}{rule}"
        )
    counts = summary(rows)
    ctx.out("  ".join(f"{status.label}: {n}" for status, n in counts.items() if n))


def _cmd_import(args: argparse.Namespace, ctx: CliContext) -> int:
    from amzdesk.importers import review, sendable
    from amzdesk.shipment import BulkProgress

    wf = _workflow(ctx, resolve=not args.dry_run)
    result = _read(args, ctx, args.file)
    rows = review(result, ctx.services.store, table=ctx.services.carriers, via=args.via)
    items = sendable(rows, include_shared=bool(args.shared_parcel))
    results: list[Result] = []
    if not ctx.json_mode:
        ctx.out(f"{Path(args.file).name}: {result.format.label}（{result.encoding}）")
        _print_review(ctx, rows)
    if not args.dry_run and items:
        cancel = threading.Event()

        def progress(p: BulkProgress) -> None:
            if not ctx.json_mode:
                ctx.err(f"送信中 {p.done}/{p.total}")

        try:
            results = wf.send_bulk(items, via=args.via, progress=progress, cancel=cancel)
        except KeyboardInterrupt:
            cancel.set()
            raise
        if not ctx.json_mode:
            for res in results:
                _print_result(ctx, res)
    elif args.dry_run and not ctx.json_mode:
        ctx.out(f"確認のみ（--dry-run）: {len(items)} 件の注文は送信していません")
    shared = [r for r in rows if r.status.value == "shared"]
    if shared and not args.shared_parcel and not ctx.json_mode:
        ctx.out(
            f"他の注文と同じ追跡番号の行が {len(shared)} 行あり、送っていません。"
            "同梱なら --shared-parcel を付けてもう一度実行してください"
        )
    if ctx.json_mode:
        ctx.emit_json(
            {
                "schema": IMPORT_SCHEMA,
                "file": Path(args.file).name,
                "format": result.format.value,
                "encoding": result.encoding,
                "dry_run": bool(args.dry_run),
                "rows": [
                    {
                        "line": r.line,
                        "order": r.order_ref,
                        "tracking": r.tracking,
                        "carrier": r.carrier,
                        "status": r.status.value,
                        "reason": r.reason,
                        "rule_id": r.rule_id,
                        "side": r.side,
                        "multi_package": r.multi_package,
                    }
                    for r in rows
                ],
                "results": [
                    {
                        "order_key": res.order_key,
                        "order": res.order_ref,
                        "side": res.side,
                        "state": res.state,
                        "message": res.message,
                    }
                    for res in results
                ],
            }
        )
    return _exit_for(results)


# --- export --------------------------------------------------------------------------------------


class _Item:
    def __init__(
        self, order_key: str, carrier: str | None, trackings: list[str], ship_date: Any = None
    ) -> None:
        self.order_key = order_key
        self.carrier = carrier
        self.trackings = trackings
        self.ship_date = ship_date


def _cmd_export(args: argparse.Namespace, ctx: CliContext) -> int:
    from amzdesk.flatfile import FlatFileError
    from amzdesk.importers import review, sendable

    wf = _workflow(ctx)
    store = ctx.services.store
    items: list[Any] = []
    wanted = {o.strip() for o in args.orders}
    if args.from_file:
        result = _read(args, ctx, args.from_file)
        rows = review(result, store, table=ctx.services.carriers, via="amazon")
        for item in sendable(rows):
            order = store.get(item.order_key)
            refs = {item.order_key}
            if order is not None:
                refs |= {order.amazon_order_id, order.display_order_number}
            if not wanted or refs & wanted:
                items.append(item)
    else:
        if not args.orders:
            raise _error("--orders か --from を指定してください")
        carrier = _carrier_arg(ctx, args.carrier, args.other_carrier)
        if carrier is None:
            raise _error("--orders には --carrier を指定してください")
        if args.tracking and len(args.orders) > 1:
            raise _error("--tracking は注文を1件だけ指定したときに使えます")
        for ref in args.orders:
            order = wf.find(ref)
            if order is None:
                raise _error(f"注文「{ref}」が見つかりません。注文を同期してください")
            items.append(_Item(order.key, carrier, list(args.tracking)))
    try:
        report = wf.export_amazon_file(args.out, items)
    except FlatFileError as exc:
        raise _error(exc.message) from None
    for res in report.refused:
        ctx.err(f"{res.order_ref}: 書き出しませんでした — {res.message}")
    if not report.rows:
        raise _error("書き出せる出荷がありません")
    ctx.out(
        f"{Path(args.out).name} に {len(report.order_keys)} 件の注文（{report.rows} 行）を"
        "書き出しました。セラーセントラルでアップロードしてください。"
        "Amazon に反映されるまでは「書き出し済み・未反映」と表示されます"
    )
    return 0 if not report.refused else 1


# --- journal ---------------------------------------------------------------------------------


def _cmd_journal(args: argparse.Namespace, ctx: CliContext) -> int:
    from amzdesk.clock import iso_z, to_jst
    from amzdesk.store import UNRESOLVED_STATES

    store = ctx.services.store
    states = UNRESOLVED_STATES if args.unresolved else None
    entries = store.journal_entries(limit=args.limit, states=states)
    if ctx.json_mode:
        ctx.emit_json(
            {
                "schema": JOURNAL_SCHEMA,
                "count": len(entries),
                "entries": [
                    {
                        "id": e.id,
                        "created_at": iso_z(e.created_at),
                        "updated_at": iso_z(e.updated_at) if e.updated_at else None,
                        "order_key": e.order_key,
                        "amazon_order_id": e.amazon_order_id or None,
                        "display_order_number": e.display_order_number or None,
                        "action": e.action,
                        "side": e.side,
                        "package_reference_id": e.package_reference_id or None,
                        "tracking_number": e.tracking_number or None,
                        "state": e.state,
                        "resolved": e.resolved,
                        "request_id": e.request_id or None,
                        "http_status": e.http_status,
                        "result": e.result or None,
                        "error": e.error or None,
                    }
                    for e in entries
                ],
            }
        )
        return 0
    if not entries:
        ctx.out("記録はありません")
        return 0
    for e in entries:
        when = to_jst(e.created_at).strftime("%Y-%m-%d %H:%M")
        order = e.amazon_order_id or e.display_order_number or e.order_key
        text = e.error or e.result
        tracking = f" {e.tracking_number}" if e.tracking_number else ""
        ctx.out(f"#{e.id} {when} {order} {e.action}/{e.side}{tracking} [{e.state}] {text}")
    return 0


def _cmd_resolve(args: argparse.Namespace, ctx: CliContext) -> int:
    wf = _workflow(ctx, resolve=False)
    done = wf.resolve_unknown()
    for r in done:
        ctx.out(f"#{r.journal_id} {r.order_key}: {r.message}")
    left = ctx.services.store.unresolved()
    if left:
        ctx.out(f"まだ結果が分からない送信が {len(left)} 件あります")
        return 1
    if not done:
        ctx.out("確認が必要な送信はありません")
    return 0


# --- return ----------------------------------------------------------------------------------


def _cmd_return(args: argparse.Namespace, ctx: CliContext) -> int:
    from amzdesk.rules import Action, evaluate

    wf = _workflow(ctx)
    order = wf.find(args.order)
    if order is None:
        raise _error(f"注文「{args.order}」が見つかりません。注文を同期してください")
    if order.is_amazon and args.seller_central_done:
        result = wf.record_return_done(order)
    else:
        result = wf.return_order(order)
    # where to do it instead (makeshop's admin: 返送 has no public API value)
    url = evaluate(order, table=wf.table)[Action.RETURN].url if result.state == "refused" else ""
    if ctx.json_mode:
        ctx.emit_json(
            {
                "schema": RETURN_SCHEMA,
                "order_key": result.order_key,
                "order": result.order_ref,
                "side": result.side,
                "state": result.state,
                "message": result.message,
                "rule_id": result.rule_id or None,
                "url": url or None,
            }
        )
        return _exit_for([result])
    if result.state == "refused":
        hint = f" {url}" if url else ""
        if (
            order.is_amazon
            and result.rule_id == "R-C1"
            and not order.notes.return_done_in_seller_central
        ):
            hint = "。セラーセントラルで処理したら --seller-central-done を付けて記録してください"
        rule = (
            f"（{result.rule_id}）"
            if result.rule_id and result.rule_id not in result.message
            else ""
        )
        raise _error(f"{result.order_ref}: {result.message}{rule}{hint}")
    _print_result(ctx, result)
    return _exit_for([result])


# --- cancel-export -------------------------------------------------------------------------------

CANCEL_EXPORT_SCHEMA: Final = "amzdesk.cancel-export/1"


def _cmd_cancel_export(args: argparse.Namespace, ctx: CliContext) -> int:
    wf = _workflow(ctx, resolve=False)
    if args.all:
        results = wf.cancel_all_exports()
    else:
        order = wf.find(args.order)
        if order is None:
            raise _error(f"注文「{args.order}」が見つかりません。注文を同期してください")
        results = [wf.cancel_export_order(order)]
    if ctx.json_mode:
        ctx.emit_json(
            {
                "schema": CANCEL_EXPORT_SCHEMA,
                "results": [
                    {
                        "order_key": r.order_key,
                        "order": r.order_ref,
                        "state": r.state,
                        "message": r.message,
                        "rule_id": r.rule_id or None,
                    }
                    for r in results
                ],
            }
        )
        return _exit_for(results)
    if not results:
        ctx.out("アップロード待ちの注文はありません")
        return 0
    for r in results:
        if r.state == "refused":
            ctx.err(f"{r.order_ref}: {r.message}")
        else:
            ctx.out(f"{r.order_ref}: {r.message}")
    return _exit_for(results)
