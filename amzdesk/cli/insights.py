"""Insight commands of the command line.

Commands::

    check-listings [--json] [--products FILE]   FBA products also listed merchant-fulfilled
    health [--json] [--days N]                  shipping health of the last N days (30)
    report [--json | --csv FILE] [--since YYYY-MM-DD[THH:MM]]
                                                what was sent since then (default: today, JST),
                                                what is left and what is late

``check-listings`` exits 1 when it finds a hazard (so a script can alert), 0 otherwise.
With ``--demo`` each command first syncs the fresh simulator.

JSON: ``amzdesk.listing-hazards/1`` (see :func:`amzdesk.insights.hazards.report_doc`),
``amzdesk.health/1`` (:func:`amzdesk.insights.health.health_doc`),
``amzdesk.session-report/1`` (:func:`amzdesk.insights.report.report_doc`).
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import Any

from amzdesk.cli.common import EXIT_ERROR, EXIT_OK, CliContext, CliError, add_json, demo_sync
from amzdesk.clock import JST, to_jst

__all__ = ["register"]


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "check-listings",
        help="FBA の商品が出品者出荷でも出品されていないか調べる",
    )
    add_json(p)
    p.add_argument(
        "--products",
        metavar="FILE",
        help="makeshop の商品CSV（ASIN・Amazon 出品者SKU の列を含むもの）も照合する",
    )
    p.set_defaults(func=_cmd_check_listings)

    p = subparsers.add_parser("health", help="直近の出荷の状況（期限内の出荷率など）を表示する")
    add_json(p)
    p.add_argument("--days", type=int, default=30, help="集計する日数（既定 30）")
    p.set_defaults(func=_cmd_health)

    p = subparsers.add_parser("report", help="出荷通知の記録（送ったもの・残り・期限切れ）")
    add_json(p)
    p.add_argument("--csv", metavar="FILE", help="CSV ファイルに書き出す")
    p.add_argument(
        "--since",
        metavar="DATE",
        help="この日時（日本時間、YYYY-MM-DD または YYYY-MM-DDTHH:MM）以降の記録（既定: 今日）",
    )
    p.set_defaults(func=_cmd_report)


def _cmd_check_listings(args: argparse.Namespace, ctx: CliContext) -> int:
    from amzdesk.insights.hazards import ProductCsvError, read_product_csv, report_doc, run_check

    products = None
    if args.products:
        try:
            products = read_product_csv(Path(args.products))
        except FileNotFoundError:
            raise CliError(f"商品CSVが見つかりません: {args.products}") from None
        except ProductCsvError as exc:
            raise CliError(str(exc)) from None
    demo_sync(ctx)
    report = run_check(ctx.services, products=products)
    if ctx.json_mode:
        ctx.emit_json(report_doc(report))
        return EXIT_ERROR if report.hazards else EXIT_OK
    for note in report.notes:
        ctx.err(note)
    if not report.hazards:
        ctx.out(
            f"問題は見つかりませんでした（FBA の商品 {report.fba_products} 点、"
            f"出品者出荷の注文 {report.mfn_orders_checked} 件を照合）"
        )
        return EXIT_OK
    ctx.out(f"出品者出荷でも出品されている FBA の商品が {len(report.hazards)} 点あります:")
    for h in report.hazards:
        ctx.out("")
        ctx.out(f"■ {h.title}")
        ctx.out(
            f"  ASIN {h.asin}　出品者出荷の出品者SKU {h.mfn_sku or '-'}"
            f"　FBA の SKU {h.fba.seller_sku}"
        )
        if h.order_ids:
            ctx.out(f"  出品者出荷の注文: {', '.join(h.order_ids)}")
        if h.open_order_ids:
            ctx.out(f"  うち未出荷: {', '.join(h.open_order_ids)}")
        if h.makeshop_codes:
            ctx.out(f"  makeshop の商品: {', '.join(h.makeshop_codes)}")
        for line in h.advice:
            ctx.out(f"  → {line}")
    return EXIT_ERROR


def _cmd_health(args: argparse.Namespace, ctx: CliContext) -> int:
    from amzdesk.insights.health import compute_health, health_doc, summary_lines

    if not 1 <= args.days <= 400:
        raise CliError("--days は 1〜400 の数で指定してください", code=2)
    demo_sync(ctx)
    services = ctx.services
    report = compute_health(
        services.store.all_orders(),
        services.store.journal_entries(),
        services.clock(),
        days=args.days,
    )
    if ctx.json_mode:
        ctx.emit_json(health_doc(report))
        return EXIT_OK
    for line in summary_lines(report):
        ctx.out(line)
    if report.late_orders:
        ctx.out(f"遅れて出荷した注文: {', '.join(report.late_orders)}")
    if report.invalid_tracking_orders:
        ctx.out(f"有効な追跡番号がない注文: {', '.join(report.invalid_tracking_orders)}")
    ctx.out("日別の出荷（Amazon / 自社 / うち遅延）:")
    for d in report.days:
        if d.total:
            ctx.out(f"  {d.day:%m/%d}  {d.amazon:>3} / {d.shop:>3} / {d.late:>2}")
    return EXIT_OK


def _parse_since(text: str) -> datetime:
    for fmt in ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=JST)
        except ValueError:
            continue
    raise CliError(
        f"--since の形式が正しくありません（例: 2026-03-10 または 2026-03-10T09:00）: {text}",
        code=2,
    )


def _cmd_report(args: argparse.Namespace, ctx: CliContext) -> int:
    from amzdesk.insights.report import build_report, report_csv, report_doc

    services = ctx.services
    now = services.clock()
    if args.since:
        since = _parse_since(args.since)
    else:
        since = to_jst(now).replace(hour=0, minute=0, second=0, microsecond=0)
    demo_sync(ctx)
    report = build_report(services.store.journal_entries(), services.store.all_orders(), since, now)
    if args.csv:
        try:
            Path(args.csv).write_text(report_csv(report), encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise CliError(
                f"CSV を書き出せませんでした（{exc.strerror or exc}）: {args.csv}"
            ) from None
        ctx.err(f"{args.csv} に書き出しました")
    if ctx.json_mode:
        ctx.emit_json(report_doc(report))
        return EXIT_OK
    if args.csv:
        return EXIT_OK
    ctx.out(f"送信したもの（{len(report.actions)} 件）:")
    from amzdesk.insights.report import ACTION_LABELS, SIDE_LABELS, STATE_LABELS

    for a in report.actions:
        ctx.out(
            f"  {to_jst(a.at):%m/%d %H:%M}  {a.order}  {SIDE_LABELS.get(a.side, a.side)}"
            f"  {ACTION_LABELS.get(a.action, a.action)}  {a.carrier or '-'}  {a.tracking or '-'}"
            f"  {STATE_LABELS.get(a.state, a.state)}"
        )
    ctx.out(
        f"期限切れ（{len(report.late)} 件）: {', '.join(x.order for x in report.late) or 'なし'}"
    )
    ctx.out(f"まだ残っているもの: {len(report.left)} 件")
    return EXIT_OK
