"""The window's background jobs: plain functions that run on a worker thread (no Qt here).

Each function takes the :class:`amzdesk.services.Services` bundle and returns plain data for the
GUI thread to apply.  Decisions stay in ``amzdesk``: sending goes through the shipment workflow
(:mod:`amzdesk.shipment`), verdicts through :mod:`amzdesk.rules`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from amzdesk.carriers import Carrier
from amzdesk.models import Order
from ui.orders.columns import sorted_permutations
from ui.orders.rows import Labels, Row, carrier_names_of, key_index_of, load_rows, rows_from_store

if TYPE_CHECKING:  # typing only: the window's first frame must not import these
    from amzdesk.services import Services
    from amzdesk.shipment import (
        BulkProgress,
        ExportReport,
        Result,
        ShipmentWorkflow,
        ShipRequest,
    )
    from amzdesk.sync import SyncProgress, SyncReport

log = logging.getLogger("amzdesk.ui")


def now_of(services: Services) -> datetime:
    return services.clock()


@dataclass
class Loaded:
    """Rows for the list plus what the status bar shows."""

    rows: list[Row]
    last_sync: dict[str, datetime | None] = field(default_factory=dict)
    count: int = 0
    perms: dict[int, list[int]] = field(default_factory=dict)
    key_index: dict[str, int] | None = None
    confirmed_today: set[str] | None = None  # orders confirmed today (the journal)


def sync_status(services: Services) -> dict[str, datetime | None]:
    try:
        status = services.sync.status()
    except Exception:  # the status bar is best effort
        log.debug("sync status unavailable", exc_info=True)
        return {}
    return {src: st.get("last_success") for src, st in status.items()}


def load_all(
    services: Services, labels: Labels | None = None, sort_column: int | None = None
) -> Loaded:
    """All list rows (worker); with ``labels``, also every column's sort permutation."""
    now = now_of(services)
    rows = load_rows(services.store, now, carrier_names_of(services.carriers))
    perms = sorted_permutations(rows, labels, sort_column) if labels is not None else {}
    return Loaded(
        rows=rows,
        last_sync=sync_status(services),
        count=len(rows),
        perms=perms,
        key_index=key_index_of(rows),
        confirmed_today=confirmed_today(services, now),
    )


FIRST_PAGE_ROWS = 80  # more than a maximised window shows


def load_first_page(services: Services, limit: int = FIRST_PAGE_ROWS) -> Loaded:
    """The list's first screen in its default order -- the orders Amazon still waits for, by
    ship-by date, shop orders that need action by order date, then the others by ship-by
    date (:func:`amzdesk.worklist.urgency_key`) -- from the store's index: shown while
    :func:`load_all` reads every row (worker)."""
    from amzdesk.models import AmazonStatus, Channel

    store = services.store
    waiting = [s.value for s in AmazonStatus if s.needs_shipping]
    first = store.fetch_first_rows(limit, channel=Channel.AMAZON_MFN.value, amazon_statuses=waiting)
    if len(first) < limit:  # then shop orders that need action, oldest first
        seen = {r.key for r in first}
        shop = store.fetch_first_rows(limit, channel=Channel.SHOP.value, needs_action=True)
        first += [r for r in shop if r.key not in seen][: limit - len(first)]
    if len(first) < limit:
        seen = {r.key for r in first}
        more = store.fetch_first_rows(limit + len(first))
        first += [r for r in more if r.key not in seen][: limit - len(first)]
    rows = rows_from_store(first, now_of(services), carrier_names_of(services.carriers))
    return Loaded(
        rows=rows, last_sync=sync_status(services), count=len(rows), key_index=key_index_of(rows)
    )


def confirmed_today(services: Services, now: datetime) -> set[str] | None:
    """Orders confirmed today, from the latest journal entries (None when unreadable)."""
    from amzdesk import worklist

    try:
        entries = services.store.journal_entries(limit=2000)
    except Exception:  # the summary is best effort
        log.debug("journal unavailable for the session summary", exc_info=True)
        return None
    return worklist.confirmed_today(entries, now)


