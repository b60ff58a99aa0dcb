"""The seller's FBA inventory (FBA Inventory v1 ``getInventorySummaries``) and seeded FBA listing
hazards (R-G2).

The FBA inventory is derived from the world's FBA orders: every product Amazon shipped for the
seller is an FBA item, plus one item that has not sold yet.  One FBA product that did sell is
*not* in the inventory any more (sold out and removed), so the hazard check must also look at
FBA orders.

Seeded hazards (what the source warns about: an FBA product registered in makeshop with its ASIN
and linked, so Amazon lists it as merchant-fulfilled as well).  A few existing merchant-fulfilled
orders get an FBA product as their first item, on both sides:

* ``asin``  -- the makeshop product carries the FBA product's ASIN under its own seller SKU
  (two orders: one still unshipped, one shipped);
* ``sku``   -- the makeshop product uses the FBA seller SKU itself (one shipped order);
* ``fba-orders`` -- like ``asin``, for the FBA product that is no longer in the inventory (one
  order), so only FBA orders reveal it.

:attr:`FbaState.hazards` is the ground truth the tests compare the app's check with;
``world.scenario("mfn-fba-hazard")`` lists the orders.

Responses follow ``fbaInventory.json``: ``{"payload": {"granularity", "inventorySummaries"},
"pagination": {"nextToken"}}``; a ``nextToken`` expires 30 seconds (simulated) after it was made.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

from amzdesk import assumptions as A

if TYPE_CHECKING:
    from amzdesk.sim.server import Call, Response
    from amzdesk.sim.world import AmazonOrder, World

INVENTORY_PATH: Final = "/fba/inventory/v1/summaries"
OPERATION: Final = "getInventorySummaries"
HAZARD_SCENARIO: Final = "mfn-fba-hazard"
PAGE_SIZE: Final = 50
TOKEN_LIFETIME: Final = timedelta(seconds=30)
MAX_SKUS: Final = 50
HISTORY_LIMIT: Final = timedelta(days=548)  # "no earlier than 18 months"


@dataclass
class FbaItem:
    seller_sku: str
    asin: str
    fn_sku: str
    product_name: str
    fulfillable: int
    inbound: int = 0
    reserved: int = 0
    unfulfillable: int = 0
    last_updated: datetime = field(default_factory=lambda: datetime(2026, 1, 1, tzinfo=UTC))
    condition: str = "NewItem"

    @property
    def total(self) -> int:
        return self.fulfillable + self.inbound + self.reserved + self.unfulfillable


@dataclass(frozen=True)
class SeededHazard:
    """A merchant-fulfilled listing of an FBA product, seeded on purpose."""

    kind: str  # "asin" | "sku" | "fba-orders"
    asin: str
    mfn_sku: str  # the seller SKU of the merchant-fulfilled listing
    fba_sku: str
    order_ids: tuple[str, ...]


@dataclass
class FbaState:
    items: list[FbaItem] = field(default_factory=list)
    hazards: list[SeededHazard] = field(default_factory=list)
    page_size: int = PAGE_SIZE


def _fn_sku(asin: str) -> str:
    return "X00" + asin[-7:]


def seed_fba(world: World) -> FbaState:
    """Build the FBA inventory from ``world``'s FBA orders and seed the hazards (see above)."""
    state = FbaState()
    with world.lock:
        amazon = sorted(world.amazon.values(), key=lambda o: (o.created, o.order_id))
        products: dict[str, tuple[str, str, datetime]] = {}  # sku -> (asin, title, last sale)
        for ao in amazon:
            if not ao.is_fba:
                continue
            for it in ao.items:
                products[it.sku] = (it.asin, it.title, ao.created)
        skus = sorted(products)
        if not skus:
            world.fba = state
            return state
        removed = skus[2] if len(skus) >= 3 else ""
        for i, sku in enumerate(skus):
            if sku == removed:
                continue
            asin, title, last = products[sku]
            state.items.append(
                FbaItem(
                    seller_sku=sku,
                    asin=asin,
                    fn_sku=_fn_sku(asin),
                    product_name=title,
                    fulfillable=(i * 7) % 40 + 3,
                    inbound=(i * 3) % 5,
                    reserved=i % 3,
                    unfulfillable=1 if i % 4 == 0 else 0,
                    last_updated=last.replace(microsecond=0),
                )
            )
        state.items.append(
            FbaItem(
                seller_sku="KUTANI-SARA-NEW-FBA",
                asin="B0NEWFBA01",
                fn_sku="X00NEWFBA1",
                product_name="九谷焼 小皿 新作（納品済み・未販売）",
                fulfillable=0,
                inbound=24,
                last_updated=world.now().replace(microsecond=0),
            )
        )
        unshipped = [
            o for o in amazon if not o.is_fba and o.status == "UNSHIPPED" and o.fixed_status is None
        ]
        shipped = [o for o in amazon if not o.is_fba and o.status == "SHIPPED" and o.items]
        plans: list[tuple[str, str, list[AmazonOrder]]] = []
        if len(skus) >= 1 and unshipped and shipped:
            plans.append(("asin", skus[0], [unshipped[0], shipped[0]]))
        if len(skus) >= 2 and len(shipped) >= 2:
            plans.append(("sku", skus[1], [shipped[1]]))
        if removed and len(shipped) >= 3:
            plans.append(("fba-orders", removed, [shipped[2]]))
        for kind, fba_sku, orders in plans:
            asin, title, _ = products[fba_sku]
            mfn_sku = fba_sku if kind == "sku" else fba_sku.removesuffix("-FBA") + "-MS"
            for ao in orders:
                _relabel_first_item(world, ao, asin=asin, sku=mfn_sku, title=title)
            ids = tuple(o.order_id for o in orders)
            state.hazards.append(SeededHazard(kind, asin, mfn_sku, fba_sku, ids))
            world.scenarios.setdefault(HAZARD_SCENARIO, []).extend(ids)
        world.fba = state
    return state


