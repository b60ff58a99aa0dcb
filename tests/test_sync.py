"""Sync: matching (pure) and full round trips against the simulator."""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from amzdesk.assumptions import PAYMENT_STATUS_LINK_FAILED
from amzdesk.http import RetryPolicy
from amzdesk.makeshop import MakeshopClient
from amzdesk.models import AmazonStatus, Channel, DeliveryStatus, Order
from amzdesk.services import Services, build_services
from amzdesk.settings import Settings
from amzdesk.sim import Simulator
from amzdesk.sim import seed as scenarios
from amzdesk.spapi import ShipmentPackage, make_client
from amzdesk.states import CombinedState, combined_state
from amzdesk.store import Store
from amzdesk.sync import (
    AMAZON_CURSOR,
    WORK_STATUSES,
    SyncPhase,
    SyncProgress,
    SyncService,
    channel_for,
    merge_amazon,
    merge_makeshop,
    order_key_for_makeshop,
)
from tests.factories import AMAZON_PAY_METHOD, make_amazon_side, make_makeshop_side
from tests.sim_fixtures import running_simulator

# --- matching -----------------------------------------------------------------------------------


def test_shop_order_is_keyed_by_system_number() -> None:
    ms = make_makeshop_side(system_order_number="0000000042")
    row = merge_makeshop(None, ms)
    assert row.key == "ms:0000000042"
    assert row.channel is Channel.SHOP
    assert row.makeshop == ms and row.amazon is None


def test_makeshop_side_of_amazon_order_merges_into_amazon_row_either_order() -> None:
    az = make_amazon_side("503-1111111-2222222")
    ms = make_makeshop_side(amazon_order_id="503-1111111-2222222", pay_method=AMAZON_PAY_METHOD)
    assert order_key_for_makeshop(ms) == "az:503-1111111-2222222"

    a_first = merge_makeshop(merge_amazon(None, az), ms)
    m_first = merge_amazon(merge_makeshop(None, ms), az)
    for row in (a_first, m_first):
        assert row.key == "az:503-1111111-2222222"
        assert row.channel is Channel.AMAZON_MFN
        assert row.amazon == az and row.makeshop == ms

    # a later makeshop update replaces only the makeshop side
    ms2 = make_makeshop_side(
        amazon_order_id="503-1111111-2222222", delivery_status=DeliveryStatus.SHIPPED
    )
    row = merge_makeshop(a_first, ms2)
    assert row.amazon == az and row.makeshop == ms2


def test_amazon_pay_method_without_id_is_amazon_channel_with_own_key() -> None:
    ms = make_makeshop_side(pay_method=AMAZON_PAY_METHOD, system_order_number="77")
    row = merge_makeshop(None, ms)
    assert row.key == "ms:77"
    assert row.channel is Channel.AMAZON_MFN


def test_fba_is_known_from_amazon_side_only() -> None:
    fba = make_amazon_side("503-0000001-0000001", fulfilled_by="AMAZON")
    assert channel_for(fba, None) is Channel.AMAZON_FBA
    ms = make_makeshop_side(amazon_order_id="503-0000001-0000001", pay_method=AMAZON_PAY_METHOD)
    # makeshop shows nothing public that tells FBA apart: an Amazon order, MFN until Amazon says
    assert merge_makeshop(None, ms).channel is Channel.AMAZON_MFN
    assert merge_amazon(merge_makeshop(None, ms), fba).channel is Channel.AMAZON_FBA


# --- against the simulator ----------------------------------------------------------------------


RATE = 5000.0  # usage plans ×5000: the tests never wait for a token
FAST_RETRY = RetryPolicy(max_attempts=4, base_delay=1.0, time_scale=1000.0)
N_ORDERS = 300


@pytest.fixture
def sim() -> Iterator[Simulator]:
    # simulated time frozen at FIXED_NOW: only sim.advance() moves it (the sync uses sim.now)
    with running_simulator(seed=11, n_orders=N_ORDERS, rate_scale=RATE) as s:
        yield s


def spapi_for(sim: Simulator, **kw: Any) -> Any:
    c = sim.credentials
    return make_client(
        endpoint=sim.spapi_url,
        token_url=sim.lwa_url,
        client_id=kw.pop("client_id", c["lwa-client-id"]),
        client_secret=c["lwa-client-secret"],
        refresh_token=c["lwa-refresh-token"],
        rate_scale=RATE,
        retry=kw.pop("retry", FAST_RETRY),
        clock=sim.now,
        **kw,
    )


