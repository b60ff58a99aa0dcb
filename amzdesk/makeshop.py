"""makeshop GraphQL client: order search, on-demand customer details, marking shipped.

One client per API: the documents, pacing, paging, error mapping and mutations of makeshop's
order API live together, and :class:`MakeshopClient` is most of the file.

Every document it sends is in :mod:`amzdesk.assumptions` (``MAKESHOP_DOCUMENTS``) and uses only
names public callers use; tests validate each against the public schema subset
(tests/data/makeshop-orders.graphql).  No schema introspection: makeshop refuses it.

Rules kept here:

* headers ``authorization: Bearer <token>``, ``x-api-key``, a fresh ``x-timestamp`` (unix
  seconds) on every HTTP attempt, ``content-type: application/json``;
* one request at a time (a lock), and at least ``MAKESHOP_MIN_INTERVAL_S`` (+ a 25 ms margin)
  from the start of one request to the start of the next (a request that takes longer than
  that is followed at once; ``rate_scale`` shortens both for tests / the simulator's fast mode);
* paging asks for 200 rows and never infers the last page from a short page: it stops on an
  empty page or once ``searchedCount`` rows were read;
* order search never selects receiver (personal) fields; the order note is read only to find an
  Amazon order ID in it; :meth:`MakeshopClient.get_customer` fetches buyer data on demand,
  returns a plain dict and nothing keeps it (R-D1);
* 配送完了 = ``updateOrderAttribute`` (carrier code + 伝票番号) then ``updateOrderDeliveryStatus``
  ``COMPLETED``, for every open delivery of the order (複数配送); there is no public value for
  返送 or キャンセル, so the client cannot send them;
* GraphQL ``errors[]`` and a non-null per-item ``message`` become typed errors: a document the
  server refuses (HTTP 422) names the refused field or type, ``FORBIDDEN`` names the API the
  shop must still approve; queries are retried on 429/5xx/timeouts, mutations only when the
  request was clearly refused (429, 503, connection never made) -- otherwise OutcomeUnknown.
"""

from __future__ import annotations

import logging
import random
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
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
    said,
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
from amzdesk.messages import define
from amzdesk.models import (
    DeliveryStatus,
    MakeshopDelivery,
    MakeshopSide,
    OrderItem,
    summarise_deliveries,
)
from amzdesk.recognition import Recognition

__all__ = [
    "MakeshopClient",
    "MakeshopError",
    "MakeshopNotApproved",
    "MakeshopPage",
    "MakeshopProbe",
    "MakeshopRefused",
    "MarkShippedResult",
    "format_datetime",
    "parse_datetime",
    "parse_order",
    "value_shape",
]

log = logging.getLogger("amzdesk.makeshop")

# Every makeshop error is an amzdesk.errors.ServiceError (``.service == "makeshop"``).
MakeshopError = ServiceError

_AUTH_CODES: Final = frozenset({assumptions.MAKESHOP_ERROR_UNAUTHENTICATED})
_INPUT_CODES: Final = frozenset(
    {"BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED"}
)
_COMPLETION_VALUES: Final = (
    assumptions.MAKESHOP_STATUS_COMPLETED,
    assumptions.MAKESHOP_STATUS_NOT_YET,
)


M = define(
    "makeshop",
    {
        "refused": (
            "makeshop がこのアプリの問い合わせを受け付けませんでした"
            "（受け付けられなかった項目：{what}）。makeshop の仕様が変わった可能性があります。"
            "アプリを最新版に更新し、解決しない場合はこの内容をサポートに伝えてください"
        ),
        "unknown_item": "不明",
        "not_approved": (
            "makeshop で、このアプリの「{api}」 API の利用がまだ承認されていません。"
            "makeshop の管理画面でアプリが使う API を承認（再同意）してから、"
            "もう一度お試しください"
        ),
        "not_approved_any": (
            "makeshop で、このアプリの必要な API の利用がまだ承認されていません。"
            "makeshop の管理画面でアプリが使う API を承認（再同意）してから、"
            "もう一度お試しください"
        ),
    },
)


class MakeshopRefused(InvalidInput):
    """makeshop refused the document (HTTP 422 with ``errors[]``): a field, type or value the
    live schema does not have.  ``refused`` names what it refused (from the messages)."""

    def __init__(self, message: str = "", *, refused: Sequence[str] = (), **kw: Any) -> None:
        self.refused = tuple(refused)
        super().__init__(message, **kw)

    @property
    def user_message(self) -> str:
        if self.refused:
            what: str = "、".join(self.refused)
        elif self.message:
            what = said("makeshop", self.message, self.code, self.status, "InvalidInput")
        else:
            what = M("unknown_item")
        return M("refused", what=what)


