"""amzdesk.spapi against a scripted loopback server: LWA tokens, retries, usage plans, parsing."""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

import pytest

from amzdesk import errors
from amzdesk.http import RetryPolicy
from amzdesk.models import AmazonStatus
from amzdesk.spapi import (
    ConfirmResult,
    LwaAuth,
    SearchPage,
    ShipmentItem,
    ShipmentPackage,
    SpApiClient,
    parse_order,
)
from tests.test_http import FakeTime, LoopbackServer, Recorded, Reply, serve

__all__ = ["serve"]  # the fixture, re-exported for pytest

CLIENT_ID = "amzn1.application-oa2-client.testclient0001"
CLIENT_SECRET = "amzn1.oa2-cs.v1.testsecret-0123456789abcdef"
REFRESH_TOKEN = "Atzr|IwEBIrefresh-token-for-tests-0123456789"
T0 = datetime(2026, 1, 5, 0, 0, tzinfo=UTC)


def order_json(
    order_id: str = "503-1234567-1234567",
    status: str = "UNSHIPPED",
    fulfilled_by: str = "MERCHANT",
    packages: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "orderId": order_id,
        "createdTime": "2026-01-04T01:02:03Z",
        "lastUpdatedTime": "2026-01-04T05:06:07.123Z",
        "salesChannel": {"channelName": "AMAZON", "marketplaceId": "A1VC38T7YXB528"},
        "fulfillment": {
            "fulfillmentStatus": status,
            "fulfilledBy": fulfilled_by,
            "shipByWindow": {
                "earliestDateTime": "2026-01-05T15:00:00Z",
                "latestDateTime": "2026-01-06T14:59:59Z",
            },
        },
        "orderItems": [
            {
                "orderItemId": "11111111111111",
                "quantityOrdered": 2,
                "product": {"asin": "B0TEST0001", "title": "抹茶 100g", "sellerSku": "MATCHA-100"},
                "fulfillment": {"quantityFulfilled": 1, "quantityUnfulfilled": 1},
            },
            {
                "orderItemId": "22222222222222",
                "quantityOrdered": 1,
                "product": {"asin": "B0TEST0002", "title": "急須", "sellerSku": "KYUSU-1"},
            },
        ],
        "packages": packages or [],
    }


class FakeAmazon:
    """LWA token endpoint + SP-API paths.  ``script[op]`` queues replies for an operation."""

    def __init__(self) -> None:
        self.issued: list[str] = []
        self.valid: set[str] = set()
        self.lwa_forms: list[dict[str, str]] = []
        self.lwa_script: list[Reply] = []
        self.script: dict[str, list[Reply]] = {}
        self.default: dict[str, Callable[[Recorded], Reply]] = {}

    def op_of(self, rec: Recorded) -> str:
        if rec.path.endswith("/shipmentConfirmation"):
            return "confirmShipment"
        if rec.path == "/orders/2026-01-01/orders":
            return "searchOrders"
        if rec.path.startswith("/orders/2026-01-01/orders/"):
            return "getOrder"
        return "?"

    def __call__(self, rec: Recorded) -> Reply:
        if rec.path == "/auth/o2/token":
            self.lwa_forms.append(dict(parse_qsl(rec.body.decode())))
            if self.lwa_script:
                return self.lwa_script.pop(0)
            token = f"Atza|IwEBIaccess-{len(self.issued) + 1:04d}-abcdefghijkl"
            self.issued.append(token)
            self.valid.add(token)
            return Reply(200, {"access_token": token, "token_type": "bearer", "expires_in": 3600})
        op = self.op_of(rec)
        rid = {"x-amzn-RequestId": f"req-{op}-{len(self.script.get(op, []))}"}
        if rec.headers.get("x-amz-access-token") not in self.valid:
            return Reply(
                403,
                {
                    "errors": [
                        {
                            "code": "Unauthorized",
                            "message": "Access to requested resource is denied.",
                        }
                    ]
                },
                rid,
            )
        queue = self.script.get(op)
        if queue:
            return queue.pop(0)
        if op in self.default:
            return self.default[op](rec)
        if op == "getOrder":
            return Reply(200, {"order": order_json(rec.path.rsplit("/", 1)[1])}, rid)
        if op == "confirmShipment":
            return Reply(204, None, {"x-amzn-RequestId": "req-confirm-ok"})
        if op == "searchOrders":
            return Reply(
                200, {"orders": [order_json()], "lastUpdatedBefore": "2026-01-05T00:00:00Z"}, rid
            )
        return Reply(404, {"errors": [{"code": "NotFound", "message": "no such path"}]})

    def sp_requests(self, server: LoopbackServer, op: str | None = None) -> list[Recorded]:
        return [
            r
            for r in server.requests
            if r.path != "/auth/o2/token" and (op is None or self.op_of(r) == op)
        ]


