"""The simulator: official shapes, usage plans, auth, integration behaviour, faults, seed."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import requests

from amzdesk import assumptions as A
from amzdesk.clock import JST
from amzdesk.sim import PII_MARKERS, SCENARIOS, Simulator, cli_main
from amzdesk.sim import seed as seedmod
from amzdesk.sim.world import World
from tests.sim_fixtures import FIXED_NOW, running_simulator

MODELS = [Path(__file__).parent / "data" / "api-models"]
JP = A.MARKETPLACE_ID_JP
SEARCH = "/orders/2026-01-01/orders"
ALL_DATA = "BUYER,RECIPIENT,PROCEEDS,FULFILLMENT,PACKAGES"
ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _model(name: str) -> dict[str, Any]:
    for folder in MODELS:
        path = folder / name
        if path.exists():
            return json.loads(path.read_text(encoding="utf-8"))
    pytest.skip(f"{name} not available")


def _validator(model: str, definition: str) -> jsonschema.Draft4Validator:
    doc = _model(model)
    schema = {"definitions": doc["definitions"], "$ref": f"#/definitions/{definition}"}
    return jsonschema.Draft4Validator(schema)


def _datetimes(obj: Any, schema_doc: dict[str, Any] | None = None) -> Iterator[str]:
    """Every value under a key that the models type as date-time (by name)."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            if isinstance(v, str) and (k.endswith(("Time", "DateTime")) or k in ("shipDate",)):
                yield v
            else:
                yield from _datetimes(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _datetimes(v)


# --- helpers ---------------------------------------------------------------------------------


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with running_simulator() as s:
        yield s


def lwa(sim: Simulator, **override: str) -> requests.Response:
    c = sim.credentials
    form = {
        "grant_type": "refresh_token",
        "refresh_token": c["lwa-refresh-token"],
        "client_id": c["lwa-client-id"],
        "client_secret": c["lwa-client-secret"],
    }
    form.update(override)
    return requests.post(sim.lwa_url, data=form, timeout=10)


def token(sim: Simulator) -> str:
    r = lwa(sim)
    assert r.status_code == 200, r.text
    return str(r.json()["access_token"])


def sp_get(
    sim: Simulator, path: str, params: dict[str, Any] | None = None, tok: str | None = None
) -> requests.Response:
    headers = {"x-amz-access-token": tok if tok is not None else token(sim)}
    return requests.get(sim.spapi_url + path, params=params or {}, headers=headers, timeout=10)


def search(sim: Simulator, tok: str | None = None, **params: Any) -> requests.Response:
    params.setdefault("marketplaceIds", JP)
    if "lastUpdatedAfter" not in params:
        params.setdefault("createdAfter", "2020-01-01T00:00:00Z")
    return sp_get(sim, SEARCH, params, tok)


def confirm(
    sim: Simulator, order_id: str, body: Any, tok: str | None = None, timeout: float = 10
) -> requests.Response:
    headers = {"x-amz-access-token": tok if tok is not None else token(sim)}
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return requests.post(
        f"{sim.spapi_url}/orders/v0/orders/{order_id}/shipmentConfirmation",
        data=data,
        headers={**headers, "content-type": "application/json"},
        timeout=timeout,
    )


def package_body(
    sim: Simulator,
    order_id: str,
    *,
    ref: str = "1",
    items: list[tuple[str, int]] | None = None,
    carrier_code: str = "YamatoTransport",
    carrier_name: str | None = "ヤマト運輸",
    tracking: str = "444413758703",
) -> dict[str, Any]:
    ao = sim.world.amazon_order(order_id)
    if items is None:
        items = [(i.order_item_id, i.quantity) for i in ao.items]
    detail: dict[str, Any] = {
        "packageReferenceId": ref,
        "carrierCode": carrier_code,
        "shippingMethod": "宅急便",
        "trackingNumber": tracking,
        "shipDate": "2026-03-10T02:00:00Z",
        "orderItems": [{"orderItemId": i, "quantity": q} for i, q in items],
    }
    if carrier_name is not None:
        detail["carrierName"] = carrier_name
    return {"marketplaceId": JP, "packageDetail": detail}


def gql(
    sim: Simulator,
    query: str,
    variables: dict[str, Any] | None = None,
    operation: str | None = None,
    *,
    headers: dict[str, str] | None = None,
) -> requests.Response:
    c = sim.credentials
    h = {
        "authorization": f"Bearer {c['makeshop-token']}",
        "x-api-key": c["makeshop-api-key"],
        "x-timestamp": str(int(time.time())),
        "content-type": "application/json",
    }
    h.update(headers or {})
    payload: dict[str, Any] = {"query": query, "variables": variables or {}}
    if operation is not None:
        payload["operationName"] = operation
    return requests.post(sim.makeshop_url, json=payload, headers=h, timeout=10)


# Documents written from the public callers the fact sheet cites (C1-C4; makeshop-graphql.md
# §4-§7), not from the app's client: the simulator must answer what real callers send.
PUBLIC_SEARCH = """
query searchOrder($input: SearchOrderRequest!) {
  searchOrder(input: $input) {
    searchedCount
    page
    orders {
      systemOrderNumber displayOrderNumber orderDate memberId senderName senderPrefecture
      payMethod paymentStatusCode sumPrice message
      deliveryInfos {
        deliveryId deliveryStatus desiredDeliveryDate receiverName receiverPost
        receiverPrefecture receiverAddress receiverAddress2 receiverTel shippingCharge
        deliverySumPrice deliveryMessage deliveryMethodIds slipNumber deliveryDate
        basketInfos { productCode productCustomCode variationCustomCode productName amount price }
      }
    }
  }
}
"""
PUBLIC_UPDATE_ATTRIBUTE = """
mutation updateOrderAttribute($input: UpdateOrderAttributeRequest!) {
  updateOrderAttribute(input: $input) { updateOrderAttributeResults { displayOrderNumber message } }
}
"""
PUBLIC_UPDATE_STATUS = """
mutation updateOrderDeliveryStatus($input: UpdateOrderDeliveryStatusRequest!) {
  updateOrderDeliveryStatus(input: $input) {
    updateOrderDeliveryStatusResults { displayOrderNumber deliveryId message }
  }
}
"""


def _ms_date(dt: datetime) -> str:
    return dt.astimezone(JST).strftime("%Y%m%d%H%M%S")


def ms_order(sim: Simulator, number: str) -> dict[str, Any]:
    """One order by number: makeshop has no public filter by number, so search its second."""
    when = _ms_date(sim.world.makeshop_order(number).order_date)
    body = ms_all(sim, startOrderDate=when, endOrderDate=when)
    orders = [o for o in body["orders"] if o["displayOrderNumber"] == number]
    assert len(orders) == 1
    return dict(orders[0])


def ms_all(sim: Simulator, **input_: Any) -> dict[str, Any]:
    input_.setdefault("startOrderDate", "20000101000000")
    input_.setdefault("endOrderDate", "20991231235959")
    input_.setdefault("limit", 200)
    r = gql(sim, PUBLIC_SEARCH, {"input": input_}, "searchOrder")
    assert r.status_code == 200, r.text
    body = r.json()
    assert "errors" not in body, body
    return dict(body["data"]["searchOrder"])


def mark_shipped(
    sim: Simulator, number: str, code: str | None, slip: str = "444413758703"
) -> tuple[str | None, str | None]:
    info: dict[str, Any] = {"deliveryId": "1", "slipNumber": slip}
    if code is not None:
        info["deliveryCompanyCode"] = code
    r1 = gql(
        sim,
        PUBLIC_UPDATE_ATTRIBUTE,
        {
            "input": {
                "updateOrderAttributes": [
                    {"displayOrderNumber": number, "deliveryRequestInfos": [info]}
                ]
            }
        },
        "updateOrderAttribute",
    )
    m1 = r1.json()["data"]["updateOrderAttribute"]["updateOrderAttributeResults"][0]["message"]
    m2 = set_status(sim, number, "COMPLETED")
    return m1, m2


def set_status(sim: Simulator, number: str, status: str) -> str | None:
    r = gql(
        sim,
        PUBLIC_UPDATE_STATUS,
        {
            "input": {
                "updateOrderDeliveryStatusRequests": [
                    {"displayOrderNumber": number, "deliveryId": "1", "deliveryStatus": status}
                ]
            }
        },
        "updateOrderDeliveryStatus",
    )
    assert r.status_code == 200, r.text
    results = r.json()["data"]["updateOrderDeliveryStatus"]["updateOrderDeliveryStatusResults"]
    return results[0]["message"]  # type: ignore[no-any-return]


def first(sim: Simulator, scenario: str) -> str:
    refs = sim.world.scenario(scenario)
    assert refs, f"no {scenario} order in the seed"
    return refs[0]


def number_of(sim: Simulator, order_id: str) -> str:
    return sim.world.amazon_order(order_id).display_order_number


# --- shapes ----------------------------------------------------------------------------------


def test_search_and_get_match_the_official_models(sim: Simulator) -> None:
    search_v = _validator("orders_2026-01-01.json", "SearchOrdersResponse")
    get_v = _validator("orders_2026-01-01.json", "GetOrderResponse")
    tok = token(sim)
    r = search(sim, tok, includedData=ALL_DATA, maxResultsPerPage=100)
    assert r.status_code == 200
    body = r.json()
    search_v.validate(body)
    assert body["orders"], "the seed has Amazon orders"
    assert "createdBefore" in body
    for value in _datetimes(body):
        assert ISO_RE.match(value), value
    kinds = {o["fulfillment"]["fulfilledBy"] for o in body["orders"]}
    assert kinds == {"MERCHANT", "AMAZON"}
    for o in body["orders"]:
        assert re.fullmatch(r"\d{3}-\d{7}-\d{7}", o["orderId"])
        for it in o["orderItems"]:
            assert it["product"]["asin"].startswith("B0")
        if o["fulfillment"]["fulfilledBy"] == "AMAZON":
            assert "packages" not in o  # packages: merchant-fulfilled orders only
        one = sp_get(sim, f"{SEARCH}/{o['orderId']}", {"includedData": ALL_DATA}, tok)
        assert one.status_code == 200
        get_v.validate(one.json())
        assert one.json()["order"] == o


def test_error_bodies_match_the_models(sim: Simulator) -> None:
    errors_v = _validator("orders_2026-01-01.json", "ErrorList")
    v0 = _validator("ordersV0.json", "ConfirmShipmentErrorResponse")
    bad = search(sim, createdAfter="not-a-date")
    assert bad.status_code == 400
    errors_v.validate(bad.json())
    assert bad.json()["errors"][0]["code"] == "InvalidInput"
    oid = first(sim, seedmod.MFN_UNSHIPPED)
    r = confirm(sim, oid, {"marketplaceId": JP})
    assert r.status_code == 400
    v0.validate(r.json())


def test_confirm_request_bodies_we_accept_match_the_v0_model(sim: Simulator) -> None:
    request_v = _validator("ordersV0.json", "ConfirmShipmentRequest")
    oid = first(sim, seedmod.MFN_UNSHIPPED)
    body = package_body(sim, oid)
    request_v.validate(body)
    assert confirm(sim, oid, body).status_code == 204


def test_included_data_gates_fulfillment_packages_and_personal_data(sim: Simulator) -> None:
    tok = token(sim)
    plain = search(sim, tok).json()
    text = json.dumps(plain, ensure_ascii=False)
    for o in plain["orders"]:
        assert "orderItems" in o
        assert not {"fulfillment", "packages", "buyer", "recipient"} & set(o)
        assert all("fulfillment" not in it for it in o["orderItems"])
    for marker in PII_MARKERS:
        assert marker not in text
    some = search(sim, tok, includedData="FULFILLMENT,PACKAGES").json()
    text = json.dumps(some, ensure_ascii=False)
    assert all("fulfillment" in o and "buyer" not in o for o in some["orders"])
    assert any("packages" in o for o in some["orders"])
    for marker in PII_MARKERS:
        assert marker not in text
    pii = search(sim, tok, includedData="BUYER,RECIPIENT").json()
    for o in pii["orders"]:
        assert seedmod.PII_NAME_MARKER in o["buyer"]["buyerName"]
        assert o["recipient"]["deliveryAddress"]["phone"] == seedmod.PII_PHONE
    bad = search(sim, tok, includedData="FULFILLMENT,NOPE")
    assert bad.status_code == 400


def test_search_parameters_are_validated(sim: Simulator) -> None:
    tok = token(sim)
    both = search(
        sim, tok, createdAfter="2020-01-01T00:00:00Z", lastUpdatedAfter="2020-01-01T00:00:00Z"
    )
    assert both.status_code == 400
    neither = sp_get(sim, SEARCH, {"marketplaceIds": JP}, tok)
    assert neither.status_code == 400
    assert neither.json()["errors"][0]["code"] == "InvalidInput"
    no_market = sp_get(sim, SEARCH, {"createdAfter": "2020-01-01T00:00:00Z"}, tok)
    assert no_market.status_code == 400
    assert search(sim, tok, maxResultsPerPage=101).status_code == 400
    assert search(sim, tok, maxResultsPerPage=0).status_code == 400
    assert search(sim, tok, fulfillmentStatuses="SHIPPED,DONE").status_code == 400
    assert search(sim, tok, fulfilledBy="ME").status_code == 400
    mixed = search(
        sim, tok, createdAfter="2020-01-01T00:00:00Z", lastUpdatedBefore="2026-01-01T00:00:00Z"
    )
    assert mixed.status_code == 400
    assert search(sim, tok, paginationToken="garbage").status_code == 400


def test_paging_is_stable_and_complete(sim: Simulator) -> None:
    tok = token(sim)
    after = "2020-01-01T00:00:00Z"
    whole = search(sim, tok, lastUpdatedAfter=after, maxResultsPerPage=100).json()
    expected = [o["orderId"] for o in whole["orders"]]
    assert len(expected) == min(100, len(sim.world.amazon))
    seen: list[str] = []
    params: dict[str, Any] = {"lastUpdatedAfter": after, "maxResultsPerPage": 7}
    pages = 0
    while True:
        body = search(sim, tok, **params).json()
        pages += 1
        seen.extend(o["orderId"] for o in body["orders"])
        assert "lastUpdatedBefore" in body
        token_ = body.get("pagination", {}).get("nextToken")
        if not token_:
            break
        params["paginationToken"] = token_
    assert len(seen) == len(set(seen)) == len(sim.world.amazon)
    assert seen[: len(expected)] == expected
    assert pages == -(-len(seen) // 7)
    stamps = [sim.world.amazon[o].last_updated for o in seen]
    assert stamps == sorted(stamps)


def test_filters_select_the_right_orders(sim: Simulator) -> None:
    tok = token(sim)
    body = search(
        sim,
        tok,
        fulfillmentStatuses="UNSHIPPED,PARTIALLY_SHIPPED",
        fulfilledBy="MERCHANT",
        includedData="FULFILLMENT",
    ).json()
    got = {o["orderId"] for o in body["orders"]}
    want = set(
        sim.world.find_amazon(
            lambda ao: ao.status in ("UNSHIPPED", "PARTIALLY_SHIPPED") and not ao.is_fba
        )
    )
    assert got == want and got
    since = FIXED_NOW - timedelta(days=2)
    recent = search(sim, tok, lastUpdatedAfter=since.strftime("%Y-%m-%dT%H:%M:%SZ")).json()
    ids = {o["orderId"] for o in recent["orders"]}
    assert ids == set(sim.world.find_amazon(lambda ao: ao.last_updated >= since))
    before = search(sim, tok, createdBefore="2020-06-01T00:00:00Z")
    assert before.status_code == 200 and before.json()["orders"] == []
    other_market = search(sim, tok, marketplaceIds="ATVPDKIKX0DER").json()
    assert other_market["orders"] == []


def test_get_order_unknown_is_404(sim: Simulator) -> None:
    r = sp_get(sim, f"{SEARCH}/999-0000000-0000000")
    assert r.status_code == 404
    assert r.json()["errors"][0]["code"] == "NotFound"


def test_every_response_carries_request_id_and_rate_limit(sim: Simulator) -> None:
    tok = token(sim)
    responses = [search(sim, tok), search(sim, tok), sp_get(sim, f"{SEARCH}/nope", tok=tok)]
    ids = [r.headers["x-amzn-RequestId"] for r in responses]
    assert len(set(ids)) == 3
    for r in responses:
        assert float(r.headers["x-amzn-RateLimit-Limit"]) > 0
    rec = [x for x in sim.requests if x.service == "spapi"]
    assert [x.request_id for x in rec[-3:]] == ids


# --- auth ------------------------------------------------------------------------------------


def test_lwa_accepts_only_the_right_credentials(sim: Simulator) -> None:
    good = lwa(sim)
    assert good.status_code == 200
    body = good.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 3600
    assert body["access_token"].startswith("Atza|")
    bad_secret = lwa(sim, client_secret="wrong")
    assert bad_secret.status_code == 401
    assert bad_secret.json()["error"] == "invalid_client"
    bad_id = lwa(sim, client_id="amzn1.application-oa2-client.other")
    assert bad_id.status_code == 401
    bad_refresh = lwa(sim, refresh_token="Atzr|nope")
    assert bad_refresh.status_code == 400
    assert bad_refresh.json()["error"] == "invalid_grant"
    assert lwa(sim, grant_type="client_credentials").status_code == 400
    assert lwa(sim, refresh_token="").json()["error"] == "invalid_request"


def test_spapi_needs_a_live_access_token(sim: Simulator) -> None:
    none = search(sim, tok="")
    assert none.status_code == 403
    assert none.json()["errors"][0]["code"] == "Unauthorized"
    unknown = search(sim, tok="Atza|made-up")
    assert unknown.status_code == 403
    tok = token(sim)
    assert search(sim, tok).status_code == 200
    sim.advance(timedelta(minutes=61))
    expired = search(sim, tok)
    assert expired.status_code == 403
    err = expired.json()["errors"][0]
    assert err == {
        "code": "Unauthorized",
        "message": "Access to requested resource is denied.",
        "details": "The access token you provided has expired.",
    }
    assert search(sim, token(sim)).status_code == 200


def test_makeshop_checks_token_key_and_timestamp(sim: Simulator) -> None:
    q = PUBLIC_SEARCH
    v = {"input": {"startOrderDate": "20000101000000", "endOrderDate": "20991231235959"}}
    assert gql(sim, q, v).status_code == 200
    for headers in (
        {"authorization": "Bearer wrong"},
        {"x-api-key": "wrong"},
        {"authorization": sim.credentials["makeshop-token"]},  # no "Bearer"
        {"x-timestamp": str(int(time.time()) - 3700)},
        {"x-timestamp": "soon"},
    ):
        r = gql(sim, q, v, headers=headers)
        assert r.status_code == 401, headers
        assert r.json()["errors"][0]["extensions"]["code"] == A.MAKESHOP_ERROR_UNAUTHENTICATED


# --- usage plans -----------------------------------------------------------------------------


def test_search_orders_usage_plan_gives_quota_exceeded() -> None:
    with running_simulator(n_orders=30, rate_scale=1.0) as sim:
        tok = token(sim)
        statuses = [search(sim, tok, maxResultsPerPage=1).status_code for _ in range(21)]
        assert statuses[:20] == [200] * 20
        assert statuses[20] == 429
        last = search(sim, tok)
        assert last.status_code == 429
        assert last.json() == {
            "errors": [
                {
                    "code": "QuotaExceeded",
                    "message": "You exceeded your quota for the requested resource.",
                }
            ]
        }
        assert last.headers["x-amzn-RateLimit-Limit"] == "0.0056"
        # other operations have their own buckets
        assert sp_get(sim, f"{SEARCH}/{next(iter(sim.world.amazon))}", tok=tok).status_code == 200


def test_confirm_usage_plan_burst_is_ten() -> None:
    with running_simulator(n_orders=30, rate_scale=0.001) as sim:
        tok = token(sim)
        codes = [confirm(sim, "000-0000000-0000000", {}, tok).status_code for _ in range(11)]
        assert codes[:10] == [404] * 10  # counted, though refused
        assert codes[10] == 429


def test_makeshop_allows_one_request_per_interval() -> None:
    with running_simulator(n_orders=30, rate_scale=0.01) as sim:
        v = {"input": {"startOrderDate": "20000101000000", "endOrderDate": "20991231235959"}}
        assert gql(sim, PUBLIC_SEARCH, v).status_code == 200
        second = gql(sim, PUBLIC_SEARCH, v)
        assert second.status_code == A.MAKESHOP_RATE_LIMIT_HTTP_STATUS
        assert second.json()["errors"][0]["extensions"]["code"] == A.MAKESHOP_ERROR_RATE_LIMITED


# --- confirmShipment -------------------------------------------------------------------------


def test_confirm_partial_then_full_and_edit_replaces(sim: Simulator) -> None:
    candidates = sim.world.find_amazon(
        lambda a: a.status == "UNSHIPPED" and sum(i.quantity for i in a.items) >= 2
    )
    assert candidates, "the seed has unshipped multi-unit orders"
    oid = sorted(candidates)[0]
    ao = sim.world.amazon_order(oid)
    tok = token(sim)
    # the first unshipped unit
    remaining = [
        (i.order_item_id, i.quantity - ao.shipped_quantity(i.order_item_id)) for i in ao.items
    ]
    remaining = [(i, q) for i, q in remaining if q > 0]
    first_item = remaining[0][0]
    r = confirm(sim, oid, package_body(sim, oid, ref="11", items=[(first_item, 1)]), tok)
    assert r.status_code == 204 and r.content == b""
    assert sim.world.amazon_status(oid) in ("PARTIALLY_SHIPPED", "SHIPPED")
    # same packageReferenceId again: an edit (new tracking), not a second package
    r = confirm(
        sim,
        oid,
        package_body(sim, oid, ref="11", items=[(first_item, 1)], tracking="405548424886"),
        tok,
    )
    assert r.status_code == 204
    packages = sim.world.confirmations(oid)
    assert [p.tracking_number for p in packages] == ["405548424886"]
    assert len(sim.world.confirmation_calls(oid)) == 2
    assert sim.world.confirmation_calls(oid)[1].edit
    # the rest in a second package
    rest = []
    ao = sim.world.amazon_order(oid)
    for it in ao.items:
        left = it.quantity - ao.shipped_quantity(it.order_item_id)
        if left:
            rest.append((it.order_item_id, left))
    if rest:
        assert sim.world.amazon_status(oid) == "PARTIALLY_SHIPPED"
        assert (
            confirm(sim, oid, package_body(sim, oid, ref="12", items=rest), tok).status_code == 204
        )
    assert sim.world.amazon_status(oid) == "SHIPPED"
    got = sp_get(sim, f"{SEARCH}/{oid}", {"includedData": "PACKAGES,FULFILLMENT"}, tok).json()
    order = got["order"]
    assert order["fulfillment"]["fulfillmentStatus"] == "SHIPPED"
    tracked = {p["trackingNumber"] for p in order["packages"] if p["packageReferenceId"] == "11"}
    assert tracked == {"405548424886"}
    assert all(it["fulfillment"]["quantityUnfulfilled"] == 0 for it in order["orderItems"])
    # nothing left to ship: more quantity is refused
    again = confirm(sim, oid, package_body(sim, oid, ref="13", items=[(first_item, 1)]), tok)
    assert again.status_code == 400


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda b: b.pop("marketplaceId"), "marketplaceId"),
        (lambda b: b.update(marketplaceId="ATVPDKIKX0DER"), "marketplaceId"),
        (lambda b: b.pop("packageDetail"), "packageDetail"),
        (lambda b: b["packageDetail"].pop("carrierCode"), "carrierCode"),
        (lambda b: b["packageDetail"].pop("trackingNumber"), "trackingNumber"),
        (lambda b: b["packageDetail"].pop("shipDate"), "shipDate"),
        (lambda b: b["packageDetail"].update(shipDate="02/21/2022"), "shipDate"),
        (lambda b: b["packageDetail"].update(packageReferenceId="0"), "packageReferenceId"),
        (lambda b: b["packageDetail"].update(packageReferenceId="A1"), "packageReferenceId"),
        (lambda b: b["packageDetail"].update(carrierCode="Other", carrierName=""), "carrierName"),
        (lambda b: b["packageDetail"].update(orderItems=[]), "orderItems"),
        (
            lambda b: b["packageDetail"].update(
                orderItems=[{"orderItemId": "00000000000000", "quantity": 1}]
            ),
            "orderItemId",
        ),
        (lambda b: b["packageDetail"]["orderItems"][0].update(quantity=99), "quantity"),
        (lambda b: b["packageDetail"]["orderItems"][0].update(quantity=0), "quantity"),
        (lambda b: b.update(codCollectionMethod="Cash"), "codCollectionMethod"),
    ],
)
def test_confirm_refuses_invalid_bodies(sim: Simulator, mutate: Any, fragment: str) -> None:
    oid = first(sim, seedmod.MFN_UNSHIPPED)
    body = package_body(sim, oid)
    mutate(body)
    r = confirm(sim, oid, body)
    assert r.status_code == 400, r.text
    err = r.json()["errors"][0]
    assert err["code"] == "InvalidInput"
    assert fragment in err["message"]
    assert sim.world.amazon_status(oid) == "UNSHIPPED"
    assert sim.world.confirmations(oid) == []


