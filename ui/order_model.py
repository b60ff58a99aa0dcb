"""The order list: a table model over compact row tuples, a fast sort/filter proxy, delegates.

Designed for 100,000 orders:

* :func:`build_rows` turns orders into flat tuples once, off the GUI thread, with everything the
  view and the filters need precomputed (display texts, sort keys, flags, lowercase search text).
  Every decision in it (combined state, needs-action, deadline) comes from :mod:`amzdesk.states`.
* :class:`OrderTableModel` serves those tuples; ``data()`` is a couple of index look-ups.
* :class:`OrderProxyModel` is a sort/filter proxy that computes the visible row list in one pass
  over precomputed columns (incrementally while the user types) and keeps sorted permutations
  per column, emitting ``layoutChanged`` with persistent indexes (the selection) carried over.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import IntEnum
from itertools import compress, repeat
from operator import contains
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore
from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import QStyledItemDelegate, QWidget

from amzdesk import worklist
from amzdesk.clock import JST
from amzdesk.worklist import (
    F_DEADLINE,
    F_DUE_TODAY,
    F_DUE_TOMORROW,
    F_FBA,
    F_NEEDS_ACTION,
    F_OVERDUE,
    F_PENDING,
    F_SENT,
    F_SHOP,
    View,
)
from ui import icons, lazy_import

_carriers = lazy_import("amzdesk.carriers")  # one Japanese name per carrier (after first paint)

if TYPE_CHECKING:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QStyleOptionViewItem

    from amzdesk import states
    from amzdesk.carriers import CarrierTable
    from amzdesk.models import AmazonSide, AmazonStatus, Channel, DeliveryStatus, LocalNotes, Order
    from amzdesk.store import OrderRow, Store

# Start-up: the window's first frame shows this module's models empty, before any row exists.
# What only rows need is bound on first use: the domain modules (``_import_core``) and Qt's
# ``Qt`` namespace (``QtCore.Qt``: PySide builds some ninety Python enums on its first use).


def _import_core() -> None:
    """Bind the amzdesk names the row functions use (once; cheap afterwards)."""
    global states, AmazonSide, AmazonStatus, Channel, DeliveryStatus, LocalNotes, Order  # noqa: PLW0603
    global _RETURN_STATES  # noqa: PLW0603
    if _RETURN_STATES:
        return
    from amzdesk import states
    from amzdesk.models import AmazonSide, AmazonStatus, Channel, DeliveryStatus, LocalNotes, Order

    _RETURN_STATES = frozenset(
        {states.CombinedState.RETURN_PENDING.value, states.CombinedState.RETURNED.value}
    )


_Index = QModelIndex | QPersistentModelIndex

# --- row layout -------------------------------------------------------------------------------


class Col(IntEnum):
    """The columns of the order list, in their default order."""

    CHANNEL = 0
    DISPLAY_NO = 1
    AMAZON_ID = 2
    ORDER_DATE = 3
    DEADLINE = 4
    DELIVERY = 5
    PAYMENT = 6
    AMAZON_STATUS = 7
    CARRIER = 8
    TRACKING = 9
    STATE = 10


NCOLS = len(Col)
# plain ints for the paint path (enum attribute look-ups are slow there)
C_CHANNEL = int(Col.CHANNEL)
C_DEADLINE = int(Col.DEADLINE)
C_STATE = int(Col.STATE)

COLUMN_IDS = (
    "channel",
    "display_no",
    "amazon_id",
    "order_date",
    "deadline",
    "delivery",
    "payment",
    "amazon_status",
    "carrier",
    "tracking",
    "state",
)

# Positions inside a row tuple.
R_KEY = 0
R_CHANNEL = 1  # Channel value ("shop", "amazon-mfn", "amazon-fba")
R_DISPLAY_NO = 2
R_AMAZON_ID = 3
R_ORDER_DATE = 4  # epoch seconds (float) or nan
R_SHIP_BY = 5  # epoch seconds (float) or nan
R_DELIVERY = 6  # DeliveryStatus value or ""
R_PAYMENT = 7  # makeshop paymentStatusCode or ""
R_AMAZON_STATUS = 8  # AmazonStatus value or ""
R_CARRIER = 9
R_TRACKING = 10
R_STATE = 11  # CombinedState value
R_FLAGS = 12
R_SEARCH = 13  # NFKC + casefold: order numbers, SKUs, product names, tracking numbers
R_TITLES = 14  # product names, for the detail panel
ROW_WIDTH = 15

# Flags (bit mask in R_FLAGS): amzdesk.worklist (F_NEEDS_ACTION, F_OVERDUE, ...).

Row = tuple[Any, ...]

# Qt.ItemDataRole values as plain ints: data() compares ints (tests check they match Qt's).
DISPLAY_ROLE = 0
DECORATION_ROLE = 1
TOOLTIP_ROLE = 3
BACKGROUND_ROLE = 8
FOREGROUND_ROLE = 9
ACCESSIBLE_TEXT_ROLE = 11
USER_ROLE = 0x0100

# Custom roles.
KEY_ROLE = USER_ROLE + 1
FLAGS_ROLE = USER_ROLE + 2
TONE_ROLE = USER_ROLE + 3  # "danger" | "warn" | "action" | "muted" | "ok"
SORT_ROLE = USER_ROLE + 4
ROW_ROLE = USER_ROLE + 5

_NAN = math.nan
_EPOCH0 = datetime(1970, 1, 1, tzinfo=UTC)
_RETURN_STATES: frozenset[str] = frozenset()  # set by _import_core()


def _row_deadline(r: OrderRow, now: datetime) -> states.Deadline:
    """``amzdesk.states.deadline`` for a store row, without decoding the whole order.

    Rows that cannot have a deadline (not merchant-fulfilled, no ship-by date, no Amazon side,
    Amazon no longer waiting for shipment) are NONE there too; for the others a minimal order
    with the same channel, Amazon status, ship-by date and return state goes to
    ``states.deadline``.
    """
    if r.channel != Channel.AMAZON_MFN.value or r.ship_by is None or not r.amazon_status:
        return states.Deadline.NONE
    try:
        status = AmazonStatus(r.amazon_status)
    except ValueError:
        return states.Deadline.NONE
    if not status.needs_shipping:
        return states.Deadline.NONE
    order = Order(
        key=r.key,
        channel=Channel.AMAZON_MFN,
        amazon=AmazonSide(
            order_id=r.amazon_order_id,
            created=_EPOCH0,
            last_updated=_EPOCH0,
            status=status,
            fulfilled_by="MERCHANT",
            ship_by_latest=datetime.fromtimestamp(r.ship_by, UTC),
        ),
        notes=LocalNotes(return_done_in_seller_central=r.combined_state in _RETURN_STATES),
    )
    return states.deadline(order, now)


def row_from_store(r: OrderRow, now: datetime, carrier_names: dict[str, str]) -> Row:
    """One compact list row from the store's row (runs in a worker thread: no Qt here).

    Call :func:`rows_from_store` (or ``_import_core()`` once) first."""
    flags = F_NEEDS_ACTION if r.needs_action else 0
    if r.combined_state:
        flags |= worklist.state_flags(r.combined_state)
    dl = _row_deadline(r, now)
    if flags & F_SENT:
        pass  # a confirmation was sent: no longer overdue or due (Amazon shows it soon)
    elif dl is states.Deadline.OVERDUE:
        flags |= F_OVERDUE
    elif dl is states.Deadline.DUE_TODAY:
        flags |= F_DUE_TODAY
    elif dl is states.Deadline.LATER and worklist.due_tomorrow(r.ship_by, now):
        flags |= F_DUE_TOMORROW
    if dl is not states.Deadline.NONE:
        flags |= F_DEADLINE
    if r.channel == Channel.AMAZON_FBA.value:
        flags |= F_FBA
    elif r.channel == Channel.SHOP.value:
        flags |= F_SHOP
    carrier = r.carrier or ""
    carrier = carrier_names.get(carrier, carrier)
    return (
        r.key,
        r.channel,
        r.display_order_number or "",
        r.amazon_order_id or "",
        float(r.order_date) if r.order_date is not None else _NAN,
        float(r.ship_by) if r.ship_by is not None else _NAN,
        r.delivery_status or "",
        r.payment_status or "",
        r.amazon_status or "",
        carrier,
        r.tracking_number or "",
        r.combined_state or "",
        flags,
        worklist.search_text((r.search_text or "").replace("\x00", ""), normalized=True),
        r.item_titles or "",
    )


def rows_from_store(
    store_rows: Iterable[OrderRow], now: datetime, carrier_names: dict[str, str] | None = None
) -> list[Row]:
    """List rows for the store's rows (call it in a background task)."""
    _import_core()
    names = carrier_names or {}
    return [row_from_store(r, now, names) for r in store_rows]


