"""The window's insights: menu entries, the FBA listing check after each sync, the tray icon
with deadline alerts, and the views of :mod:`ui.insight_views`.

Installed by :meth:`ui.main_window.MainWindow` once its services are ready (never before the
first frame).  Every computation is in :mod:`amzdesk.insights` and runs on the window's one
background-task helper; only the alert bookkeeping (cheap) runs on the GUI thread.

Where the platform has no system tray, the window says so once (remembered in the settings) and
notifications appear in the window's message strip instead.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QActionGroup, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from amzdesk.clock import utcnow
from amzdesk.insights.alerts import (
    SETTING_ENABLED,
    SETTING_TRAY_NOTICE_SHOWN,
    Alert,
    AlertTracker,
    TrayStatus,
    alert_settings_from,
)
from ui import icons

if TYPE_CHECKING:
    from amzdesk.insights.hazards import HazardReport
    from amzdesk.insights.health import HealthReport
    from amzdesk.insights.report import SessionReport
    from ui.insight_views import HazardPanel, HealthView, SessionReportDialog
    from ui.main_window import MainWindow

log = logging.getLogger("amzdesk.ui.insights")

ALERT_INTERVAL_MS = 60_000
LISTING_CHECK_EVERY_S = 3600.0
DUE_HOURS_CHOICES = (1, 2, 3, 6, 12)
UNREFLECTED_HOURS_CHOICES = (1, 2, 4, 8)
ALERT_STATES = ("confirm-sent", "sync-pending")


def load_alert_inputs(services: Any) -> tuple[list[Any], list[Any]]:
    """(orders, journal entries) the alerts need: merchant-fulfilled orders still to do or
    waiting for a confirmation to show, and accepted confirmations.  Runs in the background."""
    keys = [
        r.key
        for r in services.store.iter_rows()
        if r.channel == "amazon-mfn" and (r.needs_action or r.combined_state in ALERT_STATES)
    ]
    orders = services.store.get_many(keys) if keys else []
    entries = services.store.journal_entries(
        side="amazon", action="confirm-amazon", states=["done"]
    )
    return orders, entries


def badge_icon(count: int) -> QIcon:
    """The app icon with the count in a red badge (no badge at 0)."""
    base = QPixmap(str(icons.ICON_DIR / "amzdesk-64.png"))
    if base.isNull():
        base = icons.icon("sync").pixmap(64, 64)
    if count <= 0:
        return QIcon(base)
    pm = QPixmap(base)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    text = str(count) if count < 100 else "99+"
    d = 40 if len(text) < 3 else 48
    p.setBrush(QColor("#d32f2f"))
    p.setPen(QColor("white"))
    p.drawEllipse(64 - d, 0, d - 1, d - 1)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(24 if len(text) < 3 else 18)
    p.setFont(font)
    from PySide6.QtCore import QRect, Qt

    p.drawText(QRect(64 - d, 0, d, d), int(Qt.AlignmentFlag.AlignCenter), text)
    p.end()
    return QIcon(pm)


def failed_cancelled(controller: InsightsController) -> Any:
    def cancelled() -> None:
        controller._alerts_running = False

    return cancelled


class InsightsController(QObject):
    """Menu entries, tray, alerts, post-sync listing check and the insight views."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("insights")
        self.window = window
        services = window.services
        self.session_started: datetime = services.clock() if services is not None else utcnow()
        self.tracker = AlertTracker(alert_settings_from(window.settings.extra), clock=self._now)
        self.hazard_report: HazardReport | None = None
        self._shown_hazards: frozenset[tuple[str, str]] = frozenset()
        self._hazard_banner_shown = ""  # the banner text last shown for them (re-rendered)
        self.panel: HazardPanel | None = None
        self.health_view: HealthView | None = None
        self.report_dialog: SessionReportDialog | None = None
        self.notifications: list[Alert] = []  # what was notified (for tests and the log)
        self._alerts_running = False
        self._last_listing_check: float | None = None

        self.hazard_action = QAction(window)
        self.hazard_action.setObjectName("hazardAction")
        self.hazard_action.triggered.connect(self.open_hazards)
        self.health_action = QAction(window)
        self.health_action.setObjectName("healthAction")
        self.health_action.triggered.connect(self.open_health)
        self.report_action = QAction(window)
        self.report_action.setObjectName("sessionReportAction")
        self.report_action.triggered.connect(self.open_report)
        self.notify_action = QAction(window)
        self.notify_action.setObjectName("notifyAction")
        self.notify_action.setCheckable(True)
        self.notify_action.setChecked(self.tracker.settings.enabled)
        self.notify_action.toggled.connect(self.set_notifications)
        menu = window.view_menu
        menu.addSeparator()
        for a in (self.hazard_action, self.health_action, self.report_action):
            menu.addAction(a)
        menu.addAction(self.notify_action)
        self.timing_menu = QMenu(window)
        self.timing_menu.setObjectName("alertTimingMenu")
        self.due_actions: dict[int, QAction] = {}
        self.unreflected_actions: dict[int, QAction] = {}
        due_group = QActionGroup(self.timing_menu)
        for hours in DUE_HOURS_CHOICES:
            a = QAction(self.timing_menu)
            a.setCheckable(True)
            a.setChecked(hours == self.tracker.settings.due_within_hours)
            a.triggered.connect(lambda _=False, h=hours: self.set_timing(due=h))
            due_group.addAction(a)
            self.timing_menu.addAction(a)
            self.due_actions[hours] = a
        self.timing_menu.addSeparator()
        late_group = QActionGroup(self.timing_menu)
        for hours in UNREFLECTED_HOURS_CHOICES:
            a = QAction(self.timing_menu)
            a.setCheckable(True)
            a.setChecked(hours == self.tracker.settings.unreflected_hours)
            a.triggered.connect(lambda _=False, h=hours: self.set_timing(unreflected=h))
            late_group.addAction(a)
            self.timing_menu.addAction(a)
            self.unreflected_actions[hours] = a
        menu.addMenu(self.timing_menu)

        self.tray_menu = QMenu(window)
        self.tray_menu.setObjectName("trayMenu")
        self.status_action = QAction(self.tray_menu)
        self.status_action.setEnabled(False)
        self.show_action = QAction(self.tray_menu)
        self.show_action.triggered.connect(self._show_window)
        self.tray_sync_action = QAction(self.tray_menu)
        self.tray_sync_action.triggered.connect(window.start_sync)
        self.quit_action = QAction(self.tray_menu)
        self.quit_action.triggered.connect(window.close)
        for a in (self.status_action, self.show_action, self.tray_sync_action):
            self.tray_menu.addAction(a)
        self.tray_menu.addSeparator()
        for a in (self.hazard_action, self.health_action, self.report_action):
            self.tray_menu.addAction(a)
        self.tray_menu.addSeparator()
        self.tray_menu.addAction(self.notify_action)
        self.tray_menu.addAction(self.quit_action)

        self.tray: QSystemTrayIcon | None = None
        self.tray_available = QSystemTrayIcon.isSystemTrayAvailable()
        if self.tray_available:
            self.tray = QSystemTrayIcon(badge_icon(0), self)
            self.tray.setObjectName("trayIcon")
            self.tray.setContextMenu(self.tray_menu)
            self.tray.activated.connect(self._on_tray_activated)
            self.tray.show()
        else:
            self._say_no_tray_once()

        self.timer = QTimer(self)
        self.timer.setObjectName("alertTimer")
        self.timer.setInterval(ALERT_INTERVAL_MS)
        self.timer.timeout.connect(self.refresh_alerts)
        self.timer.start()
        window.installEventFilter(self)
        self.retranslate()

    # -- plumbing --

    def _now(self) -> datetime:
        services = self.window.services
        return services.clock() if services is not None else utcnow()

    def eventFilter(self, obj: Any, event: QEvent) -> bool:
        if obj is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def retranslate(self) -> None:
        self.hazard_action.setText(self.tr("FBA 商品の出品チェック"))
        self.hazard_action.setToolTip(
            self.tr("FBA で在庫を持っている商品が、出品者出荷でも出品されていないか調べます")
        )
        self.health_action.setText(self.tr("出荷の状況（直近 30 日）"))
        self.report_action.setText(self.tr("出荷通知の記録（印刷・CSV）"))
        self.notify_action.setText(self.tr("期限の通知を表示する"))
        self.timing_menu.setTitle(self.tr("通知のタイミング"))
        for hours, a in self.due_actions.items():
            a.setText(self.tr("出荷期限の {0} 時間前に知らせる").format(hours))
        for hours, a in self.unreflected_actions.items():
            a.setText(self.tr("出荷通知が {0} 時間反映されないと知らせる").format(hours))
        self.show_action.setText(self.tr("ウィンドウを表示"))
        self.tray_sync_action.setText(self.tr("同期"))
        self.quit_action.setText(self.tr("終了"))
        self._apply_status(self.tracker.last_status)
        for view in (self.panel, self.health_view, self.report_dialog):
            if view is not None:
                view.retranslate()
        banner = self.window.banner
        if (
            self._hazard_banner_shown
            and banner.isVisible()
            and banner.text.text() == self._hazard_banner_shown
        ):
            self._show_hazard_banner()  # in the new language

    def _say_no_tray_once(self) -> None:
        extra = self.window.settings.extra
        if extra.get(SETTING_TRAY_NOTICE_SHOWN):
            return
        extra[SETTING_TRAY_NOTICE_SHOWN] = True
        self.window.banner.show_message(
            self.tr(
                "このデスクトップには通知領域（システムトレイ）がありません。"
                "出荷期限のお知らせは、このウィンドウの上部に表示します。"
            ),
            "info",
            closable=True,
        )

    def _show_window(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def _on_tray_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self._show_window()

    # -- alerts --

    def set_notifications(self, on: bool) -> None:
        settings = self.tracker.settings
        from dataclasses import replace

        self.tracker.settings = replace(settings, enabled=bool(on))
        self.window.settings.extra[SETTING_ENABLED] = bool(on)

    def set_timing(self, *, due: float | None = None, unreflected: float | None = None) -> None:
        """Change when notifications come (kept in the settings file)."""
        from dataclasses import replace

        from amzdesk.insights.alerts import SETTING_DUE_HOURS, SETTING_UNREFLECTED_HOURS

        settings = self.tracker.settings
        if due is not None:
            settings = replace(settings, due_within_hours=float(due))
            self.window.settings.extra[SETTING_DUE_HOURS] = float(due)
        if unreflected is not None:
            settings = replace(settings, unreflected_hours=float(unreflected))
            self.window.settings.extra[SETTING_UNREFLECTED_HOURS] = float(unreflected)
        self.tracker.settings = settings

    def after_sync(self) -> None:
        """The post-sync hook: alerts and the FBA listing check, in one background task."""
        services = self.window.services
        if services is None or self._alerts_running or not self.window.isVisible():
            return
        self._alerts_running = True
        from amzdesk.insights.hazards import run_check

        # The listing check reads every stored order: after a sync at most once an hour (the
        # menu entry runs it at any time).
        now = time.monotonic()
        listing = self._last_listing_check is None or (
            now - self._last_listing_check >= LISTING_CHECK_EVERY_S
        )
        if listing:
            self._last_listing_check = now

        def work(ctx: Any) -> tuple[tuple[list[Any], list[Any]], HazardReport | None]:
            inputs = load_alert_inputs(services)
            ctx.check_cancelled()
            return inputs, (run_check(services) if listing else None)

        def done(result: tuple[tuple[list[Any], list[Any]], HazardReport | None]) -> None:
            self._alerts_running = False
            (orders, entries), report = result
            self.apply_alerts(self.tracker.check(orders, entries))
            if report is not None:
                self._hazards_done(report, quiet=True)

        def failed(exc: BaseException) -> None:
            self._alerts_running = False
            log.warning("post-sync checks failed: %s", exc)

        self.window.runner.submit(
            work,
            name="post-sync",
            on_result=done,
            on_error=failed,
            on_cancelled=failed_cancelled(self),
        )

    def refresh_alerts(self) -> None:
        services = self.window.services
        if services is None or self._alerts_running:
            return
        self._alerts_running = True

        def done(result: tuple[list[Any], list[Any]]) -> None:
            self._alerts_running = False
            orders, entries = result
            self.apply_alerts(self.tracker.check(orders, entries))

        def failed(exc: BaseException) -> None:
            self._alerts_running = False
            log.warning("alerts: could not read the orders: %s", exc)

        self.window.runner.submit(
            lambda ctx: load_alert_inputs(services), name="alerts", on_result=done, on_error=failed
        )

    def apply_alerts(self, alerts: list[Alert]) -> None:
        self._apply_status(self.tracker.last_status)
        for alert in alerts:
            self.notify(alert)

    def _apply_status(self, status: TrayStatus) -> None:
        text = self.tr("今日が期限 {0} 件・期限切れ {1} 件（出荷通知がまだ）").format(
            status.due_today, status.overdue
        )
        self.status_action.setText(text)
        if self.tray is not None:
            self.tray.setIcon(badge_icon(status.count))
            tip = self.tr("amzdesk 出荷通知") + "\n" + text
            if status.unreflected:
                tip += "\n" + self.tr("反映待ちが長い出荷通知 {0} 件").format(status.unreflected)
            self.tray.setToolTip(tip)

    def alert_text(self, alert: Alert) -> tuple[str, str]:
        """(title, message) in the window's language (the core's messages, rendered)."""
        from ui.i18n import tr_core

        return tr_core(alert.title), tr_core(alert.message)

    def notify(self, alert: Alert) -> None:
        self.notifications.append(alert)
        title, msg = self.alert_text(alert)
        log.info("alert %s: %d order(s)", alert.kind, len(alert.order_refs))
        if self.tray is not None and QSystemTrayIcon.supportsMessages():
            self.tray.showMessage(title, msg, QSystemTrayIcon.MessageIcon.Warning, 15000)
        else:
            self.window.banner.show_message(f"{title}: {msg}", "warning", closable=True)

    # -- FBA listing check --

    def check_hazards(self, *, quiet: bool = False, products: list[Any] | None = None) -> None:
        services = self.window.services
        if services is None:
            return
        from amzdesk.insights.hazards import run_check

        def done(report: HazardReport) -> None:
            self._hazards_done(report, quiet=quiet)

        def failed(exc: BaseException) -> None:
            from ui import backend

            if self.panel is not None:
                self.panel.show_error(backend.user_message(exc))
            log.warning("listing check failed: %s", exc)

        self.window.runner.submit(
            lambda ctx: run_check(services, products=products),
            name="listing-check",
            on_result=done,
            on_error=failed,
        )

    def _hazards_done(self, report: HazardReport, *, quiet: bool) -> None:
        self.hazard_report = report
        if self.panel is not None:
            self.panel.show_report(report)
        keys = frozenset(h.key for h in report.hazards)
        if quiet and keys and keys != self._shown_hazards:
            self._shown_hazards = keys
            self._show_hazard_banner()

    def _hazard_banner_text(self) -> str:
        return self.tr(
            "FBA の商品が出品者出荷でも出品されています（{0} 点）。"
            "makeshop の Amazon 連携の設定を確認してください"
        ).format(len(self._shown_hazards))

    def _show_hazard_banner(self) -> None:
        text = self._hazard_banner_text()
        self._hazard_banner_shown = text
        self.window.banner.show_message(
            text, "warning", self.tr("確認する"), self._open_hazards_from_banner
        )

    def _open_hazards_from_banner(self) -> None:
        self.open_hazards()

    def _load_products(self, path: str) -> None:
        from amzdesk.insights.hazards import ProductCsvError, read_product_csv
        from ui import backend

        try:
            products = read_product_csv(path)
        except (ProductCsvError, OSError) as exc:
            assert self.panel is not None
            self.panel.show_error(backend.user_message(exc))  # in the window's language
            return
        self.check_hazards(products=products)

    def open_hazards(self) -> HazardPanel:
        from ui.insight_views import HazardPanel

        if self.panel is None:
            self.panel = HazardPanel(self.window)
            self.panel.recheck = self.check_hazards
            self.panel.load_products = self._load_products
        if self.hazard_report is not None:
            self.panel.show_report(self.hazard_report)
        else:
            self.panel.set_busy()
            self.check_hazards()
        self.panel.show()
        self.panel.raise_()
        return self.panel

    # -- health and report --

    def open_health(self) -> HealthView:
        from amzdesk.insights.health import compute_health
        from ui.insight_views import HealthView

        if self.health_view is None:
            self.health_view = HealthView(self.window)
        view = self.health_view
        view.show()
        view.raise_()
        services = self.window.services
        if services is not None:
            self.window.runner.submit(
                lambda ctx: compute_health(
                    services.store.all_orders(), services.store.journal_entries(), services.clock()
                ),
                name="health",
                on_result=self._show_health,
                on_error=self.window._on_task_error,
            )
        return view

    def _show_health(self, report: HealthReport) -> None:
        if self.health_view is not None:
            self.health_view.show_report(report)

    def open_report(self) -> SessionReportDialog:
        from amzdesk.insights.report import build_report
        from ui.insight_views import SessionReportDialog

        if self.report_dialog is None:
            self.report_dialog = SessionReportDialog(self.window)
        dialog = self.report_dialog
        dialog.show()
        dialog.raise_()
        services = self.window.services
        since = self.session_started
        if services is not None:
            self.window.runner.submit(
                lambda ctx: build_report(
                    services.store.journal_entries(),
                    services.store.all_orders(),
                    since,
                    services.clock(),
                ),
                name="session-report",
                on_result=self._show_session_report,
                on_error=self.window._on_task_error,
            )
        return dialog

    def _show_session_report(self, report: SessionReport) -> None:
        if self.report_dialog is not None:
            self.report_dialog.show_report(report)


__all__ = ["InsightsController", "badge_icon", "load_alert_inputs"]
