"""The filter bar over the order list and the session summary in the status bar.

The views (要対応 / 今日が期限 / 期限切れ / 反映待ち / すべて) with their counts, the channel
filter, the search field and the shown / total count; the summary says how many orders were
confirmed today, how many are left and how many are overdue.  Part of the first frame: nothing
here builds Qt's ``Qt`` namespace or imports ``amzdesk.rules``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QTabBar, QWidget

from ui.orders.model import OrderTableModel
from ui.orders.proxy import OrderProxyModel
from ui.orders.rows import FilterState

if TYPE_CHECKING:
    from amzdesk.worklist import View


class ViewFilters(QObject):
    """The filter bar's widgets (in ``bar``) and what they do to the proxy ``proxy``."""

    def __init__(
        self,
        parent: QWidget,
        bar: QHBoxLayout,
        model: OrderTableModel,
        proxy: OrderProxyModel,
        *,
        confirmed_today: Callable[[], int],
        filtered: Callable[[], None],
    ) -> None:
        """``confirmed_today`` counts the confirmations of today (for the summary);
        ``filtered`` runs after the user changed a filter (the window keeps the selection in
        view)."""
        super().__init__(parent)
        self.setObjectName("viewFilters")
        self._model = model
        self._proxy = proxy
        self._confirmed_today = confirmed_today
        self._filtered = filtered
        # the views with their counts
        self.view_tabs = QTabBar(parent)
        self.view_tabs.setObjectName("viewTabs")
        self.view_tabs.setDrawBase(False)
        self.view_tabs.setExpanding(False)
        for _ in range(5):
            self.view_tabs.addTab("")
        self._view_counts: dict[Any, int] = {}
        self.channel_filter = QComboBox(parent)
        self.channel_filter.setObjectName("channelFilter")
        self.search_field = QLineEdit(parent)
        self.search_field.setObjectName("searchField")
        self.search_field.setClearButtonEnabled(True)
        self.count_label = QLabel(parent)
        self.count_label.setObjectName("countLabel")
        self.channel_label = QLabel(parent)
        self.channel_label.setBuddy(self.channel_filter)
        bar.addWidget(self.view_tabs)
        bar.addStretch(0)
        bar.addWidget(self.channel_label)
        bar.addWidget(self.channel_filter)
        bar.addWidget(self.search_field, 1)
        bar.addWidget(self.count_label)
        for _ in range(4):
            self.channel_filter.addItem("")
        # in the status bar (the window places it)
        self.session_summary = QLabel(parent)
        self.session_summary.setObjectName("sessionSummary")

    def wire(self) -> None:
        """Follow the user's choices (after :meth:`restore`, which sets them silently)."""
        self.channel_filter.currentIndexChanged.connect(self._on_filter_changed)
        self.view_tabs.currentChanged.connect(self._on_filter_changed)
        self.search_field.textChanged.connect(self._on_search_text)

    def restore(self, saved: dict[str, Any] | None) -> None:
        """The filters saved in the settings (``Settings.filters``), without signals."""
        from amzdesk.worklist import View
        from ui.orders.rows import CHANNEL_FILTERS

        fs = FilterState.from_dict(saved)
        widgets = (self.channel_filter, self.view_tabs, self.search_field)
        for w in widgets:
            w.blockSignals(True)
        self.channel_filter.setCurrentIndex(CHANNEL_FILTERS.index(fs.channel))
        self.view_tabs.setCurrentIndex(list(View).index(View(fs.view)))
        self.search_field.setText(fs.text)
        for w in widgets:
            w.blockSignals(False)
        self._proxy.set_filter(fs)

    def retranslate(self) -> None:
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
        self.update_view_tabs()
        self.search_field.setPlaceholderText(
            self.tr("検索: 注文番号・SKU・商品名・追跡番号（Ctrl+F）")
        )
        self.search_field.setAccessibleName(self.tr("注文を検索"))
        self.count_label.setAccessibleName(self.tr("表示件数"))
        self.update_count()

    def _on_filter_changed(self, *_args: Any) -> None:
        from amzdesk.worklist import View
        from ui.orders.rows import CHANNEL_FILTERS

        fs = self._proxy.filter_state
        channel_changed = fs.channel != CHANNEL_FILTERS[max(0, self.channel_filter.currentIndex())]
        fs.channel = CHANNEL_FILTERS[max(0, self.channel_filter.currentIndex())]
        fs.view = list(View)[max(0, self.view_tabs.currentIndex())].value
        self._proxy.set_filter(fs)
        if channel_changed:
            self.update_view_tabs()
        self._filtered()

    def _on_search_text(self, text: str) -> None:
        self._proxy.set_text(text)
        self._filtered()

    def set_view(self, view: View | str) -> None:
        """Show the view ``view`` (an :class:`amzdesk.worklist.View` or its value)."""
        from amzdesk.worklist import View

        self.view_tabs.setCurrentIndex(list(View).index(View(view)))

    def current_view(self) -> View:
        from amzdesk.worklist import View

        return View(self._proxy.filter_state.view)

    def view_counts(self) -> dict[Any, int]:
        return dict(self._view_counts)

    def update_view_tabs(self) -> None:
        """The tab titles with their counts, and the session summary in the status bar."""
        from amzdesk.worklist import View

        counts = self._proxy.view_counts() if self._model.rowCount() else {}
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
            self.tr("今日の出荷通知 {0} 件・残り {1} 件・期限切れ {2} 件").format(
                self._confirmed_today(), counts.get(View.NEEDS_ACTION, 0), overdue
            )
        )
        self.session_summary.setStyleSheet("color: #b71c1c;" if overdue else "")

    def update_count(self) -> None:
        total = self._model.rowCount()
        shown = self._proxy.rowCount()
        if total == shown:
            self.count_label.setText(self.tr("{0} 件").format(total))
        else:
            self.count_label.setText(self.tr("{0} / {1} 件").format(shown, total))