def load_rows(
    store: Store,
    now: datetime,
    carrier_names: dict[str, str] | None = None,
    keys: Iterable[str] | None = None,
) -> list[Row]:
    """Read the store's fast list rows and turn them into list rows (background task)."""
    return rows_from_store(store.fetch_rows(keys), now, carrier_names)


def carrier_names_of(table: CarrierTable) -> dict[str, str]:
    """makeshop carrier code -> name, for the carrier column."""
    return {c.code: c.name for c in table.all() if c.code}


_date_cache: dict[float, str] = {}


def jst_text(epoch: float) -> str:
    """``YYYY-MM-DD HH:MM`` in JST for an epoch (cached: the paint path calls this)."""
    if math.isnan(epoch):
        return ""
    text = _date_cache.get(epoch)
    if text is None:
        if len(_date_cache) > 50000:
            _date_cache.clear()
        text = datetime.fromtimestamp(epoch, JST).strftime("%Y-%m-%d %H:%M")
        _date_cache[epoch] = text
    return text


# --- labels -----------------------------------------------------------------------------------


def _tr_amzdesk(text: str) -> str:
    """Japanese texts that come from amzdesk/ (labels, reasons) go through the "amzdesk"
    translation context, so the English translation can cover them too."""
    from ui.i18n import tr_core

    return tr_core(text)


