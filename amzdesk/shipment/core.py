"""What every part of the shipment workflow shares: the store and the two clients, the
process-wide lock per order, and the journaled sends.

Every request that changes something on Amazon or makeshop leaves through
:meth:`WorkflowCore.send_amazon_entry` or :meth:`WorkflowCore.send_makeshop_entry`, always for a
journal entry that is already committed (its intent), and always ends with the entry's outcome
journaled: ``done`` (:meth:`WorkflowCore.record_done`), ``failed`` or ``unknown``
(:meth:`WorkflowCore.journal_error`).  An outcome that cannot be written leaves the entry
unresolved, so it is settled by asking the service, never sent blindly again.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

from amzdesk.assumptions import READBACK_MAX_WAIT_S
from amzdesk.carriers import Carrier, CarrierTable
from amzdesk.clock import Clock
from amzdesk.errors import Cancelled, OutcomeUnknown, ServiceError, describe
from amzdesk.models import Order
from amzdesk.rules import Action, evaluate
from amzdesk.shipment.planner import (
    M,
    Plan,
    Refusal,
    Via,
    makeshop_idempotency_key,
    plan_shipment,
)
from amzdesk.shipment.ports import AmazonClient, MakeshopClient, ShipmentStore
from amzdesk.shipment.results import PackageOutcome, Resolution

if TYPE_CHECKING:
    from amzdesk.spapi import ShipmentPackage
    from amzdesk.store import JournalEntry

__all__ = ["UNKNOWN_AMAZON_MESSAGE", "WorkflowCore", "journal_state", "order_lock"]

log = logging.getLogger("amzdesk.shipment")

UNKNOWN_AMAZON_MESSAGE: Final = M("unknown_amazon")

_order_locks: dict[str, threading.Lock] = {}
_locks_guard: Final = threading.Lock()


def order_lock(order_key: str) -> threading.Lock:
    """The process-wide lock of one order (two threads never send the same order)."""
    with _locks_guard:
        lock = _order_locks.get(order_key)
        if lock is None:
            lock = _order_locks[order_key] = threading.Lock()
        return lock


def journal_state(exc: BaseException) -> str:
    """Journal state for an error raised while sending."""
    if isinstance(exc, OutcomeUnknown):
        return "unknown"
    if isinstance(exc, ServiceError | Cancelled | ValueError):
        return "failed"  # the service clearly refused it, or it never left
    return "unknown"


class WorkflowCore:
    """The store, the clients (None: that service is not configured), the carrier table and
    the clock, with the lookups and journaled sends the workflow's parts share.  Thread-safe."""

    def __init__(
        self,
        store: ShipmentStore,
        spapi: AmazonClient | None,
        makeshop: MakeshopClient | None,
        table: CarrierTable,
        clock: Clock,
    ) -> None:
        self.store = store
        self.spapi = spapi
        self.makeshop = makeshop
        self.table = table
        self.clock = clock
        self._local = threading.local()

    # -- orders --

    def find(self, ref: str) -> Order | None:
        """The stored order for a key, display order number or Amazon order ID (NFKC-normalised
        when the reference as given is not found)."""
        order: Order | None = self.store.find(ref)
        if order is None:
            order = self.store.find(unicodedata.normalize("NFKC", ref).strip())
        return order

    def plan(
        self,
        order: Order | str,
        carrier: Carrier | str | None,
        trackings: Sequence[str] = (),
        via: Via | str = Via.AUTO,
        *,
        ship_date: date | datetime | None = None,
        items: Sequence[Sequence[tuple[str, int]]] | None = None,
        confirmed: bool = False,
    ) -> Plan | Refusal:
        """Plan against the freshest stored state of the order (journal notes included).
        ``confirmed``: the user accepted the verdict's warning (see :func:`plan_shipment`)."""
        ref = order if isinstance(order, str) else order.key
        fresh = self.fresh(order)
        if fresh is None:
            return Refusal(M("order_not_found", order=ref))
        return plan_shipment(
            fresh,
            carrier,
            trackings,
            via=via,
            table=self.table,
            ship_date=ship_date,
            now=self.clock(),
            items=items,
            confirmed=confirmed,
        )

    def fresh(self, order: Order | str) -> Order | None:
        """The order as stored now (a reference is looked up with :meth:`find`)."""
        if isinstance(order, str):
            return self.find(order)
        fresh: Order | None = self.store.get(order.key)
        return fresh

    def entries(self, order_key: str) -> list[JournalEntry]:
        """The order's journal entries, newest first."""
        return list(self.store.journal_entries(order_key))

    # -- read-backs right after a send --

    def readback_wait(self) -> float:
        """How long the read-back after a send may wait for getOrder's usage plan (on this
        thread): :data:`~amzdesk.assumptions.READBACK_MAX_WAIT_S`, or none in a bulk send."""
        wait = getattr(self._local, "readback_wait", None)
        return READBACK_MAX_WAIT_S if wait is None else float(wait)

    @contextlib.contextmanager
    def quick_readbacks(self) -> Iterator[None]:
        """Read-backs take only what getOrder's burst allows (no waiting between orders); the
        rest are read back by ``verify_pending`` before the next sync."""
        self._local.readback_wait = 0.0
        try:
            yield
        finally:
            self._local.readback_wait = None

    # -- the journaled sends --

    def amazon(self) -> AmazonClient:
        """The Amazon client (callers check ``spapi`` first and refuse without it)."""
        if self.spapi is None:
            raise RuntimeError("Amazon is not configured")
        return self.spapi

    def amazon_request(
        self, order: Order, body: Mapping[str, Any], plan_action: str
    ) -> dict[str, Any]:
        """The journaled request of a ``confirmShipment`` (its body plus what it is for)."""
        return {
            "orderId": order.amazon_order_id,
            "operation": "confirmShipment",
            "action": plan_action,
            **body,
        }

    def send_amazon_entry(
        self, entry_id: int, order_id: str, package: ShipmentPackage, tracking: str
    ) -> PackageOutcome:
        """Send the package of journal entry ``entry_id`` (its intent is committed) and journal
        the outcome.  Never raises for a service error."""
        ref = package.package_reference_id
        try:
            res = self.amazon().confirm_shipment(order_id, package)
        except BaseException as exc:
            state, message = self.journal_error(
                entry_id, exc, request_id=getattr(exc, "request_id", "") or None
            )
            log.info("confirmShipment %s package %s: %s", order_id, ref, exc)
            if state == "unknown":
                message = UNKNOWN_AMAZON_MESSAGE
            return PackageOutcome(
                ref, tracking, state, message, getattr(exc, "request_id", ""), entry_id
            )
        request_id = str(res.request_id or "")
        unrecorded = self.record_done(
            entry_id,
            "Amazon",
            request_id=request_id or None,
            http_status=res.status,
            result=M("amazon_accepted"),
        )
        if unrecorded is not None:
            return PackageOutcome(ref, tracking, "unknown", unrecorded, request_id, entry_id)
        return PackageOutcome(ref, tracking, "done", M("amazon_confirmed"), request_id, entry_id)

    def record_done(
        self,
        entry_id: int,
        service: str,
        *,
        request_id: str | None = None,
        http_status: int | None = None,
        result: str,
    ) -> str | None:
        """Journal a success; when the store cannot be written (disk full...) the entry stays
        unresolved and the user is told the outcome is unknown -- it is settled by asking the
        service once the store can be written again.  Returns that message, or None."""
        from amzdesk.store import StoreError

        try:
            self.store.journal_outcome(
                entry_id, "done", request_id=request_id, http_status=http_status, result=result
            )
        except StoreError as exc:
            log.warning(
                "sent, but the outcome of journal entry %s was not recorded: %s", entry_id, exc
            )
            return M("unrecorded", service=service, error=describe(exc))
        return None

    def send_makeshop_entry(self, entry_id: int, request: Mapping[str, Any]) -> PackageOutcome:
        """makeshop 配送完了 of journal entry ``entry_id`` (``request``: its journaled request)
        and journal the outcome.  Never raises for a service error."""
        key = makeshop_idempotency_key(
            str(request.get("displayOrderNumber", "")), str(request.get("deliveryId", ""))
        )
        ids = request.get("deliveryIds") or [str(request.get("deliveryId", ""))]
        slips = request.get("slipNumbers") or [str(request.get("slipNumber", ""))] * len(ids)
        try:
            if self.makeshop is None:
                raise RuntimeError("makeshop is not configured")
            self.makeshop.mark_shipped(
                str(request.get("displayOrderNumber", "")),
                [str(i) for i in ids],
                str(request.get("deliveryCompanyCode", "")),
                [str(x) for x in slips],
            )
        except BaseException as exc:
            state, message = self.journal_error(entry_id, exc)
            return PackageOutcome(key, "", state, message, journal_id=entry_id)
        unrecorded = self.record_done(entry_id, "makeshop", result=M("makeshop_done"))
        if unrecorded is not None:
            return PackageOutcome(key, "", "unknown", unrecorded, journal_id=entry_id)
        return PackageOutcome(key, "", "done", M("makeshop_done"), journal_id=entry_id)

    def recheck_amazon(self, order: Order, plan: Plan) -> Refusal | None:
        """R-F3: read Amazon's state right before a makeshop 配送完了 of an Amazon order."""
        if self.spapi is None:
            return Refusal(M("recheck_no_amazon"), "R-F3")
        try:
            fresh = self.spapi.get_order(order.amazon_order_id)
        except Exception as exc:
            return Refusal(M("recheck_failed", error=describe(exc)), "R-F3")
        now_order = replace(order, amazon=fresh)
        v = evaluate(now_order, plan.carrier, list(plan.trackings), table=self.table)[
            Action.COMPLETE_MAKESHOP
        ]
        if not v.allowed:
            return Refusal(v.reason, v.rule_id or "R-F3", Action.COMPLETE_MAKESHOP, now_order)
        return None

    def journal_error(
        self, entry_id: int, exc: BaseException, *, request_id: str | None = None
    ) -> tuple[str, str]:
        """Journal the outcome of a send that raised; returns (state, user message).  Anything
        that is not an Exception (KeyboardInterrupt etc.) is recorded, then let go."""
        state = journal_state(exc)
        message = describe(exc)
        self.store.journal_outcome(
            entry_id,
            state,
            http_status=getattr(exc, "status", None),
            request_id=request_id,
            error=message,
        )
        if not isinstance(exc, Exception):
            raise exc
        return state, message

    def note_resend(self, entry: JournalEntry, service: str) -> None:
        """Journal that an entry's request goes out again (once: an entry already ``sent``
        keeps its note)."""
        if entry.state != "sent":
            self.store.journal_outcome(entry.id, "sent", result=M("resend", service=service))

    # -- reading a journaled request's outcome back from makeshop --

    def makeshop_status_or_unknown(self, entry: JournalEntry) -> tuple[str, str] | Resolution:
        """:meth:`makeshop_status`, or the ``unknown`` resolution when makeshop cannot say."""
        if self.makeshop is None:
            return Resolution(entry.id, entry.order_key, "unknown", M("makeshop_unreachable"))
        status = self.makeshop_status(entry)
        if status is None:
            return Resolution(entry.id, entry.order_key, "unknown", M("makeshop_state_unknown"))
        return status

    def makeshop_status(self, entry: JournalEntry) -> tuple[str, str] | None:
        """(deliveryStatus, slipNumber) of the entry's delivery, read from makeshop now; None
        when makeshop cannot say (order not found)."""
        req = entry.request
        display = str(req.get("displayOrderNumber", "")) or entry.display_order_number
        delivery = str(req.get("deliveryId", ""))
        order = self.store.get(entry.order_key)
        ms = order.makeshop if order is not None else None
        if ms is None or self.makeshop is None:
            return None
        # makeshop searches by order date only: a narrow window around the stored date
        start = ms.order_date - timedelta(minutes=1)
        end = ms.order_date + timedelta(minutes=1)
        for side in self.makeshop.iter_orders(start, end):
            if side.display_order_number == display and (
                not delivery or side.delivery_id == delivery
            ):
                return side.delivery_status.value, side.slip_number
        return None
