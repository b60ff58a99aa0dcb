"""Personal data in what the app keeps (R-D1): where it hides and how it is taken out.

:class:`~amzdesk.models.Order` has no field for buyer or recipient data.  On top of that whatever
the store writes passes through here:

* :func:`scrub_request`: a request (what the journal keeps of a call) loses every key named like
  buyer / recipient / address / name / phone / e-mail (except known non-personal names such as
  ``carrierName``); identifiers (tracking and order numbers …) are kept verbatim;
* :func:`scrub_pii`: e-mail addresses and Japanese phone numbers in free text are masked (the
  log's redaction, :mod:`amzdesk.logsetup`, uses the same patterns);
* :func:`scrub_order`: an order's free-text fields (item titles, package carrier / service /
  status texts, payment and delivery method texts) masked; identifiers never rewritten.

Secrets are not known here: the caller hands its secret masking to :func:`scrub_request` (the
store passes :func:`amzdesk.logsetup.redact`, which knows the registered credentials).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, Final

from amzdesk.models import Order, OrderItem

__all__ = ["memo_scrub", "scrub_order", "scrub_pii", "scrub_request"]

# The look-behind makes a match start only at the beginning of a run of address characters,
# which keeps these linear on long texts without "@".
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_EMAIL_ENCODED = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+%40[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
)
# Japanese phone numbers: 03-1234-5678, 090-1234-5678, 0120-123-456, +81-90-1234-5678,
# (03)1234-5678, 09012345678 (mobile, 11 digits).  Amazon order IDs (503-1234567-1234567),
# 12-digit tracking numbers and ISO dates do not match.
_PHONE = re.compile(
    r"(?<![\d-])(?:(?:\+81[-\s]?|0)\d{1,4}[-\s]\d{1,4}[-\s]\d{3,4}"
    r"|\(0\d{1,4}\)\s?\d{1,4}-\d{4}"
    r"|0[5789]0\d{8}"
    r"|[０-９]{2,4}[-－ー][０-９]{2,4}[-－ー][０-９]{3,4})(?![\d-])"
)


def scrub_pii(text: str) -> str:
    """Mask e-mail addresses and Japanese phone numbers."""
    if "@" in text:
        text = _EMAIL.sub("<email>", text)
    if "%40" in text:
        text = _EMAIL_ENCODED.sub("<email>", text)
    return _PHONE.sub("<phone>", text)


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


def scrub_request(
    request: Mapping[str, Any], *, mask_secrets: Callable[[str], str]
) -> dict[str, Any]:
    """A copy of ``request`` without personal-data keys, with PII-shaped text masked and every
    text passed through ``mask_secrets`` (identifiers only through that)."""

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
                return mask_secrets(value)
            return scrub_pii(mask_secrets(value))
        if value is None or isinstance(value, bool | int | float):
            return value
        return scrub_pii(mask_secrets(str(value)))

    cleaned = clean(dict(request))
    assert isinstance(cleaned, dict)
    return cleaned


def memo_scrub() -> Callable[[str], str]:
    """:func:`scrub_pii` remembering its answers (for a batch of orders: titles and method texts
    repeat across orders)."""
    memo: dict[str, str] = {}

    def pii(text: str) -> str:
        out = memo.get(text)
        if out is None:
            out = memo[text] = scrub_pii(text)
        return out

    return pii


def _scrub_items(items: tuple[OrderItem, ...], pii: Callable[[str], str]) -> tuple[OrderItem, ...]:
    if all(pii(i.title) == i.title for i in items):
        return items
    return tuple(replace(i, title=pii(i.title)) for i in items)


def scrub_order(order: Order, pii: Callable[[str], str] = scrub_pii) -> Order:
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
