"""amzdesk.makeshop against a scripted loopback GraphQL server."""

from __future__ import annotations

import itertools
import json
import random
import re
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from graphql import build_ast_schema, execute_sync, parse, validate

from amzdesk import assumptions, errors
from amzdesk.http import RetryPolicy
from amzdesk.makeshop import (
    PACING_MARGIN_S,
    MakeshopClient,
    MakeshopNotApproved,
    MakeshopPage,
    MakeshopRefused,
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


SDL = Path(__file__).parent / "data" / "makeshop-orders.graphql"
SCHEMA = build_ast_schema(parse(SDL.read_text(encoding="utf-8")))


def ms_order(n: int, **overrides: Any) -> dict[str, Any]:
    """A searchOrder order in the public response formats (fact sheet §5-§6)."""
    order: dict[str, Any] = {
        "systemOrderNumber": f"{310000000 + n}",
        "displayOrderNumber": f"P{180941172630900000 + n:018d}",
        "orderDate": "2026-01-02 10:30:00",
        "memberId": f"X{n:06d}山田 太郎",
        "senderName": "山田 太郎",
        "senderPrefecture": "東京都",
        "message": None,
        "payMethod": "クレジットカード決済",
        "paymentStatusCode": "0004",
        "sumPrice": 3280,
        "deliveryInfos": [
            {
                "deliveryId": f"{n}",
                "deliveryStatus": "N",
                "desiredDeliveryDate": "--",
                "receiverName": "山田 花子",
                "receiverPost": "530-0001",
                "receiverPrefecture": "大阪府",
                "receiverAddress": "大阪市北区梅田1-1",
                "receiverAddress2": "梅田ビル3F",
                "receiverTel": "03-1234-5678",
                "slipNumber": "",
                "deliveryDate": None,
                "deliveryMessage": None,
                "basketInfos": [
                    {
                        "productCode": "000000000001",
                        "productCustomCode": "MATCHA-100",
                        "variationCustomCode": "",
                        "productName": "抹茶 100g",
                        "variationName": "",
                        "amount": 2,
                        "price": 1640,
                    }
                ],
            }
        ],
    }
    order.update(overrides)
    return order


def _graphql_error(message: str, code: str) -> dict[str, Any]:
    return {"message": message, "extensions": {"code": code}}


class FakeMakeshop:
    """A scripted makeshop: checks headers, validates every document against the public schema
    subset with graphql-core (refused as a whole with HTTP 422, like the real server) and
    answers from ``orders`` with only the selected fields (``script`` queues go first).
    ``page_cap`` caps rows per page whatever ``limit`` says."""

    def __init__(self, orders: list[dict[str, Any]] | None = None, page_cap: int = 200) -> None:
        self.orders = orders if orders is not None else [ms_order(1)]
        self.script: dict[str, list[Reply]] = {}
        self.header_problems: list[str] = []
        self.page_cap = page_cap
        self.updates: list[dict[str, Any]] = []

    def __call__(self, rec: Recorded) -> Reply:
        h = rec.headers
        if h.get("authorization") != f"Bearer {TOKEN}" or h.get("x-api-key") != API_KEY:
            return Reply(401, {"errors": [_graphql_error("認証に失敗しました", "UNAUTHENTICATED")]})
        if not re.fullmatch(r"\d{10}", h.get("x-timestamp", "")):
            self.header_problems.append("x-timestamp")
        if not h.get("content-type", "").startswith("application/json"):
            self.header_problems.append("content-type")
        payload = rec.json()
        op = payload["operationName"]
        queue = self.script.get(op)
        if queue:
            return queue.pop(0)
        doc = parse(payload["query"])
        problems = validate(SCHEMA, doc)
        if problems:
            return Reply(
                422,
                {
                    "errors": [
                        _graphql_error(e.message, "GRAPHQL_VALIDATION_FAILED") for e in problems
                    ]
                },
            )
        root = {
            "searchOrder": lambda _i, input: self._search(input),
            "updateOrderAttribute": lambda _i, input: self._update_attribute(input),
            "updateOrderDeliveryStatus": lambda _i, input: self._update_status(input),
        }
        result = execute_sync(
            SCHEMA, doc, root, variable_values=payload["variables"], operation_name=op
        )
        if result.errors:
            return Reply(
                422,
                {
                    "errors": [
                        _graphql_error(e.message, "GRAPHQL_VALIDATION_FAILED")
                        for e in result.errors
                    ]
                },
            )
        return Reply(200, {"data": result.data})

    def _search(self, inp: dict[str, Any]) -> dict[str, Any]:
        page, limit = inp.get("page") or 1, inp.get("limit") or 100
        size = min(limit, self.page_cap)
        found = self.orders
        if inp.get("deliveryStatus"):
            found = [
                o
                for o in found
                if any(d["deliveryStatus"] == inp["deliveryStatus"] for d in o["deliveryInfos"])
            ]
        start, end = inp.get("startOrderDate"), inp.get("endOrderDate")
        if start and end:
            found = [o for o in found if start <= re.sub(r"\D", "", o["orderDate"] or "") <= end]
        chunk = found[(page - 1) * size : page * size]
        return {"searchedCount": len(found), "page": page, "orders": chunk}

    def _update_attribute(self, inp: dict[str, Any]) -> dict[str, Any]:
        items = inp["updateOrderAttributes"]
        self.updates.append({"updateOrderAttribute": items})
        return {
            "updateOrderAttributeResults": [
                {"displayOrderNumber": i["displayOrderNumber"], "message": None} for i in items
            ]
        }

    def _update_status(self, inp: dict[str, Any]) -> dict[str, Any]:
        items = inp["updateOrderDeliveryStatusRequests"]
        self.updates.append({"updateOrderDeliveryStatus": items})
        return {
            "updateOrderDeliveryStatusResults": [
                {
                    "displayOrderNumber": i["displayOrderNumber"],
                    "deliveryId": i["deliveryId"],
                    "message": None,
                }
                for i in items
            ]
        }


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
    personal = re.compile(
        r"(?i)receiver|orderer|sender|member|tel|phone|address|mail|post|zip|prefecture"
    )
    assert not {f for f in fields if personal.search(f)}
    assert {f for f in fields if f.endswith("Name")} <= {"productName", "variationName"}
    # the customer query is the one that does ask for them
    assert "receiverName" in assumptions.MAKESHOP_ORDER_CUSTOMER_QUERY


def test_order_notes_are_searched_for_an_amazon_id_and_never_kept() -> None:
    note = "試験 様より: 贈答用です。Amazon注文番号 503-1234567-7654321 090-0000-1234"
    side = parse_order(ms_order(1, message=note, payMethod="Amazonマーケットプレイス決済"))
    assert side.amazon_order_id == "503-1234567-7654321"
    assert set(side.amazon_signals) == {"order-id", "pay-method"}
    text = repr(side)
    assert "試験" not in text and "090-0000-1234" not in text and "贈答" not in text
    # a delivery's note counts too; full-width digits are read
    d = dict(
        ms_order(2)["deliveryInfos"][0], deliveryMessage="２４９－１１１１１１１－２２２２２２２"
    )
    assert parse_order(ms_order(2, deliveryInfos=[d])).amazon_order_id == "249-1111111-2222222"
    # イプシロン:Amazon Pay is a shop payment method; a phone-like number is no order ID
    shop = parse_order(ms_order(3, payMethod="イプシロン:Amazon Pay", message="03-1234-5678"))
    assert shop.amazon_order_id == "" and shop.amazon_signals == ()


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
    amazon_delivery = {
        "deliveryId": "2",
        "deliveryStatus": "Y",
        "slipNumber": "444413758703",
        "deliveryDate": "2026-01-03 18:00:00",
        "basketInfos": [
            {
                "productCode": "000000000002",
                "productCustomCode": "UJI-30",
                "productName": "宇治抹茶",
                "variationName": "30g 缶入り",
                "amount": 1,
                "price": 1620,
            },
        ],
    }
    fake.orders = [
        ms_order(1),
        ms_order(
            2,
            message="Amazon注文番号: 503-1234567-1234567||管理用メモ",
            payMethod="Amazonマーケットプレイス決済(代引き)",
            paymentStatusCode=assumptions.PAYMENT_STATUS_LINK_FAILED,
            sumPrice=5400,
            deliveryInfos=[amazon_delivery],
        ),
    ]
    page = make_client(server, FakeTime()).search_orders(START, END)
    assert isinstance(page, MakeshopPage)
    assert (page.searched_count, page.page, page.limit) == (2, 1, 200)
    shop_order, amazon_order = page.orders
    assert shop_order.system_order_number == "310000001"
    assert shop_order.display_order_number == "P180941172630900001"
    assert shop_order.order_date == datetime(2026, 1, 2, 1, 30, tzinfo=UTC)  # 10:30 JST
    assert shop_order.delivery_status is DeliveryStatus.UNPROCESSED
    assert shop_order.amazon_order_id == "" and shop_order.amazon_signals == ()
    assert shop_order.total_price == 3280
    assert assumptions.payment_status_kind(shop_order.payment_status) == "authorized"
    (item,) = shop_order.items
    assert (item.sku, item.title, item.quantity, item.order_item_id) == (
        "MATCHA-100",
        "抹茶 100g",
        2,
        "",
    )
    assert amazon_order.amazon_order_id == "503-1234567-1234567"
    assert "pay-method" in amazon_order.amazon_signals
    assert assumptions.payment_status_kind(amazon_order.payment_status) == "link-failed"
    assert amazon_order.delivery_id == "2"
    assert amazon_order.delivery_status is DeliveryStatus.SHIPPED
    assert amazon_order.slip_number == "444413758703"
    assert amazon_order.delivery_date == datetime(2026, 1, 3, 9, tzinfo=UTC)
    assert amazon_order.total_price == 5400
    assert [(i.sku, i.title) for i in amazon_order.items] == [("UJI-30", "宇治抹茶 30g 缶入り")]


def test_every_delivery_of_a_multi_delivery_order_is_read() -> None:
    first, second = ms_order(1)["deliveryInfos"][0], dict(ms_order(1)["deliveryInfos"][0])
    second = {**second, "deliveryId": "9", "deliveryStatus": "Y", "slipNumber": "1234"}
    second["basketInfos"] = [{**first["basketInfos"][0], "productCustomCode": "KOMBU", "amount": 1}]
    side = parse_order(ms_order(1, deliveryInfos=[second, first]))
    assert [d.delivery_id for d in side.deliveries] == ["9", "1"]
    # 未処理 while any delivery is; the open one leads
    assert (side.delivery_status, side.delivery_id) == (DeliveryStatus.UNPROCESSED, "1")
    assert [d.delivery_id for d in side.open_deliveries] == ["1"]
    assert sorted(i.sku for i in side.items) == ["KOMBU", "MATCHA-100"]
    done = parse_order(ms_order(1, deliveryInfos=[second, {**first, "deliveryStatus": "Y"}]))
    assert done.delivery_status is DeliveryStatus.SHIPPED and not done.open_deliveries


def test_payment_status_codes_are_read_from_one_table() -> None:
    kinds = {
        c: assumptions.payment_status_kind(c)
        for c in ("0000", "0002", "0003", "0004", "1002", "7777", "")
    }
    assert kinds == {"0000": "paid", "0002": "paid", "0003": "cancelled", "0004": "authorized",
                     "1002": "paid", "7777": "unknown", "": "unknown"}  # fmt: skip
    assert all(re.fullmatch(r"\d{4}", c) for c in assumptions.MAKESHOP_PAYMENT_STATUS_CODES)


def test_parse_order_rejects_malformed() -> None:
    with pytest.raises(errors.BadResponse):
        parse_order(ms_order(1, orderDate=None))
    with pytest.raises(errors.BadResponse):
        parse_order(ms_order(1, deliveryInfos=[{"deliveryId": "D", "deliveryStatus": "Z"}]))
    with pytest.raises(errors.BadResponse):
        parse_order(ms_order(1, orderDate="02/01/2026"))
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
    assert parse_datetime("--") is None  # desiredDeliveryDate's "none"
    with pytest.raises(ValueError):
        format_datetime(datetime(2026, 1, 1))


# --- paging and pacing --------------------------------------------------------------------------


def test_iter_orders_walks_every_page(shop: Any) -> None:
    fake, server = shop
    fake.orders = [ms_order(n) for n in range(1, 26)]
    client = make_client(server, FakeTime())
    orders = list(client.iter_orders(START, END, limit=10))
    assert [o.display_order_number for o in orders] == [
        f"P{180941172630900000 + n:018d}" for n in range(1, 26)
    ]
    assert [r.json()["variables"]["input"]["page"] for r in server.requests] == [1, 2, 3]
    pages = list(client.iter_pages(START, END, limit=25))
    assert len(pages) == 1  # searchedCount rows read: no extra request


@pytest.mark.parametrize("cap", [200, 150, 64])
def test_450_unshipped_shop_orders_are_all_listed_whatever_the_page_cap(
    serve: Any, cap: int
) -> None:
    """A short page is not the last one: the server may cap pages below ``limit``."""
    fake = FakeMakeshop([ms_order(n) for n in range(1, 451)], page_cap=cap)
    server = serve(fake)
    client = make_client(server, FakeTime())
    orders = list(client.iter_orders(START, END, DeliveryStatus.UNPROCESSED))
    assert len(orders) == len({o.system_order_number for o in orders}) == 450
    sent = [r.json()["variables"]["input"] for r in server.requests]
    assert {i["limit"] for i in sent} == {200}  # the client asks for 200 rows
    assert [i["page"] for i in sent] == list(range(1, -(-450 // cap) + 1))


def test_paging_stops_on_an_empty_page_when_the_count_is_too_high(serve: Any) -> None:
    class Overcounting(FakeMakeshop):
        def _search(self, inp: dict[str, Any]) -> dict[str, Any]:
            return {**super()._search(inp), "searchedCount": 1000}

    server = serve(Overcounting([ms_order(n) for n in range(1, 251)]))
    orders = list(make_client(server, FakeTime()).iter_orders(START, END))
    assert len(orders) == 250
    assert [r.json()["variables"]["input"]["page"] for r in server.requests] == [1, 2, 3]


def test_at_most_one_request_per_interval(shop: Any) -> None:
    _fake, server = shop
    ft = FakeTime()
    client = make_client(server, ft)
    assert client.min_interval == assumptions.MAKESHOP_MIN_INTERVAL_S
    for _ in range(3):
        client.search_orders(START, END)
    # requests take no fake time, so each later one waits the full interval (and the margin)
    step = assumptions.MAKESHOP_MIN_INTERVAL_S + PACING_MARGIN_S
    assert ft.sleeps == pytest.approx([step, step])
    ft.advance(5)
    client.search_orders(START, END)
    assert len(ft.sleeps) == 2  # idle long enough: no wait
    fast = make_client(server, FakeTime(), rate_scale=100)
    assert fast.min_interval == pytest.approx(0.01)


def test_the_interval_counts_from_the_start_of_the_previous_request(serve: Any) -> None:
    """Paced start to start: a request's own duration is part of the interval, not added."""
    ft = FakeTime()
    fake = FakeMakeshop()
    durations = iter([0.3, 1.5, 0.0, 0.0])

    def timed(rec: Recorded) -> Reply:
        ft.advance(next(durations))  # the server takes this long (fake time)
        return fake(rec)

    sent: list[float] = []

    def record(rec: Recorded) -> Reply:
        sent.append(ft.monotonic())
        return timed(rec)

    client = make_client(serve(record), ft)
    for _ in range(4):
        client.search_orders(START, END)
    # 0.3 s request -> 0.7 s wait; a 1.5 s request -> none; an instant one -> the whole interval
    step = 1.0 + PACING_MARGIN_S
    assert ft.sleeps == pytest.approx([step - 0.3, step])
    gaps = [b - a for a, b in itertools.pairwise(sent)]
    assert gaps == pytest.approx([step, 1.5, step])


def test_a_sleep_that_overruns_is_made_up_but_never_below_the_interval(serve: Any) -> None:
    ft = FakeTime()
    sent: list[float] = []

    def record(rec: Recorded) -> Reply:
        sent.append(ft.monotonic())
        return FakeMakeshop()(rec)

    def late_sleep(seconds: float) -> None:
        ft.sleep(seconds + overrun.pop(0))  # the OS wakes the thread late

    overrun = [0.015, 0.0, 0.2, 0.0]
    server = serve(record)
    client = MakeshopClient(
        server.url + "/v1/graphql",
        TOKEN,
        API_KEY,
        monotonic=ft.monotonic,
        sleep=late_sleep,
        wall_clock=ft.time,
    )
    for _ in range(5):
        client.search_orders(START, END)
    step = 1.0 + PACING_MARGIN_S
    gaps = [b - a for a, b in itertools.pairwise(sent)]
    # 15 ms late: the next interval is 15 ms shorter (still >= 1 s); 200 ms late: a new slot
    assert gaps == pytest.approx([step + 0.015, step - 0.015, step + 0.2, step])
    assert min(gaps) >= assumptions.MAKESHOP_MIN_INTERVAL_S


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


def test_refused_document_names_the_refused_field(shop: Any) -> None:
    """HTTP 422 with errors[] (what makeshop answers for an unknown field or type)."""
    fake, server = shop
    fake.script["searchOrder"] = [
        Reply(
            422,
            {
                "errors": [
                    _graphql_error(
                        "Cannot query field 'memo' on type 'SearchedOrder'."
                        " Did you mean 'message'?",
                        "GRAPHQL_VALIDATION_FAILED",
                    )
                ]
            },
        ),
        Reply(
            422,
            {"errors": [{"message": "unknown field", "path": ["variable", "input", "memo"]}]},
        ),
    ]
    client = make_client(server, FakeTime())
    for _ in range(2):
        with pytest.raises(MakeshopRefused) as info:
            client.search_orders(START, END)
        err = info.value
        assert isinstance(err, errors.InvalidInput) and err.status == 422
        assert "memo" in err.refused and "message" not in err.refused
        assert "memo" in err.user_message
    assert len(server.requests) == 2  # never retried


def test_forbidden_names_the_api_the_shop_must_approve(shop: Any) -> None:
    fake, server = shop
    forbidden = {"errors": [_graphql_error("forbidden", "FORBIDDEN")]}
    fake.script["searchOrder"] = [Reply(200, forbidden)]
    fake.script["updateOrderDeliveryStatus"] = [Reply(403, forbidden)]
    client = make_client(server, FakeTime())
    with pytest.raises(MakeshopNotApproved) as info:
        client.search_orders(START, END)
    assert "「注文の検索」" in info.value.user_message and "承認" in info.value.user_message
    with pytest.raises(MakeshopNotApproved) as info:
        client.update_delivery_status("P1", "1")
    assert "「配送状態の更新」" in info.value.user_message


def test_a_document_the_public_schema_refuses_never_leaves_the_fake(shop: Any) -> None:
    """The fake server is strict: the documents the client sends are the ones it accepts."""
    _fake, server = shop
    client = make_client(server, FakeTime())
    with pytest.raises(MakeshopRefused) as info:
        client.execute(
            assumptions.MAKESHOP_SEARCH_ORDER_QUERY.replace("message", "memo"),
            client.search_variables(START, END),
            "searchOrder",
            idempotent=True,
        )
    assert info.value.refused[0] == "memo"


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
    result = client.mark_shipped("P180941172630900001", "1", "002", "444413758703")
    assert result.steps == ("updateOrderAttribute", "updateOrderDeliveryStatus")
    first, second = (r.json() for r in server.requests)
    assert first["operationName"] == assumptions.MAKESHOP_OP_UPDATE_ATTRIBUTE
    assert first["query"] == assumptions.MAKESHOP_UPDATE_ATTRIBUTE_DOCUMENT
    assert first["variables"] == {
        "input": {
            "updateOrderAttributes": [
                {
                    "displayOrderNumber": "P180941172630900001",
                    "deliveryRequestInfos": [
                        {
                            "deliveryId": "1",
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
                {
                    "displayOrderNumber": "P180941172630900001",
                    "deliveryId": "1",
                    "deliveryStatus": "COMPLETED",
                }
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


def test_mark_shipped_covers_every_open_delivery(shop: Any) -> None:
    fake, server = shop
    make_client(server, FakeTime()).mark_shipped("P1", ["1", "2"], "003", ["111", "222"])
    attribute, status = fake.updates
    [item] = attribute["updateOrderAttribute"]
    sent = [
        (d["deliveryId"], d["slipNumber"], d["deliveryCompanyCode"])
        for d in item["deliveryRequestInfos"]
    ]
    assert sent == [("1", "111", "003"), ("2", "222", "003")]
    assert [
        (r["deliveryId"], r["deliveryStatus"]) for r in status["updateOrderDeliveryStatus"]
    ] == [
        ("1", "COMPLETED"),
        ("2", "COMPLETED"),
    ]


def test_statuses_without_a_public_value_are_never_sent(shop: Any) -> None:
    _fake, server = shop
    client = make_client(server, FakeTime())
    for value in ("Y", "R", "C", "N", DeliveryStatus.RETURNED, "RETURNED"):
        with pytest.raises(ValueError, match="admin"):
            client.update_delivery_status("P1", "1", value)
    assert server.requests == []


def test_get_customer_returns_a_plain_dict(shop: Any) -> None:
    fake, server = shop
    fake.orders = [ms_order(5, orderDate="2026-01-02 10:29:59"), ms_order(1), ms_order(2)]
    client = make_client(server, FakeTime())
    number = "P180941172630900001"
    when = datetime(2026, 1, 2, 1, 30, tzinfo=UTC)  # the synced order's date (10:30 JST)
    customer = client.get_customer(number, when)
    assert customer["display_order_number"] == number
    assert customer["orderer"] == {"name": "山田 太郎", "member_id": "X000001山田 太郎",
                                   "prefecture": "東京都"}  # fmt: skip
    assert customer["deliveries"][0]["name"] == "山田 花子"
    assert customer["deliveries"][0]["zip_code"] == "530-0001"
    assert customer["deliveries"][0]["address"] == "大阪市北区梅田1-1 梅田ビル3F"
    payload = server.requests[0].json()
    assert payload["query"] == assumptions.MAKESHOP_ORDER_CUSTOMER_QUERY
    # no public filter by number: the order's own second is searched
    inp = payload["variables"]["input"]
    assert (inp["startOrderDate"], inp["endOrderDate"]) == ("20260102103000", "20260102103000")
    with pytest.raises(errors.NotFound):
        client.get_customer("P999999999999999999", when)
    with pytest.raises(ValueError):
        client.get_customer("", when)
    with pytest.raises(ValueError):
        client.get_customer(number)


def test_probe_reports_codes_and_formats_without_personal_data(shop: Any) -> None:
    fake, server = shop
    fake.orders = [
        ms_order(1, message="試験 様 090-0000-1234"),
        ms_order(2, payMethod="Amazonマーケットプレイス決済", message="503-1234567-1234567"),
    ]
    probe = make_client(server, FakeTime()).probe(START, END)
    doc = probe.as_dict()
    assert doc["payMethod"] == {"クレジットカード決済": 1, "Amazonマーケットプレイス決済": 1}
    assert doc["paymentStatusCode"] == {"0004": 2}
    assert doc["deliveryStatus"] == {"N": 2}
    assert doc["formats"]["orderDate"] == {"9999-99-99 99:99:99": 2}
    assert doc["formats"]["displayOrderNumber"] == {"A999999999999999999": 2}
    text = json.dumps(doc, ensure_ascii=False)
    for personal in ("試験", "090-0000-1234", "山田", "梅田", "530-0001", "503-1234567"):
        assert personal not in text


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
        customer = client.get_customer(shop_order.display_order_number, shop_order.order_date)
        assert customer["orderer"]["name"]
        sim.faults.quota_storm(scope="updateOrderAttribute", count=1)
        ids = [d.delivery_id for d in shop_order.open_deliveries]
        result = client.mark_shipped(shop_order.display_order_number, ids, "002", "444413758703")
        assert len(result.steps) == 2
        (after,) = [
            o
            for o in client.iter_orders(FIXED_NOW - timedelta(days=90), FIXED_NOW)
            if o.system_order_number == shop_order.system_order_number
        ]
        assert after.delivery_status is DeliveryStatus.SHIPPED
        assert after.slip_number == "444413758703"
        for delivery in sim.world.makeshop_order(shop_order.display_order_number).deliveries:
            assert (delivery.company_code, delivery.status) == ("002", "Y")
        sim.faults.drop(scope="updateOrderDeliveryStatus", after_apply=True)
        with pytest.raises(errors.OutcomeUnknown):
            client.update_delivery_status(shop_order.display_order_number, shop_order.delivery_id)
