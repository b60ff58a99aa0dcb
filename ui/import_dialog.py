"""Label CSV import: review every row, send the valid ones (progress, cancel, per-row result),
retry the failed ones, or write Amazon's upload file instead of sending.

Reading and matching come from :mod:`amzdesk.importers` (``read_label_csv`` + ``review``),
sending from the shipment workflow (``send_bulk``), the upload file from
``ShipmentWorkflow.export_amazon_file``.  All of it runs in the background task helper.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from amzdesk import importers
from ui import backend
from ui.tasks import Task, TaskRunner

STATUS_COLORS = {
    "matched": "#e8f5e9",
    "already": "#eceff1",
    "unmatched": "#fff3e0",
    "duplicate": "#fff3e0",
    "invalid": "#fdecea",
    "not-allowed": "#fdecea",
}
RESULT_COLORS = {"done": "#c8e6c9", "skipped": "#eceff1"}


def _tr_amzdesk(text: str) -> str:
    from ui.i18n import tr_core

    return tr_core(text)


class ImportDialog(QDialog):
    """Review table + send / retry / export."""

    ordersChanged = Signal(list)  # order keys whose state may have changed

    COLUMNS = (
        QT_TRANSLATE_NOOP("ImportDialog", "行"),
        QT_TRANSLATE_NOOP("ImportDialog", "注文"),
        QT_TRANSLATE_NOOP("ImportDialog", "追跡番号"),
        QT_TRANSLATE_NOOP("ImportDialog", "配送業者"),
        QT_TRANSLATE_NOOP("ImportDialog", "判定"),
        QT_TRANSLATE_NOOP("ImportDialog", "理由"),
        QT_TRANSLATE_NOOP("ImportDialog", "送信結果"),
    )

    def __init__(
        self,
        services: Any,
        *,
        runner: TaskRunner | None = None,
        parent: QWidget | None = None,
        export_mode: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle(self.tr("送り状CSVの取り込み"))
        self.setAccessibleName(self.tr("送り状CSVの取り込み"))
        self.services = services
        self.runner = runner or TaskRunner(self)
        self.review_rows: list[Any] = []
        self.results: dict[str, Any] = {}  # order key -> shipment Result
        self._task: Task | None = None
        self.path: Path | None = None

        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setText(
            self.tr(
                "ヤマト B2クラウド・佐川 e飛伝・ゆうプリR / クリックポストなどの送り状CSVを"
                "読み込み、注文と照合します。送信できる行だけが送られます。"
            )
            + (
                self.tr(
                    "\nAPI で送る代わりに、Seller Central にアップロードする出荷通知ファイル"
                    "（Amazon の注文のみ）を書き出すこともできます。"
                )
                if export_mode
                else ""
            )
        )
        self.choose_button = QPushButton(self.tr("CSV ファイルを選ぶ…"), self)
        self.choose_button.setObjectName("importChoose")
        self.format_combo = QComboBox(self)
        self.format_combo.setObjectName("importFormat")
        self.format_combo.setAccessibleName(self.tr("CSV の形式"))
        for fmt in importers.LabelFormat:
            self.format_combo.addItem(_tr_amzdesk(fmt.label), fmt.value)
        self.file_label = QLabel(self)
        self.file_label.setObjectName("importFile")
        self.summary = QLabel(self)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setObjectName("importReview")
        self.table.setAccessibleName(self.tr("取り込み結果の確認"))
        self.table.setHorizontalHeaderLabels([self.tr(str(c)) for c in self.COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(True)
        for col, width in enumerate((50, 170, 130, 120, 130, 300)):
            self.table.setColumnWidth(col, width)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("importProgress")
        self.progress.hide()
        self.send_button = QPushButton(self.tr("送信する"), self)
        self.send_button.setObjectName("importSend")
        self.retry_button = QPushButton(self.tr("失敗した注文を再送"), self)
        self.retry_button.setObjectName("importRetry")
        self.export_button = QPushButton(self.tr("Amazon アップロードファイルを書き出す"), self)
        self.export_button.setObjectName("importExport")
        self.cancel_button = QPushButton(self.tr("中止"), self)
        self.cancel_button.setObjectName("importCancel")
        # after writing the upload file: the owner may decide not to upload it after all
        self.undo_export_button = QPushButton(self.tr("この書き出しを取り消す"), self)
        self.undo_export_button.setObjectName("importUndoExport")
        self.undo_export_button.hide()
        self._exported_keys: list[str] = []
        self.close_button = QPushButton(self.tr("閉じる"), self)
        self.close_button.setObjectName("importClose")
        for b in (self.send_button, self.retry_button, self.export_button, self.cancel_button):
            b.setEnabled(False)

        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addWidget(self.format_combo)
        top.addWidget(self.file_label, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.send_button)
        bottom.addWidget(self.retry_button)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.undo_export_button)
        bottom.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)
        lay.addLayout(bottom)
        self.resize(1000, 600)

        self.choose_button.clicked.connect(self._choose)
        self.send_button.clicked.connect(self.send)
        self.retry_button.clicked.connect(self.retry_failed)
        self.export_button.clicked.connect(self._ask_export)
        self.undo_export_button.clicked.connect(self.undo_export)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)

    # -- loading -------------------------------------------------------------------------------
    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("送り状CSVを選ぶ"), "", self.tr("CSV ファイル (*.csv *.txt);;すべて (*)")
        )
        if path:
            self.load_file(path)

    def load_file(self, path: str | Path) -> Task:
        """Read and review ``path`` in the background."""
        self.path = Path(path)
        self.file_label.setText(self.path.name)
        self.summary.setText(self.tr("読み込んでいます…"))
        fmt = str(self.format_combo.currentData() or "auto")
        services = self.services

        def work(_ctx: Any) -> list[Any]:
            result = importers.read_label_csv(path, fmt, table=services.carriers)
            return importers.review(
                result, services.store, table=services.carriers, now=services.clock()
            )

        return self.runner.submit(
            work, name="import-review", on_result=self._reviewed, on_error=self._failed
        )

    def _reviewed(self, rows: list[Any]) -> None:
        self.review_rows = list(rows)
        self.results.clear()
        self._fill()
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText("✗ " + backend.user_message(exc))

    def _fill(self) -> None:
        self.table.setRowCount(len(self.review_rows))
        for i, r in enumerate(self.review_rows):
            reason = _tr_amzdesk(r.reason)
            if r.rule_id and r.rule_id not in reason:
                reason = f"{reason}（{r.rule_id}）"
            result = self.results.get(r.order_key) if r.order_key else None
            cells = [
                str(r.line),
                r.order_ref,
                r.tracking,
                r.carrier,
                _tr_amzdesk(r.status.label),
                reason,
                _tr_amzdesk(result.message) if result is not None else "",
            ]
            color = STATUS_COLORS.get(r.status.value, "")
            if result is not None:
                color = RESULT_COLORS.get(result.state, "#fdecea")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if color:
                    item.setBackground(QBrush(QColor(color)))
                    item.setForeground(QBrush(QColor("#212121")))
                self.table.setItem(i, c, item)
        counts = importers.summary(self.review_rows)
        parts = [f"{_tr_amzdesk(status.label)}: {n}" for status, n in counts.items() if n]
        if self.results:
            done = sum(1 for r in self.results.values() if r.ok)
            failed = sum(1 for r in self.results.values() if not r.ok)
            parts.append(self.tr("送信済み {0} 件・失敗 {1} 件").format(done, failed))
        self.summary.setText(" / ".join(parts) if parts else self.tr("行がありません"))

    def _update_buttons(self) -> None:
        busy = self._task is not None
        items = self.sendable_items()
        self.send_button.setEnabled(not busy and bool(items))
        self.export_button.setEnabled(not busy and bool(items))
        self.retry_button.setEnabled(not busy and bool(self.failed_items()))
        self.cancel_button.setEnabled(busy)
        self.choose_button.setEnabled(not busy)

    # -- sending -------------------------------------------------------------------------------
    def sendable_items(self) -> list[Any]:
        """Orders that can be sent and were not sent successfully yet."""
        items = importers.sendable(self.review_rows)
        done = {k for k, r in self.results.items() if r.ok}
        return [it for it in items if it.order_key not in done]

    def failed_items(self) -> list[Any]:
        failed = {k for k, r in self.results.items() if not r.ok}
        return [it for it in importers.sendable(self.review_rows) if it.order_key in failed]

    def send(self) -> Task | None:
        return self._send(self.sendable_items())

    def retry_failed(self) -> Task | None:
        return self._send(self.failed_items())

    def _send(self, items: list[Any]) -> Task | None:
        if not items or self._task is not None:
            return None
        services = self.services
        self.progress.setRange(0, len(items))
        self.progress.setValue(0)
        self.progress.show()
        task = self.runner.submit(
            lambda ctx: backend.send_bulk(services, items, ctx.progress, ctx.cancel),
            name="import-send",
            on_progress=self._on_progress,
            on_result=self._on_results,
            on_error=self._failed,
            on_finished=self._finished,
        )
        self._task = None if task.done else task
        self._update_buttons()
        return task

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.cancel_button.setEnabled(False)

    def _on_progress(self, p: Any) -> None:
        self.progress.setValue(int(p.done))
        if p.result is not None:
            self.results[p.result.order_key] = p.result
            self._fill()

    def _on_results(self, results: list[Any]) -> None:
        for r in results:
            self.results[r.order_key] = r
        self._fill()
        self.ordersChanged.emit([r.order_key for r in results])

    def _finished(self) -> None:
        self._task = None
        self.progress.hide()
        self._update_buttons()

    # -- upload file ---------------------------------------------------------------------------
    def _ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Amazon アップロードファイルを書き出す"),
            "amazon-shipment-confirmation.txt",
            self.tr("タブ区切りテキスト (*.txt)"),
        )
        if path:
            self.export_file(path)

    def export_file(self, path: str | Path) -> Task | None:
        items = self.sendable_items()
        if not items or self._task is not None:
            return None
        services = self.services
        task = self.runner.submit(
            lambda ctx: backend.export_upload_file(services, str(path), items),
            name="import-export",
            on_result=self._exported,
            on_error=self._failed,
            on_finished=self._finished,
        )
        self._task = None if task.done else task
        self._update_buttons()
        return task

    def _exported(self, report: Any) -> None:
        refused = len(getattr(report, "refused", ()))
        text = self.tr(
            "{0} 行を書き出しました: {1}。Seller Central の「注文」→「注文レポートのアップロード」"
            "（出荷通知ファイル）からアップロードしてください。"
        ).format(report.rows, Path(str(report.path)).name)
        if refused:
            text += self.tr(" 書き出せなかった注文: {0} 件").format(refused)
        self.summary.setText(text)
        self._exported_keys = list(getattr(report, "order_keys", ()))
        self.undo_export_button.setVisible(bool(self._exported_keys))
        self.undo_export_button.setEnabled(bool(self._exported_keys))
        self.ordersChanged.emit(list(self._exported_keys))

    def undo_export(self) -> Task | None:
        """Cancel the export just written (journaled): its orders can be confirmed again."""
        keys = list(self._exported_keys)
        if not keys or self._task is not None:
            return None
        services = self.services
        self.undo_export_button.setEnabled(False)
        task = self.runner.submit(
            lambda ctx: backend.cancel_exports(services, keys),
            name="import-undo-export",
            on_result=self._export_undone,
            on_error=self._failed,
            on_finished=self._finished,
        )
        self._task = None if task.done else task
        return task

    def _export_undone(self, results: list[Any]) -> None:
        done = [r for r in results if r.state == "done"]
        self._exported_keys = []
        self.undo_export_button.hide()
        self.summary.setText(
            self.tr(
                "書き出しを取り消しました（{0} 件）。ファイルはアップロードしないでください。"
                "これらの注文は、ここから出荷通知できます。"
            ).format(len(done))
        )
        self.ordersChanged.emit([r.order_key for r in results])


def export_upload_file(
    parent: QWidget, services: Any, runner: TaskRunner, on_changed: Callable[[list[str]], None]
) -> ImportDialog:
    """The toolbar's "Amazon アップロードファイルを書き出す": the import dialog in export mode
    (the upload file is made from a label CSV's numbers)."""
    dlg = ImportDialog(services, runner=runner, parent=parent, export_mode=True)
    dlg.ordersChanged.connect(on_changed)
    dlg.open()
    return dlg


__all__ = ["ImportDialog", "export_upload_file"]
