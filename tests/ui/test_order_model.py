"""The table model and the sort/filter proxy: model tester, filtering and sorting correctness."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QTableView

from amzdesk import states
from amzdesk.carriers import default_table
from amzdesk.models import AmazonStatus, Channel
from amzdesk.store import Store
from tests.factories import NOW, make_fba_order, make_mfn_order, make_shop_order
from ui.order_model import (
    F_DUE_TODAY,
    F_FBA,
    F_NEEDS_ACTION,
    F_OVERDUE,
    NCOLS,
    R_CHANNEL,
    R_FLAGS,
    R_KEY,
    Col,
    FilterState,
    OrderProxyModel,
    OrderTableModel,
    carrier_names_of,
    load_rows,
    sort_key_function,
)


def _orders(n: int, seed: int = 3) -> list[Any]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        kind = rng.choice(["shop", "mfn", "mfn-shipped", "fba"])
        if kind == "shop":
            out.append(make_shop_order())
        elif kind == "mfn":
            due = NOW + timedelta(hours=rng.randint(-48, 72))
            out.append(make_mfn_order(ship_by_latest=due))
        elif kind == "mfn-shipped":
            out.append(make_mfn_order(status=AmazonStatus.SHIPPED))
        else:
            out.append(make_fba_order())
        del i
    return out


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "s.sqlite3", clock=lambda: NOW)
    s.upsert_orders(_orders(80))
    yield s
    s.close()


@pytest.fixture
def models(store: Store) -> tuple[OrderTableModel, OrderProxyModel]:
    model = OrderTableModel()
    model.set_rows(load_rows(store, NOW, carrier_names_of(default_table())))
    proxy = OrderProxyModel()
    proxy.setSourceModel(model)
    return model, proxy


def test_rows_follow_amzdesk_states(store: Store, models: Any) -> None:
    model, _proxy = models
    assert model.rowCount() == store.count() == 80
    for row in model.rows:
        order = store.get(row[R_KEY])
        assert order is not None
        assert bool(row[R_FLAGS] & F_NEEDS_ACTION) == states.needs_action(order)
        dl = states.deadline(order, NOW)
        assert bool(row[R_FLAGS] & F_OVERDUE) == (dl is states.Deadline.OVERDUE)
        assert bool(row[R_FLAGS] & F_DUE_TODAY) == (dl is states.Deadline.DUE_TODAY)
        assert bool(row[R_FLAGS] & F_FBA) == (order.channel is Channel.AMAZON_FBA)
        assert row[R_CHANNEL] == order.channel.value


def test_model_tester_on_model(qtmodeltester: Any, models: Any) -> None:
    model, _proxy = models
    qtmodeltester.check(model, force_py=True)


def test_model_tester_on_proxy_while_filtering_and_sorting(qtmodeltester: Any, models: Any) -> None:
    model, proxy = models
    qtmodeltester.check(proxy, force_py=True)
    proxy.set_text("sku")
    proxy.set_filter(FilterState(channel="amazon-mfn", needs_action=True))
    proxy.sort(int(Col.DISPLAY_NO), Qt.SortOrder.DescendingOrder)
    proxy.set_text("")
    proxy.set_filter(FilterState())
    assert proxy.rowCount() == model.rowCount()


def test_model_tester_through_a_reset(qtmodeltester: Any, store: Store, models: Any) -> None:
    model, proxy = models
    qtmodeltester.check(proxy, force_py=True)
    store.upsert_orders(_orders(10, seed=9))
    model.set_rows(load_rows(store, NOW))
    assert proxy.rowCount() == 90


@pytest.mark.parametrize("column", list(range(NCOLS)))
@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_sort_by_every_column(models: Any, column: int, order: Qt.SortOrder) -> None:
    model, proxy = models
    proxy.sort(column, order)
    key = sort_key_function(column, model.labels)
    keys = [key(proxy.row_tuple_at(r)) for r in range(proxy.rowCount())]
    assert keys == sorted(keys, reverse=order == Qt.SortOrder.DescendingOrder)
    assert proxy.rowCount() == model.rowCount()


def test_filters_combine_and_text_narrows(models: Any) -> None:
    model, proxy = models
    proxy.set_filter(FilterState(channel="amazon-mfn", needs_action=True))
    shown = [proxy.row_tuple_at(r) for r in range(proxy.rowCount())]
    expected = [
        r for r in model.rows if r[R_CHANNEL] == "amazon-mfn" and r[R_FLAGS] & F_NEEDS_ACTION
    ]
    assert {r[R_KEY] for r in shown} == {r[R_KEY] for r in expected}
    # typing character by character gives the same as a fresh filter
    target = expected[0]
    for i in range(1, len(target[R_KEY]) + 1):
        proxy.set_text(target[R_KEY][4 : i + 4])
    typed = {proxy.key_at(r) for r in range(proxy.rowCount())}
    fresh = OrderProxyModel()
    fresh.setSourceModel(model)
    fresh.set_filter(proxy.filter_state)
    assert typed == {fresh.key_at(r) for r in range(fresh.rowCount())}
    assert target[R_KEY] in typed
    # deleting characters widens again
    proxy.set_text("")
    assert proxy.rowCount() == len(expected)


def test_search_is_full_width_and_case_insensitive(models: Any) -> None:
    model, proxy = models
    row = next(r for r in model.rows if r[R_CHANNEL] == "shop")
    number = row[2]
    wide = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    proxy.set_text(wide)
    assert row[R_KEY] in {proxy.key_at(r) for r in range(proxy.rowCount())}
    proxy.set_text("SKU")
    upper = proxy.rowCount()
    proxy.set_text("sku")
    assert proxy.rowCount() == upper > 0


def test_selection_survives_filtering_and_sorting(qtbot: Any, models: Any) -> None:
    model, proxy = models
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    target = next(r for r in model.rows if r[R_CHANNEL] == "amazon-fba")
    row = proxy.proxy_row_of_key(target[R_KEY])
    view.selectionModel().setCurrentIndex(
        proxy.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    proxy.sort(int(Col.AMAZON_ID), Qt.SortOrder.DescendingOrder)
    proxy.set_filter(FilterState(channel="amazon-fba"))
    current = view.selectionModel().currentIndex()
    assert current.isValid()
    assert proxy.key_at(current.row()) == target[R_KEY]
    proxy.set_filter(FilterState(channel="shop"))
    assert not view.selectionModel().currentIndex().isValid()


def test_update_rows_replaces_and_appends(store: Store, models: Any) -> None:
    model, proxy = models
    new = make_mfn_order(ship_by_latest=NOW + timedelta(hours=2))
    store.upsert_orders([new])
    rows = load_rows(store, NOW, keys=[new.key])
    model.update_rows(rows)
    assert model.rowCount() == 81
    assert proxy.proxy_row_of_key(new.key) >= 0
    assert model.row_by_key(new.key) == rows[0]


def test_empty_model(qtmodeltester: Any) -> None:
    model = OrderTableModel()
    proxy = OrderProxyModel()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy, force_py=True)
    assert proxy.rowCount() == 0
    assert proxy.key_at(0) is None


def test_changed_rows_move_to_their_sorted_place(store: Store, models: Any) -> None:
    model, proxy = models
    for column in (int(Col.DEADLINE), int(Col.STATE), int(Col.TRACKING)):
        proxy.sort(column)  # cache every permutation used below
    proxy.sort(int(Col.STATE))
    target = next(r for r in model.rows if r[R_CHANNEL] == "amazon-mfn")
    changed = (*target[:10], "9" * 12, "done", *target[12:])  # new tracking and state
    model.update_rows([changed])
    for column in (int(Col.DEADLINE), int(Col.STATE), int(Col.TRACKING)):
        proxy.sort(column)
        key = sort_key_function(column, model.labels)
        keys = [key(proxy.row_tuple_at(r)) for r in range(proxy.rowCount())]
        assert keys == sorted(keys)
    assert proxy.row_tuple_at(proxy.rowCount() - 1)[R_KEY] == target[R_KEY] or any(
        proxy.row_tuple_at(r)[R_KEY] == target[R_KEY] for r in range(proxy.rowCount())
    )


def test_precomputed_permutations_are_used(store: Store) -> None:
    from ui.order_model import sorted_permutations

    model = OrderTableModel()
    rows = load_rows(store, NOW)
    perms = sorted_permutations(rows, model.labels, int(Col.DEADLINE))
    model.set_rows(rows, perms)
    proxy = OrderProxyModel()
    proxy.setSourceModel(model)
    assert set(proxy._perm_cache) == set(range(NCOLS))
    proxy.sort(int(Col.AMAZON_ID))
    key = sort_key_function(int(Col.AMAZON_ID), model.labels)
    keys = [key(proxy.row_tuple_at(r)) for r in range(proxy.rowCount())]
    assert keys == sorted(keys)
