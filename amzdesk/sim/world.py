"""The simulator's shared state: both services' orders and the integration between them.

One class because one lock: both services' orders and the integration that couples them
change under the world's lock, so they stay together in :class:`World`.

One :class:`World` holds the Amazon side (orders, items, packages) and the makeshop side (orders,
deliveries, baskets) of the same shop, and plays out what makeshop's Amazon integration does:

* R-F2 -- an order that becomes fully shipped on Amazon is set to 配送完了 (``Y``) in makeshop by
  the periodic sync, ``makeshop_sync_delay`` of simulated time later;
* R-F3 -- makeshop's 配送完了 on an Amazon order that Amazon already reports shipped, before that
  sync landed, turns the payment status to 連携失敗 (irreversibly);
* R-B2 / R-E1 / R-E2 -- makeshop's 配送完了 on an Amazon order that Amazon does not report shipped
  ships it on Amazon with the *converted* carrier name and no tracking number;
* R-C1 -- a return processed on Amazon reaches makeshop as 返送 (``R``) after the sync delay;
* R-G1 / R-H1 -- FBA orders and the contents of Amazon orders cannot be changed from makeshop.

The sync runs whenever simulated time is read through :meth:`World.tick` (every request does it)
and when tests move time on with :meth:`World.advance`.

Every public method takes the world's lock; the HTTP handlers run on several threads.
"""

from __future__ import annotations

import heapq
import threading
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from amzdesk import assumptions as A

if TYPE_CHECKING:
    from amzdesk.sim.fba import FbaState

Clock = Callable[[], datetime]

MERCHANT = "MERCHANT"
AMAZON = "AMAZON"

# Amazon fulfilment statuses (Orders API 2026-01-01 FulfillmentStatus).
PENDING = "PENDING"
UNSHIPPED = "UNSHIPPED"
PARTIALLY_SHIPPED = "PARTIALLY_SHIPPED"
SHIPPED = "SHIPPED"
CANCELLED = "CANCELLED"

# makeshop delivery statuses.
MS_UNPROCESSED = "N"
MS_SHIPPED = "Y"
MS_CANCELLED = "C"
MS_RETURNED = "R"
MS_STATUSES = (MS_UNPROCESSED, MS_SHIPPED, MS_CANCELLED, MS_RETURNED)

# Per-item messages of the makeshop mutations (Japanese, as makeshop would answer).
MSG_NOT_FOUND = "指定された注文が見つかりません"
MSG_DELIVERY_NOT_FOUND = "指定された配送先が見つかりません"
MSG_FBA = "AmazonFBA配送の注文はmakeshopでは処理できません"
MSG_AMAZON_EDIT = "Amazonマーケットプレイスの注文は内容を変更できません"
MSG_AMAZON_RETURN = "Amazonマーケットプレイスの注文の返送はAmazonセラーセントラルで処理してください"
MSG_AMAZON_CANCEL = "Amazonマーケットプレイスの注文はキャンセルできません"
MSG_BAD_STATUS = "処理区分の値が不正です"
MSG_DELIVERY_REQUIRED = "配送先IDを指定してください"

# updateOrderDeliveryStatus values (public: C1) -> the delivery's status letter.
MS_UPDATE_VALUES = {A.MAKESHOP_STATUS_COMPLETED: "Y", A.MAKESHOP_STATUS_NOT_YET: "N"}
MSG_BAD_TRANSITION = "この注文の処理区分は変更できません"
MSG_BAD_CARRIER = "配送業者コードが不正です"


class SimClock:
    """Simulated time: a start instant plus real elapsed time × ``time_scale``, or an injected
    clock; plus whatever :meth:`advance` added."""

    def __init__(
        self,
        start: datetime | None = None,
        *,
        clock: Clock | None = None,
        time_scale: float = 1.0,
        real_clock: Callable[[], float] | None = None,
    ) -> None:
        import time

        self._real = real_clock or time.monotonic
        self._clock = clock
        self._start = (start or datetime.now(UTC)).astimezone(UTC)
        self._real0 = self._real()
        self._scale = time_scale
        self._offset = timedelta(0)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            offset = self._offset
        if self._clock is not None:
            return self._clock().astimezone(UTC) + offset
        elapsed = (self._real() - self._real0) * self._scale
        return self._start + timedelta(seconds=elapsed) + offset

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self._offset += delta