@dataclass
class Labels:
    """Display labels (translated once per language, looked up per cell)."""

    headers: list[str] = field(default_factory=list)
    channel: dict[str, str] = field(default_factory=dict)
    delivery: dict[str, str] = field(default_factory=dict)
    payment: dict[str, str] = field(default_factory=dict)
    amazon_status: dict[str, str] = field(default_factory=dict)
    amazon_status_unknown: str = ""
    state: dict[str, str] = field(default_factory=dict)
    state_tip: dict[str, str] = field(default_factory=dict)
    overdue: str = ""
    due_today: str = ""
    due_tomorrow: str = ""
    sent: str = ""
    fba_badge: str = ""

    @classmethod
    def current(cls) -> Labels:
        from amzdesk import assumptions

        _import_core()
        lab = cls()
        lab.headers = header_labels()
        lab.channel = {
            Channel.SHOP.value: QCoreApplication.translate("OrderModel", "自社"),
            Channel.AMAZON_MFN.value: QCoreApplication.translate("OrderModel", "Amazon 出品者出荷"),
            Channel.AMAZON_FBA.value: QCoreApplication.translate("OrderModel", "Amazon FBA"),
        }
        lab.delivery = {
            DeliveryStatus.UNPROCESSED.value: QCoreApplication.translate("OrderModel", "未処理"),
            DeliveryStatus.SHIPPED.value: QCoreApplication.translate("OrderModel", "配送完了"),
            DeliveryStatus.CANCELLED.value: QCoreApplication.translate("OrderModel", "キャンセル"),
            DeliveryStatus.RETURNED.value: QCoreApplication.translate("OrderModel", "返送"),
        }
        # paymentStatusCode (4 digits) through the one table in amzdesk.assumptions; a code not
        # in it is shown as it is
        kinds = {
            assumptions.PAYMENT_PAID: QCoreApplication.translate("OrderModel", "入金済み"),
            assumptions.PAYMENT_AUTHORIZED: QCoreApplication.translate("OrderModel", "仮売上"),
            assumptions.PAYMENT_CANCELLED: QCoreApplication.translate("OrderModel", "キャンセル"),
            assumptions.PAYMENT_LINK_FAILED: QCoreApplication.translate("OrderModel", "連携失敗"),
        }
        lab.payment = {
            code: kinds[kind]
            for code, (kind, _reading) in assumptions.MAKESHOP_PAYMENT_STATUS_CODES.items()
        }
        lab.amazon_status = {
            AmazonStatus.PENDING_AVAILABILITY.value: QCoreApplication.translate(
                "OrderModel", "予約注文"
            ),
            AmazonStatus.PENDING.value: QCoreApplication.translate("OrderModel", "保留中"),
            AmazonStatus.UNSHIPPED.value: QCoreApplication.translate("OrderModel", "未出荷"),
            AmazonStatus.PARTIALLY_SHIPPED.value: QCoreApplication.translate(
                "OrderModel", "一部出荷済み"
            ),
            AmazonStatus.SHIPPED.value: QCoreApplication.translate("OrderModel", "出荷済み"),
            AmazonStatus.CANCELLED.value: QCoreApplication.translate("OrderModel", "キャンセル"),
            AmazonStatus.UNFULFILLABLE.value: QCoreApplication.translate("OrderModel", "出荷不可"),
        }
        lab.amazon_status_unknown = QCoreApplication.translate("OrderModel", "不明")
        lab.state = {s.value: _tr_amzdesk(s.label) for s in states.CombinedState}
        lab.state_tip = {s.value: _tr_amzdesk(s.description) for s in states.CombinedState}
        lab.overdue = QCoreApplication.translate("OrderModel", "期限切れ")
        lab.due_today = QCoreApplication.translate("OrderModel", "今日が期限")
        lab.due_tomorrow = QCoreApplication.translate("OrderModel", "明日が期限")
        lab.sent = QCoreApplication.translate("OrderModel", "出荷通知済み")
        lab.fba_badge = QCoreApplication.translate("OrderModel", "Amazon が出荷")
        return lab


def header_labels() -> list[str]:
    """The column titles in the current language."""
    return [
        QCoreApplication.translate("OrderModel", "チャネル"),
        QCoreApplication.translate("OrderModel", "makeshop 注文番号"),
        QCoreApplication.translate("OrderModel", "Amazon 注文番号"),
        QCoreApplication.translate("OrderModel", "注文日時"),
        QCoreApplication.translate("OrderModel", "期限"),
        QCoreApplication.translate("OrderModel", "処理区分"),
        QCoreApplication.translate("OrderModel", "決済ステータス"),
        QCoreApplication.translate("OrderModel", "Amazon ステータス"),
        QCoreApplication.translate("OrderModel", "配送業者"),
        QCoreApplication.translate("OrderModel", "追跡番号"),
        QCoreApplication.translate("OrderModel", "状態"),
    ]


def tone_of(flags: int) -> str:
    """How a row stands out: overdue > due today > needs action > waiting > FBA > fine."""
    if flags & F_OVERDUE:
        return "danger"
    if flags & F_DUE_TODAY:
        return "warn"
    if flags & F_NEEDS_ACTION:
        return "action"
    if flags & F_PENDING:
        return "pending"
    if flags & F_FBA:
        return "muted"
    return "ok"


TONE_COLORS: dict[str, tuple[str, str, str]] = {
    # tone: (row background, badge fill, badge text)
    "danger": ("#fdecea", "#c62828", "#ffffff"),
    "warn": ("#fff4e0", "#e65100", "#ffffff"),
    "action": ("", "#fff3e0", "#8a3b00"),
    "pending": ("", "#e3f2fd", "#0d47a1"),
    "muted": ("", "#eceff1", "#455a64"),
    "ok": ("", "#e8f5e9", "#1b5e20"),
}
FLASH_COLOR = "#c8e6c9"  # a row that just changed (a confirmation), before it settles
TOMORROW_COLOR = "#fffde7"
FBA_TEXT = "#78909c"


# --- the table model --------------------------------------------------------------------------


