"""Amazon Selling Partner API client: Login with Amazon, Orders 2026-01-01, Orders v0 confirm.

One client per API: Login with Amazon, pacing, retries, parsing and the operations are read
together when Amazon changes something; the parsing functions (``parse_order`` and the
inventory parser) are the part to move out if it grows.

Operations (the official models in ``api-models/`` are the contract; the tests validate every
request built here against them and replay their sandbox examples):

* ``searchOrders`` -- ``GET /orders/2026-01-01/orders`` (:meth:`SpApiClient.search_orders`),
  pages of orders *with their items*; only ``includedData`` the app needs (``FULFILLMENT``,
  ``PACKAGES`` by default).  ``BUYER`` / ``RECIPIENT`` are personal data and are refused (R-D1).
* ``getOrder`` -- ``GET /orders/2026-01-01/orders/{orderId}`` (:meth:`SpApiClient.get_order`).
* ``confirmShipment`` -- ``POST /orders/v0/orders/{orderId}/shipmentConfirmation``
  (:meth:`SpApiClient.confirm_shipment`); 204 = success.
* ``getInventorySummaries`` -- ``GET /fba/inventory/v1/summaries`` (FBA Inventory v1,
  ``fbaInventory.json``; :meth:`SpApiClient.inventory_summaries`,
  :meth:`SpApiClient.fba_inventory`): the seller's FBA items for the FBA listing check (R-G2).

Each operation has its usage plan as a :class:`~amzdesk.http.TokenBucket` (waits before
sending); ``x-amzn-RateLimit-Limit`` updates the rate.  Reads are retried on 429/5xx/timeouts.
``confirmShipment`` is retried only when the service clearly refused it (429, 503, 401/403 once
after a token refresh, connection never made); a read timeout, a dropped connection or a 500
raises :class:`~amzdesk.errors.OutcomeUnknown` -- never retried, the journal resolves it.

Access tokens, the refresh token and the client secret never appear in an exception or a log:
they are registered with :func:`amzdesk.logsetup.register_secret` as soon as they are known.
"""

from __future__ import annotations

import logging
import random
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, Protocol, TypeVar
from urllib.parse import quote

import requests

from amzdesk import assumptions
from amzdesk.clock import Clock, iso_z, parse_iso, utcnow
from amzdesk.endpoints import validate_endpoint
from amzdesk.errors import (
    AMAZON,
    LWA,
    AuthError,
    BadResponse,
    InvalidInput,
    NotFound,
    OutcomeUnknown,
    QuotaExceeded,
    ServerError,
    ServiceError,
)
from amzdesk.http import (
    DEFAULT_TIMEOUT,
    NO_RETRY,
    BoundedSession,
    Monotonic,
    RetryPolicy,
    Sleep,
    TokenBucket,
    call_with_retry,
    classify_transport_error,
    make_session,
    parse_rate_limit_header,
    parse_retry_after,
    request_kwargs,
)
from amzdesk.logsetup import register_secret
from amzdesk.models import AmazonSide, AmazonStatus, OrderItem, Package, parse_amazon_status

__all__ = [
    "DEFAULT_INCLUDED_DATA",
    "PERSONAL_INCLUDED_DATA",
    "USAGE_PLANS",
    "ConfirmResult",
    "InventoryPage",
    "InventorySummary",
    "LwaAuth",
    "SearchPage",
    "ShipmentItem",
    "ShipmentPackage",
    "SpApiClient",
    "SpApiError",
    "UsagePlan",
    "make_client",
    "parse_inventory_summary",
    "parse_order",
]

log = logging.getLogger("amzdesk.spapi")

T = TypeVar("T")

# Every SP-API error is an amzdesk.errors.ServiceError (``.service == "amazon"``).
SpApiError = ServiceError

SEARCH_ORDERS: Final = "searchOrders"
GET_ORDER: Final = "getOrder"
CONFIRM_SHIPMENT: Final = "confirmShipment"
GET_INVENTORY_SUMMARIES: Final = "getInventorySummaries"

ORDERS_PATH: Final = "/orders/2026-01-01/orders"
CONFIRM_PATH: Final = "/orders/v0/orders/{order_id}/shipmentConfirmation"
INVENTORY_PATH: Final = "/fba/inventory/v1/summaries"
# fbaInventory.json: sellerSkus takes at most 50 values; granularityType's only value.
MAX_INVENTORY_SKUS: Final = 50
INVENTORY_GRANULARITY: Final = "Marketplace"

INCLUDED_DATA_VALUES: Final = frozenset(
    {
        "BUYER",
        "RECIPIENT",
        "PROCEEDS",
        "EXPENSE",
        "PROMOTION",
        "CANCELLATION",
        "FULFILLMENT",
        "PACKAGES",
        "TAX",
        "PAYMENT",
        "FULFILLMENT_ORDERS",
    }
)
PERSONAL_INCLUDED_DATA: Final = frozenset({"BUYER", "RECIPIENT"})
DEFAULT_INCLUDED_DATA: Final = ("FULFILLMENT", "PACKAGES")
FULFILLED_BY_VALUES: Final = frozenset({"MERCHANT", "AMAZON"})
MAX_RESULTS_PER_PAGE: Final = 100
COD_COLLECTION_METHODS: Final = frozenset({"DirectPayment"})


