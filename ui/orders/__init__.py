"""The order list: pure rows and columns, and the Qt model, proxy and delegates that show them.

* :mod:`ui.orders.rows` – list rows (:class:`~ui.orders.rows.Row`, a NamedTuple) built from the
  store off the GUI thread, their flags, the filter state and predicate.  No Qt (import contract).
* :mod:`ui.orders.columns` – the one declarative column table: every column's key, header,
  alignment, width, text, tooltip, icon and sort key.  No Qt either.
* :mod:`ui.orders.model` – :class:`~ui.orders.model.OrderTableModel` (the rows as a Qt table,
  item roles, the translated labels).
* :mod:`ui.orders.proxy` – :class:`~ui.orders.proxy.OrderProxyModel` (sort and filter for
  100,000 rows).
* :mod:`ui.orders.delegates` – the state badge and the deadline cell.

This package file imports nothing, so that the pure modules load without Qt.
"""