def load_some(services: Services, keys: Iterable[str]) -> list[Row]:
    """List rows of some orders (worker), e.g. after an action changed them."""
    return load_rows(
        services.store, now_of(services), carrier_names_of(services.carriers), keys=list(keys)
    )


@dataclass
class SyncOutcome:
    report: SyncReport
    loaded: Loaded


ROWS_SHOWN_TIMEOUT = 0.5  # seconds a sync waits for the window to show the work-ready rows


@dataclass
class RowsReady:
    """Sync progress: every order needing action is in the store; here are the list's rows.

    The sync's worker reads the rows itself and then waits (at most
    :data:`ROWS_SHOWN_TIMEOUT`) until the window sets ``shown``: the window swaps the rows in
    and paints them while no worker competes with it for the interpreter.  A paint of the list
    calls into Python a few thousand times, and each call waits for a busy worker to let go.
    """

    event: SyncProgress  # the sync's work-ready progress event
    loaded: Loaded
    shown: threading.Event = field(default_factory=threading.Event)
    urgent: bool = True  # delivered to the GUI thread at once (ui.tasks)

    @property
    def text(self) -> str:
        return str(self.event.text or "同期しています…")


def _is_work_ready(event: SyncProgress) -> bool:
    return bool(event.work_ready) and event.phase == "work-ready"


def run_sync(
    services: Services,
    progress: Callable[[SyncProgress | RowsReady], None],
    cancel: threading.Event,
    labels: Labels | None = None,
    sort_column: int | None = None,
) -> SyncOutcome:
    """One sync through :meth:`amzdesk.services.Services.sync_and_settle` (the command line's
    path too, with its settling and error policy), then the fresh rows (worker).

    When every order needing action is in, the list's rows are handed over as
    :class:`RowsReady` and the worker waits (at most :data:`ROWS_SHOWN_TIMEOUT`) for the
    window to show them."""

    def on_progress(event: SyncProgress) -> None:
        if not _is_work_ready(event) or cancel.is_set():
            progress(event)
            return
        ready = RowsReady(event, load_all(services, labels, sort_column))
        progress(ready)
        ready.shown.wait(ROWS_SHOWN_TIMEOUT)

    report = services.sync_and_settle(progress=on_progress, cancel=cancel)
    return SyncOutcome(report=report, loaded=load_all(services, labels, sort_column))


def fetch_order(services: Services, key: str) -> Order | None:
    return services.store.get(key)


def fetch_customer(services: Services, display_order_number: str) -> dict[str, Any]:
    """Buyer / recipient of a shop order, on demand (never stored, never logged; R-D1).

    makeshop searches by order date only: the synced order's date finds it."""
    if services.makeshop is None:
        raise RuntimeError("makeshop is not configured")
    order = services.store.find(display_order_number)
    when = order.makeshop.order_date if order is not None and order.makeshop else None
    return services.makeshop.get_customer(display_order_number, when)


# --- sending ------------------------------------------------------------------------------------


@dataclass
class SendOutcome:
    key: str
    ok: bool
    message: str  # Japanese, for the status bar / banner
    request_id: str = ""
    rows: list[Row] = field(default_factory=list)
    order: Order | None = None
    shared_with: tuple[str, ...] = ()  # refused: the number is on these orders too (同梱?)


def workflow_of(services: Services) -> ShipmentWorkflow:
    """The shipment workflow over the services (built once; its per-order locks are
    process-wide)."""
    return services.workflow


def warm_up(services: Services) -> None:
    """Import and build, once at start-up, what the first sync and the first confirmation need
    (worker).  A module imported later, in the middle of a sync, holds the interpreter while it
    loads and the window stutters."""
    import netrc  # noqa: F401  (requests looks for ~/.netrc on the first request)

    from amzdesk import importers, shipment  # noqa: F401

    datetime.strptime("2000", "%Y")  # imports the parser behind strptime
    workflow_of(services)