class OrderTableModel(QAbstractTableModel):
    """All stored orders as rows (one per order); read-only.

    ``data()`` is on the paint path of every visible cell, so it dispatches on the role through
    a dict and per column through a list of small functions prepared once per language.
    """

    rowsReplaced = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._search: list[str] = []
        self._key_index: dict[str, int] = {}
        self._perms: dict[int, list[int]] = {}
        self.last_changed: list[int] = []  # source rows of the latest dataChanged
        self._headers = header_labels()
        # Labels, brushes and the per-role functions are prepared with the first rows (the
        # window's first frame shows the model empty): data() finds no role handler until then.
        self._labels: Labels | None = None
        self._roles: dict[int, Callable[[Row, int], Any]] = {}
        self._display: list[Callable[[Row], str]] = []
        self._flash: set[str] = set()  # keys of rows that just changed (highlighted briefly)

    def _ensure_prepared(self) -> Labels:
        lab = self._labels
        if lab is None:
            lab = self._labels = Labels.current()
            self._prepare()
        return lab

    def _prepare(self) -> None:
        self._brushes: dict[str, QBrush] = {
            tone: QBrush(QColor(bg)) for tone, (bg, _f, _t) in TONE_COLORS.items() if bg
        }
        self._fba_brush = QBrush(QColor(FBA_TEXT))
        self._flash_brush = QBrush(QColor(FLASH_COLOR))
        self._tomorrow_brush = QBrush(QColor(TOMORROW_COLOR))
        self._danger_brush = QBrush(QColor("#b71c1c"))
        self._warn_brush = QBrush(QColor("#a84300"))
        lab = self._ensure_prepared()
        ch, dl, pay, ams, st = lab.channel, lab.delivery, lab.payment, lab.amazon_status, lab.state
        overdue, today, fba = lab.overdue, lab.due_today, lab.fba_badge
        tomorrow, sent = lab.due_tomorrow, lab.sent

        def deadline_text(row: Row) -> str:
            f = row[R_FLAGS]
            if f & F_OVERDUE:
                return f"{jst_text(row[R_SHIP_BY])}  {overdue}"
            if f & F_DUE_TODAY:
                return f"{jst_text(row[R_SHIP_BY])}  {today}"
            if f & F_DUE_TOMORROW:
                return f"{jst_text(row[R_SHIP_BY])}  {tomorrow}"
            if f & F_SENT and not math.isnan(row[R_SHIP_BY]):
                return sent
            return jst_text(row[R_SHIP_BY])

        unknown = lab.amazon_status_unknown

        def amazon_status_text(row: Row) -> str:
            # A status newer than this release shows as 不明 with Amazon's raw value.
            raw = row[R_AMAZON_STATUS]
            return ams.get(raw) or (f"{unknown}（{raw}）" if raw else "")

        def state_text(row: Row) -> str:
            # An FBA order reads as "Amazon handles this" unless its state says otherwise
            # (e.g. cancelled, or an unknown outcome).
            if row[R_FLAGS] & F_FBA and row[R_STATE] == "fba":
                return fba
            return st.get(row[R_STATE], row[R_STATE])

        self._display = [
            lambda row: ch.get(row[R_CHANNEL], row[R_CHANNEL]),
            lambda row: row[R_DISPLAY_NO],
            lambda row: row[R_AMAZON_ID],
            lambda row: jst_text(row[R_ORDER_DATE]),
            deadline_text,
            lambda row: dl.get(row[R_DELIVERY], row[R_DELIVERY]),
            lambda row: pay.get(row[R_PAYMENT], row[R_PAYMENT]),
            amazon_status_text,
            lambda row: _carriers.display_name(row[R_CARRIER]) if row[R_CARRIER] else "",
            lambda row: row[R_TRACKING],
            state_text,
        ]
        self._roles = {
            DISPLAY_ROLE: self._role_display,
            ACCESSIBLE_TEXT_ROLE: self._role_display,
            FOREGROUND_ROLE: self._role_foreground,
            BACKGROUND_ROLE: self._role_background,
            DECORATION_ROLE: self._role_decoration,
            TOOLTIP_ROLE: self._role_tooltip,
            KEY_ROLE: lambda row, c: row[R_KEY],
            FLAGS_ROLE: lambda row, c: row[R_FLAGS],
            TONE_ROLE: lambda row, c: tone_of(row[R_FLAGS]),
            SORT_ROLE: lambda row, c: sort_key_function(c, lab)(row),
            ROW_ROLE: lambda row, c: row,
        }

    # -- data swapping (GUI thread; rows were built in a worker) --------------------------------
    def set_rows(
        self,
        rows: list[Row],
        perms: dict[int, list[int]] | None = None,
        key_index: dict[str, int] | None = None,
    ) -> None:
        """Swap in new rows; ``perms`` (column -> ascending permutation, see
        :func:`sorted_permutations`) and ``key_index`` (:func:`key_index_of`) may come
        precomputed from the worker that built the rows."""
        self._ensure_prepared()
        self.beginResetModel()
        self._rows = rows
        self._search = [r[R_SEARCH] for r in rows]
        self._key_index = key_index if key_index is not None else key_index_of(rows)
        self._perms = dict(perms or {})
        self.endResetModel()
        self.rowsReplaced.emit()

    def take_permutations(self) -> dict[int, list[int]]:
        """The precomputed permutations handed over with the last ``set_rows`` (once)."""
        perms, self._perms = self._perms, {}
        return perms

    def update_rows(self, rows: Sequence[Row]) -> None:
        """Replace rows by key (new keys are appended)."""
        self._ensure_prepared()
        new: list[Row] = []
        changed: list[int] = []
        for row in rows:
            i = self._key_index.get(row[R_KEY])
            if i is None:
                new.append(row)
                continue
            self._rows[i] = row
            self._search[i] = row[R_SEARCH]
            changed.append(i)
        if changed:
            self.last_changed = changed
            self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), NCOLS - 1))
            self.last_changed = []
        if new:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            for row in new:
                self._key_index[row[R_KEY]] = len(self._rows)
                self._rows.append(row)
                self._search.append(row[R_SEARCH])
            self.endInsertRows()

    def retranslate(self) -> None:
        self._headers = header_labels()
        if self._labels is not None:
            self._labels = Labels.current()
            self._prepare()
        self.headerDataChanged.emit(QtCore.Qt.Orientation.Horizontal, 0, NCOLS - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, NCOLS - 1))

    # -- lookups -------------------------------------------------------------------------------
    @property
    def rows(self) -> list[Row]:
        return self._rows

    @property
    def search_texts(self) -> list[str]:
        return self._search

    @property
    def labels(self) -> Labels:
        return self._ensure_prepared()

    @property
    def header_labels(self) -> list[str]:
        """The column titles (without preparing the row labels)."""
        return list(self._headers)

    def row_of_key(self, key: str) -> int:
        return self._key_index.get(key, -1)

    def row_tuple(self, row: int) -> Row:
        return self._rows[row]

    def row_by_key(self, key: str) -> Row | None:
        i = self._key_index.get(key)
        return None if i is None else self._rows[i]

    # -- Qt model API --------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else NCOLS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY_ROLE
    ) -> Any:
        if orientation == QtCore.Qt.Orientation.Horizontal:
            if 0 <= section < NCOLS and role in _HEADER_ROLES:
                return self._headers[section]
            return None
        if role == DISPLAY_ROLE and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return _item_flags()[index.isValid()]

    def data(self, index: _Index, role: int = DISPLAY_ROLE) -> Any:
        return self.cell(index.row(), index.column(), role)

    def cell(self, r: int, c: int, role: int) -> Any:
        """``data()`` without a QModelIndex (the proxy calls this directly)."""
        handler = self._roles.get(role)
        if handler is None or r < 0 or c < 0 or c >= NCOLS:
            return None
        try:
            row = self._rows[r]
        except IndexError:
            return None
        return handler(row, c)

    def display_text(self, row: Row, c: int) -> str:
        self._ensure_prepared()
        return str(self._display[c](row))

    def _role_display(self, row: Row, c: int) -> str:
        return self._display[c](row)  # type: ignore[no-any-return]

    def _role_foreground(self, row: Row, c: int) -> Any:
        flags = row[R_FLAGS]
        if c == C_DEADLINE:
            if flags & F_OVERDUE:
                return self._danger_brush
            if flags & F_DUE_TODAY:
                return self._warn_brush
        if flags & F_FBA:
            return self._fba_brush
        return None

    def _role_background(self, row: Row, c: int) -> Any:
        if self._flash and row[R_KEY] in self._flash:
            return self._flash_brush
        flags = row[R_FLAGS]
        if flags & F_OVERDUE:
            return self._brushes["danger"]
        if flags & F_DUE_TODAY:
            return self._brushes["warn"]
        if flags & F_DUE_TOMORROW and c == C_DEADLINE:
            return self._tomorrow_brush
        return None

    # -- a row that just changed stands out, then settles ---------------------------------------
    def flash(self, key: str) -> None:
        """Highlight the row ``key`` (until :meth:`settle`)."""
        self._flash.add(key)
        self._emit_row_changed(key)

    def settle(self, key: str) -> None:
        if key in self._flash:
            self._flash.discard(key)
            self._emit_row_changed(key)

    def is_flashing(self, key: str) -> bool:
        return key in self._flash

    def _emit_row_changed(self, key: str) -> None:
        i = self._key_index.get(key)
        if i is not None:
            self.dataChanged.emit(self.index(i, 0), self.index(i, NCOLS - 1), [BACKGROUND_ROLE])

    def _role_decoration(self, row: Row, c: int) -> Any:
        flags = row[R_FLAGS]
        if c == C_DEADLINE:
            if flags & F_OVERDUE:
                return icons.icon("overdue")
            if flags & F_DUE_TODAY:
                return icons.icon("due-today")
            return None
        if c == C_CHANNEL and flags & F_FBA:
            return icons.icon("fba")
        if c == C_STATE:
            return icons.icon(state_icon_name(row))
        return None

    def _role_tooltip(self, row: Row, c: int) -> str | None:
        flags = row[R_FLAGS]
        if c == C_DEADLINE:
            if flags & F_OVERDUE:
                return QCoreApplication.translate(
                    "OrderModel", "出荷期限を過ぎています。すぐに出荷通知してください。"
                )
            if flags & F_DUE_TODAY:
                return QCoreApplication.translate("OrderModel", "今日が出荷期限です。")
            return None
        if c in (C_STATE, C_CHANNEL):
            return self._ensure_prepared().state_tip.get(row[R_STATE])
        return None


