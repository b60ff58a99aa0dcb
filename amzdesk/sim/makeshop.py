"""makeshop's side: a GraphQL server built with graphql-core from the public schema subset.

The schema is ``resources/makeshop/makeshop-orders.graphql`` -- a copy of the shared fact sheet's
SDL, the subset of makeshop's schema that public evidence supports -- extended by
``resources/makeshop/simulator-extension.graphql`` (fields only the simulator serves; the app
never selects them).  Every document is parsed and validated like a real server does:

* a syntax error or a document the schema refuses (unknown type, field, argument, variable type,
  enum value, input field) -> HTTP 422 with ``errors[]`` (public: C3, C5);
* ``__schema`` / ``__type`` (introspection) -> ``FORBIDDEN`` (public: C3, C5);
* searchOrder pages hold at most 200 rows whatever ``limit`` says (seen on another makeshop
  search, C3); responses use the public formats (``orderDate`` ``YYYY-MM-DD HH:MM:SS`` JST,
  ``P`` + 18-digit order numbers, 4-digit ``paymentStatusCode``).

Checks: ``authorization: Bearer <token>``, ``x-api-key``, ``x-timestamp`` within
:data:`~amzdesk.assumptions.MAKESHOP_TIMESTAMP_WINDOW_S` of real time; one request at a time and
at most one per :data:`~amzdesk.assumptions.MAKESHOP_MIN_INTERVAL_S` (scaled by ``rate_scale``),
counted between arrivals (start to start), with an allowance for network and scheduling jitter:
5 % of the interval or :data:`ARRIVAL_JITTER_S`, whichever is larger (jitter is real time, not
scaled with ``rate_scale``: at a test's 40 ms interval a busy machine delays one arrival by more
than 5 %).
The answers to bad credentials (401 ``UNAUTHENTICATED``) and rate limiting (429
``TOO_MANY_REQUESTS``) are not public: they are this simulator's choice, labelled in
:mod:`amzdesk.assumptions`.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
import uuid
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any, Final

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    build_ast_schema,
    execute_sync,
    extend_schema,
    parse,
    validate,
)
from graphql.language import Visitor, visit

from amzdesk import assumptions as A
from amzdesk.clock import JST
from amzdesk.sim.amazon import TokenBucket
from amzdesk.sim.server import Call, Response
from amzdesk.sim.world import MS_STATUSES, MakeshopOrder, World

SCHEMA_FILE: Final = "makeshop-orders.graphql"
EXTENSION_FILE: Final = "simulator-extension.graphql"
PAGE_CAP: Final = 200  # rows per page whatever ``limit`` says (C3's observation)
MAX_LIMIT: Final = 1000  # C2 clamps limit to 1..1000
DEFAULT_LIMIT: Final = 100  # not public
ARRIVAL_JITTER_S: Final = 0.010  # how much earlier than paced a request may arrive (real time)


def sdl_text(name: str) -> str:
    return resources.files("resources").joinpath("makeshop", name).read_text(encoding="utf-8")


@cache
def public_schema() -> GraphQLSchema:
    """The public subset only (what the app may rely on)."""
    return build_ast_schema(parse(sdl_text(SCHEMA_FILE)))


@cache
def served_schema() -> GraphQLSchema:
    """What the simulator serves: the public subset plus its own clearly named extension."""
    return extend_schema(public_schema(), parse(sdl_text(EXTENSION_FILE)))


class InputError(Exception):
    """A value the resolvers refuse (the document itself was valid)."""


def _is_introspection(doc: DocumentNode) -> bool:
    found = False

    class _V(Visitor):
        def enter_field(self, node: FieldNode, *_: Any) -> None:
            nonlocal found
            if node.name.value in ("__schema", "__type"):
                found = True

    visit(doc, _V())
    return found


def _error_entry(err: GraphQLError, code: str) -> dict[str, Any]:
    out: dict[str, Any] = {"message": err.message, "extensions": {"code": code}}
    if err.locations:
        out["locations"] = [{"line": loc.line, "column": loc.column} for loc in err.locations]
    if err.path:
        out["path"] = list(err.path)
    return out


# --- serialisation -------------------------------------------------------------------------------


def _fmt(dt: datetime | None) -> str | None:
    """Response date-time format: ``YYYY-MM-DD HH:MM:SS`` in JST."""
    if dt is None:
        return None
    return dt.astimezone(JST).strftime(A.MAKESHOP_ORDER_DATE_FORMAT)


def order_data(mo: MakeshopOrder) -> dict[str, Any]:
    """A makeshop order with every field the schema has (graphql-core picks the selected)."""
    o = mo.orderer
    return {
        "systemOrderNumber": mo.system_order_number,
        "displayOrderNumber": mo.display_order_number,
        "orderDate": _fmt(mo.order_date),
        "memberId": o.get("member_id", ""),
        "senderName": o.get("name", ""),
        "senderPrefecture": o.get("prefecture", ""),
        "payMethod": mo.pay_method,
        "paymentStatusCode": mo.payment_status,
        "sumPrice": mo.sum_price,
        "message": mo.message,
        "discountPerTax": [],
        "deliveryInfos": [
            {
                "deliveryId": d.delivery_id,
                "deliveryStatus": d.status,
                "desiredDeliveryDate": "--",
                "desiredDeliveryTimezone": "",
                "receiverName": d.receiver.get("name", ""),
                "receiverPost": d.receiver.get("zip", ""),
                "receiverPrefecture": d.receiver.get("prefecture", ""),
                "receiverAddress": d.receiver.get("address", ""),
                "receiverAddress2": d.receiver.get("address2", ""),
                "receiverTel": d.receiver.get("tel", ""),
                "shippingCharge": d.shipping_charge,
                "deliverySumPrice": sum(b.price * b.amount for b in d.basket) + d.shipping_charge,
                "wmsStatus": "",
                "deliveryMessage": d.message,
                "deliveryMethodIds": d.method_id,
                "slipNumber": d.slip_number,
                "deliveryDate": _fmt(d.delivery_date),
                "estimatedShipmentDate": None,
                "deliveryMethod": d.method,  # simulator extension
                "basketInfos": [
                    {
                        "productCode": b.product_code,
                        "productCustomCode": b.custom_code,
                        "variationCustomCode": "",
                        "productName": b.name,
                        "variationName": "",
                        "amount": b.amount,
                        "price": b.price,
                        "janCode": "",
                        "customSelects": [],
                    }
                    for b in d.basket
                ],
            }
            for d in mo.deliveries
        ],
    }


_DATE_RE: Final = re.compile(r"\d{14}")


def _parse_ms_date(value: Any, name: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
        raise InputError(f"{name} must be YYYYMMDDHHmmss.")
    try:
        return datetime.strptime(value, A.MAKESHOP_DATETIME_FORMAT).replace(tzinfo=JST)
    except ValueError as e:
        raise InputError(f"{name} is not a valid date.") from e


def _error_body(message: str, code: str) -> dict[str, Any]:
    return {"errors": [{"message": message, "extensions": {"code": code}}]}


class MakeshopService:
    name = "makeshop"

    def __init__(
        self,
        world: World,
        credentials: dict[str, str],
        *,
        path: str = "/v1/graphql",
        rate_scale: float = 1.0,
        one_at_a_time: bool = True,
        wall_clock: Any = time.time,
    ) -> None:
        self.world = world
        self.credentials = credentials
        self.path = path
        self.one_at_a_time = one_at_a_time
        interval = A.MAKESHOP_MIN_INTERVAL_S / rate_scale if rate_scale > 0 else 0.0
        rate = float("inf") if interval <= 0 else 1.0 / interval
        self.bucket = TokenBucket(rate, 1)
        # the share of one token an early arrival may lack (see the module docstring)
        self._tolerance = (
            0.05 if interval <= 0 else max(0.05, min(0.5, ARRIVAL_JITTER_S / interval))
        )
        self._in_flight = 0
        self._flight_lock = threading.Lock()
        self._wall_clock = wall_clock

    # --- Service protocol ------------------------------------------------------------------

    def identify(self, call: Call) -> None:
        call.service = "makeshop"
        call.operation = "unknown"
        if call.path != self.path:
            return
        try:
            call.json = json.loads(call.body) if call.body else None
        except ValueError:
            call.json_error = True
            return
        if not isinstance(call.json, dict):
            return
        name = call.json.get("operationName")
        call.operation_name = name if isinstance(name, str) else ""
        query = call.json.get("query")
        if isinstance(query, str):
            try:
                op = self._choose(parse(query), call.operation_name)
            except GraphQLError:
                return
            if op is not None:
                first = op.selection_set.selections[0] if op.selection_set.selections else None
                if isinstance(first, FieldNode):
                    call.operation = first.name.value

    def handle(self, call: Call) -> Response:
        if call.path != self.path:
            return Response.json(404, _error_body("Not Found", "NOT_FOUND"))
        if call.method != "POST":
            return Response.json(405, _error_body("Method Not Allowed", "METHOD_NOT_ALLOWED"))
        denied = self._auth(call)
        if denied is not None:
            return denied
        with self._flight_lock:
            busy = self.one_at_a_time and self._in_flight > 0
            if busy or not self.bucket.take(tolerance=self._tolerance):
                return self.error_response(call, A.MAKESHOP_RATE_LIMIT_HTTP_STATUS)
            self._in_flight += 1
        try:
            return self._execute(call)
        finally:
            with self._flight_lock:
                self._in_flight -= 1

    def error_response(self, call: Call, status: int) -> Response:
        if status == 429:
            return Response.json(
                429, _error_body("Too Many Requests", A.MAKESHOP_ERROR_RATE_LIMITED)
            )
        if status == 401:
            return Response.json(401, _error_body("Unauthorized", A.MAKESHOP_ERROR_UNAUTHENTICATED))
        if status >= 500:
            return Response.json(
                status, _error_body("Internal Server Error", "INTERNAL_SERVER_ERROR")
            )
        return Response.json(status, _error_body("Bad Request", "BAD_REQUEST"))

    def finish(self, call: Call, response: Response) -> Response:
        response.headers.setdefault("x-request-id", str(uuid.uuid4()))
        return response

    # --- checks ----------------------------------------------------------------------------

    def _auth(self, call: Call) -> Response | None:
        auth = call.headers.get("authorization", "")
        token = auth[7:] if auth[:7].lower() == "bearer " else ""
        key = call.headers.get("x-api-key", "")
        ok = secrets.compare_digest(token, self.credentials["makeshop-token"]) and (
            secrets.compare_digest(key, self.credentials["makeshop-api-key"])
        )
        if not ok:
            return self.error_response(call, 401)
        ts = call.headers.get("x-timestamp", "")
        try:
            stamp = int(ts)
        except ValueError:
            stamp = None
        if stamp is None or abs(self._wall_clock() - stamp) > A.MAKESHOP_TIMESTAMP_WINDOW_S:
            return Response.json(
                401, _error_body("x-timestamp is missing or expired.", "UNAUTHENTICATED")
            )
        return None

    # --- execution -------------------------------------------------------------------------

    @staticmethod
    def _choose(doc: DocumentNode, name: str) -> OperationDefinitionNode | None:
        ops = [d for d in doc.definitions if isinstance(d, OperationDefinitionNode)]
        if name:
            return next((op for op in ops if op.name is not None and op.name.value == name), None)
        return ops[0] if len(ops) == 1 else None

    def _execute(self, call: Call) -> Response:
        if call.json_error or not isinstance(call.json, dict):
            return Response.json(400, _error_body("Body must be JSON.", "BAD_REQUEST"))
        query = call.json.get("query")
        variables = call.json.get("variables") or {}
        op_name = call.json.get("operationName")
        if not isinstance(query, str) or not isinstance(variables, dict):
            return Response.json(
                400, _error_body("query (string) and variables (object) expected", "BAD_REQUEST")
            )
        if op_name is not None and not isinstance(op_name, str):
            return Response.json(400, _error_body("operationName must be a string", "BAD_REQUEST"))
        try:
            doc = parse(query)
        except GraphQLError as e:
            return Response.json(422, {"errors": [_error_entry(e, "GRAPHQL_PARSE_FAILED")]})
        if _is_introspection(doc):
            return Response.json(
                200, _error_body("introspection is not allowed", A.MAKESHOP_ERROR_FORBIDDEN)
            )
        schema = served_schema()
        problems = validate(schema, doc)
        if problems:
            return Response.json(
                422, {"errors": [_error_entry(e, "GRAPHQL_VALIDATION_FAILED") for e in problems]}
            )
        root = {
            "searchOrder": lambda _info, input: self._search(input),
            "updateOrderAttribute": lambda _info, input: self._update_attribute(input),
            "updateOrderDeliveryStatus": lambda _info, input: self._update_status(input),
        }
        result = execute_sync(
            schema,
            doc,
            root_value=root,
            variable_values=variables,
            operation_name=op_name or None,
        )
        if result.errors and result.data is None:
            # variables that do not fit their declared types, unknown operation name:
            # refused before anything ran, like a validation error
            return Response.json(
                422,
                {"errors": [_error_entry(x, "GRAPHQL_VALIDATION_FAILED") for x in result.errors]},
            )
        if result.errors:
            errors = []
            for err in result.errors:
                original = err.original_error
                if original is not None and not isinstance(original, InputError):
                    raise original  # a simulator bug: the server answers 500
                errors.append(_error_entry(err, "BAD_USER_INPUT"))
            return Response.json(200, {"data": result.data, "errors": errors})
        return Response.json(200, {"data": result.data})

    def _update_attribute(self, inp: dict[str, Any]) -> dict[str, Any]:
        items = inp.get("updateOrderAttributes")
        if not items:
            raise InputError("updateOrderAttributes is required.")
        results = []
        for item in items:
            msg = self.world.makeshop_update_attribute(item or {})
            number = item.get("displayOrderNumber") if item else None
            results.append({"displayOrderNumber": number, "message": msg})
        return {"updateOrderAttributeResults": results}

    def _update_status(self, inp: dict[str, Any]) -> dict[str, Any]:
        items = inp.get("updateOrderDeliveryStatusRequests")
        if not items:
            raise InputError("updateOrderDeliveryStatusRequests is required.")
        results = []
        for item in items:
            d = item or {}
            msg = self.world.makeshop_update_delivery_status(d)
            results.append(
                {
                    "displayOrderNumber": d.get("displayOrderNumber"),
                    "deliveryId": d.get("deliveryId"),
                    "message": msg,
                }
            )
        return {"updateOrderDeliveryStatusResults": results}

    def _search(self, inp: dict[str, Any]) -> dict[str, Any]:
        page = inp.get("page")
        page = 1 if page is None else page
        limit = inp.get("limit")
        limit = DEFAULT_LIMIT if limit is None else limit
        if page < 1:
            raise InputError("page must be a positive integer.")
        if not 1 <= limit <= MAX_LIMIT:
            raise InputError(f"limit must be between 1 and {MAX_LIMIT}.")
        size = min(limit, PAGE_CAP)
        sort = inp.get("sortOrder") or A.MAKESHOP_SORT_DESC
        status = inp.get("deliveryStatus")
        if status is not None and status not in MS_STATUSES:
            raise InputError(f"deliveryStatus {status!r} is invalid.")
        start = _parse_ms_date(inp.get("startOrderDate"), "startOrderDate")
        end = _parse_ms_date(inp.get("endOrderDate"), "endOrderDate")
        # The simulator has no payment date: it filters the payment-date pair by order date.
        pstart = _parse_ms_date(inp.get("startPaymentDate"), "startPaymentDate")
        pend = _parse_ms_date(inp.get("endPaymentDate"), "endPaymentDate")
        lo = max((d for d in (start, pstart) if d is not None), default=None)
        hi = min((d for d in (end, pend) if d is not None), default=None)
        self.world.tick()
        with self.world.lock:
            lo = lo or datetime(2000, 1, 1, tzinfo=JST)
            hi = hi or datetime(2100, 1, 1, tzinfo=JST)
            # whole seconds: an order at 12:00:00.7 matches an end of 12:00:00
            found = (
                []
                if hi < lo
                else list(self.world.iter_makeshop(lo, hi.replace(microsecond=999999)))
            )
            if status is not None:
                found = [m for m in found if any(d.status == status for d in m.deliveries)]
            if sort == A.MAKESHOP_SORT_DESC:
                found.reverse()
            offset = (page - 1) * size
            chosen = found[offset : offset + size]
            return {
                "searchedCount": len(found),
                "page": page,
                "orders": [order_data(m) for m in chosen],
            }
