"""Shipment confirmation that is never lost and never doubled.

The parts (each imports only the ones listed before it; no cycles, checked by import-linter):

* :mod:`~amzdesk.shipment.planner` -- pure: which side (Amazon / makeshop) and which packages,
  or a :class:`Refusal` with the rule's reason.
* :mod:`~amzdesk.shipment.results` -- pure: :class:`Result`, :class:`PackageOutcome`,
  :class:`Resolution`, :class:`BulkProgress`.
* :mod:`~amzdesk.shipment.ports` -- the Protocols of the store and the two clients.
* :mod:`~amzdesk.shipment.core` -- the shared state, the per-order locks and the journaled sends.
* :mod:`~amzdesk.shipment.returns` -- 返送 of shop orders; Seller Central returns recorded.
* :mod:`~amzdesk.shipment.reconciliation` -- read-backs and settling unknown outcomes.
* :mod:`~amzdesk.shipment.export` -- Amazon's upload file and cancelling it.
* :mod:`~amzdesk.shipment.workflow` -- sending, and :class:`ShipmentWorkflow`, the one object
  callers use (journal-first rules: see that module).
"""

from __future__ import annotations

from amzdesk.shipment.export import ExportReport
from amzdesk.shipment.planner import (
    Plan,
    PlannedPackage,
    Refusal,
    Via,
    makeshop_idempotency_key,
    makeshop_return_key,
    package_reference_id,
    plan_correction,
    plan_shipment,
    ship_datetime,
    split_items,
)
from amzdesk.shipment.ports import AmazonClient, MakeshopClient, ShipmentStore, ShipRequest
from amzdesk.shipment.results import BulkProgress, PackageOutcome, Resolution, Result
from amzdesk.shipment.workflow import ShipmentWorkflow

__all__ = [
    "AmazonClient",
    "BulkProgress",
    "ExportReport",
    "MakeshopClient",
    "PackageOutcome",
    "Plan",
    "PlannedPackage",
    "Refusal",
    "Resolution",
    "Result",
    "ShipRequest",
    "ShipmentStore",
    "ShipmentWorkflow",
    "Via",
    "makeshop_idempotency_key",
    "makeshop_return_key",
    "package_reference_id",
    "plan_correction",
    "plan_shipment",
    "ship_datetime",
    "split_items",
]