# --- Amazon side ---------------------------------------------------------------------------------


@dataclass
class AmzItem:
    order_item_id: str
    asin: str
    sku: str
    title: str
    quantity: int
    unit_price: int


@dataclass
class AmzPackage:
    package_reference_id: str
    carrier_code: str  # as sent ("" for makeshop-originated)
    carrier_name: str  # as sent
    carrier: str  # what Amazon reports in ``packages[].carrier``
    shipping_method: str
    tracking_number: str
    ship_time: datetime
    created: datetime
    items: list[tuple[str, int]]
    via: str  # "spapi", "makeshop" (R-E1 conversion) or "seed"
    status: str = "SHIPPED"


@dataclass
class AmazonOrder:
    order_id: str
    created: datetime
    last_updated: datetime
    fulfilled_by: str
    ship_by_earliest: datetime
    ship_by_latest: datetime
    deliver_by_earliest: datetime
    deliver_by_latest: datetime
    items: list[AmzItem]
    buyer_name: str
    buyer_email: str
    recipient: dict[str, str]
    display_order_number: str = ""
    packages: list[AmzPackage] = field(default_factory=list)
    # CANCELLED / PENDING for any order, or the status of an FBA order; None: derived
    fixed_status: str | None = None
    shipped_at: datetime | None = None
    returned_at: datetime | None = None
    programs: list[str] = field(default_factory=list)
    scenario: str = ""
    # cached status; World._touch() clears it after every change
    _status: str | None = field(default=None, repr=False, compare=False)

    @property
    def is_fba(self) -> bool:
        return self.fulfilled_by == AMAZON

    def shipped_quantity(self, order_item_id: str, *, excluding: str | None = None) -> int:
        if self.is_fba:
            item = self.item(order_item_id)
            return item.quantity if item and self.status == SHIPPED else 0
        total = 0
        for p in self.packages:
            if excluding is not None and p.package_reference_id == excluding:
                continue
            total += sum(q for i, q in p.items if i == order_item_id)
        return total

    def item(self, order_item_id: str) -> AmzItem | None:
        for it in self.items:
            if it.order_item_id == order_item_id:
                return it
        return None

    @property
    def status(self) -> str:
        if self._status is None:
            self._status = self._compute_status()
        return self._status

    def _compute_status(self) -> str:
        if self.fixed_status is not None:
            return self.fixed_status
        shipped = [min(self.shipped_quantity(i.order_item_id), i.quantity) for i in self.items]
        if sum(shipped) == 0:
            return UNSHIPPED
        if all(s >= i.quantity for s, i in zip(shipped, self.items, strict=True)):
            return SHIPPED
        return PARTIALLY_SHIPPED

    @property
    def total(self) -> int:
        return sum(i.unit_price * i.quantity for i in self.items)


# --- makeshop side -------------------------------------------------------------------------------


@dataclass
class MsBasket:
    product_code: str
    custom_code: str
    name: str
    amount: int
    price: int


@dataclass
class MsDelivery:
    """One 配送先 (``deliveryInfos[]``); its items are its own (``basketInfos[]``)."""

    delivery_id: str
    status: str
    method: str  # 配送方法 name (served only by the simulator's SDL extension)
    company_code: str = ""  # set by updateOrderAttribute; not readable through the API
    slip_number: str = ""
    delivery_date: datetime | None = None
    receiver: dict[str, str] = field(default_factory=dict)
    basket: list[MsBasket] = field(default_factory=list)
    message: str = ""  # 配送備考
    method_id: str = ""  # deliveryMethodIds
    shipping_charge: int = 0


@dataclass
class MakeshopOrder:
    system_order_number: str
    display_order_number: str
    order_date: datetime
    message: str  # 注文備考
    pay_method: str
    payment_status: str  # 4-digit paymentStatusCode
    sum_price: int
    orderer: dict[str, str]  # name, prefecture, member_id
    deliveries: list[MsDelivery]
    amazon_order_id: str = ""  # the simulator's truth (not a field of the API)
    fba: bool = False
    scenario: str = ""

    @property
    def is_amazon(self) -> bool:
        return bool(self.amazon_order_id)

    @property
    def basket(self) -> list[MsBasket]:
        """Every delivery's items."""
        return [b for d in self.deliveries for b in d.basket]

    def delivery(self, delivery_id: str) -> MsDelivery | None:
        for d in self.deliveries:
            if d.delivery_id == delivery_id:
                return d
        return None


