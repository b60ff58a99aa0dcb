"""The window's insights against the simulator: menu entries, the listing check after a sync,
the health view (PNG export), the session report (print to PDF, CSV), the tray menu and the
notifications (shown in the window where the platform has no tray)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage

from amzdesk.insights.alerts import OVERDUE, SETTING_ENABLED, SETTING_TRAY_NOTICE_SHOWN
from amzdesk.services import Services
from ui.main_window import MainWindow

VALID = "444413758703"

# The offscreen platform cannot raise windows or grab the keyboard for a popup menu.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)


def _synced(window: MainWindow) -> Any:
    """Insights installed (after the first frame), then one sync: the post-sync hook runs."""
    ins = _installed(window)
    window.start_sync()
    assert not window.sync_running and window.model.rowCount() > 0
    return ins


def _installed(window: MainWindow) -> Any:
    from PySide6.QtWidgets import QApplication

    # the window is on screen (fixture): as in the app, its first paint scheduled the start of
    # the services after the first frame
    for _ in range(50):
        if window.insights is not None:
            break
        QApplication.processEvents()
    assert window.insights is not None
    return window.insights


def test_menu_entries_and_no_tray_notice(window: MainWindow) -> None:
    ins = _installed(window)
    names = {a.objectName() for a in window.view_menu.actions()}
    assert {"hazardAction", "healthAction", "sessionReportAction", "notifyAction"} <= names
    if not ins.tray_available:  # offscreen: no tray -> said once, remembered
        assert window.settings.extra[SETTING_TRAY_NOTICE_SHOWN] is True
        assert window.banner.isVisible() and "システムトレイ" in window.banner.text.text()


def test_after_sync_hazards_alerts_and_panel(sim: Any, window: MainWindow) -> None:
    ins = _synced(window)
    assert ins.hazard_report is not None
    seeded = {(h.asin, h.mfn_sku) for h in sim.world.fba.hazards}
    assert {h.key for h in ins.hazard_report.hazards} == seeded
    assert "FBA" in window.banner.text.text() or ins.notifications
    kinds = {a.kind for a in ins.notifications}
    assert OVERDUE in kinds  # the seed has overdue merchant-fulfilled orders
    status = ins.tracker.last_status
    assert status.count == status.due_today + status.overdue > 0
    assert str(status.overdue) in ins.status_action.text()
    panel = ins.open_hazards()
    assert panel.table.rowCount() == len(seeded)
    assert panel.table.item(0, 5).text() == "1"  # the unshipped order comes first
    assert "連携しない" in panel.detail.toPlainText()
    ins.tray_menu.popup(window.mapToGlobal(window.rect().center()))
    assert ins.tray_menu.isVisible()
    ins.tray_menu.hide()


def test_notifications_can_be_turned_off(window: MainWindow) -> None:
    ins = _synced(window)
    ins.notify_action.setChecked(False)
    assert window.settings.extra[SETTING_ENABLED] is False
    ins.tracker.reset()
    before = len(ins.notifications)
    ins.refresh_alerts()
    assert len(ins.notifications) == before  # nothing notified
    assert ins.tracker.last_status.count > 0  # the count still shows
    ins.due_actions[1].trigger()
    ins.unreflected_actions[4].trigger()
    assert (ins.tracker.settings.due_within_hours, ins.tracker.settings.unreflected_hours) == (1, 4)
    assert window.settings.extra["alerts_due_within_hours"] == 1.0
    assert ins.due_actions[1].isChecked() and not ins.due_actions[3].isChecked()


def test_health_view_and_png(window: MainWindow, tmp_path: Path) -> None:
    ins = _synced(window)
    view = ins.open_health()
    assert view.report is not None
    assert view.late.value.text().endswith("%")
    assert view.shipped.value.text().startswith(str(view.report.shipped))
    out = tmp_path / "health.png"
    assert view.save_png(out)
    image = QImage(str(out))
    assert not image.isNull() and image.width() > 300 and image.height() > 200


def test_session_report_lists_this_session_and_prints(
    sim: Any, window: MainWindow, services: Services, tmp_path: Path
) -> None:
    ins = _synced(window)
    oid = sorted(
        sim.world.find_amazon(
            lambda ao: (
                not ao.is_fba
                and ao.status == "UNSHIPPED"
                and ao.fixed_status is None
                and bool(ao.display_order_number)
            )
        )
    )[0]
    assert services.workflow.confirm(oid, "クロネコヤマト", [VALID]).state == "done"
    dialog = ins.open_report()
    assert dialog.report is not None
    assert [(a.order, a.tracking) for a in dialog.report.actions] == [(oid, VALID)]
    assert oid in dialog.view.toPlainText()
    csv_path = tmp_path / "report.csv"
    dialog.save_csv(csv_path)
    assert oid in csv_path.read_text(encoding="utf-8-sig")
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    pdf = tmp_path / "report.pdf"
    printer.setOutputFileName(str(pdf))
    dialog.print_to(printer)
    assert pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.qt_log_ignore("systemTrayWindowChanged")  # offscreen has no tray to connect to
def test_with_a_tray_the_count_and_notifications_go_there(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QSystemTrayIcon

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    monkeypatch.setattr(QSystemTrayIcon, "supportsMessages", staticmethod(lambda: True))
    monkeypatch.setattr(
        QSystemTrayIcon, "showMessage", lambda self, title, msg, *a: shown.append((title, msg))
    )
    ins = _synced(window)
    assert ins.tray is not None and ins.tray.contextMenu() is ins.tray_menu
    assert SETTING_TRAY_NOTICE_SHOWN not in window.settings.extra  # nothing to say
    status = ins.tracker.last_status
    assert f"{status.overdue}" in ins.tray.toolTip()
    assert not ins.tray.icon().isNull()
    assert shown and shown[0][0] == "出荷期限を過ぎました"
    assert any(a.kind == OVERDUE for a in ins.notifications)


def test_the_hazard_banner_follows_the_language(window: MainWindow, qapp: Any) -> None:
    from ui import i18n

    ins = _synced(window)
    assert ins.hazard_report is not None and ins.hazard_report.hazards
    ins._show_hazard_banner()  # as after a sync that found them
    assert "出品者出荷" in window.banner.text.text()
    try:
        i18n.install(qapp, "en")
        qapp.processEvents()
        assert "merchant-fulfilled" in window.banner.text.text()
        assert "出品" not in window.banner.text.text()
    finally:
        i18n.install(qapp, "ja")
        qapp.processEvents()
    assert "出品者出荷" in window.banner.text.text()
