"""amzdesk.makeshop against a scripted loopback GraphQL server."""

from __future__ import annotations

import random
import re
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from amzdesk import assumptions, errors
from amzdesk.http import RetryPolicy
from amzdesk.makeshop import (
    MakeshopClient,
    MakeshopPage,
    format_datetime,
    parse_datetime,
    parse_order,
)
from amzdesk.models import DeliveryStatus
from tests.test_http import FakeTime, LoopbackServer, Recorded, Reply, serve

__all__ = ["serve"]  # the fixture, re-exported for pytest

TOKEN = "ms-token-0123456789abcdefghijklmnop"
API_KEY = "ms-apikey-9876543210zyxwvu"
START = datetime(2026, 1, 1, 0, 0, tzinfo=UTC)  # 2026-01-01 09:00 JST
END = datetime(2026, 1, 5, 14, 59, 59, tzinfo=UTC)  # 2026-01-05 23:59:59 JST


def ms_order(n: int, **overrides: Any) -> dict[str, Any]:
    order: dict[str, Any] = {
        "systemOrderNumber": f"S{n:08d}",
        "displayOrderNumber": f"{10000 + n}",
        "orderDate": "20260102103000",
        "memo": None,
        "payMethod": "クレジットカード",
        "paymentStatusCode": assumptions.PAYMENT_STATUS_PAID,
        "sumPrice": 3280,
        "deliveryInfos": [
            {
                "deliveryId": f"D{n}",
                "deliveryStatus": "N",
                "deliveryMethod": "宅配便",
                "deliveryCompanyCode": "",
                "slipNumber": "",
                "deliveryDate": None,
            }
        ],
        "basketInfos": [
            {
                "productCode": "000000000001",
                "productCustomCode": "MATCHA-100",
                "productName": "抹茶 100g",
                "amount": 2,
                "price": 1640,
            }
        ],
    }
    order.update(overrides)
    return order


class FakeMakeshop:
    """Checks headers, records payloads, answers by operationName (``script`` queues first)."""

    def __init__(self, orders: list[dict[str, Any]] | None = None) -> None:
        self.orders = orders if orders is not None else [ms_order(1)]
        self.script: dict[str, list[Reply]] = {}
        self.header_problems: list[str] = []

    def __call__(self, rec: Recorded) -> Reply:
        h = rec.headers
        if h.get("authorization") != f"Bearer {TOKEN}" or h.get("x-api-key") != API_KEY:
            return Reply(
                401,
                {
                    "errors": [
                        {"message": "認証に失敗しました", "extensions": {"code": "UNAUTHENTICATED"}}
                    ]
                },
            )
        if not re.fullmatch(r"\d{10}", h.get("x-timestamp", "")):
            self.header_problems.append("x-timestamp")
        if not h.get("content-type", "").startswith("application/json"):
            self.header_problems.append("content-type")
        payload = rec.json()
        op = payload["operationName"]
        queue = self.script.get(op)
        if queue:
            return queue.pop(0)
        if op == assumptions.MAKESHOP_OP_SEARCH_ORDER:
            inp = payload["variables"]["input"]
            page, limit = inp["page"], inp["limit"]
            chunk = self.orders[(page - 1) * limit : page * limit]
            return Reply(
                200, {"data": {"searchOrder": {"searchedCount": len(self.orders), "orders": chunk}}}
            )
        if op == assumptions.MAKESHOP_OP_ORDER_CUSTOMER:
            number = payload["variables"]["input"]["displayOrderNumber"]
            found = (
                [
                    {
                        "displayOrderNumber": number,
                        "ordererName": "山田 太郎",
                        "ordererEmail": "taro@example.com",
                        "ordererTel": "090-1234-5678",
                        "ordererZipCode": "1500001",
                        "ordererPrefecture": "東京都",
                        "ordererAddress": "渋谷区神宮前1-1-1",
                        "deliveryInfos": [
                            {
                                "deliveryId": "D1",
                                "receiverName": "山田 花子",
                                "receiverTel": "03-1234-5678",
                                "receiverZipCode": "5300001",
                                "receiverPrefecture": "大阪府",
                                "receiverAddress": "大阪市北区梅田1-1",
                            }
                        ],
                    }
                ]
                if number == "10001"
                else []
            )
            return Reply(
                200, {"data": {"searchOrder": {"searchedCount": len(found), "orders": found}}}
            )
        if op == assumptions.MAKESHOP_OP_UPDATE_ATTRIBUTE:
            items = payload["variables"]["input"]["updateOrderAttributes"]
            return Reply(
                200,
                {
                    "data": {
                        "updateOrderAttribute": {
                            "updateOrderAttributeResults": [
                                {"displayOrderNumber": i["displayOrderNumber"], "message": None}
                                for i in items
                            ]
                        }
                    }
                },
            )
        if op == assumptions.MAKESHOP_OP_UPDATE_DELIVERY_STATUS:
            items = payload["variables"]["input"]["updateOrderDeliveryStatusRequests"]
            return Reply(
                200,
                {
                    "data": {
                        "updateOrderDeliveryStatus": {
                            "updateOrderDeliveryStatusResults": [
                                {
                                    "displayOrderNumber": i["displayOrderNumber"],
                                    "deliveryId": i["deliveryId"],
                                    "message": None,
                                }
                                for i in items
                            ]
                        }
                    }
                },
            )
        return Reply(
            400,
            {
                "errors": [
                    {
                        "message": "unknown operation",
                        "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"},
                    }
                ]
            },
        )


