"""The journal window speaks the owner's words: no internal action names in its columns."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import Qt

from amzdesk.rules import Action
from amzdesk.store import ACTION_RETURN_RECORDED, Store
from tests.factories import NOW, make_mfn_order, make_shop_order
from ui import i18n
from ui.journal_window import JournalWindow
from ui.tasks import TaskRunner

# every action the app journals, with its side
ACTIONS = [
    (Action.CONFIRM_AMAZON.value, "amazon"),
    (Action.CORRECT_TRACKING.value, "amazon"),
    (Action.COMPLETE_MAKESHOP.value, "makeshop"),
    (Action.RETURN.value, "makeshop"),
    (ACTION_RETURN_RECORDED, "amazon"),
]
INTERNAL = re.compile(
    r"confirm-amazon|correct-tracking|complete-makeshop|return-recorded|export-amazon-file"
    r"|readback|^return$|^file$|^amazon$|carrierCode|trackingNumber|\{"
)
OWNER_WORDS = {
    "ja": {
        "出荷通知",
        "追跡番号の訂正",
        "配送完了にする",
        "返送",
        "セラーセントラルでの返送処理を記録",
        "アップロードファイルに書き出し",
    },
    "en": {
        "Shipment confirmation",
        "Tracking number correction",
        "Marked as shipped",
        "Return",
        "Seller Central return recorded",
        "Written to the upload file",
    },
}


@pytest.fixture
def journal(qtbot: Any, tmp_path: Path) -> Iterator[JournalWindow]:
    store = Store(tmp_path / "store.sqlite3", clock=lambda: NOW)
    mfn, shop = make_mfn_order(), make_shop_order()
    store.upsert_orders([mfn, shop])
    request = {"packageDetail": {"carrierCode": "YamatoTransport", "trackingNumber": "4444"}}
    for n, (action, side) in enumerate(ACTIONS):
        key = shop.key if action == Action.RETURN.value else mfn.key
        eid = store.journal_intent(key, action, side, str(n), request)
        store.journal_outcome(eid, "done", request_id=f"req-{n}")
    store.mark_exported(mfn.key, "9", request, file_name="upload.txt")
    w = JournalWindow(SimpleNamespace(store=store), runner=TaskRunner(synchronous=True))
    qtbot.addWidget(w)
    w.refresh()
    yield w
    store.close()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_columns_show_the_owners_words_and_ids_only_in_details(
    journal: JournalWindow, qapp: Any, lang: str
) -> None:
    i18n.install(qapp, lang)
    try:
        journal.refresh()  # the rows are built in the current language
        model = journal.model
        assert model.rowCount() == len(ACTIONS) + 1
        headers = [
            model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())
        ]
        cells = [
            model.data(model.index(r, c))
            for r in range(model.rowCount())
            for c in range(model.columnCount())
        ]
        for text in [*headers, *cells]:
            assert text is not None
            assert not INTERNAL.search(text), text
        shown_actions = {model.data(model.index(r, 2)) for r in range(model.rowCount())}
        assert shown_actions == OWNER_WORDS[lang]
        sides = {model.data(model.index(r, 1)) for r in range(model.rowCount())}
        assert "amazon" not in sides and "file" not in sides
        # the internal name and Amazon's request ID are in the details, for support
        for r in range(model.rowCount()):
            journal.table.selectRow(r)
            details = journal.details.toPlainText()
            entry = model.entry(journal.proxy.mapToSource(journal.proxy.index(r, 0)).row())
            assert entry.action in details
            if entry.request_id:
                assert entry.request_id in details
    finally:
        i18n.install(qapp, "ja")


def test_search_and_export_keep_the_details(journal: JournalWindow, tmp_path: Path) -> None:
    journal.search.setText("req-2")  # a request ID: found through the details
    assert journal.proxy.rowCount() == 1
    assert journal.visible_rows()[0][2] == "配送完了にする"
    out = tmp_path / "journal.csv"
    journal.export_csv(out)
    text = out.read_text(encoding="utf-8-sig")
    assert "配送完了にする" in text and "complete-makeshop" in text and "req-2" in text


def test_switching_language_re_renders_the_rows(journal: JournalWindow, qapp: Any) -> None:
    assert journal.model.data(journal.model.index(0, 2)) in OWNER_WORDS["ja"]
    try:
        i18n.install(qapp, "en")
        qapp.processEvents()
        shown = {journal.model.data(journal.model.index(r, 2)) for r in range(6)}
        assert shown == OWNER_WORDS["en"]
    finally:
        i18n.install(qapp, "ja")
        qapp.processEvents()
    assert journal.model.data(journal.model.index(0, 2)) in OWNER_WORDS["ja"]