@dataclass(frozen=True)
class SyncEvent:
    due: datetime
    kind: str  # "ship" | "return" | "cancel"
    order_id: str


class ConfirmError(Exception):
    """A confirmShipment request Amazon refuses (400 InvalidInput unless ``status`` says)."""

    def __init__(self, message: str, *, status: int = 400, code: str = "InvalidInput") -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True)
class ConfirmRecord:
    """One accepted confirmShipment call, as Amazon received it."""

    order_id: str
    received: datetime
    body: dict[str, Any]
    edit: bool


def _converted_carrier(company_code: str) -> str:
    """The carrier name Amazon shows after makeshop's 配送完了 (R-E1 / R-E2)."""
    from amzdesk.carriers import ABF_NAME, default_table

    if not company_code:
        return ABF_NAME
    carrier = default_table().by_code(company_code)
    return carrier.amazon_name if carrier is not None and carrier.amazon_name else ABF_NAME


def _known_makeshop_codes() -> set[str]:
    from amzdesk.carriers import default_table

    return {c.code for c in default_table().all() if c.code}


def _known_spapi_codes() -> set[str]:
    """Amazon's carrier codes (not this app's table: the simulator must not share its guesses)."""
    codes = set(A.SPAPI_CARRIER_CODES)
    codes.discard(A.SPAPI_FALLBACK_CARRIER_CODE)
    return codes


