"""One sync path: the window's worker and the command line both run
:meth:`amzdesk.services.Services.sync_and_settle`, with one error policy -- a settling failure is
logged with its traceback, never aborts the sync, and the next sync settles the entry."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import pytest

from amzdesk.services import Services
from amzdesk.store import StoreError
from amzdesk.sync import SyncReport
from tests.cli_helpers import run_cli
from ui import backend

YAMATO = "444413758703"


def _window_sync(services: Services) -> None:
    events: list[Any] = []
    outcome = backend.run_sync(services, events.append, threading.Event())
    assert outcome.report.ok
    assert outcome.loaded.count == services.store.count()


def _cli_sync(services: Services) -> None:
    code, _out, err = run_cli(services, ["sync"])
    assert code == 0, err


PATHS: dict[str, Callable[[Services], None]] = {"window": _window_sync, "cli": _cli_sync}


def _unshipped_mfn(sim: Any) -> str:
    def ok(ao: Any) -> bool:
        return (
            not ao.is_fba
            and ao.status == "UNSHIPPED"
            and ao.fixed_status is None
            and bool(ao.display_order_number)
        )

    return sorted(sim.world.find_amazon(ok))[0]


def _ops(sim: Any, operation: str) -> int:
    return len([r for r in sim.requests if r.operation == operation])


@pytest.mark.parametrize("path", sorted(PATHS))
def test_a_send_that_cannot_be_settled_yet_does_not_stop_the_sync(
    path: str, sim: Any, services: Services
) -> None:
    """Amazon applied the confirmation but the answer was lost; getOrder then fails while the
    sync runs: the sync completes, the entry stays unresolved, and the next sync settles it
    without sending twice."""
    run = PATHS[path]
    services.sync.run()
    oid = _unshipped_mfn(sim)
    sim.faults.drop(scope="confirmShipment", after_apply=True)
    assert services.workflow.confirm(oid, "ヤマト運輸", [YAMATO]).state == "unknown"
    [entry] = services.store.unresolved()

    sim.faults.error(503, scope="getOrder", count=None)
    before = _ops(sim, "searchOrders")
    run(services)
    assert _ops(sim, "getOrder") >= 1  # settling was tried first ...
    assert _ops(sim, "searchOrders") > before  # ... and the sync went on
    assert [e.id for e in services.store.unresolved()] == [entry.id]

    sim.faults.clear()
    run(services)
    assert services.store.unresolved() == []
    assert services.store.journal_entry(entry.id).state == "done"
    assert _ops(sim, "confirmShipment") == 1  # settled by reading back, never re-sent


@pytest.mark.parametrize("path", sorted(PATHS))
def test_settling_that_fails_outright_is_logged_and_the_sync_completes(
    path: str,
    sim: Any,
    services: Services,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Both settling steps raise (the store cannot be read; not a service error): the sync
    still runs in either path, each failure is logged with its traceback."""
    wf = services.workflow

    def unreadable(*_a: Any, **_kw: Any) -> Any:
        raise StoreError("注文データのファイルを読めませんでした")

    monkeypatch.setattr(wf, "resolve_unknown", unreadable)
    monkeypatch.setattr(wf, "resolve_exported", unreadable)
    caplog.set_level(logging.WARNING, logger="amzdesk.services")
    before = _ops(sim, "searchOrders")
    PATHS[path](services)
    assert _ops(sim, "searchOrders") > before
    assert services.store.count() > 0
    failures = [r for r in caplog.records if r.name == "amzdesk.services" and r.exc_info]
    assert len(failures) == 2
    assert all(isinstance(r.exc_info[1], StoreError) for r in failures if r.exc_info)


def test_the_window_runs_the_services_sync(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window's worker has no sync of its own: it calls ``Services.sync_and_settle`` with
    its progress wrapper, which hands over the work-ready rows."""
    calls: list[Any] = []
    real = Services.sync_and_settle

    def spy(self: Services, progress: Any = None, cancel: Any = None) -> SyncReport:
        calls.append((progress, cancel))
        return real(self, progress=progress, cancel=cancel)

    monkeypatch.setattr(Services, "sync_and_settle", spy)
    seen: list[Any] = []

    def progress(event: Any) -> None:
        seen.append(event)
        if isinstance(event, backend.RowsReady):
            event.shown.set()

    cancel = threading.Event()
    backend.run_sync(services, progress, cancel)
    assert len(calls) == 1 and calls[0][1] is cancel
    [ready] = [e for e in seen if isinstance(e, backend.RowsReady)]
    assert ready.loaded.count > 0 and ready.event.work_ready
