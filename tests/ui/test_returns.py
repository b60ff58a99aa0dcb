"""返送 in the window: a shipped shop order is returned in makeshop's admin (no public API value
for it); an Amazon order's return is recorded as processed in Seller Central (R-C1)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QPushButton

from amzdesk import rules, states
from amzdesk.models import Channel, DeliveryStatus, Order
from amzdesk.rules import Action
from ui.main_window import MainWindow, action_object_name

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
        order = w.services.store.get(row.key)
        if order is not None and predicate(order):
            return str(row.key)
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
    return str(row.state)


class UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


@pytest.fixture
def urls() -> Any:
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("https", catcher, "open")
    yield catcher
    QDesktopServices.unsetUrlHandler("https")


def test_return_button_of_a_shop_order_opens_the_makeshop_admin(
    synced: MainWindow, sim: Any, yes: Answers, urls: UrlCatcher
) -> None:
    """makeshop's API has no public value for 返送: the button opens makeshop's admin."""
    w = synced
    key = pick(w, shipped_shop)
    order = select(w, key)
    b = return_button(w)
    assert b.isEnabled(), b.toolTip()
    assert "管理画面" in b.toolTip()
    assert not record_button(w).isEnabled()  # a shop order has nothing to record (R-C1)
    b.click()
    assert urls.urls == [QUrl(rules.makeshop_admin_url(order)).toString()]
    assert urls.urls[0].startswith("https://console.makeshop.jp")
    assert yes.asked == []  # nothing to confirm: nothing is sent
    assert sim.requests_for(UPDATE) == []
    assert not w.services.store.journal_entries(key)
    assert state_of(w, key) == states.CombinedState.SHOP_SHIPPED.value


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
