"""The offline fallback: Amazon's upload file (出荷通知ファイル) instead of sending.

:meth:`Exporter.export_amazon_file` writes the file for orders the rules allow to confirm on
Amazon and journals each package as ``exported`` (nothing is journalled when the file cannot be
written).  While a row is exported, the order is not confirmed through the API (no double
shipment); the row is closed when Amazon reports the order shipped (:meth:`amzdesk.shipment.
reconciliation.Reconciler.resolve_exported`), or when the user will not upload the file after
all (:meth:`Exporter.cancel_export_order`, :meth:`Exporter.cancel_all_exports`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

from amzdesk.clock import JST, iso_z
from amzdesk.messages import define
from amzdesk.models import Order
from amzdesk.rules import can_cancel_export
from amzdesk.shipment.core import WorkflowCore, order_lock
from amzdesk.shipment.planner import SIDE_AMAZON, M, Plan, Refusal, Via
from amzdesk.shipment.ports import ShipRequest
from amzdesk.shipment.results import Result, not_found, refused_result

__all__ = ["ExportReport", "Exporter"]

_SM = define(
    "shipment",
    {
        "export_cancelled": "書き出しを取り消しました",
        "export_cancel_done": (
            "Amazon 用アップロードファイルへの書き出しを取り消しました（{rows} 行）。"
            "ここから出荷通知できます"
        ),
    },
)


@dataclass(frozen=True, slots=True)
class ExportReport:
    """The file written: its path, how many rows, the orders in it and those left out (with
    the reason)."""

    path: Path
    rows: int
    order_keys: tuple[str, ...]
    refused: tuple[Result, ...] = ()


class Exporter:
    """Writing and cancelling the upload file (see the module)."""

    def __init__(self, core: WorkflowCore) -> None:
        self.core = core

    def export_amazon_file(
        self, path: str | PathLike[str], items: Iterable[ShipRequest]
    ) -> ExportReport:
        """Write the 出荷通知ファイル for ``items`` (each with ``order_key``, ``carrier``,
        ``trackings``, ``ship_date``) instead of sending; journal them as ``exported``.

        Orders the rules refuse for an Amazon-side confirmation are left out (with reason).
        Nothing is journalled when the file cannot be written."""
        from amzdesk.flatfile import FulfillmentRow, render, write_fulfillment_file

        plans: list[Plan] = []
        refused: list[Result] = []
        for item in items:
            planned = self.core.plan(
                str(item.order_key),
                item.carrier,
                list(item.trackings),
                Via.AMAZON,
                ship_date=getattr(item, "ship_date", None),
            )
            if isinstance(planned, Refusal):
                refused.append(refused_result(planned, str(item.order_key)))
            elif planned.side == SIDE_AMAZON and planned.packages:
                plans.append(planned)
        rows: list[FulfillmentRow] = []
        for plan in plans:
            code, name = plan.carrier.spapi_fields()
            day = plan.ship_date.astimezone(JST).date()
            for pkg in plan.packages:
                for item_id, qty in pkg.items:
                    rows.append(
                        FulfillmentRow(
                            plan.order.amazon_order_id, item_id, qty, day, code, name, pkg.tracking
                        )
                    )
        target = Path(path)
        if not rows:
            return ExportReport(target, 0, (), tuple(refused))
        render(rows)  # raises FlatFileError before anything is journalled
        entry_ids: list[int] = []
        for plan in plans:
            code, name = plan.carrier.spapi_fields()
            for pkg in plan.packages:
                request = {
                    "orderId": plan.order.amazon_order_id,
                    "packageDetail": {
                        "packageReferenceId": pkg.package_reference_id,
                        "carrierCode": code,
                        "carrierName": name,
                        "trackingNumber": pkg.tracking,
                        "shipDate": iso_z(plan.ship_date),
                        "orderItems": [{"orderItemId": i, "quantity": q} for i, q in pkg.items],
                    },
                }
                entry_ids.append(
                    self.core.store.mark_exported(
                        plan.order.key,
                        pkg.package_reference_id,
                        request,
                        file_name=target.name,
                        amazon_order_id=plan.order.amazon_order_id,
                    )
                )
        try:
            write_fulfillment_file(target, rows)
        except BaseException:
            for eid in entry_ids:
                self.core.store.journal_outcome(eid, "failed", error=M("export_failed"))
            raise
        return ExportReport(target, len(rows), tuple(p.order.key for p in plans), tuple(refused))

    def cancel_export(self, order_key: str) -> int:
        """The user will not upload the file after all: close the order's exported rows so the
        order can be confirmed through the API again.  Returns how many were closed."""
        n = 0
        for entry in self.core.store.journal_entries(order_key, states=("exported",)):
            self.core.store.journal_outcome(entry.id, "failed", error=_SM("export_cancelled"))
            n += 1
        return n

    def cancel_export_order(self, order: Order | str) -> Result:
        """Cancel one order's export (:meth:`cancel_export`) as a :class:`Result` for the window
        and the command line: ``done`` with the number of rows closed, ``refused`` with the
        reason of :func:`amzdesk.rules.can_cancel_export` otherwise."""
        found = self.core.fresh(order)
        if found is None:
            return not_found(order)
        key = found.key
        with order_lock(key):
            fresh = self.core.store.get(key) or found
            label = fresh.amazon_order_id or fresh.display_order_number or key
            v = can_cancel_export(fresh)
            if not v.allowed:
                return Result(key, label, "", "refused", v.reason, rule_id=v.rule_id)
            n = self.cancel_export(key)
        return Result(key, label, "file", "done", _SM("export_cancel_done", rows=n))

    def cancel_all_exports(self) -> list[Result]:
        """Cancel the export of every order still waiting for its upload file."""
        keys = dict.fromkeys(
            e.order_key for e in self.core.store.journal_entries(states=("exported",))
        )
        results = []
        for key in keys:
            order = self.core.store.get(key)
            if order is not None and order.notes.exported_not_confirmed:
                results.append(self.cancel_export_order(order))
        return results