def make_client(
    server: LoopbackServer,
    ft: FakeTime,
    *,
    retry: RetryPolicy | None = None,
    timeout: tuple[float, float] = (2.0, 2.0),
    **kwargs: Any,
) -> SpApiClient:
    policy = retry or RetryPolicy(max_attempts=3, base_delay=1.0, max_delay=8.0)
    auth = LwaAuth(
        CLIENT_ID,
        CLIENT_SECRET,
        REFRESH_TOKEN,
        token_url=server.url + "/auth/o2/token",
        monotonic=ft.monotonic,
        sleep=ft.sleep,
        retry=policy,
        rng=random.Random(1),
    )
    return SpApiClient(
        server.url,
        auth,
        timeout=timeout,
        retry=policy,
        monotonic=ft.monotonic,
        sleep=ft.sleep,
        rng=random.Random(2),
        **kwargs,
    )


@pytest.fixture
def amazon(serve: Callable[[Any], LoopbackServer]) -> tuple[FakeAmazon, LoopbackServer]:
    fake = FakeAmazon()
    return fake, serve(fake)


def package(**overrides: Any) -> ShipmentPackage:
    values: dict[str, Any] = {
        "package_reference_id": "1",
        "carrier_code": "YamatoTransport",
        "carrier_name": "ヤマト運輸",
        "shipping_method": "宅急便",
        "tracking_number": "444413758703",
        "ship_date": datetime(2026, 1, 5, 3, 0, tzinfo=UTC),
        "items": (("11111111111111", 2), ShipmentItem("22222222222222", 1)),
    }
    values.update(overrides)
    return ShipmentPackage(**values)


# --- LWA ----------------------------------------------------------------------------------------


def test_token_is_fetched_once_and_sent_as_header(amazon: Any) -> None:
    fake, server = amazon
    ft = FakeTime()
    client = make_client(server, ft)
    for _ in range(3):
        client.get_order("503-1234567-1234567")
    assert len(fake.lwa_forms) == 1
    assert fake.lwa_forms[0] == {
        "grant_type": "refresh_token",
        "refresh_token": REFRESH_TOKEN,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
    }
    sp = fake.sp_requests(server)
    assert len(sp) == 3
    assert {r.headers["x-amz-access-token"] for r in sp} == {fake.issued[0]}
    assert all(r.headers["user-agent"].startswith("amzdesk/") for r in sp)
    assert "authorization" not in sp[0].headers  # no SigV4, no other credential header


def test_token_refreshed_shortly_before_expiry(amazon: Any) -> None:
    fake, server = amazon
    ft = FakeTime()
    client = make_client(server, ft)
    client.get_order("503-1234567-1234567")
    ft.advance(3600 - 60 - 5)  # still inside the cache window (60 s margin)
    client.get_order("503-1234567-1234567")
    assert len(fake.issued) == 1
    ft.advance(10)  # now within 60 s of expiry
    client.get_order("503-1234567-1234567")
    assert len(fake.issued) == 2
    assert fake.sp_requests(server)[-1].headers["x-amz-access-token"] == fake.issued[1]


def test_rejected_token_is_refreshed_once_and_the_call_retried(amazon: Any) -> None:
    fake, server = amazon
    ft = FakeTime()
    client = make_client(server, ft)
    client.get_order("503-1234567-1234567")
    fake.valid.clear()  # the token was revoked / expired early on Amazon's side
    side = client.get_order("503-1234567-1234567")
    assert side.order_id == "503-1234567-1234567"
    assert len(fake.issued) == 2
    assert len(fake.sp_requests(server)) == 3  # ok, 403, ok


def test_persistent_403_is_auth_error_without_secrets(amazon: Any, caplog: Any) -> None:
    fake, server = amazon
    ft = FakeTime()
    client = make_client(server, ft)
    fake.default["getOrder"] = lambda rec: Reply(
        403,
        {"errors": [{"code": "Unauthorized", "message": "Access denied", "details": ""}]},
        {"x-amzn-RequestId": "req-denied"},
    )
    with caplog.at_level(logging.DEBUG), pytest.raises(errors.AuthError) as info:
        client.get_order("503-1234567-1234567")
    err = info.value
    assert err.status == 403 and err.code == "Unauthorized" and err.request_id == "req-denied"
    assert "Amazon の認証情報を確認してください" in err.user_message
    assert len(fake.issued) == 2  # refreshed exactly once
    assert len(fake.sp_requests(server)) == 2  # and retried exactly once
    text = str(err) + repr(err) + err.user_message + caplog.text + repr(client.auth)
    for secret in [CLIENT_SECRET, REFRESH_TOKEN, *fake.issued]:
        assert secret not in text