@pytest.fixture
def shop(serve: Callable[[Any], LoopbackServer]) -> tuple[FakeMakeshop, LoopbackServer]:
    fake = FakeMakeshop()
    return fake, serve(fake)


def make_client(server: LoopbackServer, ft: FakeTime, **kwargs: Any) -> MakeshopClient:
    kwargs.setdefault("retry", RetryPolicy(max_attempts=3, base_delay=1.0))
    kwargs.setdefault("timeout", (2.0, 2.0))
    return MakeshopClient(
        server.url + "/v1/graphql",
        TOKEN,
        API_KEY,
        monotonic=ft.monotonic,
        sleep=ft.sleep,
        wall_clock=ft.time,
        rng=random.Random(5),
        **kwargs,
    )


# --- requests -----------------------------------------------------------------------------------


def test_headers_and_fresh_timestamp_per_request(shop: Any) -> None:
    fake, server = shop
    ft = FakeTime()
    client = make_client(server, ft)
    client.search_orders(START, END)
    ft.advance(5)
    client.search_orders(START, END)
    first, second = server.requests
    for rec in (first, second):
        assert rec.method == "POST" and rec.path == "/v1/graphql"
        assert rec.headers["authorization"] == f"Bearer {TOKEN}"
        assert rec.headers["x-api-key"] == API_KEY
        assert rec.headers["content-type"] == "application/json"
        assert rec.headers["user-agent"].startswith("amzdesk/")
    t1, t2 = int(first.headers["x-timestamp"]), int(second.headers["x-timestamp"])
    assert t1 == int(ft.wall + 1000.0)  # unix seconds from the injected wall clock
    assert t2 - t1 >= 5  # made per request, not once per client
    assert fake.header_problems == []


def test_search_payload_uses_the_documents_from_assumptions(shop: Any) -> None:
    _fake, server = shop
    client = make_client(server, FakeTime())
    client.search_orders(START, END, delivery_status=DeliveryStatus.UNPROCESSED, page=2, limit=50)
    payload = server.requests[0].json()
    assert payload["query"] == assumptions.MAKESHOP_SEARCH_ORDER_QUERY
    assert payload["operationName"] == assumptions.MAKESHOP_OP_SEARCH_ORDER
    assert payload["variables"] == {
        "input": {
            "startOrderDate": "20260101090000",  # JST
            "endOrderDate": "20260105235959",
            "deliveryStatus": "N",
            "page": 2,
            "limit": 50,
            "sortOrder": assumptions.MAKESHOP_SORT_ASC,
        }
    }


