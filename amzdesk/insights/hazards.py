"""FBA listing hazard (R-G2): an FBA product that is also listed as merchant-fulfilled.

The source warns that FBA products need not be registered in makeshop, and that registering one
with its ASIN and linking it can list it on Amazon as merchant-fulfilled (出品者出荷) by mistake.

What is compared:

* **FBA side** -- the seller's FBA inventory (SP-API FBA Inventory ``getInventorySummaries``) and
  the items of FBA orders in the store (an FBA product sold out and removed from the inventory
  still shows there).
* **makeshop side** -- makeshop's product-side Amazon fields (連携する/しない, ASIN,
  Amazon出品者SKU) are known only from the admin and the bulk product CSV; the GraphQL product API
  is not public (see ``amzdesk.assumptions.PRODUCT_CSV_*``).  So the check reads that CSV when
  the shop owner gives it (:func:`read_product_csv`) and otherwise falls back to what orders
  show: a **merchant-fulfilled Amazon order** whose item has an FBA product's ASIN or seller SKU
  proves that the product is listed as merchant-fulfilled.

:func:`check_listings` is pure: orders, inventory and products in, a :class:`HazardReport` out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from amzdesk import assumptions, errors, messages
from amzdesk.messages import UserError
from amzdesk.models import Channel, Order
from amzdesk.spapi import InventorySummary

if TYPE_CHECKING:
    from amzdesk.services import Services

__all__ = [
    "SCHEMA",
    "FbaProduct",
    "HazardReport",
    "ListingHazard",
    "MakeshopProduct",
    "ProductCsvError",
    "check_listings",
    "hazard_doc",
    "read_product_csv",
    "report_doc",
    "run_check",
]

SCHEMA: Final = "amzdesk.listing-hazards/1"

SOURCE_INVENTORY: Final = "fba-inventory"
SOURCE_FBA_ORDERS: Final = "fba-orders"
EVIDENCE_ORDERS: Final = "mfn-orders"
EVIDENCE_PRODUCTS: Final = "makeshop-products"

# Sentences the shop owner reads (message IDs, rendered in the window's language).
M = messages.define(
    "hazards",
    {
        "no_amazon": (
            "Amazon の認証情報がないため FBA 在庫は確認していません（FBA の注文だけと照合しました）"
        ),
        "inventory_failed": (
            "FBA 在庫を取得できませんでした（FBA の注文だけと照合しました）: {error}"
        ),
        "no_products": (
            "makeshop の商品情報は API では取得できないため、"
            "Amazon の出品者出荷の注文と照合しました"
            "（商品CSVを読み込むと、注文のない商品も確認できます）"
        ),
        "unlink": (
            "makeshop の商品管理で、この商品の Amazon 連携を「連携しない」にしてください"
            "（FBA の商品は makeshop に登録・連携する必要はありません）。"
            "そのうえでセラーセントラルの在庫管理で、この商品の出品者出荷の出品を停止してください。"
        ),
        "open_orders": (
            "出品者出荷で届いた未出荷の注文が {count} 件あります。"
            "FBA の在庫からは出荷されないため、"
            "お店から発送して出荷通知を送るか、セラーセントラルでキャンセルしてください。"
        ),
        "dual": (
            "同じ商品を FBA と出品者出荷の両方で意図して出品している場合は、"
            "この警告は無視できます。"
        ),
        # the product CSV cannot be used
        "csv_empty": "商品CSVが空です",
        "csv_no_columns": (
            "商品CSVに ASIN や Amazon 出品者SKU の列が見つかりません。"
            "makeshop の商品一括登録用CSV（Amazon 連携の項目を含むもの）を書き出して選んでください"
        ),
    },
)


@dataclass(frozen=True, slots=True)
class FbaProduct:
    """An item the seller has in FBA (from the inventory or an FBA order)."""

    seller_sku: str
    asin: str
    title: str = ""
    sources: tuple[str, ...] = ()
    total_quantity: int | None = None  # None when only FBA orders show it


@dataclass(frozen=True, slots=True)
class MakeshopProduct:
    """One row of makeshop's product CSV with its Amazon fields."""

    code: str
    name: str
    asin: str
    amazon_sku: str
    linked: bool | None  # None: the CSV has no link column
    line: int = 0


