"""Shipment workflow against the simulator: side choice, refusals, packages, idempotency."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from amzdesk import assumptions as A
from amzdesk.flatfile import read_fulfillment_file
from amzdesk.importers import parse_label_bytes, review, sendable
from amzdesk.models import AmazonStatus, DeliveryStatus
from amzdesk.services import Services, build_services
from amzdesk.settings import Settings
from amzdesk.shipment import (
    Plan,
    Refusal,
    ShipmentWorkflow,
    package_reference_id,
    plan_shipment,
    split_items,
)
from amzdesk.sim import Simulator
from amzdesk.sim.seed import (
    FBA_PENDING,
    MFN_LINK_FAILED_UNSHIPPED,
    MFN_PARTIAL,
    SHOP_MULTI_DELIVERY,
    SHOP_UNPROCESSED,
)
from tests.cli_helpers import run_cli
from tests.sim_fixtures import running_simulator

YAMATO = "444413758703"
YAMATO2 = "405548424886"
YAMATO3 = "512547514334"
BAD = "444413758704"


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with running_simulator(n_orders=120) as s:
        yield s


def _services(sim: Simulator, path: Path) -> Services:
    services = build_services(Settings(), None, demo=sim, store_path=path)
    report = services.sync.run()
    assert report.ok, report
    return services


@pytest.fixture
def svc(sim: Simulator, tmp_path: Path) -> Iterator[Services]:
    services = _services(sim, tmp_path / "desk1.sqlite3")
    yield services
    services.close()


def _wf(services: Services) -> ShipmentWorkflow:
    return ShipmentWorkflow(
        services.store, services.spapi, services.makeshop, services.carriers, services.clock
    )


def _confirm_calls(sim: Simulator) -> list[Any]:
    return [r for r in sim.requests if r.operation == "confirmShipment"]


def _makeshop_mutations(sim: Simulator) -> list[Any]:
    return [
        r for r in sim.requests if r.service == "makeshop" and r.operation_name.startswith("update")
    ]


def _unshipped_mfn(sim: Simulator, *, min_units: int = 1) -> list[str]:
    def ok(ao: Any) -> bool:
        return (
            not ao.is_fba
            and ao.status == "UNSHIPPED"
            and ao.fixed_status is None
            and sum(i.quantity for i in ao.items) >= min_units
            and bool(ao.display_order_number)
        )

    found = sorted(sim.world.find_amazon(ok))
    assert found, "the seed has no such order"
    return found


# --- package reference ids -------------------------------------------------------------------


def test_package_reference_id_is_deterministic_positive_and_small() -> None:
    a = package_reference_id("503-1234567-1234567", "4444-1375-8703")
    assert a == package_reference_id("503-1234567-1234567", "444413758703")
    assert a.isdigit() and 0 < int(a) < 2**53
    assert a != package_reference_id("503-1234567-1234567", YAMATO2)
    assert a != package_reference_id("503-1234567-1234568", YAMATO)
    ids = {package_reference_id(f"503-0000000-{i:07d}", YAMATO) for i in range(2000)}
    assert len(ids) == 2000


def test_split_items_deals_units_in_order() -> None:
    assert split_items([("A", 1), ("B", 1)], 2) == [(("A", 1),), (("B", 1),)]
    assert split_items([("A", 3)], 2) == [(("A", 2),), (("A", 1),)]
    assert split_items([("A", 2), ("B", 3)], 2) == [(("A", 2), ("B", 1)), (("B", 2),)]
    assert split_items([("A", 2), ("B", 1)], 1) == [(("A", 2), ("B", 1))]
    assert split_items([("A", 1)], 2) is None


# --- choosing the side -----------------------------------------------------------------------


def test_amazon_order_is_confirmed_on_amazon_and_makeshop_syncs_itself(
    sim: Simulator, svc: Services
) -> None:
    oid = _unshipped_mfn(sim)[0]
    result = _wf(svc).confirm(oid, "クロネコヤマト", [YAMATO])
    assert result.state == "done" and result.side == "amazon", result
    [pkg] = sim.world.confirmations(oid)
    assert pkg.tracking_number == YAMATO
    assert (pkg.carrier_code, pkg.carrier_name) == ("YamatoTransport", "ヤマト運輸")
    assert pkg.package_reference_id == package_reference_id(oid, YAMATO)
    assert not _makeshop_mutations(sim)  # makeshop is never told (R-F2)
    readback, entry = svc.store.journal_entries()  # newest first
    assert readback.action == "readback" and readback.state == "done"
    assert entry.state == "done" and entry.request_id == result.packages[0].request_id
    assert entry.request["packageDetail"]["trackingNumber"] == YAMATO
    sim.advance(timedelta(minutes=11))
    assert sim.world.makeshop_for_amazon(oid).deliveries[0].status == "Y"


def test_shop_order_is_completed_in_makeshop(sim: Simulator, svc: Services) -> None:
    number = sim.world.scenario(SHOP_UNPROCESSED)[0]
    result = _wf(svc).confirm(number, "佐川急便", [YAMATO2])
    assert result.state == "done" and result.side == "makeshop", result
    d = sim.world.makeshop_order(number).deliveries[0]
    assert (d.status, d.company_code, d.slip_number) == ("Y", "003", YAMATO2)
    assert not _confirm_calls(sim)
    # confirming it again sends nothing more
    again = _wf(svc).confirm(number, "佐川急便", [YAMATO2])
    assert again.state == "skipped" and again.ok
    attribute, status = _makeshop_mutations(sim)  # nothing more was sent
    # on the wire: carrier code and slip number first, then the public word COMPLETED
    [item] = attribute.json["variables"]["input"]["updateOrderAttributes"]
    [info] = item["deliveryRequestInfos"]
    assert (item["displayOrderNumber"], info["deliveryCompanyCode"], info["slipNumber"]) == (
        number,
        "003",
        YAMATO2,
    )
    [req] = status.json["variables"]["input"]["updateOrderDeliveryStatusRequests"]
    assert (req["displayOrderNumber"], req["deliveryId"], req["deliveryStatus"]) == (
        number,
        d.delivery_id,
        "COMPLETED",
    )


def test_multi_delivery_shop_order_completes_every_delivery(sim: Simulator, svc: Services) -> None:
    number = sim.world.scenario(SHOP_MULTI_DELIVERY)[0]
    order = svc.store.find(number)
    assert order is not None and order.makeshop is not None
    assert len(order.makeshop.open_deliveries) == 2
    result = _wf(svc).confirm(number, "佐川急便", [YAMATO2])
    assert result.state == "done", result
    deliveries = sim.world.makeshop_order(number).deliveries
    assert [(d.status, d.company_code, d.slip_number) for d in deliveries] == [
        ("Y", "003", YAMATO2)
    ] * 2
    [status] = [r for r in _makeshop_mutations(sim) if r.operation == "updateOrderDeliveryStatus"]
    sent = status.json["variables"]["input"]["updateOrderDeliveryStatusRequests"]
    assert sorted(r["deliveryId"] for r in sent) == ["1", "2"]
    assert svc.sync.run().ok
    after = svc.store.find(number)
    assert after is not None and after.makeshop is not None
    assert after.makeshop.delivery_status is DeliveryStatus.SHIPPED


def test_makeshop_completion_of_amazon_order_where_the_rules_allow_it(
    sim: Simulator, svc: Services
) -> None:
    oid = _unshipped_mfn(sim)[0]
    result = _wf(svc).confirm(oid, "普通郵便", [], "makeshop")
    assert result.state == "done" and result.side == "makeshop", result
    assert [r.operation for r in sim.requests if r.operation == "getOrder"] == ["getOrder"]
    assert sim.world.amazon_status(oid) == "SHIPPED"  # makeshop told Amazon (R-E1)
    assert sim.world.makeshop_for_amazon(oid).payment_status != A.PAYMENT_STATUS_LINK_FAILED
    assert not _confirm_calls(sim)


def test_makeshop_completion_refused_when_amazon_already_shipped(
    sim: Simulator, svc: Services
) -> None:
    """R-F3: the store still says unshipped; getOrder right before sending says shipped."""
    oid = _unshipped_mfn(sim)[0]
    ao = sim.world.amazon_order(oid)
    sim.world.confirm_shipment(
        oid,
        {
            "marketplaceId": sim.marketplace_id,
            "packageDetail": {
                "packageReferenceId": "1",
                "carrierCode": "YamatoTransport",
                "trackingNumber": YAMATO3,
                "shipDate": sim.now().isoformat(),
                "orderItems": [
                    {"orderItemId": i.order_item_id, "quantity": i.quantity} for i in ao.items
                ],
            },
        },
    )
    assert svc.store.find(oid).amazon.status is AmazonStatus.UNSHIPPED  # type: ignore[union-attr]
    result = _wf(svc).confirm(oid, "普通郵便", [], "makeshop")
    assert result.state == "refused"
    assert "R-F3" in result.rule_id or "R-F3" in result.message
    assert not _makeshop_mutations(sim)
    assert sim.world.makeshop_for_amazon(oid).payment_status != A.PAYMENT_STATUS_LINK_FAILED
    assert not svc.store.journal_entries()


@pytest.mark.parametrize(
    ("carrier", "trackings", "via", "rule"),
    [
        ("クロネコヤマト", [YAMATO], "makeshop", "R-B2/R-F1"),  # tracked: Amazon side only
        ("トナミ運輸", ["12345678"], "makeshop", "R-E2"),  # ABF on Amazon
        ("配送業者XYZ", ["ABC12345"], "makeshop", "R-E3"),  # not in makeshop
        ("クロネコヤマト", [BAD], "auto", "R-F1"),  # invalid tracking number
        ("クロネコヤマト", [], "auto", "R-F1"),  # tracking number missing
    ],
)
def test_refusals_send_nothing(
    sim: Simulator, svc: Services, carrier: str, trackings: list[str], via: str, rule: str
) -> None:
    oid = _unshipped_mfn(sim)[0]
    before = len(sim.requests)
    result = _wf(svc).confirm(oid, carrier, trackings, via)
    assert result.state == "refused"
    assert result.rule_id == rule
    assert len(sim.requests) == before
    assert not svc.store.journal_entries()


def test_abf_carrier_goes_to_amazon_with_its_real_name(sim: Simulator, svc: Services) -> None:
    oid = _unshipped_mfn(sim)[0]
    result = _wf(svc).confirm(oid, "トナミ運輸", ["12345678"])
    assert result.state == "done", result
    [pkg] = sim.world.confirmations(oid)
    assert (pkg.carrier_code, pkg.carrier_name, pkg.carrier) == (
        "Other",
        "トナミ運輸",
        "トナミ運輸",
    )


def test_fba_and_other_refusals(sim: Simulator, svc: Services) -> None:
    wf = _wf(svc)
    fba = wf.confirm(sim.world.scenario(FBA_PENDING)[0], "クロネコヤマト", [YAMATO])
    assert fba.state == "refused" and fba.rule_id == "R-G1"
    shop = sim.world.scenario(SHOP_UNPROCESSED)[0]
    assert wf.confirm(shop, "クロネコヤマト", [YAMATO], "amazon").state == "refused"
    link_failed = sim.world.scenario(MFN_LINK_FAILED_UNSHIPPED)[0]
    r = wf.confirm(link_failed, "普通郵便", [], "makeshop")
    assert r.state == "refused" and r.rule_id == "R-F3"
    assert wf.confirm("no-such-order", "クロネコヤマト", [YAMATO]).state == "refused"
    assert not _confirm_calls(sim) and not _makeshop_mutations(sim)


# --- several packages, corrections -------------------------------------------------------------


def test_multi_package_order_one_package_per_number(sim: Simulator, svc: Services) -> None:
    oid = _unshipped_mfn(sim, min_units=2)[0]
    result = _wf(svc).confirm(oid, "クロネコヤマト", [YAMATO, YAMATO2])
    assert result.state == "done", result
    pkgs = sorted(sim.world.confirmations(oid), key=lambda p: p.tracking_number)
    assert [p.tracking_number for p in pkgs] == sorted([YAMATO, YAMATO2])
    assert {p.package_reference_id for p in pkgs} == {
        package_reference_id(oid, YAMATO),
        package_reference_id(oid, YAMATO2),
    }
    assert all(p.items for p in pkgs)
    ao = sim.world.amazon_order(oid)
    shipped = sum(q for p in pkgs for _i, q in p.items)
    assert shipped == sum(i.quantity for i in ao.items)
    assert ao.status == "SHIPPED"


def test_more_numbers_than_units_is_refused(sim: Simulator, svc: Services) -> None:
    oid = next(o for o in _unshipped_mfn(sim) if svc.store.find(o) is not None)
    order = svc.store.find(oid)
    assert order is not None
    units = sum(i.quantity for i in order.items)
    numbers = [YAMATO, YAMATO2, YAMATO3, "360012345674", "360012345685", "360012345696"]
    planned = plan_shipment(order, "クロネコヤマト", numbers[: units + 1], now=sim.now())
    assert isinstance(planned, Refusal) and "分け方" in planned.reason


def test_partially_shipped_order_ships_the_rest(sim: Simulator, svc: Services) -> None:
    oid = sim.world.scenario(MFN_PARTIAL)[0]
    before = sim.world.amazon_order(oid)
    result = _wf(svc).confirm(oid, "クロネコヤマト", [YAMATO3])
    assert result.state == "done", result
    assert sim.world.amazon_status(oid) == "SHIPPED"
    assert len(sim.world.amazon_order(oid).packages) == len(before.packages) + 1


def test_correction_resends_the_same_package(sim: Simulator, svc: Services) -> None:
    oid = _unshipped_mfn(sim)[0]
    wf = _wf(svc)
    assert wf.confirm(oid, "クロネコヤマト", [BAD[:-1] + "3"]).state == "done"  # 444413758703
    planned = wf.plan_correction(oid, YAMATO, YAMATO2, "クロネコヤマト")
    assert isinstance(planned, Plan)
    assert planned.packages[0].package_reference_id == package_reference_id(oid, YAMATO)
    assert wf.send(planned).state == "done"
    [pkg] = sim.world.confirmations(oid)
    assert pkg.tracking_number == YAMATO2
    assert pkg.package_reference_id == package_reference_id(oid, YAMATO)
    notes = svc.store.notes_for(f"az:{oid}")
    assert [p.tracking_number for p in notes.confirmed_packages] == [YAMATO2]
    # re-importing the corrected number does not create a second package
    again = wf.confirm(oid, "クロネコヤマト", [YAMATO2])
    assert again.state == "skipped"
    assert len(_confirm_calls(sim)) == 2


# --- never doubled ---------------------------------------------------------------------------


def test_double_send_and_concurrent_threads_make_one_confirmation(
    sim: Simulator, svc: Services
) -> None:
    oids = _unshipped_mfn(sim)[:2]
    wf = _wf(svc)
    assert wf.confirm(oids[0], "クロネコヤマト", [YAMATO]).state == "done"
    assert wf.confirm(oids[0], "クロネコヤマト", [YAMATO]).state == "skipped"
    planned = [wf.plan(oids[1], "クロネコヤマト", [YAMATO2]) for _ in range(4)]
    results: list[Any] = []
    threads = [
        threading.Thread(target=lambda p=p: results.append(_wf(svc).send(p))) for p in planned
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.state for r in results) == ["done", "skipped", "skipped", "skipped"]
    assert len(sim.world.confirmation_calls(oids[0])) == 1
    assert len(sim.world.confirmation_calls(oids[1])) == 1


def test_answer_lost_after_apply_is_resolved_without_resending(
    sim: Simulator, svc: Services
) -> None:
    oid = _unshipped_mfn(sim)[0]
    wf = _wf(svc)
    sim.faults.drop(scope="confirmShipment", after_apply=True)
    result = wf.confirm(oid, "クロネコヤマト", [YAMATO])
    assert result.state == "unknown"
    assert [e.state for e in svc.store.unresolved()] == ["unknown"]
    # a repeat first asks Amazon: the package is there, so it is confirmed, never re-sent
    assert wf.confirm(oid, "クロネコヤマト", [YAMATO]).state == "skipped"
    assert wf.resolve_unknown() == []
    from amzdesk.readback import ACTION_READBACK

    entries = [e for e in svc.store.journal_entries() if e.action != ACTION_READBACK]
    assert [e.state for e in entries] == ["done"]
    assert len(sim.world.confirmation_calls(oid)) == 1
    assert not svc.store.unresolved()
    assert wf.confirm(oid, "クロネコヤマト", [YAMATO]).state == "skipped"


def test_answer_lost_before_apply_is_resent_once(sim: Simulator, svc: Services) -> None:
    oid = _unshipped_mfn(sim)[0]
    wf = _wf(svc)
    sim.faults.drop(scope="confirmShipment", after_apply=False)
    assert wf.confirm(oid, "クロネコヤマト", [YAMATO]).state == "unknown"
    assert not sim.world.confirmations(oid)
    [res] = wf.resolve_unknown()
    assert (res.state, res.resent) == ("done", True)
    [pkg] = sim.world.confirmations(oid)
    assert pkg.package_reference_id == package_reference_id(oid, YAMATO)
    entries = svc.store.journal_entries()
    assert [e.state for e in entries if e.action != "readback"] == ["done"]
    assert [e.action for e in entries if e.action == "readback"] == ["readback"]  # read back


def test_refused_by_amazon_is_failed_and_can_be_retried(sim: Simulator, svc: Services) -> None:
    oid = _unshipped_mfn(sim)[0]
    wf = _wf(svc)
    sim.faults.error(400, scope="confirmShipment")
    failed = wf.confirm(oid, "クロネコヤマト", [YAMATO])
    assert failed.state == "failed"
    assert not svc.store.unresolved()
    retry = wf.confirm(oid, "クロネコヤマト", [YAMATO])
    assert retry.state == "done"
    assert len(sim.world.confirmations(oid)) == 1


def test_makeshop_answer_lost_is_resolved_from_makeshop(sim: Simulator, svc: Services) -> None:
    number = sim.world.scenario(SHOP_UNPROCESSED)[0]
    wf = _wf(svc)
    sim.faults.drop(scope="updateOrderDeliveryStatus", after_apply=True)
    assert wf.confirm(number, "佐川急便", [YAMATO2]).state == "unknown"
    [res] = wf.resolve_unknown()
    assert (res.state, res.resent) == ("done", False)
    assert sum(r.operation_name == "updateOrderDeliveryStatus" for r in sim.requests) == 1


def test_two_machines_make_one_package(sim: Simulator, tmp_path: Path) -> None:
    desk1 = _services(sim, tmp_path / "desk1.sqlite3")
    desk2 = _services(sim, tmp_path / "desk2.sqlite3")
    try:
        oid = _unshipped_mfn(sim, min_units=2)[0]
        r1 = _wf(desk1).confirm(oid, "クロネコヤマト", [YAMATO, YAMATO2])
        r2 = _wf(desk2).confirm(oid, "クロネコヤマト", [YAMATO2, YAMATO])  # other order
        assert r1.state == "done" and r2.state == "done"
        pkgs = sim.world.confirmations(oid)
        assert sorted(p.tracking_number for p in pkgs) == sorted([YAMATO, YAMATO2])
        # the second desk's calls were edits of the same packages
        calls = sim.world.confirmation_calls(oid)
        assert [c.edit for c in calls] == [False, False, True, True]
        assert sim.world.amazon_status(oid) == "SHIPPED"
    finally:
        desk1.close()
        desk2.close()


def test_reimported_csv_sends_nothing_twice(sim: Simulator, svc: Services) -> None:
    oids = _unshipped_mfn(sim)[:3]
    numbers = [YAMATO, YAMATO2, YAMATO3]
    csv = "お客様管理番号,送り状種類,伝票番号,出荷予定日\r\n" + "".join(
        f"{o},0,{n},\r\n" for o, n in zip(oids, numbers, strict=True)
    )
    data = csv.encode("cp932")
    wf = _wf(svc)
    first = wf.send_bulk(sendable(review(parse_label_bytes(data), svc.store)))
    assert [r.state for r in first] == ["done"] * 3
    rows = review(parse_label_bytes(data), svc.store)
    assert {r.status.value for r in rows} == {"already"}
    assert not sendable(rows)
    assert len(_confirm_calls(sim)) == 3


def test_bulk_progress_cancel_and_usage_plan(sim: Simulator, svc: Services) -> None:
    oids = _unshipped_mfn(sim)[:4]
    items = [
        _Item(f"az:{o}", "クロネコヤマト", (n,)) for o, n in zip(oids, _numbers(4), strict=True)
    ]
    cancel = threading.Event()
    seen: list[tuple[int, int]] = []

    def progress(p: Any) -> None:
        seen.append((p.done, p.total))
        if p.done == 2:
            cancel.set()

    results = _wf(svc).send_bulk(items, progress=progress, cancel=cancel)
    assert [r.state for r in results] == ["done", "done", "cancelled", "cancelled"]
    assert seen == [(1, 4), (2, 4)]
    assert all(r.status != 429 for r in sim.requests)
    rest = _wf(svc).send_bulk(items[2:])
    assert [r.state for r in rest] == ["done", "done"]


@dataclass(frozen=True)
class _Item:
    order_key: str
    carrier: str
    trackings: tuple[str, ...]
    ship_date: Any = None


def _numbers(n: int) -> list[str]:
    out = []
    body = 10000000000
    while len(out) < n:
        out.append(f"{body}{body % 7}")
        body += 1
    return out


# --- the upload file -------------------------------------------------------------------------


def test_export_marks_exported_until_amazon_reports_shipped(
    sim: Simulator, svc: Services, tmp_path: Path
) -> None:
    oid = _unshipped_mfn(sim)[0]
    wf = _wf(svc)
    report = wf.export_amazon_file(
        tmp_path / "upload.txt", [_Item(f"az:{oid}", "クロネコヤマト", (YAMATO,))]
    )
    assert report.rows >= 1 and report.order_keys == (f"az:{oid}",)
    rows = read_fulfillment_file(tmp_path / "upload.txt")
    assert {r.order_id for r in rows} == {oid}
    assert {r.tracking_number for r in rows} == {YAMATO}
    assert svc.store.notes_for(f"az:{oid}").exported_not_confirmed
    assert not _confirm_calls(sim)
    # while exported, the API confirmation is refused (no double shipment)
    assert wf.confirm(oid, "クロネコヤマト", [YAMATO]).state == "refused"
    # the shop owner uploads the file: Amazon shows the order shipped; the next sync sees it
    ao = sim.world.amazon_order(oid)
    sim.world.confirm_shipment(
        oid,
        {
            "marketplaceId": sim.marketplace_id,
            "packageDetail": {
                "packageReferenceId": "7",
                "carrierCode": "YamatoTransport",
                "trackingNumber": YAMATO,
                "shipDate": sim.now().isoformat(),
                "orderItems": [
                    {"orderItemId": i.order_item_id, "quantity": i.quantity} for i in ao.items
                ],
            },
        },
    )
    sim.advance(timedelta(minutes=5))
    assert svc.sync.run().ok
    [res] = wf.resolve_exported()
    assert res.state == "done"
    assert [e.state for e in svc.store.journal_entries()] == ["done"]
    assert not svc.store.notes_for(f"az:{oid}").exported_not_confirmed


# --- command line ----------------------------------------------------------------------------


def test_cli_confirm_two_packages_and_journal(sim: Simulator, svc: Services) -> None:
    oid = _unshipped_mfn(sim, min_units=2)[0]
    code, out, _err = run_cli(
        svc,
        [
            "confirm",
            oid,
            "--carrier",
            "クロネコヤマト",
            "--tracking",
            YAMATO,
            "--tracking",
            YAMATO2,
        ],
    )
    assert code == 0, out
    assert "荷物2個" in out
    assert len(sim.world.confirmations(oid)) == 2
    code, out, _err = run_cli(svc, ["journal", "--json"])
    import json

    doc = json.loads(out)
    assert doc["schema"] == "amzdesk.journal/1" and doc["count"] == 4
    sent = [e for e in doc["entries"] if e["action"] != "readback"]
    assert {e["tracking_number"] for e in sent} == {YAMATO, YAMATO2}
    assert all(e["state"] == "done" and e["resolved"] for e in doc["entries"])
    assert sum(1 for e in doc["entries"] if e["action"] == "readback") == 2


def test_cli_refusal_exits_1_with_reason_and_rule(sim: Simulator, svc: Services) -> None:
    oid = _unshipped_mfn(sim)[0]
    display = svc.store.find(oid).display_order_number  # type: ignore[union-attr]
    code, _out, err = run_cli(
        svc, ["confirm", display, "--carrier", "クロネコヤマト", "--tracking", BAD]
    )
    assert code == 1
    assert "チェックディジット" in err and "R-F1" in err
    code, _out, err = run_cli(svc, ["confirm", oid, "--carrier", "ヤマダ運送"])
    assert code == 1 and "--other-carrier" in err
    # a common name is the real carrier (here: tracked, so the number is required)
    code, _out, err = run_cli(svc, ["confirm", oid, "--carrier", "ヤマト運輸"])
    assert code == 1 and "「クロネコヤマト」は追跡番号の登録が必須です" in err
    assert not _confirm_calls(sim)


def test_cli_import_dry_run_then_send(sim: Simulator, svc: Services, tmp_path: Path) -> None:
    oids = _unshipped_mfn(sim)[:2]
    shop = sim.world.scenario(SHOP_UNPROCESSED)[0]
    path = tmp_path / "b2.csv"
    path.write_bytes(
        (
            "お客様管理番号,送り状種類,伝票番号,出荷予定日\r\n"
            f"{oids[0]},0,{YAMATO},\r\n{oids[1]},7,{YAMATO2},\r\n{shop},0,{YAMATO3},\r\n"
            f"{oids[0]},0,{BAD},\r\n"
        ).encode("cp932")
    )
    code, out, _ = run_cli(svc, ["import-tracking", str(path), "--dry-run"])
    assert code == 0 and "--dry-run" in out
    assert not _confirm_calls(sim) and not _makeshop_mutations(sim)
    code, out, _ = run_cli(svc, ["import-tracking", str(path), "--json"])
    import json

    doc = json.loads(out)
    # the invalid number blocks the whole order (nothing half-sent); the rest goes out
    assert [r["status"] for r in doc["rows"]] == ["not-allowed", "matched", "matched", "invalid"]
    assert sorted(r["state"] for r in doc["results"]) == ["done", "done"]
    assert code == 0
    assert sim.world.makeshop_order(shop).deliveries[0].status == "Y"
    assert [p.carrier_code for p in sim.world.confirmations(oids[1])] == ["YamatoTransport"]


def test_cli_export_file(sim: Simulator, svc: Services, tmp_path: Path) -> None:
    oid = _unshipped_mfn(sim)[0]
    out_file = tmp_path / "amazon.txt"
    code, out, err = run_cli(
        svc,
        ["export-amazon-file", str(out_file), "--orders", oid, "--carrier", "佐川急便",
         "--tracking", YAMATO],
    )  # fmt: skip
    assert code == 0, err
    assert "1 件の注文" in out
    assert out_file.read_bytes().startswith(b"TemplateType=OrderFulfillment\tVersion=2011.1102\r\n")
    assert {r.carrier_name for r in read_fulfillment_file(out_file)} == {"佐川急便"}
    code, _out, err = run_cli(svc, ["confirm", oid, "--carrier", "佐川急便", "--tracking", YAMATO])
    assert code == 1 and "書き出し済み" in err


def test_cli_cancel_export_then_confirm(sim: Simulator, svc: Services, tmp_path: Path) -> None:
    """Issue 10, item 3: アップロード待ち had nothing to click; cancel-export reopens the order."""
    oids = _unshipped_mfn(sim)[:2]
    for i, (oid, number) in enumerate(zip(oids, (YAMATO, YAMATO3), strict=True)):
        code, _out, err = run_cli(
            svc,
            ["export-amazon-file", str(tmp_path / f"amazon{i}.txt"), "--orders", oid,
             "--carrier", "佐川急便", "--tracking", number],
        )  # fmt: skip
        assert code == 0, err
    order = svc.workflow.find(oids[0])
    assert order is not None and order.notes.exported_not_confirmed
    code, out, err = run_cli(svc, ["cancel-export", oids[0]])
    assert code == 0, err
    assert "書き出しを取り消しました（1 行）" in out
    # journaled: the exported row now carries the cancellation as its outcome
    entries = svc.store.journal_entries(svc.workflow.find(oids[0]).key)  # type: ignore[union-attr]
    assert any(e.side == "file" and e.state == "failed" for e in entries)
    assert not svc.workflow.find(oids[0]).notes.exported_not_confirmed  # type: ignore[union-attr]
    # nothing left to cancel for that order: refused with the reason, exit 1
    code, _out, err = run_cli(svc, ["cancel-export", oids[0]])
    assert code == 1 and "書き出していない注文" in err
    # the order can be confirmed again
    code, _out, err = run_cli(
        svc, ["confirm", oids[0], "--carrier", "佐川急便", "--tracking", YAMATO2]
    )
    assert code == 0, err
    # --all cancels the rest
    code, out, err = run_cli(svc, ["cancel-export", "--all", "--json"])
    import json

    doc = json.loads(out)
    assert code == 0 and [r["state"] for r in doc["results"]] == ["done"]
    assert doc["results"][0]["order"] == oids[1]
    code, out, _ = run_cli(svc, ["cancel-export", "--all"])
    assert code == 0 and "アップロード待ちの注文はありません" in out
