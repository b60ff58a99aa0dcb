"""Deadline alerts: the tray count and the desktop notifications, decided without Qt.

* :func:`tray_status` -- merchant-fulfilled orders due today or overdue that are not confirmed
  yet (the count on the tray icon), by :func:`amzdesk.states.deadline`.
* :class:`AlertTracker` -- call :meth:`AlertTracker.check` with the current orders (after each
  sync, and on a timer); it returns the notifications to show *now*, each at most once:

  - ``due-soon``: an order's ship-by deadline is within ``due_within_hours``;
  - ``overdue``: the deadline passed and the order is still not confirmed;
  - ``unreflected``: a confirmation this app sent stays unreflected longer than
    ``unreflected_hours`` -- Amazon does not report the order shipped yet, or Amazon does but
    makeshop still shows 未処理 (its periodic sync, R-F2).

  More than :data:`GROUP_OVER` new notifications of one kind at once become one summary.  The
  clock is injected, so tests move time by hand.  With ``enabled`` false, nothing is notified
  (the tray count stays).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from amzdesk.clock import Clock, to_jst
from amzdesk.messages import define, join
from amzdesk.models import AmazonStatus, Channel, DeliveryStatus, Order
from amzdesk.states import CombinedState, Deadline, combined_state, deadline
from amzdesk.store import JournalEntry

__all__ = [
    "DUE_SOON",
    "GROUP_OVER",
    "OVERDUE",
    "UNREFLECTED",
    "Alert",
    "AlertSettings",
    "AlertTracker",
    "TrayStatus",
    "alert_settings_from",
    "tray_status",
]

DUE_SOON: Final = "due-soon"
OVERDUE: Final = "overdue"
UNREFLECTED: Final = "unreflected"
GROUP_OVER: Final = 3

# Keys in Settings.extra (the settings file keeps unknown keys).
SETTING_ENABLED: Final = "alerts_enabled"
SETTING_DUE_HOURS: Final = "alerts_due_within_hours"
SETTING_UNREFLECTED_HOURS: Final = "alerts_unreflected_hours"
SETTING_TRAY_NOTICE_SHOWN: Final = "alerts_no_tray_notice_shown"


@dataclass(frozen=True, slots=True)
class AlertSettings:
    enabled: bool = True
    due_within_hours: float = 3.0
    unreflected_hours: float = 2.0

    def __post_init__(self) -> None:
        if not 0 < self.due_within_hours <= 72:
            raise ValueError("due_within_hours must be between 0 and 72")
        if not 0 < self.unreflected_hours <= 168:
            raise ValueError("unreflected_hours must be between 0 and 168")


def alert_settings_from(extra: Mapping[str, Any]) -> AlertSettings:
    """Settings from ``Settings.extra``; bad values fall back to the defaults."""
    default = AlertSettings()

    def num(key: str, fallback: float) -> float:
        try:
            return float(extra.get(key, fallback))
        except (TypeError, ValueError):
            return fallback

    try:
        return AlertSettings(
            enabled=bool(extra.get(SETTING_ENABLED, True)),
            due_within_hours=num(SETTING_DUE_HOURS, default.due_within_hours),
            unreflected_hours=num(SETTING_UNREFLECTED_HOURS, default.unreflected_hours),
        )
    except ValueError:
        return AlertSettings(enabled=bool(extra.get(SETTING_ENABLED, True)))


M = define(
    "alerts",
    {
        "tray": "今日が期限 {due_today} 件、期限切れ {overdue} 件（出荷通知がまだの注文）",
        "tray_unreflected": "反映待ちが長い出荷通知 {count} 件",
        "overdue_title": "出荷期限を過ぎました",
        "overdue": (
            "注文 {order} の出荷期限（{due}）を過ぎています。出荷して出荷通知を送ってください"
        ),
        "overdue_many_title": "出荷期限を過ぎた注文があります",
        "overdue_many": (
            "{count} 件の注文が出荷期限を過ぎています。一覧で「期限切れ」を確認してください"
        ),
        "due_soon_title": "出荷期限が近づいています",
        "due_soon": (
            "注文 {order} の出荷期限は {due} です（あと {hours} 時間以内）。"
            "出荷したら出荷通知を送ってください"
        ),
        "due_soon_many": (
            "{count} 件の注文の出荷期限が {hours} 時間以内です。出荷したら出荷通知を送ってください"
        ),
        "unreflected_title": "出荷通知が反映されていません",
        "unreflected": (
            "注文 {order} の出荷通知が、送ってから {hours} 時間たっても {service} に"
            "反映されていません。同期して確認してください"
        ),
        "unreflected_many": (
            "{count} 件の出荷通知がまだ反映されていません。同期して確認してください"
        ),
    },
)


@dataclass(frozen=True, slots=True)
class TrayStatus:
    due_today: int
    overdue: int
    unreflected: int = 0

    @property
    def count(self) -> int:
        """The number on the icon: due today + overdue, not confirmed."""
        return self.due_today + self.overdue

    @property
    def tooltip(self) -> str:
        text = M("tray", due_today=self.due_today, overdue=self.overdue)
        if self.unreflected:
            return join([text, M("tray_unreflected", count=self.unreflected)], "\n")
        return text


@dataclass(frozen=True, slots=True)
class Alert:
    kind: str  # DUE_SOON | OVERDUE | UNREFLECTED
    order_refs: tuple[str, ...]  # Amazon order IDs (or order keys)
    title: str  # Japanese
    message: str  # Japanese
    at: datetime
    due: datetime | None = None  # the ship-by deadline (due-soon / overdue, single order)
    side: str = ""  # "amazon" | "makeshop" for unreflected

    @property
    def grouped(self) -> bool:
        return len(self.order_refs) > 1


def tray_status(orders: Iterable[Order], now: datetime, unreflected: int = 0) -> TrayStatus:
    due_today = overdue = 0
    for order in orders:
        d = deadline(order, now)
        if d is Deadline.DUE_TODAY:
            due_today += 1
        elif d is Deadline.OVERDUE:
            overdue += 1
    return TrayStatus(due_today, overdue, unreflected)


def _ref(order: Order) -> str:
    return order.amazon_order_id or order.display_order_number or order.key


def _hhmm(dt: datetime) -> str:
    return to_jst(dt).strftime("%m/%d %H:%M")


class AlertTracker:
    """Remembers what was already notified (per order and kind) between checks."""

    def __init__(self, settings: AlertSettings | None = None, *, clock: Clock) -> None:
        self.settings = settings or AlertSettings()
        self._clock = clock
        self._sent: set[tuple[str, str]] = set()
        self.last_status = TrayStatus(0, 0)

    def reset(self) -> None:
        """Forget what was notified (a fresh shop, e.g. after switching to demo)."""
        self._sent.clear()

    def unreflected_orders(
        self, orders: Iterable[Order], entries: Iterable[JournalEntry], now: datetime
    ) -> list[tuple[Order, str, datetime]]:
        """(order, "amazon" | "makeshop", since) for confirmations unreflected too long."""
        limit = timedelta(hours=self.settings.unreflected_hours)
        confirmed: dict[str, datetime] = {}
        for e in entries:
            if e.side == "amazon" and e.state == "done" and e.action == "confirm-amazon":
                when = e.updated_at or e.created_at
                if e.order_key not in confirmed or when > confirmed[e.order_key]:
                    confirmed[e.order_key] = when
        out: list[tuple[Order, str, datetime]] = []
        for order in orders:
            since = confirmed.get(order.key)
            if since is None or now - since < limit or order.channel is not Channel.AMAZON_MFN:
                continue
            state = combined_state(order)
            az = order.amazon
            ms = order.makeshop
            if state is CombinedState.CONFIRM_SENT:
                out.append((order, "amazon", since))
            elif (
                az is not None
                and az.status is AmazonStatus.SHIPPED
                and ms is not None
                and ms.delivery_status is DeliveryStatus.UNPROCESSED
            ):
                out.append((order, "makeshop", since))
        return out

    def check(self, orders: Iterable[Order], entries: Iterable[JournalEntry] = ()) -> list[Alert]:
        """The notifications due now (also updates :attr:`last_status`)."""
        now = self._clock()
        all_orders = list(orders)
        stale = self.unreflected_orders(all_orders, entries, now)
        self.last_status = tray_status(all_orders, now, len(stale))
        if not self.settings.enabled:
            return []
        soon = timedelta(hours=self.settings.due_within_hours)
        new: dict[str, list[tuple[Order, str]]] = {DUE_SOON: [], OVERDUE: [], UNREFLECTED: []}
        # detail: the deadline (hh:mm) for due-soon / overdue, the side for unreflected
        for order in all_orders:
            d = deadline(order, now)
            if d in (Deadline.NONE,):
                continue
            due = order.ship_by
            if due is None:
                continue
            if d is Deadline.OVERDUE:
                if (order.key, OVERDUE) not in self._sent:
                    self._sent.add((order.key, OVERDUE))
                    self._sent.add((order.key, DUE_SOON))
                    new[OVERDUE].append((order, _hhmm(due)))
            elif due - now <= soon and (order.key, DUE_SOON) not in self._sent:
                self._sent.add((order.key, DUE_SOON))
                new[DUE_SOON].append((order, _hhmm(due)))
        for order, side, _since in stale:
            mark = (order.key, f"{UNREFLECTED}:{side}")
            if mark not in self._sent:
                self._sent.add(mark)
                new[UNREFLECTED].append((order, side))
        alerts: list[Alert] = []
        for kind in (OVERDUE, DUE_SOON, UNREFLECTED):
            items = new[kind]
            if not items:
                continue
            if len(items) > GROUP_OVER:
                alerts.append(self._group(kind, items, now))
            else:
                alerts.extend(self._single(kind, order, detail, now) for order, detail in items)
        return alerts

    def _single(self, kind: str, order: Order, detail: str, now: datetime) -> Alert:
        ref = _ref(order)
        if kind == OVERDUE:
            title = M("overdue_title")
            message = M("overdue", order=ref, due=detail)
        elif kind == DUE_SOON:
            hours = f"{self.settings.due_within_hours:g}"
            title = M("due_soon_title")
            message = M("due_soon", order=ref, due=detail, hours=hours)
        else:
            title = M("unreflected_title")
            where = "Amazon" if detail == "amazon" else "makeshop"
            message = M(
                "unreflected",
                order=ref,
                hours=f"{self.settings.unreflected_hours:g}",
                service=where,
            )
        side = detail if kind == UNREFLECTED else ""
        return Alert(kind, (ref,), title, message, now, due=order.ship_by, side=side)

    def _group(self, kind: str, items: list[tuple[Order, str]], now: datetime) -> Alert:
        refs = tuple(_ref(o) for o, _ in items)
        n = len(refs)
        if kind == OVERDUE:
            title = M("overdue_many_title")
            message = M("overdue_many", count=n)
        elif kind == DUE_SOON:
            title = M("due_soon_title")
            message = M("due_soon_many", count=n, hours=f"{self.settings.due_within_hours:g}")
        else:
            title = M("unreflected_title")
            message = M("unreflected_many", count=n)
        return Alert(kind, refs, title, message, now)