def test_lwa_invalid_grant_is_an_auth_error_not_retried(amazon: Any) -> None:
    fake, server = amazon
    fake.lwa_script = [
        Reply(
            400,
            {
                "error": "invalid_grant",
                "error_description": "The request has an invalid grant parameter : refresh_token",
            },
        )
    ]
    client = make_client(server, FakeTime())
    with pytest.raises(errors.AuthError) as info:
        client.get_order("503-1234567-1234567")
    assert info.value.service == "lwa"
    assert info.value.code == "invalid_grant"
    assert "Amazon の認証情報を確認してください" in info.value.user_message
    assert len(fake.lwa_forms) == 1
    assert fake.sp_requests(server) == []


def test_lwa_server_error_is_retried(amazon: Any) -> None:
    fake, server = amazon
    fake.lwa_script = [
        Reply(500, {"error": "server_error"}),
        Reply(503, None, {"retry-after": "1"}),
    ]
    ft = FakeTime()
    client = make_client(server, ft)
    client.get_order("503-1234567-1234567")
    assert len(fake.lwa_forms) == 3
    assert len(fake.issued) == 1


def test_missing_credentials_refused_early() -> None:
    with pytest.raises(errors.AuthError):
        LwaAuth("", CLIENT_SECRET, REFRESH_TOKEN)


# --- retries ------------------------------------------------------------------------------------


def test_429_honours_retry_after_then_succeeds(amazon: Any) -> None:
    fake, server = amazon
    fake.script["getOrder"] = [
        Reply(
            429,
            {"errors": [{"code": "QuotaExceeded", "message": "You exceeded your quota"}]},
            {"retry-after": "3"},
        )
    ]
    ft = FakeTime()
    client = make_client(server, ft)
    side = client.get_order("503-1234567-1234567")
    assert side.status is AmazonStatus.UNSHIPPED
    assert ft.sleeps[0] == 3.0
    assert len(fake.sp_requests(server)) == 2


def test_429_without_retry_after_waits_for_the_bucket(amazon: Any) -> None:
    fake, server = amazon
    fake.script["getOrder"] = [Reply(429, {"errors": [{"code": "QuotaExceeded", "message": "q"}]})]
    ft = FakeTime()
    client = make_client(server, ft, retry=RetryPolicy(max_attempts=3, base_delay=0.1))
    client.get_order("503-1234567-1234567")
    # backoff (0.05..0.1 s) then the drained bucket refills one token at 0.5/s
    assert len(ft.sleeps) == 2
    assert 0.05 <= ft.sleeps[0] <= 0.1
    assert ft.sleeps[0] + ft.sleeps[1] == pytest.approx(2.0)


def test_5xx_is_retried_with_growing_backoff(amazon: Any) -> None:
    fake, server = amazon
    fake.script["getOrder"] = [
        Reply(500, {"errors": [{"code": "InternalFailure", "message": "boom"}]}),
        Reply(502, b"<html>bad gateway</html>"),
    ]
    ft = FakeTime()
    client = make_client(server, ft)
    client.get_order("503-1234567-1234567")
    assert len(fake.sp_requests(server)) == 3
    assert 0.5 <= ft.sleeps[0] <= 1.0
    assert 1.0 <= ft.sleeps[1] <= 2.0


def test_5xx_gives_up_after_max_attempts(amazon: Any) -> None:
    fake, server = amazon
    fake.default["getOrder"] = lambda rec: Reply(
        503,
        {"errors": [{"code": "ServiceUnavailable", "message": "down"}]},
        {"x-amzn-RequestId": "r503"},
    )
    client = make_client(server, FakeTime())
    with pytest.raises(errors.ServerError) as info:
        client.get_order("503-1234567-1234567")
    assert info.value.status == 503 and info.value.request_id == "r503"
    assert len(fake.sp_requests(server)) == 3


def test_read_timeout_on_a_read_is_retried(amazon: Any) -> None:
    fake, server = amazon
    fake.script["getOrder"] = [Reply(200, {"order": order_json()}, delay=2.0)]
    client = make_client(server, FakeTime(), timeout=(2.0, 0.3))
    assert client.get_order("503-1234567-1234567").order_id == "503-1234567-1234567"
    assert len(fake.sp_requests(server)) == 2


def test_malformed_body_is_bad_response(amazon: Any) -> None:
    fake, server = amazon
    fake.default["getOrder"] = lambda rec: Reply(200, b"{not json")
    client = make_client(server, FakeTime())
    with pytest.raises(errors.BadResponse):
        client.get_order("503-1234567-1234567")
    assert len(fake.sp_requests(server)) == 3  # a read: retried


