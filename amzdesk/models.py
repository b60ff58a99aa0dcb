"""The unified order type shared by sync, store, rules, workflow, CLI and window.

One `Order` covers the three kinds of order the shop owner sees in one list:

* ``shop``        -- ordered on the makeshop store itself (only a makeshop side);
* ``amazon-mfn``  -- ordered on Amazon, shipped by the shop (Amazon side, usually also a
  makeshop side);
* ``amazon-fba``  -- ordered on Amazon, shipped by Amazon (R-G1).

Each side is an immutable snapshot of what that service last reported.  Nothing here holds
buyer or recipient personal data (R-D1): the types simply have no field for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TypeGuard


class Channel(StrEnum):
    SHOP = "shop"
    AMAZON_MFN = "amazon-mfn"
    AMAZON_FBA = "amazon-fba"


class AmazonStatus(StrEnum):
    """Orders API 2026-01-01 ``FulfillmentStatus``."""

    PENDING_AVAILABILITY = "PENDING_AVAILABILITY"
    PENDING = "PENDING"
    UNSHIPPED = "UNSHIPPED"
    PARTIALLY_SHIPPED = "PARTIALLY_SHIPPED"
    SHIPPED = "SHIPPED"
    CANCELLED = "CANCELLED"
    UNFULFILLABLE = "UNFULFILLABLE"

    @property
    def needs_shipping(self) -> bool:
        return self in (AmazonStatus.UNSHIPPED, AmazonStatus.PARTIALLY_SHIPPED)


class UnknownAmazonStatus(str):
    """A fulfilment status this app does not know (Amazon added a value after this release).

    Kept verbatim (``value``) so the order can show it; it never counts as "needs shipping" nor
    as any final state, and the combined state puts the order in the to-do list as 不明 instead
    of stopping the sync (amzdesk.states).
    """

    __slots__ = ()

    @property
    def value(self) -> str:
        return str(self)

    @property
    def needs_shipping(self) -> bool:
        return False


AnyAmazonStatus = AmazonStatus | UnknownAmazonStatus


def parse_amazon_status(raw: object) -> AnyAmazonStatus:
    """Amazon's ``fulfillmentStatus``: a known value, or the raw value kept as unknown."""
    text = "" if raw is None else str(raw)
    try:
        return AmazonStatus(text)
    except ValueError:
        return UnknownAmazonStatus(text)


def is_known_status(status: AnyAmazonStatus) -> TypeGuard[AmazonStatus]:
    return isinstance(status, AmazonStatus)


class DeliveryStatus(StrEnum):
    """makeshop 処理区分 of a delivery (``deliveryStatus`` values seen in the API)."""

    UNPROCESSED = "N"  # 未処理
    SHIPPED = "Y"  # 配送 (配送完了)
    CANCELLED = "C"  # キャンセル
    RETURNED = "R"  # 返送


@dataclass(frozen=True, slots=True)
class OrderItem:
    """One line of an order.  ``order_item_id`` is Amazon's (empty for shop orders)."""

    sku: str
    title: str
    quantity: int
    order_item_id: str = ""
    asin: str = ""
    quantity_shipped: int = 0


@dataclass(frozen=True, slots=True)
class Package:
    """A package as Amazon reports it (``packages`` of Orders 2026-01-01) or as this app sent it."""

    package_reference_id: str
    carrier: str = ""
    tracking_number: str = ""
    ship_time: datetime | None = None
    shipping_service: str = ""
    status: str = ""
    items: tuple[tuple[str, int], ...] = ()  # (orderItemId, quantity)


@dataclass(frozen=True, slots=True)
class AmazonSide:
    order_id: str
    created: datetime
    last_updated: datetime
    status: AnyAmazonStatus  # an UnknownAmazonStatus when Amazon sent a value this app lacks
    fulfilled_by: str  # "MERCHANT" or "AMAZON"
    ship_by_earliest: datetime | None = None
    ship_by_latest: datetime | None = None
    items: tuple[OrderItem, ...] = ()
    packages: tuple[Package, ...] = ()

    @property
    def is_fba(self) -> bool:
        return self.fulfilled_by == "AMAZON"


@dataclass(frozen=True, slots=True)
class MakeshopDelivery:
    """One 配送先 (``deliveryInfos[]`` element) of a makeshop order (複数配送: several)."""

    delivery_id: str
    delivery_status: DeliveryStatus
    slip_number: str = ""  # 伝票番号
    delivery_date: datetime | None = None
    items: tuple[OrderItem, ...] = ()


