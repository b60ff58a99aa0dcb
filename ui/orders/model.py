"""The order list as a Qt table model: :class:`OrderTableModel` serves :class:`~ui.orders.rows.Row`
tuples through the column table (:data:`~ui.orders.columns.COLUMNS`); ``data()`` is a couple of
look-ups.

Start-up: the window's first frame shows this model empty, before any row exists.  Labels,
brushes and cell functions are prepared with the first rows, and Qt's ``Qt`` namespace
(``QtCore.Qt``: PySide builds some ninety Python enums on its first use) is touched only then.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore
from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QWidget

from ui import icons
from ui.orders.columns import COLUMNS, NCOLS, TITLE_CONTEXT, Align, SortKey
from ui.orders.rows import (
    DANGER_TEXT,
    F_DUE_TODAY,
    F_DUE_TOMORROW,
    F_FBA,
    F_OVERDUE,
    FBA_TEXT,
    FLASH_COLOR,
    TOMORROW_COLOR,
    TONE_COLORS,
    WARN_TEXT,
    Labels,
    Row,
    key_index_of,
    tone_of,
)

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

Index = QModelIndex | QPersistentModelIndex

# Qt.ItemDataRole values as plain ints: data() compares ints (tests check they match Qt's).
DISPLAY_ROLE = 0
DECORATION_ROLE = 1
TOOLTIP_ROLE = 3
TEXT_ALIGNMENT_ROLE = 7
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

# Qt.AlignmentFlag values (AlignLeft, AlignRight, AlignHCenter, each | AlignVCenter)
_ALIGNMENT = {Align.LEFT: 0x0081, Align.RIGHT: 0x0082, Align.CENTER: 0x0084}

CellHandler = Callable[[Row, int], Any]


def _tr_amzdesk(text: str) -> str:
    """Japanese texts that come from amzdesk/ (labels, reasons) go through the "amzdesk"
    translation context, so the English translation can cover them too."""
    from ui.i18n import tr_core

    return tr_core(text)


def header_labels() -> list[str]:
    """The column titles in the current language."""
    return [QCoreApplication.translate(TITLE_CONTEXT, c.title) for c in COLUMNS]


def current_labels() -> Labels:
    """The display labels in the current language."""
    from amzdesk import assumptions, states
    from amzdesk.models import AmazonStatus, Channel, DeliveryStatus

    lab = Labels()
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
    lab.overdue_tip = QCoreApplication.translate(
        "OrderModel", "出荷期限を過ぎています。すぐに出荷通知してください。"
    )
    lab.due_today_tip = QCoreApplication.translate("OrderModel", "今日が出荷期限です。")
    return lab


class OrderTableModel(QAbstractTableModel):
    """All stored orders as rows (one per order); read-only.

    ``data()`` is on the paint path of every visible cell, so it dispatches on the role through
    a dict and per column through lists of small functions made from the column table once per
    language.
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
        self._roles: dict[int, CellHandler] = {}
        self._display: list[Callable[[Row], str]] = []
        self._tips: list[Callable[[Row], str | None] | None] = []
        self._icons: list[Callable[[Row], str | None] | None] = []
        self._sort_keys: list[Callable[[Row], SortKey]] = []
        self._alignments: list[int] = [_ALIGNMENT[c.align] for c in COLUMNS]
        self._deadline_colours = [c.deadline_colours for c in COLUMNS]
        self._flash: set[str] = set()  # keys of rows that just changed (highlighted briefly)
        self._brushes: dict[str, QBrush] = {}
        self._fba_brush = self._flash_brush = self._tomorrow_brush = QBrush()
        self._danger_brush = self._warn_brush = QBrush()

    def _ensure_prepared(self) -> Labels:
        lab = self._labels
        if lab is None:
            lab = self._labels = current_labels()
            self._prepare(lab)
        return lab

    def _prepare(self, lab: Labels) -> None:
        self._brushes = {
            tone: QBrush(QColor(bg)) for tone, (bg, _f, _t) in TONE_COLORS.items() if bg
        }
        self._fba_brush = QBrush(QColor(FBA_TEXT))
        self._flash_brush = QBrush(QColor(FLASH_COLOR))
        self._tomorrow_brush = QBrush(QColor(TOMORROW_COLOR))
        self._danger_brush = QBrush(QColor(DANGER_TEXT))
        self._warn_brush = QBrush(QColor(WARN_TEXT))
        self._display = [c.text(lab) for c in COLUMNS]
        self._tips = [c.tooltip(lab) if c.tooltip else None for c in COLUMNS]
        self._icons = [c.icon(lab) if c.icon else None for c in COLUMNS]
        self._sort_keys = [c.sort(lab) for c in COLUMNS]
        display, sort_keys, alignments = self._display, self._sort_keys, self._alignments
        self._roles = {
            DISPLAY_ROLE: lambda row, c: display[c](row),
            ACCESSIBLE_TEXT_ROLE: lambda row, c: display[c](row),
            TEXT_ALIGNMENT_ROLE: lambda row, c: alignments[c],
            FOREGROUND_ROLE: self._role_foreground,
            BACKGROUND_ROLE: self._role_background,
            DECORATION_ROLE: self._role_decoration,
            TOOLTIP_ROLE: self._role_tooltip,
            KEY_ROLE: lambda row, c: row.key,
            FLAGS_ROLE: lambda row, c: row.flags,
            TONE_ROLE: lambda row, c: tone_of(row.flags),
            SORT_ROLE: lambda row, c: sort_keys[c](row),
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
        :func:`ui.orders.columns.sorted_permutations`) and ``key_index``
        (:func:`ui.orders.rows.key_index_of`) may come precomputed from the worker that built the
        rows."""
        self._ensure_prepared()
        self.beginResetModel()
        self._rows = rows
        self._search = [r.search for r in rows]
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
            i = self._key_index.get(row.key)
            if i is None:
                new.append(row)
                continue
            self._rows[i] = row
            self._search[i] = row.search
            changed.append(i)
        if changed:
            self.last_changed = changed
            self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), NCOLS - 1))
            self.last_changed = []
        if new:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            for row in new:
                self._key_index[row.key] = len(self._rows)
                self._rows.append(row)
                self._search.append(row.search)
            self.endInsertRows()

    def retranslate(self) -> None:
        self._headers = header_labels()
        if self._labels is not None:
            self._labels = current_labels()
            self._prepare(self._labels)
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
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
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

    def flags(self, index: Index) -> Qt.ItemFlag:
        return item_flags()[index.isValid()]

    def data(self, index: Index, role: int = DISPLAY_ROLE) -> Any:
        return self.cell(index.row(), index.column(), role)

    def cell(self, r: int, c: int, role: int) -> Any:
        """``data()`` without a QModelIndex."""
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
        return self._display[c](row)

    def _role_foreground(self, row: Row, c: int) -> QBrush | None:
        flags = row.flags
        if self._deadline_colours[c]:
            if flags & F_OVERDUE:
                return self._danger_brush
            if flags & F_DUE_TODAY:
                return self._warn_brush
        if flags & F_FBA:
            return self._fba_brush
        return None

    def _role_background(self, row: Row, c: int) -> QBrush | None:
        if self._flash and row.key in self._flash:
            return self._flash_brush
        flags = row.flags
        if flags & F_OVERDUE:
            return self._brushes["danger"]
        if flags & F_DUE_TODAY:
            return self._brushes["warn"]
        if flags & F_DUE_TOMORROW and self._deadline_colours[c]:
            return self._tomorrow_brush
        return None

    def _role_decoration(self, row: Row, c: int) -> Any:
        icon = self._icons[c]
        if icon is None:
            return None
        name = icon(row)
        return icons.icon(name) if name else None

    def _role_tooltip(self, row: Row, c: int) -> str | None:
        tip = self._tips[c]
        return tip(row) if tip is not None else None

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


_HEADER_ROLES = frozenset({DISPLAY_ROLE, TOOLTIP_ROLE, ACCESSIBLE_TEXT_ROLE})
_FLAGS: list[Any] = []  # (no flags, enabled + selectable), made on first use


def item_flags() -> list[Any]:
    """Item flags by validity of the index: [invalid, valid]."""
    if not _FLAGS:
        flag = QtCore.Qt.ItemFlag
        _FLAGS[:] = [flag.NoItemFlags, flag.ItemIsEnabled | flag.ItemIsSelectable]
    return _FLAGS
