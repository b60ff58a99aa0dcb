"""How an order is stored: compact positional JSON (format 2), and the keyed JSON of format 1
that stores written before schema version 5 hold until migrated.  Datetimes are ISO 8601 UTC."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Final

from amzdesk.models import (
    AmazonSide,
    Channel,
    DeliveryStatus,
    LocalNotes,
    MakeshopDelivery,
    MakeshopSide,
    Order,
    OrderItem,
    Package,
    parse_amazon_status,
)

__all__ = [
    "JSON_FORMAT",
    "Encoder",
    "data_hash",
    "order_from_json",
    "order_to_json",
    "parse_time",
    "require_time",
]

JSON_FORMAT: Final = 2  # how an order is stored (order_to_json); format 1 is still read


def _dt_out(dt: datetime | None) -> str | None:
    if dt is None:
        return None
    if dt.tzinfo is None:
        raise ValueError("naive datetime in an Order; all datetimes must be timezone-aware")
    return dt.astimezone(UTC).isoformat()


def parse_time(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    dt = datetime.fromisoformat(str(value))
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


def require_time(value: Any) -> datetime:
    dt = parse_time(value)
    if dt is None:
        raise ValueError("missing datetime")
    return dt


# --- format 2 -----------------------------------------------------------------------------------


class Encoder:
    """Serialises orders for one write, as compact positional JSON (format 2: arrays in the
    field order below, no key names), with the datetime texts of the batch cached (ship-by
    dates and times repeat across orders).  Status enums are ``str`` subclasses: JSON writes
    their values as they are."""

    __slots__ = ("_dts",)

    def __init__(self) -> None:
        self._dts: dict[datetime, str | None] = {}

    def dt(self, dt: datetime | None) -> str | None:
        if dt is None:
            return None
        text = self._dts.get(dt)
        if text is None:
            text = self._dts[dt] = _dt_out(dt)  # raises on a naive datetime (never cached)
        return text

    @staticmethod
    def items(items: tuple[OrderItem, ...]) -> list[list[Any]]:
        return [
            [i.sku, i.title, i.quantity, i.order_item_id, i.asin, i.quantity_shipped] for i in items
        ]

    def amazon(self, a: AmazonSide) -> list[Any]:
        dt = self.dt
        return [
            a.order_id,
            dt(a.created),
            dt(a.last_updated),
            a.status,
            a.fulfilled_by,
            dt(a.ship_by_earliest),
            dt(a.ship_by_latest),
            self.items(a.items),
            [
                [
                    p.package_reference_id,
                    p.carrier,
                    p.tracking_number,
                    dt(p.ship_time),
                    p.shipping_service,
                    p.status,
                    p.items,
                ]
                for p in a.packages
            ],
        ]

    def makeshop(self, m: MakeshopSide) -> list[Any]:
        dt = self.dt
        return [
            m.system_order_number,
            m.display_order_number,
            dt(m.order_date),
            m.pay_method,
            m.payment_status,
            m.delivery_id,
            m.delivery_status,
            m.delivery_method,
            m.carrier_code,
            m.slip_number,
            dt(m.delivery_date),
            m.amazon_order_id,
            self.items(m.items),
            m.total_price,
            [
                [
                    x.delivery_id,
                    x.delivery_status,
                    x.slip_number,
                    dt(x.delivery_date),
                    self.items(x.items),
                ]
                for x in m.deliveries
            ],
            m.amazon_signals,
        ]

    def order(self, order: Order) -> str:
        az, ms = order.amazon, order.makeshop
        return _dumps(
            [
                JSON_FORMAT,
                order.key,
                order.channel,
                self.amazon(az) if az is not None else None,
                self.makeshop(ms) if ms is not None else None,
            ]
        )


_dumps: Final = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def order_to_json(order: Order) -> str:
    """The order without ``notes`` (they are derived from the journal) as compact JSON."""
    return Encoder().order(order)


def _items_v2(rows: Iterable[Sequence[Any]]) -> tuple[OrderItem, ...]:
    return tuple(
        OrderItem(
            sku=str(r[0]),
            title=str(r[1]),
            quantity=int(r[2]),
            order_item_id=str(r[3]),
            asin=str(r[4]),
            quantity_shipped=int(r[5]),
        )
        for r in rows
    )


def _amazon_v2(a: Sequence[Any]) -> AmazonSide:
    return AmazonSide(
        order_id=str(a[0]),
        created=require_time(a[1]),
        last_updated=require_time(a[2]),
        status=parse_amazon_status(a[3]),
        fulfilled_by=str(a[4]),
        ship_by_earliest=parse_time(a[5]),
        ship_by_latest=parse_time(a[6]),
        items=_items_v2(a[7]),
        packages=tuple(
            Package(
                package_reference_id=str(p[0]),
                carrier=str(p[1]),
                tracking_number=str(p[2]),
                ship_time=parse_time(p[3]),
                shipping_service=str(p[4]),
                status=str(p[5]),
                items=tuple((str(oid), int(qty)) for oid, qty in p[6]),
            )
            for p in a[8]
        ),
    )


def _makeshop_v2(m: Sequence[Any]) -> MakeshopSide:
    return MakeshopSide(
        system_order_number=str(m[0]),
        display_order_number=str(m[1]),
        order_date=require_time(m[2]),
        pay_method=str(m[3]),
        payment_status=str(m[4]),
        delivery_id=str(m[5]),
        delivery_status=DeliveryStatus(m[6]),
        delivery_method=str(m[7]),
        carrier_code=str(m[8]),
        slip_number=str(m[9]),
        delivery_date=parse_time(m[10]),
        amazon_order_id=str(m[11]),
        items=_items_v2(m[12]),
        total_price=int(m[13]),
        deliveries=tuple(
            MakeshopDelivery(
                delivery_id=str(x[0]),
                delivery_status=DeliveryStatus(x[1]),
                slip_number=str(x[2]),
                delivery_date=parse_time(x[3]),
                items=_items_v2(x[4]),
            )
            for x in m[14]
        ),
        amazon_signals=tuple(str(x) for x in m[15]),
    )


def order_from_json(text: str, notes: LocalNotes | None = None) -> Order:
    """The order stored as ``text``: format 2 (an array, :class:`Encoder`) or the keyed
    objects of format 1 (stores written before schema version 5, until migrated)."""
    d = json.loads(text)
    notes = notes if notes is not None else LocalNotes()
    if isinstance(d, list):
        return Order(
            key=str(d[1]),
            channel=Channel(d[2]),
            amazon=_amazon_v2(d[3]) if d[3] else None,
            makeshop=_makeshop_v2(d[4]) if d[4] else None,
            notes=notes,
        )
    return Order(
        key=str(d["key"]),
        channel=Channel(d["channel"]),
        amazon=_amazon_in(d["amazon"]) if d.get("amazon") else None,
        makeshop=_makeshop_in(d["makeshop"]) if d.get("makeshop") else None,
        notes=notes,
    )


def data_hash(data: str) -> str:
    return hashlib.blake2b(data.encode("utf-8"), digest_size=12).hexdigest()


# --- format 1 (read only) -------------------------------------------------------------------------


def _item_in(d: Mapping[str, Any]) -> OrderItem:
    return OrderItem(
        sku=str(d["sku"]),
        title=str(d["title"]),
        quantity=int(d["quantity"]),
        order_item_id=str(d.get("order_item_id", "")),
        asin=str(d.get("asin", "")),
        quantity_shipped=int(d.get("quantity_shipped", 0)),
    )


def _package_in(d: Mapping[str, Any]) -> Package:
    return Package(
        package_reference_id=str(d["package_reference_id"]),
        carrier=str(d.get("carrier", "")),
        tracking_number=str(d.get("tracking_number", "")),
        ship_time=parse_time(d.get("ship_time")),
        shipping_service=str(d.get("shipping_service", "")),
        status=str(d.get("status", "")),
        items=tuple((str(oid), int(qty)) for oid, qty in d.get("items", ())),
    )


def _amazon_in(d: Mapping[str, Any]) -> AmazonSide:
    return AmazonSide(
        order_id=str(d["order_id"]),
        created=require_time(d["created"]),
        last_updated=require_time(d["last_updated"]),
        status=parse_amazon_status(d["status"]),
        fulfilled_by=str(d["fulfilled_by"]),
        ship_by_earliest=parse_time(d.get("ship_by_earliest")),
        ship_by_latest=parse_time(d.get("ship_by_latest")),
        items=tuple(_item_in(i) for i in d.get("items", ())),
        packages=tuple(_package_in(p) for p in d.get("packages", ())),
    )


def _makeshop_in(d: Mapping[str, Any]) -> MakeshopSide:
    return MakeshopSide(
        system_order_number=str(d["system_order_number"]),
        display_order_number=str(d["display_order_number"]),
        order_date=require_time(d["order_date"]),
        pay_method=str(d.get("pay_method", "")),
        payment_status=str(d.get("payment_status", "")),
        delivery_id=str(d.get("delivery_id", "")),
        delivery_status=DeliveryStatus(d["delivery_status"]),
        delivery_method=str(d.get("delivery_method", "")),
        carrier_code=str(d.get("carrier_code", "")),
        slip_number=str(d.get("slip_number", "")),
        delivery_date=parse_time(d.get("delivery_date")),
        amazon_order_id=str(d.get("amazon_order_id", "")),
        items=tuple(_item_in(i) for i in d.get("items", ())),
        total_price=int(d.get("total_price", 0)),
        deliveries=tuple(
            MakeshopDelivery(
                delivery_id=str(x.get("delivery_id", "")),
                delivery_status=DeliveryStatus(x["delivery_status"]),
                slip_number=str(x.get("slip_number", "")),
                delivery_date=parse_time(x.get("delivery_date")),
                items=tuple(_item_in(i) for i in x.get("items", ())),
            )
            for x in d.get("deliveries", ())
        ),
        amazon_signals=tuple(str(x) for x in d.get("amazon_signals", ())),
    )
