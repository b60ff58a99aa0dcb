"""makeshop GraphQL client: order search, on-demand customer details, marking shipped.

The query documents and every field name beyond makeshop's public facts are *unconfirmed* and
live in :mod:`amzdesk.assumptions` (the simulator serves the same documents).  No schema
introspection: the client carries its documents.

Rules kept here:

* headers ``authorization: Bearer <token>``, ``x-api-key``, a fresh ``x-timestamp`` (unix
  seconds) on every HTTP attempt, ``content-type: application/json``;
* one request at a time (a lock), and at least ``MAKESHOP_MIN_INTERVAL_S`` between the end of
  one request and the start of the next (``rate_scale`` shortens it for tests / the simulator's
  fast mode);
* order search never selects receiver (personal) fields; :meth:`MakeshopClient.get_customer`
  fetches them on demand, returns a plain dict and nothing keeps it (R-D1);
* GraphQL ``errors[]`` and a non-null per-item ``message`` become typed errors
  (:mod:`amzdesk.errors`); queries are retried on 429/5xx/timeouts, mutations only when the
  request was clearly refused (429, 503, connection never made) -- otherwise OutcomeUnknown.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

import requests

from amzdesk import assumptions
from amzdesk.clock import JST
from amzdesk.endpoints import validate_endpoint
from amzdesk.errors import (
    MAKESHOP,
    AuthError,
    BadResponse,
    InvalidInput,
    MakeshopItemError,
    NotFound,
    OutcomeUnknown,
    QuotaExceeded,
    ServerError,
    ServiceError,
)
from amzdesk.http import (
    DEFAULT_TIMEOUT,
    Monotonic,
    RetryPolicy,
    Sleep,
    call_with_retry,
    classify_transport_error,
    interruptible_sleep,
    make_session,
    parse_retry_after,
    request_kwargs,
)
from amzdesk.logsetup import register_secret
from amzdesk.models import DeliveryStatus, MakeshopSide, OrderItem

__all__ = [
    "MakeshopClient",
    "MakeshopError",
    "MakeshopPage",
    "MarkShippedResult",
    "format_datetime",
    "parse_datetime",
    "parse_order",
]

log = logging.getLogger("amzdesk.makeshop")

# Every makeshop error is an amzdesk.errors.ServiceError (``.service == "makeshop"``).
MakeshopError = ServiceError

_AUTH_CODES: Final = frozenset({assumptions.MAKESHOP_ERROR_UNAUTHENTICATED, "FORBIDDEN"})
_INPUT_CODES: Final = frozenset(
    {assumptions.MAKESHOP_ERROR_BAD_INPUT, "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED"}
)


# --- formats ------------------------------------------------------------------------------------


def format_datetime(dt: datetime) -> str:
    """``YYYYMMDDHHmmss`` in JST (makeshop's input format)."""
    if dt.tzinfo is None:
        raise ValueError("datetime must be timezone-aware")
    return dt.astimezone(JST).strftime(assumptions.MAKESHOP_DATETIME_FORMAT)


def parse_datetime(value: Any) -> datetime | None:
    """A makeshop date-time (JST ``YYYYMMDDHHmmss``; also ``YYYY-MM-DD HH:MM:SS`` / ISO) in UTC."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    digits = "".join(ch for ch in text if ch.isdigit())
    if text.isdigit() and len(text) in (8, 12, 14):
        fmt = {8: "%Y%m%d", 12: "%Y%m%d%H%M", 14: "%Y%m%d%H%M%S"}[len(text)]
        return datetime.strptime(text, fmt).replace(tzinfo=JST).astimezone(UTC)
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00").replace("/", "-"))
    except ValueError:
        if len(digits) == 14:
            return datetime.strptime(digits, "%Y%m%d%H%M%S").replace(tzinfo=JST).astimezone(UTC)
        raise
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=JST)
    return dt.astimezone(UTC)


def _str(value: Any) -> str:
    return "" if value is None else str(value)


def _int(value: Any) -> int:
    if value is None or value == "":
        return 0
    if isinstance(value, str) and "." in value:
        return int(float(value))
    return int(value)


def parse_order(data: Mapping[str, Any]) -> MakeshopSide:
    """One ``searchOrder`` order as :class:`MakeshopSide` (first delivery only)."""
    number = _str(data.get("displayOrderNumber")) if isinstance(data, Mapping) else ""
    try:
        deliveries = data.get("deliveryInfos") or []
        first: Mapping[str, Any] = deliveries[0] if deliveries else {}
        order_date = parse_datetime(data.get("orderDate"))
        if order_date is None:
            raise ValueError("orderDate missing")
        items = tuple(
            OrderItem(
                sku=_str(b.get("productCustomCode")) or _str(b.get("productCode")),
                title=_str(b.get("productName")),
                quantity=_int(b.get("amount")),
            )
            for b in data.get("basketInfos") or ()
        )
        return MakeshopSide(
            system_order_number=_str(data["systemOrderNumber"]),
            display_order_number=number,
            order_date=order_date,
            pay_method=_str(data.get("payMethod")),
            payment_status=_str(data.get("paymentStatusCode")),
            delivery_id=_str(first.get("deliveryId")),
            delivery_status=DeliveryStatus(_str(first.get("deliveryStatus")) or "N"),
            delivery_method=_str(first.get("deliveryMethod")),
            carrier_code=_str(first.get("deliveryCompanyCode")),
            slip_number=_str(first.get("slipNumber")),
            delivery_date=parse_datetime(first.get("deliveryDate")),
            amazon_order_id=assumptions.extract_amazon_order_id(_str(data.get("memo"))),
            items=items,
            total_price=_int(data.get("sumPrice")),
        )
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise BadResponse(
            f"order {number or '?'}: {type(exc).__name__}: {exc}",
            service=MAKESHOP,
            status=200,
            operation=assumptions.MAKESHOP_OP_SEARCH_ORDER,
        ) from None


# --- result types -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MakeshopPage:
    orders: list[MakeshopSide]
    searched_count: int
    page: int
    limit: int

    @property
    def has_next(self) -> bool:
        return bool(self.orders) and self.page * self.limit < self.searched_count


@dataclass(frozen=True, slots=True)
class MarkShippedResult:
    display_order_number: str
    delivery_id: str
    carrier_code: str
    slip_number: str
    steps: tuple[str, ...]  # the mutations that succeeded, in order


# --- the client ---------------------------------------------------------------------------------


class MakeshopClient:
    """Thread-safe makeshop GraphQL client (one request at a time, ≥ min interval apart)."""

    def __init__(
        self,
        endpoint: str = assumptions.MAKESHOP_ENDPOINT,
        token: str = "",
        api_key: str = "",
        *,
        session: requests.Session | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        min_interval: float = assumptions.MAKESHOP_MIN_INTERVAL_S,
        rate_scale: float = 1.0,
        monotonic: Monotonic = time.monotonic,
        sleep: Sleep = time.sleep,
        wall_clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        if not token or not api_key:
            raise AuthError("missing makeshop credentials", service=MAKESHOP, code="missing")
        if rate_scale <= 0:
            raise ValueError("rate_scale must be > 0")
        register_secret(token)
        register_secret(api_key)
        self.endpoint = validate_endpoint(endpoint, "makeshop")
        self._token = token
        self._api_key = api_key
        self._session = session or make_session()
        self._timeout = timeout
        # Without an explicit policy, backoff scales with the pacing (simulator fast mode).
        self._retry = retry or RetryPolicy(time_scale=rate_scale)
        self.min_interval = min_interval / rate_scale
        self._monotonic = monotonic
        self._sleep = sleep
        self._wall_clock = wall_clock
        self._rng = rng
        self.cancel = cancel
        self._lock = threading.Lock()
        self._last_done: float | None = None
        self.waits: list[float] = []  # interval waits (bounded), for diagnostics and tests

    def __repr__(self) -> str:  # never show the secrets
        return f"MakeshopClient(endpoint={self.endpoint!r})"

    # -- plumbing --

    def _headers(self) -> dict[str, str]:
        return {
            "authorization": f"Bearer {self._token}",
            "x-api-key": self._api_key,
            "x-timestamp": str(int(self._wall_clock())),
            "content-type": "application/json",
        }

    def _error(
        self,
        status: int,
        *,
        code: str,
        message: str,
        operation: str,
        idempotent: bool,
        retry_after: float | None = None,
    ) -> ServiceError:
        kw: dict[str, Any] = {
            "service": MAKESHOP,
            "status": status,
            "code": code,
            "operation": operation,
        }
        if code == assumptions.MAKESHOP_ERROR_RATE_LIMITED or status == 429:
            return QuotaExceeded(message, retry_after=retry_after, **kw)
        if code in _AUTH_CODES or status in (401, 403):
            return AuthError(message, **kw)
        if code in _INPUT_CODES or status in (400, 413, 415, 422):
            return InvalidInput(message, **kw)
        if code == "NOT_FOUND" or status == 404:
            return NotFound(message, **kw)
        if status == 503:
            return ServerError(message, retry_after=retry_after, **kw)
        if status >= 500 or code == "INTERNAL_SERVER_ERROR":
            if idempotent:
                return ServerError(message, retry_after=retry_after, **kw)
            return OutcomeUnknown(message or f"HTTP {status}", **kw)
        return ServiceError(message or f"unexpected HTTP {status}", retryable=False, **kw)

    def _post_once(self, payload: Mapping[str, Any], operation: str, idempotent: bool) -> Any:
        with self._lock:
            if self._last_done is not None:
                wait = self.min_interval - (self._monotonic() - self._last_done)
                if wait > 0:
                    self.waits.append(wait)
                    del self.waits[:-100]
                    interruptible_sleep(self._sleep, wait, self.cancel)
            try:
                resp = self._session.post(
                    self.endpoint,
                    json=payload,
                    headers=self._headers(),
                    **request_kwargs(self.endpoint, self._timeout),  # type: ignore[arg-type]
                )
                _ = resp.content  # read the whole body while it is this request's turn
            except requests.RequestException as exc:
                raise classify_transport_error(
                    exc, service=MAKESHOP, operation=operation, idempotent=idempotent
                ) from None
            finally:
                self._last_done = self._monotonic()
        return self._handle(resp, operation, idempotent)

    def _handle(self, resp: requests.Response, operation: str, idempotent: bool) -> Any:
        status = resp.status_code
        retry_after = parse_retry_after(resp.headers.get("retry-after"))
        try:
            body = resp.json()
        except ValueError:
            body = None
        errors = body.get("errors") if isinstance(body, dict) else None
        if isinstance(errors, list) and errors:
            first = errors[0] if isinstance(errors[0], dict) else {}
            ext = first.get("extensions") or {}
            code = _str(ext.get("code")) if isinstance(ext, dict) else ""
            raise self._error(
                status,
                code=code,
                message=_str(first.get("message")),
                operation=operation,
                idempotent=idempotent,
                retry_after=retry_after,
            )
        if status != 200:
            raise self._error(
                status,
                code="",
                message=resp.reason or "",
                operation=operation,
                idempotent=idempotent,
                retry_after=retry_after,
            )
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, dict):
            if idempotent:
                raise BadResponse(
                    "response without data", service=MAKESHOP, status=status, operation=operation
                )
            raise OutcomeUnknown(
                "mutation answered without data",
                service=MAKESHOP,
                status=status,
                operation=operation,
            )
        return data

    def execute(
        self,
        document: str,
        variables: Mapping[str, Any],
        operation_name: str,
        *,
        idempotent: bool,
    ) -> dict[str, Any]:
        """POST one GraphQL document; returns ``data`` or raises a typed error."""
        payload = {"query": document, "variables": dict(variables), "operationName": operation_name}
        result: dict[str, Any] = call_with_retry(
            lambda: self._post_once(payload, operation_name, idempotent),
            policy=self._retry,
            sleep=self._sleep,
            rng=self._rng,
            cancel=self.cancel,
        )
        return result

    # -- order search --

    def search_variables(
        self,
        start: datetime,
        end: datetime,
        delivery_status: DeliveryStatus | str | None = None,
        page: int = 1,
        limit: int = assumptions.MAKESHOP_PAGE_LIMIT,
        *,
        sort_order: str = assumptions.MAKESHOP_SORT_ASC,
    ) -> dict[str, Any]:
        if page < 1:
            raise ValueError("page starts at 1")
        if not 1 <= limit <= assumptions.MAKESHOP_PAGE_LIMIT:
            raise ValueError(f"limit must be 1..{assumptions.MAKESHOP_PAGE_LIMIT}")
        if start.tzinfo is None or end.tzinfo is None:
            raise ValueError("start and end must be timezone-aware")
        if end < start:
            raise ValueError("end is before start")
        if sort_order not in (assumptions.MAKESHOP_SORT_ASC, assumptions.MAKESHOP_SORT_DESC):
            raise ValueError(f"unknown sort order {sort_order!r}")
        input_: dict[str, Any] = {
            "startOrderDate": format_datetime(start),
            "endOrderDate": format_datetime(end),
        }
        if delivery_status is not None:
            input_["deliveryStatus"] = DeliveryStatus(delivery_status).value
        input_.update({"page": page, "limit": limit, "sortOrder": sort_order})
        return {"input": input_}

    def search_orders(
        self,
        start: datetime,
        end: datetime,
        delivery_status: DeliveryStatus | str | None = None,
        page: int = 1,
        limit: int = assumptions.MAKESHOP_PAGE_LIMIT,
        *,
        sort_order: str = assumptions.MAKESHOP_SORT_ASC,
    ) -> MakeshopPage:
        """Orders dated ``start``..``end`` (one page; ``page`` is 1-based)."""
        variables = self.search_variables(
            start, end, delivery_status, page, limit, sort_order=sort_order
        )
        data = self.execute(
            assumptions.MAKESHOP_SEARCH_ORDER_QUERY,
            variables,
            assumptions.MAKESHOP_OP_SEARCH_ORDER,
            idempotent=True,
        )
        result = data.get(assumptions.MAKESHOP_SEARCH_ORDER_FIELD)
        if not isinstance(result, dict) or not isinstance(result.get("orders"), list):
            raise BadResponse(
                "searchOrder without orders",
                service=MAKESHOP,
                status=200,
                operation=assumptions.MAKESHOP_OP_SEARCH_ORDER,
            )
        orders = [parse_order(o) for o in result["orders"]]
        try:
            count = int(result.get("searchedCount") or 0)
        except (TypeError, ValueError):
            count = len(orders)
        return MakeshopPage(orders=orders, searched_count=count, page=page, limit=limit)

    def iter_pages(
        self,
        start: datetime,
        end: datetime,
        delivery_status: DeliveryStatus | str | None = None,
        limit: int = assumptions.MAKESHOP_PAGE_LIMIT,
        first_page: int = 1,
    ) -> Iterator[MakeshopPage]:
        """Every page from ``first_page`` on (lazily)."""
        self.search_variables(start, end, delivery_status, first_page, limit)  # validate now
        return self._iter_pages(start, end, delivery_status, limit, first_page)

    def _iter_pages(
        self,
        start: datetime,
        end: datetime,
        delivery_status: DeliveryStatus | str | None,
        limit: int,
        page: int,
    ) -> Iterator[MakeshopPage]:
        while True:
            result = self.search_orders(start, end, delivery_status, page, limit)
            yield result
            if not result.has_next:
                return
            page += 1

    def iter_orders(
        self,
        start: datetime,
        end: datetime,
        delivery_status: DeliveryStatus | str | None = None,
        limit: int = assumptions.MAKESHOP_PAGE_LIMIT,
    ) -> Iterator[MakeshopSide]:
        """Every order of every page (lazily)."""
        for result in self.iter_pages(start, end, delivery_status, limit):
            yield from result.orders

    # -- customer details (on demand, never stored) --

    def get_customer(self, display_order_number: str) -> dict[str, Any]:
        """Orderer and receivers of one *shop* order, as a plain dict (never store or log it).

        Keys: ``display_order_number``, ``orderer`` (``name``, ``email``, ``tel``, ``zip_code``,
        ``prefecture``, ``address``), ``deliveries`` (list of ``delivery_id``, ``name``,
        ``tel``, ``zip_code``, ``prefecture``, ``address``).  For Amazon orders makeshop leaves
        the fields empty (R-D1): the caller must not ask for them.
        """
        if not display_order_number:
            raise ValueError("display_order_number is empty")
        data = self.execute(
            assumptions.MAKESHOP_ORDER_CUSTOMER_QUERY,
            {"input": {"displayOrderNumber": display_order_number}},
            assumptions.MAKESHOP_OP_ORDER_CUSTOMER,
            idempotent=True,
        )
        result = data.get(assumptions.MAKESHOP_SEARCH_ORDER_FIELD)
        orders = result.get("orders") if isinstance(result, dict) else None
        if not isinstance(orders, list):
            raise BadResponse(
                "customer query without orders",
                service=MAKESHOP,
                status=200,
                operation=assumptions.MAKESHOP_OP_ORDER_CUSTOMER,
            )
        match = [
            o
            for o in orders
            if isinstance(o, dict) and _str(o.get("displayOrderNumber")) == display_order_number
        ]
        if not match:
            raise NotFound(
                "order not found",
                service=MAKESHOP,
                status=200,
                operation=assumptions.MAKESHOP_OP_ORDER_CUSTOMER,
            )
        o = match[0]
        return {
            "display_order_number": display_order_number,
            "orderer": {
                "name": _str(o.get("ordererName")),
                "email": _str(o.get("ordererEmail")),
                "tel": _str(o.get("ordererTel")),
                "zip_code": _str(o.get("ordererZipCode")),
                "prefecture": _str(o.get("ordererPrefecture")),
                "address": _str(o.get("ordererAddress")),
            },
            "deliveries": [
                {
                    "delivery_id": _str(d.get("deliveryId")),
                    "name": _str(d.get("receiverName")),
                    "tel": _str(d.get("receiverTel")),
                    "zip_code": _str(d.get("receiverZipCode")),
                    "prefecture": _str(d.get("receiverPrefecture")),
                    "address": _str(d.get("receiverAddress")),
                }
                for d in o.get("deliveryInfos") or ()
                if isinstance(d, dict)
            ],
        }

    # -- marking shipped --

    def _mutate(
        self,
        document: str,
        variables: Mapping[str, Any],
        *,
        operation: str,
        field_name: str,
        results_key: str,
        display_order_number: str,
        delivery_id: str,
    ) -> None:
        """Run one update mutation (never retried blindly) and check its per-item results: an
        item with a ``message`` raises MakeshopItemError; no results list is OutcomeUnknown."""
        data = self.execute(document, variables, operation, idempotent=False)
        container = data.get(field_name)
        results = container.get(results_key) if isinstance(container, dict) else None
        if not isinstance(results, list):
            # The mutation ran (or not): we cannot tell from this answer.
            raise OutcomeUnknown(
                f"{operation} answered without {results_key}",
                service=MAKESHOP,
                status=200,
                operation=operation,
            )
        for item in results:
            if isinstance(item, dict) and item.get("message") is not None:
                raise MakeshopItemError(
                    _str(item.get("message")),
                    display_order_number=_str(item.get("displayOrderNumber"))
                    or display_order_number,
                    delivery_id=_str(item.get("deliveryId")) or delivery_id,
                    operation=operation,
                    status=200,
                )

    def update_order_attribute(
        self, display_order_number: str, delivery_id: str, carrier_code: str, slip_number: str
    ) -> None:
        """Set carrier (``deliveryCompanyCode``) and 伝票番号 (``slipNumber``) of a delivery."""
        if not display_order_number or not delivery_id:
            raise ValueError("display_order_number and delivery_id are required")
        variables = {
            "input": {
                "updateOrderAttributes": [
                    {
                        "displayOrderNumber": display_order_number,
                        "deliveryRequestInfos": [
                            {
                                "deliveryId": delivery_id,
                                "slipNumber": slip_number,
                                "deliveryCompanyCode": carrier_code,
                            }
                        ],
                    }
                ]
            }
        }
        self._mutate(
            assumptions.MAKESHOP_UPDATE_ATTRIBUTE_DOCUMENT,
            variables,
            operation=assumptions.MAKESHOP_OP_UPDATE_ATTRIBUTE,
            field_name=assumptions.MAKESHOP_UPDATE_ATTRIBUTE_MUTATION,
            results_key="updateOrderAttributeResults",
            display_order_number=display_order_number,
            delivery_id=delivery_id,
        )

    def update_delivery_status(
        self,
        display_order_number: str,
        delivery_id: str,
        status: DeliveryStatus | str = DeliveryStatus.SHIPPED,
    ) -> None:
        """Set a delivery's 処理区分 (``Y`` = 配送完了)."""
        if not display_order_number or not delivery_id:
            raise ValueError("display_order_number and delivery_id are required")
        variables = {
            "input": {
                "updateOrderDeliveryStatusRequests": [
                    {
                        "displayOrderNumber": display_order_number,
                        "deliveryId": delivery_id,
                        "deliveryStatus": DeliveryStatus(status).value,
                    }
                ]
            }
        }
        self._mutate(
            assumptions.MAKESHOP_UPDATE_DELIVERY_STATUS_DOCUMENT,
            variables,
            operation=assumptions.MAKESHOP_OP_UPDATE_DELIVERY_STATUS,
            field_name=assumptions.MAKESHOP_UPDATE_DELIVERY_STATUS_MUTATION,
            results_key="updateOrderDeliveryStatusResults",
            display_order_number=display_order_number,
            delivery_id=delivery_id,
        )

    def mark_shipped(
        self, display_order_number: str, delivery_id: str, carrier_code: str, slip_number: str
    ) -> MarkShippedResult:
        """配送完了: carrier + 伝票番号 first, then 処理区分 ``Y``.

        An error from the second step carries ``operation`` =
        ``updateOrderDeliveryStatus``: the first step is then already done.
        """
        self.update_order_attribute(display_order_number, delivery_id, carrier_code, slip_number)
        self.update_delivery_status(display_order_number, delivery_id, DeliveryStatus.SHIPPED)
        return MarkShippedResult(
            display_order_number=display_order_number,
            delivery_id=delivery_id,
            carrier_code=carrier_code,
            slip_number=slip_number,
            steps=(
                assumptions.MAKESHOP_OP_UPDATE_ATTRIBUTE,
                assumptions.MAKESHOP_OP_UPDATE_DELIVERY_STATUS,
            ),
        )
