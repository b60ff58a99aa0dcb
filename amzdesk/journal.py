"""The action journal's vocabulary, and what an order's journal says about it.

The store (:mod:`amzdesk.store`) keeps the journal: immutable *intents* (what was about to be
done, to which order, with which idempotency key / ``package_reference_id`` and request) and
immutable *outcomes* appended later (``sent``, ``done``, ``failed``, ``unknown``, ``exported``).
An entry's state is its latest outcome (``intent`` when it has none); ``done`` and ``failed``
are final.  This module holds the rules read from it:

* :func:`derive_notes`: an order's :class:`~amzdesk.models.LocalNotes` (confirmed packages, a
  recorded return, an outcome not known, an export Amazon does not report yet, read-back issues);
* :func:`exclusive_conflict`: whether an entry forbids journaling the same package again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from amzdesk.models import AmazonStatus, LocalNotes, Order, Package
from amzdesk.readback import readback_issues

__all__ = [
    "ACTION_EXPORT",
    "ACTION_RETURN_RECORDED",
    "FINAL_STATES",
    "JOURNAL_STATES",
    "OUTCOME_STATES",
    "SIDES",
    "UNRESOLVED_STATES",
    "JournalEntry",
    "derive_notes",
    "entry_package",
    "exclusive_conflict",
    "tracking_of",
]

SIDES: Final = ("amazon", "makeshop", "file")
JOURNAL_STATES: Final = ("intent", "sent", "done", "failed", "unknown", "exported")
OUTCOME_STATES: Final = ("sent", "done", "failed", "unknown", "exported")
FINAL_STATES: Final = frozenset({"done", "failed"})
UNRESOLVED_STATES: Final = frozenset({"intent", "sent", "unknown"})

# Journal actions written by the store itself; other actions use amzdesk.rules.Action values
# ("confirm-amazon", "correct-tracking", "complete-makeshop", ...).
ACTION_RETURN_RECORDED: Final = "return-recorded"
ACTION_EXPORT: Final = "export-amazon-file"
_AMAZON_CONFIRM_ACTIONS: Final = frozenset({"confirm-amazon", "correct-tracking"})


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """A journal intent with its current (latest) outcome."""

    id: int
    created_at: datetime
    order_key: str
    amazon_order_id: str
    display_order_number: str
    action: str
    side: str
    package_reference_id: str
    request: dict[str, Any]
    state: str  # latest outcome state, "intent" when none yet
    result: str = ""
    http_status: int | None = None
    request_id: str = ""
    error: str = ""
    updated_at: datetime | None = None  # time of the latest outcome

    @property
    def resolved(self) -> bool:
        return self.state not in UNRESOLVED_STATES

    @property
    def package_detail(self) -> Mapping[str, Any]:
        """The package part of the request (``packageDetail`` of confirmShipment, else flat)."""
        detail = self.request.get("packageDetail")
        return detail if isinstance(detail, Mapping) else self.request

    @property
    def tracking_number(self) -> str:
        d = self.package_detail
        return str(d.get("trackingNumber") or d.get("tracking_number") or "")


def _ship_time(value: Any) -> datetime | None:
    """A request's ship date ("...Z" or with an offset; none without a zone means UTC)."""
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


def entry_package(entry: JournalEntry) -> Package:
    """The package an Amazon confirmation entry sent."""
    d = entry.package_detail
    items: list[tuple[str, int]] = []
    for it in d.get("orderItems") or d.get("items") or ():
        if isinstance(it, Mapping):
            with contextlib.suppress(TypeError, ValueError):
                items.append((str(it.get("orderItemId", "")), int(it.get("quantity", 0))))
    carrier = d.get("carrierName") or d.get("carrierCode") or d.get("carrier") or ""
    return Package(
        package_reference_id=entry.package_reference_id or str(d.get("packageReferenceId", "")),
        carrier=str(carrier),
        tracking_number=entry.tracking_number,
        ship_time=_ship_time(d.get("shipDate") or d.get("ship_date")),
        shipping_service=str(d.get("shippingMethod") or ""),
        status="confirmed",
        items=tuple(items),
    )