# Largest accepted answer per operation (decoded bytes): generous for real pages -- a
# searchOrders page of 100 orders with items and packages is a few hundred kB.
MAX_BODY: Final[Mapping[str, int]] = {
    "searchOrders": 32 * 1024 * 1024,
    "getOrder": 4 * 1024 * 1024,
    "confirmShipment": 1024 * 1024,
}
TOKEN_MAX_BODY: Final = 64 * 1024
# Settling an unknown outcome asks getOrder once, within this many seconds, then carries on.
SETTLE_DEADLINE: Final = 15.0


def _bounds(
    session: requests.Session, deadline: float | None, max_body: int | None
) -> dict[str, Any]:
    """``deadline`` / ``max_body`` keyword arguments for a :class:`BoundedSession`."""
    if not isinstance(session, BoundedSession):
        return {}
    out: dict[str, Any] = {}
    if deadline is not None:
        out["deadline"] = deadline
    if max_body is not None:
        out["max_body"] = max_body
    return out


@dataclass(frozen=True, slots=True)
class UsagePlan:
    """Rate (requests per second) and burst of one operation, as the model states them."""

    rate: float
    burst: int


# From the operations' descriptions in the official models.
USAGE_PLANS: Final[Mapping[str, UsagePlan]] = {
    SEARCH_ORDERS: UsagePlan(0.0056, 20),
    GET_ORDER: UsagePlan(0.5, 30),
    CONFIRM_SHIPMENT: UsagePlan(2.0, 10),
    GET_INVENTORY_SUMMARIES: UsagePlan(2.0, 2),
}


# --- Login with Amazon --------------------------------------------------------------------------


class LwaAuth:
    """Access tokens from Login with Amazon (refresh-token grant), cached until shortly before
    they expire (``margin`` seconds).  Thread-safe; one refresh at a time.
    """

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        refresh_token: str,
        *,
        token_url: str = assumptions.LWA_TOKEN_URL,
        session: requests.Session | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        monotonic: Monotonic = time.monotonic,
        sleep: Sleep = time.sleep,
        margin: float = 60.0,
        rng: random.Random | None = None,
    ) -> None:
        if not (client_id and client_secret and refresh_token):
            raise AuthError("missing LWA credentials", service=LWA, code="missing_credentials")
        for secret in (client_id, client_secret, refresh_token):
            register_secret(secret)
        self._client_id = client_id
        self._client_secret = client_secret
        self._refresh_token = refresh_token
        self.token_url = validate_endpoint(token_url, "lwa")
        self._session = session or make_session()
        self._timeout = timeout
        self._retry = retry or RetryPolicy()
        self._monotonic = monotonic
        self._sleep = sleep
        self._margin = margin
        self._rng = rng
        self._lock = threading.Lock()
        self._token: str | None = None
        self._valid_until = 0.0
        self.refresh_count = 0

    def __repr__(self) -> str:  # never show the secrets
        return f"LwaAuth(token_url={self.token_url!r})"

    def token(self, *, retry: bool = True) -> str:
        """A valid access token (cached, refreshed when it is about to expire).

        ``retry=False``: one token request at most; the caller's own retry loop repeats it
        (the SP-API client does so: retries never nest, an unreachable LWA costs at most the
        client's attempts, not attempts x attempts).
        """
        with self._lock:
            if self._token is not None and self._monotonic() < self._valid_until:
                return self._token
            return self._refresh_locked(retry)

    def invalidate(self, token: str | None = None) -> None:
        """Forget the cached token (only if it is still ``token``, when given)."""
        with self._lock:
            if token is None or token == self._token:
                self._token = None
                self._valid_until = 0.0

    def _refresh_locked(self, retry: bool = True) -> str:
        data = {
            "grant_type": "refresh_token",
            "refresh_token": self._refresh_token,
            "client_id": self._client_id,
            "client_secret": self._client_secret,
        }

        def attempt() -> tuple[str, float]:
            try:
                resp = self._session.post(
                    self.token_url,
                    data=data,
                    headers={"content-type": "application/x-www-form-urlencoded;charset=UTF-8"},
                    **request_kwargs(self.token_url, self._timeout),  # type: ignore[arg-type]
                    **_bounds(self._session, None, TOKEN_MAX_BODY),
                )
            except requests.RequestException as exc:
                raise classify_transport_error(
                    exc, service=LWA, operation="token", idempotent=True
                ) from None
            return self._parse_token_response(resp)

        started = self._monotonic()
        token, expires_in = call_with_retry(
            attempt, policy=self._retry if retry else NO_RETRY, sleep=self._sleep, rng=self._rng
        )
        register_secret(token)
        lifetime = expires_in - self._margin if expires_in > 2 * self._margin else expires_in / 2
        self._token = token
        self._valid_until = started + max(0.0, lifetime)
        self.refresh_count += 1
        log.info("LWA access token refreshed (valid %ds)", int(expires_in))
        return token

    @staticmethod
    def _parse_token_response(resp: requests.Response) -> tuple[str, float]:
        status = resp.status_code
        try:
            body = resp.json()
        except ValueError:
            body = None
        if status == 200:
            if not isinstance(body, dict) or not isinstance(body.get("access_token"), str):
                raise BadResponse("token response without access_token", service=LWA, status=200)
            try:
                expires_in = float(body.get("expires_in", 3600))
            except (TypeError, ValueError):
                expires_in = 3600.0
            return body["access_token"], expires_in
        code = message = ""
        if isinstance(body, dict):
            code = str(body.get("error") or "")
            message = str(body.get("error_description") or "")
        kwargs: dict[str, Any] = {
            "service": LWA,
            "status": status,
            "code": code,
            "operation": "token",
        }
        if status == 429:
            raise QuotaExceeded(
                message, retry_after=parse_retry_after(resp.headers.get("retry-after")), **kwargs
            )
        if status >= 500:
            raise ServerError(
                message, retry_after=parse_retry_after(resp.headers.get("retry-after")), **kwargs
            )
        if status in (400, 401, 403):
            # invalid_grant / invalid_client / unauthorized_client: the credentials are wrong.
            raise AuthError(message, **kwargs)
        raise ServiceError(message or f"unexpected HTTP {status}", **kwargs)