_HEADER_ROLES = frozenset({DISPLAY_ROLE, TOOLTIP_ROLE, ACCESSIBLE_TEXT_ROLE})
_FLAGS: list[Any] = []  # (no flags, enabled + selectable), made on first use


def _item_flags() -> list[Any]:
    if not _FLAGS:
        flag = QtCore.Qt.ItemFlag
        _FLAGS[:] = [flag.NoItemFlags, flag.ItemIsEnabled | flag.ItemIsSelectable]
    return _FLAGS


def state_icon_name(row: Row) -> str:
    flags = row[R_FLAGS]
    if flags & F_OVERDUE:
        return "overdue"
    if flags & F_DUE_TODAY:
        return "due-today"
    if flags & F_FBA:
        return "fba"
    state = row[R_STATE]
    if state in (
        states.CombinedState.OUTCOME_UNKNOWN.value,
        states.CombinedState.AMAZON_UNKNOWN.value,
        states.CombinedState.AMAZON_MISMATCH.value,
    ):
        return "warning"
    if state in (
        states.CombinedState.SYNC_PENDING.value,
        states.CombinedState.RETURN_PENDING.value,
        states.CombinedState.UPLOAD_PENDING.value,
        states.CombinedState.AMAZON_PENDING.value,
    ):
        return "pending"
    if flags & F_NEEDS_ACTION:
        return "action"
    if state in (states.CombinedState.CANCELLED.value, states.CombinedState.UNFULFILLABLE.value):
        return "error"
    return "ok"


# --- sorting keys -----------------------------------------------------------------------------

_INF = float("inf")


def _num_key(pos: int) -> Callable[[Row], float]:
    def key(row: Row) -> float:
        v = row[pos]
        return _INF if math.isnan(v) else float(v)  # nan (no date) sorts last

    return key


def sort_key_function(column: int, labels: Labels) -> Callable[[Row], Any]:
    """The sort key of a column (display order of labels, dates as numbers)."""
    if column == Col.ORDER_DATE:
        return _num_key(R_ORDER_DATE)
    if column == Col.DEADLINE:
        # Most urgent first (amzdesk.worklist.urgency_key): orders Amazon waits for by ship-by
        # date, shop orders needing action by order date, then the rest.
        urgency = worklist.urgency_key
        return lambda row: urgency(row[R_FLAGS], row[R_SHIP_BY], row[R_ORDER_DATE])
    label_maps: dict[int, tuple[int, dict[str, str]]] = {
        Col.CHANNEL: (R_CHANNEL, labels.channel),
        Col.DELIVERY: (R_DELIVERY, labels.delivery),
        Col.PAYMENT: (R_PAYMENT, labels.payment),
        Col.AMAZON_STATUS: (R_AMAZON_STATUS, labels.amazon_status),
        Col.STATE: (R_STATE, labels.state),
    }
    if column in label_maps:
        pos, m = label_maps[column]
        return lambda row: m.get(row[pos], row[pos])
    pos = {
        Col.DISPLAY_NO: R_DISPLAY_NO,
        Col.AMAZON_ID: R_AMAZON_ID,
        Col.CARRIER: R_CARRIER,
        Col.TRACKING: R_TRACKING,
    }[Col(column)]
    return lambda row: row[pos]