@dataclass(frozen=True, slots=True)
class ListingHazard:
    """One product at risk: listed merchant-fulfilled while it is an FBA product."""

    asin: str
    mfn_sku: str  # seller SKU of the merchant-fulfilled listing ("" when unknown)
    title: str
    matched_by: str  # "asin", "sku" or "asin+sku"
    fba: FbaProduct
    evidence: tuple[str, ...]  # EVIDENCE_ORDERS and/or EVIDENCE_PRODUCTS
    order_ids: tuple[str, ...] = ()  # merchant-fulfilled Amazon orders of this listing
    open_order_ids: tuple[str, ...] = ()  # ... still to be shipped
    makeshop_codes: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return (self.asin, self.mfn_sku)

    @property
    def advice(self) -> list[str]:
        """What to do (message IDs; Japanese as strings), most urgent first."""
        out: list[str] = []
        if self.open_order_ids:
            out.append(M("open_orders", count=len(self.open_order_ids)))
        out.append(M("unlink"))
        out.append(M("dual"))
        return out


@dataclass(frozen=True, slots=True)
class HazardReport:
    checked_at: datetime
    hazards: tuple[ListingHazard, ...]
    fba_products: int
    inventory_checked: bool
    mfn_orders_checked: int
    products_checked: int | None  # None: no product CSV given
    notes: tuple[str, ...] = field(default=())  # Japanese, e.g. why the inventory is missing


def _norm(value: str) -> str:
    return value.strip().upper()


def _fba_index(
    orders: Sequence[Order], inventory: Sequence[InventorySummary] | None
) -> dict[str, dict[str, Any]]:
    """FBA products keyed by seller SKU (upper case)."""
    products: dict[str, dict[str, Any]] = {}
    for item in inventory or ():
        if not item.seller_sku:
            continue
        p = products.setdefault(
            _norm(item.seller_sku),
            {"sku": item.seller_sku, "asin": "", "title": "", "sources": set(), "qty": None},
        )
        p["asin"] = p["asin"] or item.asin
        p["title"] = p["title"] or item.product_name
        p["sources"].add(SOURCE_INVENTORY)
        p["qty"] = (p["qty"] or 0) + item.total_quantity
    for order in orders:
        if order.channel is not Channel.AMAZON_FBA:
            continue
        for it in order.items:
            if not it.sku:
                continue
            p = products.setdefault(
                _norm(it.sku),
                {"sku": it.sku, "asin": "", "title": "", "sources": set(), "qty": None},
            )
            p["asin"] = p["asin"] or it.asin
            p["title"] = p["title"] or it.title
            p["sources"].add(SOURCE_FBA_ORDERS)
    return products


def _product(entry: Mapping[str, Any]) -> FbaProduct:
    order = (SOURCE_INVENTORY, SOURCE_FBA_ORDERS)
    return FbaProduct(
        seller_sku=str(entry["sku"]),
        asin=str(entry["asin"]),
        title=str(entry["title"]),
        sources=tuple(s for s in order if s in entry["sources"]),
        total_quantity=entry["qty"],
    )


