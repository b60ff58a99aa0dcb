"""Sending shipment confirmations, and :class:`ShipmentWorkflow`, the one object the window
and the command line use (it also hands returns, settling and the upload file to their parts).

Never lost, never doubled
=========================

* ``packageReferenceId`` = :func:`~amzdesk.shipment.planner.package_reference_id` (order ID,
  tracking number): two machines, a double click, a retry, a re-imported file -- the same
  package is sent again, which Amazon treats as an edit of that package.
* Journal first: the intent (order, side, full request, package reference) is committed durably
  before the request leaves; the outcome (``done`` + request ID / ``failed`` + error /
  ``unknown``) after (:mod:`amzdesk.shipment.core`).
* Locally: a package whose journal entry is ``done`` for the same number is skipped ("already
  confirmed"); one whose entry is still unresolved is not sent again (its outcome is resolved
  first); the journal's exclusive intent makes that check and the intent one step across
  processes; a process-wide lock per order serialises threads.
* Unknown outcomes are settled by asking the service (:mod:`amzdesk.shipment.reconciliation`);
  the user's latest request for an order wins over a journaled one (:meth:`ShipmentWorkflow.
  plan_latest`).
* Correcting a tracking number re-sends the same package (same ``packageReferenceId``, new
  number); the journal keeps the mapping, so the new number is known as confirmed.

The parts, in import order (each imports only those before it): ``planner`` (pure) →
``results`` → ``ports`` → ``core`` → ``returns`` → ``reconciliation``, ``export`` →
``workflow``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime
from os import PathLike
from typing import TYPE_CHECKING, Final

from amzdesk import assumptions
from amzdesk.carriers import Carrier, CarrierTable, default_table
from amzdesk.clock import Clock, utcnow
from amzdesk.errors import describe
from amzdesk.models import AmazonSide, Order, ReadbackIssue
from amzdesk.proclock import sender
from amzdesk.rules import Action, resend_numbers
from amzdesk.shipment.core import WorkflowCore, order_lock
from amzdesk.shipment.export import Exporter, ExportReport
from amzdesk.shipment.planner import (
    SIDE_AMAZON,
    SIDE_MAKESHOP,
    M,
    Plan,
    PlannedPackage,
    Refusal,
    Via,
    plan_correction,
)
from amzdesk.shipment.ports import AmazonClient, MakeshopClient, ShipmentStore, ShipRequest
from amzdesk.shipment.reconciliation import Reconciler
from amzdesk.shipment.results import (
    BulkProgress,
    PackageOutcome,
    Resolution,
    Result,
    refused_result,
    summarise,
)
from amzdesk.shipment.returns import Returns
from amzdesk.tracking import normalize

if TYPE_CHECKING:
    from amzdesk.spapi import ShipmentPackage
    from amzdesk.store import JournalEntry

__all__ = ["ShipmentWorkflow"]

log = logging.getLogger("amzdesk.shipment")


class ShipmentWorkflow:
    """Plan, journal and send shipment confirmations; returns, settling and the upload file
    through its parts (:attr:`returns`, :attr:`reconciler`, :attr:`exporter`).  Thread-safe.

    ``spapi``: an :class:`amzdesk.spapi.SpApiClient` (or None: Amazon not configured);
    ``makeshop``: an :class:`amzdesk.makeshop.MakeshopClient` (or None).
    """

    def __init__(
        self,
        store: ShipmentStore,
        spapi: AmazonClient | None = None,
        makeshop: MakeshopClient | None = None,
        table: CarrierTable | None = None,
        clock: Clock = utcnow,
    ) -> None:
        self.core = WorkflowCore(
            store, spapi, makeshop, table if table is not None else default_table(), clock
        )
        self.returns = Returns(self.core)
        self.reconciler = Reconciler(self.core, self.returns)
        self.exporter = Exporter(self.core)

    @property
    def store(self) -> ShipmentStore:
        return self.core.store

    @property
    def spapi(self) -> AmazonClient | None:
        return self.core.spapi

    @property
    def makeshop(self) -> MakeshopClient | None:
        return self.core.makeshop

    @property
    def table(self) -> CarrierTable:
        return self.core.table

    @property
    def clock(self) -> Clock:
        return self.core.clock

    @staticmethod
    def order_lock(order_key: str) -> threading.Lock:
        """The process-wide lock of one order (two threads never send the same order)."""
        return order_lock(order_key)

    # -- planning --

    def find(self, ref: str) -> Order | None:
        """The stored order for a key, display order number or Amazon order ID."""
        return self.core.find(ref)

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
        ``confirmed``: the user accepted the verdict's warning (see
        :func:`~amzdesk.shipment.planner.plan_shipment`)."""
        return self.core.plan(
            order, carrier, trackings, via, ship_date=ship_date, items=items, confirmed=confirmed
        )

    def plan_latest(
        self,
        order: Order | str,
        carrier: Carrier | str | None,
        trackings: Sequence[str] = (),
        via: Via | str = Via.AUTO,
        *,
        ship_date: date | datetime | None = None,
        items: Sequence[Sequence[tuple[str, int]]] | None = None,
        confirmed: bool = False,
        shared_ok: bool = False,
    ) -> Plan | Refusal:
        """Plan what the user asks now, after settling the order's earlier sends whose outcome
        is unknown -- the user's latest request wins over a journaled one.

        Each unresolved Amazon entry of the order is settled by asking Amazon first (one
        quick ``getOrder``): applied → ``done``; not applied → closed without re-sending (the
        new request replaces it).  If an earlier request turned out applied with another
        tracking number, a single new number goes out as a *correction* of that package.

        A number this desk already sent for *another* order is refused (``shared_with``) unless
        ``shared_ok``: one parcel for several orders (同梱) is a choice, not a default.
        """
        fresh = self.core.fresh(order)
        if fresh is None:
            return self.plan(
                order,
                carrier,
                trackings,
                via,
                ship_date=ship_date,
                items=items,
                confirmed=confirmed,
            )
        applied = self.reconciler.settle_order(fresh.key)
        planned = self.plan(
            fresh.key,
            carrier,
            trackings,
            via,
            ship_date=ship_date,
            items=items,
            confirmed=confirmed,
        )
        numbers = [normalize(t) for t in trackings if normalize(t)]
        if isinstance(planned, Refusal) and not planned.already_done and len(numbers) == 1:
            old = next(
                (
                    e.tracking_number
                    for e in reversed(applied)
                    if normalize(e.tracking_number) and normalize(e.tracking_number) != numbers[0]
                ),
                "",
            )
            if old and carrier is not None:
                correction = self.plan_correction(fresh.key, old, numbers[0], carrier)
                if isinstance(correction, Plan):
                    planned = correction
        if isinstance(planned, Plan) and not shared_ok:
            return self._shared_refusal(planned) or planned
        return planned

    def _shared_refusal(self, plan: Plan) -> Refusal | None:
        numbers = [p.tracking for p in plan.packages if p.tracking]
        owners = self.core.store.tracking_owners(numbers) if numbers else {}
        others = sorted({k for n in numbers for k in owners.get(n, ()) if k != plan.order.key})
        if not others:
            return None
        refs = []
        for key in others:
            o = self.core.store.get(key)
            refs.append((o.amazon_order_id or o.display_order_number or key) if o else key)
        shared = next(n for n in numbers if owners.get(n, set()) - {plan.order.key})
        return Refusal(
            M("shared_number", tracking=shared, orders="、".join(refs)),
            action=plan.action,
            order=plan.order,
            tracking=shared,
            shared_with=tuple(refs),
        )

    def plan_correction(
        self, order: Order | str, old_tracking: str, new_tracking: str, carrier: Carrier | str
    ) -> Plan | Refusal:
        ref = order if isinstance(order, str) else order.key
        fresh = self.core.fresh(order)
        if fresh is None:
            return Refusal(M("order_not_found", order=ref))
        return plan_correction(
            fresh, old_tracking, new_tracking, carrier, table=self.core.table, now=self.core.clock()
        )

    def confirm(
        self,
        order: Order | str,
        carrier: Carrier | str | None,
        trackings: Sequence[str] = (),
        via: Via | str = Via.AUTO,
        *,
        ship_date: date | datetime | None = None,
        cancel: threading.Event | None = None,
        confirmed: bool = False,
        shared_ok: bool = False,
    ) -> Result:
        """Plan (the user's latest word: :meth:`plan_latest`) and send; a refusal comes back as
        a Result with state ``refused``.  ``confirmed``: the user accepted the verdict's
        warning (see :func:`plan_shipment`); ``shared_ok``: the user chose to send a number
        another order already has (同梱)."""
        planned = self.plan_latest(
            order,
            carrier,
            trackings,
            via,
            ship_date=ship_date,
            confirmed=confirmed,
            shared_ok=shared_ok,
        )
        if isinstance(planned, Refusal):
            return refused_result(planned, order)
        return self.send(planned, cancel=cancel)

    def send(self, plan: Plan, *, cancel: threading.Event | None = None) -> Result:
        """Journal, then send, each package of ``plan``; never raises for a service error."""
        order = plan.order
        with sender(self.core.store), order_lock(order.key):
            if plan.side == SIDE_MAKESHOP:
                return self._send_makeshop(plan, cancel)
            return self._send_amazon(plan, cancel)

    def _send_amazon(self, plan: Plan, cancel: threading.Event | None) -> Result:
        from amzdesk.spapi import ShipmentItem, ShipmentPackage

        order = plan.order
        order_id = order.amazon_order_id
        ref = order_id or order.key
        if self.core.spapi is None:
            return Result(order.key, ref, SIDE_AMAZON, "refused", M("amazon_not_configured"))
        entries = self.core.entries(order.key)
        outcomes: list[PackageOutcome] = []
        code, name = plan.carrier.spapi_fields()
        resend = resend_numbers(order)
        for pkg in plan.packages:
            mine = [
                e
                for e in entries
                if e.side == SIDE_AMAZON and e.package_reference_id == pkg.package_reference_id
            ]
            done = pkg.tracking not in resend and any(
                e.state == "done" and normalize(e.tracking_number) == pkg.tracking for e in mine
            )
            held = _held(pkg, mine, done, M("confirmed_already"), cancel)
            if held is not None:
                outcomes.append(held)
                continue
            package = ShipmentPackage(
                package_reference_id=pkg.package_reference_id,
                carrier_code=code,
                carrier_name=name,
                tracking_number=pkg.tracking,
                ship_date=plan.ship_date,
                items=tuple(ShipmentItem(i, q) for i, q in pkg.items),
            )
            outcomes.append(self._confirm_one(plan, order, package, pkg))
        return self.reconciler.read_back_result(order, outcomes, code, cancel)

    def _confirm_one(
        self, plan: Plan, order: Order, package: ShipmentPackage, pkg: PlannedPackage
    ) -> PackageOutcome:
        try:
            package.validate()
        except ValueError as exc:
            return PackageOutcome(pkg.package_reference_id, pkg.tracking, "failed", str(exc))
        body = package.to_body(self.core.amazon().marketplace_id)
        request = self.core.amazon_request(order, body, plan.action.value)
        request["carrier"] = plan.carrier.name
        if pkg.replaces_tracking:
            request["replacesTrackingNumber"] = pkg.replaces_tracking
        from amzdesk.store import JournalConflict

        try:
            entry_id = self.core.store.journal_intent(
                order.key,
                plan.action.value,
                SIDE_AMAZON,
                pkg.package_reference_id,
                request,
                amazon_order_id=order.amazon_order_id,
                display_order_number=order.display_order_number,
                exclusive=True,
                redo_done=pkg.tracking in resend_numbers(order),
            )
        except JournalConflict as conflict:  # decided elsewhere a moment ago: never twice
            if conflict.kind == "done":
                return PackageOutcome(
                    pkg.package_reference_id, pkg.tracking, "skipped", M("confirmed_already")
                )
            return PackageOutcome(
                pkg.package_reference_id, pkg.tracking, "unknown", _PENDING_MESSAGE
            )
        return self.core.send_amazon_entry(entry_id, order.amazon_order_id, package, pkg.tracking)

    def _send_makeshop(self, plan: Plan, cancel: threading.Event | None) -> Result:
        order = plan.order
        ms = order.makeshop
        ref = order.display_order_number or order.key
        if self.core.makeshop is None or ms is None:
            return Result(order.key, ref, SIDE_MAKESHOP, "refused", M("makeshop_not_configured"))
        pkg = plan.packages[0]
        entries = [
            e
            for e in self.core.entries(order.key)
            if e.side == SIDE_MAKESHOP and e.package_reference_id == pkg.package_reference_id
        ]
        done = any(e.state == "done" for e in entries)
        held = _held(pkg, entries, done, M("makeshop_completed_already"), cancel)
        if held is not None:
            return summarise(order, SIDE_MAKESHOP, [held])
        if order.is_amazon:
            refusal = self.core.recheck_amazon(order, plan)
            if refusal is not None:
                return Result(
                    order.key,
                    ref,
                    SIDE_MAKESHOP,
                    "refused",
                    refusal.message,
                    rule_id=refusal.rule_id,
                )
        ids = [d.delivery_id for d in ms.open_deliveries] or [ms.delivery_id]
        numbers = [t for t in plan.trackings if t]
        slips = numbers if len(numbers) == len(ids) > 1 else [plan.slip_number] * len(ids)
        request = {
            "operation": "markShipped",
            "displayOrderNumber": ms.display_order_number,
            "deliveryId": ids[0],
            "deliveryIds": ids,
            "deliveryCompanyCode": plan.carrier.code,
            "carrier": plan.carrier.name,
            "slipNumber": plan.slip_number,
            "slipNumbers": slips,
            "deliveryStatus": assumptions.MAKESHOP_STATUS_COMPLETED,
        }
        entry_id = self.core.store.journal_intent(
            order.key,
            Action.COMPLETE_MAKESHOP.value,
            SIDE_MAKESHOP,
            pkg.package_reference_id,
            request,
            amazon_order_id=order.amazon_order_id,
            display_order_number=order.display_order_number,
        )
        out = self.core.send_makeshop_entry(entry_id, request)
        return summarise(order, SIDE_MAKESHOP, [replace(out, tracking=pkg.tracking)])

    def send_bulk(
        self,
        items: Iterable[ShipRequest],
        *,
        via: Via | str = Via.AUTO,
        progress: Callable[[BulkProgress], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> list[Result]:
        """Confirm many orders (e.g. :func:`amzdesk.importers.sendable` of a review).

        Each item has ``order_key``, ``carrier``, ``trackings`` and ``ship_date``.  Orders are
        re-planned against the freshest stored state (a row confirmed meanwhile is skipped).
        No extra call per order: the usage plan is the only pace.  ``progress`` is called after
        every order; ``cancel`` stops before the next package.
        """
        with sender(self.core.store):
            return self._send_bulk(list(items), via, progress, cancel)

    def _send_bulk(
        self,
        todo: list[ShipRequest],
        via: Via | str,
        progress: Callable[[BulkProgress], None] | None,
        cancel: threading.Event | None,
    ) -> list[Result]:
        results: list[Result] = []
        # Read-backs take only what getOrder's burst allows (no waiting between orders); the
        # rest are read back by verify_pending before the next sync.
        with self.core.quick_readbacks():
            self._send_all(todo, results, via=via, progress=progress, cancel=cancel)
        return results

    def _send_all(
        self,
        todo: list[ShipRequest],
        results: list[Result],
        *,
        via: Via | str,
        progress: Callable[[BulkProgress], None] | None,
        cancel: threading.Event | None,
    ) -> None:
        total = len(todo)
        for i, item in enumerate(todo):
            if cancel is not None and cancel.is_set():
                key = str(item.order_key)
                results.append(Result(key, key, "", "cancelled", M("cancelled")))
                continue
            try:
                result = self.confirm(
                    str(item.order_key),
                    item.carrier,
                    list(item.trackings),
                    via,
                    ship_date=getattr(item, "ship_date", None),
                    cancel=cancel,
                    shared_ok=bool(getattr(item, "shared_ok", False)),
                )
            except Exception as exc:  # the store failed: report, go on with the next order
                log.exception("bulk confirmation of %s failed", item.order_key)
                result = Result(
                    str(item.order_key), str(item.order_key), "", "failed", describe(exc)
                )
            results.append(result)
            if progress is not None:
                progress(BulkProgress(i + 1, total, result))

    # -- returns, settling and the upload file: see their modules --

    def return_order(self, order: Order | str, *, cancel: threading.Event | None = None) -> Result:
        """:meth:`amzdesk.shipment.returns.Returns.return_order`."""
        return self.returns.return_order(order, cancel=cancel)

    def record_return_done(self, order: Order | str, *, note: str = "") -> Result:
        """:meth:`amzdesk.shipment.returns.Returns.record_return_done`."""
        return self.returns.record_return_done(order, note=note)

    def settle_order(self, order_key: str) -> list[JournalEntry]:
        """:meth:`amzdesk.shipment.reconciliation.Reconciler.settle_order`."""
        return self.reconciler.settle_order(order_key)

    def read_back(
        self,
        order_key: str,
        order_id: str,
        refs: Sequence[str] | None = None,
        *,
        max_wait: float | None = assumptions.READBACK_MAX_WAIT_S,
        az: AmazonSide | None = None,
    ) -> list[ReadbackIssue] | None:
        """:meth:`amzdesk.shipment.reconciliation.Reconciler.read_back`."""
        return self.reconciler.read_back(order_key, order_id, refs, max_wait=max_wait, az=az)

    def resend(
        self,
        order: Order | str,
        carrier: Carrier | str | None = None,
        *,
        cancel: threading.Event | None = None,
    ) -> Result:
        """:meth:`amzdesk.shipment.reconciliation.Reconciler.resend`."""
        return self.reconciler.resend(order, carrier, cancel=cancel)

    def verify_pending(
        self, *, cancel: threading.Event | None = None, days: int = 7
    ) -> list[Resolution]:
        """:meth:`amzdesk.shipment.reconciliation.Reconciler.verify_pending`."""
        return self.reconciler.verify_pending(cancel=cancel, days=days)

    def resolve_unknown(
        self, *, cancel: threading.Event | None = None, exclude: Iterable[str] = ()
    ) -> list[Resolution]:
        """:meth:`amzdesk.shipment.reconciliation.Reconciler.resolve_unknown`."""
        return self.reconciler.resolve_unknown(cancel=cancel, exclude=exclude)

    def resolve_exported(self) -> list[Resolution]:
        """:meth:`amzdesk.shipment.reconciliation.Reconciler.resolve_exported`."""
        return self.reconciler.resolve_exported()

    def export_amazon_file(
        self, path: str | PathLike[str], items: Iterable[ShipRequest]
    ) -> ExportReport:
        """:meth:`amzdesk.shipment.export.Exporter.export_amazon_file`."""
        return self.exporter.export_amazon_file(path, items)

    def cancel_export(self, order_key: str) -> int:
        """:meth:`amzdesk.shipment.export.Exporter.cancel_export`."""
        return self.exporter.cancel_export(order_key)

    def cancel_export_order(self, order: Order | str) -> Result:
        """:meth:`amzdesk.shipment.export.Exporter.cancel_export_order`."""
        return self.exporter.cancel_export_order(order)

    def cancel_all_exports(self) -> list[Result]:
        """:meth:`amzdesk.shipment.export.Exporter.cancel_all_exports`."""
        return self.exporter.cancel_all_exports()


def _held(
    pkg: PlannedPackage,
    entries: Sequence[JournalEntry],
    done: bool,
    done_message: str,
    cancel: threading.Event | None,
) -> PackageOutcome | None:
    """The outcome of a package that is not sent now (never twice): already ``done`` →
    skipped; an earlier send of it (``entries``: its journal entries) still unresolved →
    unknown; cancelled.  None: it may be sent."""
    ref, tracking = pkg.package_reference_id, pkg.tracking
    if done:
        return PackageOutcome(ref, tracking, "skipped", done_message)
    if any(not e.resolved for e in entries):
        return PackageOutcome(ref, tracking, "unknown", _PENDING_MESSAGE)
    if cancel is not None and cancel.is_set():
        return PackageOutcome(ref, tracking, "cancelled", M("cancelled"))
    return None


_PENDING_MESSAGE: Final = M("pending")
