"""The journal: every action this app sent (side, request, result, Amazon request ID, time).

The columns say it in the owner's words (送信先 Amazon / makeshop / アップロードファイル,
操作 出荷通知 / 配送完了にする / 返送 …); the internal action name, Amazon's request ID and the
request sent are shown only in the details below the list (and in the CSV export, for support).
Filterable by text, side and state; exportable to CSV.  Reading and writing run in the
background task helper.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from amzdesk.clock import to_jst
from ui import backend
from ui.tasks import TaskRunner

_Index = QModelIndex | QPersistentModelIndex

STATE_LABELS = {
    "intent": QT_TRANSLATE_NOOP("JournalWindow", "送信前"),
    "sent": QT_TRANSLATE_NOOP("JournalWindow", "送信済み（結果待ち）"),
    "done": QT_TRANSLATE_NOOP("JournalWindow", "完了"),
    "failed": QT_TRANSLATE_NOOP("JournalWindow", "失敗"),
    "unknown": QT_TRANSLATE_NOOP("JournalWindow", "結果不明"),
    "exported": QT_TRANSLATE_NOOP("JournalWindow", "ファイルに書き出し済み"),
}
SIDE_LABELS = {
    "amazon": "Amazon",
    "makeshop": "makeshop",
    "file": QT_TRANSLATE_NOOP("JournalWindow", "アップロードファイル"),
}
# journal action (amzdesk.rules.Action values, amzdesk.store.ACTION_*) -> the owner's words
ACTION_LABELS = {
    "confirm-amazon": QT_TRANSLATE_NOOP("JournalWindow", "出荷通知"),
    "correct-tracking": QT_TRANSLATE_NOOP("JournalWindow", "追跡番号の訂正"),
    "complete-makeshop": QT_TRANSLATE_NOOP("JournalWindow", "配送完了にする"),
    "return": QT_TRANSLATE_NOOP("JournalWindow", "返送"),
    "return-recorded": QT_TRANSLATE_NOOP("JournalWindow", "セラーセントラルでの返送処理を記録"),
    "export-amazon-file": QT_TRANSLATE_NOOP("JournalWindow", "アップロードファイルに書き出し"),
    "readback": QT_TRANSLATE_NOOP("JournalWindow", "Amazon の登録内容の確認"),
}
OTHER_ACTION = QT_TRANSLATE_NOOP("JournalWindow", "その他の操作")


def _tr(text: object) -> str:
    """Translate a QT_TRANSLATE_NOOP text (typed ``object`` by the Qt stubs)."""
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("JournalWindow", str(text))


def action_label(action: str) -> str:
    """The owner's words for a journal action (never the internal name)."""
    return _tr(ACTION_LABELS.get(action, OTHER_ACTION))


def entry_cells(e: Any) -> list[str]:
    """The row shown for one journal entry, in the owner's words."""
    from ui.i18n import tr_core

    when = to_jst(e.created_at).strftime("%Y-%m-%d %H:%M:%S") if e.created_at else ""
    return [
        when,
        _tr(SIDE_LABELS.get(e.side, e.side)),
        action_label(e.action),
        e.amazon_order_id or e.display_order_number or e.order_key,
        e.tracking_number,
        _tr(STATE_LABELS.get(e.state, e.state)),
        tr_core(e.error or e.result or ""),
    ]


def entry_details(e: Any) -> list[str]:
    """What support needs of one entry: the internal action name, Amazon's request ID, the
    package reference and the request as sent (the details pane and the CSV export)."""
    return [
        e.action,
        e.request_id or "",
        e.package_reference_id or "",
        json.dumps(e.request, ensure_ascii=False, sort_keys=True),
    ]


