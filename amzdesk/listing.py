"""What the order list shows of an order, derived once when the order is stored.

The store keeps these columns beside each order (:class:`amzdesk.store.OrderRow`) so the list
reads them without decoding any order: dates as UTC POSIX seconds, the makeshop and Amazon
statuses, the carrier and tracking numbers shown (:func:`carrier_tracking`), the combined state
and whether it needs action (:mod:`amzdesk.states`, at the store's clock with the owner's
waits), the item titles and count, and the search text (:func:`search_text`:
:func:`normalize_search` of every number and item text, so full-width and ASCII forms match).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import datetime
from typing import Any, Final

from amzdesk import states
from amzdesk.clock import Clock
from amzdesk.models import Order

__all__ = [
    "LIST_COLUMNS",
    "CombinedFn",
    "NeedsFn",
    "carrier_tracking",
    "list_columns",
    "normalize_search",
    "search_text",
    "state_at",
    "state_functions",
]

# The derived columns in the order list_columns returns them (the store's schema names them).
LIST_COLUMNS: Final = (
    "order_date",
    "ship_by",
    "delivery_status",
    "payment_status",
    "amazon_status",
    "carrier",
    "tracking_number",
    "combined_state",
    "needs_action",
    "item_titles",
    "item_count",
    "total_price",
    "search_text",
)

CombinedFn = Callable[[Order], Any]
NeedsFn = Callable[[Order], bool]


def normalize_search(text: str) -> str:
    """NFKC + casefold: full-width digits and letters match their ASCII forms."""
    return unicodedata.normalize("NFKC", text).casefold()


def search_text(order: Order) -> str:
    """Every number and item text of ``order`` (and its confirmed packages), normalised."""
    az, ms = order.amazon, order.makeshop
    parts: list[str] = [order.key, order.amazon_order_id, order.display_order_number]
    if ms is not None:
        parts += (ms.system_order_number, ms.slip_number)
    for item in (az.items if az is not None else ()) + (ms.items if ms is not None else ()):
        parts += (item.sku, item.title, item.asin)
    parts += [p.tracking_number for p in az.packages] if az is not None else ()
    parts += [p.tracking_number for p in order.notes.confirmed_packages]
    return normalize_search("\x1f".join([p for p in dict.fromkeys(parts) if p]))


def state_functions(
    clock: Clock | None = None, waits: Callable[[], states.Waits] | None = None
) -> tuple[CombinedFn | None, NeedsFn | None]:
    """The list state and needs-action functions of :mod:`amzdesk.states`: with ``clock``, the
    waits (``waits()``, default :data:`states.DEFAULT_WAITS`) are applied at the clock's time
    (``states.current_state``), else not."""
    if clock is not None:
        get_waits = waits or (lambda: states.DEFAULT_WAITS)

        def combined(order: Order) -> Any:
            return states.current_state(order, clock(), get_waits())

        def needs(order: Order) -> bool:
            return bool(states.current_state(order, clock(), get_waits()).needs_action)

        return combined, needs
    return states.combined_state, lambda order: bool(states.combined_state(order).needs_action)


def state_at(now: datetime, waits: states.Waits) -> CombinedFn:
    """The list state at one instant (a batch of orders is derived at one clock reading; its
    needs-action is the state's own)."""
    return lambda order: states.current_state(order, now, waits)


def carrier_tracking(order: Order) -> tuple[str, str]:
    packages = order.amazon.packages if order.amazon is not None else ()
    confirmed = order.notes.confirmed_packages
    trackings: list[str] = []
    carriers: list[str] = []
    if packages or confirmed:
        known = {p.tracking_number for p in packages}
        every = packages + tuple(p for p in confirmed if p.tracking_number not in known)
        trackings = [p.tracking_number for p in every if p.tracking_number]
        carriers = [p.carrier for p in every if p.carrier]
    ms = order.makeshop
    if ms is not None and ms.slip_number and ms.slip_number not in trackings:
        # an Amazon order's number known only in makeshop never reached Amazon (R-B2): say so
        trackings.append(f"makeshop: {ms.slip_number}" if order.is_amazon else ms.slip_number)
    if not carriers and ms is not None and ms.carrier_code:
        carriers.append(ms.carrier_code)
    return (carriers[0] if carriers else ""), ", ".join(dict.fromkeys(trackings))


def list_columns(
    order: Order, combined_fn: CombinedFn | None, needs_fn: NeedsFn | None
) -> tuple[Any, ...]:
    """The list columns of ``order`` (which must carry its notes)."""
    state = combined_fn(order) if combined_fn is not None else None
    combined = "" if state is None else str(getattr(state, "value", state))
    if needs_fn is not None:
        needs = bool(needs_fn(order))
    elif isinstance(getattr(state, "needs_action", None), bool):
        needs = bool(getattr(state, "needs_action", False))
    else:
        needs = bool(states.combined_state(order).needs_action)
    carrier, tracking = carrier_tracking(order)
    az, ms = order.amazon, order.makeshop
    items = az.items if az is not None and az.items else (ms.items if ms is not None else ())
    if len(items) == 1:
        titles, count = items[0].title, items[0].quantity
    else:
        titles = " / ".join(dict.fromkeys(i.title for i in items if i.title))
        count = sum(i.quantity for i in items)
    order_date = az.created if az is not None else (ms.order_date if ms is not None else None)
    ship_by = az.ship_by_latest if az is not None else None
    return (
        int(order_date.timestamp()) if order_date is not None else None,
        int(ship_by.timestamp()) if ship_by is not None else None,
        str(ms.delivery_status) if ms is not None else "",
        ms.payment_status if ms is not None else "",
        str(az.status) if az is not None else "",
        carrier,
        tracking,
        combined,
        int(needs),
        titles,
        count,
        ms.total_price if ms is not None else 0,
        search_text(order),
    )
