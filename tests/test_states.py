"""Combined states, deadlines and "needs action" (R-B1, R-C1, R-F2, R-F3, R-G1)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from amzdesk.assumptions import PAYMENT_STATUS_LINK_FAILED
from amzdesk.models import (
    AmazonStatus,
    DeliveryStatus,
    LocalNotes,
    Order,
    ReadbackIssue,
    UnknownAmazonStatus,
)
from amzdesk.states import (
    CombinedState,
    Deadline,
    combined_state,
    deadline,
    is_link_failed,
    needs_action,
)
from tests.factories import (
    LINK_FAILED,
    NOW,
    make_fba_order,
    make_item,
    make_mfn_order,
    make_package,
    make_shop_order,
)

S = CombinedState
SLIP = "444413758703"
ITEM_A = make_item(1, order_item_id="A", quantity=2)
ITEM_B = make_item(2, order_item_id="B", quantity=1)
Y = DeliveryStatus.SHIPPED
N = DeliveryStatus.UNPROCESSED
R = DeliveryStatus.RETURNED
C = DeliveryStatus.CANCELLED

CASES: list[tuple[str, Order, CombinedState]] = [
    ("shop 未処理", make_shop_order(delivery_status=N), S.SHOP_UNSHIPPED),
    ("shop 配送", make_shop_order(delivery_status=Y), S.SHOP_SHIPPED),
    ("shop 返送", make_shop_order(delivery_status=R), S.RETURNED),
    ("shop キャンセル", make_shop_order(delivery_status=C), S.CANCELLED),
    ("shop outcome unknown", make_shop_order(outcome_unknown=True), S.OUTCOME_UNKNOWN),
    ("mfn unshipped", make_mfn_order(status=AmazonStatus.UNSHIPPED), S.AMAZON_TO_CONFIRM),
    (
        "mfn partially shipped",
        make_mfn_order(status=AmazonStatus.PARTIALLY_SHIPPED),
        S.AMAZON_TO_CONFIRM,
    ),
    ("mfn unshipped, no makeshop side", make_mfn_order(with_makeshop=False), S.AMAZON_TO_CONFIRM),
    (
        "mfn shipped, makeshop 未処理 (R-F2)",
        make_mfn_order(status=AmazonStatus.SHIPPED, delivery_status=N),
        S.SYNC_PENDING,
    ),
    (
        "mfn shipped, makeshop 配送",
        make_mfn_order(status=AmazonStatus.SHIPPED, delivery_status=Y),
        S.DONE,
    ),
    (
        "mfn shipped, no makeshop side",
        make_mfn_order(status=AmazonStatus.SHIPPED, with_makeshop=False),
        S.DONE,
    ),
    (
        "連携失敗, Amazon shipped (R-F3)",
        make_mfn_order(status=AmazonStatus.SHIPPED, delivery_status=Y, payment_status=LINK_FAILED),
        S.LINK_FAILED_OK,
    ),
    (
        "連携失敗, Amazon unshipped (R-F3)",
        make_mfn_order(
            status=AmazonStatus.UNSHIPPED, delivery_status=Y, payment_status=LINK_FAILED
        ),
        S.LINK_FAILED_TO_CONFIRM,
    ),
    (
        "連携失敗, Amazon partially shipped",
        make_mfn_order(status=AmazonStatus.PARTIALLY_SHIPPED, payment_status=LINK_FAILED),
        S.LINK_FAILED_TO_CONFIRM,
    ),
    (
        "連携失敗, Amazon side not fetched",
        make_mfn_order(with_amazon=False, delivery_status=Y, payment_status=LINK_FAILED),
        S.LINK_FAILED_TO_CONFIRM,
    ),
    (
        "return done in Seller Central, makeshop not yet (R-C1)",
        make_mfn_order(
            status=AmazonStatus.SHIPPED, delivery_status=Y, return_done_in_seller_central=True
        ),
        S.RETURN_PENDING,
    ),
    (
        "return reflected in makeshop",
        make_mfn_order(
            status=AmazonStatus.SHIPPED, delivery_status=R, return_done_in_seller_central=True
        ),
        S.RETURNED,
    ),
    (
        "makeshop 返送 without a note",
        make_mfn_order(status=AmazonStatus.SHIPPED, delivery_status=R),
        S.RETURNED,
    ),
    ("mfn cancelled on Amazon", make_mfn_order(status=AmazonStatus.CANCELLED), S.CANCELLED),
    (
        "mfn cancelled on Amazon, makeshop 未処理",
        make_mfn_order(status=AmazonStatus.CANCELLED, delivery_status=N),
        S.CANCELLED,
    ),
    (
        "mfn without Amazon side, makeshop キャンセル",
        make_mfn_order(with_amazon=False, delivery_status=C),
        S.CANCELLED,
    ),
    (
        "mfn without Amazon side, makeshop 未処理",
        make_mfn_order(with_amazon=False, delivery_status=N),
        S.AMAZON_TO_CONFIRM,
    ),
    (
        "mfn without Amazon side, makeshop 配送",
        make_mfn_order(with_amazon=False, delivery_status=Y),
        S.DONE,
    ),
    (
        "mfn shipped via makeshop 配送完了 with a 伝票番号 Amazon never got (R-B2)",
        make_mfn_order(
            status=AmazonStatus.SHIPPED, delivery_status=Y, carrier_code="002", slip_number=SLIP
        ),
        S.TRACKING_MISSING,
    ),
    (
        "mfn without Amazon side, makeshop 配送 with a tracked carrier (R-B2)",
        make_mfn_order(with_amazon=False, delivery_status=Y, carrier_code="002", slip_number=SLIP),
        S.TRACKING_MISSING,
    ),
    ("fba shipped", make_fba_order(status=AmazonStatus.SHIPPED), S.FBA),
    ("fba unshipped", make_fba_order(status=AmazonStatus.UNSHIPPED), S.FBA),
    ("fba cancelled", make_fba_order(status=AmazonStatus.CANCELLED), S.CANCELLED),
    (
        "outcome unknown wins",
        make_mfn_order(status=AmazonStatus.UNSHIPPED, outcome_unknown=True, confirmed=["1"]),
        S.OUTCOME_UNKNOWN,
    ),
    (
        "outcome unknown wins over 連携失敗",
        make_mfn_order(payment_status=LINK_FAILED, outcome_unknown=True),
        S.OUTCOME_UNKNOWN,
    ),
    (
        "exported, Amazon not yet shipped",
        make_mfn_order(status=AmazonStatus.UNSHIPPED, exported_not_confirmed=True),
        S.UPLOAD_PENDING,
    ),
    (
        "exported, Amazon shipped meanwhile",
        make_mfn_order(status=AmazonStatus.SHIPPED, delivery_status=Y, exported_not_confirmed=True),
        S.DONE,
    ),
    (
        "confirmed by this app, Amazon not yet reflecting it",
        make_mfn_order(status=AmazonStatus.UNSHIPPED, confirmed=["444413758703"]),
        S.CONFIRM_SENT,
    ),
    (
        "confirmed covering every item",
        make_mfn_order(items=(ITEM_A,), confirmed=[make_package(items=(("A", 2),))]),
        S.CONFIRM_SENT,
    ),
    (
        "confirmed covering one of two items",
        make_mfn_order(
            status=AmazonStatus.PARTIALLY_SHIPPED,
            items=(ITEM_A, ITEM_B),
            confirmed=[make_package(items=(("A", 2),))],
        ),
        S.AMAZON_TO_CONFIRM,
    ),
    (
        "confirmed the rest of a partially shipped order",
        make_mfn_order(
            status=AmazonStatus.PARTIALLY_SHIPPED,
            items=(replace(ITEM_A, quantity_shipped=2), ITEM_B),
            confirmed=[make_package(items=(("B", 1),))],
        ),
        S.CONFIRM_SENT,
    ),
    (
        "Amazon shipped A, app confirmed A again: B still to do",
        make_mfn_order(
            status=AmazonStatus.PARTIALLY_SHIPPED,
            items=(replace(ITEM_A, quantity_shipped=2), ITEM_B),
            confirmed=[make_package(items=(("A", 2),))],
        ),
        S.AMAZON_TO_CONFIRM,
    ),
    (
        "連携失敗, confirmed by this app, Amazon not yet reflecting it",
        make_mfn_order(payment_status=LINK_FAILED, delivery_status=Y, confirmed=["444413758703"]),
        S.CONFIRM_SENT,
    ),
    (
        "confirmed by this app and Amazon shipped",
        make_mfn_order(status=AmazonStatus.SHIPPED, delivery_status=Y, confirmed=["444413758703"]),
        S.DONE,
    ),
    ("Amazon pending", make_mfn_order(status=AmazonStatus.PENDING), S.AMAZON_PENDING),
    (
        "Amazon pending availability",
        make_mfn_order(status=AmazonStatus.PENDING_AVAILABILITY),
        S.AMAZON_PENDING,
    ),
    ("Amazon unfulfillable", make_mfn_order(status=AmazonStatus.UNFULFILLABLE), S.UNFULFILLABLE),
    (
        "a confirmed package whose read-back differs",
        replace(
            make_mfn_order(status=AmazonStatus.SHIPPED, delivery_status=Y),
            notes=LocalNotes(
                readback_issues=(ReadbackIssue("1", "carrier-missing", "YamatoTransport"),)
            ),
        ),
        S.AMAZON_MISMATCH,
    ),
    (
        "Amazon status newer than this release",
        make_mfn_order(status=UnknownAmazonStatus("READY_FOR_PICKUP")),  # type: ignore[arg-type]
        S.AMAZON_UNKNOWN,
    ),
]


@pytest.mark.parametrize(("order", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_combined_state(order: Order, expected: CombinedState) -> None:
    assert combined_state(order) is expected


TIME_ONLY_STATES = {S.CONFIRM_NOT_REFLECTED, S.RETURN_NOT_REFLECTED}  # from current_state


def test_every_combined_state_is_covered() -> None:
    assert {c[2] for c in CASES} == set(CombinedState) - TIME_ONLY_STATES


EXPECTED_LABELS = {
    S.SHOP_UNSHIPPED: "未処理",
    S.SHOP_SHIPPED: "配送完了",
    S.AMAZON_TO_CONFIRM: "要出荷通知",
    S.SYNC_PENDING: "makeshop 同期待ち",
    S.DONE: "完了",
    S.LINK_FAILED_OK: "連携失敗・対応不要",
    S.LINK_FAILED_TO_CONFIRM: "連携失敗・要出荷通知",
    S.RETURN_PENDING: "返送反映待ち",
    S.RETURNED: "返送済み",
    S.CANCELLED: "キャンセル",
    S.FBA: "FBA（Amazon が出荷）",
    S.OUTCOME_UNKNOWN: "結果確認中",
    S.UPLOAD_PENDING: "アップロード待ち",
    S.CONFIRM_SENT: "Amazon 反映待ち",
    S.AMAZON_PENDING: "Amazon 保留中",
    S.UNFULFILLABLE: "出荷不可（Amazon）",
    S.AMAZON_UNKNOWN: "Amazon の状態が不明",
    S.TRACKING_MISSING: "追跡番号が Amazon に届いていない",
    S.CONFIRM_NOT_REFLECTED: "Amazon 未反映・要確認",
    S.RETURN_NOT_REFLECTED: "makeshop 返送未反映・要確認",
    S.AMAZON_MISMATCH: "Amazon の登録内容が違う",
}


@pytest.mark.parametrize("state", list(CombinedState))
def test_labels_and_ids(state: CombinedState) -> None:
    assert state.label == EXPECTED_LABELS[state]
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", state.value)
    assert state.description.endswith("。")
    assert re.search(r"[ぁ-んァ-ン一-龥]", state.description)


def test_labels_and_ids_are_unique() -> None:
    assert len({s.label for s in CombinedState}) == len(CombinedState)
    assert CombinedState("sync-pending") is S.SYNC_PENDING


def test_no_rule_ids_in_descriptions() -> None:
    """The owner reads the descriptions: rule IDs stay in tooltips for support and logs."""
    for s in CombinedState:
        assert not re.search(r"R-[A-Z][0-9]", s.description), s
        assert not re.search(r"R-[A-Z][0-9]", s.label), s


ACTION_STATES = {
    S.SHOP_UNSHIPPED,
    S.AMAZON_TO_CONFIRM,
    S.LINK_FAILED_TO_CONFIRM,
    S.OUTCOME_UNKNOWN,
    S.UPLOAD_PENDING,
    S.AMAZON_UNKNOWN,
    S.TRACKING_MISSING,
    S.CONFIRM_NOT_REFLECTED,
    S.RETURN_NOT_REFLECTED,
    S.AMAZON_MISMATCH,
}


@pytest.mark.parametrize(("order", "state"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_needs_action(order: Order, state: CombinedState) -> None:
    assert needs_action(order, NOW) is (state in ACTION_STATES)


def test_needs_action_examples() -> None:
    assert needs_action(make_mfn_order(status=AmazonStatus.UNSHIPPED))
    assert needs_action(make_shop_order(delivery_status=N))
    assert needs_action(make_mfn_order(payment_status=LINK_FAILED))
    assert not needs_action(make_mfn_order(status=AmazonStatus.SHIPPED, payment_status=LINK_FAILED))
    assert not needs_action(make_mfn_order(status=AmazonStatus.SHIPPED, delivery_status=N))
    assert not needs_action(make_fba_order(status=AmazonStatus.UNSHIPPED))
    assert not needs_action(make_shop_order(delivery_status=Y))


def test_link_failed_value_comes_from_assumptions() -> None:
    assert LINK_FAILED == PAYMENT_STATUS_LINK_FAILED
    assert is_link_failed(make_mfn_order(payment_status=PAYMENT_STATUS_LINK_FAILED))
    assert not is_link_failed(make_mfn_order(payment_status="連携失敗の別表記"))
    assert not is_link_failed(make_mfn_order(with_makeshop=False))


# --- deadlines (JST calendar days) ---------------------------------------------------------------

JST_DAY_START = datetime(2025, 6, 1, 15, 0, tzinfo=UTC)  # 2025-06-02 00:00 JST


@pytest.mark.parametrize(
    ("now", "ship_by", "expected"),
    [
        # ship by 2025-06-02 23:59:59 JST
        (NOW, JST_DAY_START + timedelta(hours=23, minutes=59, seconds=59), Deadline.DUE_TODAY),
        # same JST day, earlier than now: passed
        (NOW, NOW - timedelta(minutes=1), Deadline.OVERDUE),
        (NOW, NOW, Deadline.OVERDUE),
        (NOW, NOW + timedelta(minutes=1), Deadline.DUE_TODAY),
        # yesterday JST
        (NOW, JST_DAY_START - timedelta(seconds=1), Deadline.OVERDUE),
        # tomorrow 00:00 JST
        (NOW, JST_DAY_START + timedelta(days=1), Deadline.LATER),
        (NOW, NOW + timedelta(days=3), Deadline.LATER),
        # now 06-01 23:30 UTC = 06-02 08:30 JST; ship by 06-02 01:30 UTC = 10:30 JST: today in
        # Japan although "tomorrow" in UTC
        (
            datetime(2025, 6, 1, 23, 30, tzinfo=UTC),
            datetime(2025, 6, 2, 1, 30, tzinfo=UTC),
            Deadline.DUE_TODAY,
        ),
        # now 2025-06-02 16:00 UTC = 06-03 01:00 JST; ship by 06-03 14:59 UTC = 23:59 JST: today
        (
            datetime(2025, 6, 2, 16, 0, tzinfo=UTC),
            datetime(2025, 6, 3, 14, 59, tzinfo=UTC),
            Deadline.DUE_TODAY,
        ),
        # now 2025-06-02 14:00 UTC = 23:00 JST; ship by 06-02 16:00 UTC = 06-03 01:00 JST: later
        (
            datetime(2025, 6, 2, 14, 0, tzinfo=UTC),
            datetime(2025, 6, 2, 16, 0, tzinfo=UTC),
            Deadline.LATER,
        ),
    ],
)
def test_deadline_in_jst_days(now: datetime, ship_by: datetime, expected: Deadline) -> None:
    order = make_mfn_order(ship_by_latest=ship_by)
    assert deadline(order, now) is expected


def test_deadline_applies_only_while_amazon_wants_shipping() -> None:
    past = NOW - timedelta(days=2)
    assert deadline(make_mfn_order(ship_by_latest=past), NOW) is Deadline.OVERDUE
    partially = make_mfn_order(status=AmazonStatus.PARTIALLY_SHIPPED, ship_by_latest=past)
    assert deadline(partially, NOW) is Deadline.OVERDUE
    link_failed = make_mfn_order(payment_status=LINK_FAILED, ship_by_latest=past)
    assert deadline(link_failed, NOW) is Deadline.OVERDUE
    for status in (AmazonStatus.SHIPPED, AmazonStatus.CANCELLED, AmazonStatus.PENDING):
        assert deadline(make_mfn_order(status=status, ship_by_latest=past), NOW) is Deadline.NONE
    assert deadline(make_mfn_order(ship_by_latest=None), NOW) is Deadline.NONE
    assert deadline(make_shop_order(), NOW) is Deadline.NONE
    assert deadline(make_fba_order(status=AmazonStatus.UNSHIPPED), NOW) is Deadline.NONE
    assert deadline(make_mfn_order(with_amazon=False), NOW) is Deadline.NONE
    returned = make_mfn_order(ship_by_latest=past, return_done_in_seller_central=True)
    assert deadline(returned, NOW) is Deadline.NONE
    soon = NOW + timedelta(days=1)
    sent = make_mfn_order(ship_by_latest=soon, confirmed=["444413758703"])
    assert deadline(sent, NOW) is Deadline.NONE  # waiting for Amazon to reflect it
    # a confirmation Amazon never reflected does not hide the passed deadline (issue 10, item 2)
    sent_late = make_mfn_order(ship_by_latest=past, confirmed=["444413758703"])
    assert deadline(sent_late, NOW) is Deadline.OVERDUE
    exported = make_mfn_order(ship_by_latest=past, exported_not_confirmed=True)
    assert deadline(exported, NOW) is Deadline.OVERDUE


def test_deadline_needs_an_aware_now() -> None:
    with pytest.raises(ValueError):
        deadline(make_mfn_order(), datetime(2025, 6, 2, 12, 0))


def test_deadline_labels() -> None:
    assert Deadline.OVERDUE.label == "期限切れ"
    assert Deadline.DUE_TODAY.label == "今日が期限"
    assert Deadline.LATER.label == ""
    assert Deadline.NONE.label == ""


# --- issue 10: states that were wrong or dead ends ------------------------------------------------


def test_shipped_without_tracking_is_not_done_and_needs_action() -> None:
    """Item 1: Amazon shipped, the parcel has a 伝票番号 in makeshop, none reached Amazon."""
    order = make_mfn_order(
        status=AmazonStatus.SHIPPED, delivery_status=Y, carrier_code="002", slip_number=SLIP
    )
    assert combined_state(order) is S.TRACKING_MISSING
    assert needs_action(order, NOW)
    assert S.TRACKING_MISSING.label == "追跡番号が Amazon に届いていない"
    # the same order with the number on Amazon is done; an untracked method without number too
    tracked = replace(order, amazon=replace(order.amazon, packages=(make_package(SLIP),)))
    assert combined_state(tracked) is S.DONE
    smart = make_mfn_order(status=AmazonStatus.SHIPPED, delivery_status=Y, carrier_code="")
    assert combined_state(smart) is S.DONE


def test_tracking_missing_is_distinct_from_sync_pending() -> None:
    order = make_mfn_order(
        status=AmazonStatus.SHIPPED,
        delivery_status=Y,
        carrier_code="002",
        packages=[make_package("", carrier="配送業者ABF")],
    )
    # Amazon shows a package without number while makeshop's carrier is a tracked one
    assert combined_state(order) is S.TRACKING_MISSING
    # makeshop not synced yet but the number exists only in makeshop: still missing on Amazon
    ms_slip = make_mfn_order(status=AmazonStatus.SHIPPED, delivery_status=N, slip_number=SLIP)
    assert combined_state(ms_slip) is S.TRACKING_MISSING


def test_unreflected_confirmation_comes_back_as_needing_action() -> None:
    """Item 2: after the wait (default 30 minutes) or past the deadline, it needs action."""
    from amzdesk.models import LocalNotes
    from amzdesk.states import DEFAULT_WAITS, current_state, waiting_for

    sent_at = NOW
    order = make_mfn_order(
        status=AmazonStatus.UNSHIPPED,
        ship_by_latest=NOW + timedelta(days=2),
        notes=LocalNotes(confirmed_packages=(make_package(SLIP),), confirmed_at=sent_at),
    )
    assert combined_state(order) is S.CONFIRM_SENT
    early = sent_at + timedelta(minutes=5)
    assert current_state(order, early) is S.CONFIRM_SENT
    assert not needs_action(order, early)
    wait = waiting_for(order, early)
    assert wait is not None and "12:00" in wait  # 03:00 UTC = 12:00 JST, when it was sent
    late = sent_at + DEFAULT_WAITS.confirm
    assert current_state(order, late) is S.CONFIRM_NOT_REFLECTED
    assert needs_action(order, late)
    text = waiting_for(order, late)
    assert text is not None and SLIP in text and "12:00" in text
    # the deadline passing during the wait does not cut the wait short: it counts from sending
    due_soon = replace(
        order, amazon=replace(order.amazon, ship_by_latest=NOW + timedelta(minutes=1))
    )
    assert current_state(due_soon, NOW + timedelta(minutes=2)) is S.CONFIRM_SENT
    assert current_state(due_soon, late) is S.CONFIRM_NOT_REFLECTED
    assert deadline(order, late) is not Deadline.NONE  # the deadline is no longer hidden


def test_confirmation_sent_after_the_deadline_waits_from_the_sent_time() -> None:
    """Item 4: an order confirmed after its ship-by deadline is waiting for Amazon (sent late),
    not 「Amazon に反映されない」 the moment it was sent; the wait counts from the sent time."""
    from amzdesk.models import LocalNotes
    from amzdesk.states import DEFAULT_WAITS, current_state, waiting_for

    due = NOW - timedelta(hours=5)  # 6/2 07:00 JST
    sent_at = NOW  # 6/2 12:00 JST, five hours late
    order = make_mfn_order(
        status=AmazonStatus.UNSHIPPED,
        ship_by_latest=due,
        notes=LocalNotes(confirmed_packages=(make_package(SLIP),), confirmed_at=sent_at),
    )
    just_after = sent_at + timedelta(minutes=1)
    assert current_state(order, just_after) is S.CONFIRM_SENT
    assert not needs_action(order, just_after)
    assert deadline(order, just_after) is Deadline.NONE  # no 期限切れ while Amazon reflects it
    text = waiting_for(order, just_after)
    assert text is not None and text.id == "states.wait_confirm_late"
    assert "期限" in text and "6/2 07:00" in text and "6/2 12:00" in text and "12:30" in text
    assert "反映されない" not in text
    # once the wait from the sent time is over, it needs action again, saying what was sent
    over = sent_at + DEFAULT_WAITS.confirm
    assert current_state(order, over - timedelta(seconds=1)) is S.CONFIRM_SENT
    assert current_state(order, over) is S.CONFIRM_NOT_REFLECTED
    late_text = waiting_for(order, over)
    assert late_text is not None and SLIP in late_text and "12:00" in late_text
    # without a known sent time, the wait counts from the deadline
    unknown_time = replace(order, notes=replace(order.notes, confirmed_at=None))
    assert current_state(unknown_time, due + timedelta(minutes=1)) is S.CONFIRM_SENT
    assert current_state(unknown_time, due + DEFAULT_WAITS.confirm) is S.CONFIRM_NOT_REFLECTED


def test_the_owners_waits_decide_when_a_wait_needs_action() -> None:
    """Item 2: the waits are the owner's setting (Settings.waits), used by the state."""
    from amzdesk.models import LocalNotes
    from amzdesk.settings import Settings
    from amzdesk.states import current_state, waiting_for

    waits = Settings(confirm_wait_minutes=120, return_wait_days=2).waits()
    assert waits.confirm == timedelta(hours=2) and waits.ret == timedelta(days=2)
    sent = make_mfn_order(
        status=AmazonStatus.UNSHIPPED,
        ship_by_latest=NOW + timedelta(days=2),
        notes=LocalNotes(confirmed_packages=(make_package(SLIP),), confirmed_at=NOW),
    )
    at = NOW + timedelta(minutes=90)  # past the default 30 minutes, within the owner's 2 hours
    assert current_state(sent, at) is S.CONFIRM_NOT_REFLECTED
    assert current_state(sent, at, waits) is S.CONFIRM_SENT
    assert not needs_action(sent, at, waits)
    text = waiting_for(sent, at, waits)
    assert text is not None and "14:00" in text  # 12:00 JST + 2 hours
    assert current_state(sent, NOW + timedelta(hours=2), waits) is S.CONFIRM_NOT_REFLECTED
    returned = make_mfn_order(
        status=AmazonStatus.SHIPPED,
        delivery_status=Y,
        notes=LocalNotes(return_done_in_seller_central=True, return_recorded_at=NOW),
    )
    three_days = NOW + timedelta(days=3)
    assert current_state(returned, three_days) is S.RETURN_PENDING  # default: 7 days
    assert current_state(returned, three_days, waits) is S.RETURN_NOT_REFLECTED


def test_return_pending_is_waiting_not_action_until_unusually_long() -> None:
    """Item 6: 返送反映待ち is a wait with its age; it only alerts after a long time."""
    from amzdesk.models import LocalNotes
    from amzdesk.states import DEFAULT_WAITS, current_state, waiting_for

    order = make_mfn_order(
        status=AmazonStatus.SHIPPED,
        delivery_status=Y,
        notes=LocalNotes(return_done_in_seller_central=True, return_recorded_at=NOW),
    )
    assert combined_state(order) is S.RETURN_PENDING
    assert not needs_action(order, NOW + timedelta(days=1))
    text = waiting_for(order, NOW + timedelta(days=1))
    assert text is not None and "6/2 12:00" in text
    long_after = NOW + DEFAULT_WAITS.ret
    assert current_state(order, long_after) is S.RETURN_NOT_REFLECTED
    assert needs_action(order, long_after)
