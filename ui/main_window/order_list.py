"""The order list's table: built empty for the first frame, its order model attached right
after, and selecting a row by order key.  Stateless functions over the table."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ui.orders.columns import C_DEADLINE, C_STATE, DEFAULT_WIDTHS, NCOLS
from ui.orders.delegates import BadgeDelegate, DeadlineDelegate
from ui.orders.proxy import OrderProxyModel

ROW_HEIGHT = 26


def build_table(parent: QWidget, header_labels: list[str]) -> QTableView:
    """The list as the first frame shows it: the column titles over an empty C++ model, whose
    painting calls no Python (:func:`attach_model` puts the order model under it).  Nothing
    here uses Qt's ``Qt`` namespace (built on first use, which the first frame does not need).
    """
    table = QTableView(parent)
    table.setObjectName("orderTable")
    first_frame_model = QStandardItemModel(0, NCOLS, table)
    first_frame_model.setObjectName("firstFrameModel")
    first_frame_model.setHorizontalHeaderLabels(header_labels)
    table.setModel(first_frame_model)
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
    # parented to the table, which owns them
    table.setItemDelegateForColumn(C_STATE, BadgeDelegate(table))
    table.setItemDelegateForColumn(C_DEADLINE, DeadlineDelegate(table))
    return table


def attach_model(
    table: QTableView,
    proxy: OrderProxyModel,
    initial_sort: tuple[int, bool] | None,
    *,
    header_restored: bool,
) -> None:
    """Put ``proxy`` under the list, keeping the header's layout, sorted by ``initial_sort``
    (column, descending), else as the restored header says, else by the deadline."""
    from PySide6.QtCore import Qt

    hh = table.horizontalHeader()
    layout = hh.saveState()  # widths and order (restored from the settings, or defaults)
    first_frame_model = table.model()
    table.setModel(proxy)
    hh.restoreState(layout)
    first_frame_model.deleteLater()
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    if initial_sort is not None:
        column, descending = initial_sort
    elif header_restored:
        column, descending = (
            hh.sortIndicatorSection(),
            (hh.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder),
        )
    else:
        column, descending = C_DEADLINE, False
    order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
    hh.setSortIndicator(column, order)
    table.setSortingEnabled(True)


def select_row(table: QTableView, proxy: OrderProxyModel, key: str, *, scroll: bool) -> bool:
    """Make the order ``key`` the current row (if the proxy shows it); ``scroll`` to it."""
    row = proxy.proxy_row_of_key(key)
    if row < 0:
        return False
    index = proxy.index(row, 0)
    table.selectionModel().setCurrentIndex(
        index,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    if scroll:
        table.scrollTo(index)
    return True
