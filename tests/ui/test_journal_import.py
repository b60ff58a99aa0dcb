"""Label CSV import (review, send with per-row results, retry, upload file) and the journal."""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from amzdesk import states
from amzdesk.importers import ReviewStatus
from ui.import_dialog import ImportDialog
from ui.journal_window import JournalWindow
from ui.main_window import MainWindow

B2_HEADER = ["お客様管理番号", "送り状種類", "クール区分", "伝票番号", "出荷予定日"]


def valid_mod7(rng: random.Random) -> str:
    body = rng.randrange(10**10, 10**11)
    return f"{body:011d}{body % 7}"


def to_confirm(w: MainWindow, n: int) -> list[Any]:
    orders = [
        o
        for o in w.services.store.all_orders()
        if states.combined_state(o) is states.CombinedState.AMAZON_TO_CONFIRM
        and o.amazon is not None
        and not o.notes.confirmed_packages
    ]
    assert len(orders) >= n
    return orders[:n]


def write_b2(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_ALL)
        w.writerow(B2_HEADER)
        w.writerows(rows)
    return path


def make_dialog(qtbot: Any, w: MainWindow) -> ImportDialog:
    d = ImportDialog(w.services, runner=w.runner, parent=w)
    qtbot.addWidget(d)
    d.ordersChanged.connect(w.dialogs.orders_changed)
    return d


def test_import_review_send_and_journal(
    synced: MainWindow, qtbot: Any, sim: Any, tmp_path: Path
) -> None:
    w = synced
    rng = random.Random(5)
    orders = to_confirm(w, 3)
    numbers = [valid_mod7(rng) for _ in orders]
    rows = [
        [o.amazon_order_id, "0", "0", n, "2026/03/10"] for o, n in zip(orders, numbers, strict=True)
    ]
    rows.append(["999-0000000-0000000", "0", "0", valid_mod7(rng), "2026/03/10"])  # unknown
    rows.append([orders[0].amazon_order_id, "0", "0", numbers[0], "2026/03/10"])  # duplicate
    path = write_b2(tmp_path / "b2.csv", rows)
    d = make_dialog(qtbot, w)
    d.load_file(path)
    statuses = [r.status for r in d.review_rows]
    assert statuses.count(ReviewStatus.MATCHED) >= 2
    assert ReviewStatus.UNMATCHED in statuses
    assert d.table.rowCount() == len(d.review_rows)
    reasons = [d.table.item(i, 5).text() for i in range(d.table.rowCount())]
    assert all(reasons)
    assert d.send_button.isEnabled()
    d.send()
    sent = sim.requests_for("confirmShipment")
    assert len(sent) == len(d.sendable_items()) + sum(1 for r in d.results.values() if r.ok)
    assert all(r.ok for r in d.results.values())
    results_col = [d.table.item(i, 6).text() for i in range(d.table.rowCount())]
    assert any("出荷通知しました" in t for t in results_col)
    # the window's rows follow
    for o in orders:
        if o.key in d.results:
            row = w.model.row_by_key(o.key)
            assert row is not None and row.state != states.CombinedState.AMAZON_TO_CONFIRM.value
    # journal: every action sent, with Amazon's request ID
    j = JournalWindow(w.services, runner=w.runner)
    qtbot.addWidget(j)
    j.refresh()
    assert j.model.rowCount() == len(sent)
    rows_shown = j.model.rows()
    assert all(r[1] == "Amazon" for r in rows_shown)
    assert all(r[2] == "出荷通知" for r in rows_shown)  # the owner's word, not confirm-amazon
    assert all(j.model.entry(i).request_id for i in range(len(rows_shown)))
    # a language change renders the results again (same rows in the same language)
    QApplication.sendEvent(j, QEvent(QEvent.Type.LanguageChange))
    assert j.model.rows() == rows_shown
    j.table.selectRow(0)
    assert "Amazon リクエスト ID: " in j.details.toPlainText()  # the ids are in the details
    j.search.setText(numbers[1])
    assert j.proxy.rowCount() == 1
    out = tmp_path / "journal.csv"
    j.export_csv(out)
    text = out.read_text(encoding="utf-8-sig")
    assert "Amazon リクエスト ID" in text and numbers[1] in text
    assert numbers[0] not in text  # filters apply to the export