def test_404_is_not_found(amazon: Any) -> None:
    fake, server = amazon
    fake.script["getOrder"] = [
        Reply(
            404,
            {"errors": [{"code": "NotFound", "message": "Order not found"}]},
            {"x-amzn-RequestId": "r404"},
        )
    ]
    client = make_client(server, FakeTime())
    with pytest.raises(errors.NotFound) as info:
        client.get_order("503-0000000-0000000")
    assert info.value.request_id == "r404"
    assert len(fake.sp_requests(server)) == 1


# --- usage plans --------------------------------------------------------------------------------


def test_rate_limit_header_updates_the_operation_rate(amazon: Any) -> None:
    fake, server = amazon
    fake.default["getOrder"] = lambda rec: Reply(
        200, {"order": order_json()}, {"x-amzn-RateLimit-Limit": "5.0"}
    )
    client = make_client(server, FakeTime())
    assert client.buckets["getOrder"].rate == 0.5
    client.get_order("503-1234567-1234567")
    assert client.buckets["getOrder"].rate == 5.0
    assert client.buckets["searchOrders"].rate == 0.0056  # per operation
    fast = make_client(server, FakeTime(), rate_scale=100)
    assert fast.buckets["getOrder"].rate == 50.0
    fake.default["getOrder"] = lambda rec: Reply(
        200, {"order": order_json()}, {"x-amzn-RateLimit-Limit": "40.0"}
    )
    fast.get_order("503-1234567-1234567")
    assert fast.buckets["getOrder"].rate == 40.0  # the server's word, not scaled again


def test_a_server_reported_rate_is_clamped_to_the_plans_floor(amazon: Any) -> None:
    """A reported rate of 0.000001/s would make every call wait ~10**6 s: it is raised to half
    the documented plan, and no single wait exceeds the bucket's cap."""
    fake, server = amazon
    fake.default["getOrder"] = lambda rec: Reply(
        200, {"order": order_json()}, {"x-amzn-RateLimit-Limit": "0.000001"}
    )
    client = make_client(server, FakeTime())
    client.get_order("503-1234567-1234567")
    bucket = client.buckets["getOrder"]
    assert bucket.rate == 0.25
    assert bucket.max_wait <= 60.0
    # even an emptied bucket asks for at most 1/floor seconds per token
    while bucket.tokens >= 1:
        bucket.reserve()
    assert bucket.wait_time() <= 1 / 0.25 + 1e-9


def test_confirm_waits_for_the_usage_plan_instead_of_collecting_429s(amazon: Any) -> None:
    _fake, server = amazon
    ft = FakeTime()
    client = make_client(server, ft)
    results = [client.confirm_shipment("503-1234567-1234567", package()) for _ in range(12)]
    assert all(isinstance(r, ConfirmResult) and r.status == 204 for r in results)
    # burst 10 with one token kept spare against network jitter: 9 free, then one token
    # every 0.5 s (rate 2)
    assert ft.sleeps == pytest.approx([0.5, 0.5, 0.5])


def test_search_orders_plan_and_rate_scale(amazon: Any) -> None:
    _fake, server = amazon
    ft = FakeTime()
    slow = make_client(server, ft)
    for _ in range(19):  # burst 20, one token kept spare
        list(slow.search_orders(created_after=T0))
    assert ft.sleeps == []
    list(slow.search_orders(created_after=T0))
    assert ft.sleeps == pytest.approx([1 / 0.0056])
    ft2 = FakeTime()
    fast = make_client(server, ft2, rate_scale=100)
    for _ in range(20):
        list(fast.search_orders(created_after=T0))
    assert ft2.sleeps == pytest.approx([1 / 0.56])


def test_max_bucket_wait_raises_instead_of_blocking(amazon: Any) -> None:
    fake, server = amazon
    ft = FakeTime()
    client = make_client(server, ft, max_bucket_wait=10.0)
    for _ in range(19):  # burst 20, one token kept spare
        list(client.search_orders(created_after=T0))
    with pytest.raises(errors.QuotaExceeded) as info:
        list(client.search_orders(created_after=T0))
    assert info.value.retry_after == pytest.approx(1 / 0.0056)
    assert len(fake.sp_requests(server, "searchOrders")) == 19


# --- searchOrders -------------------------------------------------------------------------------


