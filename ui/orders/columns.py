"""The order list's columns, declared once (no Qt).

:data:`COLUMNS` lists every column as a :class:`Column`: its stable key, its header (Japanese,
translated in the ``OrderModel`` context), default width, alignment, and how its cells are made
from a :class:`~ui.orders.rows.Row`: text, tooltip, icon name and sort key.  The table model, the
header, the sort (proxy and loading worker) and the window's default widths all read this table;
a column's position is its index in it (``C_*`` below, for the paint path).

Cell functions are made once per language (:meth:`Column.text` etc. take the translated
:class:`~ui.orders.rows.Labels` and return a one-argument function of the row): painting a cell
is then a single call.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from operator import attrgetter

from amzdesk import worklist
from ui.orders.rows import (
    F_DUE_TODAY,
    F_DUE_TOMORROW,
    F_FBA,
    F_NEEDS_ACTION,
    F_OVERDUE,
    F_SENT,
    Labels,
    Row,
    jst_text,
)

SortKey = str | float | tuple[int, float]
CellText = Callable[[Row], str]
CellTip = Callable[[Row], str | None]
CellIcon = Callable[[Row], str | None]
RowSortKey = Callable[[Row], SortKey]


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for the translation catalogue (ui.orders.model translates it)."""
    del context
    return text


TITLE_CONTEXT = "OrderModel"  # translation context of the column titles and cell labels


