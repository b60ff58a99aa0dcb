"""Returns (返送): shop orders through makeshop, journal first, never twice; Amazon orders are
recorded as processed in Seller Central and wait for makeshop to reflect it (R-C1)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from amzdesk.errors import ServiceError
from amzdesk.models import DeliveryStatus
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


def test_shop_return_is_sent_once_and_shown_at_once(sim: Simulator, svc: Services) -> None:
    number = _shipped_shop(sim)
    assert _state(svc, number) is CombinedState.SHOP_SHIPPED
    wf = _wf(svc)
    result = wf.return_order(number)
    assert (result.state, result.side) == ("done", "makeshop"), result
    assert sim.world.makeshop_order(number).deliveries[0].status == "R"
    [call] = _updates(sim)
    [item] = call.json["variables"]["input"]["updateOrderDeliveryStatusRequests"]
    assert item["deliveryStatus"] == "R" and item["displayOrderNumber"] == number
    [entry] = svc.store.journal_entries()
    assert (entry.action, entry.side, entry.state) == ("return", "makeshop", "done")
    ms = svc.store.find(number).makeshop  # type: ignore[union-attr]
    assert entry.package_reference_id == makeshop_return_key(number, ms.delivery_id)
    assert entry.request["deliveryStatus"] == "R"
    assert _state(svc, number) is CombinedState.RETURNED  # before any sync
    # asking again sends nothing
    again = wf.return_order(number)
    assert again.state == "skipped" and again.ok
    assert len(_updates(sim)) == 1
    # a sync agrees with what was shown
    assert svc.sync.run().ok
    assert _state(svc, number) is CombinedState.RETURNED
    assert wf.return_order(number).state == "skipped"
    assert len(_updates(sim)) == 1


class _WatchingClient:
    """The real makeshop client; notes the journal at the moment a request leaves."""

    def __init__(self, client: Any, store: Any) -> None:
        self._client = client
        self._store = store
        self.journal_at_send: list[list[Any]] = []

    def update_delivery_status(self, *args: Any, **kw: Any) -> None:
        self.journal_at_send.append(list(self._store.journal_entries()))
        self._client.update_delivery_status(*args, **kw)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


def test_shop_return_intent_is_journalled_before_the_request(sim: Simulator, svc: Services) -> None:
    number = _shipped_shop(sim)
    watching = _WatchingClient(svc.makeshop, svc.store)
    wf = ShipmentWorkflow(svc.store, svc.spapi, watching, svc.carriers, svc.clock)
    assert wf.return_order(number).state == "done"
    [seen] = watching.journal_at_send
    [entry] = seen
    assert (entry.action, entry.side, entry.state) == ("return", "makeshop", "intent")


def test_lost_answer_is_settled_from_makeshop_without_a_second_request(
    sim: Simulator, svc: Services
) -> None:
    number = _shipped_shop(sim)
    wf = _wf(svc)
    sim.faults.drop(scope=UPDATE, after_apply=True)
    result = wf.return_order(number)
    assert result.state == "unknown", result
    assert sim.world.makeshop_order(number).deliveries[0].status == "R"  # it did arrive
    [entry] = svc.store.unresolved()
    assert (entry.action, entry.state) == ("return", "unknown")
    assert _state(svc, number) is CombinedState.OUTCOME_UNKNOWN
    # while unknown, nothing is sent again
    assert wf.return_order(number).state == "unknown"
    assert len(_updates(sim)) == 1
    sim.faults.clear()
    [res] = wf.resolve_unknown()
    assert (res.state, res.resent) == ("done", False)
    assert len(_updates(sim)) == 1
    assert not svc.store.unresolved()
    assert _state(svc, number) is CombinedState.RETURNED
    assert wf.return_order(number).state == "skipped"
    assert len(_updates(sim)) == 1


def test_request_lost_before_makeshop_is_sent_again_by_resolve(
    sim: Simulator, svc: Services
) -> None:
    number = _shipped_shop(sim)
    wf = _wf(svc)
    sim.faults.drop(scope=UPDATE, after_apply=False)
    assert wf.return_order(number).state == "unknown"
    assert sim.world.makeshop_order(number).deliveries[0].status == "Y"
    sim.faults.clear()
    [res] = wf.resolve_unknown()
    assert (res.state, res.resent) == ("done", True)
    assert sim.world.makeshop_order(number).deliveries[0].status == "R"
    assert len(_updates(sim)) == 2
    [entry] = svc.store.journal_entries()
    assert entry.state == "done"


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


def test_makeshop_refuses_return_of_amazon_order(sim: Simulator, svc: Services) -> None:
    """The simulator answers as makeshop does (per-item message, R-C1); the app never asks."""
    oid = _shipped_mfn(sim, svc)
    mo = sim.world.makeshop_for_amazon(oid)
    assert svc.makeshop is not None
    with pytest.raises(ServiceError) as err:
        svc.makeshop.update_delivery_status(
            mo.display_order_number, mo.deliveries[0].delivery_id, DeliveryStatus.RETURNED
        )
    assert "セラーセントラル" in str(getattr(err.value, "message", "") or err.value)
    assert mo.deliveries[0].status == "Y"
    # and an unshipped shop order cannot be returned either
    number = sim.world.scenario(SHOP_UNPROCESSED)[0]
    d = sim.world.makeshop_order(number).deliveries[0]
    with pytest.raises(ServiceError):
        svc.makeshop.update_delivery_status(number, d.delivery_id, "R")
    assert d.status == "N"


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


def test_cli_return_shop_order(sim: Simulator, svc: Services) -> None:
    number = _shipped_shop(sim)
    code, out, _err = run_cli(svc, ["return", number])
    assert code == 0, out
    assert "返送" in out
    assert sim.world.makeshop_order(number).deliveries[0].status == "R"
    code, out, _err = run_cli(svc, ["return", number, "--json"])
    doc = json.loads(out)
    assert code == 0
    assert doc["schema"] == "amzdesk.return/1"
    assert (doc["state"], doc["side"], doc["order"]) == ("skipped", "makeshop", number)
    assert len(_updates(sim)) == 1
    unshipped = sim.world.scenario(SHOP_UNPROCESSED)[0]
    code, _out, err = run_cli(svc, ["return", unshipped])
    assert code == 1 and "配送完了にしていない" in err
    assert len(_updates(sim)) == 1


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