def test_search_pages_follow_next_token_with_the_same_filters(amazon: Any) -> None:
    fake, server = amazon
    fake.script["searchOrders"] = [
        Reply(
            200,
            {
                "orders": [order_json("503-0000001-0000001")],
                "pagination": {"nextToken": "tok-2"},
                "lastUpdatedBefore": "2026-01-05T00:00:00Z",
            },
            {"x-amzn-RequestId": "p1"},
        ),
        Reply(
            200,
            {
                "orders": [
                    order_json("503-0000002-0000002"),
                    order_json("503-0000003-0000003", "SHIPPED"),
                ],
                "pagination": {"nextToken": "tok-3"},
            },
            {"x-amzn-RequestId": "p2"},
        ),
        Reply(
            200,
            {"orders": [], "lastUpdatedBefore": "2026-01-05T00:00:00Z"},
            {"x-amzn-RequestId": "p3"},
        ),
    ]
    client = make_client(server, FakeTime())
    pages = list(
        client.search_orders(
            last_updated_after=T0,
            fulfillment_statuses=["UNSHIPPED", AmazonStatus.PARTIALLY_SHIPPED],
            fulfilled_by=["MERCHANT"],
            max_results_per_page=50,
        )
    )
    assert [p.request_id for p in pages] == ["p1", "p2", "p3"]
    assert [len(p.orders) for p in pages] == [1, 2, 0]
    assert pages[0].next_token == "tok-2" and pages[2].next_token is None
    assert pages[0].last_updated_before == datetime(2026, 1, 5, tzinfo=UTC)
    assert pages[1].orders[1].status is AmazonStatus.SHIPPED
    reqs = fake.sp_requests(server, "searchOrders")
    assert "paginationToken" not in reqs[0].query
    assert reqs[1].query["paginationToken"] == "tok-2"
    assert reqs[2].query["paginationToken"] == "tok-3"
    for r in reqs:
        assert r.method == "GET"
        assert r.query["lastUpdatedAfter"] == "2026-01-05T00:00:00Z"
        assert r.query["marketplaceIds"] == "A1VC38T7YXB528"
        assert r.query["fulfillmentStatuses"] == "UNSHIPPED,PARTIALLY_SHIPPED"
        assert r.query["fulfilledBy"] == "MERCHANT"
        assert r.query["maxResultsPerPage"] == "50"
        assert r.query["includedData"] == "FULFILLMENT,PACKAGES"
        assert "createdAfter" not in r.query


def test_search_is_lazy_and_resumable(amazon: Any) -> None:
    fake, server = amazon
    fake.script["searchOrders"] = [
        Reply(200, {"orders": [order_json()], "pagination": {"nextToken": "tok-9"}}),
        Reply(200, {"orders": [order_json()]}),
    ]
    client = make_client(server, FakeTime())
    pages = client.search_orders(created_after=T0, pagination_token="tok-8")
    assert fake.sp_requests(server) == []  # nothing sent until a page is taken
    first = next(pages)
    assert isinstance(first, SearchPage) and first.next_token == "tok-9"
    assert fake.sp_requests(server)[0].query["paginationToken"] == "tok-8"
    assert len(list(pages)) == 1
    assert fake.sp_requests(server)[1].query["paginationToken"] == "tok-9"


def test_search_stops_on_a_repeated_next_token(amazon: Any) -> None:
    fake, server = amazon
    loop = {"orders": [order_json()], "pagination": {"nextToken": "same"}}
    fake.default["searchOrders"] = lambda rec: Reply(200, loop)
    client = make_client(server, FakeTime())
    with pytest.raises(errors.BadResponse):
        list(client.search_orders(created_after=T0))
    assert len(fake.sp_requests(server)) == 2


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"created_after": T0, "last_updated_after": T0},
        {"created_after": T0, "included_data": ["FULFILLMENT", "BUYER"]},
        {"created_after": T0, "included_data": ["RECIPIENT"]},
        {"created_after": T0, "included_data": ["NOPE"]},
        {"created_after": T0, "max_results_per_page": 101},
        {"created_after": T0, "max_results_per_page": 0},
        {"created_after": datetime(2026, 1, 1)},
        {"created_after": T0, "fulfillment_statuses": ["SENT"]},
        {"created_after": T0, "fulfilled_by": ["SELLER"]},
        {"created_after": T0, "last_updated_before": T0},
        {"last_updated_after": T0, "created_before": T0},
    ],
)
def test_search_argument_errors_raise_before_sending(amazon: Any, kwargs: dict[str, Any]) -> None:
    _fake, server = amazon
    client = make_client(server, FakeTime())
    with pytest.raises(ValueError):
        client.search_orders(**kwargs)
    assert server.requests == []


def test_get_order_refuses_personal_data_and_bad_ids(amazon: Any) -> None:
    fake, server = amazon
    client = make_client(server, FakeTime())
    with pytest.raises(ValueError):
        client.get_order("503-1234567-1234567", included_data=["BUYER"])
    for bad in ("", "../x", "503 123", "a/b"):
        with pytest.raises(ValueError):
            client.get_order(bad)
    assert server.requests == []
    client.get_order("503-1234567-1234567")
    req = fake.sp_requests(server)[0]
    assert req.path == "/orders/2026-01-01/orders/503-1234567-1234567"
    assert req.query == {"includedData": "FULFILLMENT,PACKAGES"}