def test_failed_rows_can_be_retried(
    synced: MainWindow, qtbot: Any, sim: Any, tmp_path: Path
) -> None:
    w = synced
    rng = random.Random(8)
    orders = to_confirm(w, 2)
    rows = [[o.amazon_order_id, "0", "0", valid_mod7(rng), "2026/03/10"] for o in orders]
    d = make_dialog(qtbot, w)
    d.load_file(write_b2(tmp_path / "b2.csv", rows))
    sim.faults.error(400, scope="confirmShipment", count=1)
    d.send()
    failed = [k for k, r in d.results.items() if not r.ok]
    assert len(failed) == 1
    assert d.retry_button.isEnabled()
    d.retry_failed()
    assert all(r.ok for r in d.results.values())
    assert not d.retry_button.isEnabled()


def test_upload_file_instead_of_sending(
    synced: MainWindow, qtbot: Any, sim: Any, tmp_path: Path
) -> None:
    w = synced
    rng = random.Random(9)
    orders = to_confirm(w, 2)
    rows = [[o.amazon_order_id, "0", "0", valid_mod7(rng), "2026/03/10"] for o in orders]
    d = make_dialog(qtbot, w)
    d.load_file(write_b2(tmp_path / "b2.csv", rows))
    target = tmp_path / "upload.txt"
    d.export_file(target)
    assert target.exists()
    data = target.read_bytes()
    assert b"\r\n" in data
    assert orders[0].amazon_order_id.encode() in data
    assert sim.requests_for("confirmShipment") == []
    assert "書き出しました" in d.summary.text()
    row = w.model.row_by_key(orders[0].key)
    assert row is not None and row.state == states.CombinedState.UPLOAD_PENDING.value


def test_export_can_be_cancelled_from_the_dialog_and_the_window(
    synced: MainWindow, qtbot: Any, sim: Any, tmp_path: Path
) -> None:
    """Issue 10, item 3: 「書き出しを取り消してください」 now has something to click."""
    from amzdesk.rules import Action

    w = synced
    rng = random.Random(11)
    orders = to_confirm(w, 2)
    rows = [[o.amazon_order_id, "0", "0", valid_mod7(rng), "2026/03/10"] for o in orders]
    d = make_dialog(qtbot, w)
    d.load_file(write_b2(tmp_path / "b2.csv", rows))
    assert not d.undo_export_button.isVisible()
    d.export_file(tmp_path / "upload.txt")
    assert d.undo_export_button.isEnabled()
    # the window: the order waits for the upload; the detail panel and the menu offer the cancel
    w.select_key(orders[0].key)
    qtbot.waitUntil(lambda: w.current_order() is not None and w.cancel_export_button.isEnabled())
    assert not w.action_buttons[Action.CONFIRM_AMAZON].isEnabled()
    assert w.cancel_export_action.isEnabled()
    assert w.cancel_export_action in w.order_menu.actions()
    w.cancel_export_button.click()
    qtbot.waitUntil(
        lambda: (
            w.model.row_by_key(orders[0].key).state  # type: ignore[union-attr]
            == states.CombinedState.AMAZON_TO_CONFIRM.value
        )
    )
    qtbot.waitUntil(lambda: not w.cancel_export_button.isEnabled())
    entries = w.services.store.journal_entries(orders[0].key)
    assert any(e.side == "file" and e.state == "failed" for e in entries)
    # the dialog's result: cancel the whole file just written
    d.undo_export()
    qtbot.waitUntil(lambda: "取り消しました" in d.summary.text())
    assert not d.undo_export_button.isVisible()
    row = w.model.row_by_key(orders[1].key)
    assert row is not None and row.state == states.CombinedState.AMAZON_TO_CONFIRM.value
    assert sim.requests_for("confirmShipment") == []
