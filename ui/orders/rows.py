"""The order list's rows, without Qt: built from the store, flagged, filtered.

Designed for 100,000 orders: :func:`rows_from_store` turns the store's rows into flat
:class:`Row` tuples once, off the GUI thread, with everything the view and the filters need
precomputed (sort-ready numbers, flags, lowercase search text).  Every decision in it (combined
state, needs-action, deadline) comes from :mod:`amzdesk.states` and :mod:`amzdesk.worklist`.

This module imports no Qt (an import contract in pyproject.toml checks it): the rows are built
in worker threads and tested without a window.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

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

if TYPE_CHECKING:
    from amzdesk.carriers import CarrierTable
    from amzdesk.store import OrderRow, Store

__all__ = [
    "CHANNEL_FILTERS",
    "DEADLINE_FILTERS",
    "F_DEADLINE",
    "F_DUE_TODAY",
    "F_DUE_TOMORROW",
    "F_FBA",
    "F_NEEDS_ACTION",
    "F_OVERDUE",
    "F_PENDING",
    "F_SENT",
    "F_SHOP",
    "FilterState",
    "Labels",
    "Row",
    "carrier_names_of",
    "jst_text",
    "key_index_of",
    "load_rows",
    "narrows",
    "normalize_search",
    "row_builder",
    "row_predicate",
    "rows_from_store",
    "tone_of",
]

# Start-up: the window's first frame shows the list empty, before any row exists.  The domain
# modules only rows need (amzdesk.models, amzdesk.states) are imported by the first
# :func:`rows_from_store`.

# --- the row ----------------------------------------------------------------------------------


class Row(NamedTuple):
    """One order of the list (immutable; replaced whole when the order changes)."""

    key: str  # the store's order key
    channel: str  # amzdesk.models.Channel value ("shop", "amazon-mfn", "amazon-fba")
    display_no: str  # makeshop order number ("" if none)
    amazon_id: str  # Amazon order id ("" if none)
    order_date: float  # epoch seconds, nan if unknown
    ship_by: float  # epoch seconds, nan if none
    delivery: str  # makeshop DeliveryStatus value or ""
    payment: str  # makeshop paymentStatusCode or ""
    amazon_status: str  # AmazonStatus value or ""
    carrier: str  # carrier name (makeshop code resolved) or ""
    tracking: str  # tracking number or ""
    state: str  # CombinedState value
    flags: int  # amzdesk.worklist flags (F_NEEDS_ACTION, F_OVERDUE, ...)
    search: str  # NFKC + casefold: order numbers, SKUs, product names, tracking numbers
    titles: str  # product names, for the detail panel


# Positions of a few fields, for code that still reads rows by index (ui/main_window.py, until
# it reads the fields by name).  Derived from the fields: nothing to keep in step by hand.
R_KEY = Row._fields.index("key")
R_CHANNEL = Row._fields.index("channel")
R_DISPLAY_NO = Row._fields.index("display_no")
R_AMAZON_ID = Row._fields.index("amazon_id")
R_STATE = Row._fields.index("state")
R_FLAGS = Row._fields.index("flags")
R_TITLES = Row._fields.index("titles")

_new_row = tuple.__new__  # Row(...) without NamedTuple.__new__'s Python frame (100,000 rows)
_NAN = math.nan
_EPOCH0 = datetime(1970, 1, 1, tzinfo=UTC)


def rows_from_store(
    store_rows: Iterable[OrderRow], now: datetime, carrier_names: dict[str, str] | None = None
) -> list[Row]:
    """List rows for the store's rows (call it in a background task: no Qt here)."""
    build = row_builder(now, carrier_names or {})
    return [build(r) for r in store_rows]


