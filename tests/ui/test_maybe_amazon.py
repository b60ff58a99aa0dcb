"""A shop order that may be Amazon's: makeshop's 配送完了 only after an explicit yes (R-F3)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton

from amzdesk.recognition import maybe_amazon
from amzdesk.rules import Action
from amzdesk.sim import seed as S
from ui.main_window import MainWindow, action_object_name

YAMATO = "444413758703"


class Answers:
    def __init__(self, answer: QMessageBox.StandardButton) -> None:
        self.answer = answer
        self.asked: list[tuple[str, str]] = []

    def __call__(self, _parent: Any, title: str, text: str, *_a: Any, **_kw: Any) -> Any:
        self.asked.append((title, text))
        return self.answer


def _complete_button(w: MainWindow) -> QPushButton:
    b = w.findChild(QPushButton, action_object_name(Action.COMPLETE_MAKESHOP))
    assert b is not None
    return b


def _prepare(w: MainWindow, sim: Any) -> str:
    number = sim.world.scenario(S.SHOP_MAYBE_AMAZON)[0]
    order = w.services.store.find(number)
    assert order is not None and maybe_amazon(order.makeshop)
    w.search_field.clear()
    assert w.select_key(order.key)
    w.carrier_picker.set_carrier_name("佐川急便")
    w.tracking_entry.edit.setText(YAMATO)
    b = _complete_button(w)
    assert b.isEnabled(), b.toolTip()
    return number


@pytest.mark.parametrize("answer", ["no", "yes"])
def test_completion_asks_first(
    synced: MainWindow, sim: Any, monkeypatch: pytest.MonkeyPatch, answer: str
) -> None:
    w = synced
    yes = answer == "yes"
    answers = Answers(QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No)
    monkeypatch.setattr(QMessageBox, "question", answers)
    number = _prepare(w, sim)
    _complete_button(w).click()
    [(title, text)] = answers.asked
    assert "Amazon の注文かもしれません" in title and "連携失敗" in text
    sent = [r for r in sim.requests if r.operation == "updateOrderDeliveryStatus"]
    status = sim.world.makeshop_order(number).deliveries[0].status
    if yes:
        assert len(sent) == 1 and status == "Y"
        [item] = sent[0].json["variables"]["input"]["updateOrderDeliveryStatusRequests"]
        assert item["deliveryStatus"] == "COMPLETED"
    else:
        assert sent == [] and status == "N"
        assert "取りやめました" in w.status_label.text()


def test_saved_recognition_patterns_apply_to_the_next_sync(
    synced: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from ui import i18n

    monkeypatch.setattr(i18n, "install", lambda *_a, **_k: "ja")  # keep the tests' language
    w = synced
    patterns = {"pay_method_prefixes": ["Amazon出品"], "match_window_hours": 6}
    w.dialogs.settings_saved(replace(w.services.settings, amazon_recognition=patterns))
    for holder in (w.services.sync, w.services.makeshop):
        assert holder.recognition.pay_method_prefixes == ("Amazon出品",)
        assert holder.recognition.match_window_s == 6 * 3600