def _relabel_first_item(world: World, ao: AmazonOrder, *, asin: str, sku: str, title: str) -> None:
    item = ao.items[0]
    old_sku = item.sku
    item.asin, item.sku, item.title = asin, sku, title
    mo = world.makeshop.get(ao.display_order_number)
    if mo is None:
        return
    for line in mo.basket:
        if line.custom_code == old_sku:
            line.custom_code, line.name = sku, title
            line.product_code = "9" + line.product_code[1:] if line.product_code else ""
            break


# --- the operation ------------------------------------------------------------------------------


def _summary(item: FbaItem, details: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "asin": item.asin,
        "fnSku": item.fn_sku,
        "sellerSku": item.seller_sku,
        "condition": item.condition,
        "lastUpdatedTime": item.last_updated.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "productName": item.product_name,
        "totalQuantity": item.total,
        "stores": [],
    }
    if details:
        out["inventoryDetails"] = {
            "fulfillableQuantity": item.fulfillable,
            "inboundWorkingQuantity": item.inbound,
            "inboundShippedQuantity": 0,
            "inboundReceivingQuantity": 0,
            "reservedQuantity": {
                "totalReservedQuantity": item.reserved,
                "pendingCustomerOrderQuantity": item.reserved,
                "pendingTransshipmentQuantity": 0,
                "fcProcessingQuantity": 0,
            },
            "researchingQuantity": {
                "totalResearchingQuantity": 0,
                "researchingQuantityBreakdown": [],
            },
            "unfulfillableQuantity": {
                "totalUnfulfillableQuantity": item.unfulfillable,
                "customerDamagedQuantity": item.unfulfillable,
                "warehouseDamagedQuantity": 0,
                "distributorDamagedQuantity": 0,
                "carrierDamagedQuantity": 0,
                "defectiveQuantity": 0,
                "expiredQuantity": 0,
            },
        }
    return out


