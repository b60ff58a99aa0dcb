"""The order list's work logic, without Qt: row flags, the views with their counts, the
urgency order, search normalisation and the ship-date rule.

The window (``ui/orders/``, ``ui/main_window/``) only displays what this module
decides, so each rule here is tested without a window.

* **Flags** (a bit mask per list row) say what a row is: needs action, overdue, due today, due
  tomorrow, waiting for Amazon/makeshop to reflect what was sent, already confirmed, FBA, shop.
* **Views** are the Seller-Central-like tabs: 要対応 / 今日が期限 / 期限切れ / 反映待ち / すべて;
  :func:`view_counts` counts every view in one pass.
* **Urgency**: orders Amazon waits for by their ship-by date, shop orders that need action by
  their order date (a shop order has no deadline, its age is its urgency), everything else after.
* **Search** ignores hyphens and spaces inside numbers: 「2488-7210-8903」 finds 248872108903 and an
  Amazon order ID typed without hyphens finds 249-1234567-1234567.
* **Ship date**: default today (JST), never in the future, never before the order date.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Final

from amzdesk.clock import JST

if TYPE_CHECKING:
    from amzdesk.models import Order
    from amzdesk.rules import Action
    from amzdesk.store import JournalEntry

# --- row flags ----------------------------------------------------------------------------------

F_NEEDS_ACTION: Final = 1
F_OVERDUE: Final = 2
F_DUE_TODAY: Final = 4
F_FBA: Final = 8
F_SHOP: Final = 16
F_DEADLINE: Final = 32  # Amazon still waits for this order by its ship-by date
F_DUE_TOMORROW: Final = 64
F_PENDING: Final = 128  # sent; waiting for Amazon / makeshop to show it (反映待ち)
F_SENT: Final = 256  # Amazon has the shipment confirmation (from this app or elsewhere)

# CombinedState values (amzdesk.states) that mean "sent, waiting to be reflected".
PENDING_STATES: Final = frozenset(
    {"confirm-sent", "sync-pending", "upload-pending", "return-pending"}
)
# CombinedState values of an Amazon order whose shipment Amazon has (or has been sent).
SENT_STATES: Final = frozenset(
    {"confirm-sent", "confirm-not-reflected", "sync-pending", "done", "link-failed-ok"}
)


def state_flags(state: str) -> int:
    """The flags that follow from a combined state alone."""
    flags = 0
    if state in PENDING_STATES:
        flags |= F_PENDING
    if state in SENT_STATES:
        flags |= F_SENT
    return flags


def due_tomorrow(ship_by: float | None, now: datetime) -> bool:
    """The ship-by date (epoch seconds) falls on tomorrow's date in Japan."""
    if ship_by is None or math.isnan(ship_by):
        return False
    tomorrow = now.astimezone(JST).date() + timedelta(days=1)
    return datetime.fromtimestamp(ship_by, JST).date() == tomorrow


# --- views --------------------------------------------------------------------------------------


class View(StrEnum):
    """The list's views (tabs), in display order."""

    NEEDS_ACTION = "needs-action"
    DUE_TODAY = "due-today"
    OVERDUE = "overdue"
    PENDING = "pending"
    ALL = "all"

    @property
    def label(self) -> str:
        return _VIEW_LABELS[self]

    @property
    def mask(self) -> int:
        """The flags a row needs (any of them) to be in this view; 0 = every row."""
        return _VIEW_MASKS[self]


_VIEW_LABELS: Final = {
    View.NEEDS_ACTION: "要対応",
    View.DUE_TODAY: "今日が期限",
    View.OVERDUE: "期限切れ",
    View.PENDING: "反映待ち",
    View.ALL: "すべて",
}
_VIEW_MASKS: Final = {
    View.NEEDS_ACTION: F_NEEDS_ACTION,
    View.DUE_TODAY: F_DUE_TODAY,
    View.OVERDUE: F_OVERDUE,
    View.PENDING: F_PENDING,
    View.ALL: 0,
}
DEFAULT_VIEW: Final = View.NEEDS_ACTION


def in_view(flags: int, view: View) -> bool:
    mask = view.mask
    return not mask or bool(flags & mask)


def view_counts(flags: Iterable[int]) -> dict[View, int]:
    """How many rows each view shows (one pass over the rows' flags)."""
    n = needs = today = overdue = pending = 0
    for f in flags:
        n += 1
        if f & F_NEEDS_ACTION:
            needs += 1
        if f & F_DUE_TODAY:
            today += 1
        if f & F_OVERDUE:
            overdue += 1
        if f & F_PENDING:
            pending += 1
    return {
        View.NEEDS_ACTION: needs,
        View.DUE_TODAY: today,
        View.OVERDUE: overdue,
        View.PENDING: pending,
        View.ALL: n,
    }


# --- urgency ------------------------------------------------------------------------------------

_INF: Final = math.inf


