"""``sync``: pull Amazon and makeshop orders into the local store (``amzdesk.sync/1``)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, Final

from amzdesk.cli.common import EXIT_ERROR, EXIT_OK, CliContext, add_json, iso_or_none, run_sync

if TYPE_CHECKING:
    from amzdesk.sync import SyncReport

__all__ = ["SYNC_SCHEMA", "register"]

SYNC_SCHEMA: Final = "amzdesk.sync/1"


def register(sub: Any) -> None:
    p = sub.add_parser("sync", help="Amazon と makeshop の注文を取得する")
    add_json(p)
    p.set_defaults(func=_cmd_sync)


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
            "last_success": iso_or_none(rep.last_success),
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
        "started_at": iso_or_none(report.started),
        "finished_at": iso_or_none(report.finished_at),
        "ok": report.ok,
        "cancelled": report.cancelled,
        "work_ready": report.work_ready,
        "sources": sources,
        # makeshop orders seen by this sync: recognised as Amazon, matched, unmatched
        "match": report.match.as_dict() if report.match is not None else None,
    }


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
    report = run_sync(ctx, quiet=ctx.json_mode)
    if ctx.json_mode:
        ctx.emit_json(_sync_report_doc(report))
    else:
        _print_report(ctx, report)
    return EXIT_OK if report.ok else EXIT_ERROR