# --- request and result types -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ShipmentItem:
    order_item_id: str
    quantity: int
    transparency_codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ShipmentPackage:
    """One package of a ``confirmShipment`` call (``packageDetail``).

    ``items`` accepts :class:`ShipmentItem` or ``(orderItemId, quantity)`` pairs.
    ``carrier_name`` is required when ``carrier_code`` is ``"Other"``.  ``ship_date`` must be
    timezone-aware; it is sent as ISO 8601 UTC.  ``cod_collection_method`` is ``""`` or
    ``"DirectPayment"`` (JP cash on delivery).
    """

    package_reference_id: str
    carrier_code: str
    tracking_number: str
    ship_date: datetime
    items: tuple[ShipmentItem, ...]
    carrier_name: str = ""
    shipping_method: str = ""
    ship_from_supply_source_id: str = ""
    cod_collection_method: str = ""

    def __post_init__(self) -> None:
        items = tuple(
            it if isinstance(it, ShipmentItem) else ShipmentItem(str(it[0]), int(it[1]))
            for it in self.items
        )
        object.__setattr__(self, "items", items)

    def validate(self) -> None:
        """ValueError (Japanese) when the model or Amazon's rules would refuse the package."""
        ref = self.package_reference_id
        if not (ref.isascii() and ref.isdigit() and int(ref) > 0):
            raise ValueError(f"packageReferenceId は正の整数（文字列）にしてください: {ref!r}")
        if not self.carrier_code.strip():
            raise ValueError("配送業者コード（carrierCode）が空です")
        if self.carrier_code == "Other" and not self.carrier_name.strip():
            raise ValueError("配送業者コードが Other のときは配送業者名（carrierName）が必要です")
        if self.ship_date.tzinfo is None:
            raise ValueError("出荷日時にタイムゾーンがありません")
        if not self.items:
            raise ValueError("出荷する商品（orderItems）がありません")
        for it in self.items:
            if not it.order_item_id:
                raise ValueError("orderItemId が空です")
            if it.quantity < 1:
                raise ValueError(f"数量は 1 以上にしてください: {it.order_item_id}")
        if self.cod_collection_method and (
            self.cod_collection_method not in COD_COLLECTION_METHODS
        ):
            raise ValueError(
                f"codCollectionMethod が正しくありません: {self.cod_collection_method}"
            )

    def to_body(self, marketplace_id: str) -> dict[str, Any]:
        """The ``ConfirmShipmentRequest`` JSON body."""
        detail: dict[str, Any] = {
            "packageReferenceId": self.package_reference_id,
            "carrierCode": self.carrier_code,
        }
        if self.carrier_name:
            detail["carrierName"] = self.carrier_name
        if self.shipping_method:
            detail["shippingMethod"] = self.shipping_method
        detail["trackingNumber"] = self.tracking_number
        detail["shipDate"] = iso_z(self.ship_date)
        if self.ship_from_supply_source_id:
            detail["shipFromSupplySourceId"] = self.ship_from_supply_source_id
        order_items: list[dict[str, Any]] = []
        for it in self.items:
            entry: dict[str, Any] = {"orderItemId": it.order_item_id, "quantity": it.quantity}
            if it.transparency_codes:
                entry["transparencyCodes"] = list(it.transparency_codes)
            order_items.append(entry)
        detail["orderItems"] = order_items
        body: dict[str, Any] = {"marketplaceId": marketplace_id, "packageDetail": detail}
        if self.cod_collection_method:
            body["codCollectionMethod"] = self.cod_collection_method
        return body


@dataclass(frozen=True, slots=True)
class ConfirmResult:
    """A confirmShipment Amazon accepted: ``request_id`` (x-amzn-RequestId) and what was sent."""

    request_id: str
    status: int
    body: Mapping[str, Any] = field(default_factory=dict)
    attempts: int = 1


@dataclass(frozen=True, slots=True)
class SearchPage:
    """One page of ``searchOrders``.  ``next_token`` resumes (valid 24 h); None on the last page.

    ``last_updated_before`` / ``created_before``: the upper bound Amazon applied (use it as the
    next incremental cursor).
    """

    orders: list[AmazonSide]
    next_token: str | None
    last_updated_before: datetime | None
    request_id: str
    created_before: datetime | None = None


@dataclass(frozen=True, slots=True)
class InventorySummary:
    """One FBA item (``InventorySummary`` of FBA Inventory v1).  Quantities are 0 when the
    summary came without ``details``; ``total_quantity`` is Amazon's ``totalQuantity``."""

    seller_sku: str
    asin: str = ""
    fn_sku: str = ""
    product_name: str = ""
    condition: str = ""
    total_quantity: int = 0
    fulfillable_quantity: int = 0
    last_updated: datetime | None = None


