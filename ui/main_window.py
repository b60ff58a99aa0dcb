"""The main window: order list, filters, detail panel with actions, sync in the status bar.

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

import base64
import contextlib
import gc
import itertools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QItemSelectionModel, QModelIndex, QTimer
from PySide6.QtGui import QAction, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabBar,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui import icons, lazy_import
from ui.orders.columns import C_DEADLINE, C_STATE, DEFAULT_WIDTHS, NCOLS
from ui.orders.columns import COLUMNS as Col  # (read as len(Col): the number of columns)
from ui.orders.delegates import BadgeDelegate, DeadlineDelegate
from ui.orders.model import FLAGS_ROLE, KEY_ROLE, OrderTableModel
from ui.orders.proxy import OrderProxyModel
from ui.orders.rows import (
    F_NEEDS_ACTION,
    R_AMAZON_ID,
    R_CHANNEL,
    R_DISPLAY_NO,
    R_FLAGS,
    R_STATE,
    R_TITLES,
    FilterState,
    Row,
)

if TYPE_CHECKING:
    from datetime import datetime

    from PySide6.QtGui import QCloseEvent

    from amzdesk import rules
    from amzdesk.models import Order
    from amzdesk.rules import Action, Verdict
    from ui import backend
    from ui.carrier_picker import CarrierPicker
    from ui.tasks import Task, TaskRunner
    from ui.tracking_entry import TrackingEntry
else:
    # Not needed for the first frame: imported on first use (at the latest right after it).
    rules = lazy_import("amzdesk.rules")
    backend = lazy_import("ui.backend")

log = logging.getLogger("amzdesk.ui")

ROW_HEIGHT = 26
# Every order action has a shortcut; it is shown in the menus and in the buttons' tooltips.
ACTION_SHORTCUTS = {
    "confirm-amazon": "Ctrl+Return",
    "correct-tracking": "Ctrl+Shift+T",
    "complete-makeshop": "Ctrl+M",
    "return": "Ctrl+Shift+R",
    "edit": "Ctrl+E",
    "show-customer": "Ctrl+I",
    "open-seller-central": "Ctrl+Shift+A",
    "open-makeshop": "Ctrl+Shift+M",
    "record-return": "Ctrl+Shift+D",
    "cancel-export": "Ctrl+Shift+X",
}
LAYOUT_VERSION = 2  # saved column layouts of older versions are dropped (state column first)
FLASH_MS = 2500  # how long a confirmed row stays highlighted
TOAST_MS = 6000


def _tr_amzdesk(text: str) -> str:
    from ui.i18n import tr_core

    return tr_core(text)


def action_object_name(action: Action) -> str:
    return f"action_{action.value}"


_PENDING: Any = object()  # placeholder while a sync task is being submitted


class Banner(QFrame):
    """A non-modal message strip: what happened and what to do, with an optional button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setAccessibleName(self.tr("お知らせ"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.icon = QLabel(self)
        self.text = QLabel(self)
        self.text.setObjectName("bannerText")
        self.text.setWordWrap(True)
        # Qt.TextInteractionFlag.TextSelectableByMouse, set through the property system: the
        # demo banner is in the first frame, which must not build Qt's Qt namespace (~20 ms).
        self.text.setProperty("textInteractionFlags", 1)
        self.button = QPushButton(self)
        self.button.setObjectName("bannerAction")
        self.close_button = QToolButton(self)
        self.close_button.setObjectName("bannerClose")
        self.close_button.setText("×")
        self.close_button.setAccessibleName(self.tr("閉じる"))
        self.close_button.clicked.connect(self.hide)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 4, 8, 4)
        lay.addWidget(self.icon)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.button)
        lay.addWidget(self.close_button)
        self._callback: Callable[[], None] | None = None
        self.button.clicked.connect(self._on_button)
        self.kind = ""
        self.hide()

    def show_message(
        self,
        text: str,
        kind: str = "error",
        action_text: str = "",
        callback: Callable[[], None] | None = None,
        closable: bool = True,
    ) -> None:
        colors = {
            "error": ("#fdecea", "#b71c1c", "error"),
            "warning": ("#fff8e1", "#8d6e00", "warning"),
            # what to set up (e.g. credentials missing from the keyring): looks like a warning,
            # but a successful sync does not clear it
            "setup": ("#fff8e1", "#8d6e00", "warning"),
            "info": ("#e3f2fd", "#0d47a1", "ok"),
            "demo": ("#f3e5f5", "#4a148c", "demo"),
        }
        bg, fg, icon_name = colors.get(kind, colors["info"])
        self.kind = kind
        self.setStyleSheet(
            f"QFrame#banner {{ background: {bg}; border: 1px solid {fg}; border-radius: 4px; }}"
            f" QLabel#bannerText {{ color: {fg}; }}"
        )
        self.icon.setPixmap(icons.icon(icon_name).pixmap(18, 18))
        self.text.setText(text)
        self._callback = callback
        self.button.setVisible(bool(action_text and callback))
        self.button.setText(action_text)
        self.close_button.setVisible(closable)
        self.show()

    def _on_button(self) -> None:
        if self._callback is not None:
            self._callback()