def test_search_never_asks_for_personal_fields() -> None:
    fields = set(re.findall(r"\b[a-zA-Z]+\b", assumptions.MAKESHOP_SEARCH_ORDER_QUERY))
    personal = re.compile(r"(?i)receiver|orderer|sender|tel|phone|address|mail|zip|prefecture")
    assert not {f for f in fields if personal.search(f)}
    assert {f for f in fields if f.endswith("Name")} <= {"productName"}
    # the customer query is the one that does ask for them
    assert "receiverName" in assumptions.MAKESHOP_ORDER_CUSTOMER_QUERY


@pytest.mark.parametrize(
    "kwargs",
    [
        {"page": 0},
        {"limit": 0},
        {"limit": assumptions.MAKESHOP_PAGE_LIMIT + 1},
        {"delivery_status": "X"},
        {"sort_order": "RANDOM"},
    ],
)
def test_search_argument_errors(shop: Any, kwargs: dict[str, Any]) -> None:
    _fake, server = shop
    client = make_client(server, FakeTime())
    with pytest.raises(ValueError):
        client.search_orders(START, END, **kwargs)
    with pytest.raises(ValueError):
        client.search_orders(END, START)
    with pytest.raises(ValueError):
        client.search_orders(datetime(2026, 1, 1), END)
    assert server.requests == []


# --- parsing ------------------------------------------------------------------------------------


def test_search_parses_orders_into_makeshop_side(shop: Any) -> None:
    fake, server = shop
    fake.orders = [
        ms_order(1),
        ms_order(
            2,
            memo="ギフト包装\nAmazonOrderId: 503-1234567-1234567",
            payMethod="Amazonマーケットプレイス決済(クレジットカード)",
            paymentStatusCode=assumptions.PAYMENT_STATUS_LINK_FAILED,
            sumPrice="5400",
            deliveryInfos=[
                {
                    "deliveryId": "D2",
                    "deliveryStatus": "Y",
                    "deliveryMethod": assumptions.FBA_DELIVERY_METHOD,
                    "deliveryCompanyCode": "002",
                    "slipNumber": "444413758703",
                    "deliveryDate": "20260103180000",
                }
            ],
        ),
    ]
    page = make_client(server, FakeTime()).search_orders(START, END)
    assert isinstance(page, MakeshopPage)
    assert (page.searched_count, page.page, page.limit, page.has_next) == (2, 1, 1000, False)
    shop_order, amazon_order = page.orders
    assert shop_order.system_order_number == "S00000001"
    assert shop_order.display_order_number == "10001"
    assert shop_order.order_date == datetime(2026, 1, 2, 1, 30, tzinfo=UTC)  # 10:30 JST
    assert shop_order.delivery_status is DeliveryStatus.UNPROCESSED
    assert shop_order.amazon_order_id == ""
    assert shop_order.total_price == 3280
    (item,) = shop_order.items
    assert (item.sku, item.title, item.quantity, item.order_item_id) == (
        "MATCHA-100",
        "抹茶 100g",
        2,
        "",
    )
    assert amazon_order.amazon_order_id == "503-1234567-1234567"
    assert amazon_order.pay_method.startswith(assumptions.AMAZON_PAY_METHOD_PREFIX)
    assert amazon_order.payment_status == assumptions.PAYMENT_STATUS_LINK_FAILED
    assert amazon_order.delivery_id == "D2"
    assert amazon_order.delivery_status is DeliveryStatus.SHIPPED
    assert amazon_order.delivery_method == assumptions.FBA_DELIVERY_METHOD
    assert amazon_order.carrier_code == "002"
    assert amazon_order.slip_number == "444413758703"
    assert amazon_order.delivery_date == datetime(2026, 1, 3, 9, tzinfo=UTC)
    assert amazon_order.total_price == 5400


def test_parse_order_rejects_malformed() -> None:
    with pytest.raises(errors.BadResponse):
        parse_order(ms_order(1, orderDate=None))
    with pytest.raises(errors.BadResponse):
        parse_order(ms_order(1, deliveryInfos=[{"deliveryId": "D", "deliveryStatus": "Z"}]))
    bad = ms_order(1)
    del bad["systemOrderNumber"]
    with pytest.raises(errors.BadResponse):
        parse_order(bad)


