"""Loading the order list and syncing with Amazon and makeshop, for the main window.

:class:`SyncController` reads the rows in the background (the first screen first, then every
row), runs the sync with its progress, cancel button and last-sync labels in the status bar, and
reports sync problems in the banner.  It knows the window only through :class:`SyncHost` (the
widgets and callbacks it uses); the window creates it and forwards to it.
"""

from __future__ import annotations

import functools
import gc
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QWidget

from ui import lazy_import
from ui.main_window.common import tr_amzdesk

if TYPE_CHECKING:
    from datetime import datetime

    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QTableView

    from amzdesk.services import Services
    from amzdesk.settings import Settings
    from ui import backend
    from ui.insights import InsightsController
    from ui.main_window.banner import Banner
    from ui.orders.model import OrderTableModel
    from ui.orders.proxy import OrderProxyModel
    from ui.tasks import Task, TaskRunner
else:
    # Not needed for the first frame: imported on first use (at the latest right after it).
    backend = lazy_import("ui.backend")

log = logging.getLogger("amzdesk.ui")


class SyncHost(Protocol):
    """What the controller uses of the window."""

    services: Services | None
    model: OrderTableModel
    proxy: OrderProxyModel
    status_label: QLabel
    sync_action: QAction
    insights: InsightsController | None
    confirmed_today: set[str]

    @property
    def runner(self) -> TaskRunner: ...

    @property
    def table(self) -> QTableView: ...

    @property
    def banner(self) -> Banner: ...

    def open_settings(self) -> None: ...

    def update_view_tabs(self) -> None: ...

    def update_count(self) -> None: ...


