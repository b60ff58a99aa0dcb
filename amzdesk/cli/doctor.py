"""``doctor``: the connection check (one read-only call per configured service) and the shape
report (see :mod:`amzdesk.doctor`)."""

from __future__ import annotations

import argparse
from typing import Any, Final

from amzdesk.cli.common import CliContext

DOCTOR_SCHEMA: Final = "amzdesk.doctor/1"
_SERVICE: Final = {"amazon": "Amazon", "makeshop": "makeshop"}


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "doctor", help="接続を確認する（各サービスに読み取りだけの問い合わせを 1 回）"
    )
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--shape-report",
        metavar="FILE",
        help="応答の形（項目名・値の書式・コード値）を書き出す。個人情報や注文内容は含まない",
    )
    p.set_defaults(func=_cmd_doctor)


def _cmd_doctor(args: argparse.Namespace, ctx: CliContext) -> int:
    from amzdesk.doctor import run_doctor, write_shape_report

    report = run_doctor(ctx.services)
    written = None
    if args.shape_report:
        written = write_shape_report(report, args.shape_report)
    if ctx.json_mode:
        doc = {"schema": DOCTOR_SCHEMA, **report.as_dict()}
        if written is not None:
            doc["shape_report"] = str(written)
        ctx.emit_json(doc)
    else:
        for c in report.checks:
            mark = "OK" if c.ok else "NG"
            ctx.out(f"{_SERVICE.get(c.service, c.service)}: {mark} — {c.message}")
            if c.detail:
                ctx.out(f"  詳細（サポート用）: {c.detail}")
        if written is not None:
            ctx.out(f"応答の形を書き出しました: {written}（個人情報・注文内容は含みません）")
    configured = [c for c in report.checks if c.kind != "not-configured"]
    return 0 if configured and all(c.ok for c in configured) else 1
