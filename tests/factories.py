"""Order factories for tests: sensible defaults, every field overridable by keyword.

    make_shop_order()                                  # makeshop store order, 未処理
    make_mfn_order(status=AmazonStatus.SHIPPED)        # Amazon MFN, shipped on Amazon
    make_mfn_order(payment_status=LINK_FAILED)         # 連携失敗
    make_mfn_order(confirmed=["444413758703"])         # this app confirmed one package
    make_fba_order()                                   # Amazon FBA

Ids are unique per call (a counter), dates fixed relative to ``NOW`` so deadlines are stable.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from amzdesk.assumptions import (
    AMAZON_PAY_METHOD_PREFIX,
    PAYMENT_STATUS_LINK_FAILED,
    PAYMENT_STATUS_PAID,
)
from amzdesk.models import (
    AmazonSide,
    AmazonStatus,
    Channel,
    DeliveryStatus,
    LocalNotes,
    MakeshopSide,
    Order,
    OrderItem,
    Package,
    order_key_for_amazon,
    order_key_for_shop,
)

# 2025-06-02 12:00 JST (a Monday)
NOW = datetime(2025, 6, 2, 3, 0, tzinfo=UTC)
LINK_FAILED = PAYMENT_STATUS_LINK_FAILED
AMAZON_PAY_METHOD = AMAZON_PAY_METHOD_PREFIX  # the admin's name for non-COD Amazon orders

_seq = itertools.count(1)


def _next() -> int:
    return next(_seq)


def amazon_order_id(n: int | None = None) -> str:
    n = _next() if n is None else n
    return f"503-{n:07d}-{(n * 7919) % 10_000_000:07d}"


def make_item(n: int = 1, *, amazon: bool = True, **overrides: Any) -> OrderItem:
    base = OrderItem(
        sku=f"SKU-{n:04d}",
        title=f"テスト商品 {n}",
        quantity=1,
        order_item_id=f"{n:014d}" if amazon else "",
        asin=f"B0{n:08d}" if amazon else "",
    )
    return replace(base, **overrides)


def make_package(
    tracking_number: str = "444413758703",
    *,
    ref: str | None = None,
    carrier: str = "YamatoTransport",
    ship_time: datetime | None = NOW,
    **overrides: Any,
) -> Package:
    base = Package(
        package_reference_id=ref or str(_next()),
        carrier=carrier,
        tracking_number=tracking_number,
        ship_time=ship_time,
    )
    return replace(base, **overrides)


def _packages(value: Iterable[Package | str]) -> tuple[Package, ...]:
    return tuple(p if isinstance(p, Package) else make_package(p) for p in value)


def make_notes(
    *,
    confirmed: Iterable[Package | str] = (),
    return_done_in_seller_central: bool = False,
    outcome_unknown: bool = False,
    exported_not_confirmed: bool = False,
) -> LocalNotes:
    return LocalNotes(
        confirmed_packages=_packages(confirmed),
        return_done_in_seller_central=return_done_in_seller_central,
        outcome_unknown=outcome_unknown,
        exported_not_confirmed=exported_not_confirmed,
    )


def make_amazon_side(
    order_id: str | None = None,
    *,
    status: AmazonStatus = AmazonStatus.UNSHIPPED,
    fulfilled_by: str = "MERCHANT",
    created: datetime = NOW - timedelta(days=1),
    ship_by_latest: datetime | None = NOW + timedelta(days=2),
    items: tuple[OrderItem, ...] | None = None,
    packages: Iterable[Package | str] = (),
    **overrides: Any,
) -> AmazonSide:
    base = AmazonSide(
        order_id=order_id or amazon_order_id(),
        created=created,
        last_updated=created,
        status=status,
        fulfilled_by=fulfilled_by,
        ship_by_earliest=created,
        ship_by_latest=ship_by_latest,
        items=items if items is not None else (make_item(1),),
        packages=_packages(packages),
    )
    return replace(base, **overrides)


def make_makeshop_side(
    *,
    system_order_number: str | None = None,
    display_order_number: str | None = None,
    pay_method: str = "クレジットカード",
    payment_status: str = PAYMENT_STATUS_PAID,
    delivery_status: DeliveryStatus = DeliveryStatus.UNPROCESSED,
    delivery_method: str = "",
    amazon_order_id: str = "",
    order_date: datetime = NOW - timedelta(days=1),
    items: tuple[OrderItem, ...] | None = None,
    **overrides: Any,
) -> MakeshopSide:
    n = _next()
    if amazon_order_id and "amazon_signals" not in overrides:
        overrides["amazon_signals"] = ("order-id",)
    base = MakeshopSide(
        system_order_number=system_order_number or f"{n:010d}",
        display_order_number=display_order_number or f"P{180000000000000000 + n:018d}",
        order_date=order_date,
        pay_method=pay_method,
        payment_status=payment_status,
        delivery_id=f"D{n:06d}",
        delivery_status=delivery_status,
        delivery_method=delivery_method,
        amazon_order_id=amazon_order_id,
        items=items if items is not None else (make_item(1, amazon=False),),
        total_price=1980,
    )
    return replace(base, **overrides)


def make_shop_order(
    *,
    delivery_status: DeliveryStatus = DeliveryStatus.UNPROCESSED,
    notes: LocalNotes | None = None,
    outcome_unknown: bool = False,
    makeshop: MakeshopSide | None = None,
    **makeshop_overrides: Any,
) -> Order:
    """A makeshop store order (only a makeshop side).  Extra keywords go to MakeshopSide."""
    ms = makeshop or make_makeshop_side(delivery_status=delivery_status, **makeshop_overrides)
    return Order(
        key=order_key_for_shop(ms.system_order_number),
        channel=Channel.SHOP,
        makeshop=ms,
        notes=notes or make_notes(outcome_unknown=outcome_unknown),
    )


def make_mfn_order(
    order_id: str | None = None,
    *,
    status: AmazonStatus = AmazonStatus.UNSHIPPED,
    delivery_status: DeliveryStatus = DeliveryStatus.UNPROCESSED,
    payment_status: str = PAYMENT_STATUS_PAID,
    ship_by_latest: datetime | None = NOW + timedelta(days=2),
    items: tuple[OrderItem, ...] | None = None,
    with_amazon: bool = True,
    with_makeshop: bool = True,
    packages: Iterable[Package | str] = (),
    confirmed: Iterable[Package | str] = (),
    return_done_in_seller_central: bool = False,
    outcome_unknown: bool = False,
    exported_not_confirmed: bool = False,
    notes: LocalNotes | None = None,
    carrier_code: str = "",
    slip_number: str = "",
    amazon: AmazonSide | None = None,
    makeshop: MakeshopSide | None = None,
) -> Order:
    """An Amazon merchant-fulfilled order, with its makeshop side unless ``with_makeshop=False``."""
    oid = order_id or (amazon.order_id if amazon is not None else amazon_order_id())
    az = amazon
    if az is None and with_amazon:
        az = make_amazon_side(
            oid, status=status, ship_by_latest=ship_by_latest, packages=packages, items=items
        )
    ms = makeshop
    if ms is None and with_makeshop:
        ms = make_makeshop_side(
            pay_method=AMAZON_PAY_METHOD,
            payment_status=payment_status,
            delivery_status=delivery_status,
            amazon_order_id=oid,
            carrier_code=carrier_code,
            slip_number=slip_number,
        )
    return Order(
        key=order_key_for_amazon(oid),
        channel=Channel.AMAZON_MFN,
        amazon=az,
        makeshop=ms,
        notes=notes
        or make_notes(
            confirmed=confirmed,
            return_done_in_seller_central=return_done_in_seller_central,
            outcome_unknown=outcome_unknown,
            exported_not_confirmed=exported_not_confirmed,
        ),
    )


def make_fba_order(
    order_id: str | None = None,
    *,
    status: AmazonStatus = AmazonStatus.SHIPPED,
    with_makeshop: bool = True,
    delivery_status: DeliveryStatus = DeliveryStatus.UNPROCESSED,
    notes: LocalNotes | None = None,
) -> Order:
    """An Amazon FBA order (shipped by Amazon, R-G1)."""
    oid = order_id or amazon_order_id()
    az = make_amazon_side(oid, status=status, fulfilled_by="AMAZON", ship_by_latest=None)
    ms = (
        make_makeshop_side(
            pay_method=AMAZON_PAY_METHOD,
            delivery_status=delivery_status,
            amazon_order_id=oid,
        )
        if with_makeshop
        else None
    )
    return Order(
        key=order_key_for_amazon(oid),
        channel=Channel.AMAZON_FBA,
        amazon=az,
        makeshop=ms,
        notes=notes or LocalNotes(),
    )
