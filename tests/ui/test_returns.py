"""返送 in the window: a shipped shop order is returned after the user confirms; an Amazon
order's return is recorded as processed in Seller Central (R-C1)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton

from amzdesk import states
from amzdesk.models import Channel, DeliveryStatus, Order
from amzdesk.rules import Action
from ui.main_window import MainWindow, action_object_name
from ui.order_model import R_KEY, R_STATE

UPDATE = "updateOrderDeliveryStatus"


class Answers:
    """Stands in for the user at ``QMessageBox.question``: records the question, answers."""

    def __init__(self, answer: QMessageBox.StandardButton) -> None:
        self.answer = answer
        self.asked: list[tuple[str, str]] = []

    def __call__(self, _parent: Any, title: str, text: str, *_a: Any, **_kw: Any) -> Any:
        self.asked.append((title, text))
        return self.answer


@pytest.fixture
def yes(monkeypatch: pytest.MonkeyPatch) -> Answers:
    answers = Answers(QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "question", answers)
    return answers


@pytest.fixture
def no(monkeypatch: pytest.MonkeyPatch) -> Answers:
    answers = Answers(QMessageBox.StandardButton.No)
    monkeypatch.setattr(QMessageBox, "question", answers)
    return answers


def pick(w: MainWindow, predicate: Any) -> str:
    for row in w.model.rows:
        order = w.services.store.get(row[R_KEY])
        if order is not None and predicate(order):
            return str(row[R_KEY])
    raise AssertionError("no such order in the simulated shop")


def select(w: MainWindow, key: str) -> Order:
    w.search_field.clear()
    assert w.select_key(key)
    order = w.current_order()
    assert order is not None and order.key == key
    return order


def shipped_shop(o: Order) -> bool:
    return (
        o.channel is Channel.SHOP
        and o.makeshop is not None
        and o.makeshop.delivery_status is DeliveryStatus.SHIPPED
    )


def shipped_mfn(o: Order) -> bool:
    return (
        o.channel is Channel.AMAZON_MFN
        and states.combined_state(o) is states.CombinedState.DONE
        and o.makeshop is not None
        and o.makeshop.delivery_status is DeliveryStatus.SHIPPED
    )


def return_button(w: MainWindow) -> QPushButton:
    b = w.findChild(QPushButton, action_object_name(Action.RETURN))
    assert b is not None
    return b


def record_button(w: MainWindow) -> QPushButton:
    b = w.findChild(QPushButton, "action_record-return")
    assert b is not None
    return b


def state_of(w: MainWindow, key: str) -> str:
    row = w.model.row_by_key(key)
    assert row is not None
    return str(row[R_STATE])


def test_return_button_asks_then_returns_shop_order(
    synced: MainWindow, sim: Any, yes: Answers
) -> None:
    w = synced
    key = pick(w, shipped_shop)
    order = select(w, key)
    assert state_of(w, key) == states.CombinedState.SHOP_SHIPPED.value
    b = return_button(w)
    assert b.isEnabled(), b.toolTip()
    assert not record_button(w).isEnabled()  # a shop order has nothing to record (R-C1)
    b.click()
    [(title, text)] = yes.asked
    assert title == "返送" and order.display_order_number in text
    assert "よろしいですか" in text
    calls = sim.requests_for(UPDATE)
    assert len(calls) == 1
    assert sim.world.makeshop_order(order.display_order_number).deliveries[0].status == "R"
    assert state_of(w, key) == states.CombinedState.RETURNED.value
    assert "返送" in w.status_label.text()
    assert not return_button(w).isEnabled()  # the rules now refuse it: never twice
    [entry] = w.services.store.journal_entries(key)
    assert (entry.action, entry.side, entry.state) == ("return", "makeshop", "done")


def test_return_not_sent_when_the_user_says_no(synced: MainWindow, sim: Any, no: Answers) -> None:
    w = synced
    key = pick(w, shipped_shop)
    select(w, key)
    return_button(w).click()
    assert len(no.asked) == 1
    assert sim.requests_for(UPDATE) == []
    assert not w.services.store.journal_entries(key)
    assert state_of(w, key) == states.CombinedState.SHOP_SHIPPED.value
    assert return_button(w).isEnabled()


def test_amazon_order_return_is_recorded_as_done_in_seller_central(
    synced: MainWindow, sim: Any, yes: Answers
) -> None:
    w = synced
    key = pick(w, shipped_mfn)
    order = select(w, key)
    assert not return_button(w).isEnabled()
    assert "R-C1" in return_button(w).toolTip()
    rec = record_button(w)
    assert rec.isEnabled(), rec.toolTip()
    assert w.record_return_action.isEnabled()
    rec.click()
    [(_title, text)] = yes.asked
    assert order.amazon_order_id in text
    assert state_of(w, key) == states.CombinedState.RETURN_PENDING.value
    assert not record_button(w).isEnabled()  # recorded once
    assert "R-C1" in record_button(w).toolTip()
    [entry] = w.services.store.journal_entries(key)
    assert entry.action == "return-recorded"
    assert sim.requests_for(UPDATE) == [] and sim.requests_for("confirmShipment") == []


def test_record_entry_is_disabled_for_shop_and_fba_orders(synced: MainWindow) -> None:
    w = synced
    select(w, pick(w, shipped_shop))
    assert not record_button(w).isEnabled()
    select(w, pick(w, lambda o: o.channel is Channel.AMAZON_FBA))
    assert not record_button(w).isEnabled()
    assert "R-G1" in record_button(w).toolTip()
    assert not w.record_return_action.isEnabled()
