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
from ui.orders.columns import COLUMN_KEYS, NCOLS, position, sort_key_function
from ui.orders.model import OrderTableModel
from ui.orders.proxy import OrderProxyModel
from ui.orders.rows import (
    F_DUE_TODAY,
    F_FBA,
    F_NEEDS_ACTION,
    F_OVERDUE,
    FilterState,
    carrier_names_of,
    load_rows,
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
        order = store.get(row.key)
        assert order is not None
        assert bool(row.flags & F_NEEDS_ACTION) == states.needs_action(order)
        dl = states.deadline(order, NOW)
        assert bool(row.flags & F_OVERDUE) == (dl is states.Deadline.OVERDUE)
        assert bool(row.flags & F_DUE_TODAY) == (dl is states.Deadline.DUE_TODAY)
        assert bool(row.flags & F_FBA) == (order.channel is Channel.AMAZON_FBA)
        assert row.channel == order.channel.value


def test_model_tester_on_model(qtmodeltester: Any, models: Any) -> None:
    model, _proxy = models
    qtmodeltester.check(model, force_py=True)


def test_model_tester_on_proxy_while_filtering_and_sorting(qtmodeltester: Any, models: Any) -> None:
    model, proxy = models
    qtmodeltester.check(proxy, force_py=True)
    proxy.set_text("sku")
    proxy.set_filter(FilterState(channel="amazon-mfn", needs_action=True))
    proxy.sort(position("display_no"), Qt.SortOrder.DescendingOrder)
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
    expected = [r for r in model.rows if r.channel == "amazon-mfn" and r.flags & F_NEEDS_ACTION]
    assert {r.key for r in shown} == {r.key for r in expected}
    # typing character by character gives the same as a fresh filter
    target = expected[0]
    for i in range(1, len(target.key) + 1):
        proxy.set_text(target.key[4 : i + 4])
    typed = {proxy.key_at(r) for r in range(proxy.rowCount())}
    fresh = OrderProxyModel()
    fresh.setSourceModel(model)
    fresh.set_filter(proxy.filter_state)
    assert typed == {fresh.key_at(r) for r in range(fresh.rowCount())}
    assert target.key in typed
    # deleting characters widens again
    proxy.set_text("")
    assert proxy.rowCount() == len(expected)


def test_search_is_full_width_and_case_insensitive(models: Any) -> None:
    model, proxy = models
    row = next(r for r in model.rows if r.channel == "shop")
    number = row[2]
    wide = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    proxy.set_text(wide)
    assert row.key in {proxy.key_at(r) for r in range(proxy.rowCount())}
    proxy.set_text("SKU")
    upper = proxy.rowCount()
    proxy.set_text("sku")
    assert proxy.rowCount() == upper > 0


def test_selection_survives_filtering_and_sorting(qtbot: Any, models: Any) -> None:
    model, proxy = models
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    target = next(r for r in model.rows if r.channel == "amazon-fba")
    row = proxy.proxy_row_of_key(target.key)
    view.selectionModel().setCurrentIndex(
        proxy.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    proxy.sort(position("amazon_id"), Qt.SortOrder.DescendingOrder)
    proxy.set_filter(FilterState(channel="amazon-fba"))
    current = view.selectionModel().currentIndex()
    assert current.isValid()
    assert proxy.key_at(current.row()) == target.key
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
    for column in (position("deadline"), position("state"), position("tracking")):
        proxy.sort(column)  # cache every permutation used below
    proxy.sort(position("state"))
    target = next(r for r in model.rows if r.channel == "amazon-mfn")
    changed = target._replace(tracking="9" * 12, state="done")
    model.update_rows([changed])
    for column in (position("deadline"), position("state"), position("tracking")):
        proxy.sort(column)
        key = sort_key_function(column, model.labels)
        keys = [key(proxy.row_tuple_at(r)) for r in range(proxy.rowCount())]
        assert keys == sorted(keys)
    assert proxy.row_tuple_at(proxy.rowCount() - 1).key == target.key or any(
        proxy.row_tuple_at(r).key == target.key for r in range(proxy.rowCount())
    )


def test_precomputed_permutations_are_used(store: Store) -> None:
    from ui.orders.columns import sorted_permutations

    model = OrderTableModel()
    rows = load_rows(store, NOW)
    perms = sorted_permutations(rows, model.labels, position("deadline"))
    model.set_rows(rows, perms)
    proxy = OrderProxyModel()
    proxy.setSourceModel(model)
    assert set(proxy._perm_cache) == set(range(NCOLS))
    proxy.sort(position("amazon_id"))
    key = sort_key_function(position("amazon_id"), model.labels)
    keys = [key(proxy.row_tuple_at(r)) for r in range(proxy.rowCount())]
    assert keys == sorted(keys)


_PURE_ROWS = """
import json, sys
from pathlib import Path

from amzdesk.store import Store
from tests.factories import NOW, make_fba_order, make_mfn_order, make_shop_order
from ui.orders import columns, rows

store = Store(Path(sys.argv[1]), clock=lambda: NOW)
store.upsert_orders([make_shop_order(), make_mfn_order(), make_fba_order()])
built = rows.load_rows(store, NOW)
labels = rows.Labels(channel={"shop": "SHOP"})
texts = [[c.text(labels)(r) for c in columns.COLUMNS] for r in built]
icons = sorted({str(c.icon(labels)(r)) for c in columns.COLUMNS if c.icon for r in built})
perms = columns.sorted_permutations(built, labels)
store.close()
print(json.dumps({
    "rows": [r._asdict() for r in built],
    "texts": texts,
    "icons": icons,
    "perms": {str(k): v for k, v in perms.items()},
    "qt": sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6")),
}))
"""


def test_rows_and_columns_work_without_qt(tmp_path: Path) -> None:
    """The pure half of the list (rows, the column table, sorting) runs in a process that
    never loads Qt (the import-linter contract checks the imports statically)."""
    import json
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run(
        [sys.executable, "-c", _PURE_ROWS, str(tmp_path / "s.sqlite3")],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.splitlines()[-1])
    assert out["qt"] == []
    assert sorted(r["channel"] for r in out["rows"]) == ["amazon-fba", "amazon-mfn", "shop"]
    for row, texts in zip(out["rows"], out["texts"], strict=True):
        cells = dict(zip(COLUMN_KEYS, texts, strict=True))
        assert cells["amazon_id"] == row["amazon_id"]
        assert cells["channel"] == ("SHOP" if row["channel"] == "shop" else row["channel"])
    assert "fba" in out["icons"]  # the FBA order's channel and state icons
    assert sorted(out["perms"]) == sorted(str(c) for c in range(NCOLS))
    assert all(sorted(p) == [0, 1, 2] for p in out["perms"].values())