class JournalModel(QAbstractTableModel):
    HEADERS = (
        QT_TRANSLATE_NOOP("JournalWindow", "時刻"),
        QT_TRANSLATE_NOOP("JournalWindow", "送信先"),
        QT_TRANSLATE_NOOP("JournalWindow", "操作"),
        QT_TRANSLATE_NOOP("JournalWindow", "注文"),
        QT_TRANSLATE_NOOP("JournalWindow", "追跡番号"),
        QT_TRANSLATE_NOOP("JournalWindow", "状態"),
        QT_TRANSLATE_NOOP("JournalWindow", "結果"),
    )
    # the details (shown below the list for the selected entry, and written to the CSV)
    DETAIL_HEADERS = (
        QT_TRANSLATE_NOOP("JournalWindow", "記録上の操作名"),
        QT_TRANSLATE_NOOP("JournalWindow", "Amazon リクエスト ID"),
        QT_TRANSLATE_NOOP("JournalWindow", "荷物の識別番号"),
        QT_TRANSLATE_NOOP("JournalWindow", "送信内容"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[list[str]] = []
        self._entries: list[Any] = []

    def set_entries(self, entries: list[Any]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self._rows = [entry_cells(e) for e in self._entries]
        self.endResetModel()

    def rows(self) -> list[list[str]]:
        return self._rows

    def entries(self) -> list[Any]:
        return list(self._entries)

    def entry(self, row: int) -> Any:
        return self._entries[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.HEADERS)
        ):
            return _tr(self.HEADERS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if not (0 <= r < len(self._rows) and 0 <= c < len(self.HEADERS)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[r][c]
        if role == Qt.ItemDataRole.ToolTipRole:
            if c == 2:  # the internal action name, for support
                return f"{self._rows[r][c]} ({self._entries[r].action})"
            return self._rows[r][c]
        if role == Qt.ItemDataRole.UserRole:
            e = self._entries[r]
            return (e.side, e.state)
        return None


class JournalFilter(QSortFilterProxyModel):
    """Text over every column, plus side and state (a few thousand rows at most)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.side = ""
        self.state = ""

    def set(self, text: str, side: str, state: str) -> None:
        self.beginFilterChange()
        self.text, self.side, self.state = text.casefold().strip(), side, state
        self.endFilterChange()

    def filterAcceptsRow(self, row: int, parent: _Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, JournalModel)
        side, state = model.data(model.index(row, 0), Qt.ItemDataRole.UserRole)
        if self.side and side != self.side:
            return False
        if self.state and state != self.state:
            return False
        if self.text:
            cells = model.rows()[row] + entry_details(model.entry(row))
            return any(self.text in cell.casefold() for cell in cells)
        return True


def write_csv(path: Path | str, header: list[str], rows: list[list[str]]) -> int:
    """UTF-8 with BOM (opens in Excel), CRLF."""
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)
    return len(rows)


class JournalWindow(QWidget):
    def __init__(
        self, services: Any, *, runner: TaskRunner | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("journalWindow")
        self.setWindowTitle(self.tr("操作履歴"))
        self.setAccessibleName(self.tr("操作履歴"))
        self.services = services
        self.runner = runner or TaskRunner(self)
        self.model = JournalModel(self)
        self.proxy = JournalFilter(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit(self)
        self.search.setObjectName("journalSearch")
        self.search.setAccessibleName(self.tr("操作履歴を検索"))
        self.search.setPlaceholderText(self.tr("検索: 注文番号・追跡番号・結果…"))
        self.search.setClearButtonEnabled(True)
        self.side = QComboBox(self)
        self.side.setObjectName("journalSide")
        self.side.setAccessibleName(self.tr("送信先"))
        self.side.addItem(self.tr("すべての送信先"), "")
        self.side.addItem("Amazon", "amazon")
        self.side.addItem("makeshop", "makeshop")
        self.state = QComboBox(self)
        self.state.setObjectName("journalState")
        self.state.setAccessibleName(self.tr("状態"))
        self.state.addItem(self.tr("すべての状態"), "")
        for code, label in STATE_LABELS.items():
            self.state.addItem(_tr(label), code)
        self.refresh_button = QPushButton(self.tr("更新"), self)
        self.refresh_button.setObjectName("journalRefresh")
        self.export_button = QPushButton(self.tr("CSV に書き出す"), self)
        self.export_button.setObjectName("journalExport")
        self.count = QLabel(self)
        self.count.setObjectName("journalCount")
        self.table = QTableView(self)
        self.table.setObjectName("journalTable")
        self.table.setAccessibleName(self.tr("操作履歴の一覧"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((150, 130, 170, 170, 130, 140)):
            self.table.setColumnWidth(col, width)
        self.details = QTextBrowser(self)
        self.details.setObjectName("journalDetails")
        self.details.setAccessibleName(self.tr("選んだ操作の詳しい記録"))
        self.details.setPlaceholderText(
            self.tr("操作を選ぶと、詳しい記録（サポート用）が表示されます")
        )
        self.details.setMaximumHeight(120)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.side)
        top.addWidget(self.state)
        top.addWidget(self.refresh_button)
        top.addWidget(self.export_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.details)
        lay.addWidget(self.count)
        self.resize(1100, 560)
        self.search.textChanged.connect(self._apply_filter)
        self.side.currentIndexChanged.connect(self._apply_filter)
        self.state.currentIndexChanged.connect(self._apply_filter)
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button.clicked.connect(self._ask_export)
        self.table.selectionModel().currentRowChanged.connect(self._show_details)

    def _show_details(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.details.clear()
            return
        row = self.proxy.mapToSource(current).row()
        values = entry_details(self.model.entry(row))
        names = [_tr(h) for h in JournalModel.DETAIL_HEADERS]
        self.details.setPlainText(
            "\n".join(f"{n}: {v}" for n, v in zip(names, values, strict=True) if v)
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self.model.rowCount():
            # the results are messages: render them again in the new language
            self.model.set_entries(self.model.entries())
        super().changeEvent(event)

    def refresh(self) -> None:
        store = self.services.store
        self.runner.submit(
            # what was sent; read-backs show as the order's state (and in `amzdesk journal`)
            lambda ctx: [e for e in store.journal_entries(limit=20000) if e.action != "readback"],
            name="journal",
            on_result=self._loaded,
            on_error=lambda exc: self.count.setText(backend.user_message(exc)),
        )

    def _loaded(self, entries: list[Any]) -> None:
        self.model.set_entries(entries)
        self._update_count()

    def _apply_filter(self, *_args: Any) -> None:
        self.proxy.set(
            self.search.text(), str(self.side.currentData()), str(self.state.currentData())
        )
        self._update_count()

    def _update_count(self) -> None:
        self.count.setText(
            self.tr("{0} / {1} 件").format(self.proxy.rowCount(), self.model.rowCount())
        )

    def visible_rows(self) -> list[list[str]]:
        rows = self.model.rows()
        return [
            rows[self.proxy.mapToSource(self.proxy.index(r, 0)).row()]
            for r in range(self.proxy.rowCount())
        ]

    def visible_records(self) -> list[list[str]]:
        """The rows shown (filters applied) with their details, as the CSV export writes them."""
        out = []
        for r in range(self.proxy.rowCount()):
            src = self.proxy.mapToSource(self.proxy.index(r, 0)).row()
            out.append(self.model.rows()[src] + entry_details(self.model.entry(src)))
        return out

    def _ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("操作履歴を書き出す"), "amzdesk-journal.csv", "CSV (*.csv)"
        )
        if path:
            self.export_csv(path)

    def export_csv(self, path: str | Path) -> None:
        """Write the rows shown (filters applied) to ``path`` in the background."""
        header = [_tr(h) for h in (*JournalModel.HEADERS, *JournalModel.DETAIL_HEADERS)]
        rows = self.visible_records()
        self.runner.submit(
            lambda ctx: write_csv(path, header, rows),
            name="journal-export",
            on_result=lambda n: self.count.setText(
                self.tr("{0} 件を書き出しました: {1}").format(n, Path(path).name)
            ),
            on_error=lambda exc: self.count.setText(backend.user_message(exc)),
        )