def test_confirm_refuses_fba_cancelled_pending_unknown_and_broken_json(sim: Simulator) -> None:
    tok = token(sim)
    for scenario in (seedmod.FBA_SHIPPED, seedmod.MFN_CANCELLED, seedmod.MFN_PENDING):
        oid = first(sim, scenario)
        r = confirm(sim, oid, package_body(sim, oid), tok)
        assert r.status_code == 400, scenario
        assert r.json()["errors"][0]["code"] == "InvalidInput"
    missing = confirm(sim, "999-0000000-0000000", package_body(sim, first(sim, "mfn-unshipped")))
    assert missing.status_code == 404
    oid = first(sim, seedmod.MFN_UNSHIPPED)
    assert confirm(sim, oid, b'{"marketplaceId": ', tok).status_code == 400


def test_other_carrier_name_and_unknown_codes(sim: Simulator) -> None:
    tok = token(sim)
    unshipped = sim.world.scenario(seedmod.MFN_UNSHIPPED) + sim.world.scenario(
        seedmod.MFN_DUE_TODAY
    )
    a, b = unshipped[0], unshipped[1]
    r = confirm(sim, a, package_body(sim, a, carrier_code="Other", carrier_name="トナミ運輸"), tok)
    assert r.status_code == 204
    assert sim.world.confirmations(a)[0].carrier == "トナミ運輸"
    # an unknown code is refused by default ...
    r = confirm(sim, b, package_body(sim, b, carrier_code="Kuroneko", carrier_name=None), tok)
    assert r.status_code == 400 and sim.world.confirmations(b) == []
    # ... or, switched, accepted and the carrier silently dropped (as reported in the field)
    sim.world.drop_unknown_carrier_codes = True
    r = confirm(sim, b, package_body(sim, b, carrier_code="Kuroneko", carrier_name=None), tok)
    assert r.status_code == 204
    pkg = sim.world.confirmations(b)[0]
    assert pkg.carrier == "" and pkg.carrier_code == "Kuroneko"