@dataclass(frozen=True, slots=True)
class InventoryPage:
    """One page of ``getInventorySummaries``; ``next_token`` is valid 30 s, None on the last."""

    items: list[InventorySummary]
    next_token: str | None
    request_id: str


# --- parsing ------------------------------------------------------------------------------------


def _str(value: Any) -> str:
    return "" if value is None else str(value)


def parse_order(data: Mapping[str, Any]) -> AmazonSide:
    """An Orders 2026-01-01 ``Order`` as :class:`AmazonSide` (buyer/recipient never read)."""
    order_id = _str(data.get("orderId")) if isinstance(data, Mapping) else ""
    try:
        fulfillment = data.get("fulfillment") or {}
        raw_status = fulfillment.get("fulfillmentStatus")
        if not isinstance(raw_status, str) or not raw_status:
            raise ValueError("fulfillment.fulfillmentStatus missing (includedData FULFILLMENT?)")
        window = fulfillment.get("shipByWindow") or {}
        created = parse_iso(data["createdTime"])
        updated = parse_iso(data["lastUpdatedTime"])
        if created is None or updated is None or not order_id:
            raise ValueError("orderId / createdTime / lastUpdatedTime missing")
        items = []
        for raw in data.get("orderItems") or ():
            product = raw.get("product") or {}
            item_ful = raw.get("fulfillment") or {}
            items.append(
                OrderItem(
                    sku=_str(product.get("sellerSku")),
                    title=_str(product.get("title")),
                    quantity=int(raw["quantityOrdered"]),
                    order_item_id=_str(raw["orderItemId"]),
                    asin=_str(product.get("asin")),
                    quantity_shipped=int(item_ful.get("quantityFulfilled") or 0),
                )
            )
        packages = []
        for raw in data.get("packages") or ():
            status = raw.get("packageStatus") or {}
            packages.append(
                Package(
                    package_reference_id=_str(raw["packageReferenceId"]),
                    carrier=_str(raw.get("carrier")),
                    tracking_number=_str(raw.get("trackingNumber")),
                    ship_time=parse_iso(raw.get("shipTime")),
                    shipping_service=_str(raw.get("shippingService")),
                    status=_str(status.get("status")),
                    items=tuple(
                        (_str(pi["orderItemId"]), int(pi["quantity"]))
                        for pi in raw.get("packageItems") or ()
                    ),
                )
            )
        return AmazonSide(
            order_id=order_id,
            created=created,
            last_updated=updated,
            status=parse_amazon_status(raw_status),
            fulfilled_by=_str(fulfillment.get("fulfilledBy")),
            ship_by_earliest=parse_iso(window.get("earliestDateTime")),
            ship_by_latest=parse_iso(window.get("latestDateTime")),
            items=tuple(items),
            packages=tuple(packages),
        )
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError, RecursionError) as exc:
        raise BadResponse(
            f"order {order_id or '?'}: {type(exc).__name__}: {exc}",
            service=AMAZON,
            status=200,
        ) from None


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def parse_inventory_summary(data: Mapping[str, Any]) -> InventorySummary:
    """An FBA Inventory ``InventorySummary`` (every field optional in the model)."""
    if not isinstance(data, Mapping):
        raise BadResponse("inventory summary is not an object", service=AMAZON, status=200)
    details = data.get("inventoryDetails")
    fulfillable = _int(details.get("fulfillableQuantity")) if isinstance(details, Mapping) else 0
    try:
        updated = parse_iso(data.get("lastUpdatedTime"))
    except (TypeError, ValueError):
        updated = None
    return InventorySummary(
        seller_sku=_str(data.get("sellerSku")),
        asin=_str(data.get("asin")),
        fn_sku=_str(data.get("fnSku")),
        product_name=_str(data.get("productName")),
        condition=_str(data.get("condition")),
        total_quantity=_int(data.get("totalQuantity")),
        fulfillable_quantity=fulfillable,
        last_updated=updated,
    )


def _parse_errors(resp: requests.Response) -> tuple[str, str, str]:
    """(code, message, details) of the first entry of an SP-API ``errors`` body."""
    try:
        body = resp.json()
    except ValueError:
        return "", resp.reason or "", ""
    errors = body.get("errors") if isinstance(body, dict) else None
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        first = errors[0]
        return _str(first.get("code")), _str(first.get("message")), _str(first.get("details"))
    return "", resp.reason or "", ""


def _csv(values: Iterable[str]) -> str:
    return ",".join(values)


_ORDER_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


# --- the client ---------------------------------------------------------------------------------