def test_datetime_formats() -> None:
    assert format_datetime(datetime(2026, 1, 1, 15, 0, tzinfo=UTC)) == "20260102000000"
    assert parse_datetime("20260102000000") == datetime(2026, 1, 1, 15, 0, tzinfo=UTC)
    assert parse_datetime("2026-01-02 00:00:00") == datetime(2026, 1, 1, 15, 0, tzinfo=UTC)
    assert parse_datetime("2026-01-01T15:00:00Z") == datetime(2026, 1, 1, 15, 0, tzinfo=UTC)
    assert parse_datetime("") is None and parse_datetime(None) is None
    with pytest.raises(ValueError):
        format_datetime(datetime(2026, 1, 1))


# --- paging and pacing --------------------------------------------------------------------------


def test_iter_orders_walks_every_page(shop: Any) -> None:
    fake, server = shop
    fake.orders = [ms_order(n) for n in range(1, 26)]
    client = make_client(server, FakeTime())
    orders = list(client.iter_orders(START, END, limit=10))
    assert [o.display_order_number for o in orders] == [str(10000 + n) for n in range(1, 26)]
    assert [r.json()["variables"]["input"]["page"] for r in server.requests] == [1, 2, 3]
    pages = list(client.iter_pages(START, END, limit=25))
    assert len(pages) == 1 and not pages[0].has_next


def test_at_most_one_request_per_interval(shop: Any) -> None:
    _fake, server = shop
    ft = FakeTime()
    client = make_client(server, ft)
    assert client.min_interval == assumptions.MAKESHOP_MIN_INTERVAL_S
    for _ in range(3):
        client.search_orders(START, END)
    # requests take no fake time, so each later one waits the full interval
    assert ft.sleeps == pytest.approx([1.0, 1.0])
    ft.advance(5)
    client.search_orders(START, END)
    assert len(ft.sleeps) == 2  # idle long enough: no wait
    fast = make_client(server, FakeTime(), rate_scale=100)
    assert fast.min_interval == pytest.approx(0.01)