def sorted_permutation(rows: Sequence[Row], column: int, labels: Labels) -> list[int]:
    """Row numbers sorted ascending by ``column`` (stable; empty dates last)."""
    key = sort_key_function(column, labels)
    keys = [key(r) for r in rows]
    return sorted(range(len(rows)), key=keys.__getitem__)


def key_index_of(rows: Sequence[Row]) -> dict[str, int]:
    """Order key -> row number."""
    return {r[R_KEY]: i for i, r in enumerate(rows)}


def sorted_permutations(
    rows: Sequence[Row], labels: Labels, first: int | None = None
) -> dict[int, list[int]]:
    """Every column's ascending permutation (computed in the loading worker, so that a click on
    a column header costs only the filter pass)."""
    order = list(range(NCOLS))
    if first is not None and first in order:
        order.remove(first)
        order.insert(0, first)
    return {c: sorted_permutation(rows, c, labels) for c in order}


# --- the filter state -------------------------------------------------------------------------

# "all" and the amzdesk.models.Channel values (tests check they match)
CHANNEL_FILTERS = ("all", "shop", "amazon-mfn", "amazon-fba")
DEADLINE_FILTERS = ("all", "overdue", "today", "overdue-or-today")


@dataclass
class FilterState:
    """What the filter bar asks for (saved between runs through amzdesk.settings)."""

    channel: str = "all"
    needs_action: bool = False
    deadline: str = "all"
    text: str = ""
    view: str = View.ALL.value  # amzdesk.worklist.View (the window starts on 要対応)

    def to_dict(self) -> dict[str, Any]:
        return {
            "channel": self.channel,
            "needs_action": self.needs_action,
            "deadline": self.deadline,
            "text": self.text,
            "view": self.view,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> FilterState:
        data = data or {}
        fs = cls()
        if data.get("channel") in CHANNEL_FILTERS:
            fs.channel = str(data["channel"])
        fs.needs_action = bool(data.get("needs_action", False))
        if data.get("deadline") in DEADLINE_FILTERS:
            fs.deadline = str(data["deadline"])
        text = data.get("text", "")
        fs.text = text if isinstance(text, str) else ""
        view = data.get("view")
        if view in {v.value for v in View}:
            fs.view = str(view)
        else:  # saved by a version without views: the 要対応 view
            fs.view = worklist.DEFAULT_VIEW.value
        return fs

    def copy(self) -> FilterState:
        return FilterState(self.channel, self.needs_action, self.deadline, self.text, self.view)

    def non_text(self) -> tuple[str, bool, str, str, bool]:
        """What the base list depends on (the view applies only while nothing is searched)."""
        return (self.channel, self.needs_action, self.deadline, self.view, bool(self.text.strip()))


def _row_predicate(fs: FilterState) -> Callable[[Row], bool] | None:
    """A predicate over a row for the non-text filters (None = accept all)."""
    mask = F_NEEDS_ACTION if fs.needs_action else 0
    try:
        # a search looks through every order, whatever the view (a scanned order number is
        # found even when it waits for Amazon)
        view_mask = View(fs.view).mask if not fs.text.strip() else 0
    except ValueError:
        view_mask = 0
    deadline_mask = {
        "overdue": F_OVERDUE,
        "today": F_DUE_TODAY,
        "overdue-or-today": F_OVERDUE | F_DUE_TODAY,
    }.get(fs.deadline, 0)
    channel = fs.channel if fs.channel != "all" else None
    if not mask and not deadline_mask and not view_mask and channel is None:
        return None

    def accept(row: Row) -> bool:
        f = row[R_FLAGS]
        if mask and not f & mask:
            return False
        if view_mask and not f & view_mask:
            return False
        if deadline_mask and not f & deadline_mask:
            return False
        return channel is None or row[R_CHANNEL] == channel

    return accept


def normalize_search(text: str) -> list[str]:
    """Search words (NFKC + casefold, hyphens dropped, like the rows' search text: see
    :func:`amzdesk.worklist.search_words`); every word must match."""
    return worklist.search_words(text)


def _narrows(old: list[str], new: list[str]) -> bool:
    """Whether the filter ``new`` can only match a subset of what ``old`` matched."""
    if not old or len(new) < len(old):
        return False
    return all(o in n for o, n in zip(old, new, strict=False))


# --- the proxy --------------------------------------------------------------------------------


class OrderProxyModel(QAbstractProxyModel):
    """Sort/filter proxy computing the visible row list in one pass over precomputed columns.

    * sorted permutations are cached per column (descending = reversed);
    * the non-text filters give a *base* list (in sort order) with its search texts alongside;
    * the text filter runs over the base, or over the visible rows when the user typed more;
    * the change is published as ``layoutChanged`` with persistent indexes (selection) moved.
    """

    filterChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._src: OrderTableModel | None = None
        self._visible: list[int] = []
        self._visible_search: list[str] = []
        self._base: list[int] = []
        self._base_search: list[str] = []
        self._inverse: list[int] | None = None
        self._filter = FilterState()
        self._sort_column = C_DEADLINE
        self._descending = False
        self._perm_cache: dict[int, list[int]] = {}
        self._last_words: list[str] = []

    # -- source --------------------------------------------------------------------------------
    def setSourceModel(self, model: QAbstractItemModel) -> None:
        assert isinstance(model, OrderTableModel)
        if self._src is not None:
            for sig, slot in self._connections():
                sig.disconnect(slot)
        self.beginResetModel()
        super().setSourceModel(model)
        self._src = model
        for sig, slot in self._connections():
            sig.connect(slot)
        self._rebuild_all()
        self.endResetModel()

    def _connections(self) -> list[tuple[Any, Any]]:
        src = self._src
        assert src is not None
        return [
            (src.modelAboutToBeReset, self._on_source_about_to_reset),
            (src.modelReset, self._on_source_reset),
            (src.dataChanged, self._on_source_data_changed),
            (src.rowsInserted, self._on_source_rows_inserted),
            (src.headerDataChanged, self._on_source_header_changed),
        ]

    def source(self) -> OrderTableModel:
        assert self._src is not None
        return self._src

    def _on_source_about_to_reset(self) -> None:
        self.beginResetModel()

    def _on_source_reset(self) -> None:
        self._rebuild_all()
        self.endResetModel()
        self.filterChanged.emit()

    def _on_source_data_changed(self, *_args: Any) -> None:
        # Sort keys and filter flags of the changed rows may differ now: place them again.
        changed = self.source().last_changed
        if changed and len(changed) <= 64:
            self._reposition(changed)
        else:
            self._perm_cache.clear()
        self._refilter(full=True)
        if self._visible:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._visible) - 1, NCOLS - 1))

    def _on_source_rows_inserted(self, *_args: Any) -> None:
        self._perm_cache.clear()
        self._refilter(full=True)

    def _on_source_header_changed(self, orientation: Qt.Orientation, first: int, last: int) -> None:
        self.headerDataChanged.emit(orientation, first, last)

    # -- filtering and sorting -----------------------------------------------------------------
    @property
    def filter_state(self) -> FilterState:
        return self._filter.copy()

    def set_filter(self, fs: FilterState) -> None:
        old = self._filter
        self._filter = fs.copy()
        if old.to_dict() == fs.to_dict():
            return
        non_text_changed = old.non_text() != fs.non_text()
        self._refilter(full=non_text_changed)

    def set_text(self, text: str) -> None:
        fs = self.filter_state
        fs.text = text
        self.set_filter(fs)

    def sort(self, column: int, order: Qt.SortOrder | None = None) -> None:
        """Sort by ``column``, ascending unless ``order`` is ``Qt.SortOrder.DescendingOrder``."""
        if not 0 <= column < NCOLS:
            return
        self._sort_column = column
        self._descending = order == QtCore.Qt.SortOrder.DescendingOrder
        self._refilter(full=True)

    def sort_column(self) -> int:
        return self._sort_column

    def sort_order(self) -> Qt.SortOrder:
        order = QtCore.Qt.SortOrder
        return order.DescendingOrder if self._descending else order.AscendingOrder

    def _permutation(self) -> list[int]:
        """Source rows in the current sort order (cached ascending permutation per column)."""
        src = self.source()
        if not src.rows:
            return []  # (no labels needed: the window's first frame filters an empty list)
        perm = self._perm_cache.get(self._sort_column)
        if perm is None:
            perm = sorted_permutation(src.rows, self._sort_column, src.labels)
            self._perm_cache[self._sort_column] = perm
        if self._descending:
            return perm[::-1]
        return perm

    def _compute_base(self) -> None:
        src = self.source()
        rows = src.rows
        perm = self._permutation()
        accept = _row_predicate(self._filter)
        base = perm if accept is None else [i for i in perm if accept(rows[i])]
        search = src.search_texts
        self._base = base
        # Copy the texts in display order so that they sit next to each other in memory: the
        # per-keystroke scan then runs about twice as fast as over scattered originals.
        self._base_search = "\x00".join([search[i] for i in base]).split("\x00") if base else []

    @staticmethod
    def _filter_text(
        rows: list[int], texts: list[str], words: list[str]
    ) -> tuple[list[int], list[str]]:
        for w in words:
            # all C-level iteration: contains(text, w) over the texts, then two compress passes
            hits = list(map(contains, texts, repeat(w)))
            rows = list(compress(rows, hits))
            texts = list(compress(texts, hits))
        return rows, texts

    def _reposition(self, changed: list[int]) -> None:
        """Move a few changed rows to their new places in every cached permutation
        (O(n) memmove + O(log n) key calls per row instead of a full sort)."""
        src = self.source()
        rows = src.rows
        for column, perm in self._perm_cache.items():
            key = sort_key_function(column, src.labels)

            def full_key(i: int, key: Callable[[Row], Any] = key) -> tuple[Any, int]:
                return (key(rows[i]), i)

            for s_row in changed:
                perm.remove(s_row)
                perm.insert(bisect_left(perm, full_key(s_row), key=full_key), s_row)

    def _rebuild_all(self) -> None:
        self._perm_cache.clear()
        self._perm_cache.update(self.source().take_permutations() if self._src else {})
        self._inverse = None
        if self._src is None:
            self._visible, self._visible_search = [], []
            return
        self._compute_base()
        words = normalize_search(self._filter.text)
        self._visible, self._visible_search = self._filter_text(
            self._base, self._base_search, words
        )
        self._last_words = words

    def _refilter(self, *, full: bool) -> None:
        if self._src is None:
            return
        words = normalize_search(self._filter.text)
        if full:
            self._compute_base()
            new = self._filter_text(self._base, self._base_search, words)
        elif _narrows(self._last_words, words):
            # typing more characters: only rows still visible can match
            new = self._filter_text(self._visible, self._visible_search, words)
        else:
            new = self._filter_text(self._base, self._base_search, words)
        self._last_words = words
        self._apply(*new)

    def _apply(self, new_visible: list[int], new_search: list[str]) -> None:
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        old = self._visible
        n_old = len(old)
        old_sources = [
            (old[p.row()], p.column()) if p.isValid() and p.row() < n_old else (-1, -1)
            for p in persistent
        ]
        self._visible = new_visible
        self._visible_search = new_search
        self._inverse = None
        if persistent:
            wanted = {s for s, _c in old_sources if s >= 0}
            if len(wanted) <= 16:
                position: dict[int, int] = {}
                for s in wanted:
                    try:
                        position[s] = new_visible.index(s)
                    except ValueError:
                        position[s] = -1
            else:
                inv = self._inverse_map()
                position = {s: inv[s] for s in wanted}
            new_indexes = [
                self.createIndex(position[s], c) if s >= 0 and position[s] >= 0 else QModelIndex()
                for s, c in old_sources
            ]
            self.changePersistentIndexList(persistent, new_indexes)
        self.layoutChanged.emit()
        self.filterChanged.emit()

    def _inverse_map(self) -> list[int]:
        if self._inverse is None:
            inv = [-1] * self.source().rowCount()
            for p, s in enumerate(self._visible):
                inv[s] = p
            self._inverse = inv
        return self._inverse

    def view_counts(self) -> dict[View, int]:
        """How many rows each view would show with the current channel filter (the text
        filter aside): the numbers on the view tabs."""
        src = self._src
        if src is None:
            return worklist.view_counts(())
        channel = self._filter.channel
        rows = src.rows
        if channel == "all":
            return worklist.view_counts(r[R_FLAGS] for r in rows)
        return worklist.view_counts(r[R_FLAGS] for r in rows if r[R_CHANNEL] == channel)

    # -- lookups -------------------------------------------------------------------------------
    def visible_source_rows(self) -> list[int]:
        return list(self._visible)

    def key_at(self, proxy_row: int) -> str | None:
        if 0 <= proxy_row < len(self._visible):
            return str(self.source().rows[self._visible[proxy_row]][R_KEY])
        return None

    def row_tuple_at(self, proxy_row: int) -> Row | None:
        if 0 <= proxy_row < len(self._visible):
            return self.source().rows[self._visible[proxy_row]]
        return None

    def proxy_row_of_key(self, key: str) -> int:
        s = self.source().row_of_key(key)
        if s < 0:
            return -1
        inv = self._inverse_map()
        return inv[s] if s < len(inv) else -1

    # -- Qt proxy API --------------------------------------------------------------------------
    def mapToSource(self, proxy_index: _Index) -> QModelIndex:
        if not proxy_index.isValid() or self._src is None:
            return QModelIndex()
        r = proxy_index.row()
        if not 0 <= r < len(self._visible):
            return QModelIndex()
        return self._src.index(self._visible[r], proxy_index.column())

    def mapFromSource(self, source_index: _Index) -> QModelIndex:
        if not source_index.isValid() or self._src is None:
            return QModelIndex()
        inv = self._inverse_map()
        s = source_index.row()
        if not 0 <= s < len(inv) or inv[s] < 0:
            return QModelIndex()
        return self.createIndex(inv[s], source_index.column())

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not (0 <= row < len(self._visible)) or not (0 <= column < NCOLS):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, child: _Index | None = None) -> Any:  # type: ignore[override]
        if child is None:
            return super().parent()
        return QModelIndex()

    def sibling(self, row: int, column: int, idx: _Index) -> QModelIndex:
        return self.index(row, column)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._src is None else NCOLS

    def hasChildren(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and bool(self._visible)

    def data(self, index: _Index, role: int = DISPLAY_ROLE) -> Any:
        # the paint path: one frame, no helper calls
        r = index.row()
        src = self._src
        if r < 0 or src is None:
            return None
        handler = src._roles.get(role)
        if handler is None:
            return None
        try:
            row = src._rows[self._visible[r]]
        except IndexError:
            return None
        c = index.column()
        return handler(row, c) if 0 <= c < NCOLS else None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return _item_flags()[index.isValid()]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY_ROLE
    ) -> Any:
        if orientation == QtCore.Qt.Orientation.Horizontal:
            return self._src.headerData(section, orientation, role) if self._src else None
        if role == DISPLAY_ROLE and 0 <= section < len(self._visible):
            return str(section + 1)
        return None


