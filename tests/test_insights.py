"""Shipping health, deadline alerts and the session report.

The health figures are computed over a hand-written shop served by the simulator (synced into a
store like the window does, plus one confirmation this app sends), and compared with numbers
worked out by hand below.  Alerts run on a fake clock; the report must list exactly the actions
of the session.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from amzdesk import assumptions as A
from amzdesk.clock import JST
from amzdesk.insights.alerts import (
    DUE_SOON,
    OVERDUE,
    UNREFLECTED,
    AlertSettings,
    AlertTracker,
    alert_settings_from,
    tray_status,
)
from amzdesk.insights.health import compute_health, health_doc, tracking_number_valid
from amzdesk.insights.report import build_report, report_csv, report_doc, report_html
from amzdesk.models import (
    AmazonSide,
    AmazonStatus,
    Channel,
    Order,
    OrderItem,
)
from amzdesk.services import Services, build_services
from amzdesk.settings import Settings
from amzdesk.shipment import ShipmentWorkflow
from amzdesk.sim import Simulator
from amzdesk.sim.world import (
    AMAZON,
    CANCELLED,
    MERCHANT,
    MS_CANCELLED,
    MS_SHIPPED,
    MS_UNPROCESSED,
    AmazonOrder,
    AmzItem,
    AmzPackage,
    MakeshopOrder,
    MsBasket,
    MsDelivery,
)
from tests.cli_helpers import run_cli
from tests.sim_fixtures import FIXED_NOW, running_simulator

VALID = "444413758703"  # mod 7 ok
VALID2 = "405548424886"
VALID3 = "512547514334"
BAD_CHECK = "444413758704"  # last digit wrong


def jst(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=JST).astimezone(UTC)


def end_of(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 23, 59, 59, tzinfo=JST).astimezone(UTC)


# --- a hand-written shop ---------------------------------------------------------------------
# FIXED_NOW is 2026-03-10 12:00 JST; the 30-day window is 2026-02-09 .. 2026-03-10 (JST).


def amazon_order(
    oid: str,
    created: datetime,
    ship_by: datetime,
    *,
    fba: bool = False,
    shipped: datetime | None = None,
    tracking: str = "",
    via_makeshop: bool = False,
    cancelled: bool = False,
) -> AmazonOrder:
    item = AmzItem(f"{oid[-7:]}0001", "B0HAND0001", "HAND-SKU-1", "手書きの商品", 1, 1000)
    ao = AmazonOrder(
        order_id=oid,
        created=created,
        last_updated=created + timedelta(minutes=5),
        fulfilled_by=AMAZON if fba else MERCHANT,
        ship_by_earliest=created,
        ship_by_latest=ship_by,
        deliver_by_earliest=ship_by + timedelta(days=1),
        deliver_by_latest=ship_by + timedelta(days=3),
        items=[item],
        buyer_name="試験 太郎",
        buyer_email="x@marketplace.amazon.co.jp",
        recipient={},
    )
    if cancelled:
        ao.fixed_status = CANCELLED
    elif fba and shipped is not None:
        ao.fixed_status = "SHIPPED"
        ao.shipped_at = shipped
    elif shipped is not None:
        ao.packages.append(
            AmzPackage(
                package_reference_id="1",
                carrier_code="" if via_makeshop else "Yamato Transport",
                carrier_name="" if via_makeshop else "ヤマト運輸",
                carrier="配送業者ABF" if via_makeshop else "Yamato Transport",
                shipping_method="",
                tracking_number=tracking,
                ship_time=shipped,
                created=shipped,
                items=[(item.order_item_id, 1)],
                via="makeshop" if via_makeshop else "seed",
            )
        )
        ao.shipped_at = shipped
    ao.last_updated = max(ao.last_updated, shipped or created)
    return ao


def shop_order(
    number: str, created: datetime, status: str, shipped: datetime | None
) -> MakeshopOrder:
    return MakeshopOrder(
        system_order_number=f"9{number[-8:]}",
        display_order_number=number,
        order_date=created,
        message="",
        pay_method="クレジットカード決済",
        payment_status=A.PAYMENT_STATUS_PAID,
        sum_price=1660,
        orderer=dict.fromkeys(("name", "email", "tel", "zip", "prefecture", "address"), ""),
        deliveries=[
            MsDelivery(
                delivery_id="1",
                status=status,
                method="宅配便",
                company_code="002" if shipped else "",
                slip_number=VALID if shipped else "",
                delivery_date=shipped,
                basket=[MsBasket("000000001000", "SHOP-SKU", "手書きの商品", 1, 1000)],
            )
        ],
    )


A1 = "503-0000001-0000001"  # shipped on time, valid tracking
A2 = "503-0000002-0000002"  # shipped one day late, valid tracking
A3 = "503-0000003-0000003"  # shipped on time through makeshop: no tracking (R-B2)
A4 = "503-0000004-0000004"  # shipped on time, tracking with a wrong check digit
A5 = "503-0000005-0000005"  # cancelled before shipping
A6 = "503-0000006-0000006"  # overdue, still unshipped
A7 = "503-0000007-0000007"  # due tomorrow, unshipped
A8 = "503-0000008-0000008"  # shipped in January: outside the window
A9 = "503-0000009-0000009"  # FBA: not counted
A10 = "503-0000010-0000010"  # due today; this app confirms it during the test


def hand_world() -> tuple[list[AmazonOrder], list[MakeshopOrder]]:
    amazon = [
        amazon_order(A1, jst(3, 5, 9), end_of(3, 7), shipped=jst(3, 6, 10), tracking=VALID),
        amazon_order(A2, jst(3, 1, 9), end_of(3, 2), shipped=jst(3, 3, 9), tracking=VALID2),
        amazon_order(A3, jst(3, 8, 9), end_of(3, 9), shipped=jst(3, 9, 15), via_makeshop=True),
        amazon_order(A4, jst(3, 3, 9), end_of(3, 5), shipped=jst(3, 4, 11), tracking=BAD_CHECK),
        amazon_order(A5, jst(3, 6, 9), end_of(3, 8), cancelled=True),
        amazon_order(A6, jst(3, 8, 9), end_of(3, 9)),
        amazon_order(A7, jst(3, 10, 8), end_of(3, 11)),
        amazon_order(A8, jst(1, 10, 9), end_of(1, 12), shipped=jst(1, 11, 9), tracking=VALID3),
        amazon_order(A9, jst(3, 5, 9), end_of(3, 6), fba=True, shipped=jst(3, 5, 20)),
        amazon_order(A10, jst(3, 9, 20), end_of(3, 10)),
    ]
    shop = [
        shop_order("20260305000001", jst(3, 5, 10), MS_SHIPPED, jst(3, 7, 10)),
        shop_order("20260308000002", jst(3, 8, 10), MS_SHIPPED, jst(3, 9, 16)),
        shop_order("20260302000003", jst(3, 2, 10), MS_CANCELLED, None),
        shop_order("20260310000004", jst(3, 10, 9), MS_UNPROCESSED, None),
    ]
    return amazon, shop


@pytest.fixture
def hand_sim() -> Iterator[Simulator]:
    with running_simulator(n_orders=0) as sim:
        amazon, shop = hand_world()
        sim.world.load(amazon, shop, [])
        yield sim


@pytest.fixture
def hand_svc(hand_sim: Simulator, tmp_path: Path) -> Iterator[Services]:
    services = build_services(Settings(), None, demo=hand_sim, store_path=tmp_path / "h.sqlite3")
    assert services.sync.run().ok
    yield services
    services.close()


def _wf(s: Services) -> ShipmentWorkflow:
    return ShipmentWorkflow(s.store, s.spapi, s.makeshop, s.carriers, s.clock)


def test_tracking_number_checks() -> None:
    assert tracking_number_valid(VALID) and tracking_number_valid("4444-1375-8703")
    assert not tracking_number_valid(BAD_CHECK) and not tracking_number_valid("")
    assert tracking_number_valid("EG725089303JP") and not tracking_number_valid("EG725089304JP")


def test_health_matches_the_hand_computation(hand_sim: Simulator, hand_svc: Services) -> None:
    # This app confirms A10 at 12:00 JST on its deadline day: on time, valid tracking.
    result = _wf(hand_svc).confirm(A10, "クロネコヤマト", [VALID3])
    assert result.state == "done", result
    h = compute_health(
        hand_svc.store.all_orders(), hand_svc.store.journal_entries(), hand_svc.clock()
    )
    # By hand:
    #   shipped Amazon in window: A1, A2, A3, A4, A10 = 5 (A8 is January, A9 is FBA)
    #   shipped shop: 2 (03-07, 03-09)
    #   on time: A1, A3, A4, A10 = 4; late: A2 = 1 -> late rate 1/5 = 20 %
    #   overdue and unshipped: A6 = 1 (A7 is due tomorrow)
    #   valid tracking: A1, A2, A10 = 3 of 5 (A3 none, A4 bad check digit) -> 60 %
    #   Amazon orders ordered in window: A1-A7, A10 = 8; cancelled: A5 -> 1/8 = 12.5 %
    #   shop cancelled: 1
    assert (h.start.isoformat(), h.end.isoformat(), len(h.days)) == ("2026-02-09", "2026-03-10", 30)
    assert (h.shipped_amazon, h.shipped_shop, h.shipped) == (5, 2, 7)
    assert (h.on_time, h.late, h.no_deadline) == (4, 1, 0)
    assert h.late_rate == pytest.approx(0.2) and h.late_ok is False
    assert (h.overdue_unshipped, h.overdue_orders) == (1, (A6,))
    assert h.late_orders == (A2,)
    assert (h.valid_tracking, h.tracking_rated) == (3, 5)
    assert h.valid_tracking_rate == pytest.approx(0.6) and h.tracking_ok is False
    assert h.invalid_tracking_orders == (A3, A4)
    assert (h.cancelled_amazon, h.ordered_amazon, h.cancelled_shop) == (1, 8, 1)
    assert h.cancel_rate == pytest.approx(0.125)
    per_day = {d.day.isoformat(): (d.amazon, d.shop, d.late) for d in h.days if d.total}
    assert per_day == {
        "2026-03-03": (1, 0, 1),
        "2026-03-04": (1, 0, 0),
        "2026-03-06": (1, 0, 0),
        "2026-03-07": (0, 1, 0),
        "2026-03-09": (1, 1, 0),
        "2026-03-10": (1, 0, 0),
    }
    # the CLI prints the same figures
    code, out, _ = run_cli(hand_svc, ["health", "--json"])
    assert code == 0
    assert json.loads(out) == json.loads(json.dumps(health_doc(h)))
    code, out, _ = run_cli(hand_svc, ["health"])
    assert code == 0 and "遅延 1 件" in out and "20.0 %" in out and "3 / 5 件" in out


def test_health_window_moves_with_the_clock(hand_svc: Services) -> None:
    later = FIXED_NOW + timedelta(days=27)  # window 03-08 .. 04-06
    h = compute_health(hand_svc.store.all_orders(), [], later)
    assert (h.shipped_amazon, h.shipped_shop) == (1, 1)  # A3 on 03-09, shop order on 03-09
    with pytest.raises(ValueError):
        compute_health([], [], later.replace(tzinfo=None))


# --- alerts ----------------------------------------------------------------------------------


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def mfn(oid: str, ship_by: datetime, status: AmazonStatus = AmazonStatus.UNSHIPPED) -> Order:
    side = AmazonSide(
        order_id=oid,
        created=ship_by - timedelta(days=2),
        last_updated=ship_by - timedelta(days=2),
        status=status,
        fulfilled_by="MERCHANT",
        ship_by_latest=ship_by,
        items=(OrderItem("SKU", "商品", 1, order_item_id=f"{oid}-1"),),
    )
    return Order(key=f"az:{oid}", channel=Channel.AMAZON_MFN, amazon=side)


def test_alerts_fire_once_at_the_right_moments() -> None:
    clock = FakeClock(jst(3, 10, 12))
    tracker = AlertTracker(AlertSettings(due_within_hours=3), clock=clock)
    orders = [
        mfn("503-1000000-0000001", jst(3, 10, 18)),  # due today 18:00
        mfn("503-1000000-0000002", jst(3, 11, 23, 59)),  # tomorrow
        mfn("503-1000000-0000003", jst(3, 9, 23, 59)),  # overdue already
        mfn("503-1000000-0000004", jst(3, 10, 13), AmazonStatus.SHIPPED),  # done
    ]
    first = tracker.check(orders)
    assert [(a.kind, a.order_refs) for a in first] == [(OVERDUE, ("503-1000000-0000003",))]
    assert tracker.last_status.count == 2  # due today + overdue
    assert (tracker.last_status.due_today, tracker.last_status.overdue) == (1, 1)
    clock.now = jst(3, 10, 14, 59)  # 3 h 01 min before 18:00: not yet
    assert tracker.check(orders) == []
    clock.now = jst(3, 10, 15, 0)  # exactly 3 h before
    soon = tracker.check(orders)
    assert [(a.kind, a.order_refs) for a in soon] == [(DUE_SOON, ("503-1000000-0000001",))]
    assert "18:00" in soon[0].message
    clock.now = jst(3, 10, 17)
    assert tracker.check(orders) == []  # not again
    clock.now = jst(
        3,
        10,
        18,
        0,
    ) + timedelta(seconds=1)
    late = tracker.check(orders)
    assert [(a.kind, a.order_refs) for a in late] == [(OVERDUE, ("503-1000000-0000001",))]
    assert tracker.check(orders) == []


def test_many_alerts_are_grouped_and_can_be_turned_off() -> None:
    clock = FakeClock(jst(3, 10, 12))
    orders = [mfn(f"503-2000000-{i:07d}", jst(3, 9, 23, 59)) for i in range(5)]
    grouped = AlertTracker(clock=clock).check(orders)
    assert len(grouped) == 1 and grouped[0].grouped and len(grouped[0].order_refs) == 5
    assert "5 件" in grouped[0].message
    off = AlertTracker(AlertSettings(enabled=False), clock=clock)
    assert off.check(orders) == []
    assert off.last_status.count == 5  # the tray still counts
    assert tray_status(orders, clock()).overdue == 5


def test_settings_from_extra() -> None:
    assert alert_settings_from({}) == AlertSettings()
    s = alert_settings_from({"alerts_enabled": False, "alerts_due_within_hours": "5"})
    assert (s.enabled, s.due_within_hours) == (False, 5.0)
    assert alert_settings_from({"alerts_due_within_hours": -1}).due_within_hours == 3.0


def test_unreflected_confirmation_alert(hand_sim: Simulator, hand_svc: Services) -> None:
    result = _wf(hand_svc).confirm(A7, "クロネコヤマト", [VALID3])
    assert result.state == "done"
    # Amazon now reports A7 shipped; makeshop has no copy of A7 in this shop, so drop the
    # Amazon side's view back to unshipped to play "not reflected yet" on the app's side.
    order = hand_svc.store.find(A7)
    assert order is not None and order.amazon is not None
    stale = replace(
        order,
        amazon=replace(order.amazon, status=AmazonStatus.UNSHIPPED, packages=()),
        notes=hand_svc.store.notes_for(order.key),
    )
    clock = FakeClock(hand_svc.clock())
    tracker = AlertTracker(AlertSettings(unreflected_hours=2), clock=clock)
    entries = hand_svc.store.journal_entries()
    assert [a.kind for a in tracker.check([stale], entries)] == []
    clock.now += timedelta(hours=2, minutes=1)
    alerts = tracker.check([stale], entries)
    assert [(a.kind, a.order_refs) for a in alerts] == [(UNREFLECTED, (A7,))]
    assert "Amazon" in alerts[0].message
    assert tracker.check([stale], entries) == []
    assert tracker.last_status.unreflected == 1


# --- session report ----------------------------------------------------------------------------


def test_report_lists_exactly_the_session_actions(hand_sim: Simulator, hand_svc: Services) -> None:
    wf = _wf(hand_svc)
    assert wf.confirm(A7, "クロネコヤマト", [VALID3]).state == "done"  # before the session
    hand_sim.advance(timedelta(minutes=30))
    since = hand_svc.clock()
    hand_sim.advance(timedelta(minutes=1))
    assert wf.confirm(A10, "佐川急便", [VALID2]).state == "done"
    assert wf.confirm("20260310000004", "クロネコヤマト", [VALID]).state == "done"
    assert wf.confirm(A6, "クロネコヤマト", [BAD_CHECK]).state == "refused"  # nothing sent
    now = hand_svc.clock()
    report = build_report(hand_svc.store.journal_entries(), hand_svc.store.all_orders(), since, now)
    got = [(a.order, a.side, a.action, a.carrier, a.tracking, a.state) for a in report.actions]
    assert got == [
        (A10, "amazon", "confirm-amazon", "佐川急便", VALID2, "done"),
        ("20260310000004", "makeshop", "complete-makeshop", "クロネコヤマト", VALID, "done"),
    ]
    assert [x.order for x in report.late] == [A6]
    assert A7 not in [x.order for x in report.left + report.late]
    text = report_csv(report)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "区分" and [r[0] for r in rows[1:]].count("送信") == 2
    assert any(r[0] == "期限切れ" and r[2] == A6 for r in rows)
    page = report_html(report)
    assert VALID2 in page and "<table" in page and A6 in page
    doc = report_doc(report)
    assert [a["order"] for a in doc["actions"]] == [A10, "20260310000004"]
    code, out, _ = run_cli(hand_svc, ["report", "--json", "--since", "2026-03-10T12:15"])
    assert code == 0 and [a["order"] for a in json.loads(out)["actions"]] == [
        A10,
        "20260310000004",
    ]


def test_report_csv_file_and_bad_since(hand_svc: Services, tmp_path: Path) -> None:
    out_file = tmp_path / "r.csv"
    code, _out, err = run_cli(hand_svc, ["report", "--csv", str(out_file)])
    assert code == 0 and out_file.read_bytes().startswith(b"\xef\xbb\xbf")
    code, _out, err = run_cli(hand_svc, ["report", "--since", "yesterday"])
    assert code == 2 and "--since" in err


def test_bundle_keeps_the_print_dialog_and_leaves_cups_to_the_system() -> None:
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "packaging" / "bundle_policy.py"
    spec = importlib.util.spec_from_file_location("insights_bundle_policy", path)
    assert spec is not None and spec.loader is not None
    policy = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(policy)
    assert "PySide6.QtPrintSupport" not in policy.EXCLUDED_MODULES
    assert policy.keep_binary("PySide6/QtPrintSupport.abi3.so")
    assert policy.keep_binary("PySide6/Qt/lib/libQt6PrintSupport.so.6")
    assert policy.keep_binary("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so")
    for system in ("libcups.so.2", "libgnutls.so.30", "libkrb5.so.3", "libavahi-client.so.3"):
        assert not policy.keep_binary(system), system
    assert policy.keep_binary("libssl.so.3")  # the rest stays bundled