def makeshop_for(sim: Simulator) -> MakeshopClient:
    c = sim.credentials
    return MakeshopClient(
        sim.makeshop_url,
        c["makeshop-token"],
        c["makeshop-api-key"],
        rate_scale=RATE,
        retry=FAST_RETRY,
    )


def open_store(tmp_path: Path, sim: Simulator, cls: type[Store] = Store) -> Store:
    return cls(tmp_path / "orders.sqlite3", clock=sim.now)


def service(
    sim: Simulator,
    store: Store,
    *,
    amazon: bool = True,
    makeshop: bool = True,
    **kw: Any,
) -> SyncService:
    return SyncService(
        store,
        spapi_for(sim) if amazon else None,
        makeshop_for(sim) if makeshop else None,
        sim.now,
        **kw,
    )


def searches(sim: Simulator) -> list[Any]:
    """searchOrders requests answered 200 (a request refused because the simulated clock
    expired the access token is re-sent once by the client and not counted)."""
    calls = [r for r in sim.requests if r.operation == "searchOrders"]
    assert all(r.status in (200, 401, 403) for r in calls if not r.faults)
    return [r for r in calls if r.status == 200]


def sim_amazon(sim: Simulator) -> dict[str, Any]:
    with sim.world.lock:
        return {oid: sim.world.amazon_order(oid) for oid in sim.world.amazon}


def sim_makeshop(sim: Simulator) -> dict[str, Any]:
    with sim.world.lock:
        return {n: sim.world.makeshop_order(n) for n in sim.world.makeshop}


def assert_store_matches_sim(store: Store, sim: Simulator) -> None:
    """Every simulated order is in the store, merged and with the right channel."""
    amazon = sim_amazon(sim)
    makeshop = sim_makeshop(sim)
    orders = {o.key: o for o in store.all_orders()}
    for oid, ao in amazon.items():
        row = orders.get(f"az:{oid}")
        assert row is not None, f"Amazon order {oid} missing"
        assert row.amazon is not None and row.amazon.status.value == ao.status
        assert row.channel is (Channel.AMAZON_FBA if ao.is_fba else Channel.AMAZON_MFN)
        if ao.display_order_number:
            assert row.makeshop is not None, f"makeshop side of {oid} not merged"
            assert row.makeshop.display_order_number == ao.display_order_number
    shop = [m for m in makeshop.values() if not m.amazon_order_id]
    for mo in shop:
        row = orders.get(f"ms:{mo.system_order_number}")
        assert row is not None and row.channel is Channel.SHOP
        assert row.makeshop is not None
        assert row.makeshop.delivery_status.value == mo.deliveries[0].status
    assert len(orders) == len(amazon) + len(shop)


def test_full_round_trip_with_minimal_calls(sim: Simulator, tmp_path: Path) -> None:
    store = open_store(tmp_path, sim)
    events: list[SyncProgress] = []
    report = service(sim, store).run(progress=events.append)

    assert report.ok, report.errors
    assert report.work_ready and report.amazon.history_complete
    assert report.makeshop.history_complete
    assert_store_matches_sim(store, sim)

    # FBA orders: Amazon's channel, makeshop's side merged by the order ID, every action off
    fba = [o for o in store.all_orders() if o.channel is Channel.AMAZON_FBA]
    assert fba
    assert any(o.makeshop is not None for o in fba)
    for o in fba:
        assert combined_state(o) in (CombinedState.FBA, CombinedState.CANCELLED)

    # ceil(N/100) searchOrders per query, nothing else (no per-order call)
    amazon = sim_amazon(sim)
    work = sum(1 for a in amazon.values() if a.status in {s.value for s in WORK_STATUSES})
    rest = len(amazon) - work
    calls = searches(sim)
    assert len(calls) == math.ceil(work / 100) + math.ceil(rest / 100)
    assert report.amazon.calls == len(calls)
    assert not [r for r in sim.requests if r.operation in ("getOrder", "confirmShipment")]
    for r in calls:
        assert r.query["maxResultsPerPage"] == ["100"]
        assert r.query["includedData"] == ["FULFILLMENT,PACKAGES"]
    # work first: the unshipped/partially shipped query comes first, then "work ready"
    assert calls[0].query["fulfillmentStatuses"] == ["UNSHIPPED,PARTIALLY_SHIPPED"]
    phases = [e.phase for e in events]
    assert phases.index(SyncPhase.WORK_READY) < phases.index(SyncPhase.AMAZON_HISTORY)
    assert phases.index(SyncPhase.MAKESHOP_WORK) < phases.index(SyncPhase.WORK_READY)
    assert phases[-1] is SyncPhase.FINISHED
    assert any(e.phase is SyncPhase.AMAZON_HISTORY and e.pages >= 1 for e in events)
    # makeshop: 未処理 first, then the whole window, 200 rows per page (the server cap)
    ms_calls = [r for r in sim.requests if r.operation == "searchOrder"]
    with sim.world.lock:
        ms_orders = list(sim.world.makeshop.values())
    open_n = sum(1 for m in ms_orders if any(d.status == "N" for d in m.deliveries))
    expected = math.ceil(open_n / 200) + math.ceil(len(ms_orders) / 200)
    assert len(ms_calls) == expected == report.makeshop.calls
    assert all(r.json["variables"]["input"]["limit"] == 200 for r in ms_calls)