def urgency_key(flags: int, ship_by: float, order_date: float) -> tuple[int, float]:
    """Sort key of the deadline column: what is most urgent first.

    0: Amazon waits for it (by ship-by date); 1: a shop order that needs action (by order date,
    oldest first); 2: everything else (by ship-by date, then undated last).
    """
    if flags & F_DEADLINE:
        return (0, _INF if math.isnan(ship_by) else ship_by)
    if flags & F_SHOP and flags & F_NEEDS_ACTION:
        return (1, _INF if math.isnan(order_date) else order_date)
    return (2, _INF if math.isnan(ship_by) else ship_by)


# --- search -------------------------------------------------------------------------------------

# hyphen-like characters left after NFKC (ー, the long vowel mark, is a letter and stays)
_DROP_HYPHENS: Final = str.maketrans("", "", "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212")


def search_text(text: str, *, normalized: bool = False) -> str:
    """A row's search text: NFKC, case-folded, hyphens removed.  ``normalized``: ``text`` is
    already NFKC + case-folded (the store's search text, built from what the services sent,
    where numbers carry ASCII hyphens): only those go, in one fast pass (this runs for every
    row of a 100,000-order list; ``str.translate`` there costs seconds)."""
    if normalized:
        return text.replace("-", "")
    return unicodedata.normalize("NFKC", text).casefold().translate(_DROP_HYPHENS)


def search_words(query: str) -> list[str]:
    """The words of a search (every word must match), normalised like :func:`search_text`.
    A number as printed (「2488-7210-8903」, 「249 1234567 1234567」) is one word."""
    folded = unicodedata.normalize("NFKC", query).casefold()
    words = [w.translate(_DROP_HYPHENS) for w in folded.split()]
    words = [w for w in words if w]
    if len(words) > 1 and all(w.isdigit() for w in words):
        return ["".join(words)]
    return words


# --- the detail panel ---------------------------------------------------------------------------


def panel_mode(order: Order) -> str:
    """What the detail panel asks for: "work" (carrier, tracking number, ship date for a
    confirmation or a makeshop completion), "correct" (a number confirmed from here can be
    corrected) or "none" (FBA, shipped, cancelled...: nothing to enter)."""
    from amzdesk import states
    from amzdesk.models import AmazonStatus, Channel, DeliveryStatus

    if order.channel is Channel.AMAZON_FBA or order.notes.outcome_unknown:
        return "none"
    if order.channel is Channel.SHOP:
        ms = order.makeshop
        return (
            "work"
            if ms is not None and ms.delivery_status is DeliveryStatus.UNPROCESSED
            else "none"
        )
    state = states.combined_state(order)
    if state in (
        states.CombinedState.AMAZON_TO_CONFIRM,
        states.CombinedState.LINK_FAILED_TO_CONFIRM,
    ):
        return "work"
    az = order.amazon
    if order.notes.confirmed_packages and not (
        az is not None and az.status is AmazonStatus.CANCELLED
    ):
        return "correct"
    return "none"


def recommended_action(order: Order) -> Action | None:
    """The one action the panel recommends (None: nothing to do here)."""
    from amzdesk.rules import Action

    mode = panel_mode(order)
    if mode != "work":
        return None
    return Action.CONFIRM_AMAZON if order.is_amazon else Action.COMPLETE_MAKESHOP


# --- the session summary ------------------------------------------------------------------------

CONFIRM_ACTIONS: Final = frozenset({"confirm-amazon", "complete-makeshop"})


def confirmed_today(entries: Iterable[JournalEntry], now: datetime) -> set[str]:
    """Keys of the orders confirmed (Amazon 出荷通知 or makeshop 配送完了) today in Japan,
    from the journal's entries."""
    today = today_jst(now)
    return {
        e.order_key
        for e in entries
        if e.action in CONFIRM_ACTIONS
        and e.state == "done"
        and (e.updated_at or e.created_at).astimezone(JST).date() == today
    }


# --- ship date ----------------------------------------------------------------------------------


def today_jst(now: datetime) -> date:
    return now.astimezone(JST).date()


def ship_date_range(now: datetime, order_date: datetime | None) -> tuple[date, date]:
    """(earliest, latest) ship date allowed for an order: its order date .. today (JST)."""
    latest = today_jst(now)
    earliest = order_date.astimezone(JST).date() if order_date is not None else date(2000, 1, 1)
    return (min(earliest, latest), latest)


def clamp_ship_date(wanted: date | None, now: datetime, order_date: datetime | None) -> date:
    """The ship date to use: ``wanted`` (default today) kept inside :func:`ship_date_range`."""
    earliest, latest = ship_date_range(now, order_date)
    d = wanted or latest
    return max(earliest, min(d, latest))


__all__ = [
    "DEFAULT_VIEW",
    "F_DEADLINE",
    "F_DUE_TODAY",
    "F_DUE_TOMORROW",
    "F_FBA",
    "F_NEEDS_ACTION",
    "F_OVERDUE",
    "F_PENDING",
    "F_SENT",
    "F_SHOP",
    "View",
    "clamp_ship_date",
    "confirmed_today",
    "due_tomorrow",
    "in_view",
    "panel_mode",
    "recommended_action",
    "search_text",
    "search_words",
    "ship_date_range",
    "state_flags",
    "urgency_key",
    "view_counts",
]
