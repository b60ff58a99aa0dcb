"""The main window: order list, filters, detail panel with actions, sync in the status bar.

The window puts the parts of this package together and keeps the selection; each part does its
own job: :mod:`.view_filters` (filter bar, session summary), :mod:`.order_list` (the table),
:mod:`.detail_panel` (the selected order), :mod:`.order_actions` (verdicts, sends, returns, the
scanner flow), :mod:`.sync_controller` (loading and syncing), :mod:`.menus` (toolbar, menus,
shortcuts), :mod:`.banner` (messages), :mod:`.window_state` (the layout kept in the settings).
The parts never import the window: they see it through small protocols or callbacks.

This module is over 600 lines on purpose: it is the composition root (it builds the first
frame, wires the parts and runs the start-up sequence) and it keeps the attribute surface the
rest of ``ui/``, the tests and the benchmarks use (``window.carrier_picker``,
``window.start_sync()``, ...): about 160 of its lines are one-line properties and forwards.

Widgets stay thin: verdicts come from :func:`amzdesk.rules.evaluate`, the carrier preview from
:mod:`amzdesk.carriers`, tracking checks from :mod:`amzdesk.tracking`, and every network or disk
job runs through the one :class:`ui.tasks.TaskRunner` (functions in :mod:`ui.backend`).

Start-up is split in two.  The constructor builds what the first frame shows: the window frame,
toolbar, menu titles, filter bar, the (empty) order table and the status bar.  Everything else
is built right after the first frame is painted (a zero timer from the first paint event, see
:meth:`MainWindow._complete_ui`): the detail panel (carrier picker, tracking entry, action
buttons), the order actions of the menus, keyboard shortcuts, and the modules they need
(:mod:`amzdesk.rules`, :mod:`ui.backend`, ...).  Every attribute that belongs to the deferred
part (``carrier_picker``, ``tracking_entry``, ``action_buttons``, ``order_actions`` ...) is a
property that builds it on first use, so code that uses the window before its first paint works
the same.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui import icons, lazy_import
from ui.main_window import order_list, window_state
from ui.main_window.banner import Banner, Toast
from ui.main_window.detail_panel import DetailPanel
from ui.main_window.dialogs import WindowDialogs
from ui.main_window.menus import WindowMenus
from ui.main_window.order_actions import OrderActions
from ui.main_window.selection import OrderSelection
from ui.main_window.sync_controller import SyncController
from ui.main_window.view_filters import ViewFilters
from ui.orders.model import OrderTableModel
from ui.orders.proxy import OrderProxyModel

if TYPE_CHECKING:
    import datetime as dt

    from PySide6.QtGui import QCloseEvent

    from amzdesk.carriers import CarrierTable
    from amzdesk.credentials import CredentialStore
    from amzdesk.models import Order
    from amzdesk.rules import Action, Verdict
    from amzdesk.services import Services
    from amzdesk.settings import Settings
    from amzdesk.worklist import View
    from ui import backend
    from ui.insights import InsightsController
    from ui.tasks import Task, TaskRunner
else:
    # Not needed for the first frame: imported on first use (at the latest right after it).
    backend = lazy_import("ui.backend")

log = logging.getLogger("amzdesk.ui")


def _panel_part(name: str, doc: str) -> Any:
    """A window attribute that lives on the detail panel (built on first use)."""

    def get(self: MainWindow) -> Any:
        return getattr(self.ensure_detail_panel(), name)

    return property(get, doc=doc)


class MainWindow(QMainWindow):
    """The shipment-confirmation window over a :class:`amzdesk.services.Services` bundle."""

    # The deferred part (see the module docstring): built on first use.
    detail_title = _panel_part("detail_title", "The selected order's numbers.")
    detail_state = _panel_part("detail_state", "The selected order's state and deadline.")
    detail_items = _panel_part("detail_items", "The selected order's products.")
    carrier_heading = _panel_part("carrier_heading", "Label of the carrier picker.")
    carrier_picker = _panel_part("carrier_picker", "The carrier (ui.carrier_picker).")
    tracking_heading = _panel_part("tracking_heading", "Label of the tracking entry.")
    tracking_entry = _panel_part("tracking_entry", "Tracking numbers (ui.tracking_entry).")
    action_buttons = _panel_part("action_buttons", "Action -> its button.")
    record_return_button = _panel_part("record_return_button", "R-C1 return record button.")
    cancel_export_button = _panel_part("cancel_export_button", "Cancels an upload-file export.")
    verdict_label = _panel_part("verdict_label", "Why each action is allowed or not.")
    verdict_toggle = _panel_part("verdict_toggle", "Shows / hides the verdict list.")
    recommendation = _panel_part("recommendation", "The recommended next step and why.")
    shipped_info = _panel_part("shipped_info", "Carrier and tracking per shipped package.")
    input_section = _panel_part("input_section", "Carrier, tracking and ship date inputs.")
    ship_date = _panel_part("ship_date", "The ship date sent with a confirmation.")
    customer_label = _panel_part("customer_label", "Buyer details (never stored).")

    def __init__(
        self,
        services: Services | None = None,
        *,
        services_factory: Callable[[], Services] | None = None,
        settings: Settings | None = None,
        demo: bool | None = None,
        carriers: CarrierTable | None = None,
        runner: TaskRunner | None = None,
        settings_path: Path | None = None,
        credentials: CredentialStore | None = None,
        autoload: bool = True,
        autosync: bool | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``services`` now, or ``services_factory`` to build them in the background after the
        first frame is shown (then ``settings`` and ``demo`` describe the window meanwhile)."""
        super().__init__(parent)
        self.setObjectName("mainWindow")
        if services is None and services_factory is None:
            raise ValueError("services or services_factory is required")
        self.services = services
        self._services_factory = services_factory
        if settings is None and services is not None:
            settings = services.settings
        # None until needed: default Settings() then (see the ``settings`` property)
        self._settings: Settings | None = settings
        self.settings_path = settings_path
        self.credentials = credentials
        self._runner = runner  # made on first use when None (ui.tasks is not needed earlier)
        if demo is None:
            demo = bool(getattr(services, "demo", False))
        self.demo = demo
        if carriers is None and services is not None:
            carriers = services.carriers
        self._carriers: CarrierTable | None = carriers  # loaded with the detail panel when None
        self._autoload = autoload
        self._autosync = self.demo if autosync is None else autosync
        self._first_paint_seen = False
        self.confirmed_today: set[str] = set()  # keys confirmed today (the session summary)
        self._toast: Toast | None = None
        self._panel: DetailPanel | None = None
        self._model_attached = False
        self._header_restored = False
        self._initial_sort: tuple[int, bool] | None = None  # (column, descending) from settings
        self._banner: Banner | None = None
        self.insights: InsightsController | None = None  # once services are up

        self.model = OrderTableModel(self)
        self.proxy = OrderProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.sync = SyncController(self, self)
        self.sync_timer = self.sync.timer
        self.order_ops = OrderActions(self, self)
        self.selection = OrderSelection(self, self)
        self.dialogs = WindowDialogs(self, self)

        self._build_ui()
        self._restore_state()
        self.filters.wire()
        self._retranslate()
        self.proxy.filterChanged.connect(self.update_count)
        # the view counts change with the rows (not with the text filter or the sort)
        self.model.rowsInserted.connect(self.update_view_tabs)
        self.model.rowsReplaced.connect(self.update_view_tabs)
        self.model.dataChanged.connect(self._on_rows_changed)

        if self._settings is not None:
            self.apply_sync_interval()  # else right after the first frame (default settings)

        if self.demo:
            self.banner.show_message(
                self.tr(
                    "デモモードです。内蔵のシミュレーターの注文を表示しています。"
                    "ここでの操作は実際の Amazon や makeshop には送られません。"
                ),
                "demo",
                self.tr("認証情報を設定する"),
                self.open_settings,
                closable=True,
            )
        self.installEventFilter(self)  # the first paint starts loading (see eventFilter)

    @property
    def runner(self) -> TaskRunner:
        """The one background-task helper (:class:`ui.tasks.TaskRunner`)."""
        if self._runner is None:
            from ui.tasks import TaskRunner

            self._runner = TaskRunner(self)
        if self._runner.default_error_handler is None:
            self._runner.default_error_handler = self._show_task_failure
        return self._runner

    @runner.setter
    def runner(self, value: TaskRunner) -> None:
        self._runner = value

    def _show_task_failure(self, task: Any, exc: BaseException) -> None:
        """A background task failed and its caller gave no handler: say so, never silently."""
        self.statusBar().showMessage(backend.user_message(exc), 15000)

    @property
    def banner(self) -> Banner:
        """The message strip above the list (built when the first message comes)."""
        if self._banner is None:
            self._banner = Banner(self._central)
            self._outer.insertWidget(0, self._banner)
            if self._panel is not None:
                self._set_tab_order()
        return self._banner

    @property
    def toast(self) -> Toast:
        """The short confirmation over the list (never takes the focus)."""
        if self._toast is None:
            self._toast = Toast(self._table)
        return self._toast

    @property
    def table(self) -> QTableView:
        """The order list (its order model attached, see :meth:`_attach_model`)."""
        self._attach_model()
        return self._table

    @property
    def settings(self) -> Settings:
        """The :class:`amzdesk.settings.Settings` the window runs with."""
        if self._settings is None:
            from amzdesk.settings import Settings

            self._settings = Settings()
        return self._settings

    @settings.setter
    def settings(self, value: Settings) -> None:
        self._settings = value

    # ------------------------------------------------------------------------------------------
    # building: the first frame
    # ------------------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        # Nothing here may use Qt's ``Qt`` namespace: PySide builds its ninety-odd Python enums
        # on first use, which the first frame does not need (see _attach_model).
        self.setWindowIcon(icons.icon("sync"))
        self._central = central = QWidget(self)
        self._outer = outer = QVBoxLayout(central)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.setSpacing(6)

        bar = QHBoxLayout()
        self.filters: ViewFilters = ViewFilters(
            central,
            bar,
            self.model,
            self.proxy,
            confirmed_today=lambda: len(self.confirmed_today),
            filtered=self.selection.ensure_current_visible,
        )
        self.view_tabs = self.filters.view_tabs
        self.channel_filter = self.filters.channel_filter
        self.search_field = self.filters.search_field
        self.count_label = self.filters.count_label
        self.channel_label = self.filters.channel_label
        self.session_summary = self.filters.session_summary
        outer.addLayout(bar)

        # table + detail
        self.splitter = QSplitter(parent=central)  # horizontal (by keyword: see above)
        self.splitter.setObjectName("mainSplitter")
        self._table = table = order_list.build_table(self.splitter, self.model.header_labels)
        # the detail panel goes into this scroll area right after the first frame
        self._detail_scroll = scroll = QScrollArea(self.splitter)
        scroll.setObjectName("detailScroll")
        scroll.setWidgetResizable(True)
        scroll.setProperty("focusPolicy", 0)  # Qt.FocusPolicy.NoFocus: Tab goes to its fields
        scroll.setMinimumWidth(440)  # two columns of action buttons, also in English
        # the panel wraps its texts to the visible width (no sideways scrolling)
        scroll.setProperty("horizontalScrollBarPolicy", 1)  # Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        self.splitter.addWidget(table)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        outer.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.menus = menus = WindowMenus(self, self)
        self.toolbar = menus.toolbar
        self.sync_action = menus.sync_action
        self.settings_action = menus.settings_action
        self.journal_action = menus.journal_action
        self.import_action = menus.import_action
        self.export_action = menus.export_action
        self.quit_action = menus.quit_action
        self.file_menu = menus.file_menu
        self.view_menu: QMenu = menus.view_menu
        self.focus_search_action = menus.focus_search_action
        self.focus_list_action = menus.focus_list_action
        self._build_status_bar()

        table.customContextMenuRequested.connect(self.selection.on_context_menu)
        self.model.modelReset.connect(self.selection.restore_selection)

    def _build_status_bar(self) -> None:
        sb = self.statusBar()
        sb.setObjectName("statusBar")
        self.status_label = QLabel(self)
        self.status_label.setObjectName("statusMessage")
        sync = self.sync
        sync.build_status_widgets(self)
        self.progress, self.cancel_button = sync.progress, sync.cancel_button
        self.last_sync_amazon, self.last_sync_makeshop = sync.last_amazon, sync.last_makeshop
        sb.addPermanentWidget(self.session_summary)
        sb.addWidget(self.status_label, 1)
        for w in (sync.progress, sync.cancel_button, sync.last_amazon, sync.last_makeshop):
            sb.addPermanentWidget(w)

    # ------------------------------------------------------------------------------------------
    # building: what the first frame does not show
    # ------------------------------------------------------------------------------------------
    def _complete_ui(self) -> None:
        """Build the rest of the window (runs right after the first frame; idempotent)."""
        self._attach_model()
        self.ensure_detail_panel()
        self.menus.install_shortcuts()

    def _attach_model(self) -> None:
        """Put the order model (through its proxy) under the list, sorted as saved."""
        if self._model_attached:
            return
        self._model_attached = True
        order_list.attach_model(
            self._table, self.proxy, self._initial_sort, header_restored=self._header_restored
        )
        self._table.selectionModel().currentRowChanged.connect(self.selection.on_current_row)

    def _carrier_table(self) -> CarrierTable:
        if self._carriers is None:
            from amzdesk.carriers import CarrierTable

            self._carriers = CarrierTable.load(overrides=self.settings.carrier_code_overrides)
        return self._carriers

    def ensure_detail_panel(self) -> DetailPanel:
        """The detail panel and the order actions of the menus, built on first use."""
        panel = self._panel
        if panel is not None:
            return panel
        panel = DetailPanel(self._carrier_table())
        actions = self.order_ops
        self.menus.build_order_actions(
            actions.trigger, actions.record_return_done, actions.cancel_export
        )
        for action, b in panel.action_buttons.items():
            b.clicked.connect(lambda _checked=False, a=action: actions.trigger(a))
        panel.record_return_button.clicked.connect(actions.record_return_done)
        panel.cancel_export_button.clicked.connect(actions.cancel_export)
        panel.carrier_picker.carrierChanged.connect(self.selection.on_carrier_changed)
        panel.tracking_entry.changed.connect(actions.refresh_verdicts)
        panel.tracking_entry.submitted.connect(actions.on_tracking_submitted)
        panel.ship_date.dateChanged.connect(self.selection.on_ship_date_changed)
        self._panel = panel
        self._detail_scroll.setWidget(panel)
        self._set_tab_order()
        panel.retranslate()
        self.menus.retranslate_order_actions()
        self.selection.show_order_details()
        return panel

    @property
    def panel(self) -> DetailPanel:
        """The detail panel (built on first use)."""
        return self.ensure_detail_panel()

    def built_panel(self) -> DetailPanel | None:
        """The detail panel if it is built (nothing is built)."""
        return self._panel

    @property
    def detail(self) -> QWidget:
        """The detail panel widget (built on first use)."""
        return self.ensure_detail_panel()

    @property
    def order_actions(self) -> dict[Action, QAction]:
        """Action -> its menu entry (the 注文 menu and the list's context menu)."""
        self.ensure_detail_panel()
        return self.menus.order_actions

    @property
    def order_menu(self) -> QMenu:
        """The 注文 menu (its order actions are built on first use)."""
        self.ensure_detail_panel()
        return self.menus.order_menu

    @property
    def cancel_export_action(self) -> QAction:
        self.ensure_detail_panel()
        assert self.menus.cancel_export_action is not None
        return self.menus.cancel_export_action

    @property
    def record_return_action(self) -> QAction:
        self.ensure_detail_panel()
        assert self.menus.record_return_action is not None
        return self.menus.record_return_action

    def focus_search(self) -> None:
        """Move the keyboard focus to the search field (Ctrl+F)."""
        self.search_field.setFocus()

    def _set_tab_order(self) -> None:
        """Tab / Shift+Tab: views, channel, search, list, carrier, tracking, ship date,
        actions, the verdict disclosure (hidden widgets are skipped)."""
        panel = self._panel
        assert panel is not None
        banner = self._banner
        chain: list[QWidget] = [
            *((banner.button, banner.close_button) if banner is not None else ()),
            self.view_tabs,
            self.channel_filter,
            self.search_field,
            self._table,
            panel.carrier_picker.combo,
            panel.carrier_picker.other_name,
            panel.tracking_entry.edit,
            panel.ship_date,
            *panel.action_buttons.values(),
            panel.record_return_button,
            panel.cancel_export_button,
            panel.verdict_toggle,
        ]
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)

    def findChild(self, *args: Any, **kwargs: Any) -> Any:
        """Qt's ``findChild`` over the whole window, deferred parts included."""
        self._complete_ui()
        return super().findChild(*args, **kwargs)

    def findChildren(self, *args: Any, **kwargs: Any) -> Any:
        """Qt's ``findChildren`` over the whole window, deferred parts included."""
        self._complete_ui()
        return super().findChildren(*args, **kwargs)

    # ------------------------------------------------------------------------------------------
    # texts
    # ------------------------------------------------------------------------------------------
    def _retranslate(self) -> None:
        title = self.tr("amzdesk 出荷通知")
        if self.demo:
            title = self.tr("{0} — デモ（シミュレーター）").format(title)
        self.setWindowTitle(title)
        self.filters.retranslate()
        self._table.setAccessibleName(self.tr("注文一覧"))
        self.menus.retranslate()
        self.sync.retranslate()
        if self._panel is not None:
            self._panel.retranslate()
            self.selection.show_order_details()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            # the model's labels first: the detail panel shows them (state, its tip)
            self.model.retranslate()
            self._retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------------------------------------
    # state persistence (amzdesk.settings)
    # ------------------------------------------------------------------------------------------
    def _restore_state(self) -> None:
        s = self._settings
        self.filters.restore(s.filters if s is not None else None)
        if s is None:  # default settings: nothing else to restore
            window_state.fit_to_screen(self)
            return
        self._header_restored, self._initial_sort = window_state.restore_layout(
            s.column_layout or {}, self._table.horizontalHeader(), self.splitter
        )
        if s.window_geometry:
            window_state.restore_geometry(self, s.window_geometry)
        window_state.fit_to_screen(self, keep=bool(s.window_geometry))

    def collect_state(self) -> None:
        """Write filters, columns and geometry into ``self.settings`` (not saved yet)."""
        s = self.settings
        s.filters = self.proxy.filter_state.to_dict()
        s.column_layout = window_state.collect_layout(self.table.horizontalHeader(), self.splitter)
        s.window_geometry = window_state.save_geometry(self)
        s.last_sync = {
            src: dt.isoformat() for src, dt in self.sync.last_sync.items() if dt is not None
        }

    def save_state(self) -> None:
        from amzdesk.settings import SettingsError, save_settings

        self.collect_state()
        try:
            save_settings(self.settings, self.settings_path)
        except (SettingsError, OSError) as exc:
            log.warning("could not save the window state: %s", exc)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.sync_timer.stop()
        self.save_state()
        self.runner.shutdown(15000)
        self.dialogs.close_all()
        super().closeEvent(event)

    # ------------------------------------------------------------------------------------------
    # start-up
    # ------------------------------------------------------------------------------------------
    def eventFilter(self, obj: Any, event: QEvent) -> bool:
        if obj is self and event.type() == QEvent.Type.Paint and not self._first_paint_seen:
            self._first_paint_seen = True
            self.removeEventFilter(self)
            import ui

            ui.end_startup_gc()
            # Everything the first frame does not need starts once it is on screen.
            QTimer.singleShot(0, self._after_first_show)
        return False

    def _after_first_show(self) -> None:
        if self.services is None:
            factory = self._services_factory
            assert factory is not None
            self.status_label.setText(self.tr("注文データを開いています…"))
            self.runner.submit(
                lambda ctx: factory(),
                name="services",
                on_result=self._on_services_ready,
                on_error=self._on_task_error,
            )
            self._complete_ui()  # meanwhile
            return
        self._complete_ui()
        self._start_services()

    def _start_services(self) -> None:
        # The list's first screen first (milliseconds), alone: the rest would compete with it
        # for the interpreter.  Then warm-up, every row, and the sync.
        if not (self._autoload and self.sync.load_first_page(then=self._start_rest)):
            self._start_rest()

    def _start_rest(self) -> None:
        services = self.services
        if self.insights is None:  # menu entries, tray and alerts (ui.insights)
            from ui.insights import InsightsController

            self.insights = InsightsController(self)
        if services is not None:
            self.runner.submit(lambda ctx: backend.warm_up(services), name="warm-up")
        if self._autoload:
            self.reload()
        if self._autosync:
            self.start_sync()

    def _on_services_ready(self, services: Services) -> None:
        self.services = services
        self._services_factory = None
        if self._settings is None and getattr(services, "settings", None) is not None:
            self._settings = services.settings
            self.apply_sync_interval()
        carriers = getattr(services, "carriers", None)
        if carriers is not None and carriers is not self._carriers:
            self._carriers = carriers
            if self._panel is not None:
                self._panel.carrier_picker.set_table(carriers)
        self._complete_ui()
        self._start_services()

    # ------------------------------------------------------------------------------------------
    # loading and syncing (ui.main_window.sync_controller)
    # ------------------------------------------------------------------------------------------

    def reload(self) -> Task | None:
        """Fetch every row in the background and swap them in on the GUI thread."""
        return self.sync.reload()

    def start_sync(self) -> None:
        self.sync.start_sync()

    def cancel_sync(self) -> None:
        self.sync.cancel_sync()

    @property
    def sync_running(self) -> bool:
        return self.sync.running

    def apply_sync_interval(self) -> None:
        if self._settings is None:
            return  # applied once the services bring the settings (after the first frame)
        self.sync.apply_interval(self._settings)

    def loaded(self) -> bool:
        """Whether every row was read once (for tests and tools)."""
        return self.sync.loaded_once

    def _on_task_error(self, exc: BaseException) -> None:
        self.banner.show_message(backend.user_message(exc), "error")

    # ------------------------------------------------------------------------------------------
    # filters (ui.main_window.view_filters)
    # ------------------------------------------------------------------------------------------
    def _on_rows_changed(self, _first: Any, _last: Any, roles: Any = ()) -> None:
        if not roles:  # not just a highlight
            self.update_view_tabs()

    def set_view(self, view: View | str) -> None:
        """Show the view ``view`` (an :class:`amzdesk.worklist.View` or its value)."""
        self.filters.set_view(view)

    def current_view(self) -> View:
        return self.filters.current_view()

    def view_counts(self) -> dict[Any, int]:
        return self.filters.view_counts()

    def update_view_tabs(self) -> None:
        """The tab titles with their counts, and the session summary in the status bar."""
        self.filters.update_view_tabs()

    def update_count(self) -> None:
        self.filters.update_count()

    # ------------------------------------------------------------------------------------------
    # the selected order (ui.main_window.selection), other windows (ui.main_window.dialogs)
    # ------------------------------------------------------------------------------------------
    def select_key(self, key: str, *, reveal: bool = True) -> bool:
        """Select the order ``key``; with ``reveal``, an order the current view hides is shown
        by switching to the すべて view (the search and the channel filter stay)."""
        return self.selection.select_key(key, reveal=reveal)

    def select_next_needing_action(self, after: str | None = None) -> str | None:
        """Select the next visible order (after ``after``) that needs action; returns its key."""
        return self.selection.select_next_needing_action(after)

    def focus_list(self) -> None:
        """Move the keyboard focus to the order list (Ctrl+L)."""
        self.selection.focus_list()

    def current_key(self) -> str | None:
        return self.selection.key

    def current_order(self) -> Order | None:
        return self.selection.order

    def show_updated_order(self, order: Order) -> None:
        self.selection.show_updated_order(order)

    def verdicts(self) -> dict[Action, Verdict]:
        return self.order_ops.verdicts()

    def chosen_ship_date(self) -> dt.date:
        """The ship date the next confirmation sends."""
        return self.panel.chosen_ship_date()

    def open_settings(self) -> None:
        self.dialogs.open_settings()

    def open_journal(self) -> None:
        self.dialogs.open_journal()

    def open_import(self) -> None:
        self.dialogs.open_import()

    def open_export(self) -> None:
        self.dialogs.open_export()