def test_incremental_sync_fetches_only_changed_orders(sim: Simulator, tmp_path: Path) -> None:
    store = open_store(tmp_path, sim)
    svc = service(sim, store)
    assert svc.run().ok
    sim.advance(timedelta(hours=1))
    assert svc.run().ok  # absorbs the overlap window of the first sync
    sim.advance(timedelta(hours=1))
    sim.clear_requests()

    report = svc.run()
    assert report.ok
    assert report.amazon.phases == ["amazon-updates", "amazon-history"]
    assert report.amazon.orders_fetched == 0 and report.amazon.orders_changed == 0
    assert len(searches(sim)) == 1  # nothing changed: one call, no history refetch
    assert "lastUpdatedAfter" in searches(sim)[0].query

    # one order changes on Amazon (a cancellation): the next sync fetches exactly that one
    oid = next(
        oid for oid, a in sim_amazon(sim).items() if a.status == "UNSHIPPED" and not a.is_fba
    )
    sim.world.amazon_cancel(oid)
    sim.advance(timedelta(minutes=1))
    sim.clear_requests()
    report = svc.run()
    assert report.ok
    assert report.amazon.orders_fetched == 1 == report.amazon.orders_changed
    assert len(searches(sim)) == 1
    order = store.get(f"az:{oid}")
    assert order is not None and order.amazon is not None
    assert order.amazon.status is AmazonStatus.CANCELLED


def _unshipped_mfn(store: Store, sim: Simulator) -> Order:
    oid = sim.world.scenario(scenarios.MFN_UNSHIPPED)[0]
    order = store.get(f"az:{oid}")
    assert order is not None and order.amazon is not None and order.makeshop is not None
    return order


def test_confirm_on_amazon_then_makeshop_syncs_and_state_done(
    sim: Simulator, tmp_path: Path
) -> None:
    store = open_store(tmp_path, sim)
    svc = service(sim, store)
    assert svc.run().ok
    order = _unshipped_mfn(store, sim)
    assert combined_state(order) is CombinedState.AMAZON_TO_CONFIRM
    assert order.amazon is not None

    package = ShipmentPackage(
        package_reference_id="1",
        carrier_code="YamatoTransport",
        carrier_name="ヤマト運輸",
        tracking_number="444413758703",
        ship_date=sim.now(),
        items=tuple((i.order_item_id, i.quantity) for i in order.amazon.items),
    )
    assert svc.spapi is not None
    svc.spapi.confirm_shipment(order.amazon.order_id, package)

    # before makeshop's periodic sync: Amazon shipped, makeshop still 未処理 (R-F2)
    sim.advance(timedelta(minutes=1))
    assert svc.run().ok
    mid = store.get(order.key)
    assert mid is not None and mid.amazon is not None
    assert mid.amazon.status is AmazonStatus.SHIPPED
    assert combined_state(mid) is CombinedState.SYNC_PENDING

    sim.advance(timedelta(minutes=30))  # makeshop's sync sets 配送完了
    assert svc.run().ok
    done = store.get(order.key)
    assert done is not None and done.makeshop is not None
    assert done.makeshop.delivery_status is DeliveryStatus.SHIPPED
    assert combined_state(done) is CombinedState.DONE


