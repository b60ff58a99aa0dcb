"""What the shipment workflow needs of the store and the two services, as Protocols.

:class:`amzdesk.store.Store`, :class:`amzdesk.spapi.SpApiClient` and
:class:`amzdesk.makeshop.MakeshopClient` satisfy them (mypy checks it where
:class:`amzdesk.services.Services` builds the workflow); nothing else of those classes is used
here, so a reader sees at a glance what a send, a settle or an export may touch.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from amzdesk.models import AmazonSide, MakeshopSide, Order

if TYPE_CHECKING:
    from amzdesk.carriers import Carrier
    from amzdesk.spapi import ShipmentPackage
    from amzdesk.store import JournalEntry

__all__ = [
    "AmazonClient",
    "ConfirmReceipt",
    "MakeshopClient",
    "ShipRequest",
    "ShipmentStore",
]


class ConfirmReceipt(Protocol):
    """A ``confirmShipment`` Amazon accepted (:class:`amzdesk.spapi.ConfirmResult`)."""

    @property
    def request_id(self) -> str: ...

    @property
    def status(self) -> int: ...


class AmazonClient(Protocol):
    """The part of :class:`amzdesk.spapi.SpApiClient` the workflow uses."""

    @property
    def marketplace_id(self) -> str: ...

    def get_order(self, order_id: str, *, max_wait: float | None = None) -> AmazonSide:
        """``getOrder`` (a usage-plan wait longer than ``max_wait`` raises at once)."""
        ...

    def settle_order(self, order_id: str) -> AmazonSide:
        """``getOrder`` with one attempt and a short deadline (settling an unknown outcome)."""
        ...

    def confirm_shipment(self, order_id: str, package: ShipmentPackage) -> ConfirmReceipt:
        """``confirmShipment`` of one package; raises ``OutcomeUnknown`` when it cannot say."""
        ...


class MakeshopClient(Protocol):
    """The part of :class:`amzdesk.makeshop.MakeshopClient` the workflow uses."""

    def mark_shipped(
        self,
        display_order_number: str,
        delivery_ids: Sequence[str],
        carrier_code: str,
        slip_number: Sequence[str],
    ) -> object:
        """配送完了 of the given deliveries (carrier + 伝票番号, then ``COMPLETED``)."""
        ...

    def iter_orders(self, start: datetime, end: datetime) -> Iterator[MakeshopSide]:
        """Every order placed between ``start`` and ``end``."""
        ...


class ShipmentStore(Protocol):
    """The part of :class:`amzdesk.store.Store` the workflow uses: orders and the journal."""

    def get(self, key: str) -> Order | None: ...

    def find(self, ref: str) -> Order | None: ...

    def upsert_orders(self, orders: Iterable[Order]) -> int: ...

    def tracking_owners(self, numbers: Iterable[str]) -> dict[str, set[str]]: ...

    def journal_intent(
        self,
        order_key: str,
        action: str,
        side: str,
        package_reference_id: str = "",
        request: Mapping[str, Any] | None = None,
        *,
        amazon_order_id: str | None = None,
        display_order_number: str | None = None,
        exclusive: bool = False,
        redo_done: bool = False,
    ) -> int:
        """Record an intent durably before anything is sent; returns its id."""
        ...

    def journal_record(
        self,
        order_key: str,
        action: str,
        side: str,
        *,
        package_reference_id: str,
        request: Mapping[str, Any],
        state: str,
        result: str | None = None,
        error: str | None = None,
        request_id: str | None = None,
        http_status: int | None = None,
        amazon_order_id: str | None = None,
        display_order_number: str | None = None,
    ) -> int: ...

    def journal_outcome(
        self,
        entry_id: int,
        state: str,
        *,
        request_id: str | None = None,
        http_status: int | None = None,
        result: str | None = None,
        error: str | None = None,
    ) -> None: ...

    def journal_entry(self, entry_id: int) -> JournalEntry | None: ...

    def journal_entries(
        self,
        order_key: str | None = None,
        limit: int | None = None,
        states: Iterable[str] | None = None,
        *,
        side: str | None = None,
        action: str | None = None,
    ) -> list[JournalEntry]: ...

    def unresolved(self) -> list[JournalEntry]: ...

    def record_return_done(
        self, order_key: str, *, note: str = "", amazon_order_id: str | None = None
    ) -> int: ...

    def mark_exported(
        self,
        order_key: str,
        package_reference_id: str,
        request: Mapping[str, Any],
        *,
        file_name: str = "",
        amazon_order_id: str | None = None,
    ) -> int: ...


class ShipRequest(Protocol):
    """One order to confirm or export (e.g. :class:`amzdesk.importers.BulkItem`).  Optional
    attributes, read when present: ``ship_date`` (a date) and ``shared_ok`` (the user chose to
    send a number another order already has)."""

    @property
    def order_key(self) -> str: ...

    @property
    def carrier(self) -> Carrier | str | None: ...

    @property
    def trackings(self) -> Sequence[str]: ...
