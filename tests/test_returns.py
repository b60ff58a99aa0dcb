"""Returns (返送): shop orders are returned in makeshop's admin (no public API value); Amazon
orders are recorded as processed in Seller Central and wait for makeshop to reflect it (R-C1)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from amzdesk.assumptions import MAKESHOP_UPDATE_DELIVERY_STATUS_DOCUMENT
from amzdesk.makeshop import MakeshopRefused
from amzdesk.models import DeliveryStatus
from amzdesk.rules import Action, evaluate
from amzdesk.services import Services, build_services
from amzdesk.settings import Settings
from amzdesk.shipment import ShipmentWorkflow, makeshop_return_key
from amzdesk.sim import Simulator
from amzdesk.sim.seed import (
    FBA_SHIPPED,
    MFN_SHIPPED,
    SHOP_RETURNED,
    SHOP_SHIPPED,
    SHOP_UNPROCESSED,
)
from amzdesk.states import CombinedState, combined_state
from tests.cli_helpers import run_cli
from tests.sim_fixtures import running_simulator

UPDATE = "updateOrderDeliveryStatus"


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with running_simulator(n_orders=120) as s:
        yield s


@pytest.fixture
def svc(sim: Simulator, tmp_path: Path) -> Iterator[Services]:
    services = build_services(Settings(), None, demo=sim, store_path=tmp_path / "s.sqlite3")
    report = services.sync.run()
    assert report.ok, report
    yield services
    services.close()


def _wf(services: Services) -> ShipmentWorkflow:
    return ShipmentWorkflow(
        services.store, services.spapi, services.makeshop, services.carriers, services.clock
    )


def _updates(sim: Simulator) -> list[Any]:
    return [r for r in sim.requests if r.service == "makeshop" and r.operation == UPDATE]


def _mutations(sim: Simulator) -> list[Any]:
    return [
        r
        for r in sim.requests
        if (r.service == "makeshop" and r.operation.startswith("update"))
        or r.operation == "confirmShipment"
    ]


def _state(services: Services, ref: str) -> CombinedState:
    order = services.store.find(ref)
    assert order is not None
    return combined_state(order)


def _shipped_shop(sim: Simulator) -> str:
    for number in sim.world.scenario(SHOP_SHIPPED):
        if all(d.status == "Y" for d in sim.world.makeshop_order(number).deliveries):
            return number
    raise AssertionError("the seed has no shipped shop order")


def _shipped_mfn(sim: Simulator, svc: Services) -> str:
    for oid in sim.world.scenario(MFN_SHIPPED):
        order = svc.store.find(oid)
        ms = sim.world.makeshop_for_amazon(oid)
        if order is not None and ms is not None and ms.deliveries[0].status == "Y":
            return oid
    raise AssertionError("the seed has no shipped merchant-fulfilled order")


# --- shop orders -------------------------------------------------------------------------------


def test_shop_return_is_done_in_the_makeshop_admin(sim: Simulator, svc: Services) -> None:
    """makeshop's updateOrderDeliveryStatus has no public value for 返送 (only COMPLETED /
    NOT_YET): the app sends nothing and points to makeshop's admin."""
    number = _shipped_shop(sim)
    assert _state(svc, number) is CombinedState.SHOP_SHIPPED
    order = svc.store.find(number)
    assert order is not None
    v = evaluate(order)[Action.RETURN]
    assert not v.allowed and "管理画面" in v.reason
    assert v.url.startswith("https://console.makeshop.jp/")
    result = _wf(svc).return_order(number)
    assert result.state == "refused" and "管理画面" in result.message, result
    assert not _mutations(sim)
    assert not svc.store.journal_entries()
    assert sim.world.makeshop_order(number).deliveries[0].status == "Y"


def test_unknown_return_entry_of_an_older_version_is_closed_without_sending(
    sim: Simulator, svc: Services
) -> None:
    number = _shipped_shop(sim)
    order = svc.store.find(number)
    assert order is not None and order.makeshop is not None
    ms = order.makeshop
    request = {
        "operation": "updateOrderDeliveryStatus",
        "displayOrderNumber": number,
        "deliveryId": ms.delivery_id,
        "deliveryStatus": "R",
    }
    entry_id = svc.store.journal_intent(
        order.key,
        "return",
        "makeshop",
        makeshop_return_key(number, ms.delivery_id),
        request,
        display_order_number=number,
    )
    svc.store.journal_outcome(entry_id, "unknown", error="timeout")
    [res] = _wf(svc).resolve_unknown()
    assert res.state == "failed" and "管理画面" in res.message
    assert not _mutations(sim)
    assert not svc.store.unresolved()


def test_return_refused_for_unshipped_shop_order_nothing_sent(
    sim: Simulator, svc: Services
) -> None:
    number = sim.world.scenario(SHOP_UNPROCESSED)[0]
    result = _wf(svc).return_order(number)
    assert result.state == "refused" and not result.ok
    assert "配送完了にしていない" in result.message
    assert not _mutations(sim)
    assert not svc.store.journal_entries()
    assert sim.world.makeshop_order(number).deliveries[0].status == "N"


def test_already_returned_shop_order_is_skipped(sim: Simulator, svc: Services) -> None:
    number = sim.world.scenario(SHOP_RETURNED)[0]
    result = _wf(svc).return_order(number)
    assert result.state == "skipped"
    assert not _mutations(sim) and not svc.store.journal_entries()