def check_listings(
    orders: Iterable[Order],
    inventory: Sequence[InventorySummary] | None,
    now: datetime,
    *,
    products: Sequence[MakeshopProduct] | None = None,
    notes: Sequence[str] = (),
) -> HazardReport:
    """Every merchant-fulfilled listing of an FBA product that orders or products reveal.

    ``inventory`` None means it could not be read (FBA orders still count).  A makeshop product
    whose link column says "not linked" is not a hazard.
    """
    all_orders = list(orders)
    fba = _fba_index(all_orders, inventory)
    by_sku = {k: _product(v) for k, v in fba.items()}
    by_asin: dict[str, FbaProduct] = {}
    for p in by_sku.values():
        if p.asin:
            by_asin.setdefault(_norm(p.asin), p)

    found: dict[tuple[str, str], dict[str, Any]] = {}

    def match(asin: str, sku: str) -> tuple[FbaProduct, str] | None:
        a = by_asin.get(_norm(asin)) if asin else None
        s = by_sku.get(_norm(sku)) if sku else None
        if a is not None and s is not None:
            return (s, "asin+sku")
        if s is not None:
            return (s, "sku")
        if a is not None:
            return (a, "asin")
        return None

    def entry(asin: str, sku: str, title: str, hit: tuple[FbaProduct, str]) -> dict[str, Any]:
        fba_product, how = hit
        asin = asin or fba_product.asin
        e = found.setdefault(
            (asin, sku),
            {
                "title": title or fba_product.title,
                "fba": fba_product,
                "how": how,
                "evidence": set(),
                "orders": [],
                "open": [],
                "codes": [],
            },
        )
        return e

    mfn_checked = 0
    for order in sorted(all_orders, key=lambda o: (o.order_date or now, o.key)):
        if order.channel is not Channel.AMAZON_MFN:
            continue
        mfn_checked += 1
        for it in order.items:
            hit = match(it.asin, it.sku)
            if hit is None:
                continue
            e = entry(it.asin, it.sku, it.title, hit)
            e["evidence"].add(EVIDENCE_ORDERS)
            oid = order.amazon_order_id or order.display_order_number
            if oid not in e["orders"]:
                e["orders"].append(oid)
            az = order.amazon
            if az is not None and az.status.needs_shipping and oid not in e["open"]:
                e["open"].append(oid)
    for prod in products or ():
        if prod.linked is False:
            continue
        hit = match(prod.asin, prod.amazon_sku)
        if hit is None:
            continue
        e = entry(prod.asin, prod.amazon_sku, prod.name, hit)
        e["evidence"].add(EVIDENCE_PRODUCTS)
        if prod.code and prod.code not in e["codes"]:
            e["codes"].append(prod.code)
    hazards = tuple(
        ListingHazard(
            asin=asin,
            mfn_sku=sku,
            title=e["title"],
            matched_by=e["how"],
            fba=e["fba"],
            evidence=tuple(x for x in (EVIDENCE_ORDERS, EVIDENCE_PRODUCTS) if x in e["evidence"]),
            order_ids=tuple(e["orders"]),
            open_order_ids=tuple(e["open"]),
            makeshop_codes=tuple(e["codes"]),
        )
        for (asin, sku), e in sorted(
            found.items(), key=lambda kv: (not kv[1]["open"], kv[0][0], kv[0][1])
        )
    )
    return HazardReport(
        checked_at=now,
        hazards=hazards,
        fba_products=len(by_sku),
        inventory_checked=inventory is not None,
        mfn_orders_checked=mfn_checked,
        products_checked=None if products is None else len(products),
        notes=tuple(notes),
    )


# --- makeshop product CSV -----------------------------------------------------------------------


class ProductCsvError(UserError, ValueError):
    """The product CSV cannot be used; the message (Japanese) says what to do."""


def _find(header: list[str], names: Sequence[str]) -> int | None:
    cleaned = [h.strip().replace(" ", "").replace("　", "") for h in header]
    for name in names:
        key = name.replace(" ", "")
        for i, h in enumerate(cleaned):
            if h == key:
                return i
    for name in names:
        key = name.replace(" ", "").lower()
        for i, h in enumerate(cleaned):
            if key in h.lower():
                return i
    return None


def _linked(value: str) -> bool | None:
    v = value.strip()
    if v in assumptions.PRODUCT_CSV_LINKED_VALUES:
        return True
    if v in assumptions.PRODUCT_CSV_UNLINKED_VALUES:
        return False
    return None