def tracking_of(request: Mapping[str, Any]) -> str:
    """The tracking (or slip) number a request sends, without white space."""
    detail = request.get("packageDetail")
    if isinstance(detail, Mapping):
        return "".join(str(detail.get("trackingNumber") or "").split())
    return "".join(str(request.get("slipNumber") or "").split())


def exclusive_conflict(
    entry: JournalEntry, request: Mapping[str, Any], *, redo_done: bool = False
) -> str | None:
    """Why ``entry`` (same order, side and package reference) forbids journaling ``request``:
    ``"pending"`` while its outcome is not known, ``"done"`` when it sent the same number
    (unless ``redo_done``: a package sent again on purpose); None when it does not."""
    if not entry.resolved:
        return "pending"
    if (
        not redo_done
        and entry.state == "done"
        and tracking_of(entry.request) == tracking_of(request)
    ):
        return "done"
    return None


def derive_notes(entries: Sequence[JournalEntry], order: Order | None = None) -> LocalNotes:
    """``LocalNotes`` for one order from its journal entries (any order; sorted here).

    * ``confirmed_packages``: Amazon confirmations (``confirm-amazon``/``correct-tracking``) whose
      outcome is ``done``; the latest per ``package_reference_id`` wins.
    * ``return_done_in_seller_central``: a ``return-recorded`` entry (R-C1).
    * ``outcome_unknown``: an entry still ``intent``/``sent``/``unknown``.
    * ``exported_not_confirmed``: an ``exported`` shipment that Amazon does not report yet
      (the Amazon side is not SHIPPED/CANCELLED and shows no package with that tracking
      number, and no later Amazon confirmation of that tracking number is ``done``).
    * ``readback_issues``: confirmed packages whose read-back differs from what was sent
      (:func:`amzdesk.readback.readback_issues`).
    """
    ordered = sorted(entries, key=lambda e: e.id)
    packages: dict[str, Package] = {}
    return_done = False
    unknown = False
    done_trackings: set[str] = set()
    confirmed_at: datetime | None = None
    return_at: datetime | None = None
    unknown_since: datetime | None = None
    exported_at: datetime | None = None
    for e in ordered:
        when = e.updated_at or e.created_at
        if e.state in UNRESOLVED_STATES:
            unknown = True
            unknown_since = unknown_since or e.created_at
        if e.action == ACTION_RETURN_RECORDED and e.state == "done":
            return_done = True
            return_at = when
        elif e.side == "amazon" and e.state == "done" and e.action in _AMAZON_CONFIRM_ACTIONS:
            pkg = entry_package(e)
            packages.pop(pkg.package_reference_id, None)
            packages[pkg.package_reference_id] = pkg
            confirmed_at = when
            if pkg.tracking_number:
                done_trackings.add(pkg.tracking_number)
    exported = False
    az = order.amazon if order is not None else None
    amazon_trackings = {p.tracking_number for p in az.packages} if az is not None else set()
    amazon_final = az is not None and az.status in (AmazonStatus.SHIPPED, AmazonStatus.CANCELLED)
    for e in ordered:
        if e.side == "file" and e.state == "exported":
            tn = e.tracking_number
            if amazon_final or (tn and (tn in amazon_trackings or tn in done_trackings)):
                continue
            exported = True
            exported_at = e.updated_at or e.created_at
    return LocalNotes(
        confirmed_packages=tuple(packages.values()),
        return_done_in_seller_central=return_done,
        outcome_unknown=unknown,
        exported_not_confirmed=exported,
        confirmed_at=confirmed_at,
        exported_at=exported_at,
        return_recorded_at=return_at,
        unknown_since=unknown_since,
        readback_issues=readback_issues(ordered, order),
    )
