"""Pull Amazon (SP-API) and makeshop orders into the local store, work first, history later.

Why one module of this size: the phases below share one run's cursor state, report and page
commits (``_Run``), so splitting them apart would pass that state between modules; the
matching helpers and client adapters around it are short.

The shape of a sync
===================

``SyncService.run()`` walks a fixed list of *phases*.  Every phase pages through one query; every
page is written to the store **in one transaction together with the advanced cursor** (a JSON
state per source, kept in ``store`` cursors ``sync.amazon`` / ``sync.makeshop``).  So a sync
interrupted at any point -- exception, cancel, killed process -- leaves whole pages in the store
and the next ``run()`` resumes at the page after the last one committed (Amazon: the persisted
``paginationToken``; makeshop: the persisted page number of a fixed window).

First sync (no cursor yet).  ``T0`` is the start time; every order created in
``[T0 - horizon, T0 - 3 min]`` is split by status between the two Amazon phases, so no order is
fetched twice:

1. ``amazon-work``:    ``searchOrders(createdAfter=T0-horizon, createdBefore=T0-3min,
   fulfillmentStatuses=UNSHIPPED,PARTIALLY_SHIPPED)`` -- everything that still needs shipping.
   The window is the whole horizon (not just the last days): the number of calls depends on the
   number of matching orders, not on the window, and an old unshipped order needs action too.
2. ``makeshop-work``:  ``searchOrder(deliveryStatus=N)`` over the same horizon (未処理 orders:
   shop orders to ship and the makeshop side of Amazon orders to confirm).
3. ``work-ready`` is reported: every order needing action is in the store.  The incremental
   Amazon cursor is set to ``T0 - 3 min - overlap``: everything that changes from now on is
   seen by ``lastUpdatedAfter``; the work phase is never repeated.
4. ``makeshop-history``: all statuses over the horizon (1 call/s and 200 orders per call:
   cheap, so it goes before Amazon's history).
5. ``amazon-history``: ``createdAfter``/``createdBefore`` as in 1 with every *other* status
   (``PENDING``, ``PENDING_AVAILABILITY``, ``SHIPPED``, ``CANCELLED``, ``UNFULFILLABLE``).
   With the default usage plan (burst 20, then one call per ~3 min) this takes hours for a big
   seller; it is resumable across restarts and ``history_pages_per_run`` can bound it per run so
   periodic syncs stay responsive.

Later syncs:

1. ``amazon-updates``: ``searchOrders(lastUpdatedAfter=cursor)`` (all statuses, both
   fulfilment channels).  N changed orders cost ceil(N/100) calls and no per-order call
   (``includedData=FULFILLMENT,PACKAGES`` brings items and packages).  The new cursor is the
   pass's upper bound (the response's ``lastUpdatedBefore`` when given, else the pass's start
   time) minus ``overlap`` (5 min) so that late-indexed updates are not lost; orders refetched
   because of the overlap are counted as fetched but not as changed.
2. ``makeshop-updates``: makeshop can only search by *order date*, so a pass re-reads the window
   from ``min(covered_until - overlap, now - recheck_days, oldest unsettled order)`` to now,
   where an *unsettled* order is one whose makeshop side can still change by itself: 未処理
   (shop orders to ship; Amazon orders waiting for makeshop's own sync, R-F2), a return recorded
   as done in Seller Central, or an Amazon order whose Amazon side changed within ``settle``
   (3 days: a return or cancellation on Amazon reaches makeshop later, R-C1) while makeshop does
   not show a final 返送 / キャンセル.  ``recheck`` (14 days) also catches cancellations and
   returns of recent shop orders.  makeshop offers no "updated since" filter, so this window is
   the price of seeing those changes: 1 call per 200 orders in it, at 1 call/s.
3. ``work-ready``; then any unfinished history continues.

Matching
========

Amazon orders are keyed ``az:<AmazonOrderId>``.  A makeshop order that carries an Amazon order id
(``MakeshopSide.amazon_order_id``, found anywhere in the order, see :mod:`amzdesk.recognition`)
is the makeshop side of that row, whichever side arrives first.  A makeshop order recognised as
Amazon by its payment method but without an id keeps its own key ``ms:<systemOrderNumber>`` with
an Amazon channel until, with both services configured, the match pass at the end of each sync
finds its SP-API order by date and items (one candidate only): the makeshop side then moves to
the ``az:`` row (signal ``match``, kept by later syncs).  A shop-looking order that matches or
resembles an SP-API order is not moved: it gets the weak sign ``maybe:similar-amazon-order``,
so makeshop's 配送完了 asks for a confirmation first (R-F3).  The run's ``SyncReport.match``
counts what was seen.  FBA is ``fulfilledBy == AMAZON`` on the Amazon side (makeshop shows
nothing public for it).  Everything else is a ``shop`` order ``ms:<system no.>``.

Errors on one side never stop the other; each is reported as a :class:`SyncIssue` with a
Japanese message (no secrets, no personal data).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Final, Protocol, TypeVar, cast

from amzdesk import assumptions, recognition
from amzdesk import recognition as _recognition_module
from amzdesk.clock import Clock, iso_z, parse_iso, utcnow
from amzdesk.errors import Cancelled
from amzdesk.makeshop import is_last_page
from amzdesk.messages import define, join
from amzdesk.models import (
    AmazonSide,
    AmazonStatus,
    Channel,
    DeliveryStatus,
    MakeshopSide,
    Order,
    order_key_for_amazon,
    order_key_for_shop,
)
from amzdesk.proclock import sender

__all__ = [
    "AMAZON_CURSOR",
    "HISTORY_STATUSES",
    "MAKESHOP_CURSOR",
    "WORK_STATUSES",
    "SourceReport",
    "SyncIssue",
    "SyncPhase",
    "SyncProgress",
    "SyncReport",
    "SyncService",
    "channel_for",
    "merge_amazon",
    "merge_makeshop",
    "order_key_for_makeshop",
]

log = logging.getLogger("amzdesk.sync")

AMAZON: Final = "amazon"
MAKESHOP: Final = "makeshop"
AMAZON_CURSOR: Final = "sync.amazon"
MAKESHOP_CURSOR: Final = "sync.makeshop"
STATE_VERSION: Final = 1

SEARCH_PAGE_SIZE: Final = 100  # searchOrders maxResultsPerPage (the maximum)
INCLUDED_DATA: Final = ("FULFILLMENT", "PACKAGES")  # never BUYER / RECIPIENT (R-D1)
WORK_STATUSES: Final = (AmazonStatus.UNSHIPPED, AmazonStatus.PARTIALLY_SHIPPED)
HISTORY_STATUSES: Final = tuple(s for s in AmazonStatus if s not in WORK_STATUSES)
# createdBefore / lastUpdatedBefore must be at least 2 minutes before the request.
CREATED_BEFORE_MARGIN: Final = timedelta(minutes=3)

DEFAULT_HORIZON: Final = timedelta(days=90)
DEFAULT_OVERLAP: Final = timedelta(minutes=5)
DEFAULT_RECHECK: Final = timedelta(days=14)
# How long an Amazon-side change may take to reach makeshop (unknown; see assumptions).
DEFAULT_SETTLE: Final = timedelta(days=3)


# --- public result types ------------------------------------------------------------------------


class SyncPhase(StrEnum):
    STARTED = "started"
    AMAZON_WORK = "amazon-work"
    MAKESHOP_WORK = "makeshop-work"
    AMAZON_UPDATES = "amazon-updates"
    MAKESHOP_UPDATES = "makeshop-updates"
    WORK_READY = "work-ready"
    MAKESHOP_HISTORY = "makeshop-history"
    AMAZON_HISTORY = "amazon-history"
    FINISHED = "finished"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return _PHASE_LABELS[self]


_PHASE_LABELS: Final = {
    SyncPhase.STARTED: "同期を開始しました",
    SyncPhase.AMAZON_WORK: "Amazon の未出荷の注文を取得しています",
    SyncPhase.MAKESHOP_WORK: "makeshop の未処理の注文を取得しています",
    SyncPhase.AMAZON_UPDATES: "Amazon の更新された注文を取得しています",
    SyncPhase.MAKESHOP_UPDATES: "makeshop の最近の注文を取得しています",
    SyncPhase.WORK_READY: "対応が必要な注文はすべて取得しました。作業を始められます",
    SyncPhase.MAKESHOP_HISTORY: "makeshop の過去の注文を取得しています",
    SyncPhase.AMAZON_HISTORY: "Amazon の過去の注文を取得しています（時間がかかります）",
    SyncPhase.FINISHED: "同期が完了しました",
    SyncPhase.CANCELLED: "同期を中止しました",
}


M = define(
    "sync",
    {
        "not_configured": "{service}: 未設定",
        "failed": "{service}: エラー（{message}）",
        "counts": "{service}: {fetched} 件取得・{changed} 件更新",
        "cancelled": "中止しました",
        "from_source": "{service}: {message}",
        "kind_auth": "認証に失敗しました。認証情報を確認してください",
        "kind_rate_limit": (
            "リクエストが多すぎるため受け付けられませんでした。しばらくしてから再度同期してください"
        ),
        "kind_server": "サーバーでエラーが起きました。しばらくしてから再度同期してください",
        "kind_input": "リクエストが受け付けられませんでした",
        "kind_network": "接続できませんでした。ネットワークを確認してください",
        "kind_invalid_response": (
            "想定外の応答を受け取りました。しばらくしてから再度同期してください"
        ),
        "kind_unexpected": "同期中に予期しないエラーが起きました。ログを確認してください",
    },
)


@dataclass(frozen=True, slots=True)
class SyncProgress:
    """One progress event: after each committed page, and at each phase change."""

    phase: SyncPhase
    source: str  # "amazon" | "makeshop" | "" (whole sync)
    pages: int = 0  # pages committed in this phase (this run)
    orders: int = 0  # orders fetched in this phase (this run)
    total_orders: int | None = None  # when the service tells (makeshop searchedCount)
    work_ready: bool = False  # every order needing action is in the store
    message: str = ""  # Japanese, for a status bar

    @property
    def text(self) -> str:
        return self.message or self.phase.label


@dataclass(frozen=True, slots=True)
class SyncIssue:
    """An error reported by a sync.  ``message`` is Japanese and safe to show and log."""

    source: str
    kind: str  # "auth" | "rate-limit" | "server" | "network" | "invalid-response" | "input" | ...
    message: str
    status: int | None = None
    request_id: str = ""
    phase: str = ""


@dataclass(slots=True)
class SourceReport:
    source: str
    configured: bool = False
    pages: int = 0
    calls: int = 0  # HTTP requests made by the client during this run (retries included)
    orders_fetched: int = 0
    orders_changed: int = 0
    errors: list[SyncIssue] = field(default_factory=list)
    finished: bool = False  # every phase due in this run completed
    cancelled: bool = False
    work_ready: bool = False  # the orders needing action are in the store
    history_complete: bool = False
    last_success: datetime | None = None  # end of the last run without error for this source
    phases: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(slots=True)
class SyncReport:
    started: datetime
    finished_at: datetime | None = None
    amazon: SourceReport = field(default_factory=lambda: SourceReport(AMAZON))
    makeshop: SourceReport = field(default_factory=lambda: SourceReport(MAKESHOP))
    cancelled: bool = False
    work_ready: bool = False
    work_ready_at: datetime | None = None
    # makeshop orders seen by this run: recognised as Amazon's, matched, unmatched (None when
    # makeshop is not configured)
    match: recognition.MatchReport | None = None

    @property
    def sources(self) -> tuple[SourceReport, SourceReport]:
        return (self.amazon, self.makeshop)

    @property
    def errors(self) -> list[SyncIssue]:
        return [*self.amazon.errors, *self.makeshop.errors]

    @property
    def ok(self) -> bool:
        return not self.errors and not self.cancelled

    @property
    def orders_changed(self) -> int:
        return self.amazon.orders_changed + self.makeshop.orders_changed

    def summary(self) -> str:
        """A short summary for a status bar (a Msg: Japanese, rendered in the window's language)."""
        parts: list[str] = []
        for rep, label in ((self.amazon, "Amazon"), (self.makeshop, "makeshop")):
            if not rep.configured:
                parts.append(M("not_configured", service=label))
            elif rep.errors:
                parts.append(M("failed", service=label, message=rep.errors[0].message))
            else:
                parts.append(
                    M(
                        "counts",
                        service=label,
                        fetched=rep.orders_fetched,
                        changed=rep.orders_changed,
                    )
                )
        if self.cancelled:
            parts.append(M("cancelled"))
        return join(parts, " / ")

    def match_lines(self) -> list[Any]:
        """The match report as sentences (messages), empty when makeshop was not synced."""
        return self.match.lines() if self.match is not None else []


# --- client protocols (what sync needs from amzdesk.spapi / amzdesk.makeshop) -------------------


@dataclass(frozen=True, slots=True)
class AmazonPage:
    orders: tuple[AmazonSide, ...]
    next_token: str | None
    last_updated_before: datetime | None = None
    created_before: datetime | None = None


@dataclass(frozen=True, slots=True)
class MakeshopPageData:
    orders: tuple[MakeshopSide, ...]
    searched_count: int


class AmazonSearch(Protocol):
    def __call__(
        self,
        *,
        created_after: datetime | None,
        created_before: datetime | None,
        last_updated_after: datetime | None,
        statuses: Sequence[AmazonStatus] | None,
        token: str | None,
    ) -> AmazonPage: ...


class MakeshopSearch(Protocol):
    def __call__(
        self,
        *,
        start: datetime,
        end: datetime,
        delivery_status: DeliveryStatus | None,
        page: int,
        limit: int,
    ) -> MakeshopPageData: ...


class StoreLike(Protocol):
    def get(self, key: str) -> Order | None: ...

    def get_cursor(self, name: str) -> str | None: ...


# --- matching (pure) ----------------------------------------------------------------------------


def makeshop_is_amazon(side: MakeshopSide) -> bool:
    """Recognised as an Amazon order (payment method, an order ID in it, or matched)."""
    return recognition.is_amazon(side)


def order_key_for_makeshop(side: MakeshopSide) -> str:
    """``az:<id>`` when the makeshop order names its Amazon order, else ``ms:<system no.>``."""
    if side.amazon_order_id:
        return order_key_for_amazon(side.amazon_order_id)
    return order_key_for_shop(side.system_order_number)


def channel_for(amazon: AmazonSide | None, makeshop: MakeshopSide | None) -> Channel:
    """The order's channel: Amazon's ``fulfilledBy`` wins, else what makeshop shows."""
    if amazon is not None:
        return Channel.AMAZON_FBA if amazon.is_fba else Channel.AMAZON_MFN
    if makeshop is not None and makeshop_is_amazon(makeshop):
        # makeshop shows nothing public that tells FBA apart: Amazon's side says it once synced
        return Channel.AMAZON_MFN
    return Channel.SHOP


def merge_amazon(existing: Order | None, side: AmazonSide) -> Order:
    """The row for ``side``: its makeshop side and local notes are kept."""
    key = order_key_for_amazon(side.order_id)
    if existing is None:
        return Order(key=key, channel=channel_for(side, None), amazon=side)
    return replace(existing, key=key, amazon=side, channel=channel_for(side, existing.makeshop))


def merge_makeshop(existing: Order | None, side: MakeshopSide) -> Order:
    """The row for ``side``: its Amazon side (if any) and local notes are kept."""
    key = order_key_for_makeshop(side)
    if existing is None:
        return Order(key=key, channel=channel_for(None, side), makeshop=side)
    return replace(existing, key=key, makeshop=side, channel=channel_for(existing.amazon, side))


def _is_unsettled(order: Order, since: datetime) -> bool:
    """The makeshop side can still change by itself (so updates must re-read it).

    ``since``: Amazon-side changes after this instant may still be on their way to makeshop.
    """
    ms = order.makeshop
    if ms is None:
        return False
    if ms.delivery_status is DeliveryStatus.UNPROCESSED:
        # 未処理: shipping, cancellation or makeshop's own Amazon sync (R-F2) will change it
        return True
    if ms.delivery_status in (DeliveryStatus.RETURNED, DeliveryStatus.CANCELLED):
        return False  # final
    if order.notes.return_done_in_seller_central:
        return True  # R-C1: makeshop turns the order to 返送 by itself, later
    # A recent change on Amazon (a return, a cancellation) reaches makeshop after a delay.
    return order.amazon is not None and order.amazon.last_updated >= since


# --- cursor state -------------------------------------------------------------------------------


def _dt(value: Any) -> datetime | None:
    return parse_iso(value) if isinstance(value, str) and value else None


def _load_state(store: StoreLike, name: str) -> dict[str, Any]:
    raw = store.get_cursor(name)
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        log.warning("sync cursor %s unreadable; starting over", name)
        return {}
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
        return {}
    return data


# --- the service --------------------------------------------------------------------------------


ProgressCallback = Callable[[SyncProgress], None]


class SyncService:
    """Pulls both services into ``store``.  One ``run()`` at a time (a lock guards it).

    ``spapi`` is an :class:`amzdesk.spapi.SpApiClient` (or ``None`` when Amazon is not set up),
    ``makeshop`` a :class:`amzdesk.makeshop.MakeshopClient` (or ``None``).
    """

    def __init__(
        self,
        store: Any,
        spapi: Any | None = None,
        makeshop: Any | None = None,
        clock: Clock = utcnow,
        *,
        horizon: timedelta = DEFAULT_HORIZON,
        overlap: timedelta = DEFAULT_OVERLAP,
        recheck: timedelta = DEFAULT_RECHECK,
        settle: timedelta = DEFAULT_SETTLE,
        history_pages_per_run: int | None = None,
        makeshop_page_limit: int = assumptions.MAKESHOP_PAGE_LIMIT,
        recognition: recognition.Recognition | None = None,
    ) -> None:
        self.store = store
        self.spapi = spapi
        self.makeshop = makeshop
        self.clock = clock
        self.horizon = horizon
        self.overlap = overlap
        self.recheck = recheck
        self.settle = settle
        self.history_pages_per_run = history_pages_per_run
        self.makeshop_page_limit = makeshop_page_limit
        self.recognition = recognition or _recognition_module.Recognition()
        self._lock = threading.Lock()

    # -- state queries (for the UI) ------------------------------------------------------------

    def status(self) -> dict[str, dict[str, Any]]:
        """Per source: configured, work_ready, history_complete, last_success (no I/O)."""
        out: dict[str, dict[str, Any]] = {}
        for source, client, name in (
            (AMAZON, self.spapi, AMAZON_CURSOR),
            (MAKESHOP, self.makeshop, MAKESHOP_CURSOR),
        ):
            st = _load_state(self.store, name)
            out[source] = {
                "configured": client is not None,
                "work_ready": bool(st.get("work", {}).get("done")),
                "history_complete": bool(st.get("history", {}).get("done")),
                "last_success": _dt(st.get("last_success")),
            }
        return out

    # -- run -----------------------------------------------------------------------------------

    def run(
        self,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> SyncReport:
        if not self._lock.acquire(blocking=False):
            raise RuntimeError("sync already running")
        try:
            # one process at a time talks to the services for a data folder (usage plans)
            with sender(self.store):
                return _Run(self, progress, cancel).execute()
        finally:
            self._lock.release()


class _Run:
    """One execution of the phases (internal)."""

    def __init__(
        self,
        svc: SyncService,
        progress: ProgressCallback | None,
        cancel: threading.Event | None,
    ) -> None:
        self.svc = svc
        self.store = svc.store
        self.progress_cb = progress
        self.cancel = cancel or threading.Event()
        self.report = SyncReport(started=svc.clock())
        self.report.amazon.configured = svc.spapi is not None
        self.report.makeshop.configured = svc.makeshop is not None
        self.amazon_search: AmazonSearch | None = None
        self.makeshop_search: MakeshopSearch | None = None
        if svc.spapi is not None:
            self.amazon_search = _counted(_amazon_search_for(svc.spapi), self.report.amazon)
        if svc.makeshop is not None:
            self.makeshop_search = _counted(
                _makeshop_search_for(svc.makeshop), self.report.makeshop
            )
        self.failed: set[str] = set()
        self.seen_makeshop: dict[str, str] = {}  # system order number -> row key, this run
        # row key -> the order as this run last wrote it (the match report reads these instead
        # of decoding every seen order from the store again)
        self.written_makeshop: dict[str, Order] = {}

    # -- helpers --------------------------------------------------------------------------------

    def emit(self, event: SyncProgress) -> None:
        if self.progress_cb is not None:
            self.progress_cb(event)

    def check_cancel(self) -> None:
        if self.cancel.is_set():
            raise Cancelled

    def rep(self, source: str) -> SourceReport:
        return self.report.amazon if source == AMAZON else self.report.makeshop

    def commit(self, cursor: str, state: Mapping[str, Any], orders: Iterable[Order]) -> None:
        _commit_page(self.store, cursor, json.dumps(state, sort_keys=True), list(orders))

    def guarded(self, source: str, phase: SyncPhase, fn: Callable[[], None]) -> None:
        """Run one phase of one source; an error marks the source failed for this run."""
        if source in self.failed:
            return
        rep = self.rep(source)
        rep.phases.append(phase.value)
        try:
            fn()
        except Cancelled:
            raise
        except Exception as exc:  # reported, never raised: the other side goes on
            if self.cancel.is_set():
                raise Cancelled from None
            issue = _issue_from(exc, source, phase)
            log.warning(
                "sync %s failed in %s: %s (%s)", source, phase.value, issue.kind, type(exc).__name__
            )
            rep.errors.append(issue)
            self.failed.add(source)

    # -- top level ------------------------------------------------------------------------------

    def execute(self) -> SyncReport:
        svc = self.svc
        self.emit(SyncProgress(SyncPhase.STARTED, ""))
        # The clients' rate-limit waits are interrupted by the same cancel event.
        saved = [(c, getattr(c, "cancel", None)) for c in (svc.spapi, svc.makeshop) if c]
        for client, _ in saved:
            if hasattr(client, "cancel"):
                client.cancel = self.cancel
        try:
            a_state = _load_state(self.store, AMAZON_CURSOR) if svc.spapi is not None else {}
            m_state = _load_state(self.store, MAKESHOP_CURSOR) if svc.makeshop is not None else {}
            a_first = not a_state.get("work", {}).get("done")
            m_first = not m_state.get("work", {}).get("done")

            # 1. what needs action
            if self.amazon_search is not None:
                if a_first:
                    self.guarded(AMAZON, SyncPhase.AMAZON_WORK, self.amazon_work)
                else:
                    self.guarded(AMAZON, SyncPhase.AMAZON_UPDATES, self.amazon_updates)
            if self.makeshop_search is not None:
                if m_first:
                    self.guarded(MAKESHOP, SyncPhase.MAKESHOP_WORK, self.makeshop_work)
                else:
                    self.guarded(MAKESHOP, SyncPhase.MAKESHOP_UPDATES, self.makeshop_updates)
            self.mark_work_ready()
            # 2. history, cheapest first
            if self.makeshop_search is not None:
                self.guarded(MAKESHOP, SyncPhase.MAKESHOP_HISTORY, self.makeshop_history)
            if self.amazon_search is not None:
                self.guarded(AMAZON, SyncPhase.AMAZON_HISTORY, self.amazon_history)
            if self.makeshop_search is not None:
                self.match_pass()
        except Cancelled:
            self.report.cancelled = True
            for rep in self.report.sources:
                if rep.configured:
                    rep.cancelled = True
        finally:
            for client, previous in saved:
                if hasattr(client, "cancel"):
                    client.cancel = previous
        self.finish()
        return self.report

    def mark_work_ready(self) -> None:
        ready = all(
            not rep.configured or (rep.work_ready and rep.source not in self.failed)
            for rep in self.report.sources
        ) and any(rep.configured for rep in self.report.sources)
        if ready:
            self.report.work_ready = True
            self.report.work_ready_at = self.svc.clock()
            self.emit(SyncProgress(SyncPhase.WORK_READY, "", work_ready=True))

    def finish(self) -> None:
        now = self.svc.clock()
        self.report.finished_at = now
        for rep, cursor in (
            (self.report.amazon, AMAZON_CURSOR),
            (self.report.makeshop, MAKESHOP_CURSOR),
        ):
            if not rep.configured:
                continue
            state = _load_state(self.store, cursor)
            rep.history_complete = bool(state.get("history", {}).get("done"))
            if not rep.errors and not rep.cancelled:
                rep.finished = True
                state["last_success"] = iso_z(now)
                _commit_page(self.store, cursor, json.dumps(state, sort_keys=True), [])
            rep.last_success = _dt(state.get("last_success"))
        if self.report.cancelled:
            self.emit(SyncProgress(SyncPhase.CANCELLED, "", work_ready=self.report.work_ready))
        else:
            self.emit(
                SyncProgress(
                    SyncPhase.FINISHED,
                    "",
                    work_ready=self.report.work_ready,
                    message=self.report.summary(),
                )
            )

    # -- Amazon -------------------------------------------------------------------------------

    def _amazon_pages(
        self,
        phase: SyncPhase,
        state: dict[str, Any],
        section: str,
        query: Mapping[str, Any],
        budget: int | None = None,
    ) -> tuple[bool, AmazonPage | None]:
        """Page through one Amazon query from the persisted token; returns (done, first page)."""
        assert self.amazon_search is not None
        rep = self.report.amazon
        sec = state.setdefault(section, {})
        pages = orders = 0
        first: AmazonPage | None = None
        while True:
            self.check_cancel()
            if budget is not None and pages >= budget:
                return False, first
            token = sec.get("token")
            try:
                page = self.amazon_search(token=token, **query)
            except Exception as exc:
                if token and _is_bad_input(exc):
                    # An expired (24 h) or rejected pagination token: restart this query.
                    log.info("sync amazon: pagination token refused; restarting %s", section)
                    sec["token"] = None
                    continue
                raise
            if first is None:
                first = page
            changed = self._store_amazon(page.orders, state, section, page.next_token)
            pages += 1
            orders += len(page.orders)
            rep.pages += 1
            rep.orders_fetched += len(page.orders)
            rep.orders_changed += changed
            self.emit(SyncProgress(phase, AMAZON, pages=pages, orders=orders))
            if not page.next_token:
                return True, first

    def _store_amazon(
        self,
        sides: Sequence[AmazonSide],
        state: dict[str, Any],
        section: str,
        next_token: str | None,
    ) -> int:
        rows: list[Order] = []
        changed = 0
        for side in sides:
            existing = self.store.get(order_key_for_amazon(side.order_id))
            if existing is None or existing.amazon != side:
                changed += 1
            rows.append(merge_amazon(existing, side))
        state[section]["token"] = next_token
        if section == "updates":
            seen = [s.last_updated for s in sides]
            prev = _dt(state[section].get("max_seen"))
            if seen:
                top = max(seen)
                state[section]["max_seen"] = iso_z(max(top, prev) if prev else top)
        self.commit(AMAZON_CURSOR, state, rows)
        return changed

    def _amazon_bootstrap(self, state: dict[str, Any]) -> dict[str, Any]:
        boot = state.get("bootstrap")
        if not isinstance(boot, dict) or not boot.get("created_after"):
            now = self.svc.clock()
            boot = {
                "t0": iso_z(now),
                "created_after": iso_z(now - self.svc.horizon),
                "created_before": iso_z(now - CREATED_BEFORE_MARGIN),
            }
            state["version"] = STATE_VERSION
            state["bootstrap"] = boot
        return boot

    def amazon_work(self) -> None:
        state = _load_state(self.store, AMAZON_CURSOR)
        boot = self._amazon_bootstrap(state)
        state.setdefault("work", {"done": False, "token": None})
        state.setdefault("history", {"done": False, "token": None})
        query = {
            "created_after": _dt(boot["created_after"]),
            "created_before": _dt(boot["created_before"]),
            "last_updated_after": None,
            "statuses": WORK_STATUSES,
        }
        self.emit(SyncProgress(SyncPhase.AMAZON_WORK, AMAZON))
        done, _ = self._amazon_pages(SyncPhase.AMAZON_WORK, state, "work", query)
        if done:
            created_before = _dt(boot["created_before"])
            assert created_before is not None
            state["work"] = {"done": True, "token": None}
            # Everything that changes after the work window's end is seen by the updates cursor.
            state["updates"] = {
                "after": iso_z(created_before - self.svc.overlap),
                "token": None,
            }
            self.commit(AMAZON_CURSOR, state, [])
            self.report.amazon.work_ready = True

    def amazon_updates(self) -> None:
        state = _load_state(self.store, AMAZON_CURSOR)
        upd = state.setdefault("updates", {})
        after = _dt(upd.get("after"))
        if after is None:  # should not happen; fall back to the bootstrap window
            boot = self._amazon_bootstrap(state)
            after = _dt(boot["created_before"])
            assert after is not None
            upd["after"] = iso_z(after - self.svc.overlap)
            after = _dt(upd["after"])
        if not upd.get("token"):
            # A new pass: remember when it started (its upper bound if Amazon does not say).
            upd["pass_started"] = iso_z(self.svc.clock())
            upd["max_seen"] = None
        query = {
            "created_after": None,
            "created_before": None,
            "last_updated_after": after,
            "statuses": None,
        }
        self.emit(SyncProgress(SyncPhase.AMAZON_UPDATES, AMAZON))
        done, first = self._amazon_pages(SyncPhase.AMAZON_UPDATES, state, "updates", query)
        if done:
            upd = state["updates"]
            started = _dt(upd.get("pass_started")) or self.svc.clock()
            bound = started
            if first is not None and first.last_updated_before is not None:
                bound = min(bound, first.last_updated_before)
            new_after = bound - self.svc.overlap
            assert after is not None
            state["updates"] = {"after": iso_z(max(new_after, after)), "token": None}
            self.commit(AMAZON_CURSOR, state, [])
            self.report.amazon.work_ready = True

    def amazon_history(self) -> None:
        state = _load_state(self.store, AMAZON_CURSOR)
        if not state.get("work", {}).get("done"):
            return  # the work phase failed or was cut: history waits
        if state.get("history", {}).get("done"):
            self.report.amazon.history_complete = True
            return
        boot = state["bootstrap"]
        state.setdefault("history", {"done": False, "token": None})
        query = {
            "created_after": _dt(boot["created_after"]),
            "created_before": _dt(boot["created_before"]),
            "last_updated_after": None,
            "statuses": HISTORY_STATUSES,
        }
        self.emit(SyncProgress(SyncPhase.AMAZON_HISTORY, AMAZON, work_ready=True))
        done, _ = self._amazon_pages(
            SyncPhase.AMAZON_HISTORY,
            state,
            "history",
            query,
            budget=self.svc.history_pages_per_run,
        )
        if done:
            state["history"] = {"done": True, "token": None}
            self.commit(AMAZON_CURSOR, state, [])
            self.report.amazon.history_complete = True

    # -- makeshop -----------------------------------------------------------------------------

    def _makeshop_pages(
        self,
        phase: SyncPhase,
        state: dict[str, Any],
        section: str,
        status: DeliveryStatus | None,
        budget: int | None = None,
    ) -> bool:
        """Page through ``state[section]``'s fixed window from its persisted page number."""
        assert self.makeshop_search is not None
        rep = self.report.makeshop
        sec = state[section]
        start, end = _dt(sec["start"]), _dt(sec["end"])
        assert start is not None and end is not None
        limit = self.svc.makeshop_page_limit
        pages = orders = 0
        while True:
            self.check_cancel()
            if budget is not None and pages >= budget:
                return False
            page_no = int(sec.get("page") or 1)
            data = self.makeshop_search(
                start=start, end=end, delivery_status=status, page=page_no, limit=limit
            )
            # Never "last" because the page is short: the server may cap pages below ``limit``.
            read = int(sec.get("read") or 0) + len(data.orders)
            last = is_last_page(len(data.orders), read, data.searched_count, page_no)
            sec["page"] = page_no + 1
            sec["read"] = read
            changed = self._store_makeshop(data.orders, state)
            pages += 1
            orders += len(data.orders)
            rep.pages += 1
            rep.orders_fetched += len(data.orders)
            rep.orders_changed += changed
            self.emit(
                SyncProgress(
                    phase, MAKESHOP, pages=pages, orders=orders, total_orders=data.searched_count
                )
            )
            if last:
                return True

    def _store_makeshop(self, sides: Sequence[MakeshopSide], state: dict[str, Any]) -> int:
        rows: dict[str, Order] = {}
        changed = 0
        for given in sides:
            side = self._keep_match(given)
            key = order_key_for_makeshop(side)
            self.seen_makeshop[side.system_order_number] = key
            existing = rows.get(key) or self.store.get(key)
            if existing is None or existing.makeshop != side:
                changed += 1
            rows[key] = merge_makeshop(existing, side)
        self.commit(MAKESHOP_CURSOR, state, rows.values())
        self.written_makeshop.update(rows)
        return changed

    def _keep_match(self, side: MakeshopSide) -> MakeshopSide:
        """A makeshop order matched to an SP-API order by a previous run keeps that link."""
        if side.amazon_order_id or not side.display_order_number:
            return side
        found = self.store.find(side.display_order_number)
        ms = found.makeshop if found is not None else None
        if (
            found is not None
            and found.amazon is not None
            and ms is not None
            and ms.system_order_number == side.system_order_number
            and recognition.SIGNAL_MATCH in ms.amazon_signals
        ):
            return replace(
                side,
                amazon_order_id=found.amazon.order_id,
                amazon_signals=(*side.amazon_signals, recognition.SIGNAL_MATCH),
            )
        return side

    # -- matching makeshop orders to SP-API orders, and the match report -----------------------

    def match_pass(self) -> None:
        """Match the makeshop orders seen in this run that carry no Amazon order ID to stored
        SP-API orders without a makeshop side (date and items; see amzdesk.recognition), and
        count what was seen.  Never raises: the report is best effort."""
        try:
            self._match_pass()
        except Cancelled:
            raise
        except Exception:
            log.warning("sync: matching makeshop orders to Amazon orders failed", exc_info=True)

    def _match_pass(self) -> None:
        rec = self.svc.recognition
        report = recognition.MatchReport(amazon_configured=self.svc.spapi is not None)
        self.report.match = report
        window = timedelta(seconds=rec.match_window_s).total_seconds()
        merged: dict[str, Order] = {}  # makeshop row key -> its new Amazon row
        changed: list[Order] = []
        if self.svc.spapi is not None:
            # stored SP-API orders without a makeshop side, and makeshop orders without an
            # Amazon side (whenever either arrived: the other may have come in an earlier run)
            rows = self.store.fetch_rows()
            az_rows = [r for r in rows if r.key.startswith("az:") and not r.display_order_number]
            dated = [r.order_date for r in az_rows if r.order_date is not None]
            if dated:
                lo, hi = min(dated) - window, max(dated) + window
                ms_keys = [
                    r.key
                    for r in rows
                    if r.key.startswith("ms:")
                    and r.order_date is not None
                    and lo <= r.order_date <= hi
                ]
                candidates = {
                    o.amazon.order_id: o.amazon
                    for o in self.store.get_many([r.key for r in az_rows])
                    if o.amazon is not None and o.makeshop is None
                }
                unlinked = [
                    o
                    for o in self.store.get_many(ms_keys)
                    if o.makeshop is not None
                    and o.amazon is None
                    and not o.makeshop.amazon_order_id
                ]
                # Exact matches first; a weak sign only against what is left unmatched.  Only an
                # order already taken for Amazon's (payment method) is linked: a shop-looking
                # order that matches gets the R-F3 guard instead of a new channel.
                for stored in unlinked:
                    ms = stored.makeshop
                    assert ms is not None
                    if not recognition.is_amazon(ms) and ms.pay_method:
                        continue
                    found, _similar = rec.match(ms, list(candidates.values()))
                    if found is not None:
                        del candidates[found.order_id]
                        linked = replace(
                            ms,
                            amazon_order_id=found.order_id,
                            amazon_signals=(*ms.amazon_signals, recognition.SIGNAL_MATCH),
                        )
                        existing = self.store.get(order_key_for_amazon(found.order_id))
                        merged[stored.key] = merge_makeshop(existing, linked)
                for stored in unlinked:
                    ms = stored.makeshop
                    assert ms is not None
                    if (
                        stored.key in merged
                        or recognition.is_amazon(ms)
                        or recognition.MAYBE_SIMILAR in ms.amazon_signals
                    ):
                        continue
                    _found, similar = rec.match(ms, list(candidates.values()))
                    if similar or _found is not None:
                        signals = (*ms.amazon_signals, recognition.MAYBE_SIMILAR)
                        changed.append(
                            replace(stored, makeshop=replace(ms, amazon_signals=signals))
                        )
        if merged or changed:
            self.store.upsert_orders([*merged.values(), *changed], remove=list(merged))
        # the report: the makeshop orders this run saw
        keys = list(dict.fromkeys(self.seen_makeshop.values()))
        now_keys = [merged[k].key if k in merged else k for k in keys]
        for order in self._seen_orders(list(dict.fromkeys(now_keys))):
            ms = order.makeshop
            if ms is None:
                continue
            report.makeshop_seen += 1
            if recognition.is_amazon(ms):
                report.recognised_amazon += 1
                if order.amazon is not None:
                    report.matched_to_spapi += 1
                    if recognition.SIGNAL_MATCH in ms.amazon_signals:
                        report.matched_by_items += 1
                        report.note("matched_by_items", order.amazon.order_id)
                else:
                    report.unmatched_makeshop += 1
                    report.note("unmatched_makeshop", ms.display_order_number)
            elif recognition.maybe_amazon(ms):
                report.maybe_amazon += 1
                report.note("maybe_amazon", ms.display_order_number)
        if self.svc.spapi is not None and self.seen_makeshop:
            seen = [o for o in self.store.get_many(now_keys) if o.makeshop is not None]
            if seen:
                dates = [o.makeshop.order_date.timestamp() for o in seen if o.makeshop]
                lo, hi = min(dates), max(dates)
                for r in self.store.fetch_rows():
                    if (
                        r.key.startswith("az:")
                        and not r.display_order_number
                        and r.channel == Channel.AMAZON_MFN.value
                        and r.order_date is not None
                        and lo <= r.order_date <= hi
                    ):
                        report.unmatched_spapi += 1
                        report.note("unmatched_spapi", r.amazon_order_id)

    def _seen_orders(self, keys: list[str]) -> list[Order]:
        """The stored orders of ``keys``.  Without SP-API nothing else in this run writes the
        orders the makeshop pages wrote, so those come from memory (decoding 10,000 orders from
        the store again took seconds); with SP-API, its pages and the matching above may have
        changed them since, so they are read back."""
        mine = {} if self.svc.spapi is not None else self.written_makeshop
        missing = [k for k in keys if k not in mine]
        found: dict[str, Order] = {o.key: o for o in self.store.get_many(missing)}
        return [o for k in keys if (o := mine.get(k) or found.get(k)) is not None]

    def _makeshop_bootstrap(self, state: dict[str, Any]) -> dict[str, Any]:
        boot = state.get("bootstrap")
        if not isinstance(boot, dict) or not boot.get("start"):
            now = self.svc.clock()
            boot = {"start": iso_z(now - self.svc.horizon), "end": iso_z(now)}
            state["version"] = STATE_VERSION
            state["bootstrap"] = boot
            state["work"] = {"done": False, "page": 1, **boot}
            state["history"] = {"done": False, "page": 1, **boot}
        return boot

    def makeshop_work(self) -> None:
        state = _load_state(self.store, MAKESHOP_CURSOR)
        boot = self._makeshop_bootstrap(state)
        self.emit(SyncProgress(SyncPhase.MAKESHOP_WORK, MAKESHOP))
        if self._makeshop_pages(SyncPhase.MAKESHOP_WORK, state, "work", DeliveryStatus.UNPROCESSED):
            state["work"] = {"done": True}
            state["updates"] = {"covered_until": boot["end"]}
            self.commit(MAKESHOP_CURSOR, state, [])
            self.report.makeshop.work_ready = True

    def makeshop_updates(self) -> None:
        state = _load_state(self.store, MAKESHOP_CURSOR)
        upd = state.setdefault("updates", {})
        if not upd.get("start"):
            now = self.svc.clock()
            boot = self._makeshop_bootstrap(state)
            floor = _dt(boot["start"]) or now - self.svc.horizon
            covered = _dt(upd.get("covered_until")) or floor
            start = min(covered - self.svc.overlap, now - self.svc.recheck)
            oldest = self._oldest_unsettled()
            if oldest is not None:
                start = min(start, oldest - timedelta(minutes=1))
            upd.update(start=iso_z(max(start, floor)), end=iso_z(now), page=1)
        self.emit(SyncProgress(SyncPhase.MAKESHOP_UPDATES, MAKESHOP))
        if self._makeshop_pages(SyncPhase.MAKESHOP_UPDATES, state, "updates", None):
            state["updates"] = {"covered_until": upd["end"]}
            self.commit(MAKESHOP_CURSOR, state, [])
            self.report.makeshop.work_ready = True

    def _oldest_unsettled(self) -> datetime | None:
        oldest: datetime | None = None
        since = self.svc.clock() - self.svc.settle
        for order in _all_orders(self.store):
            if order.makeshop is not None and _is_unsettled(order, since):
                d = order.makeshop.order_date
                if oldest is None or d < oldest:
                    oldest = d
        return oldest

    def makeshop_history(self) -> None:
        state = _load_state(self.store, MAKESHOP_CURSOR)
        if not state.get("work", {}).get("done"):
            return
        hist = state.get("history", {})
        if hist.get("done"):
            self.report.makeshop.history_complete = True
            return
        self.emit(SyncProgress(SyncPhase.MAKESHOP_HISTORY, MAKESHOP, work_ready=True))
        if self._makeshop_pages(SyncPhase.MAKESHOP_HISTORY, state, "history", None):
            state["history"] = {"done": True}
            self.commit(MAKESHOP_CURSOR, state, [])
            self.report.makeshop.history_complete = True


# --- adapters to the real clients and store -----------------------------------------------------


_F = TypeVar("_F", bound=Callable[..., Any])


def _counted(fn: _F, rep: SourceReport) -> _F:
    """``fn`` counting each call (a logical request; the client's own retries not included)."""

    def counted(*args: Any, **kwargs: Any) -> Any:
        rep.calls += 1
        return fn(*args, **kwargs)

    return cast(_F, counted)


def _all_orders(store: Any) -> Iterator[Order]:
    yield from store.all_orders()


def _commit_page(store: Any, cursor: str, value: str, orders: list[Order]) -> None:
    """Write ``orders`` and the cursor in one transaction."""
    store.upsert_orders(orders, cursors={cursor: value})


def _is_bad_input(exc: Exception) -> bool:
    return getattr(exc, "status", None) == 400


def _issue_from(exc: Exception, source: str, phase: SyncPhase) -> SyncIssue:
    status = getattr(exc, "status", None)
    request_id = getattr(exc, "request_id", "") or ""
    kind = getattr(exc, "kind", None)
    message = getattr(exc, "user_message", None)
    if not isinstance(kind, str):
        kind = _kind_for_status(status if isinstance(status, int) else None, exc)
    if not isinstance(message, str) or not message:
        message = M(_MESSAGES.get(kind, _MESSAGES["unexpected"]))
    label = "Amazon" if source == AMAZON else "makeshop"
    if not message.startswith(label):
        message = M("from_source", service=label, message=message)
    return SyncIssue(
        source=source,
        kind=kind,
        message=message,
        status=status if isinstance(status, int) else None,
        request_id=str(request_id),
        phase=phase.value,
    )


def _kind_for_status(status: int | None, exc: Exception) -> str:
    if status in (401, 403):
        return "auth"
    if status == 429:
        return "rate-limit"
    if status is not None and status >= 500:
        return "server"
    if status is not None and 400 <= status < 500:
        return "input"
    if isinstance(exc, OSError | TimeoutError):
        return "network"
    if isinstance(exc, ValueError | KeyError | TypeError):
        return "invalid-response"
    return "unexpected"


_MESSAGES: Final = {
    "auth": "kind_auth",
    "rate-limit": "kind_rate_limit",
    "server": "kind_server",
    "input": "kind_input",
    "network": "kind_network",
    "invalid-response": "kind_invalid_response",
    "unexpected": "kind_unexpected",
}


def _amazon_search_for(client: Any) -> AmazonSearch:
    """One ``searchOrders`` page through :class:`amzdesk.spapi.SpApiClient`."""

    def search(
        *,
        created_after: datetime | None,
        created_before: datetime | None,
        last_updated_after: datetime | None,
        statuses: Sequence[AmazonStatus] | None,
        token: str | None,
    ) -> AmazonPage:
        params = client.search_params(
            created_after=created_after,
            created_before=created_before,
            last_updated_after=last_updated_after,
            fulfillment_statuses=[s.value for s in statuses] if statuses else None,
            max_results_per_page=SEARCH_PAGE_SIZE,
            included_data=INCLUDED_DATA,
            pagination_token=token,
        )
        page = client.search_page(params)
        return AmazonPage(
            orders=tuple(page.orders),
            next_token=page.next_token,
            last_updated_before=page.last_updated_before,
            created_before=page.created_before,
        )

    return search


def _makeshop_search_for(client: Any) -> MakeshopSearch:
    """One ``searchOrder`` page through :class:`amzdesk.makeshop.MakeshopClient`."""

    def search(
        *,
        start: datetime,
        end: datetime,
        delivery_status: DeliveryStatus | None,
        page: int,
        limit: int,
    ) -> MakeshopPageData:
        result = client.search_orders(start, end, delivery_status, page, limit)
        return MakeshopPageData(orders=tuple(result.orders), searched_count=result.searched_count)

    return search