class Toast(QFrame):
    """A short confirmation over the bottom of the list that never takes the focus (the
    scanner keeps typing into the tracking field) and hides itself after a few seconds."""

    def __init__(self, parent: QWidget) -> None:
        from PySide6.QtCore import Qt

        super().__init__(parent)
        self.setObjectName("toast")
        self.setAccessibleName(self.tr("お知らせ"))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setStyleSheet(
            "QFrame#toast { background: #1b5e20; border-radius: 6px; }"
            " QLabel { color: white; padding: 6px 12px; }"
        )
        self.label = QLabel(self)
        self.label.setObjectName("toastText")
        self.label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.label)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_text(self, text: str, ms: int = TOAST_MS) -> None:
        self.label.setText(text)
        self.adjustSize()
        self._place()
        self.show()
        self.raise_()
        self._timer.start(ms)

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        w = min(self.sizeHint().width(), max(200, parent.width() - 40))
        self.resize(w, self.sizeHint().height())
        self.move((parent.width() - w) // 2, parent.height() - self.height() - 16)


class DetailPanel(QWidget):
    """The right-hand side: the selected order, carrier and tracking input, action buttons.

    Not part of the first frame: :meth:`MainWindow._ensure_detail_panel` builds it right after
    the first paint (or when something uses it before).  Signals are wired by the window."""

    def __init__(self, carriers: Any, parent: QWidget | None = None) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QDateEdit, QGridLayout, QSizePolicy

        from amzdesk.rules import Action
        from ui.carrier_picker import CarrierPicker
        from ui.tracking_entry import TrackingEntry

        super().__init__(parent)
        self.setObjectName("detailPanel")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 4, 8, 4)
        self.detail_title = QLabel(self)
        self.detail_title.setObjectName("detailTitle")
        self.detail_title.setWordWrap(True)
        self.detail_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        f = self.detail_title.font()
        f.setPointSizeF(f.pointSizeF() * 1.15)
        f.setBold(True)
        self.detail_title.setFont(f)
        self.detail_state = QLabel(self)
        self.detail_state.setObjectName("detailState")
        self.detail_state.setWordWrap(True)
        self.detail_items = QLabel(self)
        self.detail_items.setObjectName("detailItems")
        self.detail_items.setWordWrap(True)
        self.detail_items.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.detail_title)
        lay.addWidget(self.detail_state)
        lay.addWidget(self.detail_items)

        # the one recommended next step and why
        self.recommendation = QLabel(self)
        self.recommendation.setObjectName("recommendation")
        self.recommendation.setWordWrap(True)
        self.recommendation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recommendation.setStyleSheet(
            "QLabel#recommendation { background: #e3f2fd; color: #0d47a1;"
            " border-left: 4px solid #1565c0; padding: 6px; }"
        )
        lay.addWidget(self.recommendation)
        # what a shipped order shipped with: carrier and tracking number per package
        self.shipped_info = QLabel(self)
        self.shipped_info.setObjectName("shippedInfo")
        self.shipped_info.setWordWrap(True)
        self.shipped_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.shipped_info.hide()
        lay.addWidget(self.shipped_info)

        # carrier, tracking numbers and ship date: shown only for an order that takes them
        self.input_section = QWidget(self)
        self.input_section.setObjectName("inputSection")
        inp = QVBoxLayout(self.input_section)
        inp.setContentsMargins(0, 0, 0, 0)
        self.carrier_heading = QLabel(self.input_section)
        self.carrier_heading.setObjectName("carrierHeading")
        self.carrier_picker: CarrierPicker = CarrierPicker(carriers, self.input_section)
        self.carrier_heading.setBuddy(self.carrier_picker.combo)
        self.tracking_heading = QLabel(self.input_section)
        self.tracking_heading.setObjectName("trackingHeading")
        self.tracking_entry: TrackingEntry = TrackingEntry(self.input_section)
        self.tracking_heading.setBuddy(self.tracking_entry.edit)
        self.ship_date_heading = QLabel(self.input_section)
        self.ship_date_heading.setObjectName("shipDateHeading")
        self.ship_date = QDateEdit(self.input_section)
        self.ship_date.setObjectName("shipDate")
        self.ship_date.setCalendarPopup(True)
        self.ship_date.setDisplayFormat("yyyy-MM-dd")
        self.ship_date_heading.setBuddy(self.ship_date)
        date_row = QHBoxLayout()
        date_row.addWidget(self.ship_date_heading)
        date_row.addWidget(self.ship_date)
        date_row.addStretch(1)
        inp.addWidget(self.carrier_heading)
        inp.addWidget(self.carrier_picker)
        inp.addWidget(self.tracking_heading)
        inp.addWidget(self.tracking_entry)
        inp.addLayout(date_row)
        lay.addWidget(self.input_section)

        grid = QGridLayout()
        self.action_buttons: dict[Action, QPushButton] = {}
        for i, action in enumerate(Action):
            b = QPushButton(self)
            b.setObjectName(action_object_name(action))
            b.setEnabled(False)
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            grid.addWidget(b, i // 2, i % 2)
            self.action_buttons[action] = b
        # R-C1: an Amazon order's return is processed in Seller Central; the user records it
        self.record_return_button = QPushButton(self)
        self.record_return_button.setObjectName("action_record-return")
        self.record_return_button.setEnabled(False)
        grid.addWidget(self.record_return_button, (len(Action) + 1) // 2, 0, 1, 2)
        # an order written to the Amazon upload file waits for it; this cancels that export
        self.cancel_export_button = QPushButton(self)
        self.cancel_export_button.setObjectName("action_cancel-export")
        self.cancel_export_button.setEnabled(False)
        grid.addWidget(self.cancel_export_button, (len(Action) + 3) // 2, 0, 1, 2)
        self.action_buttons[Action.CONFIRM_AMAZON].setDefault(True)
        lay.addLayout(grid)

        # every action's verdict, behind a disclosure (the recommendation above is what shows)
        self.verdict_toggle = QToolButton(self)
        self.verdict_toggle.setObjectName("verdictToggle")
        self.verdict_toggle.setCheckable(True)
        self.verdict_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.verdict_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.verdict_toggle.setAutoRaise(True)
        lay.addWidget(self.verdict_toggle)
        self.verdict_label = QLabel(self)
        self.verdict_label.setObjectName("verdictReasons")
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verdict_label.hide()
        lay.addWidget(self.verdict_label)

        def toggled(on: bool) -> None:
            self.verdict_label.setVisible(on)
            self.verdict_toggle.setArrowType(
                Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow
            )

        self.verdict_toggle.toggled.connect(toggled)
        self.customer_label = QLabel(self)
        self.customer_label.setObjectName("customerDetails")
        self.customer_label.setWordWrap(True)
        self.customer_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.customer_label.hide()
        lay.addWidget(self.customer_label)
        lay.addStretch(1)


def _panel_part(name: str, doc: str) -> Any:
    """A window attribute that lives on the detail panel (built on first use)."""

    def get(self: MainWindow) -> Any:
        return getattr(self._ensure_detail_panel(), name)

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
        services: Any | None = None,
        *,
        services_factory: Callable[[], Any] | None = None,
        settings: Any | None = None,
        demo: bool | None = None,
        carriers: Any | None = None,
        runner: TaskRunner | None = None,
        settings_path: Path | None = None,
        credentials: Any | None = None,
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
        self._settings: Any | None = settings
        self.settings_path = settings_path
        self.credentials = credentials
        self._runner = runner  # made on first use when None (ui.tasks is not needed earlier)
        if demo is None:
            demo = bool(getattr(services, "demo", False))
        self.demo = demo
        if carriers is None and services is not None:
            carriers = services.carriers
        self._carriers: Any | None = carriers  # loaded with the detail panel when None
        self._autoload = autoload
        self._autosync = self.demo if autosync is None else autosync
        self._first_paint_seen = False
        self._order: Order | None = None
        self._key: str | None = None
        self._sending: set[str] = set()
        # Enter came before the selected order was read: send once it is (scanner sessions)
        self._submit_pending: str | None = None
        self._sent_what: dict[str, tuple[str, Any, list[str], bool]] = {}
        self._kept_carrier: Any | None = None  # the carrier of the packing session (kept)
        self._ship_date_chosen: Any | None = None  # a date the user picked (this session)
        self._panel_key: str | None = None  # the order the inputs were set up for
        self._toast: Toast | None = None
        self._sync_task: Task | None = None
        self._load_seq = 0
        self._loaded_once = False
        self._last_sync: dict[str, datetime | None] = {}
        self._verdicts: dict[Action, Verdict] = {}
        self._customer_key: str | None = None
        self._panel: DetailPanel | None = None
        self._order_actions: dict[Action, QAction] | None = None
        self._record_return_action: QAction | None = None
        self._cancel_export_action: QAction | None = None
        self._shortcuts_installed = False
        self._model_attached = False
        self._header_restored = False
        self._initial_sort: tuple[int, bool] | None = None  # (column, descending) from settings
        self._banner: Banner | None = None
        self.journal_window: QWidget | None = None
        self.insights: Any | None = None  # ui.insights.InsightsController, once services are up

        self.model = OrderTableModel(self)
        self.proxy = OrderProxyModel(self)
        self.proxy.setSourceModel(self.model)

        self._build_ui()
        self._restore_state()
        self._retranslate()
        self.proxy.filterChanged.connect(self._update_count)
        # the view counts change with the rows (not with the text filter or the sort)
        self.model.rowsInserted.connect(self._update_view_tabs)
        self.model.rowsReplaced.connect(self._update_view_tabs)
        self.model.dataChanged.connect(self._on_rows_changed)

        self.sync_timer = QTimer(self)
        self.sync_timer.setObjectName("syncTimer")
        self.sync_timer.timeout.connect(self.start_sync)
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
    def table(self) -> QTableView:
        """The order list (its order model attached, see :meth:`_attach_model`)."""
        self._attach_model()
        return self._table

    @property
    def settings(self) -> Any:
        """The :class:`amzdesk.settings.Settings` the window runs with."""
        if self._settings is None:
            from amzdesk.settings import Settings

            self._settings = Settings()
        return self._settings

    @settings.setter
    def settings(self, value: Any) -> None:
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

        # filter bar
        bar = QHBoxLayout()
        # the views (要対応 / 今日が期限 / 期限切れ / 反映待ち / すべて) with their counts
        self.view_tabs = QTabBar(central)
        self.view_tabs.setObjectName("viewTabs")
        self.view_tabs.setDrawBase(False)
        self.view_tabs.setExpanding(False)
        for _ in range(5):
            self.view_tabs.addTab("")
        self._view_counts: dict[Any, int] = {}
        self.channel_filter = QComboBox(central)
        self.channel_filter.setObjectName("channelFilter")
        self.search_field = QLineEdit(central)
        self.search_field.setObjectName("searchField")
        self.search_field.setClearButtonEnabled(True)
        self.count_label = QLabel(central)
        self.count_label.setObjectName("countLabel")
        self.channel_label = QLabel(central)
        self.channel_label.setBuddy(self.channel_filter)
        bar.addWidget(self.view_tabs)
        bar.addStretch(0)
        bar.addWidget(self.channel_label)
        bar.addWidget(self.channel_filter)
        bar.addWidget(self.search_field, 1)
        bar.addWidget(self.count_label)
        outer.addLayout(bar)
        for _ in range(4):
            self.channel_filter.addItem("")

        # table + detail
        self.splitter = QSplitter(parent=central)  # horizontal (by keyword: see above)
        self.splitter.setObjectName("mainSplitter")
        self._table = table = QTableView(self.splitter)
        table.setObjectName("orderTable")
        # The first frame shows the column titles of an empty C++ model: painting it calls no
        # Python.  The order model replaces it right after (_attach_model).
        self._first_frame_model = QStandardItemModel(0, NCOLS, table)
        self._first_frame_model.setHorizontalHeaderLabels(self.model.header_labels)
        table.setModel(self._first_frame_model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)  # text elided on the right: the default
        table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move in it)
        vh = table.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(ROW_HEIGHT)
        vh.setMinimumSectionSize(ROW_HEIGHT)
        vh.hide()
        hh = table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setSectionsMovable(True)
        hh.setStretchLastSection(True)
        hh.setHighlightSections(False)
        for col, width in enumerate(DEFAULT_WIDTHS):
            hh.resizeSection(col, width)
        hh.moveSection(hh.visualIndex(C_STATE), 0)  # the state comes first (a coloured badge)
        self._badge_delegate = BadgeDelegate(table)
        self._deadline_delegate = DeadlineDelegate(table)
        table.setItemDelegateForColumn(C_STATE, self._badge_delegate)
        table.setItemDelegateForColumn(C_DEADLINE, self._deadline_delegate)

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

        self._build_actions()
        self._build_status_bar()

        self.channel_filter.currentIndexChanged.connect(self._on_filter_changed)
        self.view_tabs.currentChanged.connect(self._on_filter_changed)
        self.search_field.textChanged.connect(self._on_search_text)
        table.customContextMenuRequested.connect(self._on_context_menu)
        self.model.modelReset.connect(self._restore_selection)

    def _build_actions(self) -> None:
        tb = QToolBar(self)
        tb.setObjectName("mainToolBar")
        tb.setMovable(False)
        # Qt.ToolButtonStyle.ToolButtonTextBesideIcon, as the property's int (see _build_ui)
        tb.setProperty("toolButtonStyle", 2)
        self.addToolBar(tb)
        self.toolbar = tb
        self.sync_action = QAction(icons.icon("sync"), "", self)
        self.sync_action.setObjectName("syncAction")
        self.sync_action.triggered.connect(self.start_sync)
        self.settings_action = QAction("", self)
        self.settings_action.setObjectName("settingsAction")
        self.settings_action.triggered.connect(self.open_settings)
        self.journal_action = QAction("", self)
        self.journal_action.setObjectName("journalAction")
        self.journal_action.triggered.connect(self.open_journal)
        self.import_action = QAction("", self)
        self.import_action.setObjectName("importAction")
        self.import_action.triggered.connect(self.open_import)
        self.export_action = QAction("", self)
        self.export_action.setObjectName("exportAction")
        self.export_action.triggered.connect(self.open_export)
        for a in (
            self.sync_action,
            self.settings_action,
            self.journal_action,
            self.import_action,
            self.export_action,
        ):
            tb.addAction(a)
        sync_button = tb.widgetForAction(self.sync_action)
        if sync_button is not None:
            sync_button.setObjectName("syncButton")

        mb = self.menuBar()
        self.file_menu = mb.addMenu("")
        self.file_menu.addAction(self.sync_action)
        self.file_menu.addAction(self.import_action)
        self.file_menu.addAction(self.export_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.settings_action)
        self.quit_action = QAction("", self)
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.quit_action)
        # the order actions are added with the detail panel (or when the menu opens first)
        self._order_menu = mb.addMenu("")
        self._order_menu.setToolTipsVisible(True)
        self._order_menu.aboutToShow.connect(self._ensure_detail_panel)
        self.view_menu = mb.addMenu("")
        self.view_menu.addAction(self.journal_action)
        self.focus_search_action = QAction("", self)
        self.focus_search_action.triggered.connect(self.search_field.setFocus)
        self.view_menu.addAction(self.focus_search_action)
        self.focus_list_action = QAction("", self)
        self.focus_list_action.triggered.connect(self.focus_list)
        self.view_menu.addAction(self.focus_list_action)

    def _build_status_bar(self) -> None:
        sb = self.statusBar()
        sb.setObjectName("statusBar")
        self.status_label = QLabel(self)
        self.status_label.setObjectName("statusMessage")
        self.progress = QProgressBar(self)
        self.progress.setObjectName("syncProgress")
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("cancelSync")
        self.cancel_button.clicked.connect(self.cancel_sync)
        self.cancel_button.hide()
        self.last_sync_amazon = QLabel(self)
        self.last_sync_amazon.setObjectName("lastSyncAmazon")
        self.last_sync_makeshop = QLabel(self)
        self.last_sync_makeshop.setObjectName("lastSyncMakeshop")
        self.session_summary = QLabel(self)
        self.session_summary.setObjectName("sessionSummary")
        self._confirmed_today: set[str] = set()
        sb.addPermanentWidget(self.session_summary)
        sb.addWidget(self.status_label, 1)
        sb.addPermanentWidget(self.progress)
        sb.addPermanentWidget(self.cancel_button)
        sb.addPermanentWidget(self.last_sync_amazon)
        sb.addPermanentWidget(self.last_sync_makeshop)

    # ------------------------------------------------------------------------------------------
    # building: what the first frame does not show
    # ------------------------------------------------------------------------------------------
    def _complete_ui(self) -> None:
        """Build the rest of the window (runs right after the first frame; idempotent)."""
        self._attach_model()
        self._ensure_detail_panel()
        self._install_shortcuts()

    def _attach_model(self) -> None:
        """Put the order model (through its proxy) under the list, sorted as saved."""
        if self._model_attached:
            return
        self._model_attached = True
        from PySide6.QtCore import Qt

        table = self._table
        hh = table.horizontalHeader()
        layout = hh.saveState()  # widths and order (restored from the settings, or defaults)
        table.setModel(self.proxy)
        hh.restoreState(layout)
        self._first_frame_model.deleteLater()
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        if self._initial_sort is not None:
            column, descending = self._initial_sort
        elif self._header_restored:
            column, descending = (
                hh.sortIndicatorSection(),
                (hh.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder),
            )
        else:
            column, descending = C_DEADLINE, False
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        hh.setSortIndicator(column, order)
        table.setSortingEnabled(True)
        table.selectionModel().currentRowChanged.connect(self._on_current_row)

    def _carrier_table(self) -> Any:
        if self._carriers is None:
            from amzdesk.carriers import CarrierTable

            self._carriers = CarrierTable.load(overrides=self.settings.carrier_code_overrides)
        return self._carriers

    def _ensure_detail_panel(self) -> DetailPanel:
        """The detail panel and the order actions of the menus, built on first use."""
        panel = self._panel
        if panel is not None:
            return panel
        panel = DetailPanel(self._carrier_table())
        self._build_order_actions()
        for action, b in panel.action_buttons.items():
            b.clicked.connect(lambda _checked=False, a=action: self.trigger(a))
        panel.record_return_button.clicked.connect(self.record_return_done)
        panel.cancel_export_button.clicked.connect(self.cancel_export)
        panel.carrier_picker.carrierChanged.connect(self._on_carrier_changed)
        panel.tracking_entry.changed.connect(self._refresh_verdicts)
        panel.tracking_entry.submitted.connect(self._on_tracking_submitted)
        panel.ship_date.dateChanged.connect(self._on_ship_date_changed)
        self._panel = panel
        self._detail_scroll.setWidget(panel)
        self._set_tab_order()
        self._retranslate_detail()
        self._show_order_details()
        return panel

    @property
    def detail(self) -> QWidget:
        """The detail panel widget (built on first use)."""
        return self._ensure_detail_panel()

    def _build_order_actions(self) -> None:
        from amzdesk.rules import Action

        actions: dict[Action, QAction] = {}
        for action in Action:
            qa = QAction("", self)
            qa.setObjectName(f"menu_{action.value}")
            qa.setEnabled(False)
            qa.triggered.connect(lambda _checked=False, a=action: self.trigger(a))
            actions[action] = qa
            self._order_menu.addAction(qa)
        self._order_actions = actions
        self._record_return_action = QAction("", self)
        self._record_return_action.setObjectName("menu_record-return")
        self._record_return_action.setEnabled(False)
        self._record_return_action.triggered.connect(self.record_return_done)
        self._order_menu.addAction(self._record_return_action)
        self._cancel_export_action = QAction("", self)
        self._cancel_export_action.setObjectName("menu_cancel-export")
        self._cancel_export_action.setEnabled(False)
        self._cancel_export_action.triggered.connect(self.cancel_export)
        self._order_menu.addAction(self._cancel_export_action)

    @property
    def order_actions(self) -> dict[Action, QAction]:
        """Action -> its menu entry (the 注文 menu and the list's context menu)."""
        self._ensure_detail_panel()
        assert self._order_actions is not None
        return self._order_actions

    @property
    def order_menu(self) -> QMenu:
        """The 注文 menu (its order actions are built on first use)."""
        self._ensure_detail_panel()
        return self._order_menu

    @property
    def cancel_export_action(self) -> QAction:
        self._ensure_detail_panel()
        assert self._cancel_export_action is not None
        return self._cancel_export_action

    @property
    def record_return_action(self) -> QAction:
        self._ensure_detail_panel()
        assert self._record_return_action is not None
        return self._record_return_action

    def _install_shortcuts(self) -> None:
        if self._shortcuts_installed:
            return
        self._shortcuts_installed = True
        from PySide6.QtGui import QKeySequence

        from amzdesk.worklist import View

        self.sync_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.focus_search_action.setShortcut(QKeySequence.StandardKey.Find)
        self.import_action.setShortcut(QKeySequence("Ctrl+O"))
        self.export_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.journal_action.setShortcut(QKeySequence("Ctrl+J"))
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.focus_list_action.setShortcut(QKeySequence("Ctrl+L"))
        for action, qa in self.order_actions.items():
            qa.setShortcut(QKeySequence(ACTION_SHORTCUTS[action.value]))
        self.record_return_action.setShortcut(QKeySequence(ACTION_SHORTCUTS["record-return"]))
        self.cancel_export_action.setShortcut(QKeySequence(ACTION_SHORTCUTS["cancel-export"]))
        self._view_actions = []
        for i, view in enumerate(View):
            qa = QAction(self)
            qa.setShortcut(QKeySequence(f"Alt+{i + 1}"))
            qa.triggered.connect(lambda _c=False, v=view: self.set_view(v))
            self.addAction(qa)
            self._view_actions.append(qa)

    def focus_list(self) -> None:
        """Move the keyboard focus to the order list (Ctrl+L); with nothing selected yet, the
        first (most urgent) order is selected, so Down goes to the second."""
        table = self.table
        table.setFocus()
        if (self._key is None or self.proxy.proxy_row_of_key(self._key) < 0) and (
            self.proxy.rowCount() > 0
        ):
            key = self.proxy.key_at(0)
            if key is not None:
                self.select_key(key, reveal=False)

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
        self.channel_label.setText(self.tr("チャネル:"))
        for i, text in enumerate(
            (
                self.tr("すべて"),
                self.tr("自社"),
                self.tr("Amazon 出品者出荷"),
                self.tr("Amazon FBA"),
            )
        ):
            self.channel_filter.setItemText(i, text)
        self.channel_filter.setAccessibleName(self.tr("チャネルで絞り込み"))
        self.view_tabs.setAccessibleName(self.tr("表示する注文"))
        self._update_view_tabs()
        self.search_field.setPlaceholderText(
            self.tr("検索: 注文番号・SKU・商品名・追跡番号（Ctrl+F）")
        )
        self.search_field.setAccessibleName(self.tr("注文を検索"))
        self._table.setAccessibleName(self.tr("注文一覧"))
        self.count_label.setAccessibleName(self.tr("表示件数"))
        self.sync_action.setText(self.tr("同期"))
        self.sync_action.setToolTip(self.tr("Amazon と makeshop から注文を取得します（F5）"))
        self.settings_action.setText(self.tr("設定・認証情報"))
        self.journal_action.setText(self.tr("操作履歴"))
        self.import_action.setText(self.tr("送り状CSVを取り込む"))
        self.export_action.setText(self.tr("Amazon アップロードファイルを書き出す"))
        self.quit_action.setText(self.tr("終了"))
        self.file_menu.setTitle(self.tr("ファイル(&F)"))
        self._order_menu.setTitle(self.tr("注文(&O)"))
        self.view_menu.setTitle(self.tr("表示(&V)"))
        self.focus_search_action.setText(self.tr("検索欄へ移動"))
        self.focus_list_action.setText(self.tr("注文一覧へ移動"))
        self.cancel_button.setText(self.tr("中止"))
        self.cancel_button.setAccessibleName(self.tr("同期を中止"))
        self.progress.setAccessibleName(self.tr("同期の進み具合"))
        self._update_last_sync_labels()
        self._update_count()
        if self._panel is not None:
            self._retranslate_detail()
            self._show_order_details()

    def _retranslate_detail(self) -> None:
        panel = self._panel
        assert panel is not None and self._order_actions is not None
        panel.carrier_heading.setText(self.tr("配送業者(&C)"))
        panel.tracking_heading.setText(self.tr("追跡番号(&T)"))
        panel.ship_date_heading.setText(self.tr("出荷日(&D)"))
        panel.ship_date.setToolTip(
            self.tr(
                "Amazon に送る出荷日です。今日が初期値で、このセッションの間は選んだ日を"
                "覚えます。未来の日付や注文日より前の日付は選べません"
            )
        )
        panel.ship_date.setAccessibleName(self.tr("出荷日"))
        panel.verdict_toggle.setText(self.tr("できること・できないこと"))
        panel.verdict_toggle.setAccessibleName(self.tr("できること・できないことを表示"))
        for action, b in panel.action_buttons.items():
            label = _tr_amzdesk(action.label)
            b.setText(label)
            b.setAccessibleName(label)
            self._order_actions[action].setText(label)
        record = self.tr("セラーセントラルで返送処理したことを記録する")
        panel.record_return_button.setText(record)
        panel.record_return_button.setAccessibleName(record)
        assert self._record_return_action is not None
        self._record_return_action.setText(record)
        cancel_export = _tr_amzdesk(rules.CANCEL_EXPORT_LABEL)
        panel.cancel_export_button.setText(cancel_export)
        panel.cancel_export_button.setAccessibleName(cancel_export)
        assert self._cancel_export_action is not None
        self._cancel_export_action.setText(cancel_export)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self.model.retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------------------------------------
    # state persistence (amzdesk.settings)
    # ------------------------------------------------------------------------------------------
    def _restore_state(self) -> None:
        s = self._settings
        fs = FilterState.from_dict(s.filters if s is not None else None)
        from amzdesk.worklist import View
        from ui.orders.rows import CHANNEL_FILTERS

        for w in (self.channel_filter, self.view_tabs, self.search_field):
            w.blockSignals(True)
        self.channel_filter.setCurrentIndex(CHANNEL_FILTERS.index(fs.channel))
        self.view_tabs.setCurrentIndex(list(View).index(View(fs.view)))
        self.search_field.setText(fs.text)
        for w in (self.channel_filter, self.view_tabs, self.search_field):
            w.blockSignals(False)
        self.proxy.set_filter(fs)
        if s is None:  # default settings: nothing else to restore
            self._fit_to_screen()
            return
        layout = s.column_layout or {}
        header_state = layout.get("header") if layout.get("version") == LAYOUT_VERSION else None
        hh = self._table.horizontalHeader()
        if isinstance(header_state, str) and header_state:
            try:
                self._header_restored = hh.restoreState(QByteArray(base64.b64decode(header_state)))
            except ValueError:
                log.warning("column layout ignored (unreadable)")
        sort = layout.get("sort")
        if isinstance(sort, list) and len(sort) == 2:
            col, order = sort
            if isinstance(col, int) and 0 <= col < len(Col):
                self._initial_sort = (col, order == "desc")  # applied by _attach_model
        splitter = layout.get("splitter")
        if isinstance(splitter, str) and splitter:
            with contextlib.suppress(ValueError):
                self.splitter.restoreState(QByteArray(base64.b64decode(splitter)))
        if s.window_geometry:
            with contextlib.suppress(ValueError):
                self.restoreGeometry(QByteArray(base64.b64decode(s.window_geometry)))
        self._fit_to_screen(keep=bool(s.window_geometry))

    def _fit_to_screen(self, *, keep: bool = False) -> None:
        """Size the window to the screen's work area (at most 1280×780, never larger than the
        available geometry: a 1366×768 laptop's work area is smaller than 780 px high)."""
        from PySide6.QtGui import QGuiApplication

        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            if not keep:
                self.resize(1280, 780)
            return
        area = screen.availableGeometry()
        # room for the window frame (title bar, borders) the window manager adds
        max_w, max_h = area.width() - 16, area.height() - 40
        if keep:
            w, h = min(self.width(), max_w), min(self.height(), max_h)
        else:
            w, h = min(1280, max_w), min(780, max_h)
        self.resize(max(640, w), max(480, h))
        frame = self.frameGeometry()
        if not area.contains(frame):
            x = max(area.left(), min(frame.left(), area.right() - frame.width()))
            y = max(area.top(), min(frame.top(), area.bottom() - frame.height()))
            self.move(x, y)

    def collect_state(self) -> None:
        """Write filters, columns and geometry into ``self.settings`` (not saved yet)."""
        s = self.settings
        s.filters = self.proxy.filter_state.to_dict()
        from PySide6.QtCore import Qt

        hh = self.table.horizontalHeader()
        s.column_layout = {
            "version": LAYOUT_VERSION,
            "header": base64.b64encode(bytes(hh.saveState().data())).decode("ascii"),
            "sort": [
                hh.sortIndicatorSection(),
                "desc" if hh.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder else "asc",
            ],
            "splitter": base64.b64encode(bytes(self.splitter.saveState().data())).decode("ascii"),
        }
        s.window_geometry = base64.b64encode(bytes(self.saveGeometry().data())).decode("ascii")
        s.last_sync = {src: dt.isoformat() for src, dt in self._last_sync.items() if dt is not None}

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
        if self.journal_window is not None:
            self.journal_window.close()
        super().closeEvent(event)

    # ------------------------------------------------------------------------------------------
    # loading and syncing
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
        if not (self._autoload and self._load_first_page()):
            self._start_rest()

    def _start_rest(self) -> None:
        services = self.services
        if self.insights is None:  # menu entries, tray and alerts (ui.insights)
            from ui.insights import InsightsController

            self.insights = InsightsController(self)
        self.runner.submit(lambda ctx: backend.warm_up(services), name="warm-up")
        if self._autoload:
            self.reload()
        if self._autosync:
            self.start_sync()

    def _on_services_ready(self, services: Any) -> None:
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

    def ensure_loaded_start(self) -> None:
        """Start what the first paint would start (for callers that never paint the window)."""
        import ui

        ui.end_startup_gc()
        if not self._first_paint_seen:
            self._first_paint_seen = True
            self.removeEventFilter(self)
            self._after_first_show()

    def _load_first_page(self) -> bool:
        """Show the list's first screen straight from the store's index while every row is
        read (seconds at 100,000 orders); only in the default order, the index's.  Returns
        whether it was started (:meth:`_start_rest` follows it)."""
        from PySide6.QtCore import Qt

        from ui.orders.columns import C_DEADLINE

        ascending = self.proxy.sort_order() == Qt.SortOrder.AscendingOrder
        if self.proxy.sort_column() != C_DEADLINE or not ascending or self._loaded_once:
            return False
        services = self.services

        def failed(exc: BaseException) -> None:
            log.warning("first screen of the list: %s", exc)
            self._start_rest()

        self.runner.submit(
            lambda ctx: backend.load_first_page(services),
            name="first page",
            quick=True,
            on_result=self._apply_first_page,
            on_error=failed,
        )
        return True

    def _apply_first_page(self, loaded: backend.Loaded) -> None:
        try:
            if self._loaded_once or self.model.rowCount() or not loaded.rows:
                return  # the whole list (or a sync's) is already there
            self.model.set_rows(loaded.rows, None, loaded.key_index)
            self.status_label.setText(
                self.tr("最初の {0} 件を表示しています。残りを読み込んでいます…").format(
                    len(loaded.rows)
                )
            )
            # Painted now, before the workers that follow compete with the paint for the
            # interpreter.
            self.table.viewport().repaint()
        finally:
            self._start_rest()

    def reload(self) -> Task | None:
        """Fetch every row in the background and swap them in on the GUI thread."""
        if self.services is None:
            return None
        self._load_seq += 1
        seq = self._load_seq
        services = self.services
        self.status_label.setText(self.tr("注文を読み込んでいます…"))
        labels = self.model.labels
        column = self.proxy.sort_column()
        return self.runner.submit(
            lambda ctx: backend.load_all(services, labels, column),
            name="load",
            on_result=lambda loaded, s=seq: self._apply_loaded(loaded, s),
            on_error=self._on_task_error,
        )

    def _apply_loaded(self, loaded: backend.Loaded, seq: int | None = None) -> None:
        if seq is not None and seq != self._load_seq:
            return  # a newer load is on its way
        self._remember_selection()
        self.model.set_rows(loaded.rows, loaded.perms, loaded.key_index)
        if not self._loaded_once:
            # Start-up objects (modules, widgets, the first rows) live as long as the window:
            # keep them out of the collector's full passes, which stop every thread.
            gc.freeze()
        self._loaded_once = True
        if loaded.last_sync:
            self._last_sync.update(loaded.last_sync)
        if loaded.confirmed_today is not None:
            self._confirmed_today = set(loaded.confirmed_today)
            self._update_view_tabs()
        self._update_last_sync_labels()
        self.status_label.setText(self.tr("{0} 件の注文").format(len(loaded.rows)))
        self._update_count()

    def start_sync(self) -> None:
        if self._sync_task is not None or self.services is None:
            return
        self._sync_task = _PENDING
        services = self.services
        self.progress.setRange(0, 0)
        self.progress.setFormat(self.tr("同期中…"))
        self.progress.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.sync_action.setEnabled(False)
        self.status_label.setText(self.tr("同期しています…"))
        labels = self.model.labels
        column = self.proxy.sort_column()
        task = self.runner.submit(
            lambda ctx: backend.run_sync(services, ctx.progress, ctx.cancel, labels, column),
            name="sync",
            on_progress=self._on_sync_progress,
            on_result=self._on_sync_done,
            on_error=self._on_sync_error,
            on_cancelled=lambda: self.status_label.setText(self.tr("同期を中止しました")),
            on_finished=self._on_sync_finished,
        )
        if not task.done:  # a synchronous runner has finished it already
            self._sync_task = task

    def cancel_sync(self) -> None:
        if self._sync_task is not None and self._sync_task is not _PENDING:
            self._sync_task.cancel()
            self.cancel_button.setEnabled(False)
            self.status_label.setText(self.tr("同期を中止しています…"))

    @property
    def sync_running(self) -> bool:
        return self._sync_task is not None

    def _on_sync_progress(self, event: Any) -> None:
        text = getattr(event, "text", None) or str(event)
        self.progress.setFormat(_tr_amzdesk(text))
        self.status_label.setText(_tr_amzdesk(text))
        if isinstance(event, backend.RowsReady):
            # The orders needing action are in: show them before history ends.  The sync's
            # worker waits until the list has painted them, so the paint (a few thousand calls
            # into Python) does not compete with it; the event loop runs between the swap and
            # the paint.
            try:
                self._load_seq += 1
                self._apply_loaded(event.loaded)
            finally:
                if self.runner.synchronous:  # the "worker" is this thread: nothing to wait for
                    event.shown.set()
                else:
                    from ui.tasks import signal_after_paint

                    signal_after_paint(self.table.viewport(), event.shown)
        elif getattr(event, "work_ready", False) and getattr(event, "phase", "") == "work-ready":
            self.reload()

    def _on_sync_done(self, outcome: backend.SyncOutcome) -> None:
        self._load_seq += 1
        self._apply_loaded(outcome.loaded)
        report = outcome.report
        errors = list(getattr(report, "errors", []) or [])
        for src in ("amazon", "makeshop"):
            rep = getattr(report, src, None)
            if rep is not None and getattr(rep, "last_success", None) is not None:
                self._last_sync[src] = rep.last_success
        self._update_last_sync_labels()
        if errors:
            self._show_sync_issues(errors)
        elif self.banner.kind in ("error", "warning"):
            self.banner.hide()
        summary = getattr(report, "summary", None)
        text = _tr_amzdesk(summary()) if callable(summary) else ""
        # the match report: makeshop orders seen, recognised as Amazon's, matched, unmatched
        match_lines = getattr(report, "match_lines", None)
        lines = [_tr_amzdesk(line) for line in match_lines()] if callable(match_lines) else []
        match = getattr(report, "match", None)
        headline = match.headline() if match is not None else None
        if headline is not None:
            text = " / ".join(t for t in (text, _tr_amzdesk(headline)) if t)
        self.status_label.setText(text)
        self.status_label.setToolTip("\n".join(lines))
        if self.insights is not None:
            self.insights.after_sync()

    def _show_sync_issues(self, issues: list[Any]) -> None:
        lines = []
        auth = False
        for issue in issues[:3]:
            lines.append(_tr_amzdesk(getattr(issue, "message", str(issue))))
            auth = auth or backend.is_auth_error(kind=getattr(issue, "kind", ""))
        text = self.tr("同期でエラーがありました: {0}").format(" / ".join(lines))
        if auth:
            self.banner.show_message(
                text, "error", self.tr("認証情報を確認する"), self.open_settings
            )
        else:
            self.banner.show_message(text, "warning", self.tr("もう一度同期"), self.start_sync)

    def _on_sync_error(self, exc: BaseException) -> None:
        msg = backend.user_message(exc)
        if backend.is_auth_error(exc):
            self.banner.show_message(
                msg, "error", self.tr("認証情報を確認する"), self.open_settings
            )
        else:
            self.banner.show_message(msg, "error", self.tr("もう一度同期"), self.start_sync)
        self.status_label.setText(self.tr("同期できませんでした"))

    def _on_sync_finished(self) -> None:
        self._sync_task = None
        self.progress.hide()
        self.cancel_button.hide()
        self.sync_action.setEnabled(True)

    def apply_sync_interval(self) -> None:
        if self._settings is None:
            return  # applied once the services bring the settings (after the first frame)
        minutes = int(getattr(self.settings, "sync_interval_minutes", 0) or 0)
        if minutes > 0:
            self.sync_timer.start(minutes * 60_000)
        else:
            self.sync_timer.stop()

    def _update_last_sync_labels(self) -> None:
        def fmt(dt: datetime | None) -> str:
            if dt is None:
                return self.tr("未同期")
            from amzdesk.clock import to_jst

            return to_jst(dt).strftime("%m/%d %H:%M")

        self.last_sync_amazon.setText(
            self.tr("Amazon 最終同期: {0}").format(fmt(self._last_sync.get("amazon")))
        )
        self.last_sync_makeshop.setText(
            self.tr("makeshop 最終同期: {0}").format(fmt(self._last_sync.get("makeshop")))
        )

    def _on_task_error(self, exc: BaseException) -> None:
        self.banner.show_message(backend.user_message(exc), "error")

    # ------------------------------------------------------------------------------------------
    # filters
    # ------------------------------------------------------------------------------------------
    def _on_filter_changed(self, *_args: Any) -> None:
        from amzdesk.worklist import View
        from ui.orders.rows import CHANNEL_FILTERS

        fs = self.proxy.filter_state
        channel_changed = fs.channel != CHANNEL_FILTERS[max(0, self.channel_filter.currentIndex())]
        fs.channel = CHANNEL_FILTERS[max(0, self.channel_filter.currentIndex())]
        fs.view = list(View)[max(0, self.view_tabs.currentIndex())].value
        self.proxy.set_filter(fs)
        if channel_changed:
            self._update_view_tabs()
        self._ensure_current_visible()

    def _on_rows_changed(self, _first: Any, _last: Any, roles: Any = ()) -> None:
        if not roles:  # not just a highlight
            self._update_view_tabs()

    def set_view(self, view: Any) -> None:
        """Show the view ``view`` (an :class:`amzdesk.worklist.View` or its value)."""
        from amzdesk.worklist import View

        self.view_tabs.setCurrentIndex(list(View).index(View(view)))

    def current_view(self) -> Any:
        from amzdesk.worklist import View

        return View(self.proxy.filter_state.view)

    def view_counts(self) -> dict[Any, int]:
        return dict(self._view_counts)

    def _update_view_tabs(self) -> None:
        """The tab titles with their counts, and the session summary in the status bar."""
        from amzdesk.worklist import View

        counts = self.proxy.view_counts() if self.model.rowCount() else {}
        self._view_counts = counts
        labels = {
            View.NEEDS_ACTION: self.tr("要対応"),
            View.DUE_TODAY: self.tr("今日が期限"),
            View.OVERDUE: self.tr("期限切れ"),
            View.PENDING: self.tr("反映待ち"),
            View.ALL: self.tr("すべて"),
        }
        tips = {
            View.NEEDS_ACTION: self.tr(
                "未出荷の注文、対応が残っている連携失敗、返送の反映待ちなど、"
                "作業が必要な注文（Alt+1）"
            ),
            View.DUE_TODAY: self.tr("Amazon の出荷期限が今日の注文（Alt+2）"),
            View.OVERDUE: self.tr("Amazon の出荷期限を過ぎた注文（Alt+3）"),
            View.PENDING: self.tr(
                "出荷通知や返送を送り、Amazon・makeshop に反映されるのを待っている注文（Alt+4）"
            ),
            View.ALL: self.tr("すべての注文（Alt+5）"),
        }
        for i, view in enumerate(View):
            n = counts.get(view)
            text = labels[view] if n is None else self.tr("{0} ({1})").format(labels[view], n)
            self.view_tabs.setTabText(i, text)
            self.view_tabs.setTabToolTip(i, tips[view])
        overdue = counts.get(View.OVERDUE, 0)
        self.session_summary.setText(
            self.tr("今日の出荷通知 {0} 件 ・ 残り {1} 件 ・ 期限切れ {2} 件").format(
                len(self._confirmed_today), counts.get(View.NEEDS_ACTION, 0), overdue
            )
        )
        self.session_summary.setStyleSheet("color: #b71c1c;" if overdue else "")

    def _on_search_text(self, text: str) -> None:
        self.proxy.set_text(text)
        self._ensure_current_visible()

    def _ensure_current_visible(self) -> None:
        if self._key is not None and self.proxy.proxy_row_of_key(self._key) >= 0:
            row = self.proxy.proxy_row_of_key(self._key)
            self.table.scrollTo(self.proxy.index(row, 0))

    def _update_count(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        if total == shown:
            self.count_label.setText(self.tr("{0} 件").format(total))
        else:
            self.count_label.setText(self.tr("{0} / {1} 件").format(shown, total))

    # ------------------------------------------------------------------------------------------
    # selection and detail panel
    # ------------------------------------------------------------------------------------------
    def _remember_selection(self) -> None:
        pass  # the key in self._key is restored after the reset

    def _restore_selection(self) -> None:
        if self._key is None:
            return
        row = self.proxy.proxy_row_of_key(self._key)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.proxy.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def select_key(self, key: str, *, reveal: bool = True) -> bool:
        """Select the order ``key``; with ``reveal``, an order the current view hides is shown
        by switching to the すべて view (the search and the channel filter stay)."""
        row = self.proxy.proxy_row_of_key(key)
        if row < 0 and reveal and self.model.row_of_key(key) >= 0:
            from amzdesk.worklist import View

            self.set_view(View.ALL)
            row = self.proxy.proxy_row_of_key(key)
        if row < 0:
            return False
        index = self.proxy.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def current_key(self) -> str | None:
        return self._key

    def current_order(self) -> Order | None:
        return self._order

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        key = current.data(KEY_ROLE) if current.isValid() else None
        if key == self._key:
            return
        self._key = key
        self._order = None
        self._customer_key = None
        self.status_label.clear()  # a message about the previous order would be stale
        panel = self._panel
        if panel is not None:  # else it starts empty
            panel.customer_label.hide()
            panel.customer_label.clear()
            panel.tracking_entry.clear()
        self._show_order_details()
        if key is None or self.services is None:
            return
        services = self.services
        self.runner.submit(
            lambda ctx: backend.fetch_order(services, key),
            name="order",
            quick=True,  # never behind sends waiting for a usage-plan token
            on_result=lambda order, k=key: self._on_order_loaded(k, order),
            on_error=self._on_task_error,
        )

    def _on_order_loaded(self, key: str, order: Order | None) -> None:
        if key != self._key:
            return
        self._order = order
        if order is not None and self._panel is not None:
            # the carrier preview shows only what applies to this kind of order
            self._panel.carrier_picker.set_channel(order.channel.value)
            self._panel.tracking_entry.set_channel(order.channel.value)
        self._show_order_details()
        if self._submit_pending == key:
            self._submit_pending = None
            self._on_tracking_submitted()

    def _current_row_tuple(self) -> Row | None:
        if self._key is None:
            return None
        return self.model.row_by_key(self._key)

    def _show_order_details(self) -> None:
        if self._panel is None:
            return  # shown when the panel is built
        row = self._current_row_tuple()
        if row is None:
            self.detail_title.setText(self.tr("注文を選んでください"))
            self.detail_state.clear()
            self.detail_items.clear()
            self.recommendation.hide()
            self.shipped_info.hide()
            self.input_section.hide()
            self._apply_verdicts({})
            return
        labels = self.model.labels
        parts = [labels.channel.get(row[R_CHANNEL], row[R_CHANNEL])]
        if row[R_DISPLAY_NO]:
            parts.append(self.tr("makeshop {0}").format(row[R_DISPLAY_NO]))
        if row[R_AMAZON_ID]:
            parts.append(self.tr("Amazon {0}").format(row[R_AMAZON_ID]))
        self.detail_title.setText("  ".join(parts))
        state_label = self.model.display_text(row, C_STATE)
        tip = labels.state_tip.get(row[R_STATE], "")
        deadline = self.model.display_text(row, C_DEADLINE)
        lines = [self.tr("状態: {0}").format(state_label)]
        if tip:
            lines.append(tip)
        order = self._order
        if order is not None and order.key == self._key:
            from amzdesk import states
            from amzdesk.clock import utcnow

            waiting = states.waiting_for(order, utcnow())
            if waiting:
                lines.append(_tr_amzdesk(waiting))
        if deadline:
            lines.append(self.tr("出荷期限: {0}").format(deadline))
        self.detail_state.setText("\n".join(lines))
        self.detail_items.setText(self.tr("商品: {0}").format(row[R_TITLES] or "-"))
        order = self._order if self._order is not None and self._order.key == row[0] else None
        if order is None:  # being read: show nothing that belongs to another order
            self.recommendation.hide()
            self.shipped_info.hide()
            self.input_section.hide()
        else:
            self._setup_inputs(order)
            self._show_shipped(order)
        self._refresh_verdicts()

    # ------------------------------------------------------------------------------------------
    # verdicts and actions
    # ------------------------------------------------------------------------------------------
    def _on_carrier_changed(self, carrier: Any) -> None:
        self.tracking_entry.set_carrier(carrier)
        order = self._order
        if order is None or self._panel_mode(order) == "work":
            self._kept_carrier = carrier  # the scanner flow keeps it for the next order
        self._refresh_verdicts()

    def _on_ship_date_changed(self, qdate: Any) -> None:
        if self._order is not None and self._panel_key == self._order.key:
            self._ship_date_chosen = qdate.toPython()

    def _panel_mode(self, order: Order) -> str:
        """ "work" (confirm / complete: inputs, carrier kept), "correct" (a confirmed package's
        number can be corrected: inputs, its carrier), or "none" (nothing to enter)."""
        from amzdesk import worklist

        return worklist.panel_mode(order)

    def _setup_inputs(self, order: Order | None) -> None:
        """Reset the inputs for the order shown (once per order): what applies to it only."""
        key = order.key if order is not None else None
        if key == self._panel_key:
            return
        self._panel_key = key
        panel = self._panel
        assert panel is not None
        mode = self._panel_mode(order) if order is not None else "none"
        picker = panel.carrier_picker
        picker.blockSignals(True)
        if mode == "work":
            picker.set_carrier(self._kept_carrier)
        elif mode == "correct" and order is not None:
            picker.set_carrier(self._confirmed_carrier(order))
        else:
            picker.clear()
        picker.blockSignals(False)
        panel.tracking_entry.set_carrier(picker.carrier())
        panel.tracking_entry.set_optional(order is not None and not order.is_amazon)
        panel.input_section.setVisible(mode != "none")
        # what Amazon would show: only for Amazon orders (a shop order never reaches Amazon)
        picker.preview_label.setVisible(order is not None and order.is_amazon)
        self._setup_ship_date(order)

    def _confirmed_carrier(self, order: Order) -> Any | None:
        packages = list(order.notes.confirmed_packages)
        if not packages:
            return None
        return self.carrier_picker.table.by_name(packages[-1].carrier)

    def _setup_ship_date(self, order: Order | None) -> None:
        from PySide6.QtCore import QDate

        from amzdesk import worklist

        if order is None or self.services is None:
            return
        now = self.services.clock()
        earliest, latest = worklist.ship_date_range(now, order.order_date)
        chosen = worklist.clamp_ship_date(self._ship_date_chosen, now, order.order_date)
        edit = self.ship_date
        edit.blockSignals(True)
        edit.setDateRange(QDate(earliest), QDate(latest))
        edit.setDate(QDate(chosen))
        edit.blockSignals(False)

    def chosen_ship_date(self) -> Any:
        """The ship date the next confirmation sends (a ``datetime.date``)."""
        return self.ship_date.date().toPython()

    def _refresh_verdicts(self) -> None:
        from amzdesk.rules import Action, Verdict

        order = self._order
        if order is None:
            self._apply_verdicts({})
            return
        verdicts = rules.evaluate(
            order,
            self.carrier_picker.carrier(),
            self.tracking_entry.numbers(),
            table=self.carrier_picker.table,
        )
        if order.key in self._sending:
            for a in (
                Action.CONFIRM_AMAZON,
                Action.CORRECT_TRACKING,
                Action.COMPLETE_MAKESHOP,
                Action.RETURN,
            ):
                verdicts[a] = Verdict(a, False, self.tr("送信中です。結果を待ってください"))
        self._apply_verdicts(verdicts)

    def _show_shipped(self, order: Order) -> None:
        """What the order shipped with: carrier and tracking number per package."""
        lines: list[str] = []
        packages = list(order.amazon.packages) if order.amazon is not None else []
        seen = {p.tracking_number for p in packages if p.tracking_number}
        packages += [p for p in order.notes.confirmed_packages if p.tracking_number not in seen]
        for i, p in enumerate(packages, 1):
            carrier = p.carrier or "-"
            number = p.tracking_number or self.tr("追跡番号なし")
            lines.append(self.tr("荷物 {0}: {1}  {2}").format(i, carrier, number))
        ms = order.makeshop
        if not lines and ms is not None and (ms.carrier_code or ms.slip_number):
            c = self.carrier_picker.table.by_code(ms.carrier_code)
            name = c.name if c is not None else (ms.carrier_code or "-")
            lines.append(
                self.tr("makeshop: {0}  {1}").format(
                    name, ms.slip_number or self.tr("伝票番号なし")
                )
            )
        if lines:
            self.shipped_info.setText(self.tr("出荷済みの荷物") + "\n" + "\n".join(lines))
        self.shipped_info.setVisible(bool(lines))

    def _show_recommendation(self, order: Order | None, verdicts: dict[Action, Verdict]) -> None:
        from amzdesk import worklist
        from amzdesk.rules import Action

        if order is None:
            self.recommendation.hide()
            return
        action = worklist.recommended_action(order)
        texts = {
            Action.CONFIRM_AMAZON: self.tr(
                "次にすること: 配送業者と追跡番号を入れて「{0}」（Enter）。"
                "Amazon に出荷を知らせます"
            ),
            Action.COMPLETE_MAKESHOP: self.tr(
                "次にすること: 発送したら「{0}」。makeshop がお客様に発送をお知らせします"
            ),
        }
        if action is not None and action in texts:
            text = texts[action].format(_tr_amzdesk(action.label))
            v = verdicts.get(action)
            if v is not None and not v.allowed and v.needs_input:
                text += "\n" + _tr_amzdesk(v.reason)
        else:
            tip = self.model.labels.state_tip.get(self._row_state(order), "")
            row = self.model.row_by_key(order.key)
            if row is not None and row[R_FLAGS] & F_NEEDS_ACTION:
                text = self.tr("次にすること: {0}").format(tip)  # e.g. check in Seller Central
            else:
                text = self.tr("次にすること: なし。{0}").format(tip)
        self.recommendation.setText(text)
        self.recommendation.show()

    def _row_state(self, order: Order) -> str:
        row = self.model.row_by_key(order.key)
        return str(row[R_STATE]) if row is not None else ""

    def _apply_verdicts(self, verdicts: dict[Action, Verdict]) -> None:
        from amzdesk.rules import Action

        self._verdicts = verdicts
        lines: list[str] = []
        for action in Action:
            b = self.action_buttons[action]
            qa = self.order_actions[action]
            v = verdicts.get(action)
            if v is None:
                tip = self._with_shortcut(self.tr("注文を選んでください"), action.value)
                b.setEnabled(False)
                qa.setEnabled(False)
                b.setToolTip(tip)
                qa.setToolTip(tip)
                continue
            tip = self._with_shortcut(self.verdict_tooltip(v), action.value)
            # refused here but possible elsewhere (makeshop's admin): the button opens it
            usable = v.allowed or bool(v.url)
            b.setEnabled(usable)
            qa.setEnabled(usable)
            b.setToolTip(tip)
            qa.setToolTip(tip)
            b.setAccessibleDescription(tip)
            mark = "✓" if v.allowed else "✗"
            # the owner reads the reason; the rule ID stays in the tooltip (for support)
            lines.append(f"{mark} {_tr_amzdesk(action.label)}: {_tr_amzdesk(v.reason)}")
        self.verdict_label.setText("\n".join(lines))
        self._apply_record_return(self._order if verdicts else None)
        self._apply_cancel_export(self._order if verdicts else None)
        self._show_recommendation(self._order if verdicts else None, verdicts)

    def _apply_cancel_export(self, order: Order | None) -> None:
        """「書き出しを取り消す」: enabled while the order waits for its upload file."""
        if order is None:
            allowed, tip = False, self.tr("注文を選んでください")
        elif order.key in self._sending:
            allowed, tip = False, self.tr("送信中です。結果を待ってください")
        else:
            v = rules.can_cancel_export(order)
            allowed, tip = v.allowed, self.verdict_tooltip(v)
        tip = self._with_shortcut(tip, "cancel-export")
        for w in (self.cancel_export_button, self.cancel_export_action):
            w.setEnabled(allowed)
            w.setToolTip(tip)
        self.cancel_export_button.setAccessibleDescription(tip)

    def _apply_record_return(self, order: Order | None) -> None:
        """The Seller Central return record (R-C1): Amazon orders only, verdict from amzdesk."""
        if order is None:
            allowed, tip = False, self.tr("注文を選んでください")
        elif order.key in self._sending:
            allowed, tip = False, self.tr("送信中です。結果を待ってください")
        else:
            v = rules.can_record_return_done(order)
            allowed, tip = v.allowed, self.verdict_tooltip(v)
        tip = self._with_shortcut(tip, "record-return")
        for w in (self.record_return_button, self.record_return_action):
            w.setEnabled(allowed)
            w.setToolTip(tip)
        self.record_return_button.setAccessibleDescription(tip)

    @staticmethod
    def _with_shortcut(tip: str, action_id: str) -> str:
        from PySide6.QtGui import QKeySequence

        key = ACTION_SHORTCUTS.get(action_id)
        if not key:
            return tip
        shown = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
        return f"{tip}（{shown}）"

    @staticmethod
    def verdict_tooltip(v: Verdict) -> str:
        reason = _tr_amzdesk(v.reason)
        if v.rule_id and v.rule_id not in reason:
            return f"{reason}（{v.rule_id}）"
        return reason

    def verdicts(self) -> dict[Action, Verdict]:
        return dict(self._verdicts)

    def trigger(self, action: Action) -> None:
        from amzdesk.rules import Action

        v = self._verdicts.get(action)
        order = self._order
        if v is not None and order is not None and not v.allowed and v.url:
            self._open_url(v.url)  # done in makeshop's admin (no API for it)
            self.status_label.setText(self.verdict_tooltip(v))
            return
        if v is None or order is None or not v.allowed:
            if v is not None:
                self.status_label.setText(self.verdict_tooltip(v))
            return
        if action is Action.OPEN_SELLER_CENTRAL:
            from amzdesk import states

            if states.tracking_missing(order) and states.number_to_add(order):
                # the number to add in Seller Central's shipment edit, ready to paste (R-B2)
                from PySide6.QtWidgets import QApplication

                QApplication.clipboard().setText(states.number_to_add(order))
            self._open_url(rules.seller_central_url(order))
        elif action in (Action.OPEN_MAKESHOP, Action.EDIT):
            self._open_url(rules.makeshop_admin_url(order))
        elif action is Action.SHOW_CUSTOMER:
            self._show_customer(order)
        elif action is Action.CONFIRM_AMAZON:
            self._send(order, "amazon")
        elif action is Action.CORRECT_TRACKING:
            self._send(order, "amazon", correction=True)
        elif action is Action.COMPLETE_MAKESHOP:
            confirmed = False
            if v.confirm:
                # may be an Amazon order (R-F3): only on an explicit yes
                if not self._ask(self.tr("Amazon の注文かもしれません"), _tr_amzdesk(v.confirm)):
                    self.status_label.setText(self.tr("配送完了を取りやめました"))
                    return
                confirmed = True
            self._send(order, "makeshop", confirmed=confirmed)
        elif action is Action.RETURN:
            self._return(order)

    # -- returns (返送) -------------------------------------------------------------------------
    def _ask(self, title: str, text: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _return(self, order: Order) -> None:
        """makeshop 返送 of a shipped shop order, after the user confirms (not undone lightly)."""
        key = order.key
        if key in self._sending:
            return
        number = order.display_order_number or key
        if not self._ask(
            self.tr("返送"),
            self.tr(
                "注文 {0} を makeshop で「返送」にします。"
                "元には戻しにくい操作です。よろしいですか？"
            ).format(number),
        ):
            self.status_label.setText(self.tr("返送を取りやめました"))
            return
        self._run_return(key, lambda services: backend.return_action(services, key))

    def record_return_done(self) -> None:
        """Record that the current Amazon order's return was processed in Seller Central."""
        order = self._order
        if order is None or order.key in self._sending:
            return
        v = rules.can_record_return_done(order)
        if not v.allowed:
            self.status_label.setText(self.verdict_tooltip(v))
            return
        key = order.key
        if not self._ask(
            self.tr("セラーセントラルで返送処理したことを記録する"),
            self.tr(
                "注文 {0} の返送を Seller Central で処理済みと記録します。"
                "makeshop の処理区分が「返送」になるまで「返送反映待ち」と表示します。"
                "よろしいですか？"
            ).format(order.amazon_order_id or key),
        ):
            return
        self._run_return(key, lambda services: backend.record_return(services, key))

    def cancel_export(self) -> None:
        """Cancel the current order's export to the Amazon upload file (journaled)."""
        order = self._order
        if order is None or order.key in self._sending:
            return
        v = rules.can_cancel_export(order)
        if not v.allowed:
            self.status_label.setText(self.verdict_tooltip(v))
            return
        key = order.key
        self._run_return(key, lambda services: backend.cancel_export(services, key))

    def _run_return(self, key: str, job: Callable[[Any], backend.SendOutcome]) -> None:
        services = self.services
        self._sending.add(key)
        self._refresh_verdicts()
        self.status_label.setText(self.tr("処理しています…"))
        self.runner.submit(
            lambda ctx: job(services),
            name="return",
            on_result=self._on_returned,
            on_error=lambda exc, k=key: self._on_send_error(k, exc),
            on_finished=lambda k=key: self._send_finished(k),
        )

    def _on_returned(self, outcome: backend.SendOutcome) -> None:
        self._on_sent(outcome)
        if outcome.ok:
            self.status_label.setText(
                self.tr("{0}: {1}").format(
                    self._order_label(outcome.key), _tr_amzdesk(outcome.message)
                )
            )

    def _open_url(self, url: str) -> None:
        if url:
            from PySide6.QtCore import QUrl
            from PySide6.QtGui import QDesktopServices

            QDesktopServices.openUrl(QUrl(url))
            self.status_label.setText(self.tr("ブラウザで開きました: {0}").format(url))

    def _show_customer(self, order: Order) -> None:
        services = self.services
        key = order.key
        number = order.display_order_number
        self.customer_label.setText(self.tr("購入者情報を取得しています…"))
        self.customer_label.show()
        self._customer_key = key
        self.runner.submit(
            lambda ctx: backend.fetch_customer(services, number),
            name="customer",
            on_result=lambda data, k=key: self._on_customer(k, data),
            on_error=lambda exc, k=key: self._on_customer_error(k, exc),
        )

    def _on_customer(self, key: str, data: dict[str, Any]) -> None:
        if key != self._key or key != self._customer_key:
            return  # shown only for the order it was fetched for; never kept
        o = data.get("orderer", {})
        # makeshop shows the orderer's name and prefecture (public fields); contact details
        # are per delivery
        lines = [self.tr("購入者: {0}").format(o.get("name", ""))]
        if o.get("prefecture"):
            lines.append(self.tr("都道府県: {0}").format(o.get("prefecture", "")))
        for d in data.get("deliveries", []):
            lines.append(
                self.tr("お届け先: {0} 〒{1} {2}{3}").format(
                    d.get("name", ""),
                    d.get("zip_code", ""),
                    d.get("prefecture", ""),
                    d.get("address", ""),
                )
            )
            if d.get("tel"):
                lines.append(self.tr("電話: {0}").format(d.get("tel", "")))
        lines.append(self.tr("（この情報は保存されません）"))
        self.customer_label.setText("\n".join(lines))

    def _on_customer_error(self, key: str, exc: BaseException) -> None:
        if key == self._key:
            self.customer_label.setText(backend.user_message(exc))

    def _send(
        self,
        order: Order,
        via: str,
        *,
        correction: bool = False,
        confirmed: bool = False,
        shared_ok: bool = False,
    ) -> None:
        key = order.key
        if key in self._sending:
            return
        self._last_via, self._last_confirmed = via, confirmed
        carrier = self.carrier_picker.carrier()
        numbers = self.tracking_entry.numbers()
        services = self.services
        self._sent_what[key] = (via, carrier, list(numbers), correction)
        self._sending.add(key)
        self._refresh_verdicts()
        self.status_label.setText(self.tr("送信しています…"))
        ship_date = self.chosen_ship_date() if not correction else None
        self.runner.submit(
            lambda ctx: backend.send_action(
                services,
                key,
                via,
                carrier,
                numbers,
                correction=correction,
                confirmed=confirmed,
                ship_date=ship_date,
                shared_ok=shared_ok,
            ),
            name="send",
            on_result=self._on_sent,
            on_error=lambda exc, k=key: self._on_send_error(k, exc),
            on_finished=lambda k=key: self._send_finished(k),
        )

    def _send_finished(self, key: str) -> None:
        self._sending.discard(key)
        if key == self._key:
            self._refresh_verdicts()

    def _on_sent(self, outcome: backend.SendOutcome) -> None:
        if outcome.rows:
            self.model.update_rows(outcome.rows)
        if outcome.key == self._key and outcome.order is not None:
            self._order = outcome.order
            self._show_order_details()
        number = self._order_label(outcome.key)
        what = self._sent_what.pop(outcome.key, None)
        if outcome.ok:
            text = self._sent_text(number, what)
            self.toast.show_text(text)
            self._flash_row(outcome.key)
            if what is not None and not what[3]:
                self._confirmed_today.add(outcome.key)
                self._update_view_tabs()
            if outcome.request_id:
                text += f"（request id: {outcome.request_id}）"
            self.status_label.setText(text)
        elif outcome.shared_with and self._ask_shared_parcel(number, outcome):
            order = self._order
            if order is not None and order.key == outcome.key:
                self._send(
                    order,
                    getattr(self, "_last_via", "amazon"),
                    confirmed=getattr(self, "_last_confirmed", False),
                    shared_ok=True,
                )
        else:
            self.banner.show_message(
                self.tr("{0}: {1}").format(number, _tr_amzdesk(outcome.message)), "error"
            )

    def _ask_shared_parcel(self, number: str, outcome: backend.SendOutcome) -> bool:
        """The same tracking number is on another order: 同梱 (send) or a typo (fix it)."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self)
        box.setObjectName("sharedParcelQuestion")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("同じ追跡番号"))
        box.setText(
            self.tr(
                "{0} の追跡番号は、注文 {1} でもう使われています。\n"
                "1つの荷物で複数の注文を送る（同梱）ときだけ送ってください。"
                "入力ミスなら「送らない」を選んで番号を直してください。"
            ).format(number, "、".join(outcome.shared_with))
        )
        send = box.addButton(self.tr("同梱として送る"), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(self.tr("送らない"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)  # Enter from a scanner never sends it by accident
        box.exec()
        return box.clickedButton() is send

    def _on_send_error(self, key: str, exc: BaseException) -> None:
        self.banner.show_message(
            self.tr("{0}: {1}").format(self._order_label(key), backend.user_message(exc)), "error"
        )
        services = self.services
        self.runner.submit(
            lambda ctx: backend.load_some(services, [key]),
            name="rows",
            on_result=self.model.update_rows,
        )

    @property
    def toast(self) -> Toast:
        """The short confirmation over the list (never takes the focus)."""
        if self._toast is None:
            self._toast = Toast(self._table)
        return self._toast

    def _sent_text(self, number: str, what: tuple[str, Any, list[str], bool] | None) -> str:
        """「249-…: ヤマト運輸 444413758703 で出荷通知しました」."""
        if what is None:
            return self.tr("{0}: 送信しました").format(number)
        via, carrier, numbers, correction = what
        if via == "makeshop":
            name = carrier.name if carrier is not None and not carrier.is_none else ""
            if name:
                return self.tr("{0}: makeshop で配送完了にしました（{1}）").format(number, name)
            return self.tr("{0}: makeshop で配送完了にしました").format(number)
        name = carrier.spapi_name if carrier is not None else ""
        shown = " ".join(part for part in (name, ", ".join(numbers)) if part)
        if correction:
            return self.tr("{0}: 追跡番号を {1} に訂正しました").format(number, shown)
        if not numbers:
            return self.tr("{0}: {1}（追跡番号なし）で出荷通知しました").format(number, name)
        return self.tr("{0}: {1} で出荷通知しました").format(number, shown)

    def _flash_row(self, key: str) -> None:
        """The confirmed row stands out for a moment, then settles into its new state."""
        self.model.flash(key)
        model = self.model
        QTimer.singleShot(FLASH_MS, model, lambda k=key: model.settle(k))

    def _order_label(self, key: str) -> str:
        row = self.model.row_by_key(key)
        if row is None:
            return key
        return str(row[R_AMAZON_ID] or row[R_DISPLAY_NO] or key)

    # ------------------------------------------------------------------------------------------
    # scanning: Enter in the tracking field confirms and moves on
    # ------------------------------------------------------------------------------------------
    def _on_tracking_submitted(self) -> None:
        from amzdesk.rules import Action

        v = self._verdicts.get(Action.CONFIRM_AMAZON)
        order = self._order
        if order is None:
            # a fast scanner: the order is still being read; the Enter counts once it is
            self._submit_pending = self._key
            return
        self._submit_pending = None
        action: Action | None = None
        if v is not None and v.allowed:
            action = Action.CONFIRM_AMAZON
        elif (
            self._verdicts.get(Action.COMPLETE_MAKESHOP) is not None
            and self._verdicts[Action.COMPLETE_MAKESHOP].allowed
            and not order.is_amazon
        ):
            action = Action.COMPLETE_MAKESHOP
        if action is None:
            reason = self.verdict_tooltip(v) if v is not None else ""
            if not self.tracking_entry.is_valid():
                reason = self.tracking_entry.reason()
            self.status_label.setText(self.tr("送信できません: {0}").format(reason))
            self.tracking_entry.edit.selectAll()
            return
        sent_key = order.key
        self.trigger(action)
        self.select_next_needing_action(after=sent_key)
        self.tracking_entry.setFocus()

    def select_next_needing_action(self, after: str | None = None) -> str | None:
        """Select the next visible order (after ``after``) that needs action; returns its key."""
        start = self.proxy.proxy_row_of_key(after) if after else -1
        n = self.proxy.rowCount()
        for step in range(1, n + 1):
            r = (start + step) % n if n else 0
            row = self.proxy.row_tuple_at(r)
            if row is None:
                continue
            key = str(row[0])
            if key == after or key in self._sending:
                continue
            if row[R_FLAGS] & F_NEEDS_ACTION:
                self.select_key(key, reveal=False)
                return key
        return None

    def _on_context_menu(self, pos: Any) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        key = index.data(KEY_ROLE)
        if key != self._key:
            self.select_key(key)
        menu = QMenu(self)
        menu.setObjectName("orderContextMenu")
        menu.setToolTipsVisible(True)
        for qa in self.order_actions.values():
            menu.addAction(qa)
        menu.addAction(self.record_return_action)
        menu.addAction(self.cancel_export_action)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    # ------------------------------------------------------------------------------------------
    # other windows
    # ------------------------------------------------------------------------------------------
    def open_settings(self) -> None:
        from ui.settings_dialog import SettingsDialog

        dlg = SettingsDialog(
            self.settings,
            credentials=self.credentials,
            runner=self.runner,
            settings_path=self.settings_path,
            parent=self,
        )
        dlg.settingsSaved.connect(self._on_settings_saved)
        dlg.open()
        self._settings_dialog = dlg

    def _on_settings_saved(self, settings: Any) -> None:
        self.settings = settings
        with contextlib.suppress(AttributeError):
            self.services.settings = settings
        from amzdesk.carriers import CarrierTable

        table = CarrierTable.load(overrides=settings.carrier_code_overrides)
        with contextlib.suppress(AttributeError):
            self.services.carriers = table
        self.carrier_picker.set_table(table)
        # Amazon-order recognition patterns (advanced) apply from the next sync on
        from amzdesk.services import recognition_of

        recognition = recognition_of(settings)
        for holder in (
            getattr(self.services, "sync", None),
            getattr(self.services, "makeshop", None),
        ):
            if holder is not None:
                holder.recognition = recognition
        self.apply_sync_interval()
        from PySide6.QtWidgets import QApplication

        from ui import i18n

        app = QApplication.instance()
        if app is not None:
            i18n.install(app, settings.language)  # type: ignore[arg-type]

    def open_journal(self) -> None:
        from ui.journal_window import JournalWindow

        if self.services is None:
            return
        if self.journal_window is None:
            self.journal_window = JournalWindow(self.services, runner=self.runner, parent=self)
        self.journal_window.show()
        self.journal_window.raise_()
        self.journal_window.refresh()  # type: ignore[attr-defined]

    def open_import(self) -> None:
        from ui.import_dialog import ImportDialog

        if self.services is None:
            return
        dlg = ImportDialog(
            self.services, runner=self.runner, parent=self, settings_path=self.settings_path
        )
        dlg.ordersChanged.connect(self._on_orders_changed)
        dlg.open()
        self._import_dialog = dlg

    def open_export(self) -> None:
        from ui.import_dialog import export_upload_file

        if self.services is None:
            return
        export_upload_file(
            self, self.services, self.runner, self._on_orders_changed, self.settings_path
        )

    def _on_orders_changed(self, keys: list[str]) -> None:
        services = self.services
        self.runner.submit(
            lambda ctx: backend.load_some(services, keys),
            name="rows",
            on_result=self.model.update_rows,
            on_error=self._on_task_error,
        )

    # helpers for tests and tools -------------------------------------------------------------
    def loaded(self) -> bool:
        return self._loaded_once


__all__ = ["FLAGS_ROLE", "Banner", "MainWindow", "action_object_name"]
