"""What keeps the window responsive while workers run: batched progress with urgent values
going at once, and the sync handing over the work-ready rows and waiting while they are shown."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from tests.ui.conftest import make_window
from ui import backend
from ui.tasks import Task, TaskContext, TaskRunner


class _Urgent:
    urgent = True


def test_every_progress_value_arrives_in_order_before_the_result(qtbot: Any) -> None:
    runner = TaskRunner()
    seen: list[Any] = []
    at_result: list[int] = []

    def work(ctx: TaskContext) -> str:
        for i in range(500):
            ctx.progress(i)
        return "done"

    task = runner.submit(
        work, on_progress=seen.append, on_result=lambda _r: at_result.append(len(seen))
    )
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    assert seen == list(range(500))
    assert at_result == [500]
    assert runner.shutdown(10000)


def test_an_urgent_value_is_delivered_while_the_worker_waits_for_it(qtbot: Any) -> None:
    runner = TaskRunner()
    shown = threading.Event()
    waited: list[bool] = []
    seen: list[Any] = []
    urgent = _Urgent()

    def on_progress(value: Any) -> None:
        seen.append(value)
        if value is urgent:
            shown.set()

    def work(ctx: TaskContext) -> None:
        for i in range(50):
            ctx.progress(i)
        ctx.progress(urgent)
        waited.append(shown.wait(10))  # the result cannot carry it: it comes after

    task = runner.submit(work, on_progress=on_progress)
    with qtbot.waitSignal(task.finished, timeout=20000):
        pass
    assert waited == [True]
    assert seen == [*range(50), urgent]
    assert runner.shutdown(10000)


def test_threaded_sync_shows_the_work_ready_rows_while_its_worker_waits(
    qtbot: Any, services: Any, settings_path: Path
) -> None:
    runner = TaskRunner()
    w = make_window(qtbot, services, settings_path, runner=runner)
    events: list[Any] = []
    rows_when_shown: list[int] = []

    def watch(task: Task) -> None:
        if task.name == "sync":
            task.progress.connect(events.append)

    def on_replaced() -> None:
        rows_when_shown.append(w.model.rowCount())

    runner.taskStarted.connect(watch)
    w.model.rowsReplaced.connect(on_replaced)
    w.start_sync()
    qtbot.waitUntil(lambda: not w.sync_running, timeout=60000)
    ready = [e for e in events if isinstance(e, backend.RowsReady)]
    assert len(ready) == 1
    assert ready[0].shown.is_set()
    assert ready[0].text  # the status bar shows the sync's message
    # swapped in twice: the work-ready rows in the middle of the sync, then all rows at its end
    assert rows_when_shown == [len(ready[0].loaded.rows), services.store.count()]
    assert rows_when_shown[0] > 0
    assert w.model.rowCount() == services.store.count()
    assert runner.wait(10000)
    w.close()


def test_synchronous_sync_does_not_wait_for_the_rows(window: Any) -> None:
    seen: list[Any] = []

    def progress(event: Any) -> None:
        seen.append(event)
        window.sync._on_sync_progress(event)

    outcome = backend.run_sync(
        window.services,
        progress,
        threading.Event(),
        window.model.labels,
        window.proxy.sort_column(),
    )
    got = [e for e in seen if isinstance(e, backend.RowsReady)]
    assert len(got) == 1 and got[0].shown.is_set()
    assert window.model.rowCount() == len(got[0].loaded.rows) > 0
    assert outcome.loaded.count == window.services.store.count()