# --- integration behaviour -------------------------------------------------------------------


def test_rf2_amazon_confirmation_reaches_makeshop_after_the_sync_delay(sim: Simulator) -> None:
    oid = first(sim, seedmod.MFN_DUE_TODAY)
    number = number_of(sim, oid)
    assert ms_order(sim, number)["deliveryInfos"][0]["deliveryStatus"] == "N"
    assert confirm(sim, oid, package_body(sim, oid)).status_code == 204
    sim.advance(timedelta(minutes=9))
    assert ms_order(sim, number)["deliveryInfos"][0]["deliveryStatus"] == "N"
    sim.advance(timedelta(minutes=2))
    delivery = ms_order(sim, number)["deliveryInfos"][0]
    assert delivery["deliveryStatus"] == "Y"
    assert delivery["slipNumber"] == ""  # makeshop never learns Amazon's tracking number
    assert ms_order(sim, number)["paymentStatusCode"] == A.PAYMENT_STATUS_PAID


def test_rf2_sync_runs_lazily_with_the_clock() -> None:
    t = [FIXED_NOW]
    with running_simulator(now=lambda: t[0]) as sim:
        oid = first(sim, seedmod.MFN_UNSHIPPED)
        number = number_of(sim, oid)
        assert confirm(sim, oid, package_body(sim, oid)).status_code == 204
        assert sim.world.makeshop_order(number).deliveries[0].status == "N"
        t[0] = FIXED_NOW + timedelta(minutes=11)
        assert sim.now() == t[0]
        assert ms_order(sim, number)["deliveryInfos"][0]["deliveryStatus"] == "Y"


