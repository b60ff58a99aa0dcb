"""What happened to a send, a settle or an export: the result types (pure).

:class:`Result` is one order's outcome as the window and the command line show it (its
:class:`PackageOutcome` per package); :class:`Resolution` is one journal entry settled;
:class:`BulkProgress` reports a bulk send as it goes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from amzdesk.models import Order
from amzdesk.shipment.planner import SIDE_MAKESHOP, M, Refusal

__all__ = [
    "BulkProgress",
    "PackageOutcome",
    "Resolution",
    "Result",
    "not_found",
    "refused_result",
    "summarise",
]


@dataclass(frozen=True, slots=True)
class PackageOutcome:
    package_reference_id: str
    tracking: str
    state: str  # "done" | "failed" | "unknown" | "skipped" | "cancelled"
    message: str = ""  # Japanese
    request_id: str = ""
    journal_id: int | None = None


@dataclass(frozen=True, slots=True)
class Result:
    """What happened to one order."""

    order_key: str
    order_ref: str  # Amazon order ID or makeshop display number, for messages
    side: str
    state: str  # "done" | "failed" | "unknown" | "skipped" | "cancelled" | "refused"
    message: str  # Japanese
    packages: tuple[PackageOutcome, ...] = ()
    rule_id: str = ""
    shared_with: tuple[str, ...] = ()  # refused: the number is on these orders too (同梱?)

    @property
    def ok(self) -> bool:
        return self.state in ("done", "skipped")


@dataclass(frozen=True, slots=True)
class Resolution:
    journal_id: int
    order_key: str
    state: str  # new state of the entry ("done", "failed") or "unknown" (still unknown)
    message: str
    resent: bool = False


@dataclass(frozen=True, slots=True)
class BulkProgress:
    done: int
    total: int
    result: Result | None = None


def refused_result(r: Refusal, order: Order | str) -> Result:
    """A refusal as the order's :class:`Result` (``skipped`` when it was already done)."""
    o = r.order
    key = o.key if o is not None else (order if isinstance(order, str) else order.key)
    ref = (o.amazon_order_id or o.display_order_number) if o is not None else str(key)
    state = "skipped" if r.already_done else "refused"
    return Result(key, ref, "", state, r.message, rule_id=r.rule_id, shared_with=r.shared_with)


def not_found(order: Order | str) -> Result:
    """The order is not in the store (the user gave a reference that no sync brought in)."""
    ref = str(order if isinstance(order, str) else order.key)
    return Result(ref, ref, "", "refused", M("order_not_found_sync", order=ref))


def summarise(order: Order, side: str, outcomes: Sequence[PackageOutcome]) -> Result:
    """One order's result from its packages' outcomes (the worst state wins)."""
    ref = order.amazon_order_id or order.display_order_number or order.key
    states = [o.state for o in outcomes]
    if not outcomes:
        return Result(order.key, ref, side, "skipped", M("nothing_to_send"))
    for state in ("unknown", "failed", "cancelled"):
        if state in states:
            bad = next(o for o in outcomes if o.state == state)
            return Result(order.key, ref, side, state, bad.message, tuple(outcomes))
    if all(s == "skipped" for s in states):
        return Result(order.key, ref, side, "skipped", M("already_confirmed"), tuple(outcomes))
    sent = sum(1 for s in states if s == "done")
    if side == SIDE_MAKESHOP:
        msg = M("makeshop_done")
    elif sent > 1:
        msg = M("amazon_confirmed_n", count=sent)
    else:
        msg = M("amazon_confirmed")
    return Result(order.key, ref, side, "done", msg, tuple(outcomes))
