"""The packing desk (issue: a window where the next right action is obvious): state first,
visible confirmations, views with counts, urgency order, search as printed."""

from __future__ import annotations

import math
import random
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from amzdesk import states, worklist
from amzdesk.models import Order
from amzdesk.worklist import View
from ui.main_window import MainWindow
from ui.orders.columns import C_DEADLINE, C_STATE
from ui.orders.rows import F_DEADLINE, F_NEEDS_ACTION, F_SHOP

from .test_main_window import is_mfn_to_confirm, pick_key, select, valid_mod7, visible_rows


def test_state_column_comes_first_and_is_visible(synced: MainWindow) -> None:
    w = synced
    hh = w.table.horizontalHeader()
    assert hh.logicalIndex(0) == C_STATE
    assert hh.sectionViewportPosition(C_STATE) == 0
    assert hh.sectionSize(C_STATE) >= 120
    assert w.proxy.index(0, C_STATE).data()  # a label, drawn as a badge


def test_confirmation_is_visible_and_does_not_steal_focus(
    synced: MainWindow, sim: Any, qtbot: Any
) -> None:
    w = synced
    key = pick_key(w, is_mfn_to_confirm)
    order = select(w, key)
    w.carrier_picker.set_carrier_name("ヤマト運輸")  # a common name: the real carrier
    number = valid_mod7(random.Random(7))
    w.tracking_entry.edit.setFocus()
    qtbot.keyClicks(w.tracking_entry.edit, number)
    qtbot.keyClick(w.tracking_entry.edit, Qt.Key.Key_Return)
    sent = sim.requests_for("confirmShipment")
    assert len(sent) == 1
    body = str(sent[0].json if hasattr(sent[0], "json") else sent[0].body)
    yamato = w.carrier_picker.table.by_name("クロネコヤマト")
    assert yamato is not None and yamato.spapi_code in body
    assert "'Other'" not in body and '"Other"' not in body  # not the unknown-carrier fallback
    # a short confirmation that names the order, the carrier Amazon shows and the number
    assert w.toast.isVisible()
    text = w.toast.label.text()
    assert order.amazon_order_id in text and "ヤマト運輸" in text and number in text
    assert "出荷通知しました" in text
    # the focus stays in the tracking field for the next scan
    assert QApplication.focusWidget() is w.tracking_entry.edit
    # the row changes visibly: highlighted, deadline cell says it was sent, then settles
    assert w.model.is_flashing(key)
    row = w.model.row_by_key(key)
    assert row is not None
    assert w.model.display_text(row, C_DEADLINE) == "出荷通知済み"
    assert w.model.display_text(row, C_STATE) != states.CombinedState.AMAZON_TO_CONFIRM.label
    qtbot.waitUntil(lambda: not w.model.is_flashing(key), timeout=5000)
    assert "今日の出荷通知 1 件" in w.session_summary.text()


def test_views_with_counts_default_to_needs_action(synced: MainWindow) -> None:
    w = synced
    assert w.current_view() is View.NEEDS_ACTION
    assert w.view_tabs.currentIndex() == 0
    counts = worklist.view_counts(r.flags for r in w.model.rows)
    assert w.view_counts() == counts
    assert counts[View.NEEDS_ACTION] > 0 and counts[View.ALL] > counts[View.NEEDS_ACTION]
    for i, view in enumerate(View):
        assert w.view_tabs.tabText(i) == f"{view.label} ({counts[view]})"
        w.view_tabs.setCurrentIndex(i)
        assert w.current_view() is view
        assert w.proxy.rowCount() == counts[view]
        assert all(worklist.in_view(r.flags, view) for r in visible_rows(w))
    summary = w.session_summary.text()
    assert f"残り {counts[View.NEEDS_ACTION]} 件" in summary
    assert f"期限切れ {counts[View.OVERDUE]} 件" in summary


def test_views_count_within_the_channel_filter(synced: MainWindow) -> None:
    w = synced
    w.channel_filter.setCurrentIndex(1)  # 自社
    shop = [r for r in w.model.rows if r.flags & F_SHOP]
    assert w.view_counts()[View.ALL] == len(shop)
    assert w.view_counts()[View.NEEDS_ACTION] == sum(1 for r in shop if r.flags & F_NEEDS_ACTION)


def test_shop_orders_sorted_by_their_own_urgency(synced: MainWindow) -> None:
    w = synced
    rows = visible_rows(w)  # 要対応, sorted by the deadline column (most urgent first)
    kinds = [0 if r.flags & F_DEADLINE else 1 if r.flags & F_SHOP else 2 for r in rows]
    assert kinds == sorted(kinds)
    assert 1 in kinds, "the simulated shop has unshipped shop orders"
    shop_dates = [r.order_date for r in rows if not r.flags & F_DEADLINE and r.flags & F_SHOP]
    shop_dates = [d for d in shop_dates if not math.isnan(d)]
    assert shop_dates == sorted(shop_dates)  # oldest shop order first


def test_search_finds_numbers_as_printed(synced: MainWindow, qtbot: Any) -> None:
    w = synced
    w.set_view(View.ALL)

    def with_package(o: Order, _r: Any) -> bool:
        return o.amazon is not None and any(len(p.tracking_number) == 12 for p in o.amazon.packages)

    key = pick_key(w, with_package)
    order = w.services.store.get(key)
    assert order is not None and order.amazon is not None
    number = next(p.tracking_number for p in order.amazon.packages if len(p.tracking_number) == 12)
    printed = f"{number[:4]}-{number[4:8]}-{number[8:]}"
    qtbot.keyClicks(w.search_field, printed)
    assert key in {r.key for r in visible_rows(w)}
    w.search_field.clear()
    qtbot.keyClicks(w.search_field, order.amazon_order_id.replace("-", ""))
    assert [r.key for r in visible_rows(w)] == [key]