def test_seeded_not_synced_order_syncs_later(sim: Simulator) -> None:
    oid = first(sim, seedmod.MFN_NOT_SYNCED)
    number = number_of(sim, oid)
    assert sim.world.amazon_status(oid) == "SHIPPED"
    assert ms_order(sim, number)["deliveryInfos"][0]["deliveryStatus"] == "N"
    sim.advance(timedelta(minutes=10))
    assert ms_order(sim, number)["deliveryInfos"][0]["deliveryStatus"] == "Y"


def test_rf3_makeshop_completion_before_the_sync_is_link_failed(sim: Simulator) -> None:
    oid = first(sim, seedmod.MFN_UNSHIPPED)
    number = number_of(sim, oid)
    assert confirm(sim, oid, package_body(sim, oid)).status_code == 204
    packages_before = sim.world.amazon_order(oid).packages
    m1, m2 = mark_shipped(sim, number, "002")
    assert (m1, m2) == (None, None)  # makeshop reports success...
    order = ms_order(sim, number)
    assert order["paymentStatusCode"] == A.PAYMENT_STATUS_LINK_FAILED  # ...but 連携失敗
    assert order["deliveryInfos"][0]["deliveryStatus"] == "Y"
    sim.advance(timedelta(hours=1))
    assert ms_order(sim, number)["paymentStatusCode"] == A.PAYMENT_STATUS_LINK_FAILED
    assert sim.world.amazon_order(oid).packages == packages_before  # Amazon unchanged
    # irreversible
    assert set_status(sim, number, "NOT_YET") is not None
    assert ms_order(sim, number)["paymentStatusCode"] == A.PAYMENT_STATUS_LINK_FAILED


