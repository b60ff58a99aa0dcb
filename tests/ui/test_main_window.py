"""The real window against the simulator: sync, filters, actions per order kind, confirming,
scanning, links, customer details, persistence, errors."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from amzdesk import rules, states
from amzdesk.models import Channel, Order
from amzdesk.rules import Action
from amzdesk.settings import load_settings
from amzdesk.sim import PII_MARKERS
from amzdesk.worklist import View
from ui.main_window import MainWindow, action_object_name
from ui.orders.model import KEY_ROLE
from ui.orders.rows import F_DEADLINE, F_FBA, F_NEEDS_ACTION
from ui.tasks import TaskRunner

from .conftest import make_window


def valid_mod7(rng: random.Random) -> str:
    body = rng.randrange(10**10, 10**11)
    return f"{body:011d}{body % 7}"


def visible_rows(w: MainWindow) -> list[tuple[Any, ...]]:
    return [w.proxy.row_tuple_at(r) for r in range(w.proxy.rowCount())]  # type: ignore[misc]


def pick_key(w: MainWindow, predicate: Any) -> str:
    for row in w.model.rows:
        order = w.services.store.get(row.key)
        if order is not None and predicate(order, row):
            return str(row.key)
    raise AssertionError("no such order in the simulated shop")


def select(w: MainWindow, key: str) -> Order:
    w.search_field.clear()
    assert w.select_key(key)
    order = w.current_order()
    assert order is not None and order.key == key
    return order


def button(w: MainWindow, action: Action) -> Any:
    return w.findChild(type(w.action_buttons[action]), action_object_name(action))


def is_mfn_to_confirm(o: Order, _row: Any) -> bool:
    return states.combined_state(o) is states.CombinedState.AMAZON_TO_CONFIRM and (
        o.amazon is not None and not o.notes.confirmed_packages
    )


# --- sync and the list --------------------------------------------------------------------------


def test_sync_lists_every_stored_order_and_shows_last_sync(synced: MainWindow) -> None:
    w = synced
    assert w.model.rowCount() == w.services.store.count()
    channels = {row.channel for row in w.model.rows}
    assert channels == {c.value for c in Channel}
    assert "未同期" not in w.last_sync_amazon.text()
    assert "未同期" not in w.last_sync_makeshop.text()
    assert str(w.model.rowCount()) in w.count_label.text()
    assert not w.progress.isVisible()


def test_default_sort_is_by_deadline_with_waiting_orders_first(synced: MainWindow) -> None:
    w = synced
    header = w.table.horizontalHeader()
    assert header.sortIndicatorSection() == 4
    rows = visible_rows(w)
    waiting = [i for i, r in enumerate(rows) if r.flags & F_DEADLINE]
    assert waiting, "the simulated shop has unshipped Amazon orders"
    assert waiting == list(range(len(waiting)))  # orders Amazon waits for come first
    dates = [rows[i].ship_by for i in waiting]
    assert dates == sorted(dates)


def test_threaded_window_loads_syncs_and_leaves_no_threads(
    qtbot: Any, services: Any, settings_path: Path
) -> None:
    runner = TaskRunner()
    w = make_window(qtbot, services, settings_path, runner=runner, autoload=True, autosync=True)
    qtbot.waitUntil(
        lambda: w.loaded() and not w.sync_running and w.model.rowCount() > 0, timeout=30000
    )
    assert w.model.rowCount() == services.store.count()
    # the post-sync work (deadline alerts, FBA listing check) finishes too
    qtbot.waitUntil(lambda: not runner.active, timeout=10000)
    assert runner.wait(10000)
    assert not runner.active
    w.close()


def test_sync_can_be_cancelled(qtbot: Any, services: Any, settings_path: Path, sim: Any) -> None:
    sim.faults.latency(0.3, scope="makeshop", count=None)
    w = make_window(qtbot, services, settings_path, runner=TaskRunner())
    w.start_sync()
    assert w.sync_running
    assert w.cancel_button.isVisible()
    w.cancel_sync()
    qtbot.waitUntil(lambda: not w.sync_running, timeout=30000)
    assert not w.progress.isVisible()
    assert w.runner.wait(10000)
    sim.faults.clear()
    w.close()


def test_sync_error_shows_banner_with_what_to_do(window: MainWindow, sim: Any) -> None:
    sim.faults.error(401, scope="lwaToken", count=None)
    window.start_sync()
    assert window.banner.isVisible()
    text = window.banner.text.text()
    assert "Amazon の認証情報を確認してください" in text
    assert "Traceback" not in text
    assert window.banner.button.isVisible()
    # makeshop still synced: its side is listed
    assert window.model.rowCount() > 0
    sim.faults.clear()


# --- filters ------------------------------------------------------------------------------------


def test_channel_filter(synced: MainWindow) -> None:
    w = synced
    w.set_view("all")
    w.channel_filter.setCurrentIndex(3)  # Amazon FBA
    rows = visible_rows(w)
    assert rows
    assert all(r.channel == Channel.AMAZON_FBA.value for r in rows)
    assert all(r.flags & F_FBA for r in rows)
    w.channel_filter.setCurrentIndex(1)  # 自社
    assert all(r.channel == Channel.SHOP.value for r in visible_rows(w))
    w.channel_filter.setCurrentIndex(0)
    assert w.proxy.rowCount() == w.model.rowCount()


def test_needs_action_filter_matches_amzdesk_states(synced: MainWindow) -> None:
    w = synced
    assert w.current_view() == View.NEEDS_ACTION  # the default view
    shown = {r.key for r in visible_rows(w)}
    expected = {o.key for o in w.services.store.all_orders() if states.needs_action(o)}
    assert shown == expected
    assert all(r.flags & F_NEEDS_ACTION for r in visible_rows(w))


def test_deadline_filters(synced: MainWindow) -> None:
    w = synced
    now = w.services.clock()
    orders = w.services.store.all_orders()
    w.set_view("overdue")
    overdue = {o.key for o in orders if states.deadline(o, now) is states.Deadline.OVERDUE}
    assert overdue, "the simulated shop has overdue orders"
    assert {r.key for r in visible_rows(w)} == overdue
    w.set_view("due-today")
    today = {o.key for o in orders if states.deadline(o, now) is states.Deadline.DUE_TODAY}
    assert {r.key for r in visible_rows(w)} == today


def test_search_by_order_number_sku_product_and_tracking(synced: MainWindow, qtbot: Any) -> None:
    w = synced
    orders = w.services.store.all_orders()
    mfn = next(o for o in orders if o.amazon is not None and o.amazon.items)
    qtbot.keyClicks(w.search_field, mfn.amazon_order_id)
    assert [r.key for r in visible_rows(w)] == [mfn.key]
    w.search_field.clear()
    sku = mfn.amazon.items[0].sku  # type: ignore[union-attr]
    w.search_field.setText(sku.lower())
    keys = {r.key for r in visible_rows(w)}
    assert mfn.key in keys
    assert keys == {o.key for o in orders if any(i.sku == sku for i in o.items)}
    title_word = mfn.items[0].title.split()[0]
    w.search_field.setText(title_word)
    assert mfn.key in {r.key for r in visible_rows(w)}
    shipped = next(o for o in orders if o.amazon is not None and o.amazon.packages)
    number = shipped.amazon.packages[0].tracking_number  # type: ignore[union-attr]
    w.search_field.setText(number)
    assert shipped.key in {r.key for r in visible_rows(w)}
    w.search_field.setText("該当しない文字列ZZZ")
    assert w.proxy.rowCount() == 0
    assert "0 /" in w.count_label.text()


# --- actions per order kind ---------------------------------------------------------------------


KINDS = {
    "shop": lambda o, _r: o.channel is Channel.SHOP,
    "mfn-to-confirm": is_mfn_to_confirm,
    "mfn-sync-pending": lambda o, _r: states.combined_state(o) is states.CombinedState.SYNC_PENDING,
    "mfn-link-failed": lambda o, _r: states.is_link_failed(o),
    "fba": lambda o, _r: o.channel is Channel.AMAZON_FBA,
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_buttons_follow_rules_with_reason_and_rule_id(synced: MainWindow, kind: str) -> None:
    w = synced
    key = pick_key(w, KINDS[kind])
    order = select(w, key)
    expected = rules.evaluate(order, None, [], table=w.services.carriers)
    panel = w.verdict_label.text()
    for action, v in expected.items():
        b = button(w, action)
        assert b is not None
        assert b.isEnabled() is v.allowed, (action, v)
        assert w.order_actions[action].isEnabled() is v.allowed
        assert v.reason in b.toolTip()
        if v.rule_id:
            assert v.rule_id in b.toolTip()
        # the panel shows the reason; the rule ID stays in the tooltip (issue 10: owner's words)
        assert v.reason in panel
        assert not re.search(r"R-[A-H][0-9]", panel)
        assert b.accessibleName()
    if kind == "fba":
        assert not any(
            b.isEnabled()
            for a, b in w.action_buttons.items()
            if a is not Action.OPEN_SELLER_CENTRAL
        )
        assert "R-G1" in button(w, Action.CONFIRM_AMAZON).toolTip()
    if kind.startswith("mfn"):
        assert "R-C1" in button(w, Action.RETURN).toolTip()
        assert "R-H1" in button(w, Action.EDIT).toolTip()
        assert "R-D1" in button(w, Action.SHOW_CUSTOMER).toolTip()
    if kind == "shop":
        assert not button(w, Action.CONFIRM_AMAZON).isEnabled()
        assert button(w, Action.OPEN_MAKESHOP).isEnabled()


def test_fba_rows_read_as_amazon_handles_it(synced: MainWindow) -> None:
    w = synced
    w.set_view(View.ALL)
    w.channel_filter.setCurrentIndex(3)
    index = w.proxy.index(0, 10)
    assert index.data() == "Amazon が出荷"
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None
    fg = w.proxy.index(0, 1).data(Qt.ItemDataRole.ForegroundRole)
    assert fg is not None and fg.color().name() == "#78909c"


def test_overdue_rows_have_icon_text_and_colour(synced: MainWindow) -> None:
    w = synced
    w.set_view("overdue")
    assert w.proxy.rowCount() > 0
    cell = w.proxy.index(0, 4)
    assert "期限切れ" in cell.data()
    assert cell.data(Qt.ItemDataRole.DecorationRole) is not None
    assert w.proxy.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None


# --- confirming ---------------------------------------------------------------------------------


def test_confirm_amazon_order_changes_its_state(synced: MainWindow, sim: Any) -> None:
    w = synced
    key = pick_key(w, is_mfn_to_confirm)
    select(w, key)
    assert not button(w, Action.CONFIRM_AMAZON).isEnabled()  # no carrier yet
    assert "配送業者を選んでください" in button(w, Action.CONFIRM_AMAZON).toolTip()
    w.carrier_picker.set_carrier_name("クロネコヤマト")
    number = valid_mod7(random.Random(7))
    w.tracking_entry.edit.setText(number)
    b = button(w, Action.CONFIRM_AMAZON)
    assert b.isEnabled(), b.toolTip()
    before = w.model.row_by_key(key).state  # type: ignore[union-attr]
    b.click()
    after = w.model.row_by_key(key).state  # type: ignore[union-attr]
    assert before == states.CombinedState.AMAZON_TO_CONFIRM.value
    assert after != before
    sent = sim.requests_for("confirmShipment")
    assert len(sent) == 1
    body = sent[0].json if hasattr(sent[0], "json") else sent[0].body
    assert number in str(body)
    order = w.current_order()
    assert order is not None and order.notes.confirmed_packages
    assert "出荷通知しました" in w.status_label.text()
    # a second click cannot send it again: the rules now refuse it
    assert not button(w, Action.CONFIRM_AMAZON).isEnabled()


def test_scanning_confirms_and_moves_to_next_order(
    synced: MainWindow, sim: Any, qtbot: Any
) -> None:
    w = synced
    w.set_view("needs-action")
    w.channel_filter.setCurrentIndex(2)  # Amazon 自己配送
    first = pick_key(
        w, lambda o, r: is_mfn_to_confirm(o, r) and w.proxy.proxy_row_of_key(o.key) >= 0
    )
    select(w, first)
    w.carrier_picker.set_carrier_name("佐川急便")
    number = valid_mod7(random.Random(11))
    w.tracking_entry.edit.setFocus()
    qtbot.keyClicks(w.tracking_entry.edit, f"a{number[:4]}-{number[4:8]}-{number[8:]}a")
    assert w.tracking_entry.is_valid()
    qtbot.keyClick(w.tracking_entry.edit, Qt.Key.Key_Return)
    assert len(sim.requests_for("confirmShipment")) == 1
    assert w.current_key() != first
    nxt = w.model.row_by_key(w.current_key())  # type: ignore[arg-type]
    assert nxt is not None and nxt.flags & F_NEEDS_ACTION
    assert w.tracking_entry.text() == ""
    assert w.model.row_by_key(first).state != states.CombinedState.AMAZON_TO_CONFIRM.value  # type: ignore[union-attr]


def test_a_scan_faster_than_the_order_read_still_confirms_once(
    synced: MainWindow, sim: Any, qtbot: Any
) -> None:
    """Enter arrives while the selected order is still being read in the background: it is
    not lost, the confirmation goes out once the order is there, and the next order follows."""
    w = synced
    w.runner = TaskRunner(w)  # threaded from here on, as in the running app
    w.carrier_picker.set_carrier_name("クロネコヤマト")
    key = pick_key(w, is_mfn_to_confirm)
    w.search_field.clear()
    assert w.select_key(key)
    assert w.current_order() is None  # the read has not come back yet
    w.tracking_entry.edit.setFocus()
    qtbot.keyClicks(w.tracking_entry.edit, valid_mod7(random.Random(5)))
    qtbot.keyClick(w.tracking_entry.edit, Qt.Key.Key_Return)
    assert sim.requests_for("confirmShipment") == []
    qtbot.waitUntil(lambda: len(sim.requests_for("confirmShipment")) == 1, timeout=20000)
    qtbot.waitUntil(lambda: not w.runner.is_busy(), timeout=20000)
    assert len(sim.requests_for("confirmShipment")) == 1
    assert w.current_key() != key
    assert w.model.row_by_key(key).state != states.CombinedState.AMAZON_TO_CONFIRM.value  # type: ignore[union-attr]
    w.runner.shutdown()


def test_scanning_an_invalid_number_sends_nothing(synced: MainWindow, sim: Any, qtbot: Any) -> None:
    w = synced
    key = pick_key(w, is_mfn_to_confirm)
    select(w, key)
    w.carrier_picker.set_carrier_name("クロネコヤマト")
    qtbot.keyClicks(w.tracking_entry.edit, "444413758704")
    assert not w.tracking_entry.is_valid()
    assert "チェックディジット" in w.tracking_entry.status.text()
    qtbot.keyClick(w.tracking_entry.edit, Qt.Key.Key_Return)
    assert sim.requests_for("confirmShipment") == []
    assert w.current_key() == key
    assert "送信できません" in w.status_label.text()


# --- links and customer details -----------------------------------------------------------------


class UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


@pytest.fixture
def url_catcher() -> Any:
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("https", catcher, "open")
    yield catcher
    QDesktopServices.unsetUrlHandler("https")


def test_open_in_seller_central_and_makeshop(synced: MainWindow, url_catcher: UrlCatcher) -> None:
    w = synced
    key = pick_key(w, is_mfn_to_confirm)
    order = select(w, key)
    button(w, Action.OPEN_SELLER_CENTRAL).click()
    button(w, Action.OPEN_MAKESHOP).click()
    assert url_catcher.urls == [
        QUrl(rules.seller_central_url(order)).toString(),
        QUrl(rules.makeshop_admin_url(order)).toString(),
    ]
    assert order.amazon_order_id in url_catcher.urls[0]


def test_customer_details_of_shop_order_are_fetched_not_stored(synced: MainWindow) -> None:
    w = synced
    key = pick_key(w, lambda o, _r: o.channel is Channel.SHOP)
    select(w, key)
    assert w.customer_label.isHidden()
    button(w, Action.SHOW_CUSTOMER).click()
    assert w.customer_label.isVisible()
    text = w.customer_label.text()
    assert "購入者" in text and "保存されません" in text
    assert any(m in text for m in PII_MARKERS)
    # switching orders drops them
    other = pick_key(w, lambda o, _r: o.channel is Channel.AMAZON_FBA)
    select(w, other)
    assert not w.customer_label.isVisible()
    assert not any(m in w.customer_label.text() for m in PII_MARKERS)
    w.services.store.close()
    data = Path(w.services.store.path).read_bytes()
    for marker in PII_MARKERS:
        assert marker.encode() not in data


# --- persistence, demo labelling, menus ---------------------------------------------------------


def test_filters_columns_and_geometry_persist(
    qtbot: Any, services: Any, settings_path: Path
) -> None:
    w = make_window(qtbot, services, settings_path)
    w.channel_filter.setCurrentIndex(2)
    w.set_view("overdue")
    w.search_field.setText("abc")
    hh = w.table.horizontalHeader()
    hh.moveSection(hh.visualIndex(2), 0)
    w.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    w.close()
    saved = load_settings(settings_path)
    assert saved.filters == {
        "channel": "amazon-mfn",
        "needs_action": False,
        "deadline": "all",
        "text": "abc",
        "view": "overdue",
    }
    assert saved.window_geometry
    services.settings = saved
    w2 = make_window(qtbot, services, settings_path)
    assert w2.channel_filter.currentIndex() == 2
    assert w2.current_view() == View.OVERDUE
    assert w2.search_field.text() == "abc"
    assert w2.table.horizontalHeader().visualIndex(2) == 0
    assert w2.proxy.sort_column() == 1
    assert w2.proxy.sort_order() == Qt.SortOrder.DescendingOrder
    w2.close()


def test_demo_window_is_labelled(window: MainWindow) -> None:
    assert window.demo
    assert "デモ" in window.windowTitle()
    assert window.banner.isVisible() and window.banner.kind == "demo"
    assert "デモ" in window.banner.text.text()


def test_widgets_have_object_and_accessible_names(window: MainWindow) -> None:
    names = [
        "orderTable",
        "searchField",
        "channelFilter",
        "viewTabs",
        "carrierPicker",
        "amazonCarrierPreview",
        "trackingNumber",
        "syncProgress",
        "cancelSync",
    ]
    for name in names:
        widget = window.findChild(QObject, name)
        assert widget is not None, name
        assert widget.accessibleName(), name  # type: ignore[attr-defined]
    for action in Action:
        assert window.findChild(QObject, action_object_name(action)) is not None


def test_context_menu_offers_every_action(synced: MainWindow) -> None:
    w = synced
    key = pick_key(w, lambda o, _r: o.channel is Channel.AMAZON_FBA)
    select(w, key)
    texts = [a.text() for a in w.order_menu.actions()]
    assert texts == [a.label for a in Action] + [
        rules.RECORD_RETURN_LABEL,
        rules.CANCEL_EXPORT_LABEL,
    ]
    assert not w.record_return_action.isEnabled() and not w.cancel_export_action.isEnabled()
    assert all(
        not a.isEnabled()
        for act, a in w.order_actions.items()
        if act is not Action.OPEN_SELLER_CENTRAL
    )


def test_state_column_follows_the_domain_state_for_every_fba_row(synced: MainWindow) -> None:
    w = synced
    w.set_view(View.ALL)
    w.channel_filter.setCurrentIndex(3)
    seen: set[str] = set()
    for r in range(w.proxy.rowCount()):
        key = w.proxy.index(r, 0).data(KEY_ROLE)
        order = w.services.store.get(key)
        assert order is not None and order.channel is Channel.AMAZON_FBA
        state = states.combined_state(order)
        seen.add(state.value)
        expected = "Amazon が出荷" if state is states.CombinedState.FBA else state.label
        assert w.proxy.index(r, 10).data() == expected, key
    # the demo shop has cancelled FBA orders: they read as cancelled, not as "Amazon handles it"
    assert {"fba", "cancelled"} <= seen


def test_a_setup_notice_outlives_a_clean_sync_a_sync_warning_does_not(synced: MainWindow) -> None:
    w = synced
    text = "認証情報がキーリングに見つかりません。"
    w.banner.show_message(text, "setup", "設定", w.open_settings)
    w.start_sync()
    assert not w.sync_running
    assert w.banner.isVisible() and w.banner.kind == "setup"
    w.banner.show_message("前回の同期でエラーがありました", "warning")
    w.start_sync()
    assert not w.banner.isVisible()