class SpApiClient:
    """Thread-safe SP-API client for one seller and marketplace.

    ``endpoint``: base URL (``https://sellingpartnerapi-fe.amazon.com`` or a loopback simulator).
    ``rate_scale`` multiplies every usage plan's rate (and ``retry.time_scale`` divides waits) so
    the simulator's fast mode can run ×100; ``usage_plans`` replaces plans outright.
    ``max_bucket_wait``: a usage-plan wait longer than this raises QuotaExceeded instead of
    sleeping (None = wait as long as needed).  ``cancel`` interrupts any wait (Cancelled).
    ``fresh_connection_for_writes``: confirmShipment goes over a new connection, so a stale
    kept-alive connection cannot turn into an unknown outcome.
    """

    def __init__(
        self,
        endpoint: str,
        auth: LwaAuth,
        marketplace_id: str = assumptions.MARKETPLACE_ID_JP,
        session: requests.Session | None = None,
        *,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        rate_scale: float = 1.0,
        usage_plans: Mapping[str, UsagePlan] | None = None,
        monotonic: Monotonic = time.monotonic,
        sleep: Sleep = time.sleep,
        clock: Clock = utcnow,
        rng: random.Random | None = None,
        max_bucket_wait: float | None = None,
        cancel: threading.Event | None = None,
        fresh_connection_for_writes: bool = True,
    ) -> None:
        self.endpoint = validate_endpoint(endpoint, "spapi")
        self.auth = auth
        self.marketplace_id = marketplace_id
        self._session = session or make_session()
        agent = self._session.headers.get("user-agent")
        self._agent = agent if isinstance(agent, str) else None
        self._timeout = timeout
        self._retry = retry or RetryPolicy()
        self._sleep = sleep
        self._clock = clock
        self._rng = rng
        self.max_bucket_wait = max_bucket_wait
        self.cancel = cancel
        self._fresh_writes = fresh_connection_for_writes
        plans = dict(USAGE_PLANS)
        if usage_plans:
            plans.update(usage_plans)
        # One token of the burst is kept spare: Amazon counts a request when it arrives, we when
        # we send it, and a few milliseconds of network jitter between two requests paced exactly
        # at the rate would otherwise be refused with a 429.  It costs one interval per session.
        self.buckets: dict[str, TokenBucket] = {
            op: TokenBucket(
                plan.rate,
                max(1, plan.burst - 1),
                rate_scale=rate_scale,
                clock=monotonic,
                sleep=sleep,
                name=op,
            )
            for op, plan in plans.items()
        }

    # -- plumbing --

    def _url(self, path: str) -> str:
        return self.endpoint + path

    def _error_for(self, resp: requests.Response, operation: str, idempotent: bool) -> ServiceError:
        status = resp.status_code
        code, message, details = _parse_errors(resp)
        kwargs: dict[str, Any] = {
            "service": AMAZON,
            "status": status,
            "code": code,
            "details": details,
            "request_id": resp.headers.get("x-amzn-RequestId", ""),
            "operation": operation,
        }
        retry_after = parse_retry_after(resp.headers.get("retry-after"), self._clock())
        if status in (400, 413, 415, 422):
            return InvalidInput(message, **kwargs)
        if status in (401, 403):
            return AuthError(message, **kwargs)
        if status == 404:
            return NotFound(message, **kwargs)
        if status == 429:
            return QuotaExceeded(message, retry_after=retry_after, **kwargs)
        if status == 503:
            # Service unavailable: refused, not processed -- safe to repeat.
            return ServerError(message, retry_after=retry_after, **kwargs)
        if status >= 500:
            if idempotent:
                return ServerError(message, retry_after=retry_after, **kwargs)
            # A 500 on a write may have been processed.
            return OutcomeUnknown(message or f"HTTP {status}", **kwargs)
        return ServiceError(message or f"unexpected HTTP {status}", retryable=False, **kwargs)

    def _call(
        self,
        operation: str,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        body: Mapping[str, Any] | None = None,
        idempotent: bool,
        parse: Callable[[requests.Response], T] | None = None,
        deadline: float | None = None,
        retry: RetryPolicy | None = None,
        max_wait: float | None = None,
    ) -> tuple[requests.Response, T | None, int]:
        """One logical call: usage plan, token, one refresh on 401/403, retries.

        ``parse`` runs inside the retried attempt (a malformed answer to a read is retried).
        Returns the successful response, what ``parse`` made of it, and the HTTP attempts.
        """
        url = self._url(path)
        bucket = self.buckets[operation]
        refreshed = False
        attempts = 0

        def send_once() -> requests.Response:
            nonlocal attempts
            waits = [w for w in (self.max_bucket_wait, max_wait) if w is not None]
            bucket.acquire(cancel=self.cancel, max_wait=min(waits) if waits else None)
            token = self.auth.token(retry=False)
            headers = {"x-amz-access-token": token}
            if body is not None:
                headers["content-type"] = "application/json"
            attempts += 1
            fresh = self._fresh_writes and not idempotent
            session = make_session(self._agent) if fresh else None
            try:
                resp = (session or self._session).request(
                    method,
                    url,
                    params=params,
                    json=body,
                    headers=headers,
                    **request_kwargs(url, self._timeout),  # type: ignore[arg-type]
                    **_bounds(
                        session or self._session,
                        deadline,
                        MAX_BODY.get(operation),
                    ),
                )
            except requests.RequestException as exc:
                raise classify_transport_error(
                    exc, service=AMAZON, operation=operation, idempotent=idempotent
                ) from None
            finally:
                if session is not None:
                    session.close()
            rate = parse_rate_limit_header(resp.headers.get("x-amzn-RateLimit-Limit"))
            if rate is not None:
                bucket.set_rate(rate)
            if resp.status_code == 429:
                bucket.drain()
                retry_after = parse_retry_after(resp.headers.get("retry-after"), self._clock())
                if retry_after is not None:
                    bucket.hold(retry_after / self._retry.time_scale)
            return resp

        def attempt() -> tuple[requests.Response, T | None]:
            nonlocal refreshed
            resp = send_once()
            if resp.status_code in (401, 403) and not refreshed:
                # The token may have expired or been revoked: refresh once, send once more.
                refreshed = True
                self.auth.invalidate(resp.request.headers.get("x-amz-access-token"))
                resp.close()
                resp = send_once()
            if 200 <= resp.status_code < 300:
                return resp, (parse(resp) if parse is not None else None)
            raise self._error_for(resp, operation, idempotent)

        resp, parsed = call_with_retry(
            attempt,
            policy=retry or self._retry,
            sleep=self._sleep,
            rng=self._rng,
            cancel=self.cancel,
        )
        return resp, parsed, attempts

    def _json(self, resp: requests.Response, operation: str) -> dict[str, Any]:
        try:
            data = resp.json()
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise BadResponse(
                "response body is not a JSON object",
                service=AMAZON,
                status=resp.status_code,
                operation=operation,
                request_id=resp.headers.get("x-amzn-RequestId", ""),
            )
        return data

    # -- searchOrders --

    def search_params(
        self,
        *,
        last_updated_after: datetime | None = None,
        created_after: datetime | None = None,
        last_updated_before: datetime | None = None,
        created_before: datetime | None = None,
        fulfillment_statuses: Iterable[str] | None = None,
        fulfilled_by: Iterable[str] | None = None,
        max_results_per_page: int = MAX_RESULTS_PER_PAGE,
        included_data: Iterable[str] = DEFAULT_INCLUDED_DATA,
        pagination_token: str | None = None,
    ) -> dict[str, str]:
        """The query parameters of a ``searchOrders`` request (ValueError when invalid)."""
        if (last_updated_after is None) == (created_after is None):
            raise ValueError("give exactly one of last_updated_after and created_after")
        if created_after is not None and last_updated_before is not None:
            raise ValueError("last_updated_before goes with last_updated_after")
        if last_updated_after is not None and created_before is not None:
            raise ValueError("created_before goes with created_after")
        for dt in (last_updated_after, created_after, last_updated_before, created_before):
            if dt is not None and dt.tzinfo is None:
                raise ValueError("datetimes must be timezone-aware")
        if not 1 <= int(max_results_per_page) <= MAX_RESULTS_PER_PAGE:
            raise ValueError(f"max_results_per_page must be 1..{MAX_RESULTS_PER_PAGE}")
        included = list(dict.fromkeys(str(v) for v in included_data))
        personal = PERSONAL_INCLUDED_DATA.intersection(included)
        if personal:
            raise ValueError(
                f"includedData {sorted(personal)} is buyer/recipient personal data; "
                "this app never requests it (R-D1)"
            )
        unknown = set(included) - INCLUDED_DATA_VALUES
        if unknown:
            raise ValueError(f"unknown includedData: {sorted(unknown)}")
        params: dict[str, str] = {}
        if created_after is not None:
            params["createdAfter"] = iso_z(created_after)
            if created_before is not None:
                params["createdBefore"] = iso_z(created_before)
        if last_updated_after is not None:
            params["lastUpdatedAfter"] = iso_z(last_updated_after)
            if last_updated_before is not None:
                params["lastUpdatedBefore"] = iso_z(last_updated_before)
        if fulfillment_statuses is not None:
            statuses = [AmazonStatus(str(s)).value for s in fulfillment_statuses]
            if statuses:
                params["fulfillmentStatuses"] = _csv(dict.fromkeys(statuses))
        params["marketplaceIds"] = self.marketplace_id
        if fulfilled_by is not None:
            by = [str(v) for v in fulfilled_by]
            bad = set(by) - FULFILLED_BY_VALUES
            if bad:
                raise ValueError(f"unknown fulfilledBy: {sorted(bad)}")
            if by:
                params["fulfilledBy"] = _csv(dict.fromkeys(by))
        params["maxResultsPerPage"] = str(int(max_results_per_page))
        if included:
            params["includedData"] = _csv(included)
        if pagination_token:
            params["paginationToken"] = pagination_token
        return params

    def search_orders(
        self,
        *,
        last_updated_after: datetime | None = None,
        created_after: datetime | None = None,
        last_updated_before: datetime | None = None,
        created_before: datetime | None = None,
        fulfillment_statuses: Iterable[str] | None = None,
        fulfilled_by: Iterable[str] | None = None,
        max_results_per_page: int = MAX_RESULTS_PER_PAGE,
        included_data: Iterable[str] = DEFAULT_INCLUDED_DATA,
        pagination_token: str | None = None,
        max_pages: int | None = None,
    ) -> Iterator[SearchPage]:
        """Pages of orders (lazily: one request per page taken from the iterator).

        Exactly one of ``last_updated_after`` / ``created_after``.  ``pagination_token`` resumes
        a search (repeat the same filters).  Invalid arguments raise ValueError at once.
        """
        params = self.search_params(
            last_updated_after=last_updated_after,
            created_after=created_after,
            last_updated_before=last_updated_before,
            created_before=created_before,
            fulfillment_statuses=fulfillment_statuses,
            fulfilled_by=fulfilled_by,
            max_results_per_page=max_results_per_page,
            included_data=included_data,
            pagination_token=pagination_token,
        )
        return self._pages(params, max_pages)

    def _pages(self, params: dict[str, str], max_pages: int | None) -> Iterator[SearchPage]:
        return _follow_pages(self.search_page, params, "paginationToken", SEARCH_ORDERS, max_pages)

    def search_page(self, params: Mapping[str, str]) -> SearchPage:
        """One ``searchOrders`` request with prepared ``params`` (see :meth:`search_params`)."""
        _, page, _ = self._call(
            SEARCH_ORDERS,
            "GET",
            ORDERS_PATH,
            params=params,
            idempotent=True,
            parse=self._parse_search,
        )
        assert page is not None
        return page

    def search_raw(self, params: Mapping[str, str]) -> dict[str, Any]:
        """One ``searchOrders`` request, the answer as JSON (the connection check's shape
        report reads field names and formats from it)."""
        _, data, _ = self._call(
            SEARCH_ORDERS,
            "GET",
            ORDERS_PATH,
            params=params,
            idempotent=True,
            parse=lambda resp: self._json(resp, SEARCH_ORDERS),
        )
        assert data is not None
        return data

    def _parse_search(self, resp: requests.Response) -> SearchPage:
        request_id = resp.headers.get("x-amzn-RequestId", "")
        data = self._json(resp, SEARCH_ORDERS)
        raw_orders = data.get("orders")
        if not isinstance(raw_orders, list):
            raise BadResponse(
                "searchOrders response without orders",
                service=AMAZON,
                status=resp.status_code,
                operation=SEARCH_ORDERS,
                request_id=request_id,
            )
        orders = [parse_order(o) for o in raw_orders]
        pagination = data.get("pagination") or {}
        next_token = pagination.get("nextToken") if isinstance(pagination, dict) else None
        try:
            before = parse_iso(data.get("lastUpdatedBefore"))
            created_before = parse_iso(data.get("createdBefore"))
        except (TypeError, ValueError):
            before = created_before = None
        return SearchPage(
            orders=orders,
            next_token=str(next_token) if next_token else None,
            last_updated_before=before,
            request_id=request_id,
            created_before=created_before,
        )

    # -- getOrder --

    def get_order(
        self,
        order_id: str,
        *,
        included_data: Iterable[str] = DEFAULT_INCLUDED_DATA,
        max_wait: float | None = None,
    ) -> AmazonSide:
        """``getOrder``.  ``max_wait``: a usage-plan wait longer than this raises QuotaExceeded
        at once (the read-back after a confirmation uses it, so bulk sends are not slowed)."""
        if not _ORDER_ID.match(order_id or ""):
            raise ValueError(f"invalid Amazon order ID: {order_id!r}")
        included = list(dict.fromkeys(str(v) for v in included_data))
        if PERSONAL_INCLUDED_DATA.intersection(included):
            raise ValueError("buyer/recipient personal data is never requested (R-D1)")
        unknown = set(included) - INCLUDED_DATA_VALUES
        if unknown:
            raise ValueError(f"unknown includedData: {sorted(unknown)}")
        params = {"includedData": _csv(included)} if included else None
        path = f"{ORDERS_PATH}/{quote(order_id, safe='')}"
        _, side, _ = self._call(
            GET_ORDER,
            "GET",
            path,
            params=params,
            idempotent=True,
            parse=self._parse_get,
            max_wait=max_wait,
        )
        assert side is not None
        return side

    def settle_order(self, order_id: str) -> AmazonSide:
        """``getOrder`` for settling an unknown outcome: one attempt, a short deadline
        (:data:`SETTLE_DEADLINE`), no long usage-plan wait -- a stale entry whose order does
        not answer must not hold up the user's next command."""
        if not _ORDER_ID.match(order_id or ""):
            raise ValueError(f"invalid Amazon order ID: {order_id!r}")
        params = {"includedData": _csv(DEFAULT_INCLUDED_DATA)}
        path = f"{ORDERS_PATH}/{quote(order_id, safe='')}"
        _, side, _ = self._call(
            GET_ORDER,
            "GET",
            path,
            params=params,
            idempotent=True,
            parse=self._parse_get,
            deadline=SETTLE_DEADLINE,
            retry=NO_RETRY,
            max_wait=SETTLE_DEADLINE,
        )
        assert side is not None
        return side

    def _parse_get(self, resp: requests.Response) -> AmazonSide:
        data = self._json(resp, GET_ORDER)
        order = data.get("order")
        if not isinstance(order, dict):
            raise BadResponse(
                "getOrder response without order",
                service=AMAZON,
                status=resp.status_code,
                operation=GET_ORDER,
                request_id=resp.headers.get("x-amzn-RequestId", ""),
            )
        return parse_order(order)

    # -- confirmShipment --

    def confirm_shipment(self, order_id: str, package: ShipmentPackage) -> ConfirmResult:
        """Confirm one package of ``order_id`` (Orders v0).  Not retried when the outcome is
        unknown: OutcomeUnknown is raised and the caller resolves it by reading the order.
        """
        if not _ORDER_ID.match(order_id or ""):
            raise ValueError(f"invalid Amazon order ID: {order_id!r}")
        package.validate()
        body = package.to_body(self.marketplace_id)
        path = CONFIRM_PATH.format(order_id=quote(order_id, safe=""))
        resp, _, attempts = self._call(CONFIRM_SHIPMENT, "POST", path, body=body, idempotent=False)
        return ConfirmResult(
            request_id=resp.headers.get("x-amzn-RequestId", ""),
            status=resp.status_code,
            body=body,
            attempts=attempts,
        )

    # -- getInventorySummaries --

    def inventory_params(
        self,
        *,
        details: bool = False,
        seller_skus: Iterable[str] | None = None,
        start_date_time: datetime | None = None,
        next_token: str | None = None,
    ) -> dict[str, str]:
        """The query of a ``getInventorySummaries`` request (ValueError when invalid)."""
        params: dict[str, str] = {}
        if details:
            params["details"] = "true"
        params["granularityType"] = INVENTORY_GRANULARITY
        params["granularityId"] = self.marketplace_id
        if start_date_time is not None:
            if start_date_time.tzinfo is None:
                raise ValueError("datetimes must be timezone-aware")
            params["startDateTime"] = iso_z(start_date_time)
        elif seller_skus is not None:
            skus = list(dict.fromkeys(str(s) for s in seller_skus if str(s)))
            if not skus:
                raise ValueError("seller_skus is empty")
            if len(skus) > MAX_INVENTORY_SKUS:
                raise ValueError(f"at most {MAX_INVENTORY_SKUS} seller SKUs per request")
            params["sellerSkus"] = _csv(skus)
        if next_token:
            params["nextToken"] = next_token
        params["marketplaceIds"] = self.marketplace_id
        return params

    def inventory_summaries(
        self,
        *,
        details: bool = False,
        seller_skus: Iterable[str] | None = None,
        start_date_time: datetime | None = None,
        max_pages: int | None = None,
    ) -> Iterator[InventoryPage]:
        """Pages of the seller's FBA inventory in this marketplace (lazily, one request each).

        Without ``seller_skus`` / ``start_date_time``: every item.  Paging repeats the same
        filters with ``nextToken`` (the model asks for that with ``startDateTime``).
        """
        params = self.inventory_params(
            details=details, seller_skus=seller_skus, start_date_time=start_date_time
        )

        def fetch(page_params: Mapping[str, str]) -> InventoryPage:
            _, page, _ = self._call(
                GET_INVENTORY_SUMMARIES,
                "GET",
                INVENTORY_PATH,
                params=page_params,
                idempotent=True,
                parse=self._parse_inventory,
            )
            assert page is not None
            return page

        return _follow_pages(fetch, params, "nextToken", GET_INVENTORY_SUMMARIES, max_pages)

    def fba_inventory(self, *, details: bool = True) -> list[InventorySummary]:
        """Every FBA item of the seller in this marketplace (all pages)."""
        out: list[InventorySummary] = []
        for page in self.inventory_summaries(details=details):
            out.extend(page.items)
        return out

    def _parse_inventory(self, resp: requests.Response) -> InventoryPage:
        request_id = resp.headers.get("x-amzn-RequestId", "")
        data = self._json(resp, GET_INVENTORY_SUMMARIES)
        payload = data.get("payload")
        raw = payload.get("inventorySummaries") if isinstance(payload, dict) else None
        if not isinstance(raw, list):
            raise BadResponse(
                "getInventorySummaries response without payload.inventorySummaries",
                service=AMAZON,
                status=resp.status_code,
                operation=GET_INVENTORY_SUMMARIES,
                request_id=request_id,
            )
        pagination = data.get("pagination")
        token = pagination.get("nextToken") if isinstance(pagination, dict) else None
        return InventoryPage(
            items=[parse_inventory_summary(x) for x in raw],
            next_token=str(token) if token else None,
            request_id=request_id,
        )


