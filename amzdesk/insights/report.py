"""The session report: what was confirmed in a confirmation session (on which side, with which
carrier and numbers), what is left and what is late -- for printing and as CSV.

A session is everything journaled from ``since`` (the window's start, or the start of today on
the command line) up to ``now``.  Built from the journal and the stored orders only.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from amzdesk.clock import to_jst
from amzdesk.models import Order
from amzdesk.readback import ACTION_READBACK
from amzdesk.states import Deadline, combined_state, deadline
from amzdesk.store import JournalEntry

__all__ = [
    "HTML_TEXTS",
    "SCHEMA",
    "ActionLine",
    "OpenLine",
    "SessionReport",
    "build_report",
    "report_csv",
    "report_doc",
    "report_html",
]

SCHEMA: Final = "amzdesk.session-report/1"

SIDE_LABELS: Final = {"amazon": "Amazon", "makeshop": "makeshop", "file": "アップロード用ファイル"}
ACTION_LABELS: Final = {
    "confirm-amazon": "出荷通知",
    "correct-tracking": "追跡番号の訂正",
    "complete-makeshop": "配送完了",
    "return": "返送",
    "return-recorded": "返送（セラーセントラルで処理済み）",
    "export-amazon-file": "出荷通知ファイルに書き出し",
}
STATE_LABELS: Final = {
    "done": "完了",
    "failed": "失敗",
    "exported": "書き出し済み",
    "intent": "結果不明",
    "sent": "結果不明",
    "unknown": "結果不明",
}


@dataclass(frozen=True, slots=True)
class ActionLine:
    at: datetime
    order: str  # Amazon order ID, else makeshop order number
    makeshop_number: str
    side: str
    action: str
    carrier: str
    tracking: str
    state: str
    detail: str = ""  # error or result text
    entry_id: int = 0  # journal entry (the order of sending)


@dataclass(frozen=True, slots=True)
class OpenLine:
    order: str
    makeshop_number: str
    channel: str
    state_label: str
    ship_by: datetime | None
    late: bool


@dataclass(frozen=True, slots=True)
class SessionReport:
    since: datetime
    now: datetime
    actions: tuple[ActionLine, ...]
    left: tuple[OpenLine, ...]  # still to do (not late)
    late: tuple[OpenLine, ...]  # past Amazon's ship-by deadline and still to do

    @property
    def confirmed(self) -> int:
        return sum(1 for a in self.actions if a.state in ("done", "exported"))


def _carrier(request: Mapping[str, Any]) -> str:
    detail = request.get("packageDetail")
    d: Mapping[str, Any] = detail if isinstance(detail, Mapping) else request
    for key in ("carrierName", "carrier", "carrierCode", "deliveryCompanyCode"):
        value = d.get(key)
        if value:
            return str(value)
    return ""


def _tracking(entry: JournalEntry) -> str:
    number = entry.tracking_number
    if number:
        return number
    return str(entry.request.get("slipNumber") or "")


def build_report(
    entries: Iterable[JournalEntry], orders: Iterable[Order], since: datetime, now: datetime
) -> SessionReport:
    """The report of ``since`` .. ``now`` (entries outside are left out)."""
    actions = [
        ActionLine(
            at=e.created_at,
            order=e.amazon_order_id or e.display_order_number or e.order_key,
            makeshop_number=e.display_order_number,
            side=e.side,
            action=e.action,
            carrier=_carrier(e.request),
            tracking=_tracking(e),
            state=e.state,
            detail=e.error or e.result,
            entry_id=e.id,
        )
        for e in entries
        if since <= e.created_at <= now and e.action != ACTION_READBACK  # sends only
    ]
    actions.sort(key=lambda a: (a.at, a.entry_id))
    left: list[OpenLine] = []
    late: list[OpenLine] = []
    for order in orders:
        state = combined_state(order)
        if not state.needs_action:
            continue
        d = deadline(order, now)
        line = OpenLine(
            order=order.amazon_order_id or order.display_order_number or order.key,
            makeshop_number=order.display_order_number,
            channel=order.channel.value,
            state_label=state.label,
            ship_by=order.ship_by,
            late=d is Deadline.OVERDUE,
        )
        (late if line.late else left).append(line)

    def key(line: OpenLine) -> tuple[float, str]:
        return (line.ship_by.timestamp() if line.ship_by else float("inf"), line.order)

    return SessionReport(
        since, now, tuple(actions), tuple(sorted(left, key=key)), tuple(sorted(late, key=key))
    )


def _t(dt: datetime | None) -> str:
    return to_jst(dt).strftime("%Y-%m-%d %H:%M") if dt is not None else ""


CSV_HEADER: Final = (
    "区分",
    "日時",
    "注文番号",
    "makeshop注文番号",
    "送信先",
    "操作",
    "配送業者",
    "追跡番号",
    "結果",
    "出荷期限",
    "状態",
)


def report_csv(report: SessionReport) -> str:
    """UTF-8 CSV text (write it with a BOM for Excel): one row per action, then open orders."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_HEADER)
    for a in report.actions:
        w.writerow(
            [
                "送信",
                _t(a.at),
                a.order,
                a.makeshop_number,
                SIDE_LABELS.get(a.side, a.side),
                ACTION_LABELS.get(a.action, a.action),
                a.carrier,
                a.tracking,
                STATE_LABELS.get(a.state, a.state),
                "",
                a.detail,
            ]
        )
    for group, lines in (("期限切れ", report.late), ("未対応", report.left)):
        for line in lines:
            w.writerow(
                [
                    group,
                    "",
                    line.order,
                    line.makeshop_number,
                    "",
                    "",
                    "",
                    "",
                    "",
                    _t(line.ship_by),
                    line.state_label,
                ]
            )
    return buf.getvalue()


