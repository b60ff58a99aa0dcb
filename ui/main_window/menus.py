"""The window's toolbar, menus and keyboard shortcuts.

The toolbar and the menu titles are part of the first frame; the order actions of the 注文 menu
(one per :class:`amzdesk.rules.Action`, the return record and the export cancel) are built with
the detail panel, and the shortcuts right after the first frame.  What an entry does is the
window's (:class:`MenuHandlers`); this module only builds, names and labels the entries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QToolBar

from ui import icons
from ui.main_window.common import ACTION_SHORTCUTS, tr_amzdesk

if TYPE_CHECKING:
    from amzdesk.rules import Action


class MenuHandlers(Protocol):
    """What the window does when an entry is chosen."""

    def start_sync(self) -> None: ...

    def open_settings(self) -> None: ...

    def open_journal(self) -> None: ...

    def open_import(self) -> None: ...

    def open_export(self) -> None: ...

    def focus_search(self) -> None: ...

    def focus_list(self) -> None: ...

    def ensure_detail_panel(self) -> Any: ...

    def set_view(self, view: Any) -> None: ...


class WindowMenus(QObject):
    """Toolbar, ファイル / 注文 / 表示 menus and shortcuts of ``window``."""

    def __init__(self, window: QMainWindow, handlers: MenuHandlers) -> None:
        super().__init__(window)
        self.setObjectName("windowMenus")
        self._window = window
        tb = QToolBar(window)
        tb.setObjectName("mainToolBar")
        tb.setMovable(False)
        # Qt.ToolButtonStyle.ToolButtonTextBesideIcon, as the property's int: the first frame
        # does not build Qt's ``Qt`` namespace
        tb.setProperty("toolButtonStyle", 2)
        window.addToolBar(tb)
        self.toolbar = tb
        self.sync_action = QAction(icons.icon("sync"), "", window)
        self.sync_action.setObjectName("syncAction")
        self.sync_action.triggered.connect(handlers.start_sync)
        self.settings_action = QAction("", window)
        self.settings_action.setObjectName("settingsAction")
        self.settings_action.triggered.connect(handlers.open_settings)
        self.journal_action = QAction("", window)
        self.journal_action.setObjectName("journalAction")
        self.journal_action.triggered.connect(handlers.open_journal)
        self.import_action = QAction("", window)
        self.import_action.setObjectName("importAction")
        self.import_action.triggered.connect(handlers.open_import)
        self.export_action = QAction("", window)
        self.export_action.setObjectName("exportAction")
        self.export_action.triggered.connect(handlers.open_export)
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

        mb = window.menuBar()
        self.file_menu = mb.addMenu("")
        self.file_menu.addAction(self.sync_action)
        self.file_menu.addAction(self.import_action)
        self.file_menu.addAction(self.export_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.settings_action)
        self.quit_action = QAction("", window)
        self.quit_action.triggered.connect(window.close)
        self.file_menu.addAction(self.quit_action)
        # the order actions are added with the detail panel (or when the menu opens first)
        self.order_menu = mb.addMenu("")
        self.order_menu.setToolTipsVisible(True)
        self.order_menu.aboutToShow.connect(handlers.ensure_detail_panel)
        self.view_menu = mb.addMenu("")
        self.view_menu.addAction(self.journal_action)
        self.focus_search_action = QAction("", window)
        self.focus_search_action.triggered.connect(handlers.focus_search)
        self.view_menu.addAction(self.focus_search_action)
        self.focus_list_action = QAction("", window)
        self.focus_list_action.triggered.connect(handlers.focus_list)
        self.view_menu.addAction(self.focus_list_action)
        self._handlers = handlers
        self.order_actions: dict[Action, QAction] = {}
        self.record_return_action: QAction | None = None
        self.cancel_export_action: QAction | None = None
        self.view_actions: list[QAction] = []
        self._shortcuts_installed = False

    def build_order_actions(
        self,
        trigger: Callable[[Action], None],
        record_return_done: Callable[[], None],
        cancel_export: Callable[[], None],
    ) -> None:
        """The 注文 menu's entries (disabled until an order's verdicts enable them)."""
        from amzdesk.rules import Action

        window = self._window
        for action in Action:
            qa = QAction("", window)
            qa.setObjectName(f"menu_{action.value}")
            qa.setEnabled(False)
            qa.triggered.connect(lambda _checked=False, a=action: trigger(a))
            self.order_actions[action] = qa
            self.order_menu.addAction(qa)
        self.record_return_action = QAction("", window)
        self.record_return_action.setObjectName("menu_record-return")
        self.record_return_action.setEnabled(False)
        self.record_return_action.triggered.connect(record_return_done)
        self.order_menu.addAction(self.record_return_action)
        self.cancel_export_action = QAction("", window)
        self.cancel_export_action.setObjectName("menu_cancel-export")
        self.cancel_export_action.setEnabled(False)
        self.cancel_export_action.triggered.connect(cancel_export)
        self.order_menu.addAction(self.cancel_export_action)

    def install_shortcuts(self) -> None:
        """Every entry's shortcut, and Alt+1..5 for the views (once; after the first frame)."""
        if self._shortcuts_installed:
            return
        self._shortcuts_installed = True
        from PySide6.QtGui import QKeySequence

        from amzdesk.worklist import View

        self._handlers.ensure_detail_panel()  # the order actions
        assert self.record_return_action is not None and self.cancel_export_action is not None
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
        for i, view in enumerate(View):
            qa = QAction(self._window)
            qa.setShortcut(QKeySequence(f"Alt+{i + 1}"))
            qa.triggered.connect(lambda _c=False, v=view: self._handlers.set_view(v))
            self._window.addAction(qa)
            self.view_actions.append(qa)

    def retranslate(self) -> None:
        self.sync_action.setText(self.tr("同期"))
        self.sync_action.setToolTip(self.tr("Amazon と makeshop から注文を取得します（F5）"))
        self.settings_action.setText(self.tr("設定・認証情報"))
        self.journal_action.setText(self.tr("操作履歴"))
        self.import_action.setText(self.tr("送り状CSVを取り込む"))
        self.export_action.setText(self.tr("Amazon アップロードファイルを書き出す"))
        self.quit_action.setText(self.tr("終了"))
        self.file_menu.setTitle(self.tr("ファイル(&F)"))
        self.order_menu.setTitle(self.tr("注文(&O)"))
        self.view_menu.setTitle(self.tr("表示(&V)"))
        self.focus_search_action.setText(self.tr("検索欄へ移動"))
        self.focus_list_action.setText(self.tr("注文一覧へ移動"))
        if self.record_return_action is not None:
            self.retranslate_order_actions()

    def retranslate_order_actions(self) -> None:
        from amzdesk import rules

        for action, qa in self.order_actions.items():
            qa.setText(tr_amzdesk(action.label))
        assert self.record_return_action is not None and self.cancel_export_action is not None
        self.record_return_action.setText(self.tr("セラーセントラルで返送処理したことを記録する"))
        self.cancel_export_action.setText(tr_amzdesk(rules.CANCEL_EXPORT_LABEL))