def _values(query: dict[str, list[str]], name: str) -> list[str]:
    out: list[str] = []
    for v in query.get(name, []):
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


def _single(query: dict[str, list[str]], name: str) -> str | None:
    vals = query.get(name)
    return vals[-1] if vals else None


def _bad(message: str) -> Response:
    from amzdesk.sim.server import Response

    return Response.json(400, {"errors": [{"code": "InvalidInput", "message": message}]})


def _parse_dt(raw: str) -> datetime | None:
    try:
        dt = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    return dt.astimezone(UTC) if dt.tzinfo is not None else None


def handle_inventory(world: World, call: Call) -> Response:
    """``GET /fba/inventory/v1/summaries`` (validated as the model states its parameters)."""
    from amzdesk.sim.server import Response

    q = call.query
    granularity_type = _single(q, "granularityType")
    granularity_id = _single(q, "granularityId")
    markets = _values(q, "marketplaceIds")
    if granularity_type is None or granularity_id is None or not markets:
        return _bad("granularityType, granularityId and marketplaceIds are required.")
    if granularity_type != "Marketplace":
        return _bad(f"Invalid granularityType: {granularity_type}.")
    if len(markets) > 1:
        return _bad("marketplaceIds accepts one value.")
    if granularity_id != markets[0]:
        return _bad("granularityId must be the marketplace ID.")
    details_raw = (_single(q, "details") or "false").lower()
    if details_raw not in ("true", "false"):
        return _bad(f"Invalid details value: {details_raw}.")
    details = details_raw == "true"
    now = world.tick()
    state = world.fba or FbaState()
    items = list(state.items) if markets[0] == A.MARKETPLACE_ID_JP else []
    start_raw = _single(q, "startDateTime")
    if start_raw is not None:
        start = _parse_dt(start_raw)
        if start is None:
            return _bad(f"Invalid startDateTime: {start_raw}.")
        if start < now - HISTORY_LIMIT:
            return _bad("startDateTime must be no earlier than 18 months ago.")
        items = [i for i in items if i.last_updated > start]
    else:
        skus = _values(q, "sellerSkus")
        if len(skus) > MAX_SKUS:
            return _bad(f"sellerSkus accepts at most {MAX_SKUS} values.")
        single = _single(q, "sellerSku")
        if skus:
            wanted = set(skus)
            items = [i for i in items if i.seller_sku in wanted]
        elif single is not None:
            items = [i for i in items if i.seller_sku == single]
    items.sort(key=lambda i: i.seller_sku)
    offset = 0
    token = _single(q, "nextToken")
    if token is not None:
        decoded = _decode(token)
        if decoded is None:
            return _bad("Invalid nextToken.")
        offset, expires = decoded
        if now > expires:
            return _bad("The nextToken has expired.")
    size = max(1, state.page_size)
    page = items[offset : offset + size]
    body: dict[str, Any] = {
        "payload": {
            "granularity": {"granularityType": "Marketplace", "granularityId": granularity_id},
            "inventorySummaries": [_summary(i, details) for i in page],
        }
    }
    if offset + size < len(items):
        body["pagination"] = {"nextToken": _encode(offset + size, now + TOKEN_LIFETIME)}
    return Response.json(200, body)


def _encode(offset: int, expires: datetime) -> str:
    raw = json.dumps({"o": offset, "x": expires.isoformat()}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(token: str) -> tuple[int, datetime] | None:
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        return int(data["o"]), datetime.fromisoformat(data["x"])
    except (ValueError, KeyError, TypeError, binascii.Error):
        return None


__all__ = [
    "HAZARD_SCENARIO",
    "INVENTORY_PATH",
    "OPERATION",
    "FbaItem",
    "FbaState",
    "SeededHazard",
    "handle_inventory",
    "seed_fba",
]
