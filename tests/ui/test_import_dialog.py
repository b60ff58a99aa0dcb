"""Import errors say the importer's reason over an empty table; a generic CSV goes through
the column-mapping step, which is remembered."""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Any

from amzdesk import importers
from amzdesk.importers import ReviewStatus
from amzdesk.settings import load_settings
from ui.import_dialog import ImportDialog
from ui.main_window import MainWindow

from .test_journal_import import make_dialog, to_confirm, valid_mod7, write_b2


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_unreadable_csv_shows_the_reason_and_clears_the_previous_rows(
    synced: MainWindow, qtbot: Any, tmp_path: Path
) -> None:
    w = synced
    d = make_dialog(qtbot, w)
    orders = to_confirm(w, 2)
    rng = random.Random(3)
    good = write_b2(
        tmp_path / "b2.csv",
        [[o.amazon_order_id, "0", "0", valid_mod7(rng), "2026/03/10"] for o in orders],
    )
    d.load_file(good)
    assert d.table.rowCount() == 2
    bad = write_csv(tmp_path / "odd.csv", ["受注No", "送り状No", "メモ"], [["1", "2", "3"]])
    d.load_file(bad)
    text = d.summary.text()
    assert "送り状ソフトの形式を判別できません" in text  # the importer's own reason
    assert "LabelImportError" not in text and "予期しない" not in text
    assert d.table.rowCount() == 0  # nothing of the previous file stays
    assert not d.send_button.isEnabled()
    assert not d.map_button.isHidden()  # ... and what to do: name the columns


def test_generic_csv_column_mapping_is_asked_and_remembered(
    synced: MainWindow, qtbot: Any, tmp_path: Path
) -> None:
    w = synced
    w.services.settings.csv_column_mapping = {}
    d = ImportDialog(w.services, runner=w.runner, parent=w, settings_path=w.settings_path)
    qtbot.addWidget(d)
    d.show()
    orders = to_confirm(w, 2)
    rng = random.Random(9)
    numbers = [valid_mod7(rng) for _ in orders]
    header = ["受注No", "メモ", "送り状No", "運送会社"]
    path = write_csv(
        tmp_path / "export.csv",
        header,
        [[o.amazon_order_id, "x", n, "ヤマト運輸"] for o, n in zip(orders, numbers, strict=True)],
    )
    d.load_file(path)  # not recognised
    assert not d.map_button.isHidden()
    d.show_mapping()
    assert d.mapping_box.isVisible()
    order_combo = d.map_combos[importers.MAP_ORDER]
    tracking_combo = d.map_combos[importers.MAP_TRACKING]
    assert [order_combo.itemText(i) for i in range(order_combo.count())] == header
    # the same column twice is refused with a reason
    order_combo.setCurrentIndex(0)
    tracking_combo.setCurrentIndex(0)
    assert d.apply_mapping() is None
    assert "別々の列" in d.map_error.text()
    tracking_combo.setCurrentIndex(header.index("送り状No"))
    carrier_combo = d.map_combos[importers.MAP_CARRIER]
    carrier_combo.setCurrentIndex(carrier_combo.findData("運送会社"))
    d.apply_mapping()
    assert d.table.rowCount() == 2
    assert all(r.status is ReviewStatus.MATCHED for r in d.review_rows), [
        r.reason for r in d.review_rows
    ]
    assert {r.carrier for r in d.review_rows} == {"クロネコヤマト"}  # the alias resolved
    assert not d.mapping_box.isVisible()
    saved = load_settings(w.settings_path).csv_column_mapping
    assert saved[importers.MAP_ORDER] == "受注No"
    assert saved[importers.MAP_TRACKING] == "送り状No"
    # the next file with these columns: the mapping is preselected
    d2 = ImportDialog(w.services, runner=w.runner, parent=w, settings_path=w.settings_path)
    qtbot.addWidget(d2)
    d2.format_combo.setCurrentIndex(d2.format_combo.findData("generic"))
    d2.load_file(path)
    assert d2.mapping_box.isVisibleTo(d2)
    assert d2.map_combos[importers.MAP_TRACKING].currentData() == "送り状No"
    assert d2.map_combos[importers.MAP_ORDER].currentData() == "受注No"