def test_makeshop_completion_before_sync_shows_link_failed(sim: Simulator, tmp_path: Path) -> None:
    store = open_store(tmp_path, sim)
    svc = service(sim, store)
    assert svc.run().ok
    oid = sim.world.scenario(scenarios.MFN_NOT_SYNCED)[0]
    order = store.get(f"az:{oid}")
    assert order is not None and order.makeshop is not None
    assert combined_state(order) is CombinedState.SYNC_PENDING
    ms = order.makeshop
    assert svc.makeshop is not None
    # the user does 配送完了 in makeshop although Amazon already shipped (R-F3)
    svc.makeshop.mark_shipped(ms.display_order_number, ms.delivery_id, "002", "444413758703")

    sim.advance(timedelta(minutes=1))
    assert svc.run().ok
    after = store.get(order.key)
    assert after is not None and after.makeshop is not None
    assert after.makeshop.payment_status == PAYMENT_STATUS_LINK_FAILED
    assert combined_state(after) is CombinedState.LINK_FAILED_OK


def test_return_in_seller_central_reaches_makeshop_later(sim: Simulator, tmp_path: Path) -> None:
    store = open_store(tmp_path, sim)
    svc = service(sim, store)
    assert svc.run().ok
    oid = sim.world.scenario(scenarios.MFN_SHIPPED)[0]
    before = store.get(f"az:{oid}")
    assert before is not None and combined_state(before) is CombinedState.DONE
    sim.world.amazon_return(oid)

    sim.advance(timedelta(minutes=1))
    assert svc.run().ok
    row = store.get(f"az:{oid}")
    assert row is not None and row.makeshop is not None
    assert row.makeshop.delivery_status is not DeliveryStatus.RETURNED  # not yet (R-C1)

    sim.advance(timedelta(minutes=30))
    assert svc.run().ok
    row = store.get(f"az:{oid}")
    assert row is not None and row.makeshop is not None
    assert row.makeshop.delivery_status is DeliveryStatus.RETURNED
    assert combined_state(row) is CombinedState.RETURNED


def test_only_one_side_configured(sim: Simulator, tmp_path: Path) -> None:
    store = open_store(tmp_path, sim)
    report = service(sim, store, amazon=False).run()
    assert report.ok and not report.amazon.configured and report.makeshop.configured
    assert report.work_ready
    orders = store.all_orders()
    assert orders and all(o.amazon is None and o.makeshop is not None for o in orders)
    assert not searches(sim)
    # makeshop's Amazon orders are still recognised (an order ID in the order, payment method);
    # FBA cannot be told apart without Amazon's side
    assert {o.channel for o in orders} == {Channel.SHOP, Channel.AMAZON_MFN}

    store2 = Store(tmp_path / "amazon-only.sqlite3", clock=sim.now)
    report = service(sim, store2, makeshop=False).run()
    assert report.ok and not report.makeshop.configured
    assert all(o.makeshop is None and o.amazon is not None for o in store2.all_orders())


def test_error_on_one_side_does_not_stop_the_other(sim: Simulator, tmp_path: Path) -> None:
    store = open_store(tmp_path, sim)
    bad = SyncService(store, spapi_for(sim, client_id="wrong"), makeshop_for(sim), sim.now)
    report = bad.run()
    assert not report.ok
    (issue,) = report.amazon.errors
    assert issue.kind == "auth" or issue.status in (400, 401, 403)
    assert "Amazon" in issue.message and "認証" in issue.message
    assert "wrong" not in issue.message
    assert report.makeshop.ok and report.makeshop.history_complete
    assert not report.work_ready  # Amazon's part of the work is missing
    assert store.count() > 0