@pytest.mark.parametrize(
    ("code", "amazon_name"),
    [("002", "ヤマト運輸"), ("015", "日本郵便"), ("018", "配送業者ABF"), (None, "配送業者ABF")],
)
def test_rb2_re1_re2_makeshop_completion_ships_on_amazon_without_tracking(
    sim: Simulator, code: str | None, amazon_name: str
) -> None:
    oid = first(sim, seedmod.MFN_DUE_TODAY)
    number = number_of(sim, oid)
    assert mark_shipped(sim, number, code, slip="444413758703") == (None, None)
    assert sim.world.amazon_status(oid) == "SHIPPED"
    got = sp_get(sim, f"{SEARCH}/{oid}", {"includedData": "PACKAGES"}).json()["order"]
    (pkg,) = got["packages"]
    assert pkg["carrier"] == amazon_name
    assert "trackingNumber" not in pkg  # R-B2: the slip number never reaches Amazon
    order = ms_order(sim, number)
    assert re.fullmatch(r"\d{4}", order["paymentStatusCode"])
    assert order["paymentStatusCode"] != A.PAYMENT_STATUS_LINK_FAILED
    assert order["deliveryInfos"][0]["slipNumber"] == "444413758703"
    assert sim.world.confirmations(oid) == []  # nothing came through SP-API


def test_rc1_amazon_return_reaches_makeshop_later_and_makeshop_cannot_return(
    sim: Simulator,
) -> None:
    oid = first(sim, seedmod.MFN_SHIPPED)
    number = number_of(sim, oid)
    assert ms_order(sim, number)["deliveryInfos"][0]["deliveryStatus"] == "Y"
    # no public value sets 返送: a document sending one is refused as a whole
    for value in ("R", "RETURNED"):
        r = gql(
            sim,
            PUBLIC_UPDATE_STATUS,
            {
                "input": {
                    "updateOrderDeliveryStatusRequests": [
                        {"displayOrderNumber": number, "deliveryId": "1", "deliveryStatus": value}
                    ]
                }
            },
        )
        assert r.status_code == 422, r.text
        assert "OrderDeliveryStatusValue" in r.json()["errors"][0]["message"]
    sim.world.amazon_return(oid)
    sim.advance(timedelta(minutes=5))
    assert ms_order(sim, number)["deliveryInfos"][0]["deliveryStatus"] == "Y"
    sim.advance(timedelta(minutes=6))
    assert ms_order(sim, number)["deliveryInfos"][0]["deliveryStatus"] == "R"
    with pytest.raises(ValueError, match="not shipped"):
        sim.world.amazon_return(first(sim, seedmod.MFN_UNSHIPPED))


def test_seeded_pending_return_lands(sim: Simulator) -> None:
    oid = first(sim, seedmod.MFN_RETURN_PENDING)
    number = number_of(sim, oid)
    assert sim.world.amazon_order(oid).returned_at is not None
    assert ms_order(sim, number)["deliveryInfos"][0]["deliveryStatus"] == "Y"
    sim.advance(timedelta(minutes=10))
    assert ms_order(sim, number)["deliveryInfos"][0]["deliveryStatus"] == "R"


AMAZON_ID = re.compile(r"\d{3}-\d{7}-\d{7}")


def test_rg1_fba_orders_in_makeshop_and_nothing_can_be_done(sim: Simulator) -> None:
    """Amazon orders carry the admin's payment method names and their order ID in the note;
    FBA shows only through the simulator's own extension field (not public)."""
    fba = {o for o in sim.world.amazon if sim.world.amazon[o].is_fba}
    extended = PUBLIC_SEARCH.replace("deliveryStatus ", "deliveryStatus deliveryMethod ", 1)
    orders: list[dict[str, Any]] = []
    for page in range(1, 10):
        window = {"startOrderDate": "20000101000000", "endOrderDate": "20991231235959"}
        r = gql(sim, extended, {"input": {**window, "page": page, "limit": 200}})
        assert r.status_code == 200, r.text
        orders += r.json()["data"]["searchOrder"]["orders"]
    assert len(orders) == len(sim.world.makeshop)
    found = 0
    pay_methods = set()
    for o in orders:
        pay_methods.add(o["payMethod"])
        ids = AMAZON_ID.findall(o["message"] or "")
        if not ids and o["payMethod"].startswith("Amazonマーケットプレイス決済"):
            # a few Amazon orders carry no order ID in makeshop (the app matches them)
            ao = [
                a
                for a in sim.world.amazon.values()
                if a.display_order_number == o["displayOrderNumber"]
            ]
            assert len(ao) == 1 and ao[0].order_id in sim.world.scenario(seedmod.MFN_NO_ID)
            ids = [ao[0].order_id]
        if not ids:
            continue
        assert o["payMethod"] in (
            "Amazonマーケットプレイス決済",
            "Amazonマーケットプレイス決済(代引き)",
        )
        is_fba = o["deliveryInfos"][0]["deliveryMethod"] == seedmod.FBA_DELIVERY_METHOD
        assert is_fba == (ids[0] in fba)
        found += is_fba
    assert found == len(fba) > 0
    assert "イプシロン:Amazon Pay" in pay_methods  # a shop payment method that says Amazon
    oid = first(sim, seedmod.FBA_PENDING)
    number = number_of(sim, oid)
    assert set_status(sim, number, "COMPLETED") is not None
    m1, _ = mark_shipped(sim, number, "002")
    assert m1 is not None
    assert sim.world.amazon_status(oid) in ("PENDING", "UNSHIPPED")