# --- delegates --------------------------------------------------------------------------------


class BadgeDelegate(QStyledItemDelegate):
    """Draws the cell text as a rounded badge coloured by the row's tone, with its icon.

    The icon and the text carry the meaning; the colour only adds to them.
    """

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        # imported here: QStyle and friends are not needed before the first row is painted
        from PySide6.QtGui import QFontMetrics, QPainter
        from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        tone = index.data(TONE_ROLE) or "ok"
        opt.text = ""
        opt.icon = QIcon()
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        _bg, fill, fg = TONE_COLORS.get(tone, TONE_COLORS["ok"])
        rect: QRect = option.rect.adjusted(3, 3, -3, -3)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        x = rect.left()
        icon = index.data(DECORATION_ROLE)
        if icon is not None and not icon.isNull():
            size = min(16, rect.height())
            icon.paint(painter, QRect(x, rect.top() + (rect.height() - size) // 2, size, size))
            x += size + 4
        fm = QFontMetrics(opt.font)
        tw = fm.horizontalAdvance(text) + 12
        badge = QRectF(x, rect.top(), min(tw, rect.right() - x), rect.height())
        painter.setPen(QColor(fill).darker(115))
        painter.setBrush(QColor(fill))
        painter.drawRoundedRect(badge, 6, 6)
        painter.setPen(QColor(fg))
        painter.setFont(opt.font)
        qt = QtCore.Qt
        elided = fm.elidedText(text, qt.TextElideMode.ElideRight, int(badge.width()) - 10)
        painter.drawText(badge, int(qt.AlignmentFlag.AlignCenter), elided)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        base = super().sizeHint(option, index)
        return QSize(base.width() + 16, base.height())


class DeadlineDelegate(QStyledItemDelegate):
    """Deadline cell: bold text for overdue / due today (colour and icon come from the model)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: _Index) -> None:
        super().initStyleOption(option, index)
        flags = index.data(FLAGS_ROLE) or 0
        if flags & (F_OVERDUE | F_DUE_TODAY):
            option.font.setBold(True)
        if flags & F_FBA:
            from PySide6.QtGui import QPalette

            option.palette.setColor(QPalette.ColorRole.Text, QColor(FBA_TEXT))