class World:
    """Both services' state and the integration's behaviour."""

    def __init__(
        self,
        clock: SimClock,
        *,
        makeshop_sync_delay: timedelta = timedelta(minutes=10),
        drop_unknown_carrier_codes: bool = False,
    ) -> None:
        self.clock = clock
        self.sync_delay = makeshop_sync_delay
        # False: a carrierCode outside Amazon's list is refused (400 InvalidInput).  True: it is
        # accepted with a 204 and the carrier silently dropped from the package, as reported from
        # the field -- the case the app's read-back after each confirmation must catch.
        self.drop_unknown_carrier_codes = drop_unknown_carrier_codes
        self.lock = threading.RLock()
        self.amazon: dict[str, AmazonOrder] = {}
        self.makeshop: dict[str, MakeshopOrder] = {}
        self._by_updated: list[tuple[datetime, str]] = []
        self._by_created: list[tuple[datetime, str]] = []
        self._ms_by_date: list[tuple[datetime, str]] = []
        self._events: list[tuple[datetime, int, SyncEvent]] = []
        self._event_seq = 0
        self._confirm_log: dict[str, list[ConfirmRecord]] = {}
        self.scenarios: dict[str, list[str]] = {}
        self.fba: FbaState | None = None  # FBA inventory and seeded hazards (amzdesk.sim.fba)
        self._spapi_codes = _known_spapi_codes()
        self._ms_codes = _known_makeshop_codes()

    # --- loading ---------------------------------------------------------------------------

    def load(
        self,
        amazon: list[AmazonOrder],
        makeshop: list[MakeshopOrder],
        events: list[SyncEvent],
    ) -> None:
        """Install generated data (see :mod:`amzdesk.sim.seed`)."""
        with self.lock:
            self.amazon = {o.order_id: o for o in amazon}
            self.makeshop = {o.display_order_number: o for o in makeshop}
            self._by_updated = sorted((o.last_updated, o.order_id) for o in amazon)
            self._by_created = sorted((o.created, o.order_id) for o in amazon)
            self._ms_by_date = sorted((o.order_date, o.display_order_number) for o in makeshop)
            self._events = []
            for ev in events:
                self._push(ev)
            self.scenarios = {}
            for ao in amazon:
                self.scenarios.setdefault(ao.scenario, []).append(ao.order_id)
            for mo in makeshop:
                if not mo.is_amazon:
                    self.scenarios.setdefault(mo.scenario, []).append(mo.display_order_number)

    def add_unshipped_copies(self, count: int, *, prefix: int = 9) -> list[str]:
        """Add ``count`` unshipped merchant-fulfilled orders, copies of seeded ones with new IDs.

        For benchmarks and crash tests that need many orders waiting for a confirmation.
        ``prefix`` (1-9) keeps the new IDs and numbers of separate calls apart.
        """
        with self.lock:
            templates = [
                ao
                for ao in self.amazon.values()
                if not ao.is_fba
                and ao.status == "UNSHIPPED"
                and ao.fixed_status is None
                and ao.display_order_number
                # 連携失敗 ones wait for a confirmation too, but show as such
                and self.makeshop[ao.display_order_number].payment_status
                != A.PAYMENT_STATUS_LINK_FAILED
            ]
            amazon = list(self.amazon.values())
            makeshop = list(self.makeshop.values())
            new_ids: list[str] = []
            for i in range(count):
                t = templates[i % len(templates)]
                oid = f"{prefix * 100 + i % 90:03d}-{i:07d}-{(i * 7919) % 10_000_000:07d}"
                number = f"P9{prefix}{i:016d}"
                items = [
                    replace(it, order_item_id=f"{prefix}{i:06d}{k:07d}")
                    for k, it in enumerate(t.items)
                ]
                amazon.append(
                    replace(t, order_id=oid, display_order_number=number, items=items, packages=[])
                )
                mo = self.makeshop[t.display_order_number]
                makeshop.append(
                    replace(
                        mo,
                        system_order_number=str(prefix * 100000000 + i),
                        display_order_number=number,
                        amazon_order_id=oid,
                        message=mo.message.replace(t.order_id, oid),
                        deliveries=[_copy_delivery(d) for d in mo.deliveries],
                    )
                )
                new_ids.append(oid)
            self.load(amazon, makeshop, self.pending_sync())
        return new_ids

    # --- time ------------------------------------------------------------------------------

    def now(self) -> datetime:
        return self.clock.now()

    def tick(self) -> datetime:
        """Run makeshop's periodic sync for everything due by now; return now."""
        now = self.clock.now()
        with self.lock:
            while self._events and self._events[0][0] <= now:
                _, _, ev = heapq.heappop(self._events)
                self._apply_event(ev)
        return now

    def advance(self, delta: timedelta) -> datetime:
        """Move simulated time on by ``delta`` and run the sync; return the new now."""
        self.clock.advance(delta)
        return self.tick()

    def pending_sync(self) -> list[SyncEvent]:
        """Sync events not yet applied, earliest first."""
        with self.lock:
            return [ev for _, _, ev in sorted(self._events)]

    def _push(self, ev: SyncEvent) -> None:
        self._event_seq += 1
        heapq.heappush(self._events, (ev.due, self._event_seq, ev))

    def _schedule(self, kind: str, order_id: str, at: datetime) -> None:
        self._push(SyncEvent(at + self.sync_delay, kind, order_id))

    def _apply_event(self, ev: SyncEvent) -> None:
        ao = self.amazon.get(ev.order_id)
        if ao is None or not ao.display_order_number:
            return
        mo = self.makeshop.get(ao.display_order_number)
        if mo is None:
            return
        for d in mo.deliveries:
            if ev.kind == "ship" and d.status == MS_UNPROCESSED:  # R-F2
                d.status = MS_SHIPPED
                d.delivery_date = ev.due
            elif ev.kind == "return" and d.status in (MS_SHIPPED, MS_UNPROCESSED):  # R-C1
                d.status = MS_RETURNED
            elif ev.kind == "cancel" and d.status == MS_UNPROCESSED:
                d.status = MS_CANCELLED

    # --- indexes ---------------------------------------------------------------------------

    def _touch(self, ao: AmazonOrder, when: datetime) -> None:
        old = (ao.last_updated, ao.order_id)
        i = bisect_left(self._by_updated, old)
        if i < len(self._by_updated) and self._by_updated[i] == old:
            del self._by_updated[i]
        ao.last_updated = max(when, ao.last_updated)
        ao._status = None
        insort(self._by_updated, (ao.last_updated, ao.order_id))

    def iter_amazon(
        self,
        by: str,
        after: datetime,
        before: datetime,
        start_after: tuple[datetime, str] | None = None,
    ) -> Iterator[AmazonOrder]:
        """Amazon orders with ``after <= key <= before`` by ``lastUpdated`` (``by="updated"``) or
        creation time, in (key, orderId) order, optionally strictly after a paging key.

        The caller must hold :attr:`lock` while iterating."""
        index = self._by_updated if by == "updated" else self._by_created
        if start_after is not None:
            pos = bisect_right(index, start_after)
        else:
            pos = bisect_left(index, (after, ""))
        n = len(index)
        while pos < n:
            key, oid = index[pos]
            if key > before:
                return
            if key >= after:
                yield self.amazon[oid]
            pos += 1

    def iter_makeshop(self, start: datetime, end: datetime) -> Iterator[MakeshopOrder]:
        """makeshop orders with ``start <= orderDate <= end`` by (orderDate, number).

        The caller must hold :attr:`lock` while iterating."""
        pos = bisect_left(self._ms_by_date, (start, ""))
        n = len(self._ms_by_date)
        while pos < n:
            key, num = self._ms_by_date[pos]
            if key > end:
                return
            yield self.makeshop[num]
            pos += 1

    # --- test helpers ----------------------------------------------------------------------

    def amazon_order(self, order_id: str) -> AmazonOrder:
        """A copy of the Amazon side of an order (KeyError if unknown)."""
        with self.lock:
            ao = self.amazon[order_id]
            return replace(
                ao,
                items=[replace(i) for i in ao.items],
                packages=[replace(p, items=list(p.items)) for p in ao.packages],
                recipient=dict(ao.recipient),
            )

    def amazon_status(self, order_id: str) -> str:
        with self.lock:
            return self.amazon[order_id].status

    def makeshop_order(self, display_order_number: str) -> MakeshopOrder:
        """A copy of the makeshop side of an order (KeyError if unknown)."""
        with self.lock:
            mo = self.makeshop[display_order_number]
            return replace(
                mo,
                deliveries=[_copy_delivery(d) for d in mo.deliveries],
                orderer=dict(mo.orderer),
            )

    def makeshop_for_amazon(self, order_id: str) -> MakeshopOrder:
        with self.lock:
            return self.makeshop_order(self.amazon[order_id].display_order_number)

    def confirmations(self, order_id: str) -> list[AmzPackage]:
        """Packages Amazon holds for the order from confirmShipment calls (edits applied)."""
        with self.lock:
            ao = self.amazon[order_id]
            return [replace(p, items=list(p.items)) for p in ao.packages if p.via == "spapi"]

    def confirmation_calls(self, order_id: str) -> list[ConfirmRecord]:
        """Every accepted confirmShipment call for the order, in order (edits included)."""
        with self.lock:
            return list(self._confirm_log.get(order_id, []))

    def scenario(self, name: str) -> list[str]:
        """Order references seeded for a scenario (Amazon IDs, or display numbers for shop
        orders); see :data:`amzdesk.sim.seed.SCENARIOS`."""
        with self.lock:
            return list(self.scenarios.get(name, []))

    def find_amazon(self, predicate: Callable[[AmazonOrder], bool]) -> list[str]:
        with self.lock:
            return [oid for oid, ao in self.amazon.items() if predicate(ao)]

    # --- Amazon-side actions ---------------------------------------------------------------

    def amazon_return(self, order_id: str) -> None:
        """A return processed in Seller Central (R-C1): makeshop shows 返送 after the delay."""
        now = self.tick()
        with self.lock:
            ao = self.amazon[order_id]
            if ao.status not in (SHIPPED, PARTIALLY_SHIPPED):
                raise ValueError(f"order {order_id} is not shipped ({ao.status})")
            ao.returned_at = now
            self._touch(ao, now)
            self._schedule("return", order_id, now)

    def amazon_cancel(self, order_id: str) -> None:
        """The buyer cancelled on Amazon: CANCELLED now, makeshop キャンセル after the delay."""
        now = self.tick()
        with self.lock:
            ao = self.amazon[order_id]
            if ao.status not in (UNSHIPPED, PENDING):
                raise ValueError(f"order {order_id} cannot be cancelled ({ao.status})")
            ao.fixed_status = CANCELLED
            self._touch(ao, now)
            self._schedule("cancel", order_id, now)

    def amazon_report_status(
        self, order_id: str, status: str | None = None, *, package_status: str | None = None
    ) -> None:
        """Amazon starts reporting ``status`` for the order and/or ``package_status`` for its
        packages -- any string, including values newer than the official models (Amazon adds
        enum values over time; a client must not stall on them)."""
        now = self.tick()
        with self.lock:
            ao = self.amazon[order_id]
            if status is not None:
                ao.fixed_status = status
            if package_status is not None:
                for p in ao.packages:
                    p.status = package_status
            self._touch(ao, now)

    def amazon_ship_fba(self, order_id: str) -> None:
        """Amazon ships an FBA order; makeshop shows 配送 after the delay."""
        now = self.tick()
        with self.lock:
            ao = self.amazon[order_id]
            if not ao.is_fba:
                raise ValueError(f"order {order_id} is not FBA")
            ao.fixed_status = SHIPPED
            ao.shipped_at = now
            self._touch(ao, now)
            self._schedule("ship", order_id, now)

    def confirm_shipment(self, order_id: str, body: Any) -> None:
        """Apply a confirmShipment request body (ordersV0), or raise :class:`ConfirmError`."""
        now = self.tick()
        with self.lock:
            ao = self.amazon.get(order_id)
            if ao is None:
                raise ConfirmError("Order not found.", status=404, code="NotFound")
            detail = _validate_confirm_body(body)
            if ao.is_fba:
                raise ConfirmError(
                    f"Order {order_id} is fulfilled by Amazon; shipment confirmation is not "
                    "allowed."
                )
            if ao.status == CANCELLED:
                raise ConfirmError(f"Order {order_id} is cancelled.")
            if ao.status == PENDING:
                raise ConfirmError(f"Order {order_id} is pending and cannot be shipped yet.")
            ref = detail["packageReferenceId"]
            # the same packageReferenceId again edits (replaces) that package
            existing = next((p for p in ao.packages if p.package_reference_id == ref), None)
            seen: set[str] = set()
            items: list[tuple[str, int]] = []
            for entry in detail["orderItems"]:
                item_id = entry["orderItemId"]
                qty = entry["quantity"]
                item = ao.item(item_id)
                if item is None:
                    raise ConfirmError(f"orderItemId {item_id} is not part of order {order_id}.")
                if item_id in seen:
                    raise ConfirmError(f"orderItemId {item_id} appears more than once.")
                seen.add(item_id)
                remaining = item.quantity - ao.shipped_quantity(item_id, excluding=ref)
                if qty > remaining:
                    raise ConfirmError(
                        f"quantity {qty} for orderItemId {item_id} exceeds the unshipped "
                        f"quantity {remaining}."
                    )
                items.append((item_id, qty))
            code = detail["carrierCode"]
            name = detail.get("carrierName", "")
            if code == A.SPAPI_FALLBACK_CARRIER_CODE:
                reported = name
            elif code in self._spapi_codes:
                reported = code
            elif self.drop_unknown_carrier_codes:
                reported = ""  # accepted, carrier silently dropped (seen in the field)
            else:
                raise ConfirmError(
                    f"Invalid carrierCode: {code}. Use a carrier code from Amazon's list, "
                    'or "Other" with carrierName.'
                )
            ship_time = _parse_dt(detail["shipDate"]) or now
            was_shipped = ao.status == SHIPPED
            package = AmzPackage(
                package_reference_id=ref,
                carrier_code=code,
                carrier_name=name,
                carrier=reported,
                shipping_method=str(detail.get("shippingMethod", "")),
                tracking_number=detail["trackingNumber"],
                ship_time=ship_time,
                created=existing.created if existing else now,
                items=items,
                via="spapi",
            )
            if existing is not None:
                ao.packages[ao.packages.index(existing)] = package
            else:
                ao.packages.append(package)
            self._touch(ao, now)
            self._confirm_log.setdefault(order_id, []).append(
                ConfirmRecord(order_id, now, body, existing is not None)
            )
            if ao.status == SHIPPED and not was_shipped:
                ao.shipped_at = now
                self._schedule("ship", order_id, now)

    # --- makeshop-side actions -------------------------------------------------------------

    def makeshop_update_attribute(self, entry: Any) -> str | None:
        """One ``updateOrderAttributes`` element; returns the per-item message (None = ok)."""
        self.tick()
        with self.lock:
            if not isinstance(entry, dict):
                return MSG_NOT_FOUND
            mo = self.makeshop.get(str(entry.get("displayOrderNumber", "")))
            if mo is None:
                return MSG_NOT_FOUND
            if mo.fba:
                return MSG_FBA  # R-G1
            extra = {k for k, v in entry.items() if v is not None} - {
                "displayOrderNumber",
                "deliveryRequestInfos",
            }
            infos = entry.get("deliveryRequestInfos") or []
            if not isinstance(infos, list):
                return MSG_BAD_TRANSITION
            if mo.is_amazon:
                if extra:
                    return MSG_AMAZON_EDIT  # R-H1
                for info in infos:
                    if not isinstance(info, dict) or {
                        k for k, v in info.items() if v is not None
                    } - {"deliveryId", "slipNumber", "deliveryCompanyCode"}:
                        return MSG_AMAZON_EDIT  # R-H1
            updates: list[tuple[MsDelivery, dict[str, Any]]] = []
            for info in infos:
                if not isinstance(info, dict):
                    return MSG_DELIVERY_NOT_FOUND
                if info.get("deliveryId") is None:
                    # C1's test call omits it for a single-delivery order
                    if len(mo.deliveries) != 1:
                        return MSG_DELIVERY_REQUIRED
                    d: MsDelivery | None = mo.deliveries[0]
                else:
                    d = mo.delivery(str(info["deliveryId"]))
                if d is None:
                    return MSG_DELIVERY_NOT_FOUND
                code = info.get("deliveryCompanyCode")
                if code not in (None, "") and str(code) not in self._ms_codes:
                    return MSG_BAD_CARRIER
                updates.append((d, info))
            for d, info in updates:
                if info.get("deliveryCompanyCode") is not None:
                    d.company_code = str(info["deliveryCompanyCode"])
                if info.get("slipNumber") is not None:
                    d.slip_number = str(info["slipNumber"])  # never reaches Amazon (R-B2)
            return None

    def makeshop_update_delivery_status(self, entry: Any) -> str | None:
        """One ``updateOrderDeliveryStatusRequests`` element; returns the per-item message."""
        now = self.tick()
        with self.lock:
            if not isinstance(entry, dict):
                return MSG_NOT_FOUND
            mo = self.makeshop.get(str(entry.get("displayOrderNumber", "")))
            if mo is None:
                return MSG_NOT_FOUND
            d = mo.delivery(str(entry.get("deliveryId", "")))
            if d is None:
                return MSG_DELIVERY_NOT_FOUND
            target = MS_UPDATE_VALUES.get(str(entry.get("deliveryStatus")))
            if target is None:
                return MSG_BAD_STATUS
            if mo.fba:
                return MSG_FBA  # R-G1
            if target == d.status:
                return None
            if mo.is_amazon:
                if target == MS_RETURNED:
                    return MSG_AMAZON_RETURN  # R-C1
                if target == MS_CANCELLED:
                    return MSG_AMAZON_CANCEL  # R-H1
                if target != MS_SHIPPED or d.status != MS_UNPROCESSED:
                    return MSG_BAD_TRANSITION
                ao = self.amazon.get(mo.amazon_order_id)
                if ao is None or ao.status in (CANCELLED, PENDING):
                    return MSG_BAD_TRANSITION
                if ao.status == SHIPPED:
                    # Amazon shipped, makeshop not synced yet: 連携失敗 for good (R-F3).
                    mo.payment_status = A.PAYMENT_STATUS_LINK_FAILED
                else:
                    # makeshop tells Amazon: converted carrier, never the slip number
                    # (R-B2, R-E1, R-E2).
                    self._ship_via_makeshop(ao, d.company_code, now)
                d.status = MS_SHIPPED
                d.delivery_date = now
                return None
            # shop order
            allowed = {
                MS_SHIPPED: (MS_UNPROCESSED,),
                MS_CANCELLED: (MS_UNPROCESSED,),
                MS_RETURNED: (MS_SHIPPED,),
                MS_UNPROCESSED: (MS_SHIPPED, MS_CANCELLED),
            }
            if d.status not in allowed[target]:
                return MSG_BAD_TRANSITION
            d.status = target
            if target == MS_SHIPPED:
                d.delivery_date = now
            elif target == MS_UNPROCESSED:
                d.delivery_date = None
            return None

    def _ship_via_makeshop(self, ao: AmazonOrder, company_code: str, now: datetime) -> None:
        items = []
        for it in ao.items:
            left = it.quantity - ao.shipped_quantity(it.order_item_id)
            if left > 0:
                items.append((it.order_item_id, left))
        refs = [
            int(p.package_reference_id) for p in ao.packages if p.package_reference_id.isdigit()
        ]
        ao.packages.append(
            AmzPackage(
                package_reference_id=str(max(refs, default=0) + 1),
                carrier_code="",
                carrier_name="",
                carrier=_converted_carrier(company_code),
                shipping_method="",
                tracking_number="",
                ship_time=now,
                created=now,
                items=items,
                via="makeshop",
            )
        )
        ao.shipped_at = now
        self._touch(ao, now)


