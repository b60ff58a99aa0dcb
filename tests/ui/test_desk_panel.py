"""The packing desk's detail panel, keyboard, ship date, screen fit and smaller fixes."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication

from amzdesk import states
from amzdesk.clock import JST
from amzdesk.models import AmazonStatus, Channel, DeliveryStatus, Order
from amzdesk.rules import Action
from amzdesk.worklist import View
from ui.main_window import ACTION_SHORTCUTS, MainWindow

from .test_main_window import button, is_mfn_to_confirm, pick_key, select, valid_mod7


def is_fba(o: Order, _r: Any) -> bool:
    return o.channel is Channel.AMAZON_FBA


def is_shipped_mfn(o: Order, _r: Any) -> bool:
    return (
        o.channel is Channel.AMAZON_MFN
        and o.amazon is not None
        and o.amazon.status is AmazonStatus.SHIPPED
        and any(p.tracking_number for p in o.amazon.packages)
    )


def is_unshipped_shop(o: Order, _r: Any) -> bool:
    return (
        o.channel is Channel.SHOP
        and o.makeshop is not None
        and o.makeshop.delivery_status is DeliveryStatus.UNPROCESSED
    )


# --- item 4: the panel resets per order ---


def test_panel_resets_per_order_and_keeps_the_packing_carrier(synced: MainWindow) -> None:
    w = synced
    first = pick_key(w, is_mfn_to_confirm)
    select(w, first)
    assert w.input_section.isVisible()
    assert "次にすること" in w.recommendation.text()
    assert "Amazon に出荷通知" in w.recommendation.text()
    w.carrier_picker.set_carrier_name("佐川急便")
    # FBA: nothing to enter, no carrier advice, no editable tracking field
    select(w, pick_key(w, is_fba))
    assert not w.input_section.isVisible()
    assert not w.tracking_entry.edit.isVisible()
    assert "次にすること: なし" in w.recommendation.text()
    assert "佐川急便" not in w.recommendation.text()
    # a shipped order: what it shipped with, per package; no other carrier's preview
    key = pick_key(w, is_shipped_mfn)
    order = select(w, key)
    assert order.amazon is not None
    assert w.shipped_info.isVisible()
    for p in order.amazon.packages:
        assert p.tracking_number in w.shipped_info.text()
    assert not w.carrier_picker.preview_label.isVisible()
    # the next order to confirm gets the packing session's carrier back (scanner flow)
    other = pick_key(w, lambda o, r: is_mfn_to_confirm(o, r) and o.key != first)
    select(w, other)
    assert w.input_section.isVisible()
    c = w.carrier_picker.carrier()
    assert c is not None and c.name == "佐川急便"
    assert w.tracking_entry.text() == ""


def test_every_verdict_sits_behind_a_disclosure(synced: MainWindow, qtbot: Any) -> None:
    w = synced
    select(w, pick_key(w, is_mfn_to_confirm))
    assert not w.verdict_label.isVisible()
    assert w.verdict_label.text().count("\n") >= 6  # one line per action, kept for support
    qtbot.mouseClick(w.verdict_toggle, Qt.MouseButton.LeftButton)
    assert w.verdict_label.isVisible()


# --- item 6: keyboard ---


def test_tab_leaves_the_list_and_walks_the_panel(synced: MainWindow, qtbot: Any) -> None:
    w = synced
    w._complete_ui()  # what runs right after the first frame
    select(w, pick_key(w, is_mfn_to_confirm))
    assert not w.table.tabKeyNavigation()
    w.table.setFocus()
    qtbot.keyClick(w.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is w.carrier_picker.combo
    focused = QApplication.focusWidget()
    qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is w.tracking_entry.edit
    qtbot.keyClick(w.tracking_entry.edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is w.ship_date
    w.table.setFocus()
    qtbot.keyClick(w.table, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is w.search_field


def test_every_action_has_a_shortcut_in_menu_and_tooltip(synced: MainWindow) -> None:
    w = synced
    w._complete_ui()  # what runs right after the first frame
    select(w, pick_key(w, is_mfn_to_confirm))
    for action, qa in w.order_actions.items():
        assert not qa.shortcut().isEmpty(), action
        assert qa.shortcut() == QKeySequence(ACTION_SHORTCUTS[action.value])
        shown = qa.shortcut().toString(qa.shortcut().SequenceFormat.NativeText)
        assert shown in w.action_buttons[action].toolTip(), action
    assert not w.record_return_action.shortcut().isEmpty()
    for qa in (w.import_action, w.journal_action, w.sync_action, w.focus_search_action):
        assert not qa.shortcut().isEmpty()


def test_view_shortcuts(synced: MainWindow, qtbot: Any) -> None:
    w = synced
    w._complete_ui()  # what runs right after the first frame
    w.table.setFocus()
    qtbot.keyClick(w.table, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert w.current_view() is View.OVERDUE
    qtbot.keyClick(w.table, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert w.current_view() is View.NEEDS_ACTION


# --- item 8: the window fits the screen's work area ---


def test_window_fits_the_available_screen(qtbot: Any, services: Any, settings_path: Path) -> None:
    w = MainWindow(services, settings_path=settings_path, autoload=False, autosync=False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    screen = w.screen() or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    assert w.frameGeometry().height() <= area.height()
    assert w.frameGeometry().width() <= area.width()
    assert area.contains(w.geometry().topLeft())
    w.close()


# --- item 9: ship date ---


def test_ship_date_defaults_to_today_bounded_and_remembered(synced: MainWindow, sim: Any) -> None:
    w = synced
    today = w.services.clock().astimezone(JST).date()
    key = pick_key(w, is_mfn_to_confirm)
    order = select(w, key)
    assert w.chosen_ship_date() == today
    assert w.ship_date.maximumDate().toPython() == today  # never in the future
    assert order.order_date is not None
    assert w.ship_date.minimumDate().toPython() == order.order_date.astimezone(JST).date()
    yesterday = max(today - timedelta(days=1), w.ship_date.minimumDate().toPython())
    w.ship_date.setDate(QDate(yesterday))
    w.ship_date.setDate(QDate(today + timedelta(days=2)))  # refused by the range
    assert w.chosen_ship_date() <= today
    w.ship_date.setDate(QDate(yesterday))
    w.carrier_picker.set_carrier_name("クロネコヤマト")
    w.tracking_entry.edit.setText(valid_mod7(random.Random(5)))
    button(w, Action.CONFIRM_AMAZON).click()
    body = str(
        sim.requests_for("confirmShipment")[-1].json
        if hasattr(sim.requests_for("confirmShipment")[-1], "json")
        else sim.requests_for("confirmShipment")[-1].body
    )
    if yesterday < today:
        assert yesterday.isoformat() in body or "shipDate" in body
    # remembered for the next order of the session
    other = pick_key(w, lambda o, r: is_mfn_to_confirm(o, r) and o.key != key)
    select(w, other)
    assert w.chosen_ship_date() == yesterday


# --- item 10: smaller ---


def test_status_message_does_not_outlive_the_selection(synced: MainWindow) -> None:
    w = synced
    select(w, pick_key(w, is_mfn_to_confirm))
    w.status_label.setText("古いメッセージ")
    select(w, pick_key(w, is_fba))
    assert w.status_label.text() == ""


def test_shop_order_tracking_is_optional_and_makeshop_completion_is_offered(
    synced: MainWindow,
) -> None:
    w = synced
    select(w, pick_key(w, is_unshipped_shop))
    w.carrier_picker.set_carrier_name("クロネコヤマト")
    assert button(w, Action.COMPLETE_MAKESHOP).isEnabled()
    status = w.tracking_entry.status.text()
    assert "必要です" not in status
    assert "空でも配送完了にできます" in status
    assert "makeshop で配送完了" in w.recommendation.text()


def test_file_dialogs_start_in_downloads_and_remember(tmp_path: Path, monkeypatch: Any) -> None:
    from amzdesk.settings import Settings
    from ui.import_dialog import remember_folder, start_folder
    from ui.tasks import TaskRunner

    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "Downloads").mkdir()
    s = Settings()
    assert Path(start_folder(s)) == tmp_path / "Downloads"
    labels = tmp_path / "labels"
    labels.mkdir()
    remember_folder(s, labels / "b2.csv", tmp_path / "settings.json", TaskRunner(synchronous=True))
    assert s.last_folder == str(labels)
    assert start_folder(s) == str(labels)
    from amzdesk.settings import load_settings

    assert load_settings(tmp_path / "settings.json").last_folder == str(labels)


def test_a_sent_order_is_never_overdue_in_the_list(synced: MainWindow) -> None:
    from amzdesk.worklist import F_OVERDUE, F_SENT
    from ui.orders.rows import load_rows

    w = synced
    store = w.services.store
    overdue = [r.key for r in w.model.rows if r.flags & F_OVERDUE]
    assert overdue  # the demo shop has overdue merchant-fulfilled orders
    key = overdue[0]
    # its confirmation went out (Amazon's copy still says unshipped until the next sync)
    entry = store.journal_intent(key, "confirm-amazon", "amazon", "p1", {})
    store.journal_outcome(entry, "done")
    order = store.get(key)
    assert order is not None
    assert states.combined_state(order) is states.CombinedState.CONFIRM_SENT
    # the list agrees with the domain: no longer overdue
    assert states.deadline(order, w.services.clock()) is not states.Deadline.OVERDUE
    (row,) = load_rows(store, w.services.clock(), keys=[key])
    assert row.flags & F_SENT and not row.flags & F_OVERDUE


def test_ctrl_l_goes_to_the_list_on_its_most_urgent_order(synced: MainWindow, qtbot: Any) -> None:
    w = synced
    w._complete_ui()  # what runs right after the first frame
    assert w.current_key() is None
    w.search_field.setFocus()
    qtbot.keyClick(w.search_field, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is w.table
    assert w.current_key() == w.proxy.key_at(0)  # the top row, not the second after Down


# --- item 10: credentials that cannot be saved, or that just failed their test -------------------


def test_welcome_disabled_setup_button_says_why(qtbot: Any) -> None:
    from ui.welcome import WelcomeDialog

    d = WelcomeDialog()
    qtbot.addWidget(d)
    d.set_keyring_problem("gnome-keyring を入れてください")
    assert not d.setup_button.isEnabled()
    assert d.setup_button.toolTip() == "gnome-keyring を入れてください"
    d.set_keyring_problem("")
    assert d.setup_button.isEnabled() and d.setup_button.toolTip() == ""


def test_settings_without_keyring_locks_the_credential_fields(qtbot: Any, tmp_path: Path) -> None:
    from amzdesk.credentials import CredentialStore, KeyringUnavailable
    from amzdesk.settings import Settings
    from ui.settings_dialog import SettingsDialog
    from ui.tasks import TaskRunner

    class NoKeyring(CredentialStore):
        def status(self) -> dict[str, bool]:
            raise KeyringUnavailable("OS のキーリングが使えません。gnome-keyring を入れてください")

    d = SettingsDialog(
        Settings(),
        credentials=NoKeyring(index_path=tmp_path / "index.json"),
        runner=TaskRunner(synchronous=True),
        settings_path=tmp_path / "settings.json",
    )
    qtbot.addWidget(d)
    d.show()
    assert d.keyring_problem
    assert d.error_label.isVisible() and "gnome-keyring" in d.error_label.text()
    for edit in d.fields.values():
        assert not edit.isEnabled()
        assert "保存できません" in edit.placeholderText()


def test_saving_credentials_that_failed_their_test_asks_first(
    qtbot: Any, tmp_path: Path, sim: Any, monkeypatch: Any
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from amzdesk.credentials import AMAZON_NAMES, CredentialStore
    from amzdesk.settings import Settings
    from tests.sim_fixtures import credential_env
    from ui.settings_dialog import SettingsDialog
    from ui.tasks import TaskRunner

    for key, value in credential_env(sim).items():
        if (key.startswith("AMZDESK_") and "ENDPOINT" in key) or key == "AMZDESK_LWA_TOKEN_URL":
            monkeypatch.setenv(key, value)
    asked: list[str] = []

    def cancel(*args: Any, **_kw: Any) -> Any:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", cancel)
    d = SettingsDialog(
        Settings(),
        credentials=CredentialStore(index_path=tmp_path / "index.json"),
        runner=TaskRunner(synchronous=True),
        settings_path=tmp_path / "settings.json",
    )
    qtbot.addWidget(d)
    d.show()
    for name in AMAZON_NAMES:
        d.fields[name].setText(sim.credentials[name])
    d.fields["lwa-client-secret"].setText("wrong-secret-value")
    d.amazon_test_button.click()
    assert "✗" in d.amazon_test_result.text()
    d.save()
    assert asked and "Amazon" in asked[0]
    assert not (tmp_path / "settings.json").exists()  # nothing saved
    # typing again clears the failed test: no question (the save itself may then proceed)
    d.fields["lwa-client-secret"].setText(sim.credentials["lwa-client-secret"])
    assert "amazon" not in d.test_failed