def test_rh1_amazon_orders_cannot_be_edited_or_cancelled(sim: Simulator) -> None:
    oid = first(sim, seedmod.MFN_UNSHIPPED)
    number = number_of(sim, oid)
    # fields the public input types lack (memo, receiverName) are refused as a whole
    for item in (
        {"displayOrderNumber": number, "memo": "x"},
        {
            "displayOrderNumber": number,
            "deliveryRequestInfos": [{"deliveryId": "1", "receiverName": "x"}],
        },
    ):
        r = gql(sim, PUBLIC_UPDATE_ATTRIBUTE, {"input": {"updateOrderAttributes": [item]}})
        assert r.status_code == 422, r.text
    # there is no cancel value: NOT_YET leaves the unshipped order as it is
    assert set_status(sim, number, "NOT_YET") is None
    assert ms_order(sim, number)["deliveryInfos"][0]["deliveryStatus"] == "N"
    assert sim.world.amazon_status(oid) == "UNSHIPPED"
    # a shop order can be shipped (carrier code and slip), and set back to NOT_YET
    shop = first(sim, seedmod.SHOP_UNPROCESSED)
    assert mark_shipped(sim, shop, "003") == (None, None)
    delivery = ms_order(sim, shop)["deliveryInfos"][0]
    assert (delivery["deliveryStatus"], delivery["slipNumber"]) == ("Y", "444413758703")
    assert sim.world.makeshop_order(shop).deliveries[0].company_code == "003"
    assert set_status(sim, shop, "NOT_YET") is None
    assert ms_order(sim, shop)["deliveryInfos"][0]["deliveryStatus"] == "N"
    assert set_status(sim, "P000000000000000000", "COMPLETED") is not None


def test_makeshop_restricts_personal_data_of_amazon_orders(sim: Simulator) -> None:
    shop = first(sim, seedmod.SHOP_SHIPPED)
    amazon_number = number_of(sim, first(sim, seedmod.MFN_SHIPPED))
    for number, restricted in ((shop, False), (amazon_number, True)):
        o = ms_order(sim, number)
        if restricted:
            assert o["senderName"] == "" and o["deliveryInfos"][0]["receiverName"] == ""
            assert o["deliveryInfos"][0]["receiverTel"] == ""
        else:
            assert seedmod.PII_NAME_MARKER in o["senderName"]
            assert o["deliveryInfos"][0]["receiverTel"] == seedmod.PII_PHONE
            assert re.fullmatch(r"\d{3}-\d{4}", o["deliveryInfos"][0]["receiverPost"])


def test_makeshop_search_paging_filters_and_shape(sim: Simulator) -> None:
    all_orders = ms_all(sim, sortOrder="ASC")
    assert all_orders["searchedCount"] == len(sim.world.makeshop) == 120
    numbers = [o["displayOrderNumber"] for o in all_orders["orders"]]
    dates = [o["orderDate"] for o in all_orders["orders"]]
    # public formats: "YYYY-MM-DD HH:MM:SS", "P" + 18 digits, 4-digit payment codes
    assert dates == sorted(dates)
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", d) for d in dates)
    assert all(re.fullmatch(r"P\d{18}", n) for n in numbers)
    assert all(re.fullmatch(r"\d{4}", o["paymentStatusCode"]) for o in all_orders["orders"])
    assert all(o["deliveryInfos"][0]["desiredDeliveryDate"] == "--" for o in all_orders["orders"])
    paged: list[str] = []
    for page in (1, 2, 3, 4, 5):
        part = ms_all(sim, limit=25, page=page, sortOrder="ASC")
        assert part["searchedCount"] == 120 and part["page"] == page
        paged.extend(o["displayOrderNumber"] for o in part["orders"])
    assert paged == numbers
    desc = ms_all(sim, limit=1000, sortOrder="DESC")
    assert [o["displayOrderNumber"] for o in desc["orders"]] == numbers[::-1]
    unprocessed = ms_all(sim, deliveryStatus="N")
    assert unprocessed["searchedCount"] == sum(
        1 for m in sim.world.makeshop.values() if any(d.status == "N" for d in m.deliveries)
    )
    assert all(
        "N" in {d["deliveryStatus"] for d in o["deliveryInfos"]} for o in unprocessed["orders"]
    )
    # a window in JST, given in the input format YYYYMMDDHHmmss
    mid = all_orders["orders"][60]["orderDate"]
    stamp = re.sub(r"\D", "", mid)
    window = ms_all(sim, startOrderDate=stamp, endOrderDate=stamp)
    assert mid in {o["orderDate"] for o in window["orders"]}
    assert all(o["orderDate"] == mid for o in window["orders"])
    # items live only under deliveryInfos[].basketInfos[]; 複数配送 orders have several
    multi = ms_order(sim, first(sim, seedmod.SHOP_MULTI_DELIVERY))
    assert len(multi["deliveryInfos"]) == 2
    assert all(d["basketInfos"] for d in multi["deliveryInfos"])


def test_makeshop_pages_hold_at_most_200_rows_whatever_limit_says() -> None:
    with running_simulator(n_orders=450) as sim:
        first_page = ms_all(sim, limit=1000, sortOrder="ASC")
        assert first_page["searchedCount"] == 450
        assert len(first_page["orders"]) == 200  # short page, and yet not the last
        seen = [o["displayOrderNumber"] for o in first_page["orders"]]
        page = 2
        while len(seen) < first_page["searchedCount"]:
            part = ms_all(sim, limit=1000, page=page, sortOrder="ASC")
            assert part["orders"], page
            seen.extend(o["displayOrderNumber"] for o in part["orders"])
            page += 1
        assert len(seen) == len(set(seen)) == 450 and page == 4
        assert ms_all(sim, limit=1000, page=4)["orders"] == []


def _refused(r: requests.Response) -> list[Any]:
    assert r.status_code == 422, r.text
    errors = r.json()["errors"]
    assert errors and all(e["message"] for e in errors)
    return list(errors)


def test_makeshop_graphql_errors(sim: Simulator) -> None:
    v = {"input": {"startOrderDate": "20000101000000", "endOrderDate": "20991231235959"}}

    # documents the schema refuses: HTTP 422, errors[] naming what was refused
    assert "nope" in _refused(gql(sim, "query { nope { x } }"))[0]["message"]
    e = _refused(
        gql(sim, "query q($input: SearchOrderInput!) { searchOrder(input: $input) { page } }", v)
    )
    assert "SearchOrderInput" in e[0]["message"]
    e = _refused(
        gql(sim, "query q($input: SearchOrderRequest!) { searchOrder(input: $input) { bogus } }", v)
    )
    assert "bogus" in e[0]["message"]
    _refused(
        gql(
            sim, "query q($input: SearchOrderRequest!) { searchOrder(input: $input) { orders } }", v
        )
    )
    _refused(gql(sim, "query {"))
    e = _refused(gql(sim, PUBLIC_SEARCH, {"input": {**v["input"], "displayOrderNumber": "P1"}}))
    assert "displayOrderNumber" in e[0]["message"]
    _refused(gql(sim, PUBLIC_SEARCH, {}))  # the required input is missing
    _refused(gql(sim, PUBLIC_SEARCH, v, "otherOperation"))
    # introspection: FORBIDDEN
    for q in ("{ __schema { types { name } } }", '{ __type(name: "SearchedOrder") { name } }'):
        r = gql(sim, q)
        assert r.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN", r.text
        assert "data" not in r.json() or not r.json()["data"]
    # valid documents with values the server refuses: errors[] next to a null result
    for bad in ({"limit": 1001}, {"startOrderDate": "2026-01-01"}, {"deliveryStatus": "X"}):
        r = gql(sim, PUBLIC_SEARCH, {"input": {**v["input"], **bad}})
        assert r.status_code == 200 and r.json()["errors"], bad
        assert r.json()["data"]["searchOrder"] is None
    ok = gql(sim, PUBLIC_SEARCH, {"input": {**v["input"], "limit": 2}})
    body = ok.json()
    assert "errors" not in body
    # only the selected fields come back
    narrow = gql(
        sim,
        "query q($input: SearchOrderRequest!) "
        "{ searchOrder(input: $input) { orders { payMethod } } }",
        {"input": {**v["input"], "limit": 2}},
    ).json()
    assert [set(o) for o in narrow["data"]["searchOrder"]["orders"]] == [{"payMethod"}] * 2
    aliased = gql(
        sim,
        "query($input: SearchOrderRequest!) { s: searchOrder(input: $input) { n: searchedCount } }",
        v,
    ).json()
    assert aliased["data"]["s"]["n"] == 120