def report_doc(report: SessionReport) -> dict[str, Any]:
    def open_doc(line: OpenLine) -> dict[str, Any]:
        return {
            "order": line.order,
            "makeshop_order_number": line.makeshop_number,
            "channel": line.channel,
            "state_label": line.state_label,
            "ship_by": line.ship_by.isoformat() if line.ship_by else None,
        }

    return {
        "schema": SCHEMA,
        "since": report.since.isoformat(),
        "now": report.now.isoformat(),
        "actions": [
            {
                "at": a.at.isoformat(),
                "order": a.order,
                "makeshop_order_number": a.makeshop_number,
                "side": a.side,
                "action": a.action,
                "carrier": a.carrier,
                "tracking_number": a.tracking,
                "state": a.state,
                "detail": a.detail,
            }
            for a in report.actions
        ],
        "late": [open_doc(x) for x in report.late],
        "left": [open_doc(x) for x in report.left],
    }


# Fixed texts of the printed page (the window translates them; see ``report_html(labels=)``).
HTML_SUMMARY: Final = "送信 {0} 件、期限切れ {1} 件、未対応 {2} 件"
HTML_TEXTS: Final = (
    "出荷通知の記録",
    HTML_SUMMARY,
    "送信したもの",
    "期限切れ",
    "まだ残っているもの",
    "ありません",
    "日時",
    "注文番号",
    "送信先",
    "操作",
    "配送業者",
    "追跡番号",
    "結果",
    "makeshop注文番号",
    "状態",
    "出荷期限",
)


def report_html(
    report: SessionReport,
    *,
    title: str = "出荷通知の記録",
    labels: Mapping[str, str] | None = None,
) -> str:
    """A printable HTML page (the window prints it through Qt's print dialog).

    ``labels`` translates the fixed texts (:data:`HTML_TEXTS` and the side / action / state
    labels); order numbers, carriers and tracking numbers are printed as they are.
    """
    e = html.escape
    tr = labels or {}

    def L(text: str) -> str:
        return tr.get(text, text)

    def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
        head = "".join(f"<th>{e(L(h))}</th>" for h in header)
        body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in rows)
        return f"<table border='1' cellspacing='0' cellpadding='3'><tr>{head}</tr>{body}</table>"

    summary = L(HTML_SUMMARY).format(len(report.actions), len(report.late), len(report.left))
    parts = [
        f"<h2>{e(title)}</h2>",
        f"<p>{e(_t(report.since))} 〜 {e(_t(report.now))}　{e(summary)}</p>",
        f"<h3>{e(L('送信したもの'))}</h3>",
        table(
            ("日時", "注文番号", "送信先", "操作", "配送業者", "追跡番号", "結果"),
            (
                (
                    _t(a.at),
                    a.order,
                    L(SIDE_LABELS.get(a.side, a.side)),
                    L(ACTION_LABELS.get(a.action, a.action)),
                    a.carrier,
                    a.tracking,
                    L(STATE_LABELS.get(a.state, a.state)),
                )
                for a in report.actions
            ),
        )
        if report.actions
        else f"<p>{e(L('ありません'))}</p>",
    ]
    for heading, lines in (("期限切れ", report.late), ("まだ残っているもの", report.left)):
        parts.append(f"<h3>{e(L(heading))}</h3>")
        if lines:
            parts.append(
                table(
                    ("注文番号", "makeshop注文番号", "状態", "出荷期限"),
                    ((x.order, x.makeshop_number, L(x.state_label), _t(x.ship_by)) for x in lines),
                )
            )
        else:
            parts.append(f"<p>{e(L('ありません'))}</p>")
    return "<html><body>" + "".join(parts) + "</body></html>"
