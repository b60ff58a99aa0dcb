"""The same tracking number on two orders: flagged in the import review, sent only when the
shop owner ticks 同梱; the window asks before sending a number another order already has.

``AMZDESK_SHOTS=<folder>`` saves screenshots of both (Japanese and English) for a human look.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from amzdesk.importers import ReviewStatus
from tests.ui.test_journal_import import make_dialog, to_confirm, valid_mod7, write_b2
from ui.main_window import MainWindow


def _language() -> None:
    """English when the screenshots are taken in English (the default stays Japanese)."""
    if os.environ.get("AMZDESK_SHOT_LANG") == "en":
        from ui import i18n

        i18n.install(QApplication.instance(), "en")  # type: ignore[arg-type]


def _shot(widget: Any, name: str) -> None:
    folder = os.environ.get("AMZDESK_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"{name}.png"))


def test_import_flags_a_shared_number_and_sends_it_only_when_ticked(
    synced: MainWindow, qtbot: Any, tmp_path: Path
) -> None:
    import random

    w = synced
    _language()
    a, b, c = to_confirm(w, 3)
    rng = random.Random(5)
    shared, own = valid_mod7(rng), valid_mod7(rng)
    rows = [
        [a.amazon_order_id, "0", "0", shared, ""],
        [b.amazon_order_id, "0", "0", shared, ""],
        [c.amazon_order_id, "0", "0", own, ""],
    ]
    d = make_dialog(qtbot, w)
    d.resize(1200, 560)
    d.show()
    task = d.load_file(write_b2(tmp_path / "b2.csv", rows))
    qtbot.waitUntil(lambda: task.done, timeout=10000)
    assert [r.status for r in d.review_rows] == [
        ReviewStatus.SHARED,
        ReviewStatus.SHARED,
        ReviewStatus.MATCHED,
    ]
    assert d.shared_box.isVisible() and not d.shared_box.isChecked()
    assert [it.order_key for it in d.sendable_items()] == [c.key]
    _shot(d, f"import-shared-{os.environ.get('AMZDESK_SHOT_LANG', 'ja')}")
    d.shared_box.setChecked(True)
    keys = [it.order_key for it in d.sendable_items()]
    assert keys == [a.key, b.key, c.key]


def test_the_window_asks_before_reusing_another_orders_number(
    synced: MainWindow, qtbot: Any
) -> None:
    import random

    w = synced
    _language()
    a, b = to_confirm(w, 2)
    number = valid_mod7(random.Random(9))
    wf = w.services.workflow
    assert wf.confirm(a.key, "クロネコヤマト", [number]).ok
    result = wf.confirm(b.key, "クロネコヤマト", [number])
    assert result.state == "refused" and result.shared_with == (a.amazon_order_id,)

    from ui import backend

    outcome = backend.send_action(w.services, b.key, "amazon", None, [number])
    assert not outcome.ok
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(box.text())
        _shot(box, f"shared-question-{os.environ.get('AMZDESK_SHOT_LANG', 'ja')}")
        keep = [btn for btn in box.findChildren(QPushButton) if btn is box.defaultButton()]
        assert keep  # the safe answer is the default (Enter from a scanner)
        keep[0].click()

    outcome = backend.SendOutcome(b.key, False, result.message, shared_with=result.shared_with)
    QTimer.singleShot(0, answer)
    assert w.order_ops._ask_shared_parcel(b.amazon_order_id, outcome) is False
    assert seen and a.amazon_order_id in seen[0]