@pytest.mark.parametrize(
    "fault",
    ["server-errors", "quota-storm", "dropped", "expired-token", "malformed"],
)
def test_faults_sync_completes_or_fails_cleanly_then_resumes(
    sim: Simulator, tmp_path: Path, fault: str
) -> None:
    f = sim.faults
    if fault == "server-errors":
        f.error(500, scope="searchOrders", count=2)
        f.error(503, scope="searchOrder", count=2)
    elif fault == "quota-storm":
        f.quota_storm(scope="spapi", count=3)
        f.quota_storm(scope="makeshop", count=3)
    elif fault == "dropped":
        f.drop(scope="searchOrders", count=2)
        f.drop(scope="searchOrder", count=1)
    elif fault == "expired-token":
        f.expire_tokens(1)
    elif fault == "malformed":
        f.malformed(scope="searchOrders", count=1, fraction=None)
    store = open_store(tmp_path, sim)
    svc = service(sim, store)
    first = svc.run()
    hit = [r for r in sim.requests if r.faults or r.status in (401, 403)]
    assert hit, "the fault was applied"
    for issue in first.errors:
        assert issue.message and issue.kind
        assert "Traceback" not in issue.message
    f.clear()
    second = svc.run()
    assert second.ok, second.errors
    assert_store_matches_sim(store, sim)


def test_persistent_failure_mid_history_then_resume(sim: Simulator, tmp_path: Path) -> None:
    store = open_store(tmp_path, sim)
    svc = service(sim, store)
    sim.faults.error(500, scope="searchOrders", count=None, skip=2)  # after 2 pages: down
    first = svc.run()
    assert not first.ok and first.work_ready
    (issue,) = first.amazon.errors
    assert issue.kind == "server" or issue.status == 500
    assert "Amazon" in issue.message
    assert first.makeshop.ok
    sim.faults.clear()
    sim.clear_requests()
    second = svc.run()
    assert second.ok
    assert_store_matches_sim(store, sim)


def test_cancel_mid_history_leaves_store_consistent_and_resumes(
    sim: Simulator, tmp_path: Path
) -> None:
    store = open_store(tmp_path, sim)
    svc = service(sim, store)
    cancel = threading.Event()

    def progress(e: SyncProgress) -> None:
        if e.phase is SyncPhase.AMAZON_HISTORY and e.pages == 1:
            cancel.set()

    first = svc.run(progress=progress, cancel=cancel)
    assert first.cancelled and first.work_ready and not first.amazon.history_complete
    state = store.get_cursor(AMAZON_CURSOR)
    assert state is not None and '"token": "' in state  # resumable
    calls_before = len(searches(sim))
    for o in store.all_orders():  # whole rows only
        assert o.amazon is not None or o.makeshop is not None

    second = svc.run()
    assert second.ok and second.amazon.history_complete
    assert_store_matches_sim(store, sim)
    # resumed at the next page: no page fetched twice across the two runs
    amazon = sim_amazon(sim)
    work = sum(1 for a in amazon.values() if a.status in {s.value for s in WORK_STATUSES})
    minimal = math.ceil(work / 100) + math.ceil((len(amazon) - work) / 100)
    history_resume = [r for r in searches(sim)[calls_before:] if "paginationToken" in r.query]
    assert history_resume, "the second run continued from the stored token"
    assert len(searches(sim)) == minimal + 1  # + the second run's (empty) updates pass


class FailingStore(Store):
    """A store whose disk "fails" on the n-th page write (as a full disk would)."""

    fail_on: int = 0

    def __init__(self, *a: Any, **kw: Any) -> None:
        super().__init__(*a, **kw)
        self.writes = 0

    def upsert_orders(self, orders: Any, **kw: Any) -> int:
        batch = list(orders)
        if batch:
            self.writes += 1
            if self.writes == self.fail_on:
                raise OSError("disk full")
        return super().upsert_orders(batch, **kw)


def test_exception_mid_sync_keeps_store_consistent_and_resumes(
    sim: Simulator, tmp_path: Path
) -> None:
    store = open_store(tmp_path, sim, FailingStore)
    assert isinstance(store, FailingStore)
    with sim.world.lock:
        ms_pages = math.ceil(len(sim.world.makeshop) / 200)
    # amazon work, makeshop work, makeshop history (200 rows a page), -> Amazon's first history
    store.fail_on = 2 + ms_pages + 1
    svc = service(sim, store)
    first = svc.run()
    assert not first.ok and first.amazon.errors and first.makeshop.ok
    count_after_failure = store.count()
    # the failed page is not half-written and the cursor did not move past it
    state = store.get_cursor(AMAZON_CURSOR)
    assert state is not None and '"history": {"done": false, "token": null}' in state
    second = svc.run()
    assert second.ok
    assert store.count() >= count_after_failure
    assert_store_matches_sim(store, sim)


