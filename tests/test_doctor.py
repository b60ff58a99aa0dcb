"""``doctor`` / 接続テスト: one read-only call per service, a plain diagnosis per failure, and a
shape report that never carries personal data."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from amzdesk.doctor import (
    ShapeCollector,
    check_amazon,
    check_makeshop,
    run_doctor,
    value_shape,
    write_shape_report,
)
from amzdesk.http import RetryPolicy
from amzdesk.makeshop import MakeshopClient
from amzdesk.services import Services, build_services
from amzdesk.settings import Settings
from amzdesk.sim import Simulator
from amzdesk.spapi import make_client
from tests.cli_helpers import run_cli
from tests.sim_fixtures import running_simulator

ONE_TRY = RetryPolicy(max_attempts=1)


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with running_simulator(n_orders=150) as s:
        yield s


@pytest.fixture
def svc(sim: Simulator, tmp_path: Path) -> Iterator[Services]:
    services = build_services(Settings(), None, demo=sim, store_path=tmp_path / "d.sqlite3")
    yield services
    services.close()


def _spapi(sim: Simulator, **kw: Any) -> Any:
    c = sim.credentials
    return make_client(
        endpoint=kw.pop("endpoint", sim.spapi_url),
        token_url=sim.lwa_url,
        client_id=c["lwa-client-id"],
        client_secret=c["lwa-client-secret"],
        refresh_token=kw.pop("refresh_token", c["lwa-refresh-token"]),
        rate_scale=1000,
        retry=ONE_TRY,
        **kw,
    )


def _makeshop(sim: Simulator, **kw: Any) -> MakeshopClient:
    c = sim.credentials
    return MakeshopClient(
        kw.pop("endpoint", sim.makeshop_url),
        kw.pop("token", c["makeshop-token"]),
        c["makeshop-api-key"],
        rate_scale=1000,
        retry=ONE_TRY,
        **kw,
    )


def _reads(sim: Simulator) -> list[Any]:
    return [r for r in sim.requests if r.operation not in ("lwaToken",)]


def test_doctor_makes_one_read_only_call_per_service(sim: Simulator, svc: Services) -> None:
    sim.clear_requests()
    code, out, _err = run_cli(svc, ["doctor", "--json"])
    assert code == 0, out
    doc = json.loads(out)
    assert doc["schema"] == "amzdesk.doctor/1" and doc["ok"]
    kinds = {c["service"]: c["kind"] for c in doc["checks"]}
    assert kinds == {"amazon": "ok", "makeshop": "ok"}
    assert all(c["orders_seen"] > 0 for c in doc["checks"])
    ops = [r.operation for r in _reads(sim)]
    assert ops.count("searchOrders") == 1 and ops.count("searchOrder") == 1
    assert not {"confirmShipment", "getOrder", "updateOrderAttribute"} & set(ops)
    assert not [r for r in sim.requests if r.service == "makeshop" and r.method != "POST"]
    code, out, _err = run_cli(svc, ["doctor"])
    assert code == 0 and "Amazon: OK" in out and "makeshop: OK" in out


def test_token_refused(sim: Simulator) -> None:
    check = check_amazon(_spapi(sim, refresh_token="Atzr|revoked"))
    assert not check.ok and check.kind == "token-refused"
    assert "リフレッシュトークン" in check.message and "セラーセントラル" in check.message
    bad = check_makeshop(_makeshop(sim, token="wrong-token-123"))
    assert not bad.ok and bad.kind == "token-refused"
    assert "makeshop" in bad.message and "設定し直して" in bad.message


def test_wrong_marketplace(sim: Simulator) -> None:
    client = _spapi(sim, marketplace_id="ATVPDKIKX0DER")
    sim.clear_requests()
    check = check_amazon(client)
    assert not check.ok and check.kind == "wrong-marketplace"
    assert "A1VC38T7YXB528" in check.message and "ATVPDKIKX0DER" in check.message
    assert not _reads(sim)  # nothing sent for a marketplace that is not Japan's


def test_clock_skew_is_named_for_makeshop(sim: Simulator) -> None:
    # The PC's clock is two hours fast: makeshop refuses the x-timestamp as "unauthenticated";
    # the Date header of its answer shows why.
    client = _makeshop(sim, wall_clock=lambda: time.time() + 7200)
    check = check_makeshop(client)
    assert not check.ok and check.kind == "clock-skew"
    assert "120 分" in check.message and "時刻" in check.message
    assert check.clock_skew_s is not None and 7100 < check.clock_skew_s < 7300


def test_network_and_no_answer(sim: Simulator) -> None:
    # a port nobody listens on
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    check = check_makeshop(_makeshop(sim, endpoint=f"http://127.0.0.1:{port}/v1/graphql"))
    assert not check.ok and check.kind == "network"
    assert "接続できません" in check.message
    sim.faults.timeout(1.0, scope="searchOrder", count=1)
    slow = check_makeshop(_makeshop(sim, timeout=(2.0, 0.3)))
    assert not slow.ok and slow.kind == "no-answer" and "応答がありません" in slow.message


def test_server_errors_and_refusals_are_diagnosed(sim: Simulator) -> None:
    sim.faults.error(503, scope="searchOrders", count=1)
    check = check_amazon(_spapi(sim))
    assert not check.ok and check.kind == "server-error"
    sim.faults.quota_storm(scope="searchOrder", count=1)
    check = check_makeshop(_makeshop(sim))
    assert not check.ok and check.kind == "busy"


def test_diagnosis_of_makeshop_forbidden_and_refused_fields() -> None:
    from amzdesk.doctor import diagnose
    from amzdesk.errors import AuthError, InvalidInput

    kind, text = diagnose(
        AuthError("forbidden", service="makeshop", code="FORBIDDEN", status=403), "makeshop"
    )
    assert kind == "api-not-approved" and "承認" in text
    kind, text = diagnose(
        InvalidInput('Cannot query field "memo"', service="makeshop", status=422), "makeshop"
    )
    assert kind == "field-refused" and "memo" in text
    kind, text = diagnose(
        InvalidInput("Invalid marketplaceId", service="amazon", status=400), "amazon"
    )
    assert kind == "wrong-marketplace"


# --- the shape report --------------------------------------------------------------------------

MARKERS = {
    "name": "山田マーカー花子",
    "email": "marker.person@example.jp",
    "phone": "090-4321-8765",
    "address": "東京都マーカー区神南1-2-3",
    "zip": "150-0041",
    "title": "マーカー限定の商品名",
    "sku": "SKU-MARKER-4711",
    "memo": "配達前に電話 080-2468-1357 マーカー",
}


def _seed_personal_data(sim: Simulator) -> None:
    """Every order of the simulated shop carries recognisable personal data and contents."""
    with sim.world.lock:
        for ao in sim.world.amazon.values():
            ao.buyer_name = MARKERS["name"]
            ao.buyer_email = MARKERS["email"]
            for k in ao.recipient:
                ao.recipient[k] = MARKERS["address"]
            for it in ao.items:
                it.title = MARKERS["title"]
                it.sku = MARKERS["sku"]
        for mo in sim.world.makeshop.values():
            mo.message = MARKERS["memo"]
            for k in mo.orderer:
                mo.orderer[k] = MARKERS["name"]
            for d in mo.deliveries:
                d.message = MARKERS["phone"]
                for k in d.receiver:
                    d.receiver[k] = MARKERS["zip"] if "zip" in k.lower() else MARKERS["email"]
                for b in d.basket:
                    b.name = MARKERS["title"]
                    b.product_code = MARKERS["sku"]
                    b.custom_code = MARKERS["sku"]


def test_shape_report_has_no_personal_data(sim: Simulator, svc: Services, tmp_path: Path) -> None:
    _seed_personal_data(sim)
    out = tmp_path / "shape.json"
    code, text, _err = run_cli(svc, ["doctor", "--shape-report", str(out)])
    assert code == 0, text
    raw = out.read_text(encoding="utf-8")
    for label, marker in MARKERS.items():
        assert marker not in raw, label
    for piece in ("マーカー", "example.jp", "4321", "2468", "4711"):
        assert piece not in raw
    # The seeded data did reach the answers the report was made from.
    doc = json.loads(raw)
    amazon = doc["services"]["amazon"]
    makeshop = doc["services"]["makeshop"]
    assert amazon["responses"] == 1 and makeshop["responses"] == 1
    assert set(amazon["fields"]["orders[].orderItems[].product.title"]) == {"string"}
    assert set(amazon["fields"]["orders[].orderItems[].product.sellerSku"]) == {"string"}
    memo_paths = [p for p in makeshop["fields"] if p.lower().endswith("message")]
    assert memo_paths and all(set(makeshop["fields"][p]) <= {"string", "null"} for p in memo_paths)
    # ... while the code values the assumptions depend on are there.
    codes = {**amazon["code_values"], **makeshop["code_values"]}
    status_paths = [p for p in codes if p.endswith("fulfillmentStatus")]
    assert status_paths and set(codes[status_paths[0]]) <= {
        "PENDING",
        "UNSHIPPED",
        "PARTIALLY_SHIPPED",
        "SHIPPED",
        "CANCELLED",
        "PENDING_AVAILABILITY",
        "UNFULFILLABLE",
    }
    pay = [p for p in codes if p.endswith("payMethod")]
    assert pay and any(v.startswith("Amazonマーケットプレイス決済") for v in codes[pay[0]])
    assert [p for p in codes if p.endswith("paymentStatusCode")]
    assert [p for p in codes if p.endswith("deliveryStatus")]
    # formats of the non-personal fields, never their values
    order_ids = amazon["fields"]["orders[].orderId"]
    assert set(order_ids) == {"999-9999999-9999999"}


def test_value_shape_and_collector_rules() -> None:
    assert value_shape("503-1234567-1234567") == "999-9999999-9999999"
    assert value_shape("2026-03-10 12:00:00") == "9999-99-99 99:99:99"
    assert value_shape("山田") == "**"
    c = ShapeCollector()
    c.add(
        {
            "payMethod": "クレジットカード",
            "ordererTel": "090-1234-5678",
            "carrier": "call 090-1234-5678",
            "deliveryInfos": [{"receiverName": "山田", "deliveryStatus": "N"}],
        }
    )
    d = c.as_dict()
    assert d["code_values"]["payMethod"] == {"クレジットカード": 1}
    assert d["fields"]["ordererTel"] == {"string": 1}
    assert d["fields"]["deliveryInfos[].receiverName"] == {"string": 1}
    assert d["code_values"]["deliveryInfos[].deliveryStatus"] == {"N": 1}
    # a code field whose value looks like a phone number keeps only its format
    assert "090-1234-5678" not in json.dumps(d, ensure_ascii=False)


def test_run_doctor_without_credentials_says_so(tmp_path: Path) -> None:
    class Bare:
        spapi = None
        makeshop = None

    report = run_doctor(Bare())
    assert [c.kind for c in report.checks] == ["not-configured", "not-configured"]
    path = write_shape_report(report, tmp_path / "s.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["schema"] == "amzdesk.shape-report/1"
