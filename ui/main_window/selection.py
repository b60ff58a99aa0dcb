"""The selected order: which one it is, reading it from the store, showing it in the detail
panel, moving the selection (by key, to the next order needing action, Ctrl+L) and the list's
context menu.

:class:`OrderSelection` knows the window only through :class:`SelectionHost`.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QModelIndex, QObject
from PySide6.QtWidgets import QMenu

from ui import lazy_import
from ui.main_window import order_list
from ui.main_window.detail_panel import date_of
from ui.orders.model import KEY_ROLE
from ui.orders.rows import F_NEEDS_ACTION

if TYPE_CHECKING:
    from PySide6.QtCore import QDate, QPoint
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QLabel, QTableView, QWidget

    from amzdesk.carriers import Carrier
    from amzdesk.models import Order
    from amzdesk.rules import Action
    from amzdesk.services import Services
    from amzdesk.worklist import View
    from ui import backend
    from ui.main_window.banner import Banner
    from ui.main_window.detail_panel import DetailPanel
    from ui.main_window.order_actions import OrderActions
    from ui.orders.model import OrderTableModel
    from ui.orders.proxy import OrderProxyModel
    from ui.tasks import TaskRunner
else:
    backend = lazy_import("ui.backend")


class SelectionHost(Protocol):
    """What the selection uses of the window."""

    services: Services | None
    model: OrderTableModel
    proxy: OrderProxyModel
    status_label: QLabel
    order_ops: OrderActions

    @property
    def runner(self) -> TaskRunner: ...

    @property
    def table(self) -> QTableView: ...

    @property
    def banner(self) -> Banner: ...

    @property
    def panel(self) -> DetailPanel: ...

    @property
    def order_actions(self) -> dict[Action, QAction]: ...

    @property
    def record_return_action(self) -> QAction: ...

    @property
    def cancel_export_action(self) -> QAction: ...

    def built_panel(self) -> DetailPanel | None: ...

    def window(self) -> QWidget: ...

    def set_view(self, view: View | str) -> None: ...


class OrderSelection(QObject):
    """The current order of the window ``host``: its key, and the order once it is read."""

    def __init__(self, host: SelectionHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("orderSelection")
        self._host = host
        self.key: str | None = None
        self.order: Order | None = None  # the selected order read from the store

    # ------------------------------------------------------------------------------------------
    # moving the selection
    # ------------------------------------------------------------------------------------------
    def restore_selection(self) -> None:
        """After the rows were swapped: the same order stays selected (if still shown)."""
        if self.key is not None:
            order_list.select_row(self._host.table, self._host.proxy, self.key, scroll=False)

    def select_key(self, key: str, *, reveal: bool = True) -> bool:
        """Select the order ``key``; with ``reveal``, an order the current view hides is shown
        by switching to the すべて view (the search and the channel filter stay)."""
        host = self._host
        if host.proxy.proxy_row_of_key(key) < 0 and reveal and host.model.row_of_key(key) >= 0:
            from amzdesk.worklist import View

            host.set_view(View.ALL)
        return order_list.select_row(host.table, host.proxy, key, scroll=True)

    def ensure_current_visible(self) -> None:
        proxy = self._host.proxy
        if self.key is not None and proxy.proxy_row_of_key(self.key) >= 0:
            row = proxy.proxy_row_of_key(self.key)
            self._host.table.scrollTo(proxy.index(row, 0))

    def focus_list(self) -> None:
        """Move the keyboard focus to the order list (Ctrl+L); with nothing selected yet, the
        first (most urgent) order is selected, so Down goes to the second."""
        proxy = self._host.proxy
        self._host.table.setFocus()
        if (self.key is None or proxy.proxy_row_of_key(self.key) < 0) and proxy.rowCount() > 0:
            key = proxy.key_at(0)
            if key is not None:
                self.select_key(key, reveal=False)

    def select_next_needing_action(self, after: str | None = None) -> str | None:
        """Select the next visible order (after ``after``) that needs action; returns its key."""
        proxy = self._host.proxy
        start = proxy.proxy_row_of_key(after) if after else -1
        n = proxy.rowCount()
        for step in range(1, n + 1):
            r = (start + step) % n if n else 0
            row = proxy.row_tuple_at(r)
            if row is None:
                continue
            key = row.key
            if key == after or self._host.order_ops.is_sending(key):
                continue
            if row.flags & F_NEEDS_ACTION:
                self.select_key(key, reveal=False)
                return key
        return None

    def on_context_menu(self, pos: QPoint) -> None:
        host = self._host
        table = host.table
        index = table.indexAt(pos)
        if not index.isValid():
            return
        key = index.data(KEY_ROLE)
        if key != self.key:
            self.select_key(key)
        menu = QMenu(host.window())
        menu.setObjectName("orderContextMenu")
        menu.setToolTipsVisible(True)
        for qa in host.order_actions.values():
            menu.addAction(qa)
        menu.addAction(host.record_return_action)
        menu.addAction(host.cancel_export_action)
        menu.popup(table.viewport().mapToGlobal(pos))

    # ------------------------------------------------------------------------------------------
    # the selected order
    # ------------------------------------------------------------------------------------------
    def on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        key = current.data(KEY_ROLE) if current.isValid() else None
        if key == self.key:
            return
        host = self._host
        self.key = key
        self.order = None
        host.order_ops.selection_changed()
        host.status_label.clear()  # a message about the previous order would be stale
        panel = host.built_panel()
        if panel is not None:  # else it starts empty
            panel.customer_label.hide()
            panel.customer_label.clear()
            panel.tracking_entry.clear()
        self.show_order_details()
        if key is None or host.services is None:
            return
        services = host.services
        host.runner.submit(
            lambda ctx: backend.fetch_order(services, key),
            name="order",
            quick=True,  # never behind sends waiting for a usage-plan token
            on_result=functools.partial(self._on_order_loaded, key),
            on_error=self._show_error,
        )

    def _show_error(self, exc: BaseException) -> None:
        self._host.banner.show_message(backend.user_message(exc), "error")

    def _on_order_loaded(self, key: str, order: Order | None) -> None:
        if key != self.key:
            return
        self.order = order
        panel = self._host.built_panel()
        if order is not None and panel is not None:
            # the carrier preview shows only what applies to this kind of order
            panel.carrier_picker.set_channel(order.channel.value)
            panel.tracking_entry.set_channel(order.channel.value)
        self.show_order_details()
        self._host.order_ops.order_loaded(key)

    def show_updated_order(self, order: Order) -> None:
        """The selected order as a send left it."""
        if order.key == self.key:
            self.order = order
            self.show_order_details()

    def show_order_details(self) -> None:
        """The selected order in the detail panel (once the panel is built)."""
        host = self._host
        panel = host.built_panel()
        if panel is None:
            return  # shown when the panel is built
        row = host.model.row_by_key(self.key) if self.key is not None else None
        if row is None:
            panel.show_no_order()
            host.order_ops.apply_verdicts({})
            return
        order = self.order if self.order is not None and self.order.key == row.key else None
        services = host.services
        store = getattr(services, "store", None)
        panel.show_row(
            row,
            host.model,
            order,
            services.clock if services is not None else None,
            getattr(store, "waits", None),  # the owner's waits (settings)
        )
        if order is None:  # being read: show nothing that belongs to another order
            panel.hide_order_parts()
        else:
            panel.setup_inputs(order, services.clock if services is not None else None)
            panel.show_shipped(order)
        host.order_ops.refresh_verdicts()

    # ------------------------------------------------------------------------------------------
    # the panel's inputs
    # ------------------------------------------------------------------------------------------
    def on_carrier_changed(self, carrier: Carrier | None) -> None:
        panel = self._host.panel
        panel.tracking_entry.set_carrier(carrier)
        order = self.order
        if order is None or panel.mode(order) == "work":
            panel.kept_carrier = carrier  # the scanner flow keeps it for the next order
        self._host.order_ops.refresh_verdicts()

    def on_ship_date_changed(self, qdate: QDate) -> None:
        panel = self._host.panel
        if self.order is not None and panel.panel_key == self.order.key:
            panel.ship_date_chosen = date_of(qdate)


__all__ = ["OrderSelection", "SelectionHost"]