def test_return_refused_for_amazon_orders_with_the_rule(sim: Simulator, svc: Services) -> None:
    oid = _shipped_mfn(sim, svc)
    wf = _wf(svc)
    mfn = wf.return_order(oid)
    assert (mfn.state, mfn.rule_id, mfn.order_ref) == ("refused", "R-C1", oid)
    assert "セラーセントラル" in mfn.message
    fba_id = next(o for o in sim.world.scenario(FBA_SHIPPED) if svc.store.find(o) is not None)
    fba = wf.return_order(fba_id)
    assert (fba.state, fba.rule_id) == ("refused", "R-G1")
    assert not _mutations(sim)
    assert not svc.store.journal_entries()


def test_no_return_value_can_be_sent_to_makeshop(sim: Simulator, svc: Services) -> None:
    """The client refuses a status without a public value before sending; the simulator, like
    makeshop's GraphQL server, refuses an enum value the schema lacks as a whole (HTTP 422)."""
    number = _shipped_shop(sim)
    d = sim.world.makeshop_order(number).deliveries[0]
    assert svc.makeshop is not None
    for value in ("R", DeliveryStatus.RETURNED, "RETURNED"):
        with pytest.raises(ValueError, match="admin"):
            svc.makeshop.update_delivery_status(number, d.delivery_id, value)
    assert not _mutations(sim)
    with pytest.raises(MakeshopRefused) as err:
        svc.makeshop.execute(
            MAKESHOP_UPDATE_DELIVERY_STATUS_DOCUMENT,
            {
                "input": {
                    "updateOrderDeliveryStatusRequests": [
                        {
                            "displayOrderNumber": number,
                            "deliveryId": d.delivery_id,
                            "deliveryStatus": "RETURNED",
                        }
                    ]
                }
            },
            "updateOrderDeliveryStatus",
            idempotent=False,
        )
    assert err.value.status == 422
    assert sim.world.makeshop_order(number).deliveries[0].status == "Y"


# --- Amazon orders: recorded, then reflected by makeshop (R-C1) --------------------------------


def test_seller_central_return_is_recorded_then_reflected(sim: Simulator, svc: Services) -> None:
    oid = _shipped_mfn(sim, svc)
    wf = _wf(svc)
    assert _state(svc, oid) is CombinedState.DONE
    result = wf.record_return_done(oid)
    assert (result.state, result.rule_id) == ("done", "R-C1"), result
    assert _state(svc, oid) is CombinedState.RETURN_PENDING
    [entry] = svc.store.journal_entries()
    assert (entry.action, entry.state) == ("return-recorded", "done")
    assert wf.record_return_done(oid).state == "skipped"
    assert len(svc.store.journal_entries()) == 1
    assert not _mutations(sim)
    # the return is processed on Amazon; makeshop reflects it after its sync delay
    sim.world.amazon_return(oid)
    assert svc.sync.run().ok
    assert _state(svc, oid) is CombinedState.RETURN_PENDING
    sim.advance(timedelta(minutes=11))
    assert svc.sync.run().ok
    order = svc.store.find(oid)
    assert order is not None and order.makeshop is not None
    assert order.makeshop.delivery_status is DeliveryStatus.RETURNED
    assert _state(svc, oid) is CombinedState.RETURNED
    assert wf.record_return_done(oid).state == "skipped"
    assert not _mutations(sim)


def test_record_refused_for_shop_and_unshipped_orders(sim: Simulator, svc: Services) -> None:
    wf = _wf(svc)
    shop = wf.record_return_done(_shipped_shop(sim))
    assert shop.state == "refused"
    unshipped = next(
        o
        for o in sim.world.find_amazon(lambda a: not a.is_fba and a.status == "UNSHIPPED")
        if svc.store.find(o) is not None
    )
    assert wf.record_return_done(unshipped).state == "refused"
    assert not svc.store.journal_entries()


# --- command line --------------------------------------------------------------------------------


def test_cli_return_shop_order_points_to_the_admin(sim: Simulator, svc: Services) -> None:
    number = _shipped_shop(sim)
    code, _out, err = run_cli(svc, ["return", number])
    assert code == 1 and "管理画面" in err
    assert "https://console.makeshop.jp/" in err
    unshipped = sim.world.scenario(SHOP_UNPROCESSED)[0]
    code, _out, err = run_cli(svc, ["return", unshipped])
    assert code == 1 and "配送完了にしていない" in err
    assert not _updates(sim)


def test_cli_return_amazon_order_needs_seller_central(sim: Simulator, svc: Services) -> None:
    oid = _shipped_mfn(sim, svc)
    code, _out, err = run_cli(svc, ["return", oid])
    assert code == 1
    assert "R-C1" in err and "--seller-central-done" in err
    code, out, _err = run_cli(svc, ["return", oid, "--json"])
    doc = json.loads(out)
    assert code == 1 and (doc["state"], doc["rule_id"]) == ("refused", "R-C1")
    assert not svc.store.journal_entries()
    code, out, _err = run_cli(svc, ["return", oid, "--seller-central-done", "--json"])
    doc = json.loads(out)
    assert code == 0 and doc["state"] == "done" and doc["rule_id"] == "R-C1"
    assert _state(svc, oid) is CombinedState.RETURN_PENDING
    code, out, _err = run_cli(svc, ["return", oid, "--seller-central-done"])
    assert code == 0 and "記録済み" in out
    assert not _mutations(sim)
    code, _out, err = run_cli(svc, ["return", "no-such-order"])
    assert code == 1 and "見つかりません" in err
