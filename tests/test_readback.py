"""Read-back after a confirmation: the package Amazon keeps is compared with what was sent, and a
difference is a visible state with a way forward -- never "done"."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from amzdesk.carriers import CarrierTable
from amzdesk.models import Package
from amzdesk.readback import (
    CARRIER_DIFFERS,
    CARRIER_MISSING,
    PACKAGE_MISSING,
    TRACKING_DIFFERS,
    Sent,
    carrier_matches,
    judge,
    readback_issues,
)
from amzdesk.services import Services, build_services
from amzdesk.settings import Settings
from amzdesk.shipment import ShipmentWorkflow
from amzdesk.sim import Simulator
from amzdesk.states import CombinedState, combined_state, needs_action, waiting_for
from amzdesk.store import JournalEntry
from tests.factories import make_mfn_order
from tests.sim_fixtures import running_simulator
from tests.test_shipment import YAMATO, _unshipped_mfn

# --- the comparison ----------------------------------------------------------------------------


def _pkg(carrier: str, tracking: str = YAMATO, ref: str = "1") -> Package:
    return Package(ref, carrier=carrier, tracking_number=tracking)


SENT = Sent("1", "YamatoTransport", "ヤマト運輸", YAMATO)
SENT_OTHER = Sent("1", "Other", "福山通運", YAMATO)


@pytest.mark.parametrize(
    ("sent", "package", "problem"),
    [
        (SENT, _pkg("YamatoTransport"), None),
        (SENT, _pkg("Yamato Transport"), None),  # a display form of the same code
        (SENT, _pkg("ヤマト運輸"), None),
        (SENT, _pkg("yamatotransport", "4444-1375-8703"), None),
        (SENT, _pkg(""), CARRIER_MISSING),  # accepted, carrier dropped
        (SENT, _pkg("SagawaExpress"), CARRIER_DIFFERS),
        (SENT, _pkg("YamatoTransport", "444413758714"), TRACKING_DIFFERS),
        (SENT, None, PACKAGE_MISSING),
        (SENT_OTHER, _pkg("福山通運"), None),
        (SENT_OTHER, _pkg("Other"), CARRIER_DIFFERS),  # the name was lost
    ],
)
def test_judge(sent: Sent, package: Package | None, problem: str | None) -> None:
    assert judge(sent, package) == problem


def test_carrier_matches_needs_something() -> None:
    assert not carrier_matches("", "", "")
    assert not carrier_matches(" ", "YamatoTransport", "ヤマト運輸")


def _entry(
    id_: int, action: str, ref: str = "1", *, detail: dict[str, Any] | None = None
) -> JournalEntry:
    request = {"packageDetail": detail} if detail is not None else {}
    return JournalEntry(
        id=id_,
        created_at=datetime(2026, 3, 10, 3, tzinfo=UTC),
        order_key="az:x",
        amazon_order_id="503-0000000-0000001",
        display_order_number="",
        action=action,
        side="amazon",
        package_reference_id=ref,
        request=request,
        state="done",
    )


DETAIL = {
    "packageReferenceId": "1",
    "carrierCode": "YamatoTransport",
    "carrierName": "ヤマト運輸",
    "trackingNumber": YAMATO,
}


def test_a_package_is_judged_only_after_a_read_back_since_its_confirmation() -> None:
    order = make_mfn_order()  # Amazon's copy shows no package (read before the confirmation)
    confirm = _entry(5, "confirm-amazon", detail=DETAIL)
    assert readback_issues([confirm], order) == ()
    older = _entry(3, "readback")
    assert readback_issues([confirm, older], order) == ()
    after = _entry(6, "readback")
    [issue] = readback_issues([after, confirm], order)
    assert issue.problem == PACKAGE_MISSING and issue.sent_tracking == YAMATO
    # a later correction of the same package waits for its own read-back
    again = _entry(7, "correct-tracking", detail={**DETAIL, "trackingNumber": "444413758714"})
    assert readback_issues([confirm, after, again], order) == ()


# --- end to end against the simulator ----------------------------------------------------------


@pytest.fixture
def sim() -> Iterator[Simulator]:
    # Amazon accepts a carrier code it does not know and silently drops it (seen in the field).
    with running_simulator(n_orders=120, drop_unknown_carrier_codes=True) as s:
        yield s


@pytest.fixture
def svc(sim: Simulator, tmp_path: Path) -> Iterator[Services]:
    services = build_services(Settings(), None, demo=sim, store_path=tmp_path / "d.sqlite3")
    assert services.sync.run().ok
    yield services
    services.close()


def _wf(svc: Services, table: CarrierTable) -> ShipmentWorkflow:
    return ShipmentWorkflow(svc.store, svc.spapi, svc.makeshop, table, svc.clock)


def _readbacks(svc: Services, key: str) -> list[JournalEntry]:
    return [e for e in svc.store.journal_entries(key) if e.action == "readback"]


def test_read_back_catches_a_silently_dropped_carrier_and_resend_fixes_it(
    sim: Simulator, svc: Services
) -> None:
    oid = _unshipped_mfn(sim)[0]
    key = f"az:{oid}"
    # A code override saved with the old, wrong spelling: Amazon answers 204 but keeps no carrier.
    wrong = CarrierTable.load({"クロネコヤマト": "Yamato Transport"})
    result = _wf(svc, wrong).confirm(key, "クロネコヤマト", [YAMATO])
    assert sim.world.confirmations(oid)[0].carrier == ""  # what Amazon kept
    assert result.state == "mismatch" and not result.ok
    assert "配送業者が登録されていません" in result.message
    assert "Yamato Transport" in result.message  # the code not in Amazon's list is named
    assert "セラーセントラル" in result.message
    gets = [r for r in sim.requests if r.operation == "getOrder"]
    assert len(gets) == 1  # one read-back, after the confirmation

    order = svc.store.get(key)
    assert order is not None
    assert combined_state(order) is CombinedState.AMAZON_MISMATCH
    assert needs_action(order)
    [issue] = order.notes.readback_issues
    assert issue.problem == CARRIER_MISSING and issue.sent_tracking == YAMATO
    detail = waiting_for(order, svc.clock())  # the detail panel's line for the state
    assert detail is not None and "配送業者が登録されていません" in detail
    assert "セラーセントラル" in detail
    [rb] = _readbacks(svc, key)
    assert json.loads(rb.result) == {
        "carrier": "",
        "trackingNumber": YAMATO,
        "verdict": CARRIER_MISSING,
    }
    assert rb.error  # the sentence the journal window shows
    row = svc.store.fetch_row(key)
    assert row is not None and row.combined_state == "amazon-mismatch" and row.needs_action

    # The state survives later syncs: Amazon still has no carrier on the package.
    assert svc.sync.run().ok
    later = svc.store.get(key)
    assert later is not None and combined_state(later) is CombinedState.AMAZON_MISMATCH

    # The way forward: correct the code, send the same package again (an edit), read back.
    fixed = _wf(svc, CarrierTable.load())
    again = fixed.resend(key)
    assert again.state == "done", again
    calls = sim.world.confirmation_calls(oid)
    assert len(calls) == 2 and calls[1].edit
    assert calls[1].body["packageDetail"]["carrierCode"] == "YamatoTransport"
    assert sim.world.confirmations(oid)[0].carrier == "YamatoTransport"
    done = svc.store.get(key)
    assert done is not None and not done.notes.readback_issues
    assert combined_state(done) is not CombinedState.AMAZON_MISMATCH
    assert json.loads(_readbacks(svc, key)[0].result)["verdict"] == "match"  # newest first
    assert fixed.resend(key).state == "skipped"


def test_a_matching_read_back_is_journaled_and_changes_nothing(
    sim: Simulator, svc: Services
) -> None:
    oid = _unshipped_mfn(sim)[0]
    result = _wf(svc, CarrierTable.load()).confirm(f"az:{oid}", "クロネコヤマト", [YAMATO])
    assert result.state == "done" and result.message == "Amazon に出荷通知しました"
    [rb] = _readbacks(svc, f"az:{oid}")
    assert json.loads(rb.result)["verdict"] == "match" and rb.error == ""
    order = svc.store.get(f"az:{oid}")
    assert order is not None and combined_state(order) is not CombinedState.AMAZON_MISMATCH


def test_read_back_that_cannot_be_made_now_is_made_later(sim: Simulator, svc: Services) -> None:
    oid = _unshipped_mfn(sim)[0]
    key = f"az:{oid}"
    sim.faults.error(503, scope="getOrder", count=None)
    wrong = CarrierTable.load({"クロネコヤマト": "Yamato Transport"})
    wf = _wf(svc, wrong)
    result = wf.confirm(key, "クロネコヤマト", [YAMATO])
    assert result.state == "done" and "あとで読み戻して" in result.message
    assert _readbacks(svc, key) == []
    order = svc.store.get(key)
    assert order is not None and combined_state(order) is not CombinedState.AMAZON_MISMATCH
    assert combined_state(order) is not CombinedState.DONE

    sim.faults.clear()
    resolutions = wf.resolve_unknown()  # runs on start and before each sync
    assert [r.state for r in resolutions] == ["mismatch"]
    assert "配送業者が登録されていません" in resolutions[0].message
    order = svc.store.get(key)
    assert order is not None and combined_state(order) is CombinedState.AMAZON_MISMATCH
    assert wf.resolve_unknown() == []  # read back once, not again


def test_cli_resend_after_a_dropped_carrier(sim: Simulator, svc: Services) -> None:
    from tests.cli_helpers import run_cli

    oid = _unshipped_mfn(sim)[0]
    wrong = CarrierTable.load({"クロネコヤマト": "Yamato Transport"})
    assert _wf(svc, wrong).confirm(f"az:{oid}", "クロネコヤマト", [YAMATO]).state == "mismatch"
    code, out, _err = run_cli(svc, ["resend", oid])
    assert code == 0, out
    assert "完了" in out
    assert sim.world.confirmations(oid)[0].carrier == "YamatoTransport"
    code, out, _err = run_cli(svc, ["resend", oid])
    assert code == 0 and "送り直す荷物はありません" in out


def test_the_confirm_action_sends_a_mismatched_package_again(sim: Simulator, svc: Services) -> None:
    """The window's way forward: 「Amazon に出荷通知」 with the same number sends the same
    package again (Amazon edits it), with the carrier code as now set."""
    from amzdesk.rules import Action, evaluate

    oid = _unshipped_mfn(sim)[0]
    key = f"az:{oid}"
    wrong = CarrierTable.load({"クロネコヤマト": "Yamato Transport"})
    assert _wf(svc, wrong).confirm(key, "クロネコヤマト", [YAMATO]).state == "mismatch"
    order = svc.store.get(key)
    assert order is not None
    table = CarrierTable.load()
    verdict = evaluate(order, "クロネコヤマト", [YAMATO], table=table)[Action.CONFIRM_AMAZON]
    assert verdict.allowed and "送り直します" in verdict.reason
    other = evaluate(order, "クロネコヤマト", ["444413758714"], table=table)
    assert not other[Action.CONFIRM_AMAZON].allowed
    assert YAMATO in other[Action.CONFIRM_AMAZON].reason
    result = _wf(svc, table).confirm(key, "クロネコヤマト", [YAMATO])
    assert result.state == "done", result
    calls = sim.world.confirmation_calls(oid)
    assert len(calls) == 2 and calls[1].edit
    assert sim.world.confirmations(oid)[0].carrier == "YamatoTransport"
    done = svc.store.get(key)
    assert done is not None and combined_state(done) is not CombinedState.AMAZON_MISMATCH
    # and now it is an ordinary confirmed package again: not sent a third time
    again = _wf(svc, table).confirm(key, "クロネコヤマト", [YAMATO])
    assert again.state in ("skipped", "refused") and len(sim.world.confirmation_calls(oid)) == 2