def row_builder(now: datetime, carrier_names: dict[str, str]) -> Callable[[OrderRow], Row]:
    """A function making one list row from one store row, at ``now``.

    The deadline is ``amzdesk.states.deadline`` computed without decoding the whole order: rows
    that cannot have one (not merchant-fulfilled, no ship-by date, no Amazon side, Amazon no
    longer waiting for shipment) are NONE there too; for the others a minimal order with the same
    channel, Amazon status, ship-by date and return state goes to ``states.deadline``.
    """
    from amzdesk import states
    from amzdesk.models import AmazonSide, AmazonStatus, Channel, LocalNotes, Order

    Deadline = states.Deadline
    return_states = frozenset(
        {states.CombinedState.RETURN_PENDING.value, states.CombinedState.RETURNED.value}
    )
    mfn, fba, shop = Channel.AMAZON_MFN.value, Channel.AMAZON_FBA.value, Channel.SHOP.value
    state_flags, due_tomorrow = worklist.state_flags, worklist.due_tomorrow
    search_text = worklist.search_text

    def deadline(r: OrderRow) -> states.Deadline:
        if r.channel != mfn or r.ship_by is None or not r.amazon_status:
            return Deadline.NONE
        try:
            status = AmazonStatus(r.amazon_status)
        except ValueError:
            return Deadline.NONE
        if not status.needs_shipping:
            return Deadline.NONE
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
            notes=LocalNotes(return_done_in_seller_central=r.combined_state in return_states),
        )
        return states.deadline(order, now)

    def build(r: OrderRow) -> Row:
        flags = F_NEEDS_ACTION if r.needs_action else 0
        if r.combined_state:
            flags |= state_flags(r.combined_state)
        dl = deadline(r)
        if flags & F_SENT:
            pass  # a confirmation was sent: no longer overdue or due (Amazon shows it soon)
        elif dl is Deadline.OVERDUE:
            flags |= F_OVERDUE
        elif dl is Deadline.DUE_TODAY:
            flags |= F_DUE_TODAY
        elif dl is Deadline.LATER and due_tomorrow(r.ship_by, now):
            flags |= F_DUE_TOMORROW
        if dl is not Deadline.NONE:
            flags |= F_DEADLINE
        if r.channel == fba:
            flags |= F_FBA
        elif r.channel == shop:
            flags |= F_SHOP
        carrier = r.carrier or ""
        row: Row = _new_row(
            Row,
            (
                r.key,
                r.channel,
                r.display_order_number or "",
                r.amazon_order_id or "",
                float(r.order_date) if r.order_date is not None else _NAN,
                float(r.ship_by) if r.ship_by is not None else _NAN,
                r.delivery_status or "",
                r.payment_status or "",
                r.amazon_status or "",
                carrier_names.get(carrier, carrier),
                r.tracking_number or "",
                r.combined_state or "",
                flags,
                search_text((r.search_text or "").replace("\x00", ""), normalized=True),
                r.item_titles or "",
            ),
        )
        return row

    return build


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


def key_index_of(rows: Sequence[Row]) -> dict[str, int]:
    """Order key -> row number."""
    return {r.key: i for i, r in enumerate(rows)}


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


# --- labels (the texts are translated by ui.orders.model.current_labels) -----------------------


@dataclass
class Labels:
    """Display labels in the current language (made once per language, looked up per cell and
    by the label-ordered sort keys)."""

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
    overdue_tip: str = ""
    due_today_tip: str = ""


# --- how a row stands out ---------------------------------------------------------------------


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
DANGER_TEXT = "#b71c1c"
WARN_TEXT = "#a84300"


# --- the filter -------------------------------------------------------------------------------

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


def row_predicate(fs: FilterState) -> Callable[[Row], bool] | None:
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
        f = row.flags
        if mask and not f & mask:
            return False
        if view_mask and not f & view_mask:
            return False
        if deadline_mask and not f & deadline_mask:
            return False
        return channel is None or row.channel == channel

    return accept


def normalize_search(text: str) -> list[str]:
    """Search words (NFKC + casefold, hyphens dropped, like the rows' search text: see
    :func:`amzdesk.worklist.search_words`); every word must match."""
    return worklist.search_words(text)


def narrows(old: list[str], new: list[str]) -> bool:
    """Whether the filter ``new`` can only match a subset of what ``old`` matched."""
    if not old or len(new) < len(old):
        return False
    return all(o in n for o, n in zip(old, new, strict=False))