# --- faults ----------------------------------------------------------------------------------


def test_fault_error_counts_and_shapes(sim: Simulator) -> None:
    oid = first(sim, seedmod.MFN_UNSHIPPED)
    tok = token(sim)
    sim.faults.error(503, scope="confirmShipment", count=2)
    r1 = confirm(sim, oid, package_body(sim, oid), tok)
    r2 = confirm(sim, oid, package_body(sim, oid), tok)
    assert (r1.status_code, r2.status_code) == (503, 503)
    assert r1.json()["errors"][0]["code"] == "ServiceUnavailable"
    assert sim.world.confirmations(oid) == []  # nothing applied
    assert search(sim, tok).status_code == 200  # other operations unaffected
    assert confirm(sim, oid, package_body(sim, oid), tok).status_code == 204
    sim.faults.error(500, scope="makeshop", count=1)
    r = gql(sim, PUBLIC_SEARCH, {"input": {"page": 1}})
    assert r.status_code == 500 and r.json()["errors"]
    sim.faults.quota_storm(scope="spapi", count=2)
    assert [search(sim, tok).status_code for _ in range(3)] == [429, 429, 200]


def test_fault_fraction_is_deterministic() -> None:
    def pattern() -> list[int]:
        with running_simulator(n_orders=20) as sim:
            tok = token(sim)
            sim.faults.error(500, scope="getOrder", count=None, fraction=0.5)
            oid = next(iter(sim.world.amazon))
            return [sp_get(sim, f"{SEARCH}/{oid}", tok=tok).status_code for _ in range(16)]

    a, b = pattern(), pattern()
    assert a == b
    assert set(a) == {200, 500}


def test_fault_drop_before_and_after_apply(sim: Simulator) -> None:
    a, b = sim.world.scenario(seedmod.MFN_UNSHIPPED)[:2]
    tok = token(sim)
    sim.faults.drop(scope="confirmShipment")
    with pytest.raises(requests.ConnectionError):
        confirm(sim, a, package_body(sim, a), tok)
    assert sim.world.confirmations(a) == []
    sim.faults.drop(scope="confirmShipment", after_apply=True)
    with pytest.raises(requests.ConnectionError):
        confirm(sim, b, package_body(sim, b), tok)
    assert len(sim.world.confirmations(b)) == 1  # it reached Amazon; the answer was lost
    outcomes = [r.outcome for r in sim.requests_for("confirmShipment")]
    assert outcomes == ["dropped", "dropped"]
    assert confirm(sim, b, package_body(sim, b), tok).status_code == 204  # resend = edit


def test_fault_timeout_holds_then_never_answers(sim: Simulator) -> None:
    oid = first(sim, seedmod.MFN_UNSHIPPED)
    tok = token(sim)
    sim.faults.timeout(2.0, scope="confirmShipment", after_apply=True)
    with pytest.raises(requests.Timeout):
        confirm(sim, oid, package_body(sim, oid), tok, timeout=0.3)
    # the change was applied although the client gave up
    for _ in range(100):
        if sim.world.confirmations(oid):
            break
        time.sleep(0.05)
    assert len(sim.world.confirmations(oid)) == 1
    sim.faults.timeout(0.2, scope="searchOrders")
    with pytest.raises(requests.ConnectionError):
        search(sim, tok)  # held, then closed without an answer
    assert search(sim, tok).status_code == 200


def test_fault_latency_and_malformed(sim: Simulator) -> None:
    tok = token(sim)
    sim.faults.latency(1.5, scope="getOrder", count=1)
    oid = first(sim, seedmod.MFN_UNSHIPPED)
    with pytest.raises(requests.Timeout):
        requests.get(
            f"{sim.spapi_url}{SEARCH}/{oid}", headers={"x-amz-access-token": tok}, timeout=0.2
        )
    sim.faults.malformed(scope="confirmShipment")
    r = confirm(sim, oid, package_body(sim, oid), tok)
    assert r.status_code == 200
    with pytest.raises(ValueError):
        r.json()
    assert len(sim.world.confirmations(oid)) == 1  # applied, answer broken
    sim.faults.malformed(scope="searchOrder")
    r = gql(sim, PUBLIC_SEARCH, {"input": {"page": 1}})
    with pytest.raises(ValueError):
        r.json()


def test_fault_expired_tokens(sim: Simulator) -> None:
    tok = token(sim)
    assert search(sim, tok).status_code == 200
    sim.faults.expire_tokens()
    r = search(sim, tok)
    assert r.status_code == 403
    assert r.json()["errors"][0]["details"] == "The access token you provided has expired."
    assert search(sim, tok).status_code == 403  # the old token stays expired
    assert search(sim, token(sim)).status_code == 200


def test_faults_clear_and_scope_by_operation_name(sim: Simulator) -> None:
    customer = PUBLIC_SEARCH.replace("query searchOrder(", "query orderCustomer(")
    sim.faults.error(500, scope="orderCustomer", count=None)
    v = {"input": {"page": 1}}
    assert gql(sim, customer, v, "orderCustomer").status_code == 500
    assert gql(sim, PUBLIC_SEARCH, v, "searchOrder").status_code == 200
    assert sim.faults.active
    sim.faults.clear()
    assert not sim.faults.active
    assert gql(sim, customer, v, "orderCustomer").status_code == 200


# --- recording, time, seed -------------------------------------------------------------------


def test_requests_are_recorded(sim: Simulator) -> None:
    oid = first(sim, seedmod.MFN_UNSHIPPED)
    body = package_body(sim, oid)
    assert confirm(sim, oid, body).status_code == 204
    recs = sim.requests
    assert [r.operation for r in recs] == ["lwaToken", "confirmShipment"]
    rec = recs[-1]
    assert rec.method == "POST" and rec.status == 204 and rec.json == body
    assert rec.path.endswith(f"/{oid}/shipmentConfirmation")
    assert rec.headers["x-amz-access-token"].startswith("Atza|")
    assert rec.time == sim.now()
    sim.clear_requests()
    assert sim.requests == []


def test_time_scale_and_advance() -> None:
    sim = Simulator(n_orders=5, now=FIXED_NOW, time_scale=0.0)
    assert sim.now() == FIXED_NOW
    sim.advance(timedelta(hours=2))
    assert sim.now() == FIXED_NOW + timedelta(hours=2)
    fast = Simulator(n_orders=5, now=FIXED_NOW, time_scale=3600.0)
    time.sleep(0.01)
    assert fast.now() > FIXED_NOW + timedelta(seconds=10)
    with pytest.raises(ValueError):
        Simulator(n_orders=5, now=datetime(2026, 1, 1))  # naive