class MakeshopNotApproved(AuthError):
    """``FORBIDDEN``: the shop has not approved the API this request needs for the app."""

    def __init__(self, message: str = "", *, api_label: str = "", **kw: Any) -> None:
        self.api_label = api_label
        super().__init__(message, **kw)

    @property
    def user_message(self) -> str:
        if self.api_label:
            return M("not_approved", api=self.api_label)
        return M("not_approved_any")


_QUOTED_RE: Final = re.compile(r"""["'](\$?[A-Za-z_][A-Za-z0-9_.]*)["']""")


def refused_names(errors: Sequence[Any]) -> list[str]:
    """Field / type names a 422 answer refused: quoted names in the messages, and the last part
    of ``path`` entries such as ``variable.input.memo``."""
    names: list[str] = []
    for err in errors:
        if not isinstance(err, Mapping):
            continue
        msg = _str(err.get("message"))
        for cut in (" Did you mean", ", found:", "; found"):
            msg = msg.split(cut, 1)[0]
        for m in _QUOTED_RE.finditer(msg):
            name = m.group(1).lstrip("$")
            if name and name not in names and name != "input":
                names.append(name)
        path = err.get("path")
        if isinstance(path, list) and path and isinstance(path[-1], str):
            last = path[-1].split(".")[-1]
            if last and last not in names and last != "input":
                names.append(last)
        elif isinstance(path, str) and path:
            last = path.split(".")[-1]
            if last and last not in names and last != "input":
                names.append(last)
    return names[:5]


# --- formats ------------------------------------------------------------------------------------


def format_datetime(dt: datetime) -> str:
    """``YYYYMMDDHHmmss`` in JST (makeshop's search input format)."""
    if dt.tzinfo is None:
        raise ValueError("datetime must be timezone-aware")
    return dt.astimezone(JST).strftime(assumptions.MAKESHOP_DATETIME_FORMAT)


def parse_datetime(value: Any) -> datetime | None:
    """A makeshop date-time in UTC.  Responses give ``YYYY-MM-DD HH:MM:SS`` (JST, presumed);
    ``YYYYMMDDHHmmss`` and ISO forms are read too.  ``""`` / ``--`` / None: None."""
    if value is None:
        return None
    text = str(value).strip()
    if not text or text.strip("-") == "":
        return None
    try:
        return (
            datetime.strptime(text, assumptions.MAKESHOP_ORDER_DATE_FORMAT)
            .replace(tzinfo=JST)
            .astimezone(UTC)
        )
    except ValueError:
        pass
    if text.isdigit() and len(text) in (8, 12, 14):
        fmt = {8: "%Y%m%d", 12: "%Y%m%d%H%M", 14: "%Y%m%d%H%M%S"}[len(text)]
        return datetime.strptime(text, fmt).replace(tzinfo=JST).astimezone(UTC)
    dt = datetime.fromisoformat(text.replace("Z", "+00:00").replace("/", "-"))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=JST)
    return dt.astimezone(UTC)


