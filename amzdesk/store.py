"""The local store: orders, sync cursors and the action journal in one SQLite file.

File and durability
    ``paths.data_dir()/amzdesk.sqlite3`` by default.  WAL mode, ``synchronous=NORMAL`` for order
    and cursor writes (a committed transaction survives a killed process; after a power loss the
    last syncs may be re-fetched, which is harmless), and ``synchronous=FULL`` for every journal
    transaction (the WAL is fsynced before ``journal_intent``/``journal_outcome`` return, so an
    intent survives a SIGKILL *and* a power loss).  ``busy_timeout`` lets two app processes
    share the file; every write transaction is ``BEGIN IMMEDIATE``.

Threads
    One write connection guarded by a lock (sync worker, shipment workflow, GUI all write through
    it), plus one read-only connection per reading thread (``query_only``).  In WAL mode the GUI
    thread reads while a worker writes; a multi-statement read runs in one read transaction, so it
    sees a single snapshot.

Schema
    ``PRAGMA user_version`` holds the schema version; :data:`MIGRATIONS` upgrade version *i* to
    *i+1* in order, each in one transaction.  A file written by a newer version is refused.

Journal (append-only)
    ``journal`` rows are immutable *intents* (what was about to be done, to which order, with
    which idempotency key / ``package_reference_id`` and request).  ``journal_outcome`` rows are
    immutable *outcomes* appended later (``sent``, ``done``, ``failed``, ``unknown``,
    ``exported``).  Triggers refuse UPDATE and DELETE on both tables.  The current state of an
    entry is its latest outcome (``intent`` when it has none).  ``done`` and ``failed`` are final:
    no outcome may follow them.  ``unknown`` and ``exported`` may be followed by a final outcome
    once the truth is known.

Personal data (R-D1)
    :class:`~amzdesk.models.Order` has no field for buyer or recipient data.  On top of that the
    store is defensive: journal request dicts lose every key named like buyer / recipient /
    address / name / phone / e-mail (except known non-personal names such as ``carrierName``),
    and e-mail addresses and Japanese phone numbers are masked in every free-text value it writes
    (journal request/result/error, item titles, payment/delivery method texts).  Secrets are
    masked too (:func:`amzdesk.logsetup.redact`).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import logging
import os
import re
import sqlite3
import threading
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path, PurePath
from typing import Any, Final, NamedTuple

from amzdesk import paths, states
from amzdesk.clock import Clock, utcnow
from amzdesk.logsetup import redact, scrub_pii
from amzdesk.messages import Msg, UserError, from_stored, to_stored
from amzdesk.models import (
    AmazonSide,
    AmazonStatus,
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
from amzdesk.proclock import SenderLock
from amzdesk.readback import readback_issues

__all__ = [
    "ACTION_EXPORT",
    "ACTION_RETURN_RECORDED",
    "DB_FILE_NAME",
    "FINAL_STATES",
    "JOURNAL_STATES",
    "ROW_COLUMNS",
    "SCHEMA_VERSION",
    "SIDES",
    "UNRESOLVED_STATES",
    "JournalConflict",
    "JournalEntry",
    "JournalError",
    "OrderRow",
    "Store",
    "StoreError",
    "derive_notes",
    "normalize_search",
    "order_from_json",
    "order_to_json",
    "scrub_request",
]

log = logging.getLogger("amzdesk.store")

DB_FILE_NAME: Final = "amzdesk.sqlite3"
BACKUP_SUFFIX: Final = ".bak"
_SQLITE_HEADER: Final = b"SQLite format 3\x00"
BUSY_TIMEOUT_S: Final = 15.0
_BUSY_MESSAGE: Final = (
    "注文データのファイルが別の amzdesk で使用中のため書き込めませんでした。"
    "しばらくしてからやり直してください"
)
_WRITE_MESSAGE: Final = (
    "注文データのファイルに書き込めませんでした（ディスクの空きを確認してください）"
)
_READ_MESSAGE: Final = "注文データのファイルを読み込めませんでした"

SIDES: Final = ("amazon", "makeshop", "file")
JOURNAL_STATES: Final = ("intent", "sent", "done", "failed", "unknown", "exported")
OUTCOME_STATES: Final = ("sent", "done", "failed", "unknown", "exported")
FINAL_STATES: Final = frozenset({"done", "failed"})
UNRESOLVED_STATES: Final = frozenset({"intent", "sent", "unknown"})

# Journal actions written by the store itself; other actions use amzdesk.rules.Action values
# ("confirm-amazon", "correct-tracking", "complete-makeshop", ...).
ACTION_RETURN_RECORDED: Final = "return-recorded"
ACTION_EXPORT: Final = "export-amazon-file"
_AMAZON_CONFIRM_ACTIONS: Final = frozenset({"confirm-amazon", "correct-tracking"})

MAX_TEXT: Final = 4000
JSON_FORMAT: Final = 2  # how an order is stored (order_to_json); format 1 is still read
WRITE_CACHE_KIB: Final = 32 * 1024  # the write connection's page cache (SQLite: 2 MiB)


class StoreError(UserError, RuntimeError):
    """The store cannot be opened or used (message in Japanese)."""


class JournalError(UserError, ValueError):
    """A journal call that would break the journal's rules."""


class JournalConflict(JournalError):
    """An exclusive intent found the same package already journaled: still unresolved
    (``pending``) or done with the same tracking number (``done``).  Nothing was written."""

    def __init__(self, entry: JournalEntry, kind: str) -> None:
        super().__init__(f"journal entry {entry.id} for the same package is {kind}")
        self.entry = entry
        self.kind = kind


# --- order <-> JSON -------------------------------------------------------------------------------


def _dt_out(dt: datetime | None) -> str | None:
    if dt is None:
        return None
    if dt.tzinfo is None:
        raise ValueError("naive datetime in an Order; all datetimes must be timezone-aware")
    return dt.astimezone(UTC).isoformat()


def _dt_in(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    dt = datetime.fromisoformat(str(value))
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


def _req_dt(value: Any) -> datetime:
    dt = _dt_in(value)
    if dt is None:
        raise ValueError("missing datetime")
    return dt


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
        ship_time=_dt_in(d.get("ship_time")),
        shipping_service=str(d.get("shipping_service", "")),
        status=str(d.get("status", "")),
        items=tuple((str(oid), int(qty)) for oid, qty in d.get("items", ())),
    )


def _amazon_in(d: Mapping[str, Any]) -> AmazonSide:
    return AmazonSide(
        order_id=str(d["order_id"]),
        created=_req_dt(d["created"]),
        last_updated=_req_dt(d["last_updated"]),
        status=parse_amazon_status(d["status"]),
        fulfilled_by=str(d["fulfilled_by"]),
        ship_by_earliest=_dt_in(d.get("ship_by_earliest")),
        ship_by_latest=_dt_in(d.get("ship_by_latest")),
        items=tuple(_item_in(i) for i in d.get("items", ())),
        packages=tuple(_package_in(p) for p in d.get("packages", ())),
    )


def _makeshop_in(d: Mapping[str, Any]) -> MakeshopSide:
    return MakeshopSide(
        system_order_number=str(d["system_order_number"]),
        display_order_number=str(d["display_order_number"]),
        order_date=_req_dt(d["order_date"]),
        pay_method=str(d.get("pay_method", "")),
        payment_status=str(d.get("payment_status", "")),
        delivery_id=str(d.get("delivery_id", "")),
        delivery_status=DeliveryStatus(d["delivery_status"]),
        delivery_method=str(d.get("delivery_method", "")),
        carrier_code=str(d.get("carrier_code", "")),
        slip_number=str(d.get("slip_number", "")),
        delivery_date=_dt_in(d.get("delivery_date")),
        amazon_order_id=str(d.get("amazon_order_id", "")),
        items=tuple(_item_in(i) for i in d.get("items", ())),
        total_price=int(d.get("total_price", 0)),
        deliveries=tuple(
            MakeshopDelivery(
                delivery_id=str(x.get("delivery_id", "")),
                delivery_status=DeliveryStatus(x["delivery_status"]),
                slip_number=str(x.get("slip_number", "")),
                delivery_date=_dt_in(x.get("delivery_date")),
                items=tuple(_item_in(i) for i in x.get("items", ())),
            )
            for x in d.get("deliveries", ())
        ),
        amazon_signals=tuple(str(x) for x in d.get("amazon_signals", ())),
    )