def read_product_csv(source: Path | str | bytes) -> list[MakeshopProduct]:
    """Products with an ASIN or Amazon seller SKU from makeshop's bulk product CSV.

    UTF-8 (with or without BOM) or Shift_JIS.  The column names are not documented publicly;
    they are matched by the names in :mod:`amzdesk.assumptions` (``PRODUCT_CSV_*``).
    """
    from amzdesk.importers import LabelImportError, decode

    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    try:
        text, _encoding = decode(data)
    except LabelImportError as exc:
        raise ProductCsvError(errors.describe(exc)) from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise ProductCsvError(M("csv_empty"))
    header = rows[0]
    asin_col = _find(header, assumptions.PRODUCT_CSV_ASIN_COLUMNS)
    sku_col = _find(header, assumptions.PRODUCT_CSV_SKU_COLUMNS)
    if asin_col is None and sku_col is None:
        raise ProductCsvError(M("csv_no_columns"))
    code_col = _find(header, assumptions.PRODUCT_CSV_CODE_COLUMNS)
    name_col = _find(header, assumptions.PRODUCT_CSV_NAME_COLUMNS)
    link_col = _find(header, assumptions.PRODUCT_CSV_LINK_COLUMNS)

    def cell(row: list[str], col: int | None) -> str:
        return row[col].strip() if col is not None and col < len(row) else ""

    out: list[MakeshopProduct] = []
    for n, row in enumerate(rows[1:], start=2):
        asin = cell(row, asin_col)
        sku = cell(row, sku_col)
        if not asin and not sku:
            continue
        out.append(
            MakeshopProduct(
                code=cell(row, code_col),
                name=cell(row, name_col),
                asin=asin,
                amazon_sku=sku,
                linked=_linked(cell(row, link_col)) if link_col is not None else None,
                line=n,
            )
        )
    return out


# --- JSON ---------------------------------------------------------------------------------------


def hazard_doc(h: ListingHazard) -> dict[str, Any]:
    return {
        "asin": h.asin,
        "mfn_sku": h.mfn_sku,
        "title": h.title,
        "matched_by": h.matched_by,
        "rule_id": "R-G2",
        "fba_sku": h.fba.seller_sku,
        "fba_sources": list(h.fba.sources),
        "fba_total_quantity": h.fba.total_quantity,
        "evidence": list(h.evidence),
        "order_ids": list(h.order_ids),
        "open_order_ids": list(h.open_order_ids),
        "makeshop_product_codes": list(h.makeshop_codes),
        "advice": h.advice,
    }


def report_doc(report: HazardReport) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "checked_at": report.checked_at.isoformat(),
        "count": len(report.hazards),
        "hazards": [hazard_doc(h) for h in report.hazards],
        "fba_products": report.fba_products,
        "inventory_checked": report.inventory_checked,
        "mfn_orders_checked": report.mfn_orders_checked,
        "products_checked": report.products_checked,
        "notes": list(report.notes),
    }


# --- with the app's services --------------------------------------------------------------------


def run_check(
    services: Services, *, products: Sequence[MakeshopProduct] | None = None
) -> HazardReport:
    """Read the FBA inventory (when Amazon is configured) and check the stored orders.

    An inventory that cannot be read does not stop the check: FBA orders still count, and the
    report's ``notes`` say what was missing.
    """
    from amzdesk.errors import ServiceError

    notes: list[str] = []
    inventory: list[InventorySummary] | None = None
    if services.spapi is None:
        notes.append(M("no_amazon"))
    else:
        try:
            inventory = services.spapi.fba_inventory()
        except ServiceError as exc:
            message = getattr(exc, "user_message", "") or str(exc)
            notes.append(M("inventory_failed", error=message))
    if products is None:
        notes.append(M("no_products"))
    return check_listings(
        services.store.all_orders(), inventory, services.clock(), products=products, notes=notes
    )