@dataclass(frozen=True, slots=True)
class MakeshopSide:
    """The makeshop side of an order.

    ``delivery_id`` / ``delivery_status`` / ``slip_number`` / ``delivery_date`` summarise
    ``deliveries`` (see :func:`summarise_deliveries`): the first delivery still 未処理, else the
    first one; the status is 未処理 while any delivery is.  ``items`` are every delivery's items.
    """

    system_order_number: str
    display_order_number: str
    order_date: datetime
    pay_method: str  # e.g. "クレジットカード決済", "Amazonマーケットプレイス決済(代引き)"
    payment_status: str  # makeshop paymentStatusCode, 4 digits (see amzdesk.assumptions)
    delivery_id: str
    delivery_status: DeliveryStatus
    delivery_method: str = ""  # not in the public API; kept empty (older stores may have it)
    carrier_code: str = ""  # makeshop carrier code this app sent ("" = unknown / none)
    slip_number: str = ""  # 伝票番号
    delivery_date: datetime | None = None
    amazon_order_id: str = ""  # an Amazon order ID found in the order (amzdesk.recognition)
    items: tuple[OrderItem, ...] = ()
    total_price: int = 0
    deliveries: tuple[MakeshopDelivery, ...] = ()
    # why this order is taken for an Amazon one, or may be one: "pay-method", "order-id",
    # "match" (matched to an SP-API order), "maybe:<reason>"; empty for plain shop orders
    amazon_signals: tuple[str, ...] = ()

    @property
    def open_deliveries(self) -> tuple[MakeshopDelivery, ...]:
        """Deliveries still 未処理 (all of them are marked shipped by one 配送完了)."""
        return tuple(d for d in self.deliveries if d.delivery_status is DeliveryStatus.UNPROCESSED)


def summarise_deliveries(
    deliveries: tuple[MakeshopDelivery, ...],
) -> tuple[str, DeliveryStatus, str, datetime | None]:
    """(delivery_id, status, slip_number, delivery_date) summarising an order's deliveries.

    未処理 while any delivery is; キャンセル when all are; 返送 when some are and none is 配送;
    else 配送.  The id / slip / date are those of the first open delivery, else the first."""
    if not deliveries:
        return "", DeliveryStatus.UNPROCESSED, "", None
    statuses = {d.delivery_status for d in deliveries}
    if DeliveryStatus.UNPROCESSED in statuses:
        status = DeliveryStatus.UNPROCESSED
    elif statuses == {DeliveryStatus.CANCELLED}:
        status = DeliveryStatus.CANCELLED
    elif DeliveryStatus.RETURNED in statuses and DeliveryStatus.SHIPPED not in statuses:
        status = DeliveryStatus.RETURNED
    else:
        status = DeliveryStatus.SHIPPED
    lead = next(
        (d for d in deliveries if d.delivery_status is DeliveryStatus.UNPROCESSED), deliveries[0]
    )
    return lead.delivery_id, status, lead.slip_number, lead.delivery_date


@dataclass(frozen=True, slots=True)
class ReadbackIssue:
    """A package this app confirmed whose read-back does not show what was sent.

    ``problem``: ``"carrier-missing"`` (Amazon accepted it but kept no carrier),
    ``"carrier-differs"``, ``"tracking-differs"`` or ``"package-missing"``.
    """

    package_reference_id: str
    problem: str
    sent_carrier: str = ""  # carrierCode (and carrierName for "Other") as sent
    sent_tracking: str = ""
    amazon_carrier: str = ""  # as Amazon reports it ("" = none)
    amazon_tracking: str = ""


@dataclass(frozen=True, slots=True)
class LocalNotes:
    """What this app itself knows about an order, from its journal."""

    # packages this app confirmed on Amazon (package_reference_id -> tracking number)
    confirmed_packages: tuple[Package, ...] = ()
    # the user recorded that the return was processed in Seller Central (R-C1)
    return_done_in_seller_central: bool = False
    # an action was sent whose outcome is not known yet (timeout / crash)
    outcome_unknown: bool = False
    # shipments written to an Amazon upload file but not yet confirmed by Amazon
    exported_not_confirmed: bool = False
    # when the latest of these happened (from the journal; None when unknown / not applicable)
    confirmed_at: datetime | None = None  # latest done Amazon confirmation
    exported_at: datetime | None = None  # latest export still waiting for Amazon
    return_recorded_at: datetime | None = None  # the Seller Central return record (R-C1)
    unknown_since: datetime | None = None  # oldest action whose outcome is not known
    # confirmed packages whose read-back differs from what was sent (never "done")
    readback_issues: tuple[ReadbackIssue, ...] = ()


@dataclass(frozen=True, slots=True)
class Order:
    """One row of the list.  ``key`` is stable: ``az:<amazon id>`` or ``ms:<system order no>``."""

    key: str
    channel: Channel
    amazon: AmazonSide | None = None
    makeshop: MakeshopSide | None = None
    notes: LocalNotes = field(default_factory=LocalNotes)

    @property
    def amazon_order_id(self) -> str:
        if self.amazon is not None:
            return self.amazon.order_id
        return self.makeshop.amazon_order_id if self.makeshop is not None else ""

    @property
    def display_order_number(self) -> str:
        return self.makeshop.display_order_number if self.makeshop is not None else ""

    @property
    def order_date(self) -> datetime | None:
        if self.amazon is not None:
            return self.amazon.created
        return self.makeshop.order_date if self.makeshop is not None else None

    @property
    def ship_by(self) -> datetime | None:
        """Amazon's latest ship date (期限); None for shop orders."""
        return self.amazon.ship_by_latest if self.amazon is not None else None

    @property
    def items(self) -> tuple[OrderItem, ...]:
        if self.amazon is not None and self.amazon.items:
            return self.amazon.items
        return self.makeshop.items if self.makeshop is not None else ()

    @property
    def is_amazon(self) -> bool:
        return self.channel is not Channel.SHOP


def order_key_for_amazon(amazon_order_id: str) -> str:
    return f"az:{amazon_order_id}"


def order_key_for_shop(system_order_number: str) -> str:
    return f"ms:{system_order_number}"