def _outcome(services: Services, key: str, result: Result) -> SendOutcome:
    request_ids = [p.request_id for p in result.packages if p.request_id]
    return SendOutcome(
        key,
        bool(result.ok),
        result.message,  # a Msg stays one: the window renders it in its language
        request_id=", ".join(request_ids),
        rows=load_some(services, [key]),
        order=services.store.get(key),
        shared_with=tuple(result.shared_with),
    )


def send_action(
    services: Services,
    key: str,
    via: str,
    carrier: Carrier | None,
    numbers: Sequence[str],
    *,
    correction: bool = False,
    cancel: threading.Event | None = None,
    confirmed: bool = False,
    ship_date: date | datetime | None = None,
    shared_ok: bool = False,
) -> SendOutcome:
    """Plan and send one shipment action through the workflow, then re-read the order (worker).

    ``via`` is ``"amazon"`` or ``"makeshop"``; ``correction`` re-sends the order's confirmed
    package with the new number; ``confirmed``: the user accepted the verdict's warning (an
    order that may be Amazon's, R-F3).  The workflow journals the intent first and refuses what
    the rules refuse.
    """
    from amzdesk import shipment

    wf = workflow_of(services)
    if correction:
        order = services.store.get(key)
        packages = list(order.notes.confirmed_packages) if order is not None else []
        if order is None or not packages or carrier is None or len(numbers) != 1:
            return SendOutcome(key, False, "訂正する荷物と新しい追跡番号を1つ指定してください")
        planned = wf.plan_correction(order, packages[-1].tracking_number, numbers[0], carrier)
        if isinstance(planned, shipment.Refusal):
            return SendOutcome(key, False, planned.message, rows=load_some(services, [key]))
        return _outcome(services, key, wf.send(planned, cancel=cancel))
    result = wf.confirm(
        key,
        carrier,
        list(numbers),
        via,
        ship_date=ship_date,
        cancel=cancel,
        confirmed=confirmed,
        shared_ok=shared_ok,
    )
    return _outcome(services, key, result)


def send_bulk(
    services: Services,
    items: Sequence[ShipRequest],
    progress: Callable[[BulkProgress], None],
    cancel: threading.Event,
) -> list[Result]:
    """Confirm many orders (label CSV import) through the workflow (worker)."""
    return workflow_of(services).send_bulk(items, progress=progress, cancel=cancel)


def export_upload_file(services: Services, path: str, items: Sequence[ShipRequest]) -> ExportReport:
    """Write Amazon's 出荷通知ファイル instead of sending (worker)."""
    return workflow_of(services).export_amazon_file(path, items)


# --- messages -------------------------------------------------------------------------------------


def user_message(exc: BaseException) -> str:
    """A short message for an exception (never a traceback), in the window's language."""
    from amzdesk import errors
    from ui.i18n import tr_core

    return tr_core(errors.describe(exc))


def is_auth_error(exc: BaseException | None = None, kind: str = "") -> bool:
    if kind == "auth":
        return True
    from amzdesk import errors

    return isinstance(exc, errors.AuthError)


# --- returns (返送) -------------------------------------------------------------------------------


def return_action(
    services: Services, key: str, *, cancel: threading.Event | None = None
) -> SendOutcome:
    """makeshop 返送 of a shipped shop order through the workflow (worker): journal first,
    never twice; Amazon orders are refused with the rule's reason (R-C1)."""
    result = workflow_of(services).return_order(key, cancel=cancel)
    return _outcome(services, key, result)


def cancel_export(services: Services, key: str) -> SendOutcome:
    """Cancel the order's rows written to the Amazon upload file (worker; journaled)."""
    return _outcome(services, key, workflow_of(services).cancel_export_order(key))


def cancel_exports(services: Services, keys: Sequence[str]) -> list[Result]:
    """Cancel the export of several orders, e.g. the file just written (worker)."""
    wf = workflow_of(services)
    return [wf.cancel_export_order(k) for k in keys]


def record_return(services: Services, key: str) -> SendOutcome:
    """Record that an Amazon order's return was processed in Seller Central (R-C1; worker).
    Nothing is sent; the order shows 返送反映待ち until makeshop reflects it."""
    return _outcome(services, key, workflow_of(services).record_return_done(key))