def test_expired_pagination_token_restarts_the_query(sim: Simulator, tmp_path: Path) -> None:
    store = open_store(tmp_path, sim)
    svc = service(sim, store)
    cancel = threading.Event()

    def progress(e: SyncProgress) -> None:
        if e.phase is SyncPhase.AMAZON_HISTORY and e.pages == 1:
            cancel.set()

    svc.run(progress=progress, cancel=cancel)
    sim.advance(timedelta(hours=25))  # the stored paginationToken expires after 24 h
    sim.clear_requests()
    report = svc.run()
    assert report.ok, report.errors
    refused = [r for r in sim.requests if r.operation == "searchOrders" and r.status == 400]
    assert len(refused) == 1 and "paginationToken" in refused[0].query
    assert_store_matches_sim(store, sim)


def test_sync_uses_services_factory_in_demo_mode(sim: Simulator, tmp_path: Path) -> None:
    services: Services = build_services(
        Settings(), None, demo=sim, store_path=tmp_path / "demo.sqlite3"
    )
    try:
        assert services.spapi is not None and services.makeshop is not None
        report = services.sync.run()
        assert report.ok
        assert services.store.count() > 0
        status = services.sync.status()
        assert status["amazon"]["history_complete"] and status["makeshop"]["work_ready"]
        last = status["amazon"]["last_success"]
        assert isinstance(last, datetime) and last.tzinfo is not None
        assert abs(last - sim.now().astimezone(UTC)) < timedelta(minutes=5)
    finally:
        services.close()


def test_unknown_fulfilment_and_package_status_do_not_stall_sync(
    sim: Simulator, tmp_path: Path
) -> None:
    """Amazon adds enum values over time: a new fulfilment status or package status is kept
    verbatim, the sync finishes, and the order shows 不明 in the to-do list."""
    store = open_store(tmp_path, sim)
    svc = service(sim, store)
    assert svc.run().ok
    new = sim.world.scenario(scenarios.MFN_UNSHIPPED)[0]
    shipped = sim.world.scenario(scenarios.MFN_SHIPPED)[0]
    sim.world.amazon_report_status(new, "AWAITING_CARRIER_HANDOVER")
    sim.world.amazon_report_status(shipped, package_status="RETURNING_TO_SELLER")
    sim.advance(timedelta(minutes=5))

    report = svc.run()
    assert report.ok, report.errors
    assert report.amazon.orders_fetched >= 2
    order = store.get(f"az:{new}")
    assert order is not None and order.amazon is not None
    assert order.amazon.status.value == "AWAITING_CARRIER_HANDOVER"
    assert not order.amazon.status.needs_shipping
    assert combined_state(order) is CombinedState.AMAZON_UNKNOWN
    assert CombinedState.AMAZON_UNKNOWN.label == "Amazon の状態が不明"
    row = store.fetch_row(order.key)
    assert (
        row is not None and row.needs_action and row.amazon_status == ("AWAITING_CARRIER_HANDOVER")
    )
    assert row.combined_state == CombinedState.AMAZON_UNKNOWN.value
    # the rules refuse to confirm it from here, and say why in plain words
    from amzdesk.rules import Action, evaluate

    verdict = evaluate(order)[Action.CONFIRM_AMAZON]
    assert not verdict.allowed and "不明" in verdict.reason
    assert "AWAITING_CARRIER_HANDOVER" in verdict.reason
    other = store.get(f"az:{shipped}")
    assert other is not None and other.amazon is not None
    assert {p.status for p in other.amazon.packages} == {"RETURNING_TO_SELLER"}
    assert combined_state(other) is not CombinedState.AMAZON_UNKNOWN
    assert_store_matches_sim(store, sim)

    # once Amazon reports a known status again, the order leaves the unknown state
    sim.world.amazon_report_status(new, "CANCELLED")
    sim.advance(timedelta(minutes=5))
    assert svc.run().ok
    back = store.get(f"az:{new}")
    assert back is not None and combined_state(back) is CombinedState.CANCELLED