# --- confirmShipment ----------------------------------------------------------------------------


def test_confirm_sends_the_body_and_returns_the_request_id(amazon: Any) -> None:
    fake, server = amazon
    client = make_client(server, FakeTime())
    pkg = package(cod_collection_method="DirectPayment")
    result = client.confirm_shipment("503-1234567-1234567", pkg)
    assert result.request_id == "req-confirm-ok"
    assert result.status == 204 and result.attempts == 1
    req = fake.sp_requests(server, "confirmShipment")[0]
    assert req.method == "POST"
    assert req.path == "/orders/v0/orders/503-1234567-1234567/shipmentConfirmation"
    assert req.headers["content-type"] == "application/json"
    body = req.json()
    assert body == dict(result.body)
    assert body == {
        "marketplaceId": "A1VC38T7YXB528",
        "packageDetail": {
            "packageReferenceId": "1",
            "carrierCode": "YamatoTransport",
            "carrierName": "ヤマト運輸",
            "shippingMethod": "宅急便",
            "trackingNumber": "444413758703",
            "shipDate": "2026-01-05T03:00:00Z",
            "orderItems": [
                {"orderItemId": "11111111111111", "quantity": 2},
                {"orderItemId": "22222222222222", "quantity": 1},
            ],
        },
        "codCollectionMethod": "DirectPayment",
    }


@pytest.mark.parametrize("status", [500, 502, 504])
def test_confirm_server_error_is_outcome_unknown_and_not_retried(amazon: Any, status: int) -> None:
    fake, server = amazon
    fake.script["confirmShipment"] = [
        Reply(
            status,
            {
                "errors": [
                    {"code": "InternalFailure", "message": "We encountered an internal error."}
                ]
            },
            {"x-amzn-RequestId": "r500"},
        )
    ]
    client = make_client(server, FakeTime())
    with pytest.raises(errors.OutcomeUnknown) as info:
        client.confirm_shipment("503-1234567-1234567", package())
    assert info.value.status == status
    assert info.value.request_id == "r500"
    assert len(fake.sp_requests(server, "confirmShipment")) == 1


@pytest.mark.parametrize("status", [429, 503])
def test_confirm_refused_is_retried(amazon: Any, status: int) -> None:
    fake, server = amazon
    fake.script["confirmShipment"] = [
        Reply(status, {"errors": [{"code": "QuotaExceeded", "message": "x"}]}, {"retry-after": "1"})
    ]
    client = make_client(server, FakeTime())
    result = client.confirm_shipment("503-1234567-1234567", package())
    assert result.attempts == 2
    assert len(fake.sp_requests(server, "confirmShipment")) == 2


def test_confirm_read_timeout_is_outcome_unknown(amazon: Any) -> None:
    fake, server = amazon
    fake.script["confirmShipment"] = [Reply(204, None, delay=2.0)]
    client = make_client(server, FakeTime(), timeout=(2.0, 0.3))
    with pytest.raises(errors.OutcomeUnknown) as info:
        client.confirm_shipment("503-1234567-1234567", package())
    assert info.value.operation == "confirmShipment"
    assert len(fake.sp_requests(server, "confirmShipment")) == 1


def test_confirm_dropped_connection_is_outcome_unknown(amazon: Any) -> None:
    fake, server = amazon
    fake.script["confirmShipment"] = [Reply(drop=True)]
    client = make_client(server, FakeTime())
    with pytest.raises(errors.OutcomeUnknown):
        client.confirm_shipment("503-1234567-1234567", package())
    assert len(fake.sp_requests(server, "confirmShipment")) == 1


def test_confirm_invalid_input_carries_amazon_error(amazon: Any) -> None:
    fake, server = amazon
    fake.script["confirmShipment"] = [
        Reply(
            400,
            {
                "errors": [
                    {
                        "code": "InvalidInput",
                        "message": "Invalid carrierCode",
                        "details": "carrierCode",
                    }
                ]
            },
            {"x-amzn-RequestId": "r400"},
        )
    ]
    client = make_client(server, FakeTime())
    with pytest.raises(errors.InvalidInput) as info:
        client.confirm_shipment("503-1234567-1234567", package())
    err = info.value
    assert (err.status, err.code, err.message, err.details, err.request_id) == (
        400,
        "InvalidInput",
        "Invalid carrierCode",
        "carrierCode",
        "r400",
    )
    assert "Invalid carrierCode" in err.user_message
    assert len(fake.sp_requests(server, "confirmShipment")) == 1