class Align(StrEnum):
    """Horizontal alignment of a column's cells (vertically they are centred)."""

    LEFT = "left"
    RIGHT = "right"
    CENTER = "center"


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the order list."""

    key: str  # stable identifier ("deadline"): tests, saved layouts, benchmarks
    title: str  # header text (Japanese source; translated in the TITLE_CONTEXT context)
    width: int  # default width in pixels
    text: Callable[[Labels], CellText]
    sort: Callable[[Labels], RowSortKey]
    tooltip: Callable[[Labels], CellTip] | None = None
    icon: Callable[[Labels], CellIcon] | None = None  # icon name (ui.icons) of a cell
    align: Align = Align.LEFT
    deadline_colours: bool = False  # text and background follow the deadline (overdue, today…)


# --- cell functions ---------------------------------------------------------------------------


def _field(name: str) -> Callable[[Labels], Callable[[Row], str]]:
    """The field ``name`` as it is (text and sort key)."""

    def make(_labels: Labels) -> Callable[[Row], str]:
        get: Callable[[Row], str] = attrgetter(name)
        return get

    return make


def _labelled(name: str, table: str) -> Callable[[Labels], Callable[[Row], str]]:
    """The field ``name`` through the label table ``table`` of :class:`Labels` (a value without
    a label shows as it is); text and sort key."""

    def make(labels: Labels) -> Callable[[Row], str]:
        m: dict[str, str] = getattr(labels, table)
        get = attrgetter(name)

        def text(row: Row) -> str:
            value: str = get(row)
            return m.get(value, value)

        return text

    return make


def _date_text(name: str) -> Callable[[Labels], CellText]:
    def make(_labels: Labels) -> CellText:
        get = attrgetter(name)
        return lambda row: jst_text(get(row))

    return make


_INF = math.inf


def _date_sort(name: str) -> Callable[[Labels], RowSortKey]:
    def make(_labels: Labels) -> RowSortKey:
        get = attrgetter(name)

        def key(row: Row) -> float:
            v: float = get(row)
            return _INF if math.isnan(v) else v  # nan (no date) sorts last

        return key

    return make


def _deadline_text(labels: Labels) -> CellText:
    overdue, today, tomorrow, sent = (
        labels.overdue,
        labels.due_today,
        labels.due_tomorrow,
        labels.sent,
    )

    def text(row: Row) -> str:
        f = row.flags
        if f & F_OVERDUE:
            return f"{jst_text(row.ship_by)}  {overdue}"
        if f & F_DUE_TODAY:
            return f"{jst_text(row.ship_by)}  {today}"
        if f & F_DUE_TOMORROW:
            return f"{jst_text(row.ship_by)}  {tomorrow}"
        if f & F_SENT and not math.isnan(row.ship_by):
            return sent
        return jst_text(row.ship_by)

    return text


def _deadline_sort(_labels: Labels) -> RowSortKey:
    # Most urgent first (amzdesk.worklist.urgency_key): orders Amazon waits for by ship-by
    # date, shop orders needing action by order date, then the rest.
    urgency = worklist.urgency_key
    return lambda row: urgency(row.flags, row.ship_by, row.order_date)


def _deadline_tip(labels: Labels) -> CellTip:
    overdue, today = labels.overdue_tip, labels.due_today_tip

    def tip(row: Row) -> str | None:
        if row.flags & F_OVERDUE:
            return overdue
        if row.flags & F_DUE_TODAY:
            return today
        return None

    return tip


def _deadline_icon(_labels: Labels) -> CellIcon:
    def icon(row: Row) -> str | None:
        if row.flags & F_OVERDUE:
            return "overdue"
        if row.flags & F_DUE_TODAY:
            return "due-today"
        return None

    return icon


def _state_tip(labels: Labels) -> CellTip:
    tips = labels.state_tip
    return lambda row: tips.get(row.state)


def _channel_icon(_labels: Labels) -> CellIcon:
    return lambda row: "fba" if row.flags & F_FBA else None


def _amazon_status_text(labels: Labels) -> CellText:
    ams, unknown = labels.amazon_status, labels.amazon_status_unknown

    def text(row: Row) -> str:
        # A status newer than this release shows as 不明 with Amazon's raw value.
        raw = row.amazon_status
        return ams.get(raw) or (f"{unknown}（{raw}）" if raw else "")

    return text


def _carrier_text(_labels: Labels) -> CellText:
    from amzdesk.carriers import display_name

    return lambda row: display_name(row.carrier) if row.carrier else ""


def _state_text(labels: Labels) -> CellText:
    st, fba = labels.state, labels.fba_badge

    def text(row: Row) -> str:
        # An FBA order reads as "Amazon handles this" unless its state says otherwise
        # (e.g. cancelled, or an unknown outcome).
        if row.flags & F_FBA and row.state == "fba":
            return fba
        return st.get(row.state, row.state)

    return text


def _state_icon(_labels: Labels) -> CellIcon:
    from amzdesk.states import CombinedState as S

    warning = frozenset({S.OUTCOME_UNKNOWN.value, S.AMAZON_UNKNOWN.value, S.AMAZON_MISMATCH.value})
    pending = frozenset(
        {
            S.SYNC_PENDING.value,
            S.RETURN_PENDING.value,
            S.UPLOAD_PENDING.value,
            S.AMAZON_PENDING.value,
        }
    )
    error = frozenset({S.CANCELLED.value, S.UNFULFILLABLE.value})

    def icon(row: Row) -> str:
        flags = row.flags
        if flags & F_OVERDUE:
            return "overdue"
        if flags & F_DUE_TODAY:
            return "due-today"
        if flags & F_FBA:
            return "fba"
        state = row.state
        if state in warning:
            return "warning"
        if state in pending:
            return "pending"
        if flags & F_NEEDS_ACTION:
            return "action"
        if state in error:
            return "error"
        return "ok"

    return icon


# --- the table --------------------------------------------------------------------------------


COLUMNS: tuple[Column, ...] = (
    Column(
        "channel",
        QT_TRANSLATE_NOOP("OrderModel", "チャネル"),
        112,
        text=_labelled("channel", "channel"),
        sort=_labelled("channel", "channel"),
        tooltip=_state_tip,
        icon=_channel_icon,
    ),
    Column(
        "display_no",
        QT_TRANSLATE_NOOP("OrderModel", "makeshop 注文番号"),
        122,
        text=_field("display_no"),
        sort=_field("display_no"),
    ),
    Column(
        "amazon_id",
        QT_TRANSLATE_NOOP("OrderModel", "Amazon 注文番号"),
        150,
        text=_field("amazon_id"),
        sort=_field("amazon_id"),
    ),
    Column(
        "order_date",
        QT_TRANSLATE_NOOP("OrderModel", "注文日時"),
        118,
        text=_date_text("order_date"),
        sort=_date_sort("order_date"),
    ),
    Column(
        "deadline",
        QT_TRANSLATE_NOOP("OrderModel", "期限"),
        235,
        text=_deadline_text,
        sort=_deadline_sort,
        tooltip=_deadline_tip,
        icon=_deadline_icon,
        deadline_colours=True,
    ),
    Column(
        "delivery",
        QT_TRANSLATE_NOOP("OrderModel", "処理区分"),
        72,
        text=_labelled("delivery", "delivery"),
        sort=_labelled("delivery", "delivery"),
    ),
    Column(
        "payment",
        QT_TRANSLATE_NOOP("OrderModel", "決済ステータス"),
        90,
        text=_labelled("payment", "payment"),
        sort=_labelled("payment", "payment"),
    ),
    Column(
        "amazon_status",
        QT_TRANSLATE_NOOP("OrderModel", "Amazon ステータス"),
        112,
        text=_amazon_status_text,
        sort=_labelled("amazon_status", "amazon_status"),
    ),
    Column(
        "carrier",
        QT_TRANSLATE_NOOP("OrderModel", "配送業者"),
        110,
        text=_carrier_text,
        sort=_field("carrier"),
    ),
    Column(
        "tracking",
        QT_TRANSLATE_NOOP("OrderModel", "追跡番号"),
        112,
        text=_field("tracking"),
        sort=_field("tracking"),
    ),
    Column(
        "state",
        QT_TRANSLATE_NOOP("OrderModel", "状態"),
        150,
        text=_state_text,
        sort=_labelled("state", "state"),
        tooltip=_state_tip,
        icon=_state_icon,
    ),
)

NCOLS = len(COLUMNS)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)
DEFAULT_WIDTHS = tuple(c.width for c in COLUMNS)


def position(key: str) -> int:
    """The position of the column ``key``."""
    return COLUMN_KEYS.index(key)


# positions as plain ints, for the paint path and the window
C_CHANNEL = position("channel")
C_DEADLINE = position("deadline")
C_STATE = position("state")


# --- sorting ----------------------------------------------------------------------------------


def sort_key_function(column: int, labels: Labels) -> RowSortKey:
    """The sort key of a column (labels in display order, dates as numbers, no date last)."""
    return COLUMNS[column].sort(labels)


def sorted_permutation(rows: Sequence[Row], column: int, labels: Labels) -> list[int]:
    """Row numbers sorted ascending by ``column`` (stable)."""
    keys = list(map(sort_key_function(column, labels), rows))
    return sorted(range(len(rows)), key=keys.__getitem__)


def sorted_permutations(
    rows: Sequence[Row], labels: Labels, first: int | None = None
) -> dict[int, list[int]]:
    """Every column's ascending permutation (computed in the loading worker, so that a click on
    a column header costs only the filter pass); ``first`` is computed first."""
    order = list(range(NCOLS))
    if first is not None and first in order:
        order.remove(first)
        order.insert(0, first)
    return {c: sorted_permutation(rows, c, labels) for c in order}
