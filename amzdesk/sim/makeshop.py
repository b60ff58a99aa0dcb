"""makeshop's side: a GraphQL endpoint serving the documents in :mod:`amzdesk.assumptions`.

This is not a general GraphQL engine.  It parses one document (operations, variables, nested
selections, arguments; no fragments or directives), resolves the root fields it knows --
``searchOrder``, ``updateOrderAttribute``, ``updateOrderDeliveryStatus`` -- and returns exactly
the selected fields, refusing any field the (assumed) schema below lacks, as a real server would.

Checks: ``authorization: Bearer <token>``, ``x-api-key``, ``x-timestamp`` within
:data:`~amzdesk.assumptions.MAKESHOP_TIMESTAMP_WINDOW_S` of real time; one request at a time and
at most one per :data:`~amzdesk.assumptions.MAKESHOP_MIN_INTERVAL_S` (scaled by ``rate_scale``).
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from amzdesk import assumptions as A
from amzdesk.clock import JST
from amzdesk.sim.amazon import TokenBucket
from amzdesk.sim.server import Call, Response
from amzdesk.sim.world import MS_STATUSES, MakeshopOrder, World

# The assumed schema: type -> field -> type of the field (None = scalar).
SCHEMA: dict[str, dict[str, str | None]] = {
    "Query": {"searchOrder": "SearchOrderResult"},
    "Mutation": {
        "updateOrderAttribute": "UpdateOrderAttributeResult",
        "updateOrderDeliveryStatus": "UpdateOrderDeliveryStatusResult",
    },
    "SearchOrderResult": {"searchedCount": None, "page": None, "limit": None, "orders": "Order"},
    "Order": {
        "systemOrderNumber": None,
        "displayOrderNumber": None,
        "orderDate": None,
        "memo": None,
        "payMethod": None,
        "paymentStatusCode": None,
        "sumPrice": None,
        "ordererName": None,
        "ordererEmail": None,
        "ordererTel": None,
        "ordererZipCode": None,
        "ordererPrefecture": None,
        "ordererAddress": None,
        "deliveryInfos": "DeliveryInfo",
        "basketInfos": "BasketInfo",
    },
    "DeliveryInfo": {
        "deliveryId": None,
        "deliveryStatus": None,
        "deliveryMethod": None,
        "deliveryCompanyCode": None,
        "slipNumber": None,
        "deliveryDate": None,
        "receiverName": None,
        "receiverTel": None,
        "receiverZipCode": None,
        "receiverPrefecture": None,
        "receiverAddress": None,
    },
    "BasketInfo": {
        "productCode": None,
        "productCustomCode": None,
        "productName": None,
        "amount": None,
        "price": None,
    },
    "UpdateOrderAttributeResult": {"updateOrderAttributeResults": "UpdateOrderAttributeItem"},
    "UpdateOrderAttributeItem": {"displayOrderNumber": None, "message": None},
    "UpdateOrderDeliveryStatusResult": {
        "updateOrderDeliveryStatusResults": "UpdateOrderDeliveryStatusItem"
    },
    "UpdateOrderDeliveryStatusItem": {
        "displayOrderNumber": None,
        "deliveryId": None,
        "message": None,
    },
}


class GraphQLError(Exception):
    def __init__(self, message: str, code: str = "GRAPHQL_VALIDATION_FAILED") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


# --- a small GraphQL parser ----------------------------------------------------------------------

_TOKEN_RE = re.compile(
    r"""
    (?P<ws>[\s,\ufeff]+|\#[^\n]*)
  | (?P<spread>\.\.\.)
  | (?P<punct>[!$():=@\[\]{}|&])
  | (?P<string>"(?:[^"\\\n]|\\.)*")
  | (?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<name>[_A-Za-z][_0-9A-Za-z]*)
    """,
    re.VERBOSE,
)


@dataclass
class Field:
    name: str
    alias: str
    args: dict[str, Any]
    selections: list[Field] | None


@dataclass
class Operation:
    kind: str  # "query" | "mutation"
    name: str
    selections: list[Field]


@dataclass(frozen=True)
class _Variable:
    name: str


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens: list[tuple[str, str]] = []
        pos = 0
        while pos < len(text):
            m = _TOKEN_RE.match(text, pos)
            if m is None:
                raise GraphQLError(f"Syntax Error: Unexpected character {text[pos]!r}.")
            pos = m.end()
            kind = m.lastgroup or ""
            if kind != "ws":
                self.tokens.append((kind, m.group()))
        self.i = 0

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.i] if self.i < len(self.tokens) else ("eof", "")

    def take(self, value: str | None = None, kind: str | None = None) -> str:
        k, v = self.peek()
        if (value is not None and v != value) or (kind is not None and k != kind) or k == "eof":
            raise GraphQLError(f"Syntax Error: Expected {value or kind}, found {v or '<EOF>'}.")
        self.i += 1
        return v

    def document(self) -> list[Operation]:
        ops: list[Operation] = []
        while self.peek()[0] != "eof":
            ops.append(self.operation())
        if not ops:
            raise GraphQLError("Syntax Error: Unexpected <EOF>.")
        return ops

    def operation(self) -> Operation:
        k, v = self.peek()
        if v == "{":
            return Operation("query", "", self.selection_set())
        if k == "name" and v in ("query", "mutation", "subscription"):
            self.take()
            if v == "subscription":
                raise GraphQLError("Subscriptions are not supported.")
            name = self.take(kind="name") if self.peek()[0] == "name" else ""
            if self.peek()[1] == "(":
                self.variable_definitions()
            if self.peek()[1] == "@":
                raise GraphQLError("Directives are not supported.")
            return Operation(v, name, self.selection_set())
        if k == "name" and v == "fragment":
            raise GraphQLError("Fragments are not supported.")
        raise GraphQLError(f"Syntax Error: Unexpected {v}.")

    def variable_definitions(self) -> None:
        self.take("(")
        while self.peek()[1] != ")":
            self.take("$")
            self.take(kind="name")
            self.take(":")
            self.type_ref()
            if self.peek()[1] == "=":
                self.take("=")
                self.value()
        self.take(")")

    def type_ref(self) -> None:
        if self.peek()[1] == "[":
            self.take("[")
            self.type_ref()
            self.take("]")
        else:
            self.take(kind="name")
        if self.peek()[1] == "!":
            self.take("!")

    def selection_set(self) -> list[Field]:
        self.take("{")
        out: list[Field] = []
        while self.peek()[1] != "}":
            if self.peek()[0] == "spread":
                raise GraphQLError("Fragments are not supported.")
            out.append(self.field())
        self.take("}")
        if not out:
            raise GraphQLError("Syntax Error: Expected Name, found }.")
        return out

    def field(self) -> Field:
        name = self.take(kind="name")
        alias = name
        if self.peek()[1] == ":":
            self.take(":")
            name = self.take(kind="name")
        args: dict[str, Any] = {}
        if self.peek()[1] == "(":
            self.take("(")
            while self.peek()[1] != ")":
                arg = self.take(kind="name")
                self.take(":")
                args[arg] = self.value()
            self.take(")")
        if self.peek()[1] == "@":
            raise GraphQLError("Directives are not supported.")
        sel = self.selection_set() if self.peek()[1] == "{" else None
        return Field(name, alias, args, sel)

    def value(self) -> Any:
        k, v = self.peek()
        if v == "$":
            self.take("$")
            return _Variable(self.take(kind="name"))
        if k == "string":
            self.take()
            return json.loads(v)
        if k == "number":
            self.take()
            return float(v) if any(c in v for c in ".eE") else int(v)
        if v == "[":
            self.take("[")
            items = []
            while self.peek()[1] != "]":
                items.append(self.value())
            self.take("]")
            return items
        if v == "{":
            self.take("{")
            obj: dict[str, Any] = {}
            while self.peek()[1] != "}":
                key = self.take(kind="name")
                self.take(":")
                obj[key] = self.value()
            self.take("}")
            return obj
        if k == "name":
            self.take()
            return {"true": True, "false": False, "null": None}.get(v, v)  # enums as strings
        raise GraphQLError(f"Syntax Error: Unexpected {v or '<EOF>'}.")


def parse(text: str) -> list[Operation]:
    return _Parser(text).document()


def _resolve_vars(value: Any, variables: dict[str, Any]) -> Any:
    if isinstance(value, _Variable):
        if value.name not in variables:
            raise GraphQLError(f'Variable "${value.name}" was not provided.', "BAD_USER_INPUT")
        return variables[value.name]
    if isinstance(value, list):
        return [_resolve_vars(v, variables) for v in value]
    if isinstance(value, dict):
        return {k: _resolve_vars(v, variables) for k, v in value.items()}
    return value


def project(data: Any, type_name: str, selections: list[Field] | None, path: str) -> Any:
    """Keep only the selected fields of ``data`` (a dict, or a list of them), checking them
    against :data:`SCHEMA`."""
    if isinstance(data, list):
        return [project(d, type_name, selections, path) for d in data]
    if data is None:
        return None
    fields = SCHEMA[type_name]
    if selections is None:
        raise GraphQLError(
            f'Field "{path}" of type "{type_name}" must have a selection of subfields.'
        )
    out: dict[str, Any] = {}
    for f in selections:
        if f.name == "__typename":
            out[f.alias] = type_name
            continue
        if f.name not in fields:
            raise GraphQLError(f'Cannot query field "{f.name}" on type "{type_name}".')
        sub = fields[f.name]
        if sub is None:
            if f.selections is not None:
                raise GraphQLError(f'Field "{f.name}" must not have a selection.')
            out[f.alias] = data.get(f.name)
        else:
            out[f.alias] = project(data.get(f.name), sub, f.selections, f.name)
    return out


# --- serialisation -------------------------------------------------------------------------------


def _fmt(dt: datetime | None) -> str | None:
    return dt.astimezone(JST).strftime(A.MAKESHOP_DATETIME_FORMAT) if dt is not None else None


def order_data(mo: MakeshopOrder) -> dict[str, Any]:
    """A makeshop order with every field of the assumed schema (projected later)."""
    o = mo.orderer
    return {
        "systemOrderNumber": mo.system_order_number,
        "displayOrderNumber": mo.display_order_number,
        "orderDate": _fmt(mo.order_date),
        "memo": mo.memo,
        "payMethod": mo.pay_method,
        "paymentStatusCode": mo.payment_status,
        "sumPrice": mo.sum_price,
        "ordererName": o.get("name", ""),
        "ordererEmail": o.get("email", ""),
        "ordererTel": o.get("tel", ""),
        "ordererZipCode": o.get("zip", ""),
        "ordererPrefecture": o.get("prefecture", ""),
        "ordererAddress": o.get("address", ""),
        "deliveryInfos": [
            {
                "deliveryId": d.delivery_id,
                "deliveryStatus": d.status,
                "deliveryMethod": d.method,
                "deliveryCompanyCode": d.company_code,
                "slipNumber": d.slip_number,
                "deliveryDate": _fmt(d.delivery_date),
                "receiverName": d.receiver.get("name", ""),
                "receiverTel": d.receiver.get("tel", ""),
                "receiverZipCode": d.receiver.get("zip", ""),
                "receiverPrefecture": d.receiver.get("prefecture", ""),
                "receiverAddress": d.receiver.get("address", ""),
            }
            for d in mo.deliveries
        ],
        "basketInfos": [
            {
                "productCode": b.product_code,
                "productCustomCode": b.custom_code,
                "productName": b.name,
                "amount": b.amount,
                "price": b.price,
            }
            for b in mo.basket
        ],
    }


def _parse_ms_date(value: Any, name: str) -> datetime:
    if not isinstance(value, str) or not re.fullmatch(r"\d{14}", value):
        raise GraphQLError(f"{name} must be YYYYMMDDHHmmss.", A.MAKESHOP_ERROR_BAD_INPUT)
    try:
        return datetime.strptime(value, A.MAKESHOP_DATETIME_FORMAT).replace(tzinfo=JST)
    except ValueError as e:
        raise GraphQLError(f"{name} is not a valid date.", A.MAKESHOP_ERROR_BAD_INPUT) from e


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
        self.rate_header = "inf" if rate == float("inf") else f"{rate:g}"
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
                ops = parse(query)
                op = self._choose(ops, call.operation_name)
                call.operation = op.selections[0].name if op.selections else "unknown"
            except GraphQLError:
                pass

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
            if busy or not self.bucket.take(tolerance=0.05):
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
        return Response.json(status, _error_body("Bad Request", A.MAKESHOP_ERROR_BAD_INPUT))

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
    def _choose(ops: list[Operation], name: str) -> Operation:
        if name:
            for op in ops:
                if op.name == name:
                    return op
            raise GraphQLError(f'Unknown operation named "{name}".')
        if len(ops) != 1:
            raise GraphQLError("Must provide operation name if query contains multiple operations.")
        return ops[0]

    def _execute(self, call: Call) -> Response:
        if call.json_error or not isinstance(call.json, dict):
            return Response.json(400, _error_body("Body must be JSON.", "BAD_REQUEST"))
        query = call.json.get("query")
        variables = call.json.get("variables") or {}
        if not isinstance(query, str) or not isinstance(variables, dict):
            return Response.json(
                400, _error_body("query (string) and variables (object) expected", "BAD_REQUEST")
            )
        try:
            op = self._choose(parse(query), call.operation_name)
            root = "Query" if op.kind == "query" else "Mutation"
            data: dict[str, Any] = {}
            for f in op.selections:
                if f.name.startswith("__"):
                    raise GraphQLError("GraphQL introspection is not allowed.")
                if f.name not in SCHEMA[root]:
                    raise GraphQLError(f'Cannot query field "{f.name}" on type "{root}".')
                args = _resolve_vars(f.args, variables)
                result = self._resolve(f.name, args)
                type_name = SCHEMA[root][f.name]
                assert type_name is not None
                data[f.alias] = project(result, type_name, f.selections, f.name)
        except GraphQLError as e:
            return Response.json(200, _error_body(e.message, e.code))
        return Response.json(200, {"data": data})

    def _resolve(self, field: str, args: dict[str, Any]) -> dict[str, Any]:
        inp = args.get("input")
        if not isinstance(inp, dict):
            raise GraphQLError(f'Field "{field}" argument "input" is required.', "BAD_USER_INPUT")
        if field == "searchOrder":
            return self._search(inp)
        if field == "updateOrderAttribute":
            items = inp.get("updateOrderAttributes")
            if not isinstance(items, list) or not items:
                raise GraphQLError("updateOrderAttributes is required.", "BAD_USER_INPUT")
            results = []
            for item in items:
                msg = self.world.makeshop_update_attribute(item)
                number = item.get("displayOrderNumber") if isinstance(item, dict) else None
                results.append({"displayOrderNumber": number, "message": msg})
            return {"updateOrderAttributeResults": results}
        items = inp.get("updateOrderDeliveryStatusRequests")
        if not isinstance(items, list) or not items:
            raise GraphQLError("updateOrderDeliveryStatusRequests is required.", "BAD_USER_INPUT")
        results = []
        for item in items:
            msg = self.world.makeshop_update_delivery_status(item)
            d = item if isinstance(item, dict) else {}
            results.append(
                {
                    "displayOrderNumber": d.get("displayOrderNumber"),
                    "deliveryId": d.get("deliveryId"),
                    "message": msg,
                }
            )
        return {"updateOrderDeliveryStatusResults": results}

    def _search(self, inp: dict[str, Any]) -> dict[str, Any]:
        bad = A.MAKESHOP_ERROR_BAD_INPUT
        page = inp.get("page", 1)
        limit = inp.get("limit", 100)
        if not isinstance(page, int) or isinstance(page, bool) or page < 1:
            raise GraphQLError("page must be a positive integer.", bad)
        if (
            not isinstance(limit, int)
            or isinstance(limit, bool)
            or not 1 <= limit <= A.MAKESHOP_PAGE_LIMIT
        ):
            raise GraphQLError(f"limit must be between 1 and {A.MAKESHOP_PAGE_LIMIT}.", bad)
        sort = inp.get("sortOrder", A.MAKESHOP_SORT_DESC)
        if sort not in (A.MAKESHOP_SORT_ASC, A.MAKESHOP_SORT_DESC):
            raise GraphQLError("sortOrder must be ASC or DESC.", bad)
        status = inp.get("deliveryStatus")
        statuses: set[str] = set()
        if status is not None:
            values = status if isinstance(status, list) else [status]
            for v in values:
                if v not in MS_STATUSES:
                    raise GraphQLError(f"deliveryStatus {v!r} is invalid.", bad)
            statuses = set(values)
        number = inp.get("displayOrderNumber")
        self.world.tick()
        with self.world.lock:
            if number is not None:
                mo = self.world.makeshop.get(str(number))
                found = [mo] if mo is not None else []
            else:
                start = _parse_ms_date(inp.get("startOrderDate"), "startOrderDate")
                end = _parse_ms_date(inp.get("endOrderDate"), "endOrderDate")
                if end < start:
                    raise GraphQLError("endOrderDate must not be before startOrderDate.", bad)
                # whole seconds: an order at 12:00:00.7 matches an end of 12:00:00
                found = list(self.world.iter_makeshop(start, end.replace(microsecond=999999)))
            if statuses:
                found = [m for m in found if any(d.status in statuses for d in m.deliveries)]
            if sort == A.MAKESHOP_SORT_DESC:
                found.reverse()
            offset = (page - 1) * limit
            chosen = found[offset : offset + limit]
            return {
                "searchedCount": len(found),
                "page": page,
                "limit": limit,
                "orders": [order_data(m) for m in chosen],
            }