def _copy_delivery(d: MsDelivery) -> MsDelivery:
    return replace(d, receiver=dict(d.receiver), basket=[replace(b) for b in d.basket])


def _parse_dt(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is None:
        return None
    return dt.astimezone(UTC)


def _validate_confirm_body(body: Any) -> dict[str, Any]:
    """Check a ConfirmShipmentRequest against ordersV0.json (the bundled schema, strictly:
    unknown properties refused), then Amazon's rules the schema only states in words; return
    its packageDetail."""
    from amzdesk.sim.schema import confirm_shipment_validator

    if not isinstance(body, dict):
        raise ConfirmError("The request body must be a JSON object.")
    problems = confirm_shipment_validator(strict=True).errors(body)
    if problems:
        raise ConfirmError("Invalid request: " + "; ".join(problems[:5]))
    market = body.get("marketplaceId")
    if not isinstance(market, str) or not market:
        raise ConfirmError("marketplaceId is required.")
    if market != A.MARKETPLACE_ID_JP:
        raise ConfirmError(f"Invalid marketplaceId: {market}.")
    cod = body.get("codCollectionMethod")
    if cod is not None and cod != "DirectPayment":
        raise ConfirmError("codCollectionMethod must be DirectPayment.")
    detail = body.get("packageDetail")
    if not isinstance(detail, dict):
        raise ConfirmError("packageDetail is required.")
    for name in ("packageReferenceId", "carrierCode", "trackingNumber", "shipDate"):
        if not isinstance(detail.get(name), str):
            raise ConfirmError(f"packageDetail.{name} is required.")
    ref = detail["packageReferenceId"]
    if not (ref.isascii() and ref.isdigit() and int(ref) > 0):
        raise ConfirmError("packageReferenceId must be a positive numeric value.")
    if not detail["carrierCode"].strip():
        raise ConfirmError("packageDetail.carrierCode is required.")
    if (
        detail["carrierCode"] == A.SPAPI_FALLBACK_CARRIER_CODE
        and not str(detail.get("carrierName") or "").strip()
    ):
        raise ConfirmError('carrierName is required when carrierCode is "Other".')
    if "carrierName" in detail and not isinstance(detail["carrierName"], str):
        raise ConfirmError("packageDetail.carrierName must be a string.")
    if "shippingMethod" in detail and not isinstance(detail["shippingMethod"], str):
        raise ConfirmError("packageDetail.shippingMethod must be a string.")
    if _parse_dt(detail["shipDate"]) is None:
        raise ConfirmError("shipDate must be an ISO 8601 date-time with a time zone.")
    items = detail.get("orderItems")
    if not isinstance(items, list) or not items:
        raise ConfirmError("packageDetail.orderItems is required.")
    for entry in items:
        if not isinstance(entry, dict) or not isinstance(entry.get("orderItemId"), str):
            raise ConfirmError("orderItems[].orderItemId is required.")
        qty = entry.get("quantity")
        if not isinstance(qty, int) or isinstance(qty, bool) or qty <= 0:
            raise ConfirmError("orderItems[].quantity must be a positive integer.")
    return detail