class SyncController(QObject):
    """Rows in, sync out: the list's loading and the sync of the window ``host``."""

    def __init__(self, host: SyncHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncController")
        self._host = host
        self._task: Task | None = None
        self._starting = False  # the sync task is being submitted
        self._load_seq = 0
        self.loaded_once = False
        self.last_sync: dict[str, datetime | None] = {}
        self.timer = QTimer(self)
        self.timer.setObjectName("syncTimer")
        self.timer.timeout.connect(self.start_sync)

    def build_status_widgets(self, parent: QWidget) -> None:
        """The sync's part of the status bar: progress, cancel button, last-sync times."""
        self.progress = QProgressBar(parent)
        self.progress.setObjectName("syncProgress")
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.cancel_button = QPushButton(parent)
        self.cancel_button.setObjectName("cancelSync")
        self.cancel_button.clicked.connect(self.cancel_sync)
        self.cancel_button.hide()
        self.last_amazon = QLabel(parent)
        self.last_amazon.setObjectName("lastSyncAmazon")
        self.last_makeshop = QLabel(parent)
        self.last_makeshop.setObjectName("lastSyncMakeshop")

    def retranslate(self) -> None:
        self.cancel_button.setText(self.tr("中止"))
        self.cancel_button.setAccessibleName(self.tr("同期を中止"))
        self.progress.setAccessibleName(self.tr("同期の進み具合"))
        self.update_last_sync_labels()

    # ------------------------------------------------------------------------------------------
    # loading
    # ------------------------------------------------------------------------------------------
    def load_first_page(self, then: Callable[[], None]) -> bool:
        """Show the list's first screen straight from the store's index while every row is
        read (seconds at 100,000 orders); only in the default order, the index's.  Returns
        whether it was started; ``then`` runs once it is shown (or failed)."""
        from PySide6.QtCore import Qt

        from ui.orders.columns import C_DEADLINE

        w = self._host
        ascending = w.proxy.sort_order() == Qt.SortOrder.AscendingOrder
        if w.proxy.sort_column() != C_DEADLINE or not ascending or self.loaded_once:
            return False
        services = w.services
        if services is None:
            return False

        def failed(exc: BaseException) -> None:
            log.warning("first screen of the list: %s", exc)
            then()

        def shown(loaded: backend.Loaded) -> None:
            try:
                self._apply_first_page(loaded)
            finally:
                then()

        w.runner.submit(
            lambda ctx: backend.load_first_page(services),
            name="first page",
            quick=True,
            on_result=shown,
            on_error=failed,
        )
        return True

    def _apply_first_page(self, loaded: backend.Loaded) -> None:
        w = self._host
        if self.loaded_once or w.model.rowCount() or not loaded.rows:
            return  # the whole list (or a sync's) is already there
        w.model.set_rows(loaded.rows, None, loaded.key_index)
        w.status_label.setText(
            self.tr("最初の {0} 件を表示しています。残りを読み込んでいます…").format(
                len(loaded.rows)
            )
        )
        # Painted now, before the workers that follow compete with the paint for the
        # interpreter.
        w.table.viewport().repaint()

    def reload(self) -> Task | None:
        """Fetch every row in the background and swap them in on the GUI thread."""
        w = self._host
        if w.services is None:
            return None
        self._load_seq += 1
        seq = self._load_seq
        services = w.services
        w.status_label.setText(self.tr("注文を読み込んでいます…"))
        labels = w.model.labels
        column = w.proxy.sort_column()
        return w.runner.submit(
            lambda ctx: backend.load_all(services, labels, column),
            name="load",
            on_result=functools.partial(self.apply_loaded, seq=seq),
            on_error=self._show_error,
        )

    def apply_loaded(self, loaded: backend.Loaded, seq: int | None = None) -> None:
        """Swap the rows in (unless a newer load is on its way)."""
        if seq is not None and seq != self._load_seq:
            return  # a newer load is on its way
        w = self._host
        w.model.set_rows(loaded.rows, loaded.perms, loaded.key_index)
        if not self.loaded_once:
            # Start-up objects (modules, widgets, the first rows) live as long as the window:
            # keep them out of the collector's full passes, which stop every thread.
            gc.freeze()
        self.loaded_once = True
        if loaded.last_sync:
            self.last_sync.update(loaded.last_sync)
        if loaded.confirmed_today is not None:
            w.confirmed_today = set(loaded.confirmed_today)
            w.update_view_tabs()
        self.update_last_sync_labels()
        w.status_label.setText(self.tr("{0} 件の注文").format(len(loaded.rows)))
        w.update_count()

    def _show_error(self, exc: BaseException) -> None:
        self._host.banner.show_message(backend.user_message(exc), "error")

    # ------------------------------------------------------------------------------------------
    # syncing
    # ------------------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._starting or self._task is not None

    def start_sync(self) -> None:
        w = self._host
        if self.running or w.services is None:
            return
        self._starting = True
        services = w.services
        self.progress.setRange(0, 0)
        self.progress.setFormat(self.tr("同期中…"))
        self.progress.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        w.sync_action.setEnabled(False)
        w.status_label.setText(self.tr("同期しています…"))
        labels = w.model.labels
        column = w.proxy.sort_column()
        task = w.runner.submit(
            lambda ctx: backend.run_sync(services, ctx.progress, ctx.cancel, labels, column),
            name="sync",
            on_progress=self._on_sync_progress,
            on_result=self._on_sync_done,
            on_error=self._on_sync_error,
            on_cancelled=lambda: w.status_label.setText(self.tr("同期を中止しました")),
            on_finished=self._on_sync_finished,
        )
        if self._starting and not task.done:  # a synchronous runner has finished it already
            self._task = task
        self._starting = False

    def cancel_sync(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self._host.status_label.setText(self.tr("同期を中止しています…"))

    def _on_sync_progress(self, event: Any) -> None:
        w = self._host
        text = getattr(event, "text", None) or str(event)
        self.progress.setFormat(tr_amzdesk(text))
        w.status_label.setText(tr_amzdesk(text))
        if isinstance(event, backend.RowsReady):
            # The orders needing action are in: show them before history ends.  The sync's
            # worker waits until the list has painted them, so the paint (a few thousand calls
            # into Python) does not compete with it; the event loop runs between the swap and
            # the paint.
            try:
                self._load_seq += 1
                self.apply_loaded(event.loaded)
            finally:
                if w.runner.synchronous:  # the "worker" is this thread: nothing to wait for
                    event.shown.set()
                else:
                    from ui.tasks import signal_after_paint

                    signal_after_paint(w.table.viewport(), event.shown)
        elif getattr(event, "work_ready", False) and getattr(event, "phase", "") == "work-ready":
            self.reload()

    def _on_sync_done(self, outcome: backend.SyncOutcome) -> None:
        w = self._host
        self._load_seq += 1
        self.apply_loaded(outcome.loaded)
        report = outcome.report
        errors = list(getattr(report, "errors", []) or [])
        for src in ("amazon", "makeshop"):
            rep = getattr(report, src, None)
            if rep is not None and getattr(rep, "last_success", None) is not None:
                self.last_sync[src] = rep.last_success
        self.update_last_sync_labels()
        if errors:
            self._show_sync_issues(errors)
        elif w.banner.kind in ("error", "warning"):
            w.banner.hide()
        summary = getattr(report, "summary", None)
        text = tr_amzdesk(summary()) if callable(summary) else ""
        # the match report: makeshop orders seen, recognised as Amazon's, matched, unmatched
        match_lines = getattr(report, "match_lines", None)
        lines = [tr_amzdesk(line) for line in match_lines()] if callable(match_lines) else []
        match = getattr(report, "match", None)
        headline = match.headline() if match is not None else None
        if headline is not None:
            text = " / ".join(t for t in (text, tr_amzdesk(headline)) if t)
        w.status_label.setText(text)
        w.status_label.setToolTip("\n".join(lines))
        if w.insights is not None:
            w.insights.after_sync()

    def _show_sync_issues(self, issues: list[Any]) -> None:
        w = self._host
        lines = []
        auth = False
        for issue in issues[:3]:
            lines.append(tr_amzdesk(getattr(issue, "message", str(issue))))
            auth = auth or backend.is_auth_error(kind=getattr(issue, "kind", ""))
        text = self.tr("同期でエラーがありました: {0}").format(" / ".join(lines))
        if auth:
            w.banner.show_message(text, "error", self.tr("認証情報を確認する"), w.open_settings)
        else:
            w.banner.show_message(text, "warning", self.tr("もう一度同期"), self.start_sync)

    def _on_sync_error(self, exc: BaseException) -> None:
        w = self._host
        msg = backend.user_message(exc)
        if backend.is_auth_error(exc):
            w.banner.show_message(msg, "error", self.tr("認証情報を確認する"), w.open_settings)
        else:
            w.banner.show_message(msg, "error", self.tr("もう一度同期"), self.start_sync)
        w.status_label.setText(self.tr("同期できませんでした"))

    def _on_sync_finished(self) -> None:
        w = self._host
        self._task = None
        self._starting = False
        self.progress.hide()
        self.cancel_button.hide()
        w.sync_action.setEnabled(True)

    def apply_interval(self, settings: Settings) -> None:
        """Sync every ``settings.sync_interval_minutes`` (never when 0)."""
        minutes = int(getattr(settings, "sync_interval_minutes", 0) or 0)
        if minutes > 0:
            self.timer.start(minutes * 60_000)
        else:
            self.timer.stop()

    def update_last_sync_labels(self) -> None:
        def fmt(dt: datetime | None) -> str:
            if dt is None:
                return self.tr("未同期")
            from amzdesk.clock import to_jst

            return to_jst(dt).strftime("%m/%d %H:%M")

        self.last_amazon.setText(
            self.tr("Amazon 最終同期: {0}").format(fmt(self.last_sync.get("amazon")))
        )
        self.last_makeshop.setText(
            self.tr("makeshop 最終同期: {0}").format(fmt(self.last_sync.get("makeshop")))
        )
