"""Settling what was sent: read-backs, unknown outcomes, exported rows.

* After a confirmation Amazon accepted, the order is read back (``getOrder``) and each package
  is compared with what was sent (:meth:`Reconciler.read_back`; one ``readback`` entry per
  package).  A package registered differently is sent again on request (:meth:`Reconciler.
  resend`: same ``packageReferenceId``, so Amazon treats it as an edit); confirmations not read
  back yet (a bulk send beyond getOrder's burst) are read back later
  (:meth:`Reconciler.verify_pending`).
* :meth:`Reconciler.resolve_unknown` (on start and before a sync) asks the service for the state
  of every journal entry whose outcome is not known: the package is on Amazon → ``done``; it is
  not and the order still needs it → the journaled request is sent again (same package);
  makeshop shows 配送 → ``done``; a return is settled by :class:`~amzdesk.shipment.returns.
  Returns`.  An entry is never settled while another process may still be sending it (the data
  folder's sender lock).
* :meth:`Reconciler.settle_order` settles one order's unknown Amazon entries *without*
  re-sending them, because the user's new request is about to replace them.
* Upload-file rows are closed once the stored Amazon side reports them
  (:meth:`Reconciler.resolve_exported`, no network).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING

from amzdesk.assumptions import READBACK_MAX_WAIT_S
from amzdesk.carriers import Carrier
from amzdesk.clock import parse_iso
from amzdesk.errors import describe
from amzdesk.messages import join
from amzdesk.models import AmazonSide, AmazonStatus, DeliveryStatus, Order, ReadbackIssue
from amzdesk.proclock import sender
from amzdesk.readback import (
    ACTION_READBACK,
    CONFIRM_ACTIONS,
    Sent,
    find_package,
    issue_message,
    issues_text,
    judge,
    later_text,
    make_issue,
)
from amzdesk.rules import Action, Verdict
from amzdesk.shipment.core import WorkflowCore, order_lock
from amzdesk.shipment.planner import ACTION_RETURN, SIDE_AMAZON, SIDE_MAKESHOP, M, Plan
from amzdesk.shipment.results import PackageOutcome, Resolution, Result, not_found, summarise
from amzdesk.shipment.returns import Returns
from amzdesk.tracking import normalize

if TYPE_CHECKING:
    from amzdesk.store import JournalEntry

__all__ = ["Reconciler", "confirms_and_readbacks", "unchecked"]

log = logging.getLogger("amzdesk.shipment")


class Reconciler:
    """Read-backs and the settling of unknown outcomes (see the module)."""

    def __init__(self, core: WorkflowCore, returns: Returns) -> None:
        self.core = core
        self.returns = returns

    def settle_order(self, order_key: str) -> list[JournalEntry]:
        """Settle the order's unresolved Amazon entries without re-sending them (a new request
        is about to replace them).  Returns the entries found applied on Amazon."""
        applied: list[JournalEntry] = []
        if self.core.spapi is None:
            return applied
        with sender(self.core.store), order_lock(order_key):
            for entry in self.core.entries(order_key):
                if entry.resolved or entry.side != SIDE_AMAZON:
                    continue
                try:
                    res = self.resolve_amazon(entry, resend=False)
                except Exception as exc:
                    log.info("could not settle journal entry %s first: %s", entry.id, exc)
                    continue
                if res is not None and res.state == "done":
                    applied.append(self.core.store.journal_entry(entry.id) or entry)
        return applied

    def read_back_result(
        self,
        order: Order,
        outcomes: Sequence[PackageOutcome],
        code: str,
        cancel: threading.Event | None,
    ) -> Result:
        """The result of an Amazon send, after reading the packages just accepted back."""
        result = summarise(order, SIDE_AMAZON, outcomes)
        sent = [o.package_reference_id for o in outcomes if o.state == "done"]
        if not sent or (cancel is not None and cancel.is_set()):
            return result
        order_id = order.amazon_order_id
        issues = self.read_back(order.key, order_id, sent, max_wait=self.core.readback_wait())
        if issues is None:
            return replace(
                result,
                message=join([result.message, later_text()], "　"),
            )
        if issues:
            return replace(result, state="mismatch", message=issues_text(issues, code))
        return result

    def read_back(
        self,
        order_key: str,
        order_id: str,
        refs: Sequence[str] | None = None,
        *,
        max_wait: float | None = READBACK_MAX_WAIT_S,
        az: AmazonSide | None = None,
    ) -> list[ReadbackIssue] | None:
        """Read the order back and compare each confirmed package (``refs``; None: every
        package confirmed and not read back since) with what was sent; journal one ``readback``
        entry per package.  Returns the problems found, or None when the order could not be
        read now (getOrder's usage plan, network): it is read back later
        (:meth:`verify_pending`).  ``az``: an order already read (no call)."""
        if self.core.spapi is None or not order_id:
            return None
        if az is None:
            try:
                az = self.core.spapi.get_order(order_id, max_wait=max_wait)
            except Exception as exc:
                log.info("read-back of %s postponed: %s", order_id, exc)
                return None
        self.refresh_amazon(order_key, az)
        confirms, readbacks = confirms_and_readbacks(self.core.entries(order_key))
        wanted = list(refs) if refs is not None else unchecked(confirms, readbacks)
        issues: list[ReadbackIssue] = []
        for ref in wanted:
            ce = confirms.get(ref)
            if ce is None:
                continue
            sent = Sent.from_detail(ref, ce.package_detail)
            package = find_package(az.packages, ref, sent.tracking)
            problem = judge(sent, package)
            issue = make_issue(sent, package, problem) if problem is not None else None
            observed = {
                "verdict": problem or "match",
                "carrier": package.carrier if package is not None else None,
                "trackingNumber": package.tracking_number if package is not None else None,
            }
            self.core.store.journal_record(
                order_key,
                ACTION_READBACK,
                SIDE_AMAZON,
                package_reference_id=ref,
                request={"orderId": order_id, "operation": "getOrder", "confirmEntry": ce.id},
                state="done",
                result=json.dumps(observed, ensure_ascii=False, sort_keys=True),
                error=issue_message(issue) if issue is not None else None,
                amazon_order_id=order_id,
            )
            if issue is not None:
                issues.append(issue)
        return issues

    def resend(
        self,
        order: Order | str,
        carrier: Carrier | str | None = None,
        *,
        cancel: threading.Event | None = None,
    ) -> Result:
        """Send again every package whose read-back differs from what was sent (the same
        packageReferenceId: Amazon treats it as an edit of that package), then read back.

        ``carrier``: the carrier to send now (e.g. after correcting its code in settings);
        default: the carrier of the first confirmation, looked up again in the current table
        (so a corrected code override applies).
        """
        from amzdesk.spapi import ShipmentItem, ShipmentPackage

        fresh = self.core.fresh(order)
        if fresh is None:
            return not_found(order)
        ref_text = fresh.amazon_order_id or fresh.key
        if self.core.spapi is None:
            return Result(fresh.key, ref_text, SIDE_AMAZON, "refused", M("amazon_not_configured"))
        issues = fresh.notes.readback_issues
        if not issues:
            return Result(fresh.key, ref_text, SIDE_AMAZON, "skipped", M("nothing_to_resend"))
        outcomes: list[PackageOutcome] = []
        code = ""
        with order_lock(fresh.key):
            confirms, _ = confirms_and_readbacks(self.core.entries(fresh.key))
            for issue in issues:
                ce = confirms.get(issue.package_reference_id)
                if ce is None:
                    continue
                detail = ce.package_detail
                chosen = self.core.table.resolve(
                    carrier
                    or str(ce.request.get("carrier") or "")
                    or str(detail.get("carrierName") or "")
                )
                code, name = chosen.spapi_fields()
                if not code:
                    code = str(detail.get("carrierCode") or "")
                    name = str(detail.get("carrierName") or "")
                tracking = str(detail.get("trackingNumber") or "")
                package = ShipmentPackage(
                    package_reference_id=issue.package_reference_id,
                    carrier_code=code,
                    carrier_name=name,
                    tracking_number=tracking,
                    ship_date=parse_iso(str(detail.get("shipDate") or "")) or self.core.clock(),
                    items=tuple(
                        ShipmentItem(str(i.get("orderItemId", "")), int(i.get("quantity", 0)))
                        for i in detail.get("orderItems") or ()
                        if isinstance(i, Mapping)
                    ),
                    shipping_method=str(detail.get("shippingMethod") or ""),
                )
                try:
                    package.validate()
                except ValueError as exc:
                    outcomes.append(
                        PackageOutcome(package.package_reference_id, tracking, "failed", str(exc))
                    )
                    continue
                body = package.to_body(self.core.amazon().marketplace_id)
                request = self.core.amazon_request(fresh, body, ce.action)
                request["carrier"] = chosen.name
                request["resendOf"] = ce.id
                entry_id = self.core.store.journal_intent(
                    fresh.key,
                    ce.action,
                    SIDE_AMAZON,
                    package.package_reference_id,
                    request,
                    amazon_order_id=fresh.amazon_order_id,
                    display_order_number=fresh.display_order_number,
                )
                outcomes.append(
                    self.core.send_amazon_entry(entry_id, fresh.amazon_order_id, package, tracking)
                )
            return self.read_back_result(fresh, outcomes, code, cancel)

    def verify_pending(
        self, *, cancel: threading.Event | None = None, days: int = 7
    ) -> list[Resolution]:
        """Read back the confirmations of the last ``days`` that were not read back yet (a bulk
        send beyond getOrder's burst, a network error); as many as the usage plan allows now,
        without waiting -- the rest on the next call."""
        if self.core.spapi is None:
            return []
        since = self.core.clock() - timedelta(days=days)
        pending: dict[str, tuple[str, list[str]]] = {}
        by_order: dict[str, list[JournalEntry]] = {}
        for e in self.core.store.journal_entries(states=("done",), side=SIDE_AMAZON):
            by_order.setdefault(e.order_key, []).append(e)
        for key, entries in by_order.items():
            confirms, readbacks = confirms_and_readbacks(entries)
            refs = [r for r in unchecked(confirms, readbacks) if confirms[r].created_at >= since]
            if refs:
                pending[key] = (confirms[refs[0]].amazon_order_id, refs)
        out: list[Resolution] = []
        for key, (order_id, refs) in pending.items():
            if cancel is not None and cancel.is_set():
                break
            with order_lock(key):
                issues = self.read_back(key, order_id, refs, max_wait=0.0)
            if issues is None:
                break  # no getOrder token now (or no answer): the rest waits for next time
            if issues:
                out.append(Resolution(0, key, "mismatch", issues_text(issues, "")))
        return out

    def resolve_unknown(
        self,
        *,
        cancel: threading.Event | None = None,
        exclude: Iterable[str] = (),
    ) -> list[Resolution]:
        """Settle every journal entry whose outcome is not known, by asking the service.

        Amazon: the package is on the order with the number sent → ``done``; it is not and the
        order still needs shipping → the journaled request is sent again (same package, so at
        most an edit); the order is cancelled / shipped otherwise → ``failed``.  makeshop: the
        delivery shows 配送 → ``done``; still 未処理 → sent again (after re-checking Amazon for
        an Amazon order, R-F3).  Also settles exported upload-file rows that Amazon reports.

        Holds the data folder's sender lock: an entry still in flight in another process is
        never settled from here (that process holds the lock while it sends).  ``exclude``:
        order keys left alone (the order the user is sending anew: :meth:`plan_latest`).
        """
        with sender(self.core.store):
            return self._resolve_unknown(cancel, frozenset(exclude))

    def _resolve_unknown(
        self, cancel: threading.Event | None, exclude: frozenset[str]
    ) -> list[Resolution]:
        out: list[Resolution] = []
        for entry in self.core.store.unresolved():
            if cancel is not None and cancel.is_set():
                break
            if entry.order_key in exclude:
                continue
            with order_lock(entry.order_key):
                current = self.core.store.journal_entry(entry.id)
                if current is None or current.resolved:
                    continue
                try:
                    if current.side == SIDE_AMAZON:
                        res = self.resolve_amazon(current)
                    elif current.side == SIDE_MAKESHOP and current.action == ACTION_RETURN:
                        res = self.returns.resolve_return(current)
                    elif current.side == SIDE_MAKESHOP:
                        res = self.resolve_makeshop(current)
                    else:
                        continue
                except Exception as exc:
                    log.info("could not resolve journal entry %s: %s", entry.id, exc)
                    res = Resolution(
                        entry.id,
                        entry.order_key,
                        "unknown",
                        M("not_yet_known", error=describe(exc)),
                    )
            if res is not None:
                out.append(res)
        out.extend(self.resolve_exported())
        try:
            out.extend(self.verify_pending(cancel=cancel))
        except Exception:  # a read-back is never essential to settling outcomes
            log.info("pending read-backs not checked", exc_info=True)
        return out

    def resolve_amazon(self, entry: JournalEntry, *, resend: bool = True) -> Resolution | None:
        from amzdesk.spapi import ShipmentItem, ShipmentPackage

        if self.core.spapi is None:
            return Resolution(entry.id, entry.order_key, "unknown", M("amazon_unreachable"))
        order_id = entry.amazon_order_id or str(entry.request.get("orderId", ""))
        # one quick read (short deadline, no retries): a stale entry must not block the command
        az = self.core.spapi.settle_order(order_id)
        tracking = normalize(entry.tracking_number)
        pkg = next(
            (p for p in az.packages if p.package_reference_id == entry.package_reference_id), None
        )
        if pkg is not None and normalize(pkg.tracking_number) == tracking:
            self.core.store.journal_outcome(entry.id, "done", result=M("amazon_confirmed_by_order"))
            issues = self.read_back(entry.order_key, order_id, [entry.package_reference_id], az=az)
            if issues:
                return Resolution(entry.id, entry.order_key, "mismatch", issues_text(issues, ""))
            return Resolution(entry.id, entry.order_key, "done", M("amazon_had_it"))
        if az.status in (AmazonStatus.CANCELLED, AmazonStatus.UNFULFILLABLE) or az.is_fba:
            msg = M("amazon_cannot_confirm")
            self.core.store.journal_outcome(entry.id, "failed", error=msg)
            return Resolution(entry.id, entry.order_key, "failed", msg)
        if pkg is None and not az.status.needs_shipping:
            msg = M("amazon_shipped_otherwise")
            self.core.store.journal_outcome(entry.id, "failed", error=msg)
            self.refresh_amazon(entry.order_key, az)
            return Resolution(entry.id, entry.order_key, "failed", msg)
        if not resend:  # the user's new request replaces this one
            msg = M("amazon_missing_send_new")
            self.core.store.journal_outcome(entry.id, "failed", error=msg)
            return Resolution(entry.id, entry.order_key, "failed", msg)
        # Not on Amazon (or still the old number of a correction): send the same request again.
        detail = entry.package_detail
        ship = parse_iso(str(detail.get("shipDate") or "")) or self.core.clock()
        package = ShipmentPackage(
            package_reference_id=entry.package_reference_id,
            carrier_code=str(detail.get("carrierCode", "")),
            carrier_name=str(detail.get("carrierName", "")),
            tracking_number=str(detail.get("trackingNumber", "")),
            ship_date=ship,
            items=tuple(
                ShipmentItem(str(i.get("orderItemId", "")), int(i.get("quantity", 0)))
                for i in detail.get("orderItems") or ()
                if isinstance(i, Mapping)
            ),
            shipping_method=str(detail.get("shippingMethod", "")),
        )
        self.core.note_resend(entry, "Amazon")
        outcome = self.core.send_amazon_entry(entry.id, order_id, package, tracking)
        return Resolution(entry.id, entry.order_key, outcome.state, outcome.message, resent=True)

    def refresh_amazon(self, order_key: str, az: AmazonSide) -> None:
        """Store the Amazon side just read (keeps the list current; best effort)."""
        try:
            order = self.core.store.get(order_key)
            if (
                order is not None
                and order.amazon is not None
                and (az.last_updated >= order.amazon.last_updated)
            ):
                self.core.store.upsert_orders([replace(order, amazon=az)])
        except Exception:  # pragma: no cover - the list refresh is not essential
            log.debug("could not refresh %s", order_key, exc_info=True)

    def resolve_makeshop(self, entry: JournalEntry) -> Resolution | None:
        req = entry.request
        status = self.core.makeshop_status_or_unknown(entry)
        if isinstance(status, Resolution):
            return status
        if status[0] == DeliveryStatus.SHIPPED.value:
            self.core.store.journal_outcome(entry.id, "done", result=M("makeshop_done_confirmed"))
            return Resolution(entry.id, entry.order_key, "done", M("makeshop_had_it"))
        if status[0] != DeliveryStatus.UNPROCESSED.value:
            msg = M("makeshop_not_unshipped")
            self.core.store.journal_outcome(entry.id, "failed", error=msg)
            return Resolution(entry.id, entry.order_key, "failed", msg)
        order = self.core.store.get(entry.order_key)
        if order is not None and order.is_amazon:
            carrier = (
                self.core.table.by_code(str(req.get("deliveryCompanyCode", "")))
                or self.core.table.none
            )
            fake = Plan(
                order=order,
                side=SIDE_MAKESHOP,
                action=Action.COMPLETE_MAKESHOP,
                carrier=carrier,
                packages=(),
                ship_date=self.core.clock(),
                verdict=Verdict(Action.COMPLETE_MAKESHOP, True, ""),
            )
            # the journal entry itself makes the order "outcome unknown": judge without it
            order = replace(order, notes=replace(order.notes, outcome_unknown=False))
            refusal = self.core.recheck_amazon(order, replace(fake, order=order))
            if refusal is not None:
                self.core.store.journal_outcome(entry.id, "failed", error=refusal.message)
                return Resolution(entry.id, entry.order_key, "failed", refusal.message)
        self.core.note_resend(entry, "makeshop")
        out = self.core.send_makeshop_entry(entry.id, req)
        return Resolution(entry.id, entry.order_key, out.state, out.message, resent=True)

    def resolve_exported(self) -> list[Resolution]:
        """Close upload-file rows once the stored Amazon side reports them (no network)."""
        out: list[Resolution] = []
        for entry in self.core.store.journal_entries(states=("exported",)):
            order = self.core.store.get(entry.order_key)
            az = order.amazon if order is not None else None
            if az is None:
                continue
            tracking = normalize(entry.tracking_number)
            on_amazon = any(normalize(p.tracking_number) == tracking for p in az.packages)
            if az.status is AmazonStatus.SHIPPED or (tracking and on_amazon):
                self.core.store.journal_outcome(
                    entry.id, "done", result=M("amazon_shipped_confirmed")
                )
                out.append(Resolution(entry.id, entry.order_key, "done", M("amazon_reflected")))
            elif az.status is AmazonStatus.CANCELLED:
                msg = M("amazon_cancelled")
                self.core.store.journal_outcome(entry.id, "failed", error=msg)
                out.append(Resolution(entry.id, entry.order_key, "failed", msg))
        return out

    # -- offline fallback: Amazon's upload file --


def confirms_and_readbacks(
    entries: Iterable[JournalEntry],
) -> tuple[dict[str, JournalEntry], dict[str, JournalEntry]]:
    """Latest done Amazon confirmation and latest read-back per packageReferenceId."""
    confirms: dict[str, JournalEntry] = {}
    readbacks: dict[str, JournalEntry] = {}
    for e in sorted(entries, key=lambda e: e.id):
        if e.side != SIDE_AMAZON or e.state != "done":
            continue
        if e.action in CONFIRM_ACTIONS:
            confirms[e.package_reference_id] = e
        elif e.action == ACTION_READBACK:
            readbacks[e.package_reference_id] = e
    return confirms, readbacks


def unchecked(
    confirms: Mapping[str, JournalEntry], readbacks: Mapping[str, JournalEntry]
) -> list[str]:
    """Confirmed packages not read back since their latest confirmation."""
    return [
        ref for ref, ce in confirms.items() if ref not in readbacks or readbacks[ref].id < ce.id
    ]