def test_one_request_at_a_time_across_threads(serve: Any) -> None:
    fake = FakeMakeshop()

    def slow(rec: Recorded) -> Reply:
        reply = fake(rec)
        threading.Event().wait(0.02)
        return reply

    server = serve(slow)
    client = MakeshopClient(server.url, TOKEN, API_KEY, rate_scale=1000)  # real clock, 1 ms
    threads = [threading.Thread(target=client.search_orders, args=(START, END)) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(server.requests) == 6
    assert server.max_in_flight == 1


# --- errors -------------------------------------------------------------------------------------


def test_unauthenticated_is_auth_error_without_secrets(serve: Any) -> None:
    server = serve(FakeMakeshop())
    client = MakeshopClient(
        server.url, "wrong-token-000000", "wrong-key-000000", retry=RetryPolicy(max_attempts=3)
    )
    with pytest.raises(errors.AuthError) as info:
        client.search_orders(START, END)
    err = info.value
    assert err.status == 401 and err.code == "UNAUTHENTICATED"
    assert "makeshop の認証情報を確認してください" in err.user_message
    assert len(server.requests) == 1  # not retried
    text = str(err) + repr(err) + err.user_message + repr(client)
    assert "wrong-token-000000" not in text and "wrong-key-000000" not in text


def test_graphql_errors_with_http_200_are_typed(shop: Any) -> None:
    fake, server = shop
    fake.script["searchOrder"] = [
        Reply(
            200,
            {
                "data": None,
                "errors": [
                    {
                        "message": "startOrderDate の形式が不正です",
                        "extensions": {"code": "BAD_USER_INPUT"},
                    }
                ],
            },
        )
    ]
    client = make_client(server, FakeTime())
    with pytest.raises(errors.InvalidInput) as info:
        client.search_orders(START, END)
    assert info.value.message == "startOrderDate の形式が不正です"
    assert info.value.service == "makeshop"
    assert len(server.requests) == 1


def test_rate_limited_is_retried_after_waiting(shop: Any) -> None:
    fake, server = shop
    fake.script["searchOrder"] = [
        Reply(
            429,
            {
                "errors": [
                    {"message": "Too many requests", "extensions": {"code": "TOO_MANY_REQUESTS"}}
                ]
            },
            {"retry-after": "4"},
        )
    ]
    ft = FakeTime()
    page = make_client(server, ft).search_orders(START, END)
    assert len(page.orders) == 1
    assert len(server.requests) == 2
    assert 4.0 in ft.sleeps


def test_server_errors_on_queries_are_retried_then_raised(shop: Any) -> None:
    fake, server = shop
    fake.script["searchOrder"] = [Reply(502, b"bad gateway")] * 3
    with pytest.raises(errors.ServerError):
        make_client(server, FakeTime()).search_orders(START, END)
    assert len(server.requests) == 3


def test_malformed_search_answer(shop: Any) -> None:
    fake, server = shop
    fake.script["searchOrder"] = [Reply(200, {"data": {"searchOrder": None}})]
    with pytest.raises(errors.BadResponse):
        make_client(server, FakeTime(), retry=RetryPolicy(max_attempts=1)).search_orders(START, END)


# --- mutations ----------------------------------------------------------------------------------


def test_mark_shipped_sends_both_mutations_in_order(shop: Any) -> None:
    _fake, server = shop
    client = make_client(server, FakeTime())
    result = client.mark_shipped("10001", "D1", "002", "444413758703")
    assert result.steps == ("updateOrderAttribute", "updateOrderDeliveryStatus")
    first, second = (r.json() for r in server.requests)
    assert first["operationName"] == assumptions.MAKESHOP_OP_UPDATE_ATTRIBUTE
    assert first["query"] == assumptions.MAKESHOP_UPDATE_ATTRIBUTE_DOCUMENT
    assert first["variables"] == {
        "input": {
            "updateOrderAttributes": [
                {
                    "displayOrderNumber": "10001",
                    "deliveryRequestInfos": [
                        {
                            "deliveryId": "D1",
                            "slipNumber": "444413758703",
                            "deliveryCompanyCode": "002",
                        }
                    ],
                }
            ]
        }
    }
    assert second["operationName"] == assumptions.MAKESHOP_OP_UPDATE_DELIVERY_STATUS
    assert second["query"] == assumptions.MAKESHOP_UPDATE_DELIVERY_STATUS_DOCUMENT
    assert second["variables"] == {
        "input": {
            "updateOrderDeliveryStatusRequests": [
                {"displayOrderNumber": "10001", "deliveryId": "D1", "deliveryStatus": "Y"}
            ]
        }
    }


def test_item_message_is_a_makeshop_item_error(shop: Any) -> None:
    fake, server = shop
    fake.script["updateOrderDeliveryStatus"] = [
        Reply(
            200,
            {
                "data": {
                    "updateOrderDeliveryStatus": {
                        "updateOrderDeliveryStatusResults": [
                            {
                                "displayOrderNumber": "10001",
                                "deliveryId": "D1",
                                "message": "既に配送完了です",
                            }
                        ]
                    }
                }
            },
        )
    ]
    client = make_client(server, FakeTime())
    with pytest.raises(errors.MakeshopItemError) as info:
        client.mark_shipped("10001", "D1", "002", "444413758703")
    err = info.value
    assert err.operation == "updateOrderDeliveryStatus"  # the first step went through
    assert err.display_order_number == "10001" and err.delivery_id == "D1"
    assert "既に配送完了です" in err.user_message
    assert len(server.requests) == 2


def test_attribute_item_error_stops_before_the_status_change(shop: Any) -> None:
    fake, server = shop
    fake.script["updateOrderAttribute"] = [
        Reply(
            200,
            {
                "data": {
                    "updateOrderAttribute": {
                        "updateOrderAttributeResults": [
                            {"displayOrderNumber": "10001", "message": "伝票番号が不正です"}
                        ]
                    }
                }
            },
        )
    ]
    with pytest.raises(errors.MakeshopItemError) as info:
        make_client(server, FakeTime()).mark_shipped("10001", "D1", "002", "bad")
    assert info.value.operation == "updateOrderAttribute"
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    "reply",
    [Reply(500, {"errors": [{"message": "internal"}]}), Reply(drop=True), Reply(200, {"data": {}})],
)
def test_mutation_with_unknown_outcome_is_not_retried(shop: Any, reply: Reply) -> None:
    fake, server = shop
    fake.script["updateOrderAttribute"] = [reply]
    with pytest.raises(errors.OutcomeUnknown):
        make_client(server, FakeTime()).update_order_attribute("10001", "D1", "002", "1")
    assert len(server.requests) == 1