def make_client(
    *,
    endpoint: str,
    token_url: str,
    client_id: str,
    client_secret: str,
    refresh_token: str,
    marketplace_id: str = assumptions.MARKETPLACE_ID_JP,
    rate_scale: float = 1.0,
    retry: RetryPolicy | None = None,
    **kwargs: Any,
) -> SpApiClient:
    """Convenience: an :class:`LwaAuth` and a :class:`SpApiClient` sharing one retry policy.

    Without an explicit ``retry``, backoff waits are divided by ``rate_scale`` too (the
    simulator's fast mode); ``rate_scale=1`` is the real service.
    """
    if retry is None:
        retry = RetryPolicy(time_scale=rate_scale)
    auth = LwaAuth(client_id, client_secret, refresh_token, token_url=token_url, retry=retry)
    return SpApiClient(endpoint, auth, marketplace_id, rate_scale=rate_scale, retry=retry, **kwargs)


class _Page(Protocol):
    @property
    def next_token(self) -> str | None: ...

    @property
    def request_id(self) -> str: ...


_P = TypeVar("_P", bound=_Page)


def _follow_pages(
    fetch: Callable[[Mapping[str, str]], _P],
    params: Mapping[str, str],
    token_param: str,
    operation: str,
    max_pages: int | None,
) -> Iterator[_P]:
    """Pages of one paginated operation, lazily: ``fetch(params)`` again with the page's next
    token in ``token_param`` until there is none (or ``max_pages``); a token seen before is a
    bad response (endless paging), never a loop."""
    count = 0
    seen: set[str] = set()
    while True:
        page = fetch(params)
        yield page
        count += 1
        if not page.next_token or (max_pages is not None and count >= max_pages):
            return
        if page.next_token in seen:
            raise BadResponse(
                f"{operation} repeated a nextToken (endless paging)",
                service=AMAZON,
                status=200,
                operation=operation,
                request_id=page.request_id,
            )
        seen.add(page.next_token)
        params = {**params, token_param: page.next_token}