class _Encoder:
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
    return _Encoder().order(order)


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
        created=_req_dt(a[1]),
        last_updated=_req_dt(a[2]),
        status=parse_amazon_status(a[3]),
        fulfilled_by=str(a[4]),
        ship_by_earliest=_dt_in(a[5]),
        ship_by_latest=_dt_in(a[6]),
        items=_items_v2(a[7]),
        packages=tuple(
            Package(
                package_reference_id=str(p[0]),
                carrier=str(p[1]),
                tracking_number=str(p[2]),
                ship_time=_dt_in(p[3]),
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
        order_date=_req_dt(m[2]),
        pay_method=str(m[3]),
        payment_status=str(m[4]),
        delivery_id=str(m[5]),
        delivery_status=DeliveryStatus(m[6]),
        delivery_method=str(m[7]),
        carrier_code=str(m[8]),
        slip_number=str(m[9]),
        delivery_date=_dt_in(m[10]),
        amazon_order_id=str(m[11]),
        items=_items_v2(m[12]),
        total_price=int(m[13]),
        deliveries=tuple(
            MakeshopDelivery(
                delivery_id=str(x[0]),
                delivery_status=DeliveryStatus(x[1]),
                slip_number=str(x[2]),
                delivery_date=_dt_in(x[3]),
                items=_items_v2(x[4]),
            )
            for x in m[14]
        ),
        amazon_signals=tuple(str(x) for x in m[15]),
    )


def order_from_json(text: str, notes: LocalNotes | None = None) -> Order:
    """The order stored as ``text``: format 2 (an array, :class:`_Encoder`) or the keyed
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


# --- personal data scrubbing ----------------------------------------------------------------------

_PII_KEY = re.compile(
    r"(?i)(buyer|recipient|receiver|address|addr|phone|tel(ephone)?$|^tel|e-?mail|mail"
    r"|name|zip|postal|kana|sender|customer|shipto|ship_to|billto|bill_to)"
)
# Keys that contain "name" (etc.) but carry no personal data.
_NON_PII_KEYS: Final = frozenset(
    {
        "carriername",
        "carrier_name",
        "carrier-name",
        "productname",
        "product_name",
        "itemname",
        "item_name",
        "shippingmethodname",
        "operationname",
        "filename",
        "file_name",
        "deliverycompanyname",
        "delivery_company_name",
        "marketplacename",
    }
)
# Values kept verbatim (identifiers that a phone-number pattern must never rewrite).
_VERBATIM_KEYS: Final = frozenset(
    {
        "trackingnumber",
        "tracking_number",
        "slipnumber",
        "slip_number",
        "packagereferenceid",
        "package_reference_id",
        "orderitemid",
        "order_item_id",
        "amazonorderid",
        "amazon_order_id",
        "orderid",
        "order_id",
        "displayordernumber",
        "display_order_number",
        "systemordernumber",
        "system_order_number",
        "deliveryid",
        "delivery_id",
    }
)


def _scrub_text(text: str) -> str:
    return scrub_pii(redact(text))


def scrub_request(request: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``request`` without personal-data keys, secrets or PII-shaped text."""

    def clean(value: Any, key: str = "") -> Any:
        if isinstance(value, Mapping):
            out: dict[str, Any] = {}
            for k, v in value.items():
                name = str(k)
                low = name.lower()
                if low not in _NON_PII_KEYS and _PII_KEY.search(low):
                    continue
                out[name] = clean(v, low)
            return out
        if isinstance(value, list | tuple):
            return [clean(v, key) for v in value]
        if isinstance(value, str):
            if key in _VERBATIM_KEYS:
                return redact(value)
            return _scrub_text(value)
        if value is None or isinstance(value, bool | int | float):
            return value
        return _scrub_text(str(value))

    cleaned = clean(dict(request))
    assert isinstance(cleaned, dict)
    return cleaned


def _clip(text: str | None) -> str:
    if not text:
        return ""
    text = _scrub_text(str(text))
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _clip_sentence(text: str | None) -> str:
    """A journal result or error: a message (Msg) is kept as its ID and parameters so that the
    journal shows it in the window's language later; too long for that, its Japanese text."""
    if isinstance(text, Msg):
        stored = _scrub_text(to_stored(text))
        if len(stored) <= MAX_TEXT:
            return stored
    return _clip(text)


# --- search ---------------------------------------------------------------------------------------


def normalize_search(text: str) -> str:
    """NFKC + casefold: full-width digits and letters match their ASCII forms."""
    return unicodedata.normalize("NFKC", text).casefold()


def _search_text(order: Order) -> str:
    az, ms = order.amazon, order.makeshop
    parts: list[str] = [order.key, order.amazon_order_id, order.display_order_number]
    if ms is not None:
        parts += (ms.system_order_number, ms.slip_number)
    for item in (az.items if az is not None else ()) + (ms.items if ms is not None else ()):
        parts += (item.sku, item.title, item.asin)
    parts += [p.tracking_number for p in az.packages] if az is not None else ()
    parts += [p.tracking_number for p in order.notes.confirmed_packages]
    return normalize_search("\x1f".join([p for p in dict.fromkeys(parts) if p]))


# --- list rows ------------------------------------------------------------------------------------


class OrderRow(NamedTuple):
    """One row of the order list, read without decoding the order's JSON.

    ``order_date`` and ``ship_by`` are UTC POSIX seconds (``None`` when unknown);
    ``combined_state`` is a :class:`amzdesk.states.CombinedState` value ("" if unknown).
    """

    key: str
    channel: str
    amazon_order_id: str
    display_order_number: str
    order_date: int | None
    ship_by: int | None
    delivery_status: str  # makeshop 処理区分 (N/Y/C/R) or ""
    payment_status: str
    amazon_status: str
    carrier: str
    tracking_number: str
    combined_state: str
    needs_action: int  # 1 or 0
    item_titles: str
    item_count: int
    total_price: int
    search_text: str
    updated_at: str


ROW_COLUMNS: Final = OrderRow._fields
_ROW_SELECT: Final = (
    "SELECT key, channel, amazon_order_id, display_order_number, order_date, ship_by,"
    " delivery_status, payment_status, amazon_status, carrier, tracking_number,"
    " combined_state, needs_action, item_titles, item_count, total_price, search_text,"
    " updated_at FROM orders"
)


def _row_factory(_cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> OrderRow:
    return OrderRow._make(row)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic GC while building ~100k row tuples (they hold no cycles)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --- journal entries and notes --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """A journal intent with its current (latest) outcome."""

    id: int
    created_at: datetime
    order_key: str
    amazon_order_id: str
    display_order_number: str
    action: str
    side: str
    package_reference_id: str
    request: dict[str, Any]
    state: str  # latest outcome state, "intent" when none yet
    result: str = ""
    http_status: int | None = None
    request_id: str = ""
    error: str = ""
    updated_at: datetime | None = None  # time of the latest outcome

    @property
    def resolved(self) -> bool:
        return self.state not in UNRESOLVED_STATES

    @property
    def package_detail(self) -> Mapping[str, Any]:
        """The package part of the request (``packageDetail`` of confirmShipment, else flat)."""
        detail = self.request.get("packageDetail")
        return detail if isinstance(detail, Mapping) else self.request

    @property
    def tracking_number(self) -> str:
        d = self.package_detail
        return str(d.get("trackingNumber") or d.get("tracking_number") or "")


def _entry_package(entry: JournalEntry) -> Package:
    d = entry.package_detail
    items: list[tuple[str, int]] = []
    for it in d.get("orderItems") or d.get("items") or ():
        if isinstance(it, Mapping):
            with contextlib.suppress(TypeError, ValueError):
                items.append((str(it.get("orderItemId", "")), int(it.get("quantity", 0))))
    ship = d.get("shipDate") or d.get("ship_date")
    try:
        ship_time = _dt_in(str(ship).replace("Z", "+00:00")) if ship else None
    except ValueError:
        ship_time = None
    carrier = d.get("carrierName") or d.get("carrierCode") or d.get("carrier") or ""
    return Package(
        package_reference_id=entry.package_reference_id or str(d.get("packageReferenceId", "")),
        carrier=str(carrier),
        tracking_number=entry.tracking_number,
        ship_time=ship_time,
        shipping_service=str(d.get("shippingMethod") or ""),
        status="confirmed",
        items=tuple(items),
    )


def derive_notes(entries: Sequence[JournalEntry], order: Order | None = None) -> LocalNotes:
    """``LocalNotes`` for one order from its journal entries (any order; sorted here).

    * ``confirmed_packages``: Amazon confirmations (``confirm-amazon``/``correct-tracking``) whose
      outcome is ``done``; the latest per ``package_reference_id`` wins.
    * ``return_done_in_seller_central``: a ``return-recorded`` entry (R-C1).
    * ``outcome_unknown``: an entry still ``intent``/``sent``/``unknown``.
    * ``exported_not_confirmed``: an ``exported`` shipment that Amazon does not report yet
      (the Amazon side is not SHIPPED/CANCELLED and shows no package with that tracking
      number, and no later Amazon confirmation of that tracking number is ``done``).
    * ``readback_issues``: confirmed packages whose read-back differs from what was sent
      (:func:`amzdesk.readback.readback_issues`).
    """
    ordered = sorted(entries, key=lambda e: e.id)
    packages: dict[str, Package] = {}
    return_done = False
    unknown = False
    done_trackings: set[str] = set()
    confirmed_at: datetime | None = None
    return_at: datetime | None = None
    unknown_since: datetime | None = None
    exported_at: datetime | None = None
    for e in ordered:
        when = e.updated_at or e.created_at
        if e.state in UNRESOLVED_STATES:
            unknown = True
            unknown_since = unknown_since or e.created_at
        if e.action == ACTION_RETURN_RECORDED and e.state == "done":
            return_done = True
            return_at = when
        elif e.side == "amazon" and e.state == "done" and e.action in _AMAZON_CONFIRM_ACTIONS:
            pkg = _entry_package(e)
            packages.pop(pkg.package_reference_id, None)
            packages[pkg.package_reference_id] = pkg
            confirmed_at = when
            if pkg.tracking_number:
                done_trackings.add(pkg.tracking_number)
    exported = False
    az = order.amazon if order is not None else None
    amazon_trackings = {p.tracking_number for p in az.packages} if az is not None else set()
    amazon_final = az is not None and az.status in (AmazonStatus.SHIPPED, AmazonStatus.CANCELLED)
    for e in ordered:
        if e.side == "file" and e.state == "exported":
            tn = e.tracking_number
            if amazon_final or (tn and (tn in amazon_trackings or tn in done_trackings)):
                continue
            exported = True
            exported_at = e.updated_at or e.created_at
    return LocalNotes(
        confirmed_packages=tuple(packages.values()),
        return_done_in_seller_central=return_done,
        outcome_unknown=unknown,
        exported_not_confirmed=exported,
        confirmed_at=confirmed_at,
        exported_at=exported_at,
        return_recorded_at=return_at,
        unknown_since=unknown_since,
        readback_issues=readback_issues(ordered, order),
    )


# --- derived columns ------------------------------------------------------------------------------

CombinedFn = Callable[[Order], Any]
NeedsFn = Callable[[Order], bool]


def _default_fns(
    clock: Clock | None = None, waits: Callable[[], states.Waits] | None = None
) -> tuple[CombinedFn | None, NeedsFn | None]:
    """The list state and needs-action functions of :mod:`amzdesk.states`: with ``clock``, the
    waits (``waits()``, default :data:`states.DEFAULT_WAITS`) are applied at the clock's time
    (``states.current_state``), else not."""
    if clock is not None:
        get_waits = waits or (lambda: states.DEFAULT_WAITS)

        def combined(order: Order) -> Any:
            return states.current_state(order, clock(), get_waits())

        def needs(order: Order) -> bool:
            return bool(states.current_state(order, clock(), get_waits()).needs_action)

        return combined, needs
    return states.combined_state, lambda order: bool(states.combined_state(order).needs_action)


def _carrier_tracking(order: Order) -> tuple[str, str]:
    packages = order.amazon.packages if order.amazon is not None else ()
    confirmed = order.notes.confirmed_packages
    trackings: list[str] = []
    carriers: list[str] = []
    if packages or confirmed:
        known = {p.tracking_number for p in packages}
        every = packages + tuple(p for p in confirmed if p.tracking_number not in known)
        trackings = [p.tracking_number for p in every if p.tracking_number]
        carriers = [p.carrier for p in every if p.carrier]
    ms = order.makeshop
    if ms is not None and ms.slip_number and ms.slip_number not in trackings:
        # an Amazon order's number known only in makeshop never reached Amazon (R-B2): say so
        trackings.append(f"makeshop: {ms.slip_number}" if order.is_amazon else ms.slip_number)
    if not carriers and ms is not None and ms.carrier_code:
        carriers.append(ms.carrier_code)
    return (carriers[0] if carriers else ""), ", ".join(dict.fromkeys(trackings))


def _derived(
    order: Order, combined_fn: CombinedFn | None, needs_fn: NeedsFn | None
) -> tuple[Any, ...]:
    """The list columns of ``order`` (which must carry its notes)."""
    state = combined_fn(order) if combined_fn is not None else None
    combined = "" if state is None else str(getattr(state, "value", state))
    if needs_fn is not None:
        needs = bool(needs_fn(order))
    elif isinstance(getattr(state, "needs_action", None), bool):
        needs = bool(getattr(state, "needs_action", False))
    else:
        needs = bool(states.combined_state(order).needs_action)
    carrier, tracking = _carrier_tracking(order)
    az, ms = order.amazon, order.makeshop
    items = az.items if az is not None and az.items else (ms.items if ms is not None else ())
    if len(items) == 1:
        titles, count = items[0].title, items[0].quantity
    else:
        titles = " / ".join(dict.fromkeys(i.title for i in items if i.title))
        count = sum(i.quantity for i in items)
    order_date = az.created if az is not None else (ms.order_date if ms is not None else None)
    ship_by = az.ship_by_latest if az is not None else None
    return (
        int(order_date.timestamp()) if order_date is not None else None,
        int(ship_by.timestamp()) if ship_by is not None else None,
        str(ms.delivery_status) if ms is not None else "",
        ms.payment_status if ms is not None else "",
        str(az.status) if az is not None else "",
        carrier,
        tracking,
        combined,
        int(needs),
        titles,
        count,
        ms.total_price if ms is not None else 0,
        _search_text(order),
    )


# --- schema and migrations ------------------------------------------------------------------------


def _migration_1(conn: sqlite3.Connection) -> None:
    """Initial schema: orders as JSON, cursors, journal intents and outcomes."""
    conn.execute(
        "CREATE TABLE orders ("
        " key TEXT PRIMARY KEY,"
        " channel TEXT NOT NULL,"
        " amazon_order_id TEXT NOT NULL DEFAULT '',"
        " display_order_number TEXT NOT NULL DEFAULT '',"
        " data TEXT NOT NULL,"
        " updated_at TEXT NOT NULL)"
    )
    conn.execute(
        "CREATE TABLE sync_cursors ("
        " name TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL)"
    )
    conn.execute(
        "CREATE TABLE journal ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " created_at TEXT NOT NULL,"
        " order_key TEXT NOT NULL,"
        " amazon_order_id TEXT NOT NULL DEFAULT '',"
        " display_order_number TEXT NOT NULL DEFAULT '',"
        " action TEXT NOT NULL,"
        " side TEXT NOT NULL CHECK (side IN ('amazon', 'makeshop', 'file')),"
        " package_reference_id TEXT NOT NULL DEFAULT '',"
        " request TEXT NOT NULL DEFAULT '{}')"
    )
    conn.execute(
        "CREATE TABLE journal_outcome ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " entry_id INTEGER NOT NULL REFERENCES journal(id),"
        " created_at TEXT NOT NULL,"
        " state TEXT NOT NULL"
        "  CHECK (state IN ('sent', 'done', 'failed', 'unknown', 'exported')),"
        " result TEXT NOT NULL DEFAULT '',"
        " http_status INTEGER,"
        " request_id TEXT NOT NULL DEFAULT '',"
        " error TEXT NOT NULL DEFAULT '')"
    )
    conn.execute("CREATE INDEX journal_order_key ON journal(order_key)")


_V2_COLUMNS: Final = (
    ("order_date", "INTEGER"),
    ("ship_by", "INTEGER"),
    ("delivery_status", "TEXT NOT NULL DEFAULT ''"),
    ("payment_status", "TEXT NOT NULL DEFAULT ''"),
    ("amazon_status", "TEXT NOT NULL DEFAULT ''"),
    ("carrier", "TEXT NOT NULL DEFAULT ''"),
    ("tracking_number", "TEXT NOT NULL DEFAULT ''"),
    ("combined_state", "TEXT NOT NULL DEFAULT ''"),
    ("needs_action", "INTEGER NOT NULL DEFAULT 0"),
    ("item_titles", "TEXT NOT NULL DEFAULT ''"),
    ("item_count", "INTEGER NOT NULL DEFAULT 0"),
    ("total_price", "INTEGER NOT NULL DEFAULT 0"),
    ("search_text", "TEXT NOT NULL DEFAULT ''"),
)
_DERIVED_NAMES: Final = tuple(name for name, _ in _V2_COLUMNS)


def _migration_2(conn: sqlite3.Connection) -> None:
    """Split orders: the JSON moves to ``order_data``; ``orders`` gets the list columns.

    Reading the list then never touches the (large) JSON pages.  The list columns are
    back-filled from the JSON and the journal.
    """
    conn.execute("CREATE TABLE order_data (key TEXT PRIMARY KEY, data TEXT NOT NULL)")
    conn.execute("INSERT INTO order_data (key, data) SELECT key, data FROM orders")
    derived = ",".join(f" {name} {decl}" for name, decl in _V2_COLUMNS)
    conn.execute(
        "CREATE TABLE orders_v2 ("
        " key TEXT PRIMARY KEY,"
        " channel TEXT NOT NULL,"
        " amazon_order_id TEXT NOT NULL DEFAULT '',"
        " display_order_number TEXT NOT NULL DEFAULT '',"
        f"{derived},"
        " data_hash TEXT NOT NULL DEFAULT '',"
        " updated_at TEXT NOT NULL)"
    )
    conn.execute(
        "INSERT INTO orders_v2 (key, channel, amazon_order_id, display_order_number, updated_at)"
        " SELECT key, channel, amazon_order_id, display_order_number, updated_at FROM orders"
    )
    conn.execute("DROP TABLE orders")
    conn.execute("ALTER TABLE orders_v2 RENAME TO orders")
    conn.execute("CREATE INDEX orders_amazon_order_id ON orders(amazon_order_id)")
    conn.execute("CREATE INDEX orders_display_order_number ON orders(display_order_number)")
    conn.execute("CREATE INDEX orders_ship_by ON orders(ship_by)")
    conn.execute("CREATE INDEX journal_outcome_entry ON journal_outcome(entry_id)")
    _recompute_derived(conn, None, *_default_fns())
    hashes = [(_data_hash(data), key) for key, data in conn.execute("SELECT * FROM order_data")]
    conn.executemany("UPDATE orders SET data_hash = ? WHERE key = ?", hashes)


def _migration_3(conn: sqlite3.Connection) -> None:
    """Make the journal append-only at the database level."""
    for table in ("journal", "journal_outcome"):
        for op in ("UPDATE", "DELETE"):
            conn.execute(
                f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table}"
                f" BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )


def _migration_4(conn: sqlite3.Connection) -> None:
    """An index for the list's first screen: the orders Amazon still waits for, by ship-by date
    (:meth:`Store.fetch_first_rows`; without it the first screen scans every order)."""
    conn.execute("CREATE INDEX orders_waiting ON orders(amazon_status, ship_by)")


def _migration_5(conn: sqlite3.Connection) -> None:
    """Orders are stored as positional JSON (format 2, :func:`order_to_json`): rewrite those of
    format 1 (keyed objects) with their hashes, so an unchanged order stays unchanged.  An older
    amzdesk, which reads format 1 only, refuses the file from now on (``user_version``)."""
    rows = conn.execute("SELECT key, data FROM order_data WHERE data LIKE '{%'").fetchall()
    data, hashes = [], []
    for key, text in rows:
        new = order_to_json(order_from_json(text))
        data.append((new, key))
        hashes.append((_data_hash(new), key))
    conn.executemany("UPDATE order_data SET data = ? WHERE key = ?", data)
    conn.executemany("UPDATE orders SET data_hash = ? WHERE key = ?", hashes)


MIGRATIONS: Final[tuple[Callable[[sqlite3.Connection], None], ...]] = (
    _migration_1,
    _migration_2,
    _migration_3,
    _migration_4,
    _migration_5,
)
SCHEMA_VERSION: Final = len(MIGRATIONS)


# --- journal SQL helpers --------------------------------------------------------------------------

_ENTRY_SELECT: Final = (
    "SELECT j.id, j.created_at, j.order_key, j.amazon_order_id, j.display_order_number,"
    " j.action, j.side, j.package_reference_id, j.request,"
    " COALESCE(o.state, 'intent'), COALESCE(o.result, ''), o.http_status,"
    " COALESCE(o.request_id, ''), COALESCE(o.error, ''), o.created_at"
    " FROM journal j LEFT JOIN journal_outcome o ON o.id ="
    " (SELECT MAX(id) FROM journal_outcome WHERE entry_id = j.id)"
)


def _norm_tracking(text: str) -> str:
    from amzdesk.tracking import normalize

    return normalize(text)


def _tracking_of(request: Mapping[str, Any]) -> str:
    detail = request.get("packageDetail")
    if isinstance(detail, Mapping):
        return "".join(str(detail.get("trackingNumber") or "").split())
    return "".join(str(request.get("slipNumber") or "").split())


def _check_exclusive(
    conn: sqlite3.Connection,
    order_key: str,
    side: str,
    package_reference_id: str,
    request: Mapping[str, Any],
    *,
    redo_done: bool = False,
) -> None:
    rows = conn.execute(
        _ENTRY_SELECT + " WHERE j.order_key = ? AND j.side = ? AND j.package_reference_id = ?"
        " ORDER BY j.id",
        (order_key, side, package_reference_id),
    ).fetchall()
    wanted = _tracking_of(request)
    for row in rows:
        entry = _entry_from_row(row)
        if not entry.resolved:
            raise JournalConflict(entry, "pending")
        if not redo_done and entry.state == "done" and _tracking_of(entry.request) == wanted:
            raise JournalConflict(entry, "done")


def _entry_from_row(row: Sequence[Any]) -> JournalEntry:
    try:
        request = json.loads(row[8]) if row[8] else {}
    except ValueError:
        request = {}
    return JournalEntry(
        id=int(row[0]),
        created_at=_req_dt(row[1]),
        order_key=str(row[2]),
        amazon_order_id=str(row[3]),
        display_order_number=str(row[4]),
        action=str(row[5]),
        side=str(row[6]),
        package_reference_id=str(row[7]),
        request=request if isinstance(request, dict) else {},
        state=str(row[9]),
        result=from_stored(str(row[10])),
        http_status=int(row[11]) if row[11] is not None else None,
        request_id=str(row[12]),
        error=from_stored(str(row[13])),
        updated_at=_dt_in(row[14]),
    )


_CHUNK: Final = 500


def _select_in(
    cur: sqlite3.Connection | sqlite3.Cursor, sql: str, keys: Sequence[str]
) -> list[Any]:
    """Run ``sql`` -- constant text whose ``{marks}`` becomes "?,?,..." -- for chunks of keys."""
    rows: list[Any] = []
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        rows += cur.execute(sql.format(marks=",".join("?" * len(chunk))), chunk).fetchall()
    return rows


def _entries_by_key(
    conn: sqlite3.Connection, keys: Iterable[str] | None
) -> dict[str, list[JournalEntry]]:
    out: dict[str, list[JournalEntry]] = defaultdict(list)
    if keys is None:
        rows = conn.execute(_ENTRY_SELECT + " ORDER BY j.id").fetchall()
    else:
        key_list = list(dict.fromkeys(keys))
        rows = _select_in(
            conn, _ENTRY_SELECT + " WHERE j.order_key IN ({marks}) ORDER BY j.id", key_list
        )
    for row in rows:
        entry = _entry_from_row(row)
        out[entry.order_key].append(entry)
    return out


def _recompute_derived(
    conn: sqlite3.Connection,
    keys: Iterable[str] | None,
    combined_fn: CombinedFn | None,
    needs_fn: NeedsFn | None,
) -> None:
    """Re-derive the list columns of ``keys`` (all orders when None) inside ``conn``'s txn."""
    if keys is None:
        rows = conn.execute("SELECT key, data FROM order_data").fetchall()
        entries = _entries_by_key(conn, None)
    else:
        key_list = list(dict.fromkeys(keys))
        rows = _select_in(conn, "SELECT key, data FROM order_data WHERE key IN ({marks})", key_list)
        entries = _entries_by_key(conn, key_list)
    assignments = ", ".join(f"{name} = ?" for name in _DERIVED_NAMES)
    updates = []
    for key, data in rows:
        bare = order_from_json(data)
        order = replace(bare, notes=derive_notes(entries.get(key, ()), bare))
        updates.append((*_derived(order, combined_fn, needs_fn), key))
    conn.executemany(f"UPDATE orders SET {assignments} WHERE key = ?", updates)  # noqa: S608


_ORDER_COLUMNS: Final = (
    "key",
    "channel",
    "amazon_order_id",
    "display_order_number",
    *_DERIVED_NAMES,
    "data_hash",
    "updated_at",
)
# A row is rewritten (and counted as changed, ``updated_at`` set) only when something differs.
_UPSERT_ORDER_SQL: Final = (  # noqa: S608 (constant column names only)
    "INSERT INTO orders ({cols}) VALUES ({marks}) ON CONFLICT(key) DO UPDATE SET {sets}"
    " WHERE {changed}"
).format(
    cols=", ".join(_ORDER_COLUMNS),
    marks=", ".join("?" * len(_ORDER_COLUMNS)),
    sets=", ".join(f"{n} = excluded.{n}" for n in _ORDER_COLUMNS[1:]),
    changed=" OR ".join(f"orders.{n} IS NOT excluded.{n}" for n in _ORDER_COLUMNS[1:-1]),
)
_FIND_SQL: Final = tuple(
    "SELECT d.key, d.data FROM orders o JOIN order_data d ON d.key = o.key"  # noqa: S608
    f" WHERE o.{column} = ? ORDER BY o.key LIMIT 1"
    for column in ("key", "display_order_number", "amazon_order_id")
)
_UPSERT_DATA_SQL: Final = (
    "INSERT INTO order_data (key, data) VALUES (?, ?)"
    " ON CONFLICT(key) DO UPDATE SET data = excluded.data WHERE data IS NOT excluded.data"
)


def _data_hash(data: str) -> str:
    return hashlib.blake2b(data.encode("utf-8"), digest_size=12).hexdigest()


def _scrub_items(items: tuple[OrderItem, ...], pii: Callable[[str], str]) -> tuple[OrderItem, ...]:
    if all(pii(i.title) == i.title for i in items):
        return items
    return tuple(replace(i, title=pii(i.title)) for i in items)


def _memo_scrub() -> Callable[[str], str]:
    """:func:`scrub_pii` remembering its answers (one batch: titles and method texts repeat)."""
    memo: dict[str, str] = {}

    def pii(text: str) -> str:
        out = memo.get(text)
        if out is None:
            out = memo[text] = scrub_pii(text)
        return out

    return pii


def _scrub_order(order: Order, pii: Callable[[str], str] = scrub_pii) -> Order:
    """``order`` with PII-shaped text masked in its free-text fields (usually unchanged).

    Identifiers (order numbers, SKUs, tracking numbers) are never rewritten.
    """
    az, ms = order.amazon, order.makeshop
    if az is not None:
        packages = az.packages
        if any(
            pii(p.carrier) != p.carrier
            or pii(p.shipping_service) != p.shipping_service
            or pii(p.status) != p.status
            for p in packages
        ):
            packages = tuple(
                replace(
                    p,
                    carrier=pii(p.carrier),
                    shipping_service=pii(p.shipping_service),
                    status=pii(p.status),
                )
                for p in packages
            )
        items = _scrub_items(az.items, pii)
        if items is not az.items or packages is not az.packages:
            az = replace(az, items=items, packages=packages)
    if ms is not None:
        items = _scrub_items(ms.items, pii)
        pay, method = pii(ms.pay_method), pii(ms.delivery_method)
        deliveries = tuple(
            d if (di := _scrub_items(d.items, pii)) is d.items else replace(d, items=di)
            for d in ms.deliveries
        )
        if (
            items is not ms.items
            or pay != ms.pay_method
            or method != ms.delivery_method
            or deliveries != ms.deliveries
        ):
            ms = replace(
                ms, items=items, pay_method=pay, delivery_method=method, deliveries=deliveries
            )
    if az is order.amazon and ms is order.makeshop:
        return order
    return replace(order, amazon=az, makeshop=ms)


_NO_NOTES: Final = LocalNotes()  # derive_notes of an order without journal entries


def _stored_hashes(conn: sqlite3.Connection, keys: Sequence[str]) -> dict[str, str]:
    """key -> data_hash of the stored rows among ``keys``."""
    return dict(_select_in(conn, "SELECT key, data_hash FROM orders WHERE key IN ({marks})", keys))


def _journaled_keys(conn: sqlite3.Connection, keys: Sequence[str]) -> list[str]:
    """Those of ``keys`` that have journal entries (one pass over the journal's key index
    instead of one lookup per key when the batch is large)."""
    if len(keys) <= _CHUNK:
        return list(keys)
    journaled = {r[0] for r in conn.execute("SELECT DISTINCT order_key FROM journal")}
    return [k for k in keys if k in journaled]


# --- the store ------------------------------------------------------------------------------------


def _iso_now(clock: Clock) -> str:
    return clock().astimezone(UTC).isoformat()


class Store:
    """Thread-safe access to the local SQLite store.  See the module docstring.

    ``combined_state_fn`` / ``needs_action_fn`` default to :mod:`amzdesk.states`.
    """

    def __init__(
        self,
        path: Path | str | None = None,
        *,
        clock: Clock = utcnow,
        combined_state_fn: CombinedFn | None = None,
        needs_action_fn: NeedsFn | None = None,
        busy_timeout: float = BUSY_TIMEOUT_S,
        waits: states.Waits = states.DEFAULT_WAITS,
    ) -> None:
        self._busy_timeout = float(busy_timeout)
        self.path = Path(path) if path is not None else paths.data_dir() / DB_FILE_NAME
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._clock = clock
        self.waits = waits  # the owner's waits (Settings.waits); change with set_waits
        default_combined, default_needs = _default_fns(clock, lambda: self.waits)
        self._combined_fn = combined_state_fn or default_combined
        self._needs_fn = needs_action_fn or (
            None if combined_state_fn is not None else default_needs
        )
        self._default_state = combined_state_fn is None and needs_action_fn is None
        self._write_lock = threading.RLock()
        self._local = threading.local()
        # reading thread -> its connection; connections of finished threads are closed lazily
        self._readers: dict[threading.Thread, sqlite3.Connection] = {}
        self._readers_lock = threading.Lock()
        self._closed = False
        self.sender_lock = SenderLock.for_path(self.path.with_name(self.path.name + ".lock"))
        existed = self.path.exists()
        if existed:
            self._check_file()
        try:
            self._writer = self._connect(readonly=False)
            if existed and not self._has_schema():
                self._writer.close()
                raise StoreError(self.damaged_message("中身がありません（表がひとつもありません）"))
            if os.name == "posix":  # shop data is the owner's business: not world-readable
                with contextlib.suppress(OSError):
                    os.chmod(self.path, 0o600)  # -wal/-shm inherit the database's mode
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                self.damaged_message(f"開けません（{type(exc).__name__}: {exc}）")
            ) from exc

    # -- damage and backups ----------------------------------------------------------------------

    @property
    def backup_path(self) -> Path:
        """Where :meth:`backup` keeps the last good copy of the store."""
        return self.path.with_name(self.path.name + BACKUP_SUFFIX)

    def damaged_message(self, what: str) -> str:
        """The Japanese message for a store that cannot be used, with how to recover."""
        backup = self.backup_path
        if backup.exists():
            restore = (
                f"前回正常に終了したときのコピーが {backup} にあります。amzdesk を終了し、"
                f"{self.path.name} を別の名前に変えて保管してから、このコピーの名前を "
                f"{self.path.name} に変えると、その時点の状態に戻せます（その後の送信は"
                "次の同期で Amazon・makeshop から読み直されます）"
            )
        else:
            restore = (
                "コピーはまだありません。amzdesk を終了し、このファイルを別の名前に変えて"
                "保管してから起動すると新しく始められますが、送信の記録は引き継がれません"
            )
        return (
            f"注文データのファイル {self.path} は{what}。"
            f"送信の記録を失わないよう、新しいファイルでは始めませんでした。{restore}"
        )

    def _check_file(self) -> None:
        """An existing store must be a SQLite file with content: an empty or foreign file is
        damage (never silently a fresh start that would forget the journal)."""
        if not self.path.is_file():
            raise StoreError(self.damaged_message("通常のファイルではありません"))
        try:
            with open(self.path, "rb") as fh:
                head = fh.read(len(_SQLITE_HEADER))
            wal = self.path.with_name(self.path.name + "-wal")
            wal_size = wal.stat().st_size if wal.exists() else 0
        except OSError as exc:
            raise StoreError(self.damaged_message(f"読めません（{type(exc).__name__}）")) from exc
        if not head and wal_size == 0:
            raise StoreError(self.damaged_message("空です（0 バイト）"))
        if head and head != _SQLITE_HEADER:
            raise StoreError(self.damaged_message("壊れています（SQLite の形式ではありません）"))

    def _has_schema(self) -> bool:
        row = self._writer.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        ).fetchone()
        version = self._writer.execute("PRAGMA user_version").fetchone()
        return bool(row and row[0]) or bool(version and version[0])

    def backup(self, *, max_age_s: float = 24 * 3600.0) -> Path | None:
        """Copy the store to :attr:`backup_path` (SQLite's online backup, consistent) unless
        the copy is younger than ``max_age_s``; returns the copy's path or None when skipped.
        The copy is checked (``quick_check``) before it replaces the previous one."""
        target = self.backup_path
        with contextlib.suppress(OSError):
            if time.time() - target.stat().st_mtime < max_age_s:
                return None
        tmp = target.with_name(target.name + ".tmp")
        tmp.unlink(missing_ok=True)
        try:
            with self._read() as conn:
                dest = sqlite3.connect(tmp)
                try:
                    conn.backup(dest)
                    ok = dest.execute("PRAGMA quick_check").fetchone()[0] == "ok"
                finally:
                    dest.close()
            if not ok:
                tmp.unlink(missing_ok=True)
                return None
            if os.name == "posix":
                os.chmod(tmp, 0o600)
            os.replace(tmp, target)
        except (OSError, sqlite3.Error, StoreError) as exc:
            log.warning("store backup failed: %s", exc)
            tmp.unlink(missing_ok=True)
            return None
        return target

    # -- connections -----------------------------------------------------------------------------

    def _connect(self, *, readonly: bool) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path,
            timeout=self._busy_timeout,
            isolation_level=None,  # explicit BEGIN/COMMIT only
            check_same_thread=False,  # each connection is used by one thread; close() is global
        )
        conn.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout * 1000)}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise sqlite3.DatabaseError(f"WAL mode unavailable ({mode})")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        if readonly:
            conn.execute("PRAGMA query_only = ON")
        else:
            # a sync's batch of orders is written in one transaction: with SQLite's default
            # 2 MiB page cache, 100,000 rows spill half-built B-tree pages to the WAL repeatedly
            conn.execute(f"PRAGMA cache_size = -{WRITE_CACHE_KIB}")
        return conn

    def _reader(self) -> sqlite3.Connection:
        if self._closed:
            raise StoreError("注文データのファイルは閉じられています")
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect(readonly=True)
            self._local.conn = conn
            with self._readers_lock:
                for thread in [t for t in self._readers if not t.is_alive()]:
                    with contextlib.suppress(sqlite3.Error):
                        self._readers.pop(thread).close()
                self._readers[threading.current_thread()] = conn
        return conn

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """One read transaction (a consistent snapshot) on this thread's connection."""
        try:
            conn = self._reader()
        except sqlite3.Error as exc:
            raise StoreError(self._read_error(exc)) from exc
        if conn.in_transaction:  # nested read on the same thread
            yield conn
            return
        try:
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StoreError(self._read_error(exc)) from exc

    def _read_error(self, exc: sqlite3.Error) -> str:
        if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
            return self.damaged_message(f"壊れています（{type(exc).__name__}: {exc}）")
        if "malformed" in str(exc) or "not a database" in str(exc):
            return self.damaged_message(f"壊れています（{exc}）")
        return f"{_READ_MESSAGE}（{type(exc).__name__}）"

    @contextlib.contextmanager
    def _write(self, *, durable: bool = False) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` transaction on the write connection (FULL sync if durable)."""
        with self._write_lock:
            if self._closed:
                raise StoreError("注文データのファイルは閉じられています")
            conn = self._writer
            try:
                if durable:
                    conn.execute("PRAGMA synchronous = FULL")
                try:
                    conn.execute("BEGIN IMMEDIATE")
                except sqlite3.OperationalError as exc:
                    raise StoreError(_BUSY_MESSAGE) from exc
                try:
                    yield conn
                    conn.execute("COMMIT")
                except BaseException as exc:
                    if conn.in_transaction:
                        with contextlib.suppress(sqlite3.Error):
                            conn.execute("ROLLBACK")
                    if isinstance(exc, sqlite3.Error):
                        text = str(exc)
                        if "malformed" in text or "not a database" in text:
                            raise StoreError(
                                self.damaged_message(f"壊れています（{text}）")
                            ) from exc
                        raise StoreError(f"{_WRITE_MESSAGE}（{type(exc).__name__}）") from exc
                    raise
            finally:
                if durable:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("PRAGMA synchronous = NORMAL")

    def _migrate(self) -> None:
        with self._write() as conn:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise StoreError(
                    "この注文データのファイルは新しいバージョンの amzdesk で作成されています。"
                    "amzdesk を更新してください。"
                )
            for target in range(version + 1, SCHEMA_VERSION + 1):
                log.info("migrating store schema %d -> %d", target - 1, target)
                MIGRATIONS[target - 1](conn)
                conn.execute(f"PRAGMA user_version = {target}")

    def reader_count(self) -> int:
        """Open per-thread read connections (diagnostics)."""
        with self._readers_lock:
            return len(self._readers)

    def schema_version(self) -> int:
        with self._read() as conn:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])

    def set_waits(self, waits: states.Waits) -> None:
        """Apply the owner's new waits (settings) and re-derive every order's list state now."""
        if waits == self.waits:
            return
        self.waits = waits
        with _gc_paused(), self._write() as conn:
            _recompute_derived(conn, None, *self._batch_fns(None, None))

    def close(self) -> None:
        """Close every connection (readers of all threads included).  Idempotent."""
        with self._write_lock:
            if self._closed:
                return
            self._closed = True
            with self._readers_lock:
                readers, self._readers = list(self._readers.values()), {}
            for conn in readers:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
            with contextlib.suppress(sqlite3.Error):
                self._writer.execute("PRAGMA wal_checkpoint(PASSIVE)")
            self._writer.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- orders ----------------------------------------------------------------------------------

    def upsert_orders(
        self,
        orders: Iterable[Order],
        *,
        combined_state_fn: CombinedFn | None = None,
        needs_action_fn: NeedsFn | None = None,
        cursors: Mapping[str, str] | None = None,
        remove: Iterable[str] = (),
    ) -> int:
        """Insert or replace ``orders`` in one transaction; returns how many rows changed.

        ``remove``: keys of rows to delete in the same transaction (a makeshop order that turned
        out to be the makeshop side of an Amazon row).

        ``cursors`` (name -> value) are written in the same transaction (sync: a page of orders
        and its cursor advance are committed together or not at all).

        Each order replaces the stored one with the same key as a whole (merging the Amazon
        and makeshop sides is the caller's job).  ``notes`` on the given orders are ignored:
        they are derived from the journal.  The list columns are derived with
        ``combined_state_fn`` (default: the store's, i.e. ``amzdesk.states``).
        """
        batch = list(orders)
        kept = {o.key for o in batch}
        gone = [(k,) for k in dict.fromkeys(remove) if k not in kept]
        if not batch:
            if cursors or gone:
                with self._write() as conn:
                    conn.executemany("DELETE FROM orders WHERE key = ?", gone)
                    conn.executemany("DELETE FROM order_data WHERE key = ?", gone)
                    if cursors:
                        self._write_cursors(conn, cursors)
            return len(gone)
        # The batch's objects hold no reference cycles: the cyclic GC, which would walk every
        # one of them again and again while they are built, waits until the batch is written.
        with _gc_paused():
            return self._upsert(batch, combined_state_fn, needs_action_fn, cursors, gone)

    def _upsert(
        self,
        batch: list[Order],
        combined_state_fn: CombinedFn | None,
        needs_action_fn: NeedsFn | None,
        cursors: Mapping[str, str] | None,
        gone: list[tuple[str]],
    ) -> int:
        combined_fn, needs_fn = self._batch_fns(combined_state_fn, needs_action_fn)
        now = _iso_now(self._clock)
        # Serialise outside the write lock (one scrub memo and one encoder for the batch); skip
        # orders whose stored JSON is identical (their list columns change only with the
        # journal, which re-derives them itself).  Rows go to SQLite in key order (B-tree pages
        # are then filled in sequence).
        pii = _memo_scrub()
        encoder = _Encoder()
        prepared: list[tuple[Order, str, str]] = []
        for given in batch:
            order = _scrub_order(given, pii)
            data = encoder.order(order)
            prepared.append((order, data, _data_hash(data)))
        prepared.sort(key=lambda p: p[0].key)  # stable: of two equal keys the later one wins
        default_fns = combined_state_fn is None and needs_action_fn is None
        with self._write() as conn:
            stored: dict[str, str] = (
                _stored_hashes(conn, [o.key for o, _, _ in prepared]) if default_fns else {}
            )
            todo = [p for p in prepared if stored.get(p[0].key) != p[2]]
            entries = _entries_by_key(conn, _journaled_keys(conn, [o.key for o, _, _ in todo]))
            rows = []
            data_rows = []
            for order, data, digest in todo:
                journal = entries.get(order.key)
                notes = derive_notes(journal, order) if journal else _NO_NOTES
                full = order if order.notes == notes else replace(order, notes=notes)
                rows.append(
                    (
                        order.key,
                        order.channel.value,
                        order.amazon_order_id,
                        order.display_order_number,
                        *_derived(full, combined_fn, needs_fn),
                        digest,
                        now,
                    )
                )
                data_rows.append((order.key, data))
            conn.executemany("DELETE FROM orders WHERE key = ?", gone)
            conn.executemany("DELETE FROM order_data WHERE key = ?", gone)
            conn.executemany(_UPSERT_DATA_SQL, data_rows)
            before = conn.total_changes
            conn.executemany(_UPSERT_ORDER_SQL, rows)
            changed = conn.total_changes - before
            if cursors:
                self._write_cursors(conn, cursors)
            return changed

    def _batch_fns(
        self, combined_state_fn: CombinedFn | None, needs_action_fn: NeedsFn | None
    ) -> tuple[CombinedFn | None, NeedsFn | None]:
        """The state functions for one write: the given ones, or the store's.  The default
        (:mod:`amzdesk.states` at the clock's time, with the owner's waits) reads the clock once
        per write and takes needs-action from the same state."""
        if combined_state_fn is None and needs_action_fn is None and self._default_state:
            now, waits = self._clock(), self.waits
            return (lambda order: states.current_state(order, now, waits)), None
        combined_fn = combined_state_fn or self._combined_fn
        needs_fn = needs_action_fn or (None if combined_state_fn is not None else self._needs_fn)
        return combined_fn, needs_fn

    def _orders_from_rows(
        self, conn: sqlite3.Connection, rows: Sequence[tuple[str, str]], *, all_keys: bool = False
    ) -> list[Order]:
        entries = _entries_by_key(conn, None if all_keys else [k for k, _ in rows])
        out = []
        for key, data in rows:
            bare = order_from_json(data)
            out.append(replace(bare, notes=derive_notes(entries.get(key, ()), bare)))
        return out

    def get(self, key: str) -> Order | None:
        """The order with ``key``, with its notes, or None."""
        with self._read() as conn:
            rows = conn.execute("SELECT key, data FROM order_data WHERE key = ?", (key,)).fetchall()
            orders = self._orders_from_rows(conn, rows)
        return orders[0] if orders else None

    def get_many(self, keys: Iterable[str]) -> list[Order]:
        """The stored orders among ``keys`` (missing keys are skipped), in the given order."""
        key_list = list(dict.fromkeys(keys))
        with self._read() as conn:
            rows = _select_in(
                conn, "SELECT key, data FROM order_data WHERE key IN ({marks})", key_list
            )
            orders = {o.key: o for o in self._orders_from_rows(conn, rows)}
        return [orders[k] for k in key_list if k in orders]

    def find(self, ref: str) -> Order | None:
        """By key, makeshop display order number or Amazon order ID (in that order)."""
        ref = unicodedata.normalize("NFKC", ref or "").strip()
        if not ref:
            return None
        with self._read() as conn:
            for sql in _FIND_SQL:
                rows = conn.execute(sql, (ref,)).fetchall()
                if rows:
                    return self._orders_from_rows(conn, rows)[0]
        return None

    def all_orders(self) -> list[Order]:
        """Every order with its notes (decodes JSON: use :meth:`fetch_rows` for the list)."""
        with self._read() as conn:
            rows = conn.execute("SELECT key, data FROM order_data ORDER BY key").fetchall()
            return self._orders_from_rows(conn, rows, all_keys=True)

    def count(self) -> int:
        with self._read() as conn:
            return int(conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0])

    def keys(self) -> list[str]:
        with self._read() as conn:
            return [r[0] for r in conn.execute("SELECT key FROM orders ORDER BY key")]

    def fetch_rows(self, keys: Iterable[str] | None = None) -> list[OrderRow]:
        """List rows (no JSON decoding), all orders or those among ``keys``.

        Sorted by ``ship_by`` (orders without one last), then order date descending.
        """
        order_by = " ORDER BY ship_by IS NULL, ship_by, order_date DESC, key"
        with _gc_paused(), self._read() as conn:
            cur = conn.cursor()
            cur.row_factory = _row_factory
            if keys is None:
                return list(cur.execute(_ROW_SELECT + order_by))
            key_list = list(dict.fromkeys(keys))
            return _select_in(cur, _ROW_SELECT + " WHERE key IN ({marks})", key_list)

    def fetch_first_rows(
        self,
        limit: int,
        *,
        channel: str | None = None,
        amazon_statuses: Sequence[str] = (),
        needs_action: bool = False,
    ) -> list[OrderRow]:
        """The first ``limit`` rows in :meth:`fetch_rows` order (by ship-by date, then order
        date), optionally only those of ``channel`` with one of ``amazon_statuses``: the list's
        first screen, read through the ``ship_by`` / ``orders_waiting`` indexes while every row
        is still being read (milliseconds at 100,000 orders, where all rows take seconds).

        ``needs_action``: only rows that need action, oldest order first (shop orders have no
        ship-by date: their urgency is their age)."""
        if needs_action:
            sql = _ROW_SELECT + " WHERE needs_action = 1"
            args_na: list[Any] = []
            if channel is not None:
                sql += " AND channel = ?"
                args_na.append(channel)
            sql += " ORDER BY order_date, key LIMIT ?"
            with _gc_paused(), self._read() as conn:
                cur = conn.cursor()
                cur.row_factory = _row_factory
                return list(cur.execute(sql, (*args_na, max(0, limit))))
        where = ["ship_by IS NOT NULL"]
        args: list[Any] = []
        if channel is not None:
            where.append("channel = ?")
            args.append(channel)
        if amazon_statuses:
            where.append(f"amazon_status IN ({', '.join('?' * len(amazon_statuses))})")
            args += list(amazon_statuses)
        order = " ORDER BY ship_by, order_date DESC, key LIMIT ?"
        with _gc_paused(), self._read() as conn:
            cur = conn.cursor()
            cur.row_factory = _row_factory
            sql = _ROW_SELECT + " WHERE " + " AND ".join(where) + order
            rows: list[OrderRow] = list(cur.execute(sql, (*args, max(0, limit))))
            if len(rows) < limit and channel is None and not amazon_statuses:
                tail = _ROW_SELECT + " WHERE ship_by IS NULL ORDER BY order_date DESC, key LIMIT ?"
                rows += cur.execute(tail, (limit - len(rows),))
            return rows

    def fetch_row(self, key: str) -> OrderRow | None:
        rows = self.fetch_rows([key])
        return rows[0] if rows else None

    def iter_rows(self) -> Iterator[OrderRow]:
        """Like :meth:`fetch_rows` (one snapshot), as an iterator."""
        yield from self.fetch_rows()

    def search_keys(self, query: str) -> list[str]:
        """Keys whose search text contains every whitespace-separated term of ``query``."""
        terms = normalize_search(query).split()
        if not terms:
            return self.keys()
        where = " AND ".join("instr(search_text, ?) > 0" for _ in terms)
        with self._read() as conn:
            return [
                r[0]
                for r in conn.execute(f"SELECT key FROM orders WHERE {where} ORDER BY key", terms)  # noqa: S608
            ]

    # -- sync cursors ----------------------------------------------------------------------------

    def get_cursor(self, name: str) -> str | None:
        with self._read() as conn:
            row = conn.execute("SELECT value FROM sync_cursors WHERE name = ?", (name,)).fetchone()
        return str(row[0]) if row is not None else None

    def _write_cursors(self, conn: sqlite3.Connection, cursors: Mapping[str, str]) -> None:
        now = _iso_now(self._clock)
        conn.executemany(
            "INSERT INTO sync_cursors (name, value, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT(name) DO UPDATE SET value = excluded.value,"
            " updated_at = excluded.updated_at",
            [(name, value, now) for name, value in cursors.items()],
        )

    def set_cursor(self, name: str, value: str) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO sync_cursors (name, value, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT(name) DO UPDATE SET value = excluded.value,"
                " updated_at = excluded.updated_at",
                (name, value, _iso_now(self._clock)),
            )

    def cursors(self) -> dict[str, tuple[str, datetime]]:
        """name -> (value, updated_at)."""
        with self._read() as conn:
            rows = conn.execute("SELECT name, value, updated_at FROM sync_cursors").fetchall()
        return {str(n): (str(v), _req_dt(u)) for n, v, u in rows}

    # -- journal ---------------------------------------------------------------------------------

    def _insert_intent(
        self,
        conn: sqlite3.Connection,
        *,
        order_key: str,
        action: str,
        side: str,
        package_reference_id: str,
        request: Mapping[str, Any],
        amazon_order_id: str | None,
        display_order_number: str | None,
    ) -> int:
        if side not in SIDES:
            raise JournalError(f"unknown journal side: {side!r}")
        if not order_key or not action:
            raise JournalError("order_key and action are required")
        if amazon_order_id is None or display_order_number is None:
            row = conn.execute(
                "SELECT amazon_order_id, display_order_number FROM orders WHERE key = ?",
                (order_key,),
            ).fetchone()
            if amazon_order_id is None:
                amazon_order_id = str(row[0]) if row else ""
            if display_order_number is None:
                display_order_number = str(row[1]) if row else ""
        payload = json.dumps(scrub_request(request), ensure_ascii=False, sort_keys=True)
        cur = conn.execute(
            "INSERT INTO journal (created_at, order_key, amazon_order_id, display_order_number,"
            " action, side, package_reference_id, request) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                _iso_now(self._clock),
                order_key,
                amazon_order_id,
                display_order_number,
                action,
                side,
                package_reference_id,
                payload,
            ),
        )
        assert cur.lastrowid is not None
        return int(cur.lastrowid)

    def _insert_outcome(
        self,
        conn: sqlite3.Connection,
        *,
        entry_id: int,
        state: str,
        request_id: str | None,
        http_status: int | None,
        result: str | None,
        error: str | None,
    ) -> str:
        if state not in OUTCOME_STATES:
            raise JournalError(f"not an outcome state: {state!r} (one of {OUTCOME_STATES})")
        row = conn.execute(
            "SELECT j.order_key, (SELECT state FROM journal_outcome"
            " WHERE entry_id = j.id ORDER BY id DESC LIMIT 1) FROM journal j WHERE j.id = ?",
            (entry_id,),
        ).fetchone()
        if row is None:
            raise JournalError(f"no journal entry {entry_id}")
        if row[1] in FINAL_STATES:
            raise JournalError(f"journal entry {entry_id} is already final ({row[1]})")
        conn.execute(
            "INSERT INTO journal_outcome (entry_id, created_at, state, result, http_status,"
            " request_id, error) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                entry_id,
                _iso_now(self._clock),
                state,
                _clip_sentence(result),
                http_status,
                _clip(request_id),
                _clip_sentence(error),
            ),
        )
        return str(row[0])

    def journal_intent(
        self,
        order_key: str,
        action: str,
        side: str,
        package_reference_id: str = "",
        request: Mapping[str, Any] | None = None,
        *,
        amazon_order_id: str | None = None,
        display_order_number: str | None = None,
        exclusive: bool = False,
        redo_done: bool = False,
    ) -> int:
        """Record an intent durably (fsynced) before anything is sent; returns its id.

        ``exclusive``: in the same transaction (``BEGIN IMMEDIATE``: one writer across all
        processes), first look for entries of the same order, side and package reference; one
        still unresolved, or done with the same tracking number, raises
        :class:`JournalConflict` and nothing is written -- the check and the intent are one
        step, so two processes can never both decide to send the same package.  ``redo_done``:
        a done entry with the same number does not conflict (a package sent again on purpose,
        e.g. after a read-back found it registered differently).

        ``package_reference_id`` is Amazon's packageReferenceId, or for makeshop / file the
        idempotency key.  ``request`` is what will be sent, without credentials; personal-data
        keys are dropped (R-D1).  The order's IDs default to the stored order's.
        """
        with self._write(durable=True) as conn:
            if exclusive:
                _check_exclusive(
                    conn, order_key, side, package_reference_id, request or {}, redo_done=redo_done
                )
            entry_id = self._insert_intent(
                conn,
                order_key=order_key,
                action=action,
                side=side,
                package_reference_id=package_reference_id,
                request=request or {},
                amazon_order_id=amazon_order_id,
                display_order_number=display_order_number,
            )
            _recompute_derived(conn, [order_key], *self._batch_fns(None, None))
        return entry_id

    def journal_record(
        self,
        order_key: str,
        action: str,
        side: str,
        *,
        package_reference_id: str,
        request: Mapping[str, Any],
        state: str,
        result: str | None = None,
        error: str | None = None,
        request_id: str | None = None,
        http_status: int | None = None,
        amazon_order_id: str | None = None,
        display_order_number: str | None = None,
    ) -> int:
        """An entry and its (final) outcome in one durable transaction: for records of what was
        observed (a read-back), which never have an unresolved moment."""
        if state not in FINAL_STATES:
            raise JournalError(f"journal_record needs a final state, not {state!r}")
        with self._write(durable=True) as conn:
            entry_id = self._insert_intent(
                conn,
                order_key=order_key,
                action=action,
                side=side,
                package_reference_id=package_reference_id,
                request=request,
                amazon_order_id=amazon_order_id,
                display_order_number=display_order_number,
            )
            self._insert_outcome(
                conn,
                entry_id=entry_id,
                state=state,
                request_id=request_id,
                http_status=http_status,
                result=result,
                error=error,
            )
            _recompute_derived(conn, [order_key], *self._batch_fns(None, None))
        return entry_id

    def journal_outcome(
        self,
        entry_id: int,
        state: str,
        *,
        request_id: str | None = None,
        http_status: int | None = None,
        result: str | None = None,
        error: str | None = None,
    ) -> None:
        """Append an outcome (``sent``/``done``/``failed``/``unknown``/``exported``).

        Raises JournalError after a final outcome (``done``/``failed``) or for an unknown id.
        """
        with self._write(durable=True) as conn:
            key = self._insert_outcome(
                conn,
                entry_id=entry_id,
                state=state,
                request_id=request_id,
                http_status=http_status,
                result=result,
                error=error,
            )
            _recompute_derived(conn, [key], *self._batch_fns(None, None))

    def journal_entry(self, entry_id: int) -> JournalEntry | None:
        with self._read() as conn:
            row = conn.execute(_ENTRY_SELECT + " WHERE j.id = ?", (entry_id,)).fetchone()
        return _entry_from_row(row) if row is not None else None

    def journal_entries(
        self,
        order_key: str | None = None,
        limit: int | None = None,
        states: Iterable[str] | None = None,
        *,
        side: str | None = None,
        action: str | None = None,
    ) -> list[JournalEntry]:
        """Entries with their current state, newest first."""
        clauses: list[str] = []
        params: list[Any] = []
        if order_key is not None:
            clauses.append("j.order_key = ?")
            params.append(order_key)
        if side is not None:
            clauses.append("j.side = ?")
            params.append(side)
        if action is not None:
            clauses.append("j.action = ?")
            params.append(action)
        if states is not None:
            wanted = list(states)
            if not wanted:
                return []
            clauses.append(f"COALESCE(o.state, 'intent') IN ({','.join('?' * len(wanted))})")
            params += wanted
        sql = _ENTRY_SELECT
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY j.id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        with self._read() as conn:
            return [_entry_from_row(r) for r in conn.execute(sql, params)]

    def journal_history(self, entry_id: int) -> list[tuple[datetime, str, str]]:
        """Every outcome of one entry, oldest first: (time, state, result-or-error)."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT created_at, state, CASE WHEN error != '' THEN error ELSE result END"
                " FROM journal_outcome WHERE entry_id = ? ORDER BY id",
                (entry_id,),
            ).fetchall()
        return [(_req_dt(t), str(s), from_stored(str(r))) for t, s, r in rows]

    def tracking_owners(self, numbers: Iterable[str]) -> dict[str, set[str]]:
        """For each tracking number (normalised: no spaces/hyphens, upper case), the order keys
        whose journal already sent or is sending it (failed entries do not count)."""
        wanted = {_norm_tracking(n) for n in numbers} - {""}
        out: dict[str, set[str]] = {}
        if not wanted:
            return out
        for entry in self.journal_entries():
            if entry.state == "failed":
                continue
            number = _norm_tracking(entry.tracking_number)
            if number in wanted:
                out.setdefault(number, set()).add(entry.order_key)
        return out

    def unresolved(self) -> list[JournalEntry]:
        """Entries whose outcome is not known (``intent``, ``sent``, ``unknown``), oldest first."""
        return sorted(self.journal_entries(states=UNRESOLVED_STATES), key=lambda e: e.id)

    unresolved_intents = unresolved

    def notes_for(self, key: str) -> LocalNotes:
        with self._read() as conn:
            entries = _entries_by_key(conn, [key]).get(key, [])
            row = conn.execute("SELECT data FROM order_data WHERE key = ?", (key,)).fetchone()
        return derive_notes(entries, order_from_json(row[0]) if row is not None else None)

    def record_return_done(
        self, order_key: str, *, note: str = "", amazon_order_id: str | None = None
    ) -> int:
        """Record that the return was processed in Seller Central (R-C1); returns the entry id."""
        with self._write(durable=True) as conn:
            entry_id = self._insert_intent(
                conn,
                order_key=order_key,
                action=ACTION_RETURN_RECORDED,
                side="amazon",
                package_reference_id="",
                request={},
                amazon_order_id=amazon_order_id,
                display_order_number=None,
            )
            self._insert_outcome(
                conn,
                entry_id=entry_id,
                state="done",
                request_id=None,
                http_status=None,
                result=note,
                error=None,
            )
            _recompute_derived(conn, [order_key], *self._batch_fns(None, None))
        return entry_id

    def mark_exported(
        self,
        order_key: str,
        package_reference_id: str,
        request: Mapping[str, Any],
        *,
        file_name: str = "",
        amazon_order_id: str | None = None,
    ) -> int:
        """Record a shipment written to an Amazon upload file (state ``exported``).

        ``request`` is the row written (``trackingNumber``, ``carrierCode``, ``orderItems`` …).
        Only the file's base name is kept (a full path can contain the user's name).
        """
        with self._write(durable=True) as conn:
            entry_id = self._insert_intent(
                conn,
                order_key=order_key,
                action=ACTION_EXPORT,
                side="file",
                package_reference_id=package_reference_id,
                request=request,
                amazon_order_id=amazon_order_id,
                display_order_number=None,
            )
            self._insert_outcome(
                conn,
                entry_id=entry_id,
                state="exported",
                request_id=None,
                http_status=None,
                result=PurePath(file_name).name if file_name else "",
                error=None,
            )
            _recompute_derived(conn, [order_key], *self._batch_fns(None, None))
        return entry_id
