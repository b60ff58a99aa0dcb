"""Recognising Amazon orders among makeshop orders, failing safe (R-F3), and the match report.

How an Amazon order looks in makeshop's API is not public: every signal counts (payment method
names the admin shows, an Amazon order ID anywhere in the order, matching with SP-API orders),
an order that may be Amazon's is never marked 配送完了 without an explicit confirmation, and the
patterns can be changed in the settings.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from amzdesk.makeshop import parse_order
from amzdesk.models import Channel, OrderItem
from amzdesk.recognition import MatchReport, Recognition, is_amazon, maybe_amazon
from amzdesk.rules import Action, evaluate
from amzdesk.services import Services, build_services
from amzdesk.settings import Settings, SettingsError, validate_settings
from amzdesk.shipment import Refusal, ShipmentWorkflow
from amzdesk.sim import Simulator
from amzdesk.sim import seed as S
from tests.cli_helpers import run_cli
from tests.factories import NOW, make_amazon_side, make_makeshop_side, make_shop_order
from tests.sim_fixtures import running_simulator

YAMATO = "444413758703"


def order(**kw: Any) -> dict[str, Any]:
    """A searchOrder order in the public response formats."""
    base: dict[str, Any] = {
        "systemOrderNumber": "310000001",
        "displayOrderNumber": "P180941172630907436",
        "orderDate": "2026-01-02 10:30:00",
        "payMethod": "クレジットカード決済",
        "paymentStatusCode": "0004",
        "sumPrice": 3300,
        "message": None,
        "deliveryInfos": [
            {
                "deliveryId": "1",
                "deliveryStatus": "N",
                "basketInfos": [{"productCustomCode": "ARITA-MUG", "amount": 1}],
            }
        ],
    }
    base.update(kw)
    return base


# --- signals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pay_method", "message", "amazon", "maybe"),
    [
        ("Amazonマーケットプレイス決済", None, True, False),
        ("Amazonマーケットプレイス決済(代引き)", None, True, False),
        ("Ａｍａｚｏｎマーケットプレイス決済", None, True, False),  # full-width letters
        ("イプシロン:Amazon Pay", None, False, False),  # a shop payment method
        ("クレジットカード決済", "Amazon注文番号 503-1234567-1234567", True, False),
        ("クレジットカード決済", "5031234567-1234567", False, False),  # not 3-7-7
        ("クレジットカード決済", "TEL 03-1234-5678", False, False),
        ("Amazonギフトカード払い", None, False, True),  # mentions Amazon: may be
        ("アマゾン決済", None, False, True),
        ("クレジットカード決済", None, False, False),
    ],
)
def test_every_signal_is_used(
    pay_method: str, message: str | None, amazon: bool, maybe: bool
) -> None:
    side = parse_order(order(payMethod=pay_method, message=message))
    assert (is_amazon(side), maybe_amazon(side)) == (amazon, maybe)


def test_an_order_id_anywhere_in_the_order_is_found() -> None:
    delivery = dict(order()["deliveryInfos"][0], deliveryMessage="置き配 249-0000001-0000002")
    side = parse_order(order(deliveryInfos=[delivery]))
    assert side.amazon_order_id == "249-0000001-0000002"
    side = parse_order(order(displayOrderNumber="250-1111111-2222222"))
    assert side.amazon_order_id == "250-1111111-2222222"


def test_patterns_come_from_the_settings_and_are_validated() -> None:
    custom = Recognition.from_settings(
        {
            "pay_method_prefixes": "Amazon出品\nAmazonマーケットプレイス決済",
            "pay_method_excludes": ["Amazon Pay", "Amazonギフト"],
            "order_id_pattern": r"AMZ-\d{6}",
            "match_window_hours": 12,
        }
    )
    side = parse_order(order(payMethod="Amazon出品サービス", message="AMZ-123456"), custom)
    assert side.amazon_order_id == "AMZ-123456" and is_amazon(side)
    # an exclusion added by the shop owner turns the weak sign off
    assert not maybe_amazon(parse_order(order(payMethod="Amazonギフトカード払い"), custom))
    assert custom.match_window_s == 12 * 3600
    assert Recognition.from_settings(custom.to_settings()) == custom
    for bad in (
        {"order_id_pattern": "("},
        {"order_id_pattern": ""},
        {"pay_method_prefixes": 5},
        {"match_window_hours": "x"},
        {"match_window_hours": 10_000},
    ):
        with pytest.raises(ValueError):
            Recognition.from_settings(bad)
        with pytest.raises(SettingsError, match="Amazon の注文の見分け方"):
            validate_settings(replace(Settings(), amazon_recognition=bad))
    assert validate_settings(replace(Settings(), amazon_recognition={})).amazon_recognition == {}


def test_matching_needs_the_same_items_within_the_window() -> None:
    rec = Recognition()
    items = (OrderItem("ARITA-MUG", "マグ", 2), OrderItem("UJI-30", "抹茶", 1))
    ms = make_makeshop_side(items=items, order_date=NOW)
    az = make_amazon_side(created=NOW - timedelta(hours=3), items=items)
    assert rec.match(ms, [az]) == (az, False)
    late = make_amazon_side(created=NOW - timedelta(days=3), items=items)
    assert rec.match(ms, [late]) == (None, False)
    partial = make_amazon_side(created=NOW, items=items[:1])
    assert rec.match(ms, [partial]) == (None, True)  # similar: a weak sign
    twin = make_amazon_side(created=NOW + timedelta(hours=1), items=items)
    assert rec.match(ms, [az, twin]) == (None, True)  # ambiguous: never guessed


# --- R-F3: an order that may be Amazon's ------------------------------------------------------


def test_a_shop_order_that_may_be_amazons_needs_an_explicit_confirmation() -> None:
    maybe = make_shop_order(
        pay_method="Amazonギフトカード払い", amazon_signals=("maybe:pay-method",)
    )
    v = evaluate(maybe, "佐川急便", [YAMATO])[Action.COMPLETE_MAKESHOP]
    assert v.allowed and v.rule_id == "R-F3"
    assert "連携失敗" in v.confirm and "決済方法に Amazon の名前" in v.confirm
    plain = evaluate(make_shop_order(), "佐川急便", [YAMATO])[Action.COMPLETE_MAKESHOP]
    assert plain.allowed and not plain.confirm


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with running_simulator(n_orders=300) as s:
        yield s


@pytest.fixture
def svc(sim: Simulator, tmp_path: Path) -> Iterator[Services]:
    services = build_services(Settings(), None, demo=sim, store_path=tmp_path / "r.sqlite3")
    yield services
    services.close()


def _wf(s: Services) -> ShipmentWorkflow:
    return ShipmentWorkflow(s.store, s.spapi, s.makeshop, s.carriers, s.clock)


def _mutations(sim: Simulator) -> list[Any]:
    return [r for r in sim.requests if r.service == "makeshop" and r.operation.startswith("update")]


def test_unrecognised_order_that_may_be_amazons_is_guarded_end_to_end(
    sim: Simulator, svc: Services
) -> None:
    assert svc.sync.run().ok
    number = sim.world.scenario(S.SHOP_MAYBE_AMAZON)[0]
    found = svc.store.find(number)
    assert found is not None and found.channel is Channel.SHOP and maybe_amazon(found.makeshop)
    refused = _wf(svc).plan(number, "佐川急便", [YAMATO])
    assert isinstance(refused, Refusal) and refused.needs_confirmation
    assert refused.rule_id == "R-F3"
    result = _wf(svc).confirm(number, "佐川急便", [YAMATO])
    assert result.state == "refused" and not _mutations(sim)
    assert not svc.store.journal_entries(found.key)
    # the command line: refused with the way forward, then sent with --not-amazon
    code, _out, err = run_cli(
        svc, ["confirm", number, "--carrier", "佐川急便", "--tracking", YAMATO]
    )
    assert code == 1 and "--not-amazon" in err and "連携失敗" in err
    assert not _mutations(sim)
    code, _out, err = run_cli(
        svc,
        ["confirm", number, "--carrier", "佐川急便", "--tracking", YAMATO, "--not-amazon"],
    )
    assert code == 0, err
    [delivery] = sim.world.makeshop_order(number).deliveries
    assert (delivery.status, delivery.company_code, delivery.slip_number) == ("Y", "003", YAMATO)
    # and a shop order paying with イプシロン:Amazon Pay is a plain shop order
    pay = sim.world.scenario(S.SHOP_AMAZON_PAY)[0]
    shop = svc.store.find(pay)
    assert shop is not None and shop.channel is Channel.SHOP and not maybe_amazon(shop.makeshop)
    assert not evaluate(shop, "佐川急便")[Action.COMPLETE_MAKESHOP].confirm


# --- matching and the match report ------------------------------------------------------------


def test_orders_without_an_id_are_matched_by_date_and_items_once(
    sim: Simulator, svc: Services
) -> None:
    no_id = sim.world.scenario(S.MFN_NO_ID)
    assert no_id, "the seed keeps some Amazon order IDs out of makeshop"
    for oid in no_id:
        assert oid not in sim.world.makeshop_for_amazon(oid).message
    report = svc.sync.run()
    assert report.ok and report.match is not None
    m = report.match
    n_ms = len(sim.world.makeshop)
    n_amazon = len(sim.world.amazon)
    assert m.makeshop_seen == n_ms and m.amazon_configured
    assert m.recognised_amazon == n_amazon  # every Amazon order: ID or payment method
    assert m.matched_to_spapi == n_amazon and m.matched_by_items == len(no_id)
    assert (m.unmatched_makeshop, m.unmatched_spapi) == (0, 0)
    assert m.maybe_amazon == len(sim.world.scenario(S.SHOP_MAYBE_AMAZON)) == 1
    for oid in no_id:
        row = svc.store.find(oid)
        assert row is not None and row.key == f"az:{oid}" and row.makeshop is not None
        assert "match" in row.makeshop.amazon_signals
    assert svc.store.count() == n_ms  # one row per order: no makeshop duplicate left
    # the next sync keeps the link without a second row
    again = svc.sync.run()
    assert again.ok and svc.store.count() == n_ms
    for oid in no_id:
        assert svc.store.find(oid).makeshop is not None  # type: ignore[union-attr]
    # the report on the command line and in --json
    code, out, _err = run_cli(svc, ["sync"])
    assert code == 0 and "照合:" in out and "makeshop の注文:" in out
    code, out, _err = run_cli(svc, ["sync", "--json"])
    doc = json.loads(out)["match"]
    assert doc["amazon_configured"] is True and doc["maybe_amazon"] == 1
    assert set(doc) >= {"makeshop_seen", "recognised_amazon", "matched_to_spapi",
                        "unmatched_makeshop", "unmatched_spapi"}  # fmt: skip


def test_makeshop_only_still_recognises_and_reports(sim: Simulator, tmp_path: Path) -> None:
    services = build_services(Settings(), None, demo=sim, store_path=tmp_path / "m.sqlite3")
    services = replace(services, spapi=None)
    try:
        from amzdesk.sync import SyncService

        svc = SyncService(services.store, None, services.makeshop, services.clock)
        report = svc.run()
        assert report.ok and report.match is not None
        m = report.match
        assert not m.amazon_configured and m.matched_to_spapi == 0
        assert m.recognised_amazon == len(sim.world.amazon)
        # counted from the orders this run wrote (not read back from the store), the same
        assert m.makeshop_seen == len(sim.world.makeshop) == services.store.count()
        assert m.unmatched_makeshop == len(sim.world.amazon)  # no SP-API to match them to
        assert m.maybe_amazon == len(sim.world.scenario(S.SHOP_MAYBE_AMAZON)) == 1
        lines = [str(x) for x in report.match_lines()]
        assert any("照合していません" in x for x in lines)
        for oid in sim.world.scenario(S.MFN_NO_ID):
            number = sim.world.makeshop_for_amazon(oid).display_order_number
            row = services.store.find(number)
            assert row is not None and row.channel is Channel.AMAZON_MFN  # by payment method
    finally:
        services.close()


def test_report_lines_and_headline() -> None:
    r = MatchReport(makeshop_seen=10, recognised_amazon=6, matched_to_spapi=5, maybe_amazon=1,
                    unmatched_makeshop=1, amazon_configured=True)  # fmt: skip
    text = "\n".join(r.lines())
    assert "makeshop の注文: 10 件" in text and "照合できない" in text
    assert r.headline() is not None and "1 件" in str(r.headline())
    assert MatchReport(makeshop_seen=3, recognised_amazon=0).headline() is None


def test_a_shop_looking_order_that_matches_an_amazon_order_is_guarded_not_moved(
    sim: Simulator, svc: Services
) -> None:
    """No payment-method sign and no ID, but an SP-API order of the same items that day: the
    order stays a shop order and makeshop's 配送完了 needs an explicit confirmation (R-F3)."""
    ids = sim.world.scenario(S.MFN_NO_ID)
    oid = next(
        (i for i in ids if sim.world.makeshop_for_amazon(i).deliveries[0].status == "N"), ids[0]
    )
    number = sim.world.makeshop_for_amazon(oid).display_order_number
    with sim.world.lock:
        sim.world.makeshop[number].pay_method = "クレジットカード決済"
        sim.world.makeshop[number].deliveries[0].status = "N"
    report = svc.sync.run()
    assert report.ok and report.match is not None
    row = svc.store.find(number)
    assert row is not None and row.channel is Channel.SHOP and row.amazon is None
    assert maybe_amazon(row.makeshop) and report.match.maybe_amazon >= 1
    amazon_row = svc.store.find(oid)
    assert amazon_row is not None and amazon_row.makeshop is None  # not linked by guess
    assert report.match.unmatched_spapi >= 1
    v = evaluate(row, "佐川急便", [YAMATO])[Action.COMPLETE_MAKESHOP]
    assert v.allowed and v.rule_id == "R-F3" and "似た内容" in v.confirm