def value_shape(value: Any) -> str:
    """The format of a value without its content: digits become ``9``, Latin letters ``A`` /
    ``a``, other characters stay (``P999999999999999999``, ``9999-99-99 99:99:99``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    out = []
    for ch in str(value)[:40]:
        if ch.isascii() and ch.isdigit():
            out.append("9")
        elif ch.isascii() and ch.isalpha():
            out.append("A" if ch.isupper() else "a")
        elif ch.isascii():
            out.append(ch)
        else:
            out.append("*")
    return "".join(out)


def _str(value: Any) -> str:
    return "" if value is None else str(value)


def _int(value: Any) -> int:
    if value is None or value == "":
        return 0
    if isinstance(value, str) and "." in value:
        return int(float(value))
    return int(value)


def _items(baskets: Any) -> tuple[OrderItem, ...]:
    return tuple(
        OrderItem(
            sku=_str(b.get("variationCustomCode"))
            or _str(b.get("productCustomCode"))
            or _str(b.get("productCode")),
            title=" ".join(
                t for t in (_str(b.get("productName")), _str(b.get("variationName"))) if t
            ),
            quantity=_int(b.get("amount")),
        )
        for b in baskets or ()
    )


def parse_order(data: Mapping[str, Any], recognition: Recognition | None = None) -> MakeshopSide:
    """One ``searchOrder`` order as :class:`MakeshopSide`, every delivery included.

    The order note (``message``) and the delivery notes are searched for an Amazon order ID and
    then dropped: nothing personal is kept."""
    number = _str(data.get("displayOrderNumber")) if isinstance(data, Mapping) else ""
    rec = recognition or _DEFAULT_RECOGNITION
    try:
        raw_deliveries = data.get("deliveryInfos") or []
        order_date = parse_datetime(data.get("orderDate"))
        if order_date is None:
            raise ValueError("orderDate missing")
        deliveries = tuple(
            MakeshopDelivery(
                delivery_id=_str(d.get("deliveryId")),
                delivery_status=DeliveryStatus(_str(d.get("deliveryStatus")) or "N"),
                slip_number=_str(d.get("slipNumber")),
                delivery_date=_lenient_datetime(d.get("deliveryDate")),
                items=_items(d.get("basketInfos")),
            )
            for d in raw_deliveries
        )
        delivery_id, status, slip, delivered = summarise_deliveries(deliveries)
        system_number = _str(data["systemOrderNumber"])
        texts = [
            _str(data.get("message")),
            *(_str(d.get("deliveryMessage")) for d in raw_deliveries),
            number,
            system_number,
        ]
        amazon_id, signals = rec.signals(_str(data.get("payMethod")), texts)
        return MakeshopSide(
            system_order_number=system_number,
            display_order_number=number,
            order_date=order_date,
            pay_method=_str(data.get("payMethod")),
            payment_status=_str(data.get("paymentStatusCode")),
            delivery_id=delivery_id,
            delivery_status=status,
            slip_number=slip,
            delivery_date=delivered,
            amazon_order_id=amazon_id,
            items=tuple(i for d in deliveries for i in d.items),
            total_price=_int(data.get("sumPrice")),
            deliveries=deliveries,
            amazon_signals=signals,
        )
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, OverflowError) as exc:
        raise BadResponse(
            f"order {number or '?'}: {type(exc).__name__}: {exc}",
            service=MAKESHOP,
            status=200,
            operation=assumptions.MAKESHOP_OP_SEARCH_ORDER,
        ) from None


def _lenient_datetime(value: Any) -> datetime | None:
    """``deliveryDate``'s format is not public: a value that cannot be read is dropped."""
    try:
        return parse_datetime(value)
    except ValueError:
        return None


_DEFAULT_RECOGNITION: Final = Recognition()
# Added to MAKESHOP_MIN_INTERVAL_S between request starts: the server counts when a request
# arrives, and the time from "sent" to "arrived and counted" varies (a busy machine, the
# network); this much variation between two requests never makes the second one early.
PACING_MARGIN_S: Final = 0.025


# --- result types -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MakeshopPage:
    orders: list[MakeshopSide]
    searched_count: int
    page: int
    limit: int


@dataclass(frozen=True, slots=True)
class MarkShippedResult:
    display_order_number: str
    delivery_id: str  # the first delivery marked
    carrier_code: str
    slip_number: str
    steps: tuple[str, ...]  # the mutations that succeeded, in order
    delivery_ids: tuple[str, ...] = ()  # every delivery marked


@dataclass(slots=True)
class MakeshopProbe:
    """What one read-only search showed, without personal data: the number of orders, the
    distinct values of code fields and the formats of the other fields (for ``doctor``)."""

    searched_count: int = 0
    orders_read: int = 0
    pay_methods: Counter[str] = field(default_factory=Counter)
    payment_status_codes: Counter[str] = field(default_factory=Counter)
    delivery_statuses: Counter[str] = field(default_factory=Counter)
    deliveries_per_order: Counter[int] = field(default_factory=Counter)
    formats: dict[str, Counter[str]] = field(default_factory=dict)
    amazon_signals: Counter[str] = field(default_factory=Counter)

    def add_format(self, name: str, value: Any) -> None:
        self.formats.setdefault(name, Counter())[value_shape(value)] += 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "searched_count": self.searched_count,
            "orders_read": self.orders_read,
            "payMethod": dict(self.pay_methods),
            "paymentStatusCode": dict(self.payment_status_codes),
            "deliveryStatus": dict(self.delivery_statuses),
            "deliveries_per_order": {str(k): v for k, v in self.deliveries_per_order.items()},
            "formats": {k: dict(v) for k, v in self.formats.items()},
            "amazon_signals": dict(self.amazon_signals),
        }