def test_confirm_refreshes_token_once_on_401(amazon: Any) -> None:
    fake, server = amazon
    client = make_client(server, FakeTime())
    client.get_order("503-1234567-1234567")
    fake.valid.clear()
    fake.script["confirmShipment"] = []
    result = client.confirm_shipment("503-1234567-1234567", package())
    assert result.status == 204 and result.attempts == 2
    assert len(fake.issued) == 2


def test_confirm_connection_refused_is_network_error() -> None:
    from tests.test_http import closed_port_url

    url = closed_port_url()
    ft = FakeTime()
    auth = LwaAuth(
        CLIENT_ID,
        CLIENT_SECRET,
        REFRESH_TOKEN,
        token_url=url + "/t",
        sleep=ft.sleep,
        monotonic=ft.monotonic,
        retry=RetryPolicy(max_attempts=2),
    )
    client = SpApiClient(url, auth, sleep=ft.sleep, monotonic=ft.monotonic)
    with pytest.raises(errors.NetworkError) as info:
        client.confirm_shipment("503-1234567-1234567", package())
    assert info.value.service == "lwa"  # failed getting the token: nothing was sent
    assert "接続できませんでした" in info.value.user_message


@pytest.mark.parametrize(
    "overrides",
    [
        {"package_reference_id": "0"},
        {"package_reference_id": "abc"},
        {"package_reference_id": "-1"},
        {"carrier_code": ""},
        {"carrier_code": "Other", "carrier_name": ""},
        {"ship_date": datetime(2026, 1, 5, 3, 0)},
        {"items": ()},
        {"items": (("111", 0),)},
        {"items": (("", 1),)},
        {"cod_collection_method": "Cash"},
    ],
)
def test_invalid_packages_are_refused_before_sending(
    amazon: Any, overrides: dict[str, Any]
) -> None:
    _fake, server = amazon
    client = make_client(server, FakeTime())
    with pytest.raises(ValueError):
        client.confirm_shipment("503-1234567-1234567", package(**overrides))
    assert server.requests == []


def test_other_carrier_with_name_is_accepted() -> None:
    pkg = package(carrier_code="Other", carrier_name="エコ配", shipping_method="")
    pkg.validate()
    detail = pkg.to_body("A1VC38T7YXB528")["packageDetail"]
    assert detail["carrierCode"] == "Other" and detail["carrierName"] == "エコ配"
    assert "shippingMethod" not in detail


# --- parsing ------------------------------------------------------------------------------------


def test_parse_order_maps_the_2026_fields() -> None:
    data = order_json(
        status="PARTIALLY_SHIPPED",
        packages=[
            {
                "packageReferenceId": "1",
                "carrier": "YamatoTransport",
                "trackingNumber": "444413758703",
                "shipTime": "2026-01-05T03:00:00Z",
                "shippingService": "宅急便",
                "packageStatus": {"status": "SHIPPED"},
                "packageItems": [{"orderItemId": "11111111111111", "quantity": 1}],
            }
        ],
    )
    data["buyer"] = {"buyerName": "山田 花子", "buyerEmail": "hanako@example.com"}
    side = parse_order(data)
    assert side.order_id == "503-1234567-1234567"
    assert side.status is AmazonStatus.PARTIALLY_SHIPPED
    assert side.fulfilled_by == "MERCHANT" and not side.is_fba
    assert side.created == datetime(2026, 1, 4, 1, 2, 3, tzinfo=UTC)
    assert side.last_updated == datetime(2026, 1, 4, 5, 6, 7, 123000, tzinfo=UTC)
    assert side.ship_by_earliest == datetime(2026, 1, 5, 15, tzinfo=UTC)
    assert side.ship_by_latest == datetime(2026, 1, 6, 14, 59, 59, tzinfo=UTC)
    first, second = side.items
    assert (first.order_item_id, first.sku, first.asin, first.title) == (
        "11111111111111",
        "MATCHA-100",
        "B0TEST0001",
        "抹茶 100g",
    )
    assert (first.quantity, first.quantity_shipped) == (2, 1)
    assert (second.quantity, second.quantity_shipped) == (1, 0)
    (pkg,) = side.packages
    assert pkg.package_reference_id == "1" and pkg.tracking_number == "444413758703"
    assert pkg.carrier == "YamatoTransport" and pkg.status == "SHIPPED"
    assert pkg.ship_time == datetime(2026, 1, 5, 3, tzinfo=UTC)
    assert pkg.items == (("11111111111111", 1),)
    assert "山田" not in repr(side) and "hanako" not in repr(side)


def test_parse_order_fba() -> None:
    side = parse_order(order_json(status="SHIPPED", fulfilled_by="AMAZON"))
    assert side.is_fba


