"""Label CSV import: review every row, send the valid ones (progress, cancel, per-row result),
retry the failed ones, or write Amazon's upload file instead of sending.

One dialog: :class:`ImportDialog` (file choice, column mapping, review table, sending, retry,
upload file) is most of the file, and its steps share the rows and the background tasks of
one import.

A file that cannot be read shows the importer's own reason (what is wrong, what to do) and
clears the previous file's rows.  A generic CSV (or one whose format is not recognised) goes
through a column-mapping step: the order-number and tracking-number columns (and optionally the
carrier and ship-date columns) are picked from the file's header; the mapping is remembered.

Reading and matching come from :mod:`amzdesk.importers` (``read_label_csv`` + ``review``),
sending from the shipment workflow (``send_bulk``), the upload file from
``ShipmentWorkflow.export_amazon_file``.  All of it runs in the background task helper.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
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
    "shared": "#fff8e1",
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
        settings_path: Path | None = None,
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
        self.settings_path = settings_path
        self.header: list[str] = []
        self.mapping: dict[str, str] = {}

        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setText(
            self.tr(
                "ヤマト B2クラウド・佐川 e飛伝・ゆうプリR / クリックポストなどの送り状CSVを"
                "読み込み、注文と照合します。送信できる行だけが送られます。"
            )
            + (
                self.tr(
                    "\nAPI で送る代わりに、セラーセントラルにアップロードする出荷通知ファイル"
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
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.map_button = QPushButton(self.tr("列を指定して読み込む…"), self)
        self.map_button.setObjectName("importMapColumns")
        self.map_button.hide()

        # the column-mapping step (generic CSV)
        self.mapping_box = QGroupBox(self.tr("列の指定（汎用CSV）"), self)
        self.mapping_box.setObjectName("importMapping")
        form = QFormLayout(self.mapping_box)
        self.map_combos: dict[str, QComboBox] = {}
        for key, label in (
            (importers.MAP_ORDER, self.tr("注文番号の列（必須）")),
            (importers.MAP_TRACKING, self.tr("追跡番号の列（必須）")),
            (importers.MAP_CARRIER, self.tr("配送業者の列")),
            (importers.MAP_SHIP_DATE, self.tr("出荷日の列")),
        ):
            combo = QComboBox(self.mapping_box)
            combo.setObjectName(f"importMap_{key}")
            combo.setAccessibleName(label)
            form.addRow(label, combo)
            self.map_combos[key] = combo
        self.map_carrier_fixed = QComboBox(self.mapping_box)
        self.map_carrier_fixed.setObjectName("importMapCarrierName")
        self.map_carrier_fixed.setAccessibleName(self.tr("配送業者の列がないときの配送業者"))
        self.map_carrier_fixed.addItem(self.tr("（指定しない）"), "")
        for c in services.carriers.all():
            if not c.is_none:
                self.map_carrier_fixed.addItem(c.name, c.name)
        form.addRow(self.tr("配送業者の列がないときの配送業者"), self.map_carrier_fixed)
        self.map_apply = QPushButton(self.tr("この列で読み込む"), self.mapping_box)
        self.map_apply.setObjectName("importMapApply")
        self.map_error = QLabel(self.mapping_box)
        self.map_error.setObjectName("importMapError")
        self.map_error.setStyleSheet("color: #b71c1c;")
        self.map_error.setWordWrap(True)
        form.addRow(self.map_error, self.map_apply)
        self.mapping_box.hide()
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setObjectName("importReview")
        self.table.setAccessibleName(self.tr("取り込み結果の確認"))
        self.table.setHorizontalHeaderLabels([self.tr(str(c)) for c in self.COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(False)
        for col, width in enumerate((50, 170, 130, 120, 130, 300, 220)):
            self.table.setColumnWidth(col, width)
        # the reason and the result take the room left; long texts wrap in their tooltips
        hh.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("importProgress")
        self.progress.hide()
        self.shared_box = QCheckBox(self.tr("他の注文と同じ追跡番号の行も送る（同梱）"), self)
        self.shared_box.setObjectName("sendShared")
        self.shared_box.setToolTip(
            self.tr(
                "1つの荷物で複数の注文を送るときだけ選んでください。"
                "入力ミスならファイルを直してください"
            )
        )
        self.shared_box.hide()
        self.shared_box.toggled.connect(lambda _on: self._update_buttons())
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
        summary_row = QHBoxLayout()
        summary_row.addWidget(self.summary, 1)
        summary_row.addWidget(self.map_button)
        lay.addLayout(summary_row)
        lay.addWidget(self.mapping_box)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.shared_box)
        lay.addLayout(bottom)
        self.resize(1000, 600)
        _fit_dialog(self)

        self.choose_button.clicked.connect(self._choose)
        self.send_button.clicked.connect(self.send)
        self.retry_button.clicked.connect(self.retry_failed)
        self.export_button.clicked.connect(self._ask_export)
        self.undo_export_button.clicked.connect(self.undo_export)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)
        self.map_button.clicked.connect(self.show_mapping)
        self.map_apply.clicked.connect(self.apply_mapping)

    # -- loading -------------------------------------------------------------------------------
    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("送り状CSVを選ぶ"),
            start_folder(self.services.settings),
            self.tr("CSV ファイル (*.csv *.txt);;すべて (*)"),
        )
        if path:
            remember_folder(self.services.settings, path, self.settings_path, self.runner)
            self.load_file(path)

    def _generic(self) -> bool:
        return str(self.format_combo.currentData() or "") == importers.LabelFormat.GENERIC.value

    def load_file(self, path: str | Path, mapping: dict[str, str] | None = None) -> Task:
        """Read and review ``path`` in the background (a generic CSV: first its header, for
        the column-mapping step, unless ``mapping`` is given)."""
        self.path = Path(path)
        self.file_label.setText(self.path.name)
        self._clear_rows()
        self.map_button.hide()
        if self._generic() and mapping is None:
            return self._read_header()
        self.summary.setText(self.tr("読み込んでいます…"))
        fmt = str(self.format_combo.currentData() or "auto")
        services = self.services

        def work(_ctx: Any) -> list[Any]:
            result = importers.read_label_csv(path, fmt, mapping, table=services.carriers)
            return importers.review(
                result, services.store, table=services.carriers, now=services.clock()
            )

        return self.runner.submit(
            work, name="import-review", on_result=self._reviewed, on_error=self._failed
        )

    def _clear_rows(self) -> None:
        """Nothing of the previous file stays on screen."""
        self.review_rows = []
        self.results.clear()
        self.table.setRowCount(0)
        self._update_buttons()

    def _reviewed(self, rows: list[Any]) -> None:
        self.review_rows = list(rows)
        self.results.clear()
        self.mapping_box.hide()
        self._fill()
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, importers.LabelImportError):
            self._clear_rows()
            self.summary.setText("✗ " + backend.user_message(exc))
            # a file whose format was not recognised can still be read by naming its columns
            self.map_button.setVisible(self.path is not None and not self._generic())
            return
        self.summary.setText("✗ " + backend.user_message(exc))

    # -- the column-mapping step (generic CSV) ---------------------------------------------------
    def show_mapping(self) -> Task | None:
        """Switch to the generic format and ask for the columns of the current file."""
        self.format_combo.setCurrentIndex(
            self.format_combo.findData(importers.LabelFormat.GENERIC.value)
        )
        self.map_button.hide()
        if self.path is None:
            return None
        return self._read_header()

    def _read_header(self) -> Task:
        path = self.path
        assert path is not None
        self.summary.setText(self.tr("見出しの行を読んでいます…"))
        return self.runner.submit(
            lambda _ctx: importers.read_header(path)[0],
            name="import-header",
            on_result=self._got_header,
            on_error=self._failed,
        )

    def _got_header(self, header: list[str]) -> None:
        self.header = [h for h in header]
        saved = dict(getattr(self.services.settings, "csv_column_mapping", {}) or {})
        guess = importers.guess_mapping(header)
        for key, combo in self.map_combos.items():
            combo.clear()
            if key not in (importers.MAP_ORDER, importers.MAP_TRACKING):
                combo.addItem(self.tr("（なし）"), "")
            for name in header:
                if name:
                    combo.addItem(name, name)
            wanted = saved.get(key) if saved.get(key) in header else guess.get(key, "")
            i = combo.findData(wanted) if wanted else -1
            combo.setCurrentIndex(i if i >= 0 else (0 if combo.count() else -1))
        fixed = saved.get(importers.MAP_CARRIER_NAME, "")
        i = self.map_carrier_fixed.findData(fixed)
        self.map_carrier_fixed.setCurrentIndex(max(0, i))
        self.map_error.clear()
        self.summary.setText(
            self.tr(
                "この CSV の形式は自動では分かりません。注文番号と追跡番号の列を選んで"
                "「この列で読み込む」を押してください（指定は次回のために保存します）"
            )
        )
        self.mapping_box.show()
        self.map_combos[importers.MAP_ORDER].setFocus()

    def chosen_mapping(self) -> dict[str, str]:
        out = {k: str(c.currentData() or "") for k, c in self.map_combos.items()}
        fixed = str(self.map_carrier_fixed.currentData() or "")
        if fixed:
            out[importers.MAP_CARRIER_NAME] = fixed
        return {k: v for k, v in out.items() if v}

    def apply_mapping(self) -> Task | None:
        mapping = self.chosen_mapping()
        order, tracking = mapping.get(importers.MAP_ORDER), mapping.get(importers.MAP_TRACKING)
        if not order or not tracking:
            self.map_error.setText(self.tr("注文番号と追跡番号の列を選んでください"))
            return None
        if order == tracking:
            self.map_error.setText(self.tr("注文番号と追跡番号には別々の列を選んでください"))
            return None
        self.map_error.clear()
        self.mapping = mapping
        settings = self.services.settings
        if settings is not None:
            settings.csv_column_mapping = dict(mapping)
            save_in_background(settings, self.settings_path, self.runner)
        assert self.path is not None
        return self.load_file(self.path, mapping)

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
        shared = any(r.status is importers.ReviewStatus.SHARED for r in self.review_rows)
        self.shared_box.setVisible(shared)
        if not shared:
            self.shared_box.setChecked(False)
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
        items = importers.sendable(self.review_rows, include_shared=self.shared_box.isChecked())
        done = {k for k, r in self.results.items() if r.ok}
        return [it for it in items if it.order_key not in done]

    def failed_items(self) -> list[Any]:
        failed = {k for k, r in self.results.items() if not r.ok}
        rows = importers.sendable(self.review_rows, include_shared=self.shared_box.isChecked())
        return [it for it in rows if it.order_key in failed]

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
            str(Path(start_folder(self.services.settings)) / "amazon-shipment-confirmation.txt"),
            self.tr("タブ区切りテキスト (*.txt)"),
        )
        if path:
            remember_folder(self.services.settings, path, self.settings_path, self.runner)
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
            "{0} 行を書き出しました: {1}。セラーセントラルの「注文」→「注文レポートのアップロード」"
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


def start_folder(settings: Any) -> str:
    """Where a file dialog opens: the last folder used, else Downloads, Documents, home."""
    from PySide6.QtCore import QStandardPaths

    last = str(getattr(settings, "last_folder", "") or "")
    if last and Path(last).is_dir():
        return last
    for loc in (
        QStandardPaths.StandardLocation.DownloadLocation,
        QStandardPaths.StandardLocation.DocumentsLocation,
    ):
        folder = QStandardPaths.writableLocation(loc)
        if folder and Path(folder).is_dir():
            return folder
    return str(Path.home())


def remember_folder(
    settings: Any, path: str | Path, settings_path: Path | None, runner: TaskRunner
) -> None:
    """Remember the folder of a chosen file for the next file dialog (saved in the settings)."""
    if settings is None or not hasattr(settings, "last_folder"):
        return
    folder = str(Path(path).parent)
    if folder != settings.last_folder:
        settings.last_folder = folder
        save_in_background(settings, settings_path, runner)


def save_in_background(settings: Any, settings_path: Path | None, runner: TaskRunner) -> None:
    from amzdesk.settings import save_settings

    snapshot = settings.copy()
    runner.submit(lambda _ctx: save_settings(snapshot, settings_path), name="save-settings")


def _fit_dialog(dialog: QWidget) -> None:
    """Never larger than the screen's work area."""
    screen = dialog.screen()
    if screen is None:
        return
    area = screen.availableGeometry()
    dialog.resize(min(dialog.width(), area.width() - 40), min(dialog.height(), area.height() - 60))


def export_upload_file(
    parent: QWidget,
    services: Any,
    runner: TaskRunner,
    on_changed: Callable[[list[str]], None],
    settings_path: Path | None = None,
) -> ImportDialog:
    """The toolbar's "Amazon アップロードファイルを書き出す": the import dialog in export mode
    (the upload file is made from a label CSV's numbers)."""
    dlg = ImportDialog(
        services, runner=runner, parent=parent, export_mode=True, settings_path=settings_path
    )
    dlg.ordersChanged.connect(on_changed)
    dlg.open()
    return dlg


__all__ = ["ImportDialog", "export_upload_file"]
