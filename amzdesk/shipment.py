"""Shipment confirmation that is never lost and never doubled.

Choosing the side
=================

:func:`plan_shipment` turns (order, carrier, tracking numbers, ``via``) into a :class:`Plan` or a
:class:`Refusal`; the verdicts come from :func:`amzdesk.rules.evaluate` only.

* Amazon merchant-fulfilled orders are confirmed on Amazon (``confirmShipment``) with the
  carrier code, carrier name and tracking number (R-B1, R-F1, R-E2, R-E3); makeshop then sets
  配送完了 by itself (R-F2).  makeshop's 配送完了 is used for an Amazon order only when the user
  asks for it (``via="makeshop"``) and the rules allow it (untracked method with a real
  conversion, Amazon still unshipped); Amazon's state is read again (``getOrder``) right before
  sending it, and nothing is sent when Amazon reports the order shipped (R-F3).
* Shop orders: makeshop's 配送完了 with carrier code and 伝票番号.
* FBA orders and anything the rules refuse: a :class:`Refusal` with the rule's reason.

Several tracking numbers = several packages: one package per number, each with its own
``packageReferenceId``.  Unless the caller gives the split, the order's items (less what other
packages already shipped) are dealt out in item order into consecutive groups, as even as
possible, the packages taken in the order of their numbers (2 items, 2 numbers: one item each;
3 units, 2 numbers: 2 + 1).  More numbers than units is refused (give the split explicitly).  The
split depends only on the order and the set of numbers, so a repeat -- on this desk or another,
numbers given in any order -- sends the same packages.

Never lost, never doubled
=========================

* ``packageReferenceId`` = :func:`package_reference_id` (order ID, tracking number): a
  deterministic positive integer < 2**53.  Two machines, a double click, a retry, a re-imported
  file: the same package is sent again, which Amazon treats as an edit of that package.
* Journal first: the intent (order, side, full request, package reference) is committed durably
  before the request leaves; the outcome (``done`` + request ID / ``failed`` + error /
  ``unknown``) after.
* Locally: a package whose journal entry is ``done`` for the same number is skipped ("already
  confirmed"); one whose entry is still unresolved is not sent again (its outcome is resolved
  first); a process-wide lock per order serialises threads.
* :meth:`ShipmentWorkflow.resolve_unknown` (on start and before a sync) asks the service for the
  order's state: the package is on Amazon → ``done``; it is not and the order still needs it →
  the journaled request is sent again (same package); makeshop shows 配送 → ``done``.
* Correcting a tracking number re-sends the same package (same ``packageReferenceId``, new
  number); the journal keeps the mapping, so the new number is known as confirmed.

Returns (返送)
==============

* Shop orders (:meth:`ShipmentWorkflow.return_order`): allowed after shipping (makeshop 処理区分
  配送 ``Y``) by the rules; journal first (action ``return``, side ``makeshop``, key
  :func:`makeshop_return_key`), then ``updateOrderDeliveryStatus`` with ``R``.  An unknown
  outcome is settled from makeshop: 返送 → ``done``, still 配送 → sent again.  A done return is
  ``skipped``.
* Amazon orders (R-C1): returns are processed in Seller Central and makeshop turns to 返送 by
  itself later; :meth:`ShipmentWorkflow.record_return_done` only records that the user did it
  (the order shows 返送反映待ち meanwhile).  Nothing is ever sent for them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, ClassVar, Final, Protocol

from amzdesk import assumptions
from amzdesk.assumptions import READBACK_MAX_WAIT_S
from amzdesk.carriers import Carrier, CarrierTable, default_table
from amzdesk.clock import JST, Clock, iso_z, parse_iso, utcnow
from amzdesk.errors import describe
from amzdesk.messages import define, join
from amzdesk.models import (
    AmazonSide,
    AmazonStatus,
    Channel,
    DeliveryStatus,
    Order,
    Package,
    ReadbackIssue,
)
from amzdesk.proclock import sender
from amzdesk.readback import (
    ACTION_READBACK,
    CONFIRM_ACTIONS,
    Sent,
    find_package,
    issue_message,
    issues_text,
    judge,
    later_text,
    make_issue,
)
from amzdesk.rules import (
    Action,
    Verdict,
    can_cancel_export,
    can_record_return_done,
    evaluate,
    resend_numbers,
)
from amzdesk.tracking import normalize

log = logging.getLogger("amzdesk.shipment")

__all__ = [
    "BulkProgress",
    "ExportReport",
    "PackageOutcome",
    "Plan",
    "PlannedPackage",
    "Refusal",
    "Resolution",
    "Result",
    "ShipmentWorkflow",
    "Via",
    "makeshop_idempotency_key",
    "makeshop_return_key",
    "package_reference_id",
    "plan_shipment",
    "split_items",
]

SIDE_AMAZON: Final = "amazon"
SIDE_MAKESHOP: Final = "makeshop"
ACTION_RETURN: Final = Action.RETURN.value
_REF_SALT: Final = "amzdesk-package-v1"
_MAX_REF: Final = 2**53


class Via(StrEnum):
    AUTO = "auto"
    AMAZON = "amazon"
    MAKESHOP = "makeshop"


def package_reference_id(order_id: str, tracking: str) -> str:
    """Amazon ``packageReferenceId`` for one package: a positive integer (as a string) below
    2**53, derived from the order ID and the normalised tracking number only, so the same
    package gets the same ID on every machine and run."""
    text = f"{_REF_SALT}\x1f{order_id.strip()}\x1f{normalize(tracking)}"
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    n = int.from_bytes(digest[:8], "big") % (_MAX_REF - 1)
    return str(n + 1)


def makeshop_idempotency_key(display_order_number: str, delivery_id: str) -> str:
    """Journal key of a makeshop 配送完了 (one per delivery)."""
    return f"ms:{display_order_number}:{delivery_id}"


RETURN_IN_ADMIN: Final = (
    "返送は makeshop の管理画面で行ってください（このアプリからは返送にできません）"
)


def makeshop_return_key(display_order_number: str, delivery_id: str) -> str:
    """Journal key of a makeshop 返送 (one per delivery)."""
    return f"ms-return:{display_order_number}:{delivery_id}"


# --- plan ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlannedPackage:
    package_reference_id: str
    tracking: str
    items: tuple[tuple[str, int], ...]  # (orderItemId, quantity); empty for makeshop
    replaces_tracking: str = ""  # correction: the number this package had before


@dataclass(frozen=True, slots=True)
class Plan:
    """What will be sent for one order (nothing has been sent yet)."""

    order: Order
    side: str  # "amazon" / "makeshop"
    action: Action
    carrier: Carrier
    packages: tuple[PlannedPackage, ...]
    ship_date: datetime
    verdict: Verdict
    skipped_trackings: tuple[str, ...] = ()  # already confirmed: not sent again
    slip_number: str = ""  # makeshop 伝票番号

    @property
    def summary(self) -> str:
        return self.verdict.reason

    @property
    def trackings(self) -> tuple[str, ...]:
        return tuple(p.tracking for p in self.packages)


@dataclass(frozen=True, slots=True)
class Refusal:
    """Nothing is sent: ``reason`` (Japanese) and the rule ID behind it."""

    reason: str
    rule_id: str = ""
    action: Action | None = None
    order: Order | None = None
    invalid_tracking: bool = False
    already_done: bool = False
    tracking: str = ""  # the offending number, when one is
    # the order permits it once the user explicitly accepts ``reason`` (R-F3: may be Amazon's)
    needs_confirmation: bool = False
    shared_with: tuple[str, ...] = ()  # other orders already sent with the same number

    @property
    def message(self) -> str:
        if self.rule_id and self.rule_id not in self.reason:
            return f"{self.reason}（{self.rule_id}）"
        return self.reason


def split_items(
    units: Sequence[tuple[str, int]], n_packages: int
) -> list[tuple[tuple[str, int], ...]] | None:
    """Deal ``units`` ((orderItemId, quantity) in item order) into ``n_packages`` consecutive
    groups, as even as possible; None when there are fewer units than packages."""
    flat = [item_id for item_id, qty in units for _ in range(max(0, qty))]
    if n_packages <= 0 or len(flat) < n_packages:
        return None
    base, extra = divmod(len(flat), n_packages)
    out: list[tuple[tuple[str, int], ...]] = []
    pos = 0
    for i in range(n_packages):
        size = base + (1 if i < extra else 0)
        chunk = flat[pos : pos + size]
        pos += size
        counts: dict[str, int] = {}
        for item_id in chunk:
            counts[item_id] = counts.get(item_id, 0) + 1
        out.append(tuple(counts.items()))
    return out


def _known_packages(order: Order) -> list[Package]:
    """Packages Amazon reports plus those this app confirmed (by reference, latest wins)."""
    by_ref: dict[str, Package] = {}
    if order.amazon is not None:
        for p in order.amazon.packages:
            by_ref[p.package_reference_id] = p
    for p in order.notes.confirmed_packages:
        if p.package_reference_id not in by_ref or not by_ref[p.package_reference_id].items:
            by_ref[p.package_reference_id] = p
        else:
            by_ref[p.package_reference_id] = replace(
                by_ref[p.package_reference_id], tracking_number=p.tracking_number
            )
    return list(by_ref.values())


def _remaining_units(order: Order, own_refs: set[str]) -> list[tuple[str, int]]:
    """Per item, the quantity not shipped by packages other than ``own_refs``."""
    shipped: dict[str, int] = {}
    for p in _known_packages(order):
        if p.package_reference_id in own_refs:
            continue
        for item_id, qty in p.items:
            shipped[item_id] = shipped.get(item_id, 0) + qty
    out: list[tuple[str, int]] = []
    for it in order.items:
        if not it.order_item_id:
            continue
        left = it.quantity - shipped.get(it.order_item_id, 0)
        if left > 0:
            out.append((it.order_item_id, left))
    return out


def ship_datetime(ship_date: date | datetime | None, now: datetime, order: Order) -> datetime:
    """The ``shipDate`` to send: now for today (or none given); for an earlier JST date 18:00
    JST that day, never before the order was placed and never after now."""
    if isinstance(ship_date, datetime):
        return min(ship_date, now)
    today = now.astimezone(JST).date()
    if ship_date is None or ship_date >= today:
        return now
    at = datetime.combine(ship_date, time(18, 0), JST)
    created = order.order_date
    if created is not None and at < created:
        at = min(created + timedelta(minutes=1), now)
    return at


# A ship date before this is a typo or an empty cell read as 1970, never a real shipment.
_EARLIEST_SHIP_DATE: Final = date(2020, 1, 1)
# ... and so is one more than this long before the order was placed.  (A date a little before
# the order date -- a label printed from a template -- is still moved to just after the order,
# as before; see ship_datetime.)
_MAX_DAYS_BEFORE_ORDER: Final = 366


def _too_early(ship_date: date | datetime | None, order: Order) -> str:
    """Why ``ship_date`` cannot be a real ship date ("" when it can): 1970-01-01 or a date a
    year before the order is refused with a message, never silently replaced."""
    if ship_date is None:
        return ""
    day = ship_date.astimezone(JST).date() if isinstance(ship_date, datetime) else ship_date
    placed = order.order_date.astimezone(JST).date() if order.order_date is not None else None
    floor = _EARLIEST_SHIP_DATE
    if placed is not None:
        floor = max(floor, placed - timedelta(days=_MAX_DAYS_BEFORE_ORDER))
    if day >= floor:
        return ""
    when = f"（注文日 {placed.isoformat()}）" if placed is not None else ""
    return (
        f"出荷日 {day.isoformat()} は出荷日としてありえない日付です{when}。"
        "正しい出荷日を入れてください"
    )


def _future_date(ship_date: date | datetime | None, now: datetime) -> bool:
    if ship_date is None:
        return False
    if isinstance(ship_date, datetime):
        return ship_date > now + timedelta(minutes=5)
    return ship_date > now.astimezone(JST).date()


def _refusal(v: Verdict, order: Order, *, numbers: Sequence[str] = ()) -> Refusal:
    bad = ""
    for n in numbers:
        if n and n in v.reason:
            bad = n
            break
    invalid = v.needs_input and bool(numbers) and "追跡番号" in v.reason and bool(bad)
    return Refusal(
        reason=v.reason,
        rule_id=v.rule_id,
        action=v.action,
        order=order,
        invalid_tracking=invalid,
        tracking=bad,
    )


def plan_shipment(
    order: Order,
    carrier: Carrier | str | None,
    trackings: Sequence[str] = (),
    *,
    via: Via | str = Via.AUTO,
    table: CarrierTable | None = None,
    ship_date: date | datetime | None = None,
    now: datetime | None = None,
    items: Sequence[Sequence[tuple[str, int]]] | None = None,
    confirmed: bool = False,
) -> Plan | Refusal:
    """Decide the side and the packages for one order (pure: no I/O).

    ``items``: optional explicit split, one sequence of (orderItemId, quantity) per tracking
    number (same order as ``trackings``).  ``confirmed``: the user explicitly accepted the
    verdict's warning (``Verdict.confirm``; R-F3 for an order that may be Amazon's); without it
    such an order is refused with ``needs_confirmation``.
    """
    tbl = table if table is not None else default_table()
    when = now if now is not None else utcnow()
    try:
        mode = Via(via)
    except ValueError:
        return Refusal(f"送信先「{via}」は指定できません（auto / amazon / makeshop）", order=order)
    numbers: list[str] = []
    for t in trackings:
        n = normalize(t)
        if n and n not in numbers:
            numbers.append(n)
    if items is not None and len(items) != len(numbers):
        return Refusal("商品の分け方は追跡番号と同じ数だけ指定してください", order=order)
    if _future_date(ship_date, when):
        return Refusal("出荷日が未来の日付です。出荷してから出荷通知してください", order=order)
    too_early = _too_early(ship_date, order)
    if too_early:
        return Refusal(too_early, order=order)
    c: Carrier | None = None
    if carrier is not None and not (isinstance(carrier, str) and not carrier.strip()):
        c = tbl.resolve(carrier)

    if order.channel is Channel.SHOP or (order.is_amazon and mode is Via.MAKESHOP):
        return _plan_makeshop(
            order,
            c,
            numbers,
            mode=mode,
            tbl=tbl,
            ship_date=ship_date,
            when=when,
            confirmed=confirmed,
        )
    if order.channel is Channel.AMAZON_FBA or mode in (Via.AUTO, Via.AMAZON):
        return _plan_amazon(order, c, numbers, tbl=tbl, ship_date=ship_date, when=when, items=items)
    return Refusal("送信先を決められません", order=order)  # pragma: no cover


def _plan_makeshop(
    order: Order,
    c: Carrier | None,
    numbers: list[str],
    *,
    mode: Via,
    tbl: CarrierTable,
    ship_date: date | datetime | None,
    when: datetime,
    confirmed: bool = False,
) -> Plan | Refusal:
    if order.channel is Channel.SHOP and mode is Via.AMAZON:
        v = evaluate(order, c, numbers, table=tbl)[Action.CONFIRM_AMAZON]
        return _refusal(v, order)
    ms = order.makeshop
    if (
        ms is not None
        and ms.delivery_status is DeliveryStatus.SHIPPED
        and numbers
        and (normalize(ms.slip_number) in numbers or not ms.slip_number)
    ):
        return Refusal(
            "makeshop ではすでに配送完了です",
            action=Action.COMPLETE_MAKESHOP,
            order=order,
            already_done=True,
        )
    v = evaluate(order, c, numbers, table=tbl)[Action.COMPLETE_MAKESHOP]
    if not v.allowed:
        return _refusal(v, order, numbers=numbers)
    if v.confirm and not confirmed:
        return Refusal(
            v.confirm,
            v.rule_id,
            action=Action.COMPLETE_MAKESHOP,
            order=order,
            needs_confirmation=True,
        )
    assert ms is not None
    chosen = c if c is not None else tbl.none
    slip = numbers[0] if numbers else ""
    pkg = PlannedPackage(
        makeshop_idempotency_key(ms.display_order_number, ms.delivery_id), slip, ()
    )
    return Plan(
        order=order,
        side=SIDE_MAKESHOP,
        action=Action.COMPLETE_MAKESHOP,
        carrier=chosen,
        packages=(pkg,),
        ship_date=ship_datetime(ship_date, when, order),
        verdict=v,
        slip_number=slip,
    )


def _plan_amazon(
    order: Order,
    c: Carrier | None,
    numbers: list[str],
    *,
    tbl: CarrierTable,
    ship_date: date | datetime | None,
    when: datetime,
    items: Sequence[Sequence[tuple[str, int]]] | None,
) -> Plan | Refusal:
    order_id = order.amazon_order_id
    refs = {n: package_reference_id(order_id, n) for n in (numbers or [""])}
    known = _known_packages(order)
    known_pairs = {(p.package_reference_id, normalize(p.tracking_number)) for p in known}
    known_numbers = {normalize(p.tracking_number) for p in known if p.tracking_number}
    resend = resend_numbers(order)  # read back with a difference: may go again (an edit)
    done = [
        n
        for n in (numbers or [""])
        if n not in resend and ((n and n in known_numbers) or (refs[n], n) in known_pairs)
    ]
    if done and len(done) == len(numbers or [""]) and order.channel is Channel.AMAZON_MFN:
        what = f"追跡番号 {'、'.join(done)} は" if numbers else "この注文は"
        return Refusal(
            f"{what}すでに Amazon に出荷通知済みです",
            action=Action.CONFIRM_AMAZON,
            order=order,
            already_done=True,
        )
    todo = [n for n in numbers if n not in done]
    v = evaluate(order, c, todo, table=tbl)[Action.CONFIRM_AMAZON]
    if not v.allowed:
        return _refusal(v, order, numbers=todo)
    assert c is not None
    # the item split over every number given (done ones included), in number order, so a
    # repeat -- from this desk or another, numbers in any order -- sends identical packages
    all_numbers = sorted(numbers) if items is None else list(numbers)
    all_numbers = all_numbers or [""]
    own = set(refs.values())
    if items is not None:
        groups: list[tuple[tuple[str, int], ...]] | None = [
            tuple((str(i), int(q)) for i, q in g) for g in items
        ]
    else:
        groups = split_items(_remaining_units(order, own), len(all_numbers))
    if groups is None:
        units = sum(q for _i, q in _remaining_units(order, own))
        return Refusal(
            f"追跡番号（{len(all_numbers)}件）が未出荷の商品点数（{units}点）より多いため、"
            "荷物ごとの商品の分け方を指定してください",
            action=Action.CONFIRM_AMAZON,
            order=order,
        )
    if any(not g for g in groups):
        return Refusal(
            "商品が入っていない荷物があります", action=Action.CONFIRM_AMAZON, order=order
        )
    packages = tuple(
        PlannedPackage(refs[n], n, g)
        for n, g in zip(all_numbers, groups, strict=True)
        if n not in done
    )
    return Plan(
        order=order,
        side=SIDE_AMAZON,
        action=Action.CONFIRM_AMAZON,
        carrier=c,
        packages=packages,
        ship_date=ship_datetime(ship_date, when, order),
        verdict=v,
        skipped_trackings=tuple(n for n in done if n),
    )


def plan_correction(
    order: Order,
    old_tracking: str,
    new_tracking: str,
    carrier: Carrier | str | None,
    *,
    table: CarrierTable | None = None,
    now: datetime | None = None,
) -> Plan | Refusal:
    """Re-send the package that had ``old_tracking`` with ``new_tracking`` (same reference)."""
    tbl = table if table is not None else default_table()
    when = now if now is not None else utcnow()
    old, new = normalize(old_tracking), normalize(new_tracking)
    c = tbl.resolve(carrier) if carrier else None
    v = evaluate(order, c, [new] if new else [], table=tbl)[Action.CORRECT_TRACKING]
    if not v.allowed:
        return _refusal(v, order, numbers=[new])
    assert c is not None
    pkg = next(
        (p for p in order.notes.confirmed_packages if normalize(p.tracking_number) == old), None
    )
    if pkg is None:
        return Refusal(
            f"追跡番号 {old} の荷物はこのアプリで出荷通知していないため、訂正できません",
            action=Action.CORRECT_TRACKING,
            order=order,
        )
    items = pkg.items
    if not items and order.amazon is not None:
        items = next(
            (
                p.items
                for p in order.amazon.packages
                if p.package_reference_id == pkg.package_reference_id
            ),
            (),
        )
    if not items:
        return Refusal(
            "訂正する荷物の商品が分かりません", action=Action.CORRECT_TRACKING, order=order
        )
    return Plan(
        order=order,
        side=SIDE_AMAZON,
        action=Action.CORRECT_TRACKING,
        carrier=c,
        packages=(PlannedPackage(pkg.package_reference_id, new, tuple(items), old),),
        ship_date=pkg.ship_time if pkg.ship_time is not None else when,
        verdict=v,
    )


# --- results -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PackageOutcome:
    package_reference_id: str
    tracking: str
    state: str  # "done" | "failed" | "unknown" | "skipped" | "cancelled"
    message: str = ""  # Japanese
    request_id: str = ""
    journal_id: int | None = None


_SM = define(
    "shipment",
    {
        "export_cancelled": "書き出しを取り消しました",
        "export_cancel_done": (
            "Amazon 用アップロードファイルへの書き出しを取り消しました（{rows} 行）。"
            "ここから出荷通知できます"
        ),
    },
)


@dataclass(frozen=True, slots=True)
class Result:
    """What happened to one order."""

    order_key: str
    order_ref: str  # Amazon order ID or makeshop display number, for messages
    side: str
    state: str  # "done" | "failed" | "unknown" | "skipped" | "cancelled" | "refused"
    message: str  # Japanese
    packages: tuple[PackageOutcome, ...] = ()
    rule_id: str = ""
    shared_with: tuple[str, ...] = ()  # refused: the number is on these orders too (同梱?)

    @property
    def ok(self) -> bool:
        return self.state in ("done", "skipped")


@dataclass(frozen=True, slots=True)
class Resolution:
    journal_id: int
    order_key: str
    state: str  # new state of the entry ("done", "failed") or "unknown" (still unknown)
    message: str
    resent: bool = False


@dataclass(frozen=True, slots=True)
class BulkProgress:
    done: int
    total: int
    result: Result | None = None


class _Spapi(Protocol):
    def get_order(self, order_id: str) -> AmazonSide: ...

    def confirm_shipment(self, order_id: str, package: Any) -> Any: ...


# --- the workflow --------------------------------------------------------------------------------


def _state_of(exc: BaseException) -> str:
    """Journal state for an error raised while sending."""
    from amzdesk.errors import Cancelled, OutcomeUnknown, ServiceError

    if isinstance(exc, OutcomeUnknown):
        return "unknown"
    if isinstance(exc, ServiceError | Cancelled | ValueError):
        return "failed"  # the service clearly refused it, or it never left
    return "unknown"


_user_message = describe


class ShipmentWorkflow:
    """Plan, journal and send shipment confirmations.  Thread-safe.

    ``spapi``: an :class:`amzdesk.spapi.SpApiClient` (or None: Amazon not configured);
    ``makeshop``: an :class:`amzdesk.makeshop.MakeshopClient` (or None).
    """

    _order_locks: ClassVar[dict[str, threading.Lock]] = {}
    _locks_guard: ClassVar[threading.Lock] = threading.Lock()

    def __init__(
        self,
        store: Any,
        spapi: Any = None,
        makeshop: Any = None,
        table: CarrierTable | None = None,
        clock: Clock = utcnow,
    ) -> None:
        self.store = store
        self.spapi = spapi
        self.makeshop = makeshop
        self.table = table if table is not None else default_table()
        self.clock = clock
        self._local = threading.local()

    # -- locks --

    @classmethod
    def order_lock(cls, order_key: str) -> threading.Lock:
        """The process-wide lock of one order (two threads never send the same order)."""
        with cls._locks_guard:
            lock = cls._order_locks.get(order_key)
            if lock is None:
                lock = cls._order_locks[order_key] = threading.Lock()
            return lock

    # -- planning --

    def find(self, ref: str) -> Order | None:
        order: Order | None = self.store.find(ref)
        if order is None:
            order = self.store.find(unicodedata.normalize("NFKC", ref).strip())
        return order

    def plan(
        self,
        order: Order | str,
        carrier: Carrier | str | None,
        trackings: Sequence[str] = (),
        via: Via | str = Via.AUTO,
        *,
        ship_date: date | datetime | None = None,
        items: Sequence[Sequence[tuple[str, int]]] | None = None,
        confirmed: bool = False,
    ) -> Plan | Refusal:
        """Plan against the freshest stored state of the order (journal notes included).
        ``confirmed``: the user accepted the verdict's warning (see :func:`plan_shipment`)."""
        ref = order if isinstance(order, str) else order.key
        fresh = self._fresh(order)
        if fresh is None:
            return Refusal(f"注文「{ref}」が見つかりません。注文を同期してください")
        return plan_shipment(
            fresh,
            carrier,
            trackings,
            via=via,
            table=self.table,
            ship_date=ship_date,
            now=self.clock(),
            items=items,
            confirmed=confirmed,
        )

    def plan_latest(
        self,
        order: Order | str,
        carrier: Carrier | str | None,
        trackings: Sequence[str] = (),
        via: Via | str = Via.AUTO,
        *,
        ship_date: date | datetime | None = None,
        items: Sequence[Sequence[tuple[str, int]]] | None = None,
        confirmed: bool = False,
        shared_ok: bool = False,
    ) -> Plan | Refusal:
        """Plan what the user asks now, after settling the order's earlier sends whose outcome
        is unknown -- the user's latest request wins over a journaled one.

        Each unresolved Amazon entry of the order is settled by asking Amazon first (one
        quick ``getOrder``): applied → ``done``; not applied → closed without re-sending (the
        new request replaces it).  If an earlier request turned out applied with another
        tracking number, a single new number goes out as a *correction* of that package.

        A number this desk already sent for *another* order is refused (``shared_with``) unless
        ``shared_ok``: one parcel for several orders (同梱) is a choice, not a default.
        """
        fresh = self._fresh(order)
        if fresh is None:
            return self.plan(
                order,
                carrier,
                trackings,
                via,
                ship_date=ship_date,
                items=items,
                confirmed=confirmed,
            )
        applied = self.settle_order(fresh.key)
        planned = self.plan(
            fresh.key,
            carrier,
            trackings,
            via,
            ship_date=ship_date,
            items=items,
            confirmed=confirmed,
        )
        numbers = [normalize(t) for t in trackings if normalize(t)]
        if isinstance(planned, Refusal) and not planned.already_done and len(numbers) == 1:
            old = next(
                (
                    e.tracking_number
                    for e in reversed(applied)
                    if normalize(e.tracking_number) and normalize(e.tracking_number) != numbers[0]
                ),
                "",
            )
            if old and carrier is not None:
                correction = self.plan_correction(fresh.key, old, numbers[0], carrier)
                if isinstance(correction, Plan):
                    planned = correction
        if isinstance(planned, Plan) and not shared_ok:
            return self._shared_refusal(planned) or planned
        return planned

    def _shared_refusal(self, plan: Plan) -> Refusal | None:
        numbers = [p.tracking for p in plan.packages if p.tracking]
        owners = self.store.tracking_owners(numbers) if numbers else {}
        others = sorted({k for n in numbers for k in owners.get(n, ()) if k != plan.order.key})
        if not others:
            return None
        refs = []
        for key in others:
            o = self.store.get(key)
            refs.append((o.amazon_order_id or o.display_order_number or key) if o else key)
        shared = next(n for n in numbers if owners.get(n, set()) - {plan.order.key})
        return Refusal(
            f"追跡番号 {shared} は注文 {'、'.join(refs)} ですでに使われています。"
            "1つの荷物で複数の注文を送る（同梱）なら、同梱として送ることを選んでください。"
            "入力ミスなら番号を直してください",
            action=plan.action,
            order=plan.order,
            tracking=shared,
            shared_with=tuple(refs),
        )

    def settle_order(self, order_key: str) -> list[Any]:
        """Settle the order's unresolved Amazon entries without re-sending them (a new request
        is about to replace them).  Returns the entries found applied on Amazon."""
        applied: list[Any] = []
        if self.spapi is None:
            return applied
        with sender(self.store), self.order_lock(order_key):
            for entry in self._entries(order_key):
                if entry.resolved or entry.side != SIDE_AMAZON:
                    continue
                try:
                    res = self._resolve_amazon(entry, resend=False)
                except Exception as exc:
                    log.info("could not settle journal entry %s first: %s", entry.id, exc)
                    continue
                if res is not None and res.state == "done":
                    applied.append(self.store.journal_entry(entry.id) or entry)
        return applied

    def plan_correction(
        self, order: Order | str, old_tracking: str, new_tracking: str, carrier: Carrier | str
    ) -> Plan | Refusal:
        ref = order if isinstance(order, str) else order.key
        fresh = self._fresh(order)
        if fresh is None:
            return Refusal(f"注文「{ref}」が見つかりません。注文を同期してください")
        return plan_correction(
            fresh, old_tracking, new_tracking, carrier, table=self.table, now=self.clock()
        )

    def confirm(
        self,
        order: Order | str,
        carrier: Carrier | str | None,
        trackings: Sequence[str] = (),
        via: Via | str = Via.AUTO,
        *,
        ship_date: date | datetime | None = None,
        cancel: threading.Event | None = None,
        confirmed: bool = False,
        shared_ok: bool = False,
    ) -> Result:
        """Plan (the user's latest word: :meth:`plan_latest`) and send; a refusal comes back as
        a Result with state ``refused``.  ``confirmed``: the user accepted the verdict's
        warning (see :func:`plan_shipment`); ``shared_ok``: the user chose to send a number
        another order already has (同梱)."""
        planned = self.plan_latest(
            order,
            carrier,
            trackings,
            via,
            ship_date=ship_date,
            confirmed=confirmed,
            shared_ok=shared_ok,
        )
        if isinstance(planned, Refusal):
            return self._refused(planned, order)
        return self.send(planned, cancel=cancel)

    def _refused(self, r: Refusal, order: Order | str) -> Result:
        o = r.order
        key = o.key if o is not None else (order if isinstance(order, str) else order.key)
        ref = (o.amazon_order_id or o.display_order_number) if o is not None else str(key)
        state = "skipped" if r.already_done else "refused"
        return Result(key, ref, "", state, r.message, rule_id=r.rule_id, shared_with=r.shared_with)

    # -- sending --

    def send(self, plan: Plan, *, cancel: threading.Event | None = None) -> Result:
        """Journal, then send, each package of ``plan``; never raises for a service error."""
        order = plan.order
        with sender(self.store), self.order_lock(order.key):
            if plan.side == SIDE_MAKESHOP:
                return self._send_makeshop(plan, cancel)
            return self._send_amazon(plan, cancel)

    def _entries(self, order_key: str) -> list[Any]:
        return list(self.store.journal_entries(order_key))

    def _send_amazon(self, plan: Plan, cancel: threading.Event | None) -> Result:
        from amzdesk.spapi import ShipmentItem, ShipmentPackage

        order = plan.order
        order_id = order.amazon_order_id
        ref = order_id or order.key
        if self.spapi is None:
            return Result(
                order.key, ref, SIDE_AMAZON, "refused", "Amazon の認証情報が設定されていません"
            )
        entries = self._entries(order.key)
        outcomes: list[PackageOutcome] = []
        code, name = plan.carrier.spapi_fields()
        resend = resend_numbers(order)
        for pkg in plan.packages:
            mine = [
                e
                for e in entries
                if e.side == SIDE_AMAZON and e.package_reference_id == pkg.package_reference_id
            ]
            done = pkg.tracking not in resend and any(
                e.state == "done" and normalize(e.tracking_number) == pkg.tracking for e in mine
            )
            held = _held(pkg, mine, done, "出荷通知済みです", cancel)
            if held is not None:
                outcomes.append(held)
                continue
            package = ShipmentPackage(
                package_reference_id=pkg.package_reference_id,
                carrier_code=code,
                carrier_name=name,
                tracking_number=pkg.tracking,
                ship_date=plan.ship_date,
                items=tuple(ShipmentItem(i, q) for i, q in pkg.items),
            )
            outcomes.append(self._confirm_one(plan, order, package, pkg))
        return self._read_back_result(order, outcomes, code, cancel)

    def _read_back_result(
        self,
        order: Order,
        outcomes: Sequence[PackageOutcome],
        code: str,
        cancel: threading.Event | None,
    ) -> Result:
        """The result of an Amazon send, after reading the packages just accepted back."""
        result = _summarise(order, SIDE_AMAZON, outcomes)
        sent = [o.package_reference_id for o in outcomes if o.state == "done"]
        if not sent or (cancel is not None and cancel.is_set()):
            return result
        order_id = order.amazon_order_id
        issues = self.read_back(order.key, order_id, sent, max_wait=self._readback_wait())
        if issues is None:
            return replace(
                result,
                message=join([result.message, later_text()], "　"),
            )
        if issues:
            return replace(result, state="mismatch", message=issues_text(issues, code))
        return result

    def _amazon_request(
        self, order: Order, body: Mapping[str, Any], plan_action: str
    ) -> dict[str, Any]:
        return {
            "orderId": order.amazon_order_id,
            "operation": "confirmShipment",
            "action": plan_action,
            **body,
        }

    def _confirm_one(
        self, plan: Plan, order: Order, package: Any, pkg: PlannedPackage
    ) -> PackageOutcome:
        try:
            package.validate()
        except ValueError as exc:
            return PackageOutcome(pkg.package_reference_id, pkg.tracking, "failed", str(exc))
        body = package.to_body(getattr(self.spapi, "marketplace_id", ""))
        request = self._amazon_request(order, body, plan.action.value)
        request["carrier"] = plan.carrier.name
        if pkg.replaces_tracking:
            request["replacesTrackingNumber"] = pkg.replaces_tracking
        from amzdesk.store import JournalConflict

        try:
            entry_id = self.store.journal_intent(
                order.key,
                plan.action.value,
                SIDE_AMAZON,
                pkg.package_reference_id,
                request,
                amazon_order_id=order.amazon_order_id,
                display_order_number=order.display_order_number,
                exclusive=True,
                redo_done=pkg.tracking in resend_numbers(order),
            )
        except JournalConflict as conflict:  # decided elsewhere a moment ago: never twice
            if conflict.kind == "done":
                return PackageOutcome(
                    pkg.package_reference_id, pkg.tracking, "skipped", "出荷通知済みです"
                )
            return PackageOutcome(
                pkg.package_reference_id, pkg.tracking, "unknown", _PENDING_MESSAGE
            )
        return self._send_amazon_entry(entry_id, order.amazon_order_id, package, pkg.tracking)

    def _send_amazon_entry(
        self, entry_id: int, order_id: str, package: Any, tracking: str
    ) -> PackageOutcome:
        ref = package.package_reference_id
        try:
            res = self.spapi.confirm_shipment(order_id, package)
        except BaseException as exc:
            state, message = self._journal_error(
                entry_id, exc, request_id=getattr(exc, "request_id", "") or None
            )
            log.info("confirmShipment %s package %s: %s", order_id, ref, exc)
            if state == "unknown":
                message = _UNKNOWN_AMAZON_MESSAGE
            return PackageOutcome(
                ref, tracking, state, message, getattr(exc, "request_id", ""), entry_id
            )
        request_id = str(getattr(res, "request_id", "") or "")
        unrecorded = self._record_done(
            entry_id,
            "Amazon",
            request_id=request_id or None,
            http_status=getattr(res, "status", None),
            result="Amazon が出荷通知を受け付けました",
        )
        if unrecorded is not None:
            return PackageOutcome(ref, tracking, "unknown", unrecorded, request_id, entry_id)
        return PackageOutcome(
            ref, tracking, "done", "Amazon に出荷通知しました", request_id, entry_id
        )

    def _record_done(
        self,
        entry_id: int,
        service: str,
        *,
        request_id: str | None = None,
        http_status: int | None = None,
        result: str,
    ) -> str | None:
        """Journal a success; when the store cannot be written (disk full...) the entry stays
        unresolved and the user is told the outcome is unknown -- it is settled by asking the
        service once the store can be written again.  Returns that message, or None."""
        from amzdesk.store import StoreError

        try:
            self.store.journal_outcome(
                entry_id, "done", request_id=request_id, http_status=http_status, result=result
            )
        except StoreError as exc:
            log.warning(
                "sent, but the outcome of journal entry %s was not recorded: %s", entry_id, exc
            )
            return (
                f"{service} は受け付けた可能性がありますが、結果を記録できませんでした（{exc}）。"
                "結果は不明として扱い、空き容量が戻ったあと次の同期や送信の前に "
                f"{service} に問い合わせて確かめます（二重には送りません）"
            )
        return None

    def _send_makeshop(self, plan: Plan, cancel: threading.Event | None) -> Result:
        order = plan.order
        ms = order.makeshop
        ref = order.display_order_number or order.key
        if self.makeshop is None or ms is None:
            return Result(
                order.key, ref, SIDE_MAKESHOP, "refused", "makeshop の認証情報が設定されていません"
            )
        pkg = plan.packages[0]
        entries = [
            e
            for e in self._entries(order.key)
            if e.side == SIDE_MAKESHOP and e.package_reference_id == pkg.package_reference_id
        ]
        done = any(e.state == "done" for e in entries)
        held = _held(pkg, entries, done, "配送完了済みです", cancel)
        if held is not None:
            return _summarise(order, SIDE_MAKESHOP, [held])
        if order.is_amazon:
            refusal = self._recheck_amazon(order, plan)
            if refusal is not None:
                return Result(
                    order.key,
                    ref,
                    SIDE_MAKESHOP,
                    "refused",
                    refusal.message,
                    rule_id=refusal.rule_id,
                )
        ids = [d.delivery_id for d in ms.open_deliveries] or [ms.delivery_id]
        numbers = [t for t in plan.trackings if t]
        slips = numbers if len(numbers) == len(ids) > 1 else [plan.slip_number] * len(ids)
        request = {
            "operation": "markShipped",
            "displayOrderNumber": ms.display_order_number,
            "deliveryId": ids[0],
            "deliveryIds": ids,
            "deliveryCompanyCode": plan.carrier.code,
            "carrier": plan.carrier.name,
            "slipNumber": plan.slip_number,
            "slipNumbers": slips,
            "deliveryStatus": assumptions.MAKESHOP_STATUS_COMPLETED,
        }
        entry_id = self.store.journal_intent(
            order.key,
            Action.COMPLETE_MAKESHOP.value,
            SIDE_MAKESHOP,
            pkg.package_reference_id,
            request,
            amazon_order_id=order.amazon_order_id,
            display_order_number=order.display_order_number,
        )
        out = self._send_makeshop_entry(entry_id, request)
        return _summarise(order, SIDE_MAKESHOP, [replace(out, tracking=pkg.tracking)])

    def _recheck_amazon(self, order: Order, plan: Plan) -> Refusal | None:
        """R-F3: read Amazon's state right before a makeshop 配送完了 of an Amazon order."""
        if self.spapi is None:
            return Refusal(
                "Amazon の最新の状態を確認できないため、makeshop の配送完了は送りません"
                "（Amazon の認証情報を設定してください）",
                "R-F3",
            )
        try:
            fresh = self.spapi.get_order(order.amazon_order_id)
        except Exception as exc:
            return Refusal(
                "Amazon の最新の状態を確認できないため、makeshop の配送完了は送りません："
                + _user_message(exc),
                "R-F3",
            )
        now_order = replace(order, amazon=fresh)
        v = evaluate(now_order, plan.carrier, list(plan.trackings), table=self.table)[
            Action.COMPLETE_MAKESHOP
        ]
        if not v.allowed:
            return Refusal(v.reason, v.rule_id or "R-F3", Action.COMPLETE_MAKESHOP, now_order)
        return None

    def _send_makeshop_entry(self, entry_id: int, request: Mapping[str, Any]) -> PackageOutcome:
        key = makeshop_idempotency_key(
            str(request.get("displayOrderNumber", "")), str(request.get("deliveryId", ""))
        )
        ids = request.get("deliveryIds") or [str(request.get("deliveryId", ""))]
        slips = request.get("slipNumbers") or [str(request.get("slipNumber", ""))] * len(ids)
        try:
            self.makeshop.mark_shipped(
                str(request.get("displayOrderNumber", "")),
                [str(i) for i in ids],
                str(request.get("deliveryCompanyCode", "")),
                [str(x) for x in slips],
            )
        except BaseException as exc:
            state, message = self._journal_error(entry_id, exc)
            return PackageOutcome(key, "", state, message, journal_id=entry_id)
        unrecorded = self._record_done(entry_id, "makeshop", result="makeshop で配送完了にしました")
        if unrecorded is not None:
            return PackageOutcome(key, "", "unknown", unrecorded, journal_id=entry_id)
        return PackageOutcome(key, "", "done", "makeshop で配送完了にしました", journal_id=entry_id)

    # -- returns (返送) --

    def _fresh(self, order: Order | str) -> Order | None:
        if isinstance(order, str):
            return self.find(order)
        fresh: Order | None = self.store.get(order.key)
        return fresh

    def return_order(self, order: Order | str, *, cancel: threading.Event | None = None) -> Result:
        """makeshop 返送 of a shipped shop order: ``updateOrderDeliveryStatus`` with ``R``.

        The verdict comes from :func:`amzdesk.rules.evaluate` (Amazon orders are refused, R-C1:
        their returns are processed in Seller Central; FBA: R-G1).  Journal first (action
        ``return``, side ``makeshop``), then the request, then the outcome; a return already
        done is ``skipped``, one whose outcome is unknown is settled by :meth:`resolve_unknown`
        first.  Never raises for a service error."""
        found = self._fresh(order)
        if found is None:
            return _not_found(order)
        key = found.key
        with self.order_lock(key):
            fresh = self.store.get(key) or found
            label = (
                fresh.amazon_order_id if fresh.is_amazon else fresh.display_order_number
            ) or key
            ms = fresh.makeshop
            mine = [
                e
                for e in self._entries(key)
                if e.side == SIDE_MAKESHOP and e.action == ACTION_RETURN
            ]
            if any(e.state == "done" for e in mine):
                return Result(key, label, SIDE_MAKESHOP, "skipped", "makeshop で返送済みです")
            if any(not e.resolved for e in mine):
                return Result(
                    key,
                    label,
                    SIDE_MAKESHOP,
                    "unknown",
                    "前回の返送の結果がまだ分かりません。結果の確認を先に行います",
                )
            if (
                fresh.channel is Channel.SHOP
                and ms is not None
                and ms.delivery_status is DeliveryStatus.RETURNED
            ):
                return Result(
                    key, label, SIDE_MAKESHOP, "skipped", "makeshop ではすでに返送済みです"
                )
            v = evaluate(fresh, table=self.table)[Action.RETURN]
            if not v.allowed:
                r = _refusal(v, fresh)
                return Result(key, label, "", "refused", r.message, rule_id=v.rule_id)
            if self.makeshop is None or ms is None:
                return Result(
                    key, label, SIDE_MAKESHOP, "refused", "makeshop の認証情報が設定されていません"
                )
            if cancel is not None and cancel.is_set():
                return Result(key, label, SIDE_MAKESHOP, "cancelled", "中止しました")
            request = {
                "operation": "updateOrderDeliveryStatus",
                "displayOrderNumber": ms.display_order_number,
                "deliveryId": ms.delivery_id,
                "deliveryStatus": DeliveryStatus.RETURNED.value,
            }
            entry_id = self.store.journal_intent(
                key,
                ACTION_RETURN,
                SIDE_MAKESHOP,
                makeshop_return_key(ms.display_order_number, ms.delivery_id),
                request,
                amazon_order_id=fresh.amazon_order_id,
                display_order_number=fresh.display_order_number,
            )
            out = self._send_return_entry(entry_id, key, request)
            return Result(key, label, SIDE_MAKESHOP, out.state, out.message, (out,))

    def _send_return_entry(
        self, entry_id: int, order_key: str, request: Mapping[str, Any]
    ) -> PackageOutcome:
        display = str(request.get("displayOrderNumber", ""))
        delivery = str(request.get("deliveryId", ""))
        key = makeshop_return_key(display, delivery)
        # makeshop's API has no public value for 返送 (only COMPLETED / NOT_YET): nothing is
        # sent; an entry left by an older version is closed with the way forward.
        msg = RETURN_IN_ADMIN
        self.store.journal_outcome(entry_id, "failed", error=msg)
        return PackageOutcome(key, "", "failed", msg, journal_id=entry_id)

    def _mark_returned(self, order_key: str) -> None:
        """Show the order as 返送 at once: makeshop accepted (or reports) 処理区分 ``R`` for it,
        the next sync reads the same (best effort)."""
        try:
            order = self.store.get(order_key)
            ms = order.makeshop if order is not None else None
            if (
                order is not None
                and ms is not None
                and ms.delivery_status is not DeliveryStatus.RETURNED
            ):
                returned = replace(ms, delivery_status=DeliveryStatus.RETURNED)
                self.store.upsert_orders([replace(order, makeshop=returned)])
        except Exception:  # pragma: no cover - the list refresh is not essential
            log.debug("could not refresh %s", order_key, exc_info=True)

    def _resolve_return(self, entry: Any) -> Resolution | None:
        """makeshop shows 返送 → ``done``; still 配送 → the same request again; anything else →
        ``failed`` (nothing sent)."""
        status = self._makeshop_status_or_unknown(entry)
        if isinstance(status, Resolution):
            return status
        if status[0] == DeliveryStatus.RETURNED.value:
            self.store.journal_outcome(entry.id, "done", result="makeshop で返送を確認しました")
            self._mark_returned(entry.order_key)
            return Resolution(entry.id, entry.order_key, "done", "makeshop で返送になっていました")
        if status[0] != DeliveryStatus.SHIPPED.value:
            msg = "makeshop の注文が配送済みではないため、返送は送りませんでした"
            self.store.journal_outcome(entry.id, "failed", error=msg)
            return Resolution(entry.id, entry.order_key, "failed", msg)
        out = self._send_return_entry(entry.id, entry.order_key, entry.request)
        return Resolution(entry.id, entry.order_key, out.state, out.message)

    def record_return_done(self, order: Order | str, *, note: str = "") -> Result:
        """Record that an Amazon order's return was processed in Seller Central (R-C1).

        Nothing is sent: the journal gets a ``return-recorded`` entry (``Store.
        record_return_done``) and the order shows 返送反映待ち until makeshop's 処理区分 turns
        to 返送 by itself.  Allowed by :func:`amzdesk.rules.can_record_return_done`; recording
        again, or after makeshop shows 返送, is ``skipped``."""
        found = self._fresh(order)
        if found is None:
            return _not_found(order)
        key = found.key
        with self.order_lock(key):
            fresh = self.store.get(key) or found
            label = fresh.amazon_order_id or fresh.display_order_number or key
            v = can_record_return_done(fresh)
            if not v.allowed:
                ms = fresh.makeshop
                done = fresh.is_amazon and (
                    fresh.notes.return_done_in_seller_central
                    or (ms is not None and ms.delivery_status is DeliveryStatus.RETURNED)
                )
                state = "skipped" if done else "refused"
                return Result(key, label, "", state, v.reason, rule_id=v.rule_id)
            entry_id = self.store.record_return_done(
                key, note=note, amazon_order_id=fresh.amazon_order_id
            )
            out = PackageOutcome("", "", "done", "", journal_id=entry_id)
            return Result(
                key,
                label,
                SIDE_AMAZON,
                "done",
                "Seller Central で返送処理済みと記録しました。"
                "makeshop の処理区分が「返送」になるまで「返送反映待ち」と表示します",
                (out,),
                rule_id="R-C1",
            )

    # -- bulk --

    def send_bulk(
        self,
        items: Iterable[Any],
        *,
        via: Via | str = Via.AUTO,
        progress: Callable[[BulkProgress], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> list[Result]:
        """Confirm many orders (e.g. :func:`amzdesk.importers.sendable` of a review).

        Each item has ``order_key``, ``carrier``, ``trackings`` and ``ship_date``.  Orders are
        re-planned against the freshest stored state (a row confirmed meanwhile is skipped).
        No extra call per order: the usage plan is the only pace.  ``progress`` is called after
        every order; ``cancel`` stops before the next package.
        """
        with sender(self.store):
            return self._send_bulk(list(items), via, progress, cancel)

    def _send_bulk(
        self,
        todo: list[Any],
        via: Via | str,
        progress: Callable[[BulkProgress], None] | None,
        cancel: threading.Event | None,
    ) -> list[Result]:
        results: list[Result] = []
        # Read-backs take only what getOrder's burst allows (no waiting between orders); the
        # rest are read back by verify_pending before the next sync.
        self._local.readback_wait = 0.0
        try:
            self._send_all(todo, results, via=via, progress=progress, cancel=cancel)
        finally:
            self._local.readback_wait = None
        return results

    def _send_all(
        self,
        todo: list[Any],
        results: list[Result],
        *,
        via: Via | str,
        progress: Callable[[BulkProgress], None] | None,
        cancel: threading.Event | None,
    ) -> None:
        total = len(todo)
        for i, item in enumerate(todo):
            if cancel is not None and cancel.is_set():
                key = str(item.order_key)
                results.append(Result(key, key, "", "cancelled", "中止しました"))
                continue
            try:
                result = self.confirm(
                    str(item.order_key),
                    item.carrier,
                    list(item.trackings),
                    via,
                    ship_date=getattr(item, "ship_date", None),
                    cancel=cancel,
                    shared_ok=bool(getattr(item, "shared_ok", False)),
                )
            except Exception as exc:  # the store failed: report, go on with the next order
                log.exception("bulk confirmation of %s failed", item.order_key)
                result = Result(
                    str(item.order_key), str(item.order_key), "", "failed", _user_message(exc)
                )
            results.append(result)
            if progress is not None:
                progress(BulkProgress(i + 1, total, result))

    # -- read-back --

    def _readback_wait(self) -> float:
        wait = getattr(self._local, "readback_wait", None)
        return READBACK_MAX_WAIT_S if wait is None else float(wait)

    def read_back(
        self,
        order_key: str,
        order_id: str,
        refs: Sequence[str] | None = None,
        *,
        max_wait: float | None = READBACK_MAX_WAIT_S,
        az: AmazonSide | None = None,
    ) -> list[ReadbackIssue] | None:
        """Read the order back and compare each confirmed package (``refs``; None: every
        package confirmed and not read back since) with what was sent; journal one ``readback``
        entry per package.  Returns the problems found, or None when the order could not be
        read now (getOrder's usage plan, network): it is read back later
        (:meth:`verify_pending`).  ``az``: an order already read (no call)."""
        if self.spapi is None or not order_id:
            return None
        if az is None:
            try:
                az = self.spapi.get_order(order_id, max_wait=max_wait)
            except Exception as exc:
                log.info("read-back of %s postponed: %s", order_id, exc)
                return None
        self._refresh_amazon(order_key, az)
        confirms, readbacks = _confirms_and_readbacks(self._entries(order_key))
        wanted = list(refs) if refs is not None else _unchecked(confirms, readbacks)
        issues: list[ReadbackIssue] = []
        for ref in wanted:
            ce = confirms.get(ref)
            if ce is None:
                continue
            sent = Sent.from_detail(ref, ce.package_detail)
            package = find_package(az.packages, ref, sent.tracking)
            problem = judge(sent, package)
            issue = make_issue(sent, package, problem) if problem is not None else None
            observed = {
                "verdict": problem or "match",
                "carrier": package.carrier if package is not None else None,
                "trackingNumber": package.tracking_number if package is not None else None,
            }
            self.store.journal_record(
                order_key,
                ACTION_READBACK,
                SIDE_AMAZON,
                package_reference_id=ref,
                request={"orderId": order_id, "operation": "getOrder", "confirmEntry": ce.id},
                state="done",
                result=json.dumps(observed, ensure_ascii=False, sort_keys=True),
                error=issue_message(issue) if issue is not None else None,
                amazon_order_id=order_id,
            )
            if issue is not None:
                issues.append(issue)
        return issues

    def resend(
        self,
        order: Order | str,
        carrier: Carrier | str | None = None,
        *,
        cancel: threading.Event | None = None,
    ) -> Result:
        """Send again every package whose read-back differs from what was sent (the same
        packageReferenceId: Amazon treats it as an edit of that package), then read back.

        ``carrier``: the carrier to send now (e.g. after correcting its code in settings);
        default: the carrier of the first confirmation, looked up again in the current table
        (so a corrected code override applies).
        """
        from amzdesk.spapi import ShipmentItem, ShipmentPackage

        fresh = self._fresh(order)
        if fresh is None:
            return _not_found(order)
        ref_text = fresh.amazon_order_id or fresh.key
        if self.spapi is None:
            return Result(
                fresh.key, ref_text, SIDE_AMAZON, "refused", "Amazon の認証情報が設定されていません"
            )
        issues = fresh.notes.readback_issues
        if not issues:
            return Result(fresh.key, ref_text, SIDE_AMAZON, "skipped", "送り直す荷物はありません")
        outcomes: list[PackageOutcome] = []
        code = ""
        with self.order_lock(fresh.key):
            confirms, _ = _confirms_and_readbacks(self._entries(fresh.key))
            for issue in issues:
                ce = confirms.get(issue.package_reference_id)
                if ce is None:
                    continue
                detail = ce.package_detail
                chosen = self.table.resolve(
                    carrier
                    or str(ce.request.get("carrier") or "")
                    or str(detail.get("carrierName") or "")
                )
                code, name = chosen.spapi_fields()
                if not code:
                    code = str(detail.get("carrierCode") or "")
                    name = str(detail.get("carrierName") or "")
                tracking = str(detail.get("trackingNumber") or "")
                package = ShipmentPackage(
                    package_reference_id=issue.package_reference_id,
                    carrier_code=code,
                    carrier_name=name,
                    tracking_number=tracking,
                    ship_date=parse_iso(str(detail.get("shipDate") or "")) or self.clock(),
                    items=tuple(
                        ShipmentItem(str(i.get("orderItemId", "")), int(i.get("quantity", 0)))
                        for i in detail.get("orderItems") or ()
                        if isinstance(i, Mapping)
                    ),
                    shipping_method=str(detail.get("shippingMethod") or ""),
                )
                try:
                    package.validate()
                except ValueError as exc:
                    outcomes.append(
                        PackageOutcome(package.package_reference_id, tracking, "failed", str(exc))
                    )
                    continue
                body = package.to_body(getattr(self.spapi, "marketplace_id", ""))
                request = self._amazon_request(fresh, body, ce.action)
                request["carrier"] = chosen.name
                request["resendOf"] = ce.id
                entry_id = self.store.journal_intent(
                    fresh.key,
                    ce.action,
                    SIDE_AMAZON,
                    package.package_reference_id,
                    request,
                    amazon_order_id=fresh.amazon_order_id,
                    display_order_number=fresh.display_order_number,
                )
                outcomes.append(
                    self._send_amazon_entry(entry_id, fresh.amazon_order_id, package, tracking)
                )
            return self._read_back_result(fresh, outcomes, code, cancel)

    def verify_pending(
        self, *, cancel: threading.Event | None = None, days: int = 7
    ) -> list[Resolution]:
        """Read back the confirmations of the last ``days`` that were not read back yet (a bulk
        send beyond getOrder's burst, a network error); as many as the usage plan allows now,
        without waiting -- the rest on the next call."""
        if self.spapi is None:
            return []
        since = self.clock() - timedelta(days=days)
        pending: dict[str, tuple[str, list[str]]] = {}
        by_order: dict[str, list[Any]] = {}
        for e in self.store.journal_entries(states=("done",), side=SIDE_AMAZON):
            by_order.setdefault(e.order_key, []).append(e)
        for key, entries in by_order.items():
            confirms, readbacks = _confirms_and_readbacks(entries)
            refs = [r for r in _unchecked(confirms, readbacks) if confirms[r].created_at >= since]
            if refs:
                pending[key] = (confirms[refs[0]].amazon_order_id, refs)
        out: list[Resolution] = []
        for key, (order_id, refs) in pending.items():
            if cancel is not None and cancel.is_set():
                break
            with self.order_lock(key):
                issues = self.read_back(key, order_id, refs, max_wait=0.0)
            if issues is None:
                break  # no getOrder token now (or no answer): the rest waits for next time
            if issues:
                out.append(Resolution(0, key, "mismatch", issues_text(issues, "")))
        return out

    # -- resolving unknown outcomes --

    def resolve_unknown(
        self,
        *,
        cancel: threading.Event | None = None,
        exclude: Iterable[str] = (),
    ) -> list[Resolution]:
        """Settle every journal entry whose outcome is not known, by asking the service.

        Amazon: the package is on the order with the number sent → ``done``; it is not and the
        order still needs shipping → the journaled request is sent again (same package, so at
        most an edit); the order is cancelled / shipped otherwise → ``failed``.  makeshop: the
        delivery shows 配送 → ``done``; still 未処理 → sent again (after re-checking Amazon for
        an Amazon order, R-F3).  Also settles exported upload-file rows that Amazon reports.

        Holds the data folder's sender lock: an entry still in flight in another process is
        never settled from here (that process holds the lock while it sends).  ``exclude``:
        order keys left alone (the order the user is sending anew: :meth:`plan_latest`).
        """
        with sender(self.store):
            return self._resolve_unknown(cancel, frozenset(exclude))

    def _resolve_unknown(
        self, cancel: threading.Event | None, exclude: frozenset[str]
    ) -> list[Resolution]:
        out: list[Resolution] = []
        for entry in self.store.unresolved():
            if cancel is not None and cancel.is_set():
                break
            if entry.order_key in exclude:
                continue
            with self.order_lock(entry.order_key):
                current = self.store.journal_entry(entry.id)
                if current is None or current.resolved:
                    continue
                try:
                    if current.side == SIDE_AMAZON:
                        res = self._resolve_amazon(current)
                    elif current.side == SIDE_MAKESHOP and current.action == ACTION_RETURN:
                        res = self._resolve_return(current)
                    elif current.side == SIDE_MAKESHOP:
                        res = self._resolve_makeshop(current)
                    else:
                        continue
                except Exception as exc:
                    log.info("could not resolve journal entry %s: %s", entry.id, exc)
                    res = Resolution(
                        entry.id,
                        entry.order_key,
                        "unknown",
                        "結果をまだ確認できません：" + _user_message(exc),
                    )
            if res is not None:
                out.append(res)
        out.extend(self.resolve_exported())
        try:
            out.extend(self.verify_pending(cancel=cancel))
        except Exception:  # a read-back is never essential to settling outcomes
            log.info("pending read-backs not checked", exc_info=True)
        return out

    def _resolve_amazon(self, entry: Any, *, resend: bool = True) -> Resolution | None:
        from amzdesk.spapi import ShipmentItem, ShipmentPackage

        if self.spapi is None:
            return Resolution(entry.id, entry.order_key, "unknown", "Amazon に接続できません")
        order_id = entry.amazon_order_id or str(entry.request.get("orderId", ""))
        # one quick read (short deadline, no retries): a stale entry must not block the command
        settle = getattr(self.spapi, "settle_order", None) or self.spapi.get_order
        az = settle(order_id)
        tracking = normalize(entry.tracking_number)
        pkg = next(
            (p for p in az.packages if p.package_reference_id == entry.package_reference_id), None
        )
        if pkg is not None and normalize(pkg.tracking_number) == tracking:
            self.store.journal_outcome(
                entry.id, "done", result="Amazon の注文情報で出荷通知を確認しました"
            )
            issues = self.read_back(entry.order_key, order_id, [entry.package_reference_id], az=az)
            if issues:
                return Resolution(entry.id, entry.order_key, "mismatch", issues_text(issues, ""))
            return Resolution(entry.id, entry.order_key, "done", "Amazon に届いていました")
        if az.status in (AmazonStatus.CANCELLED, AmazonStatus.UNFULFILLABLE) or az.is_fba:
            msg = "Amazon では出荷通知できない状態のため、送りませんでした"
            self.store.journal_outcome(entry.id, "failed", error=msg)
            return Resolution(entry.id, entry.order_key, "failed", msg)
        if pkg is None and not az.status.needs_shipping:
            msg = "Amazon では別の方法で出荷済みのため、この荷物は送りませんでした"
            self.store.journal_outcome(entry.id, "failed", error=msg)
            self._refresh_amazon(entry.order_key, az)
            return Resolution(entry.id, entry.order_key, "failed", msg)
        if not resend:  # the user's new request replaces this one
            msg = "Amazon に届いていなかったため、この内容は送らず、新しい内容で送ります"
            self.store.journal_outcome(entry.id, "failed", error=msg)
            return Resolution(entry.id, entry.order_key, "failed", msg)
        # Not on Amazon (or still the old number of a correction): send the same request again.
        detail = entry.package_detail
        ship = parse_iso(str(detail.get("shipDate") or "")) or self.clock()
        package = ShipmentPackage(
            package_reference_id=entry.package_reference_id,
            carrier_code=str(detail.get("carrierCode", "")),
            carrier_name=str(detail.get("carrierName", "")),
            tracking_number=str(detail.get("trackingNumber", "")),
            ship_date=ship,
            items=tuple(
                ShipmentItem(str(i.get("orderItemId", "")), int(i.get("quantity", 0)))
                for i in detail.get("orderItems") or ()
                if isinstance(i, Mapping)
            ),
            shipping_method=str(detail.get("shippingMethod", "")),
        )
        self._note_resend(entry, "Amazon")
        outcome = self._send_amazon_entry(entry.id, order_id, package, tracking)
        return Resolution(entry.id, entry.order_key, outcome.state, outcome.message, resent=True)

    def _refresh_amazon(self, order_key: str, az: AmazonSide) -> None:
        """Store the Amazon side just read (keeps the list current; best effort)."""
        try:
            order = self.store.get(order_key)
            if (
                order is not None
                and order.amazon is not None
                and (az.last_updated >= order.amazon.last_updated)
            ):
                self.store.upsert_orders([replace(order, amazon=az)])
        except Exception:  # pragma: no cover - the list refresh is not essential
            log.debug("could not refresh %s", order_key, exc_info=True)

    def _journal_error(
        self, entry_id: int, exc: BaseException, *, request_id: str | None = None
    ) -> tuple[str, str]:
        """Journal the outcome of a send that raised; returns (state, user message).  Anything
        that is not an Exception (KeyboardInterrupt etc.) is recorded, then let go."""
        state = _state_of(exc)
        message = _user_message(exc)
        self.store.journal_outcome(
            entry_id,
            state,
            http_status=getattr(exc, "status", None),
            request_id=request_id,
            error=message,
        )
        if not isinstance(exc, Exception):
            raise exc
        return state, message

    def _note_resend(self, entry: Any, service: str) -> None:
        """Journal that an entry's request goes out again (once: an entry already ``sent``
        keeps its note)."""
        if entry.state != "sent":
            self.store.journal_outcome(
                entry.id, "sent", result=f"{service} に届いていなかったため再送します"
            )

    def _makeshop_status_or_unknown(self, entry: Any) -> tuple[str, str] | Resolution:
        """:meth:`_makeshop_status`, or the ``unknown`` resolution when makeshop cannot say."""
        if self.makeshop is None:
            return Resolution(entry.id, entry.order_key, "unknown", "makeshop に接続できません")
        status = self._makeshop_status(entry)
        if status is None:
            return Resolution(
                entry.id, entry.order_key, "unknown", "makeshop の注文の状態を確認できません"
            )
        return status

    def _makeshop_status(self, entry: Any) -> tuple[str, str] | None:
        """(deliveryStatus, slipNumber) of the entry's delivery, read from makeshop now; None
        when makeshop cannot say (order not found)."""
        req = entry.request
        display = str(req.get("displayOrderNumber", "")) or entry.display_order_number
        delivery = str(req.get("deliveryId", ""))
        order = self.store.get(entry.order_key)
        ms = order.makeshop if order is not None else None
        if ms is None:
            return None
        # makeshop searches by order date only: a narrow window around the stored date
        start = ms.order_date - timedelta(minutes=1)
        end = ms.order_date + timedelta(minutes=1)
        for side in self.makeshop.iter_orders(start, end):
            if side.display_order_number == display and (
                not delivery or side.delivery_id == delivery
            ):
                return side.delivery_status.value, side.slip_number
        return None

    def _resolve_makeshop(self, entry: Any) -> Resolution | None:
        req = entry.request
        status = self._makeshop_status_or_unknown(entry)
        if isinstance(status, Resolution):
            return status
        if status[0] == DeliveryStatus.SHIPPED.value:
            self.store.journal_outcome(entry.id, "done", result="makeshop で配送完了を確認しました")
            return Resolution(entry.id, entry.order_key, "done", "makeshop に届いていました")
        if status[0] != DeliveryStatus.UNPROCESSED.value:
            msg = "makeshop の注文が未処理ではないため、送りませんでした"
            self.store.journal_outcome(entry.id, "failed", error=msg)
            return Resolution(entry.id, entry.order_key, "failed", msg)
        order = self.store.get(entry.order_key)
        if order is not None and order.is_amazon:
            carrier = self.table.by_code(str(req.get("deliveryCompanyCode", ""))) or self.table.none
            fake = Plan(
                order=order,
                side=SIDE_MAKESHOP,
                action=Action.COMPLETE_MAKESHOP,
                carrier=carrier,
                packages=(),
                ship_date=self.clock(),
                verdict=Verdict(Action.COMPLETE_MAKESHOP, True, ""),
            )
            # the journal entry itself makes the order "outcome unknown": judge without it
            order = replace(order, notes=replace(order.notes, outcome_unknown=False))
            refusal = self._recheck_amazon(order, replace(fake, order=order))
            if refusal is not None:
                self.store.journal_outcome(entry.id, "failed", error=refusal.message)
                return Resolution(entry.id, entry.order_key, "failed", refusal.message)
        self._note_resend(entry, "makeshop")
        out = self._send_makeshop_entry(entry.id, req)
        return Resolution(entry.id, entry.order_key, out.state, out.message, resent=True)

    def resolve_exported(self) -> list[Resolution]:
        """Close upload-file rows once the stored Amazon side reports them (no network)."""
        out: list[Resolution] = []
        for entry in self.store.journal_entries(states=("exported",)):
            order = self.store.get(entry.order_key)
            az = order.amazon if order is not None else None
            if az is None:
                continue
            tracking = normalize(entry.tracking_number)
            on_amazon = any(normalize(p.tracking_number) == tracking for p in az.packages)
            if az.status is AmazonStatus.SHIPPED or (tracking and on_amazon):
                self.store.journal_outcome(
                    entry.id, "done", result="Amazon で出荷済みになったことを確認しました"
                )
                out.append(Resolution(entry.id, entry.order_key, "done", "Amazon に反映されました"))
            elif az.status is AmazonStatus.CANCELLED:
                msg = "Amazon でキャンセルされました"
                self.store.journal_outcome(entry.id, "failed", error=msg)
                out.append(Resolution(entry.id, entry.order_key, "failed", msg))
        return out

    # -- offline fallback: Amazon's upload file --

    def export_amazon_file(self, path: Any, items: Iterable[Any]) -> ExportReport:
        """Write the 出荷通知ファイル for ``items`` (each with ``order_key``, ``carrier``,
        ``trackings``, ``ship_date``) instead of sending; journal them as ``exported``.

        Orders the rules refuse for an Amazon-side confirmation are left out (with reason).
        Nothing is journalled when the file cannot be written."""
        from pathlib import Path

        from amzdesk.flatfile import FulfillmentRow, render, write_fulfillment_file

        plans: list[Plan] = []
        refused: list[Result] = []
        for item in items:
            planned = self.plan(
                str(item.order_key),
                item.carrier,
                list(item.trackings),
                Via.AMAZON,
                ship_date=getattr(item, "ship_date", None),
            )
            if isinstance(planned, Refusal):
                refused.append(self._refused(planned, str(item.order_key)))
            elif planned.side == SIDE_AMAZON and planned.packages:
                plans.append(planned)
        rows: list[FulfillmentRow] = []
        for plan in plans:
            code, name = plan.carrier.spapi_fields()
            day = plan.ship_date.astimezone(JST).date()
            for pkg in plan.packages:
                for item_id, qty in pkg.items:
                    rows.append(
                        FulfillmentRow(
                            plan.order.amazon_order_id, item_id, qty, day, code, name, pkg.tracking
                        )
                    )
        target = Path(path)
        if not rows:
            return ExportReport(target, 0, (), tuple(refused))
        render(rows)  # raises FlatFileError before anything is journalled
        entry_ids: list[int] = []
        for plan in plans:
            code, name = plan.carrier.spapi_fields()
            for pkg in plan.packages:
                request = {
                    "orderId": plan.order.amazon_order_id,
                    "packageDetail": {
                        "packageReferenceId": pkg.package_reference_id,
                        "carrierCode": code,
                        "carrierName": name,
                        "trackingNumber": pkg.tracking,
                        "shipDate": iso_z(plan.ship_date),
                        "orderItems": [{"orderItemId": i, "quantity": q} for i, q in pkg.items],
                    },
                }
                entry_ids.append(
                    self.store.mark_exported(
                        plan.order.key,
                        pkg.package_reference_id,
                        request,
                        file_name=target.name,
                        amazon_order_id=plan.order.amazon_order_id,
                    )
                )
        try:
            write_fulfillment_file(target, rows)
        except BaseException:
            for eid in entry_ids:
                self.store.journal_outcome(
                    eid, "failed", error="アップロードファイルを書き出せませんでした"
                )
            raise
        return ExportReport(target, len(rows), tuple(p.order.key for p in plans), tuple(refused))

    def cancel_export(self, order_key: str) -> int:
        """The user will not upload the file after all: close the order's exported rows so the
        order can be confirmed through the API again.  Returns how many were closed."""
        n = 0
        for entry in self.store.journal_entries(order_key, states=("exported",)):
            self.store.journal_outcome(entry.id, "failed", error=str(_SM("export_cancelled")))
            n += 1
        return n

    def cancel_export_order(self, order: Order | str) -> Result:
        """Cancel one order's export (:meth:`cancel_export`) as a :class:`Result` for the window
        and the command line: ``done`` with the number of rows closed, ``refused`` with the
        reason of :func:`amzdesk.rules.can_cancel_export` otherwise."""
        found = self._fresh(order)
        if found is None:
            return _not_found(order)
        key = found.key
        with self.order_lock(key):
            fresh = self.store.get(key) or found
            label = fresh.amazon_order_id or fresh.display_order_number or key
            v = can_cancel_export(fresh)
            if not v.allowed:
                return Result(key, label, "", "refused", v.reason, rule_id=v.rule_id)
            n = self.cancel_export(key)
        return Result(key, label, "file", "done", _SM("export_cancel_done", rows=n))

    def cancel_all_exports(self) -> list[Result]:
        """Cancel the export of every order still waiting for its upload file."""
        keys = dict.fromkeys(e.order_key for e in self.store.journal_entries(states=("exported",)))
        results = []
        for key in keys:
            order = self.store.get(key)
            if order is not None and order.notes.exported_not_confirmed:
                results.append(self.cancel_export_order(order))
        return results


@dataclass(frozen=True, slots=True)
class ExportReport:
    path: Any
    rows: int
    order_keys: tuple[str, ...]
    refused: tuple[Result, ...] = ()


def _held(
    pkg: PlannedPackage,
    entries: Sequence[Any],
    done: bool,
    done_message: str,
    cancel: threading.Event | None,
) -> PackageOutcome | None:
    """The outcome of a package that is not sent now (never twice): already ``done`` →
    skipped; an earlier send of it (``entries``: its journal entries) still unresolved →
    unknown; cancelled.  None: it may be sent."""
    ref, tracking = pkg.package_reference_id, pkg.tracking
    if done:
        return PackageOutcome(ref, tracking, "skipped", done_message)
    if any(not e.resolved for e in entries):
        return PackageOutcome(ref, tracking, "unknown", _PENDING_MESSAGE)
    if cancel is not None and cancel.is_set():
        return PackageOutcome(ref, tracking, "cancelled", "中止しました")
    return None


_PENDING_MESSAGE: Final = (
    "前回の送信が届いたかどうかをまだ確かめられないため、今回は送りませんでした"
    "（二重送信を防ぐため）。接続を確かめてから、もう一度お試しください"
)
_UNKNOWN_AMAZON_MESSAGE: Final = (
    "Amazon への送信結果を確認できませんでした（届いている可能性があります）。"
    "次に同期か送信をするときに Amazon で確かめ、届いていなければ同じ内容を送ります。"
    "それより前にこの注文を別の追跡番号で送り直すと、その新しい番号が優先されます"
    "（届いていた場合は訂正として送ります）。二重には送りません"
)


def _not_found(order: Order | str) -> Result:
    ref = str(order if isinstance(order, str) else order.key)
    return Result(ref, ref, "", "refused", f"注文「{ref}」が見つかりません。同期してください")


def _summarise(order: Order, side: str, outcomes: Sequence[PackageOutcome]) -> Result:
    ref = order.amazon_order_id or order.display_order_number or order.key
    states = [o.state for o in outcomes]
    if not outcomes:
        return Result(order.key, ref, side, "skipped", "送るものはありません")
    for state in ("unknown", "failed", "cancelled"):
        if state in states:
            bad = next(o for o in outcomes if o.state == state)
            return Result(order.key, ref, side, state, bad.message, tuple(outcomes))
    if all(s == "skipped" for s in states):
        return Result(order.key, ref, side, "skipped", "すでに出荷通知済みです", tuple(outcomes))
    sent = sum(1 for s in states if s == "done")
    if side == SIDE_MAKESHOP:
        msg = "makeshop で配送完了にしました"
    elif sent > 1:
        msg = f"Amazon に出荷通知しました（荷物{sent}個）"
    else:
        msg = "Amazon に出荷通知しました"
    return Result(order.key, ref, side, "done", msg, tuple(outcomes))


def _confirms_and_readbacks(entries: Iterable[Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Latest done Amazon confirmation and latest read-back per packageReferenceId."""
    confirms: dict[str, Any] = {}
    readbacks: dict[str, Any] = {}
    for e in sorted(entries, key=lambda e: e.id):
        if e.side != SIDE_AMAZON or e.state != "done":
            continue
        if e.action in CONFIRM_ACTIONS:
            confirms[e.package_reference_id] = e
        elif e.action == ACTION_READBACK:
            readbacks[e.package_reference_id] = e
    return confirms, readbacks


def _unchecked(confirms: Mapping[str, Any], readbacks: Mapping[str, Any]) -> list[str]:
    """Confirmed packages not read back since their latest confirmation."""
    return [
        ref for ref, ce in confirms.items() if ref not in readbacks or readbacks[ref].id < ce.id
    ]