def test_parse_order_keeps_a_status_newer_than_the_model() -> None:
    data = json.loads(json.dumps(order_json()))
    data["fulfillment"]["fulfillmentStatus"] = "TELEPORTED"
    data["packages"] = [
        {
            "packageReferenceId": "1",
            "packageStatus": {"status": "LOST_IN_SPACE"},
            "carrier": "YamatoTransport",
            "trackingNumber": "444413758703",
            "packageItems": [],
        }
    ]
    side = parse_order(data)
    assert side.status.value == "TELEPORTED" and not side.status.needs_shipping
    assert side.packages[0].status == "LOST_IN_SPACE"


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.pop("fulfillment"),
        lambda d: d["fulfillment"].update(fulfillmentStatus=""),
        lambda d: d["fulfillment"].update(fulfillmentStatus=7),
        lambda d: d.pop("createdTime"),
        lambda d: d["orderItems"][0].pop("quantityOrdered"),
        lambda d: d.update(orderItems="nope"),
    ],
)
def test_parse_order_rejects_malformed_orders(mutate: Callable[[dict[str, Any]], Any]) -> None:
    data = json.loads(json.dumps(order_json()))
    mutate(data)
    with pytest.raises(errors.BadResponse) as info:
        parse_order(data)
    assert "503-1234567-1234567" in str(info.value) or "?" in str(info.value)


# --- against the bundled simulator --------------------------------------------------------------


@pytest.fixture
def sim() -> Any:
    from tests.sim_fixtures import running_simulator

    with running_simulator(n_orders=80) as s:
        yield s


def sim_client(sim: Any, **kwargs: Any) -> SpApiClient:
    from amzdesk.spapi import make_client as make_spapi

    c = sim.credentials
    kwargs.setdefault("retry", RetryPolicy(max_attempts=4, base_delay=0.01, max_delay=0.05))
    return make_spapi(
        endpoint=sim.spapi_url,
        token_url=sim.lwa_url,
        client_id=c["lwa-client-id"],
        client_secret=c["lwa-client-secret"],
        refresh_token=c["lwa-refresh-token"],
        rate_scale=sim.rate_scale,
        **kwargs,
    )


def _unshipped_mfn(client: SpApiClient, since: datetime) -> Any:
    pages = client.search_orders(
        created_after=since, fulfillment_statuses=["UNSHIPPED"], fulfilled_by=["MERCHANT"]
    )
    return next(o for p in pages for o in p.orders)


def test_simulator_search_get_and_confirm(sim: Any) -> None:
    from datetime import timedelta

    from tests.sim_fixtures import FIXED_NOW

    client = sim_client(sim)
    since = FIXED_NOW - timedelta(days=90)
    orders = [o for p in client.search_orders(created_after=since) for o in p.orders]
    assert orders and len({o.order_id for o in orders}) == len(orders)
    assert {o.fulfilled_by for o in orders} <= {"MERCHANT", "AMAZON"}
    order = _unshipped_mfn(client, since)
    items = tuple((i.order_item_id, i.quantity) for i in order.items)
    pkg = package(items=items, ship_date=FIXED_NOW)
    result = client.confirm_shipment(order.order_id, pkg)
    assert result.status == 204 and result.request_id
    after = client.get_order(order.order_id)
    assert after.status is AmazonStatus.SHIPPED
    assert [(p.package_reference_id, p.tracking_number) for p in after.packages] == [
        ("1", "444413758703")
    ]


def test_simulator_faults_are_handled(sim: Any) -> None:
    from datetime import timedelta

    from tests.sim_fixtures import FIXED_NOW

    client = sim_client(sim)
    since = FIXED_NOW - timedelta(days=90)
    order = _unshipped_mfn(client, since)
    before = client.auth.refresh_count
    sim.faults.expire_tokens()
    assert client.get_order(order.order_id).order_id == order.order_id
    assert client.auth.refresh_count == before + 1  # refreshed once, call retried

    sim.faults.quota_storm(scope="getOrder", count=2)
    sim.faults.malformed(scope="getOrder", count=1)
    assert client.get_order(order.order_id).order_id == order.order_id

    items = tuple((i.order_item_id, i.quantity) for i in order.items)
    sim.faults.error(503, scope="confirmShipment", count=1)
    assert client.confirm_shipment(order.order_id, package(items=items)).attempts == 2

    sim.faults.drop(scope="confirmShipment", after_apply=True)
    corrected = package(items=items, tracking_number="405548424886")  # edit package 1
    with pytest.raises(errors.OutcomeUnknown):
        client.confirm_shipment(order.order_id, corrected)
    # the outcome is resolved by reading the order back: the correction did arrive
    packages = client.get_order(order.order_id).packages
    assert [(p.package_reference_id, p.tracking_number) for p in packages] == [
        ("1", "405548424886")
    ]
