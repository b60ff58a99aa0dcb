"""Shipping health over the last N days (30 by default), from the store and the journal.

Figures (every day is a JST calendar day; the window ends today):

* **shipped per day** -- merchant-fulfilled Amazon orders and shop orders, by the day they were
  shipped.  An Amazon order's shipping time is when this app's confirmation was accepted
  (journal ``done``), else the earliest ship time Amazon reports for its packages, else the
  day makeshop recorded 配送完了.  A shop order's is makeshop's 配送日 (or the journal's).
* **on time / late** -- Amazon orders shipped in the window with a ship-by deadline: late when
  shipped after Amazon's latest ship date.  Late-shipment rate = late / (on time + late),
  against Amazon's target of under 4 %.  Orders past their deadline and still unshipped are
  counted apart (they will be late).
* **valid tracking** -- Amazon orders shipped in the window whose confirmation carries a tracking
  number that passes its check (check digit where the shape has one).  Orders confirmed through
  makeshop's 配送完了 carry none (R-B2).  Target: over 95 %.
* **cancelled before shipping** -- merchant-fulfilled Amazon orders and shop orders ordered in
  the window and cancelled; the rate is against the Amazon orders ordered in the window
  (Amazon's cancellation target: under 2.5 %; Amazon's figure counts seller cancellations only,
  which the order data cannot tell apart).

FBA orders are left out: Amazon ships them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Final

from amzdesk.clock import JST, to_jst
from amzdesk.messages import define
from amzdesk.models import AmazonStatus, Channel, DeliveryStatus, Order
from amzdesk.store import JournalEntry
from amzdesk.tracking import normalize, validate

__all__ = [
    "CANCEL_TARGET",
    "LATE_TARGET",
    "SCHEMA",
    "VTR_TARGET",
    "DayCount",
    "HealthReport",
    "compute_health",
    "health_doc",
    "summary_lines",
    "tracking_number_valid",
]

SCHEMA: Final = "amzdesk.health/1"
# The summary lines (the command line prints them in Japanese)
M = define(
    "health",
    {
        "period": "期間: {start} 〜 {end}（{days} 日）",
        "shipped": "出荷: {count} 件（Amazon 出品者出荷 {amazon} 件、自社 {shop} 件）",
        "deadline": (
            "出荷期限: 期限内 {on_time} 件、遅延 {late} 件、遅延率 {rate}（Amazon の目標 4 % 未満）"
        ),
        "overdue": "期限切れで未出荷: {count} 件",
        "tracking": "有効な追跡番号: {valid} / {rated} 件、{rate}（目標 95 % 超）",
        "cancelled": (
            "出荷前のキャンセル: Amazon {amazon} 件（{rate}、目標 2.5 % 未満）、自社 {shop} 件"
        ),
    },
)

LATE_TARGET: Final = 0.04  # Amazon: late-shipment rate under 4 %
VTR_TARGET: Final = 0.95  # Amazon: valid tracking rate over 95 %
CANCEL_TARGET: Final = 0.025  # Amazon: cancellation rate under 2.5 %
DEFAULT_DAYS: Final = 30

_CONFIRM_ACTIONS: Final = frozenset({"confirm-amazon", "correct-tracking"})
_MAKESHOP_COMPLETE: Final = "complete-makeshop"
_S10: Final = re.compile(r"^[A-Z]{2}\d{9}[A-Z]{2}$")


@dataclass(frozen=True, slots=True)
class DayCount:
    day: date
    amazon: int  # merchant-fulfilled Amazon orders shipped that day
    shop: int  # shop orders shipped that day
    late: int  # of the Amazon ones, shipped after their deadline

    @property
    def total(self) -> int:
        return self.amazon + self.shop


@dataclass(frozen=True, slots=True)
class HealthReport:
    start: date
    end: date
    generated_at: datetime
    days: tuple[DayCount, ...]
    shipped_amazon: int
    shipped_shop: int
    on_time: int
    late: int
    no_deadline: int  # shipped Amazon orders without a ship-by date (not rated)
    overdue_unshipped: int
    valid_tracking: int
    tracking_rated: int  # Amazon orders shipped in the window (VTR denominator)
    cancelled_amazon: int
    cancelled_shop: int
    ordered_amazon: int  # merchant-fulfilled Amazon orders ordered in the window
    late_orders: tuple[str, ...] = ()
    invalid_tracking_orders: tuple[str, ...] = ()
    overdue_orders: tuple[str, ...] = ()

    @property
    def shipped(self) -> int:
        return self.shipped_amazon + self.shipped_shop

    @property
    def late_rate(self) -> float | None:
        rated = self.on_time + self.late
        return self.late / rated if rated else None

    @property
    def valid_tracking_rate(self) -> float | None:
        return self.valid_tracking / self.tracking_rated if self.tracking_rated else None

    @property
    def cancel_rate(self) -> float | None:
        return self.cancelled_amazon / self.ordered_amazon if self.ordered_amazon else None

    @property
    def late_ok(self) -> bool | None:
        rate = self.late_rate
        return None if rate is None else rate < LATE_TARGET

    @property
    def tracking_ok(self) -> bool | None:
        rate = self.valid_tracking_rate
        return None if rate is None else rate > VTR_TARGET

    @property
    def cancel_ok(self) -> bool | None:
        rate = self.cancel_rate
        return None if rate is None else rate < CANCEL_TARGET


def tracking_number_valid(raw: str) -> bool:
    """A tracking number that passes the check its shape calls for (12 / 11 / 10 digits: mod 7;
    ``AA123456785JP``: S10); other shapes only need to be letters and digits."""
    n = normalize(raw)
    if not n:
        return False
    if n.isdigit() and len(n) == 12:
        return validate(n, "mod7-12").ok
    if n.isdigit() and len(n) == 11:
        return validate(n, "jp-post").ok
    if n.isdigit() and len(n) == 10:
        return validate(n, "dhl10").ok
    if _S10.match(n):
        return validate(n, "s10").ok
    return validate(n, "alnum").ok


def _done_times(entries: Iterable[JournalEntry]) -> dict[str, dict[str, datetime]]:
    """order key -> {"amazon": first accepted confirmation, "makeshop": first 配送完了}."""
    out: dict[str, dict[str, datetime]] = {}
    for e in entries:
        if e.state != "done":
            continue
        when = e.updated_at or e.created_at
        if e.side == "amazon" and e.action in _CONFIRM_ACTIONS:
            side = "amazon"
        elif e.side == "makeshop" and e.action == _MAKESHOP_COMPLETE:
            side = "makeshop"
        else:
            continue
        slot = out.setdefault(e.order_key, {})
        if side not in slot or when < slot[side]:
            slot[side] = when
    return out


def _amazon_shipped_at(order: Order, done: dict[str, datetime]) -> datetime | None:
    az = order.amazon
    if az is None or az.status is AmazonStatus.CANCELLED:
        return None
    if "amazon" in done:
        return done["amazon"]
    times = [p.ship_time for p in az.packages if p.ship_time is not None]
    if times:
        return min(times)
    ms = order.makeshop
    if az.status is AmazonStatus.SHIPPED and ms is not None and ms.delivery_date is not None:
        return ms.delivery_date
    return None


def _shop_shipped_at(order: Order, done: dict[str, datetime]) -> datetime | None:
    ms = order.makeshop
    if ms is None:
        return None
    if ms.delivery_status in (DeliveryStatus.SHIPPED, DeliveryStatus.RETURNED):
        return ms.delivery_date or done.get("makeshop")
    return None


def _trackings(order: Order) -> list[str]:
    out = [p.tracking_number for p in order.notes.confirmed_packages if p.tracking_number]
    if order.amazon is not None:
        out += [p.tracking_number for p in order.amazon.packages if p.tracking_number]
    return out


def compute_health(
    orders: Iterable[Order],
    entries: Sequence[JournalEntry],
    now: datetime,
    days: int = DEFAULT_DAYS,
) -> HealthReport:
    """The figures above for the ``days`` JST days ending today (``now``)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if days < 1:
        raise ValueError("days must be at least 1")
    end = to_jst(now).date()
    start = end - timedelta(days=days - 1)
    window_start = datetime(start.year, start.month, start.day, tzinfo=JST)
    done_by_key = _done_times(entries)
    per_day: dict[date, list[int]] = {start + timedelta(days=i): [0, 0, 0] for i in range(days)}
    shipped_amazon = shipped_shop = on_time = late = no_deadline = 0
    overdue = valid = rated = 0
    cancelled_amazon = cancelled_shop = ordered_amazon = 0
    late_ids: list[str] = []
    invalid_ids: list[str] = []
    overdue_ids: list[str] = []

    def in_window(dt: datetime | None) -> bool:
        return dt is not None and window_start <= dt <= now

    for order in orders:
        done = done_by_key.get(order.key, {})
        ref = order.amazon_order_id or order.display_order_number or order.key
        if order.channel is Channel.AMAZON_MFN:
            az = order.amazon
            if in_window(order.order_date):
                ordered_amazon += 1
                if az is not None and az.status is AmazonStatus.CANCELLED:
                    cancelled_amazon += 1
            shipped_at = _amazon_shipped_at(order, done)
            if shipped_at is not None and in_window(shipped_at):
                shipped_amazon += 1
                bucket = per_day[to_jst(shipped_at).date()]
                bucket[0] += 1
                due = az.ship_by_latest if az is not None else None
                if due is None:
                    no_deadline += 1
                elif shipped_at > due:
                    late += 1
                    bucket[2] += 1
                    late_ids.append(ref)
                else:
                    on_time += 1
                rated += 1
                if any(tracking_number_valid(t) for t in _trackings(order)):
                    valid += 1
                else:
                    invalid_ids.append(ref)
            elif (
                shipped_at is None
                and az is not None
                and az.status.needs_shipping
                and az.ship_by_latest is not None
                and az.ship_by_latest < now
                and not order.notes.confirmed_packages
            ):
                overdue += 1
                overdue_ids.append(ref)
        elif order.channel is Channel.SHOP:
            ms = order.makeshop
            if (
                in_window(order.order_date)
                and ms is not None
                and ms.delivery_status is DeliveryStatus.CANCELLED
            ):
                cancelled_shop += 1
            shipped_at = _shop_shipped_at(order, done)
            if shipped_at is not None and in_window(shipped_at):
                shipped_shop += 1
                per_day[to_jst(shipped_at).date()][1] += 1
    return HealthReport(
        start=start,
        end=end,
        generated_at=now,
        days=tuple(DayCount(d, *per_day[d]) for d in sorted(per_day)),
        shipped_amazon=shipped_amazon,
        shipped_shop=shipped_shop,
        on_time=on_time,
        late=late,
        no_deadline=no_deadline,
        overdue_unshipped=overdue,
        valid_tracking=valid,
        tracking_rated=rated,
        cancelled_amazon=cancelled_amazon,
        cancelled_shop=cancelled_shop,
        ordered_amazon=ordered_amazon,
        late_orders=tuple(sorted(late_ids)),
        invalid_tracking_orders=tuple(sorted(invalid_ids)),
        overdue_orders=tuple(sorted(overdue_ids)),
    )


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def health_doc(h: HealthReport) -> dict[str, Any]:
    """The ``--json`` document (stable keys)."""
    return {
        "schema": SCHEMA,
        "generated_at": h.generated_at.isoformat(),
        "start": h.start.isoformat(),
        "end": h.end.isoformat(),
        "shipped": h.shipped,
        "shipped_amazon": h.shipped_amazon,
        "shipped_shop": h.shipped_shop,
        "on_time": h.on_time,
        "late": h.late,
        "no_deadline": h.no_deadline,
        "late_rate": _rate(h.late_rate),
        "late_target": LATE_TARGET,
        "overdue_unshipped": h.overdue_unshipped,
        "valid_tracking": h.valid_tracking,
        "tracking_rated": h.tracking_rated,
        "valid_tracking_rate": _rate(h.valid_tracking_rate),
        "valid_tracking_target": VTR_TARGET,
        "cancelled_amazon": h.cancelled_amazon,
        "cancelled_shop": h.cancelled_shop,
        "ordered_amazon": h.ordered_amazon,
        "cancel_rate": _rate(h.cancel_rate),
        "cancel_target": CANCEL_TARGET,
        "late_orders": list(h.late_orders),
        "invalid_tracking_orders": list(h.invalid_tracking_orders),
        "overdue_orders": list(h.overdue_orders),
        "days": [
            {"day": d.day.isoformat(), "amazon": d.amazon, "shop": d.shop, "late": d.late}
            for d in h.days
        ],
    }


def summary_lines(h: HealthReport) -> list[str]:
    """The figures as lines (messages: Japanese for the command line, any language rendered)."""

    def pct(value: float | None) -> str:
        return "—" if value is None else f"{value * 100:.1f} %"

    return [
        M("period", start=f"{h.start:%Y-%m-%d}", end=f"{h.end:%Y-%m-%d}", days=len(h.days)),
        M("shipped", count=h.shipped, amazon=h.shipped_amazon, shop=h.shipped_shop),
        M("deadline", on_time=h.on_time, late=h.late, rate=pct(h.late_rate)),
        M("overdue", count=h.overdue_unshipped),
        M(
            "tracking",
            valid=h.valid_tracking,
            rated=h.tracking_rated,
            rate=pct(h.valid_tracking_rate),
        ),
        M(
            "cancelled",
            amazon=h.cancelled_amazon,
            rate=pct(h.cancel_rate),
            shop=h.cancelled_shop,
        ),
    ]
