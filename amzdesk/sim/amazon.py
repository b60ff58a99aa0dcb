"""Amazon's side: the Login with Amazon token endpoint and the SP-API operations the app uses
(getInventorySummaries: :mod:`amzdesk.sim.fba`).

One module per simulated service, as :mod:`amzdesk.spapi` is one client: token endpoint,
usage plans, order serialisation and the operations are what one Amazon answer needs.

Shapes follow the official models (``orders_2026-01-01.json`` for searchOrders / getOrder,
``ordersV0.json`` for confirmShipment).  Every SP-API call checks ``x-amz-access-token``, is
counted against its operation's usage plan (a token bucket in real time), and answers with
``x-amzn-RequestId`` and ``x-amzn-RateLimit-Limit``.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs

from amzdesk import assumptions as A
from amzdesk.sim import fba
from amzdesk.sim.faults import Faults
from amzdesk.sim.server import Call, Response
from amzdesk.sim.world import (
    PARTIALLY_SHIPPED,
    SHIPPED,
    AmazonOrder,
    ConfirmError,
    World,
    _parse_dt,
)
from amzdesk.spapi import INCLUDED_DATA_VALUES
from amzdesk.spapi import USAGE_PLANS as _MODEL_USAGE_PLANS

LWA_PATH = "/auth/o2/token"
SEARCH_PATH = "/orders/2026-01-01/orders"
_GET_RE = re.compile(r"^/orders/2026-01-01/orders/([^/]+)$")
_CONFIRM_RE = re.compile(r"^/orders/v0/orders/([^/]+)/shipmentConfirmation$")

FULFILLMENT_STATUSES = (
    "PENDING_AVAILABILITY",
    "PENDING",
    "UNSHIPPED",
    "PARTIALLY_SHIPPED",
    "SHIPPED",
    "CANCELLED",
    "UNFULFILLABLE",
)

# The includedData enum (INCLUDED_DATA_VALUES) and the default usage plans are facts of the
# official models, kept in one place: the client's tables, checked against the models by the
# contract tests.  Usage plans here: (rate per second, burst).
USAGE_PLANS: dict[str, tuple[float, int]] = {
    op: (plan.rate, plan.burst) for op, plan in _MODEL_USAGE_PLANS.items()
}

QUOTA_EXCEEDED = {
    "code": "QuotaExceeded",
    "message": "You exceeded your quota for the requested resource.",
}
DENIED_MESSAGE = "Access to requested resource is denied."
EXPIRED_DETAILS = "The access token you provided has expired."
INVALID_DETAILS = "The access token you provided is revoked, malformed or invalid."


def iso(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _errors(status: int, code: str, message: str, details: str | None = None) -> Response:
    err: dict[str, str] = {"code": code, "message": message}
    if details is not None:
        err["details"] = details
    return Response.json(status, {"errors": [err]})


def _bad(message: str) -> Response:
    return _errors(400, "InvalidInput", message)


class TokenBucket:
    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic):
        self.rate = rate
        self.burst = float(burst)
        self.tokens = float(burst)
        self._clock = clock
        self._last = clock()
        self._lock = threading.Lock()

    def take(self, tolerance: float = 0.0) -> bool:
        if self.rate == float("inf"):
            return True
        with self._lock:
            t = self._clock()
            self.tokens = min(self.burst, self.tokens + (t - self._last) * self.rate)
            self._last = t
            if self.tokens >= 1.0 - tolerance:
                self.tokens = max(0.0, self.tokens - 1.0)
                return True
            return False


class UsagePlans:
    """Token buckets per operation; ``rate_scale`` multiplies every rate (burst unchanged)."""

    def __init__(self, rate_scale: float = 1.0, plans: dict[str, tuple[float, int]] | None = None):
        self.rate_scale = rate_scale
        self.plans = dict(plans or USAGE_PLANS)
        self.buckets = {
            op: TokenBucket(rate * rate_scale, burst) for op, (rate, burst) in self.plans.items()
        }

    def take(self, operation: str) -> bool:
        bucket = self.buckets.get(operation)
        return True if bucket is None else bucket.take()

    def limit_header(self, operation: str) -> str | None:
        plan = self.plans.get(operation)
        if plan is None:
            return None
        return f"{plan[0] * self.rate_scale:g}"


@dataclass
class _Token:
    value: str
    expires: datetime


class TokenStore:
    """Access tokens issued by the LWA endpoint, checked by SP-API (simulated time)."""

    def __init__(self, lifetime: timedelta = timedelta(hours=1)) -> None:
        self.lifetime = lifetime
        self._tokens: dict[str, _Token] = {}
        self._lock = threading.Lock()

    def issue(self, now: datetime) -> _Token:
        tok = _Token("Atza|" + secrets.token_urlsafe(48), now + self.lifetime)
        with self._lock:
            self._tokens[tok.value] = tok
        return tok

    def check(self, value: str, now: datetime) -> str:
        with self._lock:
            tok = self._tokens.get(value)
        if tok is None:
            return "unknown"
        return "ok" if now < tok.expires else "expired"

    def expire_all(self, now: datetime) -> None:
        with self._lock:
            for tok in self._tokens.values():
                tok.expires = min(tok.expires, now)

    @property
    def issued(self) -> int:
        with self._lock:
            return len(self._tokens)


# --- Order serialisation -------------------------------------------------------------------------


def _money(amount: int) -> dict[str, str]:
    return {"amount": str(amount), "currencyCode": "JPY"}


def order_json(ao: AmazonOrder, included: set[str]) -> dict[str, Any]:
    """An ``Order`` (orders_2026-01-01) with the datasets asked for in ``includedData``."""
    status = ao.status
    items: list[dict[str, Any]] = []
    for it in ao.items:
        item: dict[str, Any] = {
            "orderItemId": it.order_item_id,
            "quantityOrdered": it.quantity,
            "product": {
                "asin": it.asin,
                "title": it.title,
                "sellerSku": it.sku,
                "condition": {"conditionType": "NEW", "conditionSubtype": "NEW"},
                "price": {"unitPrice": _money(it.unit_price)},
            },
        }
        if "PROCEEDS" in included:
            item["proceeds"] = {"proceedsTotal": _money(it.unit_price * it.quantity)}
        if "FULFILLMENT" in included:
            done = min(it.quantity, ao.shipped_quantity(it.order_item_id))
            if status == "CANCELLED":
                done = 0
            item["fulfillment"] = {
                "quantityFulfilled": done,
                "quantityUnfulfilled": 0 if status == "CANCELLED" else it.quantity - done,
            }
        items.append(item)
    out: dict[str, Any] = {
        "orderId": ao.order_id,
        "createdTime": iso(ao.created),
        "lastUpdatedTime": iso(ao.last_updated),
        "programs": list(ao.programs),
        "salesChannel": {
            "channelName": "AMAZON",
            "marketplaceId": A.MARKETPLACE_ID_JP,
            "marketplaceName": "Amazon.co.jp",
        },
        "orderItems": items,
    }
    if "BUYER" in included:
        out["buyer"] = {"buyerName": ao.buyer_name, "buyerEmail": ao.buyer_email}
    if "RECIPIENT" in included:
        out["recipient"] = {"deliveryAddress": dict(ao.recipient)}
    if "PROCEEDS" in included:
        out["proceeds"] = {"grandTotal": _money(ao.total)}
    if "FULFILLMENT" in included:
        out["fulfillment"] = {
            "fulfillmentStatus": status,
            "fulfilledBy": ao.fulfilled_by,
            "fulfillmentServiceLevel": "STANDARD",
            "shipByWindow": {
                "earliestDateTime": iso(ao.ship_by_earliest),
                "latestDateTime": iso(ao.ship_by_latest),
            },
            "deliverByWindow": {
                "earliestDateTime": iso(ao.deliver_by_earliest),
                "latestDateTime": iso(ao.deliver_by_latest),
            },
        }
    if "PACKAGES" in included and not ao.is_fba:  # only for merchant-fulfilled orders
        packages = []
        for p in ao.packages:
            pkg: dict[str, Any] = {
                "packageReferenceId": p.package_reference_id,
                "createdTime": iso(p.created),
                "packageStatus": {"status": p.status},
                "carrier": p.carrier,
                "shipTime": iso(p.ship_time),
                "packageItems": [{"orderItemId": i, "quantity": q} for i, q in p.items],
            }
            if p.shipping_method:
                pkg["shippingService"] = p.shipping_method
            if p.tracking_number:
                pkg["trackingNumber"] = p.tracking_number
            packages.append(pkg)
        out["packages"] = packages
    return out


# --- The service ---------------------------------------------------------------------------------


def _values(query: dict[str, list[str]], name: str) -> list[str]:
    out: list[str] = []
    for v in query.get(name, []):
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


def _single(query: dict[str, list[str]], name: str) -> str | None:
    vals = query.get(name)
    return vals[-1] if vals else None


class AmazonService:
    """LWA token endpoint + SP-API (searchOrders, getOrder, confirmShipment)."""

    name = "spapi"

    def __init__(
        self,
        world: World,
        credentials: dict[str, str],
        faults: Faults,
        usage: UsagePlans,
        tokens: TokenStore,
    ) -> None:
        self.world = world
        self.credentials = credentials
        self.faults = faults
        self.usage = usage
        self.tokens = tokens
        self._token_key = secrets.token_bytes(16)

    # --- Service protocol ------------------------------------------------------------------

    def identify(self, call: Call) -> None:
        call.service = "spapi"
        if call.path == LWA_PATH:
            call.service, call.operation = "lwa", "lwaToken"
        elif call.path == SEARCH_PATH:
            call.operation = "searchOrders"
        elif _GET_RE.match(call.path):
            call.operation = "getOrder"
        elif call.path == fba.INVENTORY_PATH:
            call.operation = fba.OPERATION
        elif _CONFIRM_RE.match(call.path):
            call.operation = "confirmShipment"
            if call.body:
                try:
                    call.json = json.loads(call.body)
                except ValueError:
                    call.json_error = True
        else:
            call.operation = "unknown"

    def handle(self, call: Call) -> Response:
        if call.service == "lwa":
            return self._lwa(call)
        if call.operation == "unknown":
            return _errors(404, "NotFound", "The requested resource was not found.")
        expected = "POST" if call.operation == "confirmShipment" else "GET"
        if call.method != expected:
            return _errors(405, "MethodNotAllowed", f"{call.method} is not allowed here.")
        denied = self._auth(call)
        if denied is not None:
            return denied
        if not self.usage.take(call.operation):
            return Response.json(429, {"errors": [dict(QUOTA_EXCEEDED)]})
        if call.operation == "searchOrders":
            return self._search(call)
        if call.operation == "getOrder":
            return self._get(call)
        if call.operation == fba.OPERATION:
            return fba.handle_inventory(self.world, call)
        return self._confirm(call)

    def error_response(self, call: Call, status: int) -> Response:
        if call.service == "lwa":
            code = "server_error" if status >= 500 else "slow_down"
            return Response.json(status, {"error": code, "error_description": "Try again later."})
        if status == 429:
            return Response.json(429, {"errors": [dict(QUOTA_EXCEEDED)]})
        if status == 503:
            return _errors(503, "ServiceUnavailable", "Service temporarily unavailable.")
        if status >= 500:
            return _errors(status, "InternalFailure", "We encountered an internal error.")
        return _errors(status, "InvalidInput", "Request could not be processed.")

    def finish(self, call: Call, response: Response) -> Response:
        response.headers.setdefault("x-amzn-RequestId", str(uuid.uuid4()))
        if call.service == "spapi":
            limit = self.usage.limit_header(call.operation)
            if limit is not None:
                response.headers.setdefault("x-amzn-RateLimit-Limit", limit)
        return response

    # --- LWA -------------------------------------------------------------------------------

    def _lwa(self, call: Call) -> Response:
        if call.method != "POST":
            return Response.json(405, {"error": "invalid_request"})
        ctype = call.headers.get("content-type", "")
        form: dict[str, str] = {}
        if "json" in ctype:
            try:
                data = json.loads(call.body or b"{}")
                form = {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
            except ValueError:
                form = {}
        else:
            parsed = parse_qs(call.body.decode("utf-8", "replace"), keep_blank_values=True)
            form = {k: v[-1] for k, v in parsed.items()}
        grant = form.get("grant_type", "")
        if grant != "refresh_token":
            return Response.json(
                400,
                {
                    "error": "unsupported_grant_type" if grant else "invalid_request",
                    "error_description": "The authorization grant type is not supported.",
                },
            )
        for field in ("refresh_token", "client_id", "client_secret"):
            if not form.get(field):
                return Response.json(
                    400,
                    {"error": "invalid_request", "error_description": f"Missing {field}."},
                )
        if not (
            secrets.compare_digest(form["client_id"], self.credentials["lwa-client-id"])
            and secrets.compare_digest(form["client_secret"], self.credentials["lwa-client-secret"])
        ):
            return Response.json(
                401,
                {"error": "invalid_client", "error_description": "Client authentication failed"},
            )
        if not secrets.compare_digest(form["refresh_token"], self.credentials["lwa-refresh-token"]):
            return Response.json(
                400,
                {
                    "error": "invalid_grant",
                    "error_description": "The request has an invalid grant parameter : "
                    "refresh_token",
                },
            )
        tok = self.tokens.issue(self.world.now())
        return Response.json(
            200,
            {
                "access_token": tok.value,
                "refresh_token": self.credentials["lwa-refresh-token"],
                "token_type": "bearer",
                "expires_in": int(self.tokens.lifetime.total_seconds()),
            },
        )

    # --- SP-API ----------------------------------------------------------------------------

    def _auth(self, call: Call) -> Response | None:
        token = call.headers.get("x-amz-access-token", "")
        now = self.world.now()
        if token and self.faults.take_expired():
            self.tokens.expire_all(now)
        state = self.tokens.check(token, now) if token else "unknown"
        if state == "ok":
            return None
        details = EXPIRED_DETAILS if state == "expired" else INVALID_DETAILS
        return _errors(403, "Unauthorized", DENIED_MESSAGE, details)

    def _included(self, call: Call) -> set[str] | Response:
        included = set(_values(call.query, "includedData"))
        unknown = included - INCLUDED_DATA_VALUES
        if unknown:
            return _bad(f"Invalid includedData value(s): {', '.join(sorted(unknown))}.")
        return included

    def _get(self, call: Call) -> Response:
        m = _GET_RE.match(call.path)
        assert m is not None
        included = self._included(call)
        if isinstance(included, Response):
            return included
        self.world.tick()
        with self.world.lock:
            ao = self.world.amazon.get(m.group(1))
            if ao is None:
                return _errors(404, "NotFound", f"Order {m.group(1)} was not found.")
            return Response.json(200, {"order": order_json(ao, included)})

    def _confirm(self, call: Call) -> Response:
        m = _CONFIRM_RE.match(call.path)
        assert m is not None
        if call.json_error or not call.body:
            return _bad("The request body is not valid JSON.")
        try:
            self.world.confirm_shipment(m.group(1), call.json)
        except ConfirmError as e:
            return _errors(e.status, e.code, e.message)
        return Response(204, b"", {})

    def _search(self, call: Call) -> Response:
        q = call.query
        markets = _values(q, "marketplaceIds")
        if not markets:
            return _bad("marketplaceIds is required.")
        if len(markets) > 50:
            return _bad("marketplaceIds accepts at most 50 values.")
        created_after = _single(q, "createdAfter")
        created_before = _single(q, "createdBefore")
        updated_after = _single(q, "lastUpdatedAfter")
        updated_before = _single(q, "lastUpdatedBefore")
        if (created_after is None) == (updated_after is None):
            return _bad("Exactly one of createdAfter and lastUpdatedAfter must be provided.")
        if created_after is not None and updated_before is not None:
            return _bad("lastUpdatedBefore cannot be combined with createdAfter.")
        if updated_after is not None and created_before is not None:
            return _bad("createdBefore cannot be combined with lastUpdatedAfter.")
        by = "created" if created_after is not None else "updated"
        after_s = created_after if by == "created" else updated_after
        before_s = created_before if by == "created" else updated_before
        after = _parse_dt(after_s)
        if after is None:
            return _bad(f"Invalid date-time: {after_s}.")
        now = self.world.tick()
        before = now
        if before_s is not None:
            parsed = _parse_dt(before_s)
            if parsed is None:
                return _bad(f"Invalid date-time: {before_s}.")
            if parsed < after:
                return _bad("The 'before' time must be equal to or after the 'after' time.")
            before = min(parsed, now)
        statuses = _values(q, "fulfillmentStatuses")
        bad = [s for s in statuses if s not in FULFILLMENT_STATUSES]
        if bad:
            return _bad(f"Invalid fulfillmentStatuses value(s): {', '.join(bad)}.")
        fulfilled_by = _values(q, "fulfilledBy")
        bad = [s for s in fulfilled_by if s not in ("MERCHANT", "AMAZON")]
        if bad:
            return _bad(f"Invalid fulfilledBy value(s): {', '.join(bad)}.")
        per_page_s = _single(q, "maxResultsPerPage")
        per_page = 100
        if per_page_s is not None:
            if not per_page_s.isdigit() or not 1 <= int(per_page_s) <= 100:
                return _bad("maxResultsPerPage must be between 1 and 100.")
            per_page = int(per_page_s)
        included = self._included(call)
        if isinstance(included, Response):
            return included
        start_key: tuple[datetime, str] | None = None
        token = _single(q, "paginationToken")
        if token is not None:
            decoded = self._decode_token(token, now)
            if isinstance(decoded, Response):
                return decoded
            tok_by, tok_after, tok_before, start_key = decoded
            if tok_by != by or tok_after != after:
                return _bad("The paginationToken does not match the request parameters.")
            before = tok_before
        if A.MARKETPLACE_ID_JP not in markets:
            orders: list[AmazonOrder] = []
            more = False
        else:
            status_set = set(statuses)
            fb_set = set(fulfilled_by)
            orders, more = self._collect(
                by,
                after=after,
                before=before,
                start_key=start_key,
                statuses=status_set,
                fulfilled_by=fb_set,
                per_page=per_page,
            )
        body: dict[str, Any] = {"orders": []}
        with self.world.lock:
            body["orders"] = [order_json(o, included) for o in orders]
            if more and orders:
                last = orders[-1]
                key = last.last_updated if by == "updated" else last.created
                body["pagination"] = {
                    "nextToken": self._encode_token(by, after, before, (key, last.order_id), now)
                }
        body["lastUpdatedBefore" if by == "updated" else "createdBefore"] = iso(before)
        return Response.json(200, body)

    def _collect(
        self,
        by: str,
        *,
        after: datetime,
        before: datetime,
        start_key: tuple[datetime, str] | None,
        statuses: set[str],
        fulfilled_by: set[str],
        per_page: int,
    ) -> tuple[list[AmazonOrder], bool]:
        out: list[AmazonOrder] = []
        with self.world.lock:
            for ao in self.world.iter_amazon(by, after, before, start_key):
                if statuses and ao.status not in statuses:
                    continue
                if fulfilled_by and ao.fulfilled_by not in fulfilled_by:
                    continue
                if len(out) == per_page:
                    return out, True
                out.append(ao)
        return out, False

    def _encode_token(
        self,
        by: str,
        after: datetime,
        before: datetime,
        key: tuple[datetime, str],
        now: datetime,
    ) -> str:
        payload = {
            "b": by,
            "a": after.isoformat(),
            "z": before.isoformat(),
            "k": [key[0].isoformat(), key[1]],
            "x": (now + timedelta(hours=24)).isoformat(),
        }
        raw = json.dumps(payload, separators=(",", ":")).encode()
        sig = _mac(self._token_key, raw)
        return base64.urlsafe_b64encode(sig + raw).decode().rstrip("=")

    def _decode_token(
        self, token: str, now: datetime
    ) -> tuple[str, datetime, datetime, tuple[datetime, str]] | Response:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            sig, data = raw[:16], raw[16:]
            if not secrets.compare_digest(sig, _mac(self._token_key, data)):
                raise ValueError("bad signature")
            p = json.loads(data)
            expires = datetime.fromisoformat(p["x"])
            parsed = (
                str(p["b"]),
                datetime.fromisoformat(p["a"]),
                datetime.fromisoformat(p["z"]),
                (datetime.fromisoformat(p["k"][0]), str(p["k"][1])),
            )
        except (ValueError, KeyError, TypeError, IndexError, binascii.Error):
            return _bad("Invalid paginationToken.")
        if now > expires:
            return _bad("The paginationToken has expired.")
        return parsed


def _mac(key: bytes, data: bytes) -> bytes:
    import hashlib
    import hmac

    return hmac.new(key, data, hashlib.sha256).digest()[:16]


__all__ = [
    "PARTIALLY_SHIPPED",
    "SHIPPED",
    "AmazonService",
    "TokenBucket",
    "TokenStore",
    "UsagePlans",
    "order_json",
]
