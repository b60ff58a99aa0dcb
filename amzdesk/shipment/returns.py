"""Returns (返送).

* Shop orders (:meth:`Returns.return_order`): makeshop's API has no public value for 返送 (only
  COMPLETED / NOT_YET), so the rules refuse the return with the way forward (makeshop's admin
  screen) and nothing is journaled or sent.  Behind that verdict the journal-first path stays
  (action ``return``, side ``makeshop``, key
  :func:`~amzdesk.shipment.planner.makeshop_return_key`) and closes any entry ``failed`` with
  the same way forward; an entry an older version left unresolved is settled from makeshop
  (:meth:`Returns.resolve_return`): 返送 → ``done``, anything else → ``failed``; nothing is
  sent.  A done return is ``skipped``.
* Amazon orders (R-C1): returns are processed in Seller Central and makeshop turns to 返送 by
  itself later; :meth:`Returns.record_return_done` only records that the user did it (the order
  shows 返送反映待ち meanwhile).  Nothing is ever sent for them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Final

from amzdesk.models import Channel, DeliveryStatus, Order
from amzdesk.rules import Action, can_record_return_done, evaluate
from amzdesk.shipment.core import WorkflowCore, order_lock
from amzdesk.shipment.planner import (
    ACTION_RETURN,
    SIDE_AMAZON,
    SIDE_MAKESHOP,
    M,
    makeshop_return_key,
    verdict_refusal,
)
from amzdesk.shipment.results import PackageOutcome, Resolution, Result, not_found

if TYPE_CHECKING:
    from amzdesk.store import JournalEntry

__all__ = ["RETURN_IN_ADMIN", "Returns"]

log = logging.getLogger("amzdesk.shipment")

RETURN_IN_ADMIN: Final = M("return_in_admin")


class Returns:
    """Returns of shop orders and the record of an Amazon order's return (see the module)."""

    def __init__(self, core: WorkflowCore) -> None:
        self.core = core

    def return_order(self, order: Order | str, *, cancel: threading.Event | None = None) -> Result:
        """makeshop 返送 of a shipped shop order, as far as the rules allow (see the module).

        The verdict comes from :func:`amzdesk.rules.evaluate` (Amazon orders are refused, R-C1:
        their returns are processed in Seller Central; FBA: R-G1).  Journal first (action
        ``return``, side ``makeshop``), then the request, then the outcome; a return already
        done is ``skipped``, one whose outcome is unknown is settled by :meth:`resolve_unknown`
        first.  Never raises for a service error."""
        found = self.core.fresh(order)
        if found is None:
            return not_found(order)
        key = found.key
        with order_lock(key):
            fresh = self.core.store.get(key) or found
            label = (
                fresh.amazon_order_id if fresh.is_amazon else fresh.display_order_number
            ) or key
            ms = fresh.makeshop
            mine = [
                e
                for e in self.core.entries(key)
                if e.side == SIDE_MAKESHOP and e.action == ACTION_RETURN
            ]
            if any(e.state == "done" for e in mine):
                return Result(key, label, SIDE_MAKESHOP, "skipped", M("makeshop_returned"))
            if any(not e.resolved for e in mine):
                return Result(
                    key,
                    label,
                    SIDE_MAKESHOP,
                    "unknown",
                    M("return_pending"),
                )
            if (
                fresh.channel is Channel.SHOP
                and ms is not None
                and ms.delivery_status is DeliveryStatus.RETURNED
            ):
                return Result(key, label, SIDE_MAKESHOP, "skipped", M("makeshop_already_returned"))
            v = evaluate(fresh, table=self.core.table)[Action.RETURN]
            if not v.allowed:
                r = verdict_refusal(v, fresh)
                return Result(key, label, "", "refused", r.message, rule_id=v.rule_id)
            if self.core.makeshop is None or ms is None:
                return Result(key, label, SIDE_MAKESHOP, "refused", M("makeshop_not_configured"))
            if cancel is not None and cancel.is_set():
                return Result(key, label, SIDE_MAKESHOP, "cancelled", M("cancelled"))
            request = {
                "operation": "updateOrderDeliveryStatus",
                "displayOrderNumber": ms.display_order_number,
                "deliveryId": ms.delivery_id,
                "deliveryStatus": DeliveryStatus.RETURNED.value,
            }
            entry_id = self.core.store.journal_intent(
                key,
                ACTION_RETURN,
                SIDE_MAKESHOP,
                makeshop_return_key(ms.display_order_number, ms.delivery_id),
                request,
                amazon_order_id=fresh.amazon_order_id,
                display_order_number=fresh.display_order_number,
            )
            out = self.send_return_entry(entry_id, key, request)
            return Result(key, label, SIDE_MAKESHOP, out.state, out.message, (out,))

    def send_return_entry(
        self, entry_id: int, order_key: str, request: Mapping[str, Any]
    ) -> PackageOutcome:
        display = str(request.get("displayOrderNumber", ""))
        delivery = str(request.get("deliveryId", ""))
        key = makeshop_return_key(display, delivery)
        # makeshop's API has no public value for 返送 (only COMPLETED / NOT_YET): nothing is
        # sent; an entry left by an older version is closed with the way forward.
        msg = RETURN_IN_ADMIN
        self.core.store.journal_outcome(entry_id, "failed", error=msg)
        return PackageOutcome(key, "", "failed", msg, journal_id=entry_id)

    def mark_returned(self, order_key: str) -> None:
        """Show the order as 返送 at once: makeshop accepted (or reports) 処理区分 ``R`` for it,
        the next sync reads the same (best effort)."""
        try:
            order = self.core.store.get(order_key)
            ms = order.makeshop if order is not None else None
            if (
                order is not None
                and ms is not None
                and ms.delivery_status is not DeliveryStatus.RETURNED
            ):
                returned = replace(ms, delivery_status=DeliveryStatus.RETURNED)
                self.core.store.upsert_orders([replace(order, makeshop=returned)])
        except Exception:  # pragma: no cover - the list refresh is not essential
            log.debug("could not refresh %s", order_key, exc_info=True)

    def resolve_return(self, entry: JournalEntry) -> Resolution | None:
        """Settle a return entry left unresolved: makeshop shows 返送 → ``done``; anything else →
        ``failed`` with the way forward (nothing is sent, see :meth:`send_return_entry`)."""
        status = self.core.makeshop_status_or_unknown(entry)
        if isinstance(status, Resolution):
            return status
        if status[0] == DeliveryStatus.RETURNED.value:
            self.core.store.journal_outcome(entry.id, "done", result=M("makeshop_return_confirmed"))
            self.mark_returned(entry.order_key)
            return Resolution(entry.id, entry.order_key, "done", M("makeshop_was_returned"))
        if status[0] != DeliveryStatus.SHIPPED.value:
            msg = M("makeshop_not_shipped_no_return")
            self.core.store.journal_outcome(entry.id, "failed", error=msg)
            return Resolution(entry.id, entry.order_key, "failed", msg)
        out = self.send_return_entry(entry.id, entry.order_key, entry.request)
        return Resolution(entry.id, entry.order_key, out.state, out.message)

    def record_return_done(self, order: Order | str, *, note: str = "") -> Result:
        """Record that an Amazon order's return was processed in Seller Central (R-C1).

        Nothing is sent: the journal gets a ``return-recorded`` entry (``Store.
        record_return_done``) and the order shows 返送反映待ち until makeshop's 処理区分 turns
        to 返送 by itself.  Allowed by :func:`amzdesk.rules.can_record_return_done`; recording
        again, or after makeshop shows 返送, is ``skipped``."""
        found = self.core.fresh(order)
        if found is None:
            return not_found(order)
        key = found.key
        with order_lock(key):
            fresh = self.core.store.get(key) or found
            label = fresh.amazon_order_id or fresh.display_order_number or key
            v = can_record_return_done(fresh)
            if not v.allowed:
                ms = fresh.makeshop
                done = fresh.is_amazon and (
                    fresh.notes.return_done_in_seller_central
                    or (ms is not None and ms.delivery_status is DeliveryStatus.RETURNED)
                )
                state = "skipped" if done else "refused"
                return Result(key, label, "", state, v.reason, rule_id=v.rule_id)
            entry_id = self.core.store.record_return_done(
                key, note=note, amazon_order_id=fresh.amazon_order_id
            )
            out = PackageOutcome("", "", "done", "", journal_id=entry_id)
            return Result(
                key,
                label,
                SIDE_AMAZON,
                "done",
                M("return_recorded"),
                (out,),
                rule_id="R-C1",
            )