def test_mutation_read_timeout_is_outcome_unknown(shop: Any) -> None:
    fake, server = shop
    fake.script["updateOrderDeliveryStatus"] = [Reply(200, {"data": {}}, delay=2.0)]
    client = make_client(server, FakeTime(), timeout=(2.0, 0.3))
    with pytest.raises(errors.OutcomeUnknown):
        client.update_delivery_status("10001", "D1")
    assert len(server.requests) == 1


def test_mutation_refused_by_rate_limit_is_retried(shop: Any) -> None:
    fake, server = shop
    fake.script["updateOrderAttribute"] = [
        Reply(
            429, {"errors": [{"message": "slow down", "extensions": {"code": "TOO_MANY_REQUESTS"}}]}
        )
    ]
    make_client(server, FakeTime()).update_order_attribute("10001", "D1", "002", "1")
    assert len(server.requests) == 2


# --- customer details ---------------------------------------------------------------------------


def test_get_customer_returns_a_plain_dict(shop: Any) -> None:
    _fake, server = shop
    client = make_client(server, FakeTime())
    customer = client.get_customer("10001")
    assert customer["display_order_number"] == "10001"
    assert customer["orderer"]["name"] == "山田 太郎"
    assert customer["orderer"]["email"] == "taro@example.com"
    assert customer["deliveries"][0]["name"] == "山田 花子"
    assert customer["deliveries"][0]["address"] == "大阪市北区梅田1-1"
    payload = server.requests[0].json()
    assert payload["query"] == assumptions.MAKESHOP_ORDER_CUSTOMER_QUERY
    assert payload["variables"] == {"input": {"displayOrderNumber": "10001"}}
    with pytest.raises(errors.NotFound):
        client.get_customer("99999")
    with pytest.raises(ValueError):
        client.get_customer("")


# --- against the bundled simulator --------------------------------------------------------------


def test_simulator_search_customer_and_mark_shipped() -> None:
    from datetime import timedelta

    from tests.sim_fixtures import FIXED_NOW, running_simulator

    with running_simulator(n_orders=80) as sim:
        c = sim.credentials
        client = MakeshopClient(
            sim.makeshop_url,
            c["makeshop-token"],
            c["makeshop-api-key"],
            rate_scale=sim.rate_scale,
            retry=RetryPolicy(max_attempts=4, base_delay=0.01, max_delay=0.05),
        )
        orders = list(client.iter_orders(FIXED_NOW - timedelta(days=90), FIXED_NOW, limit=30))
        assert len(orders) >= 30
        assert len({o.system_order_number for o in orders}) == len(orders)
        shop_order = next(
            o
            for o in orders
            if not o.amazon_order_id and o.delivery_status is DeliveryStatus.UNPROCESSED
        )
        customer = client.get_customer(shop_order.display_order_number)
        assert customer["orderer"]["name"]
        sim.faults.quota_storm(scope="updateOrderAttribute", count=1)
        result = client.mark_shipped(
            shop_order.display_order_number, shop_order.delivery_id, "002", "444413758703"
        )
        assert len(result.steps) == 2
        (after,) = [
            o
            for o in client.iter_orders(FIXED_NOW - timedelta(days=90), FIXED_NOW)
            if o.system_order_number == shop_order.system_order_number
        ]
        assert after.delivery_status is DeliveryStatus.SHIPPED
        assert (after.carrier_code, after.slip_number) == ("002", "444413758703")
        sim.faults.drop(scope="updateOrderDeliveryStatus", after_apply=True)
        with pytest.raises(errors.OutcomeUnknown):
            client.update_delivery_status(shop_order.display_order_number, shop_order.delivery_id)