# Non-personal fields whose *format* the probe records (never their values).
_PROBE_FORMAT_FIELDS: Final = ("systemOrderNumber", "displayOrderNumber", "orderDate", "sumPrice")
_PROBE_DELIVERY_FORMAT_FIELDS: Final = ("deliveryId", "slipNumber", "deliveryDate")


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
        recognition: Recognition | None = None,
    ) -> None:
        if not token or not api_key:
            raise AuthError("missing makeshop credentials", service=MAKESHOP, code="missing")
        if rate_scale <= 0:
            raise ValueError("rate_scale must be > 0")
        if token[:7].lower() == "bearer ":  # pasted with its scheme: do not send it twice
            token = token[7:].strip()
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
        self.pacing_margin = PACING_MARGIN_S / rate_scale if min_interval > 0 else 0.0
        self._monotonic = monotonic
        self._sleep = sleep
        self._wall_clock = wall_clock
        self._rng = rng
        self.cancel = cancel
        self.recognition = recognition or _DEFAULT_RECOGNITION
        self._lock = threading.Lock()
        self._next_start: float | None = None  # the earliest start of the next request
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
        errors: Sequence[Any] = (),
    ) -> ServiceError:
        kw: dict[str, Any] = {
            "service": MAKESHOP,
            "status": status,
            "code": code,
            "operation": operation,
        }
        if code == assumptions.MAKESHOP_ERROR_FORBIDDEN:
            label = assumptions.MAKESHOP_API_LABELS.get(operation, operation)
            return MakeshopNotApproved(message, api_label=label, **kw)
        if code == assumptions.MAKESHOP_ERROR_RATE_LIMITED or status == 429:
            return QuotaExceeded(message, retry_after=retry_after, **kw)
        if code in _AUTH_CODES or status in (401, 403):
            return AuthError(message, **kw)
        if status == assumptions.MAKESHOP_VALIDATION_HTTP_STATUS or (
            code in ("GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED")
        ):
            return MakeshopRefused(message, refused=refused_names(errors), **kw)
        if code in _INPUT_CODES or status in (400, 413, 415):
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
            # Paced start to start: the interval is counted from when the previous request was
            # sent, so its own duration (and the work between two pages) is not added to it.
            slot = now = self._monotonic()
            if self._next_start is not None:
                slot = self._next_start
                wait = slot - now
                if wait > 0:
                    self.waits.append(wait)
                    del self.waits[:-100]
                    interruptible_sleep(self._sleep, wait, self.cancel)
            start = self._monotonic()
            # A sleep that overran its slot by less than the margin is made up on the next
            # interval (never shorter than min_interval); a later start sets a new slot.
            late = start - slot
            base = slot if late <= self.pacing_margin else start
            self._next_start = base + self.min_interval + self.pacing_margin
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
                errors=errors,
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

    def _search_raw(
        self, document: str, operation: str, variables: Mapping[str, Any]
    ) -> tuple[list[Any], int]:
        data = self.execute(document, variables, operation, idempotent=True)
        result = data.get(assumptions.MAKESHOP_SEARCH_ORDER_FIELD)
        if not isinstance(result, dict) or not isinstance(result.get("orders"), list):
            raise BadResponse(
                "searchOrder without orders", service=MAKESHOP, status=200, operation=operation
            )
        orders = result["orders"]
        try:
            count = int(result.get("searchedCount") or 0)
        except (TypeError, ValueError):
            count = len(orders)
        return orders, count

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
        """Orders dated ``start``..``end`` (one page; ``page`` is 1-based).  The page may hold
        fewer rows than ``limit`` even when more follow (server cap): see :meth:`iter_pages`."""
        variables = self.search_variables(
            start, end, delivery_status, page, limit, sort_order=sort_order
        )
        raw, count = self._search_raw(
            assumptions.MAKESHOP_SEARCH_ORDER_QUERY, assumptions.MAKESHOP_OP_SEARCH_ORDER, variables
        )
        orders = [parse_order(o, self.recognition) for o in raw]
        return MakeshopPage(orders=orders, searched_count=count, page=page, limit=limit)

    def iter_pages(
        self,
        start: datetime,
        end: datetime,
        delivery_status: DeliveryStatus | str | None = None,
        limit: int = assumptions.MAKESHOP_PAGE_LIMIT,
        first_page: int = 1,
    ) -> Iterator[MakeshopPage]:
        """Every page from ``first_page`` on (lazily).  Stops on an empty page or once
        ``searchedCount`` rows were read -- never because a page was short."""
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
        read = 0
        while True:
            result = self.search_orders(start, end, delivery_status, page, limit)
            yield result
            read += len(result.orders)
            if is_last_page(len(result.orders), read, result.searched_count, page):
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

    # -- read-only probe (connection check, shape report) --

    def probe(self, start: datetime, end: datetime, *, max_pages: int = 1) -> MakeshopProbe:
        """One read-only search (``max_pages`` pages at most) summarised without personal data:
        distinct ``payMethod`` / ``paymentStatusCode`` / ``deliveryStatus`` values, the formats
        of order numbers and dates, deliveries per order, recognition signals.  Raises the
        client's typed errors (a refused document, FORBIDDEN, auth ...)."""
        out = MakeshopProbe()
        read = 0
        for page in range(1, max(1, max_pages) + 1):
            variables = self.search_variables(start, end, None, page)
            raw, count = self._search_raw(
                assumptions.MAKESHOP_SEARCH_ORDER_QUERY,
                assumptions.MAKESHOP_OP_SEARCH_ORDER,
                variables,
            )
            out.searched_count = count
            for o in raw:
                if not isinstance(o, Mapping):
                    continue
                out.orders_read += 1
                out.pay_methods[_str(o.get("payMethod"))] += 1
                out.payment_status_codes[_str(o.get("paymentStatusCode"))] += 1
                for name in _PROBE_FORMAT_FIELDS:
                    out.add_format(name, o.get(name))
                deliveries = [d for d in o.get("deliveryInfos") or () if isinstance(d, Mapping)]
                out.deliveries_per_order[len(deliveries)] += 1
                for d in deliveries:
                    out.delivery_statuses[_str(d.get("deliveryStatus"))] += 1
                    for name in _PROBE_DELIVERY_FORMAT_FIELDS:
                        out.add_format(name, d.get(name))
                try:
                    side = parse_order(o, self.recognition)
                except BadResponse:
                    out.amazon_signals["unreadable"] += 1
                    continue
                for sig in side.amazon_signals or ("none",):
                    out.amazon_signals[sig] += 1
            read += len(raw)
            if is_last_page(len(raw), read, count, page):
                break
        return out

    # -- customer details (on demand, never stored) --

    def get_customer(
        self, display_order_number: str, order_date: datetime | None = None
    ) -> dict[str, Any]:
        """Buyer and receivers of one *shop* order, as a plain dict (never store or log it).

        searchOrder has no public filter by order number: the order's own second
        (``order_date``, from the synced order) is searched and the number picked from it.
        Keys: ``display_order_number``, ``orderer`` (``name``, ``member_id``, ``prefecture``),
        ``deliveries`` (list of ``delivery_id``, ``name``, ``tel``, ``zip_code``,
        ``prefecture``, ``address``).  Amazon orders: the caller must not ask (R-D1)."""
        if not display_order_number:
            raise ValueError("display_order_number is empty")
        if order_date is None or order_date.tzinfo is None:
            raise ValueError("order_date (timezone-aware) is required to find the order")
        when = order_date.replace(microsecond=0)
        page, read, o = 1, 0, None
        while o is None:
            variables = self.search_variables(when, when, None, page)
            raw, count = self._search_raw(
                assumptions.MAKESHOP_ORDER_CUSTOMER_QUERY,
                assumptions.MAKESHOP_OP_ORDER_CUSTOMER,
                variables,
            )
            o = next(
                (
                    x
                    for x in raw
                    if isinstance(x, dict)
                    and _str(x.get("displayOrderNumber")) == display_order_number
                ),
                None,
            )
            read += len(raw)
            if o is None and is_last_page(len(raw), read, count, page):
                raise NotFound(
                    "order not found",
                    service=MAKESHOP,
                    status=200,
                    operation=assumptions.MAKESHOP_OP_ORDER_CUSTOMER,
                )
            page += 1
        return {
            "display_order_number": display_order_number,
            "orderer": {
                "name": _str(o.get("senderName")),
                "member_id": _str(o.get("memberId")),
                "prefecture": _str(o.get("senderPrefecture")),
            },
            "deliveries": [
                {
                    "delivery_id": _str(d.get("deliveryId")),
                    "name": _str(d.get("receiverName")),
                    "tel": _str(d.get("receiverTel")),
                    "zip_code": _str(d.get("receiverPost")),
                    "prefecture": _str(d.get("receiverPrefecture")),
                    "address": " ".join(
                        t
                        for t in (_str(d.get("receiverAddress")), _str(d.get("receiverAddress2")))
                        if t
                    ),
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
        self,
        display_order_number: str,
        delivery_ids: str | Sequence[str],
        carrier_code: str,
        slip_number: str | Sequence[str],
    ) -> None:
        """Set carrier (``deliveryCompanyCode``) and 伝票番号 (``slipNumber``) of deliveries.

        ``slip_number``: one number for every delivery, or one per delivery."""
        ids = _ids(display_order_number, delivery_ids)
        slips = [slip_number] * len(ids) if isinstance(slip_number, str) else list(slip_number)
        if len(slips) != len(ids):
            raise ValueError("give one slip number, or one per delivery")
        variables = {
            "input": {
                "updateOrderAttributes": [
                    {
                        "displayOrderNumber": display_order_number,
                        "deliveryRequestInfos": [
                            {
                                "deliveryId": did,
                                "slipNumber": slip,
                                "deliveryCompanyCode": carrier_code,
                            }
                            for did, slip in zip(ids, slips, strict=True)
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
            delivery_id=ids[0],
        )

    def update_delivery_status(
        self,
        display_order_number: str,
        delivery_ids: str | Sequence[str],
        status: str = assumptions.MAKESHOP_STATUS_COMPLETED,
    ) -> None:
        """Set deliveries' 配送状態: ``COMPLETED`` (配送完了) or ``NOT_YET`` -- the only public
        values.  返送 and キャンセル have none: they are done in makeshop's admin."""
        ids = _ids(display_order_number, delivery_ids)
        value = str(status)
        if value not in _COMPLETION_VALUES:
            raise ValueError(
                f"deliveryStatus {value!r} has no public value; do it in makeshop's admin"
            )
        variables = {
            "input": {
                "updateOrderDeliveryStatusRequests": [
                    {
                        "displayOrderNumber": display_order_number,
                        "deliveryId": did,
                        "deliveryStatus": value,
                    }
                    for did in ids
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
            delivery_id=ids[0],
        )

    def mark_shipped(
        self,
        display_order_number: str,
        delivery_ids: str | Sequence[str],
        carrier_code: str,
        slip_number: str | Sequence[str],
    ) -> MarkShippedResult:
        """配送完了 of the given deliveries: carrier + 伝票番号 first, then ``COMPLETED``.

        An error from the second step carries ``operation`` =
        ``updateOrderDeliveryStatus``: the first step is then already done.
        """
        ids = _ids(display_order_number, delivery_ids)
        self.update_order_attribute(display_order_number, ids, carrier_code, slip_number)
        self.update_delivery_status(
            display_order_number, ids, assumptions.MAKESHOP_STATUS_COMPLETED
        )
        first_slip = slip_number if isinstance(slip_number, str) else (list(slip_number) or [""])[0]
        return MarkShippedResult(
            display_order_number=display_order_number,
            delivery_id=ids[0],
            carrier_code=carrier_code,
            slip_number=first_slip,
            steps=(
                assumptions.MAKESHOP_OP_UPDATE_ATTRIBUTE,
                assumptions.MAKESHOP_OP_UPDATE_DELIVERY_STATUS,
            ),
            delivery_ids=tuple(ids),
        )


def _ids(display_order_number: str, delivery_ids: str | Sequence[str]) -> list[str]:
    ids = [delivery_ids] if isinstance(delivery_ids, str) else [str(d) for d in delivery_ids]
    if not display_order_number or not ids or not all(ids):
        raise ValueError("display_order_number and delivery_id are required")
    return ids


def is_last_page(rows: int, read: int, searched_count: int, page: int) -> bool:
    """Paging stops on an empty page, once ``searchedCount`` rows were read, or (safety against
    a server repeating pages) when there have been more pages than rows announced.  A short
    page alone never ends it: the server may cap pages below ``limit``."""
    return rows == 0 or read >= searched_count or page >= max(1, searched_count)
