"""FBA Inventory (getInventorySummaries) in the client and the simulator, checked against Amazon's
model, and the FBA listing hazard check (R-G2) against the simulator's seeded hazards."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import requests

from amzdesk import errors
from amzdesk.insights.hazards import (
    EVIDENCE_ORDERS,
    EVIDENCE_PRODUCTS,
    SOURCE_FBA_ORDERS,
    SOURCE_INVENTORY,
    ProductCsvError,
    check_listings,
    read_product_csv,
    run_check,
)
from amzdesk.models import Channel
from amzdesk.services import Services, build_services
from amzdesk.settings import Settings
from amzdesk.sim import Simulator
from amzdesk.sim.fba import HAZARD_SCENARIO
from amzdesk.spapi import INVENTORY_PATH, MAX_INVENTORY_SKUS, USAGE_PLANS
from tests.cli_helpers import run_cli
from tests.sim_fixtures import running_simulator
from tests.test_http import serve
from tests.test_spapi_contract import (
    FBA_INVENTORY,
    _strict,
    answering,
    load_model,
    make_client,
    operation,
    path_matches,
    sp_requests,
    validate_query,
)

__all__ = ["serve"]  # the fixture, re-exported for pytest

MODEL_PATH = "/fba/inventory/v1/summaries"


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with running_simulator(n_orders=120) as s:
        yield s


@pytest.fixture
def svc(sim: Simulator, tmp_path: Path) -> Iterator[Services]:
    services = build_services(Settings(), None, demo=sim, store_path=tmp_path / "fba.sqlite3")
    report = services.sync.run()
    assert report.ok, report
    yield services
    services.close()


def response_validator() -> jsonschema.Draft4Validator:
    model = load_model(FBA_INVENTORY)
    schema = {
        "definitions": _strict(copy.deepcopy(model["definitions"])),
        "$ref": "#/definitions/GetInventorySummariesResponse",
    }
    return jsonschema.Draft4Validator(schema)


# --- the client against the model ---------------------------------------------------------------


def test_client_path_usage_plan_and_queries_fit_the_model(serve: Any) -> None:
    assert path_matches("getInventorySummaries", INVENTORY_PATH)
    op = operation("getInventorySummaries")
    assert "| 2 | 2 |" in op["description"].replace("  ", " ")
    assert (
        USAGE_PLANS["getInventorySummaries"].rate,
        USAGE_PLANS["getInventorySummaries"].burst,
    ) == (
        2.0,
        2,
    )
    body = {"payload": {"granularity": {}, "inventorySummaries": []}}
    server = serve(answering(200, body))
    client = make_client(server)
    list(client.inventory_summaries())
    list(client.inventory_summaries(details=True, seller_skus=["A-1", "B-2"]))
    from datetime import UTC, datetime

    list(client.inventory_summaries(start_date_time=datetime(2026, 1, 1, tzinfo=UTC)))
    reqs = sp_requests(server)
    assert len(reqs) == 3
    for req in reqs:
        assert req.method == "GET" and path_matches("getInventorySummaries", req.path)
        assert validate_query("getInventorySummaries", req.query) == []
        assert req.query["granularityId"] == req.query["marketplaceIds"] == "A1VC38T7YXB528"
    assert reqs[1].query["sellerSkus"] == "A-1,B-2" and reqs[1].query["details"] == "true"
    assert reqs[2].query["startDateTime"] == "2026-01-01T00:00:00Z"
    # the validator itself refuses what the model refuses
    bad = dict(reqs[0].query, granularityType="Country")
    assert validate_query("getInventorySummaries", bad)
    with pytest.raises(ValueError, match="50"):
        client.inventory_params(seller_skus=[f"S{i}" for i in range(MAX_INVENTORY_SKUS + 1)])


def test_client_types_errors_and_rejects_a_body_without_payload(serve: Any) -> None:
    server = serve(answering(400, {"errors": [{"code": "InvalidInput", "message": "bad"}]}))
    with pytest.raises(errors.InvalidInput):
        make_client(server).fba_inventory()
    server = serve(answering(200, {"inventorySummaries": []}))
    with pytest.raises(errors.BadResponse):
        make_client(server).fba_inventory()


# --- the simulator ------------------------------------------------------------------------------


def _client(sim: Simulator) -> Any:
    from amzdesk.spapi import make_client as real_client

    c = sim.credentials
    return real_client(
        endpoint=sim.spapi_url,
        token_url=sim.lwa_url,
        client_id=c["lwa-client-id"],
        client_secret=c["lwa-client-secret"],
        refresh_token=c["lwa-refresh-token"],
        rate_scale=1000,
    )


def _raw(sim: Simulator, token: str, **params: Any) -> requests.Response:
    return requests.get(
        sim.spapi_url + MODEL_PATH,
        params=params,
        headers={"x-amz-access-token": token},
        timeout=10,
    )


def test_simulator_inventory_pages_and_answers_in_the_model_shape(sim: Simulator) -> None:
    client = _client(sim)
    state = sim.world.fba
    assert state is not None and len(state.items) >= 5
    everything = client.fba_inventory()
    assert sorted(i.seller_sku for i in everything) == sorted(i.seller_sku for i in state.items)
    state.page_size = 3
    pages = list(client.inventory_summaries(details=True))
    assert [len(p.items) for p in pages[:-1]] == [3] * (len(pages) - 1)
    assert [i.seller_sku for p in pages for i in p.items] == sorted(
        i.seller_sku for i in state.items
    )
    assert all(p.next_token for p in pages[:-1]) and pages[-1].next_token is None
    first = state.items[0]
    got = next(i for p in pages for i in p.items if i.seller_sku == first.seller_sku)
    assert (got.asin, got.total_quantity, got.fulfillable_quantity) == (
        first.asin,
        first.total,
        first.fulfillable,
    )
    token = client.auth.token()
    validator = response_validator()
    for details in ("true", "false"):
        resp = _raw(
            sim,
            token,
            granularityType="Marketplace",
            granularityId="A1VC38T7YXB528",
            marketplaceIds="A1VC38T7YXB528",
            details=details,
        )
        assert resp.status_code == 200
        assert [e.message for e in validator.iter_errors(resp.json())] == []
        assert ("inventoryDetails" in resp.json()["payload"]["inventorySummaries"][0]) == (
            details == "true"
        )
    sku = state.items[1].seller_sku
    only = list(client.inventory_summaries(seller_skus=[sku]))
    assert [i.seller_sku for p in only for i in p.items] == [sku]


def test_simulator_refuses_what_the_model_refuses(sim: Simulator) -> None:
    token = _client(sim).auth.token()
    base = {
        "granularityType": "Marketplace",
        "granularityId": "A1VC38T7YXB528",
        "marketplaceIds": "A1VC38T7YXB528",
    }
    for broken in (
        {k: v for k, v in base.items() if k != "granularityType"},
        dict(base, granularityType="Country"),
        dict(base, marketplaceIds="A1VC38T7YXB528,A1PA6795UKMFR9"),
        dict(base, sellerSkus=",".join(f"S{i}" for i in range(51))),
        dict(base, nextToken="garbage"),
        dict(base, startDateTime="2020-01-01T00:00:00Z"),
    ):
        resp = _raw(sim, token, **broken)
        assert resp.status_code == 400, broken
        assert resp.json()["errors"][0]["code"] == "InvalidInput"
    assert _raw(sim, "Atza|forged", **base).status_code == 403


def test_simulator_enforces_the_usage_plan() -> None:
    with running_simulator(n_orders=60, rate_scale=1.0) as sim:
        token = _client(sim).auth.token()
        base = {
            "granularityType": "Marketplace",
            "granularityId": "A1VC38T7YXB528",
            "marketplaceIds": "A1VC38T7YXB528",
        }
        codes = [_raw(sim, token, **base).status_code for _ in range(3)]
        assert codes == [200, 200, 429]  # burst 2, rate 2/s


# --- the hazard check ---------------------------------------------------------------------------


def _seeded(sim: Simulator) -> dict[tuple[str, str], set[str]]:
    assert sim.world.fba is not None
    return {(h.asin, h.mfn_sku): set(h.order_ids) for h in sim.world.fba.hazards}


def test_check_finds_exactly_the_seeded_hazards(sim: Simulator, svc: Services) -> None:
    seeded = _seeded(sim)
    assert len(seeded) == 3
    assert {h.kind for h in sim.world.fba.hazards} == {"asin", "sku", "fba-orders"}  # type: ignore[union-attr]
    report = run_check(svc)
    assert report.inventory_checked
    found = {h.key: set(h.order_ids) for h in report.hazards}
    assert found == seeded
    by_kind = {h.kind: h for h in sim.world.fba.hazards}  # type: ignore[union-attr]
    hazards = {h.key: h for h in report.hazards}
    asin_h = hazards[(by_kind["asin"].asin, by_kind["asin"].mfn_sku)]
    assert asin_h.matched_by == "asin" and asin_h.fba.seller_sku == by_kind["asin"].fba_sku
    assert asin_h.open_order_ids == (by_kind["asin"].order_ids[0],)  # still to be shipped
    assert report.hazards[0] is asin_h  # open orders first
    assert hazards[(by_kind["sku"].asin, by_kind["sku"].mfn_sku)].matched_by == "asin+sku"
    gone = hazards[(by_kind["fba-orders"].asin, by_kind["fba-orders"].mfn_sku)]
    assert gone.fba.sources == (SOURCE_FBA_ORDERS,)  # no longer in the inventory
    assert SOURCE_INVENTORY in asin_h.fba.sources
    assert all(h.evidence == (EVIDENCE_ORDERS,) for h in report.hazards)
    assert all(h.advice for h in report.hazards)
    assert set(sim.world.scenario(HAZARD_SCENARIO)) == set().union(*seeded.values())


def test_nothing_else_is_a_hazard(sim: Simulator, svc: Services) -> None:
    hazard_orders = set(sim.world.scenario(HAZARD_SCENARIO))
    orders = [o for o in svc.store.all_orders() if o.amazon_order_id not in hazard_orders]
    inventory = _client(sim).fba_inventory()
    assert any(o.channel is Channel.AMAZON_FBA for o in orders)
    report = check_listings(orders, inventory, svc.clock())
    assert report.hazards == ()
    assert report.fba_products == len(
        {i.seller_sku for i in inventory}
        | {it.sku for o in orders if o.channel is Channel.AMAZON_FBA for it in o.items}
    )


def test_without_the_inventory_fba_orders_still_reveal_the_hazards(
    sim: Simulator, svc: Services
) -> None:
    report = check_listings(svc.store.all_orders(), None, svc.clock())
    assert not report.inventory_checked
    assert {h.key for h in report.hazards} == set(_seeded(sim))


def test_product_csv_adds_linked_products_without_orders(
    sim: Simulator, svc: Services, tmp_path: Path
) -> None:
    assert sim.world.fba is not None
    unsold = next(i for i in sim.world.fba.items if i.seller_sku == "KUTANI-SARA-NEW-FBA")
    other = sim.world.fba.items[0]
    rows = [
        "商品名,独自商品コード,Amazon連携,ASIN,Amazon出品者SKU",
        f"九谷焼 小皿,K-001,連携する,{unsold.asin},KUTANI-SARA-MS",
        f"同じ商品（連携なし）,K-002,連携しない,{other.asin},X-UNLINKED",
        "有田焼 マグカップ,M-001,連携する,B0NOTFBA00,ARITA-MUG-300-AI",
        "ASIN なし,M-002,連携しない,,",
    ]
    path = tmp_path / "products.csv"
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp932"))
    products = read_product_csv(path)
    assert [p.code for p in products] == ["K-001", "K-002", "M-001"]
    assert [p.linked for p in products] == [True, False, True]
    report = run_check(svc, products=products)
    extra = [h for h in report.hazards if EVIDENCE_PRODUCTS in h.evidence]
    assert [(h.asin, h.mfn_sku, h.makeshop_codes, h.order_ids) for h in extra] == [
        (unsold.asin, "KUTANI-SARA-MS", ("K-001",), ())
    ]
    assert len(report.hazards) == 4 and report.products_checked == 3
    with pytest.raises(ProductCsvError, match="ASIN"):
        read_product_csv("商品名,価格\r\nA,100\r\n".encode())


def test_check_listings_cli(sim: Simulator, svc: Services) -> None:
    code, out, _err = run_cli(svc, ["check-listings", "--json"])
    assert code == 1
    doc = json.loads(out)
    assert doc["schema"] == "amzdesk.listing-hazards/1" and doc["count"] == 3
    assert {(h["asin"], h["mfn_sku"]) for h in doc["hazards"]} == set(_seeded(sim))
    assert all(h["rule_id"] == "R-G2" for h in doc["hazards"])
    code, out, _err = run_cli(svc, ["check-listings"])
    assert code == 1 and "3 点" in out and "R-G2" not in out