def test_seed_is_deterministic_and_realistic() -> None:
    def snapshot(seed: int) -> str:
        with running_simulator(seed=seed, n_orders=200) as sim:
            tok = token(sim)
            body = search(sim, tok, includedData=ALL_DATA).json()
            shop = ms_all(sim)
            return json.dumps([body["orders"], shop], ensure_ascii=False, sort_keys=True)

    a, b, c = snapshot(7), snapshot(7), snapshot(8)
    assert a == b
    assert a != c
    sim = Simulator(n_orders=300, now=FIXED_NOW)
    w = sim.world
    for name in SCENARIOS:
        assert w.scenario(name), name
    kinds = {"shop": 0, "mfn": 0, "fba": 0}
    for mo in w.makeshop.values():
        kinds["shop" if not mo.is_amazon else "fba" if mo.fba else "mfn"] += 1
    assert 0.30 < kinds["shop"] / 300 < 0.50
    assert 0.35 < kinds["mfn"] / 300 < 0.55
    assert 0.08 < kinds["fba"] / 300 < 0.22
    # deadlines around now: overdue, due today, later
    today_end = seedmod._end_of_jst_day(FIXED_NOW)
    unshipped = [a for a in w.amazon.values() if a.status == "UNSHIPPED" and not a.is_fba]
    assert any(a.ship_by_latest < FIXED_NOW for a in unshipped)
    assert any(a.ship_by_latest == today_end for a in unshipped)
    assert any(a.ship_by_latest > today_end for a in unshipped)
    assert any(len(a.items) > 1 for a in w.amazon.values())
    assert any(len(a.packages) > 1 for a in w.amazon.values())
    assert any(m.payment_status == A.PAYMENT_STATUS_LINK_FAILED for m in w.makeshop.values())
    for ao in w.amazon.values():
        assert seedmod.PII_NAME_MARKER in ao.buyer_name
        assert ao.recipient["phone"] == seedmod.PII_PHONE
        assert ao.display_order_number in w.makeshop
    names = " ".join(i.title for a in w.amazon.values() for i in a.items)
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", names)
    assert seedmod.PII_NAME_MARKER not in names


@pytest.mark.slow
def test_100k_orders_generate_and_search() -> None:
    sim = Simulator(n_orders=100_000, now=FIXED_NOW, rate_scale=float("inf"), time_scale=0)
    assert len(sim.world.makeshop) == 100_000
    assert 40_000 < len(sim.world.amazon) < 70_000
    with sim:
        tok = token(sim)
        since = (FIXED_NOW - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        body = search(sim, tok, lastUpdatedAfter=since, includedData="FULFILLMENT").json()
        ids = {o["orderId"] for o in body["orders"]}
        want = set(sim.world.find_amazon(lambda a: a.last_updated >= FIXED_NOW - timedelta(days=1)))
        assert ids == want or (len(ids) == 100 and ids <= want)
        unshipped = search(
            sim, tok, fulfillmentStatuses="UNSHIPPED", fulfilledBy="MERCHANT", maxResultsPerPage=100
        ).json()
        assert unshipped["orders"]
        page = ms_all(sim, deliveryStatus="N")
        assert page["searchedCount"] >= len(page["orders"]) > 0


def test_world_is_usable_without_servers() -> None:
    sim = Simulator(n_orders=40, now=FIXED_NOW, time_scale=0)
    assert isinstance(sim.world, World)
    oid = first(sim, seedmod.MFN_UNSHIPPED)
    sim.world.amazon_cancel(oid)
    assert sim.world.amazon_status(oid) == "CANCELLED"
    sim.advance(timedelta(minutes=10))
    assert sim.world.makeshop_for_amazon(oid).deliveries[0].status == "C"
    fba = first(sim, seedmod.FBA_PENDING)
    if sim.world.amazon_status(fba) != "CANCELLED":
        sim.world.amazon_ship_fba(fba)
        sim.advance(timedelta(minutes=10))
        assert sim.world.makeshop_for_amazon(fba).deliveries[0].status == "Y"


def test_cli_main_prints_endpoints_and_credentials(capsys: pytest.CaptureFixture[str]) -> None:
    stop = threading.Event()
    result: list[int] = []
    t = threading.Thread(
        target=lambda: result.append(cli_main(["--orders", "20", "--seed", "3"], stop_event=stop))
    )
    t.start()
    out = ""
    try:
        for _ in range(500):
            out += capsys.readouterr().out
            if "Ctrl-C" in out:
                break
            time.sleep(0.02)
        env = dict(re.findall(r"^(AMZDESK_[A-Z_]+)=(\S+)$", out, re.MULTILINE))
        creds = dict(re.findall(r"^([a-z-]+)=(\S+)$", out, re.MULTILINE))
        assert set(creds) == {
            "lwa-client-id",
            "lwa-client-secret",
            "lwa-refresh-token",
            "makeshop-token",
            "makeshop-api-key",
        }
        assert env["AMZDESK_SPAPI_ENDPOINT"].startswith("http://127.0.0.1:")
        r = requests.post(
            env["AMZDESK_LWA_TOKEN_URL"],
            data={
                "grant_type": "refresh_token",
                "refresh_token": creds["lwa-refresh-token"],
                "client_id": creds["lwa-client-id"],
                "client_secret": creds["lwa-client-secret"],
            },
            timeout=10,
        )
        assert r.status_code == 200
    finally:
        stop.set()
        t.join(timeout=10)
    assert result == [0]
    assert not t.is_alive()


def test_cli_main_rejects_bad_arguments() -> None:
    with pytest.raises(SystemExit):
        cli_main(["--orders", "-5"])


@pytest.mark.parametrize(
    ("rate_scale", "early_ok", "too_early"),
    [
        # real time: 1 s apart, 5 % early still counts as paced (network jitter)
        (1.0, 0.951, 0.90),
        # a test's 40 ms interval: up to 10 ms early is jitter (real time, not scaled); two
        # clients interleaving (20 ms apart) are not
        (25.0, 0.031, 0.020),
    ],
)
def test_makeshop_pacing_allows_jitter_but_not_a_second_client(
    rate_scale: float, early_ok: float, too_early: float
) -> None:
    from amzdesk.sim.amazon import TokenBucket
    from amzdesk.sim.makeshop import ARRIVAL_JITTER_S

    interval = A.MAKESHOP_MIN_INTERVAL_S / rate_scale
    assert interval / 2 > ARRIVAL_JITTER_S  # jitter never admits a doubled rate
    with running_simulator(rate_scale=rate_scale) as s:
        now = [1000.0]
        svc = s.makeshop_service
        svc.bucket = TokenBucket(svc.bucket.rate, 1, clock=lambda: now[0])
        statuses = [gql(s, PUBLIC_SEARCH, {"input": {"page": 1}}).status_code]
        now[0] += early_ok
        statuses.append(gql(s, PUBLIC_SEARCH, {"input": {"page": 1}}).status_code)
        now[0] += too_early
        statuses.append(gql(s, PUBLIC_SEARCH, {"input": {"page": 1}}).status_code)
        now[0] += interval
        statuses.append(gql(s, PUBLIC_SEARCH, {"input": {"page": 1}}).status_code)
    assert statuses == [200, 200, 429, 200]
