"""The one background-task helper of the window.

Every piece of network or disk work the window starts goes through :class:`TaskRunner`:

* the callable runs on a ``QThreadPool`` worker thread and never touches a widget;
* it receives a :class:`TaskContext` with ``cancel`` (a ``threading.Event``) and ``progress()``;
* progress, result and error are delivered by Qt signals on the GUI thread (queued connections);
* tests can swap in ``TaskRunner(synchronous=True)``, which runs the callable at once on the
  calling thread and delivers the same signals before ``submit`` returns.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised by a task that noticed its cancel event (delivered as ``cancelled``, not error)."""


class TaskContext:
    """What a background callable may use: a cancel event and a progress reporter."""

    def __init__(self, task: Task, relay: _Relay | None = None) -> None:
        self._task = task
        self._relay = relay
        self.cancel: threading.Event = task.cancel_event

    @property
    def cancelled(self) -> bool:
        return self.cancel.is_set()

    def check_cancelled(self) -> None:
        if self.cancel.is_set():
            raise Cancelled

    def progress(self, value: object) -> None:
        """Report progress (any object: a fraction, a (done, total) pair, a text...)."""
        if self._relay is None:  # synchronous runner: we are on the GUI thread already
            self._task.progress.emit(value)
        else:
            self._relay.progressed.emit(value)


class Task(QObject):
    """One submitted job.  Lives on the GUI thread; its signals arrive there."""

    progress = Signal(object)
    result = Signal(object)
    error = Signal(object)  # the exception object (never shown as a traceback)
    cancelled = Signal()
    finished = Signal()  # always last, after result / error / cancelled

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.cancel_event = threading.Event()
        self.done = False
        self.outcome: object = None
        self.exception: BaseException | None = None

    def cancel(self) -> None:
        self.cancel_event.set()

    @property
    def is_cancelled(self) -> bool:
        return self.cancel_event.is_set()


class _Relay(QObject):
    """Carries a worker's progress and outcome to the GUI thread through queued signals.

    It is created on the GUI thread and its signals are connected with an explicit
    ``QueuedConnection`` to its own methods, so the slots run on the GUI thread whatever
    callables the caller attached to the task.
    """

    progressed = Signal(object)
    outcome = Signal(str, object)

    def __init__(self, runner: TaskRunner, task: Task) -> None:
        super().__init__()
        self._runner = runner
        self._task = task
        self.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self.outcome.connect(self._on_outcome, Qt.ConnectionType.QueuedConnection)

    def _on_progress(self, value: object) -> None:
        if not self._task.done:
            self._task.progress.emit(value)

    def _on_outcome(self, kind: str, value: object) -> None:
        self._runner._deliver(self._task, kind, value)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[TaskContext], object], task: Task, relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._task = task
        self._relay = relay

    def run(self) -> None:
        kind, value = _execute(self._fn, self._task, self._relay)
        self._relay.outcome.emit(kind, value)


def _execute(
    fn: Callable[[TaskContext], object], task: Task, relay: _Relay | None = None
) -> tuple[str, object]:
    ctx = TaskContext(task, relay)
    try:
        value = fn(ctx)
    except Cancelled:
        return "cancelled", None
    except Exception as exc:  # delivered to the GUI as a signal, never raised into Qt
        log.warning("task %s failed: %s", task.name, type(exc).__name__)
        return "error", exc
    if task.cancel_event.is_set():
        return "cancelled", value
    return "result", value


class TaskRunner(QObject):
    """Runs callables in the background (or synchronously in tests)."""

    taskStarted = Signal(object)
    taskFinished = Signal(object)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        synchronous: bool = False,
        pool: QThreadPool | None = None,
        max_threads: int = 4,
    ) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self._pool = pool or QThreadPool(self)
        if pool is None:
            self._pool.setMaxThreadCount(max_threads)
        self._active: set[Task] = set()
        self._relays: dict[Task, _Relay] = {}

    # -- submitting ----------------------------------------------------------------------------
    def submit(
        self,
        fn: Callable[[TaskContext], Any],
        *,
        name: str = "",
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[Any], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        on_finished: Callable[[], None] | None = None,
    ) -> Task:
        task = Task(name or getattr(fn, "__name__", "task"), self)
        if on_result is not None:
            task.result.connect(on_result)
        if on_error is not None:
            task.error.connect(on_error)
        if on_progress is not None:
            task.progress.connect(on_progress)
        if on_cancelled is not None:
            task.cancelled.connect(on_cancelled)
        if on_finished is not None:
            task.finished.connect(on_finished)
        self._active.add(task)
        self.taskStarted.emit(task)
        if self.synchronous:
            kind, value = _execute(fn, task)
            self._deliver(task, kind, value)
            return task
        relay = _Relay(self, task)
        self._relays[task] = relay
        self._pool.start(_Runnable(fn, task, relay))
        return task

    def _deliver(self, task: Task, kind: str, value: object) -> None:
        task.done = True
        if kind == "result":
            task.outcome = value
            task.result.emit(value)
        elif kind == "error":
            assert isinstance(value, BaseException)
            task.exception = value
            task.error.emit(value)
        else:
            task.cancelled.emit()
        task.finished.emit()
        self._active.discard(task)
        relay = self._relays.pop(task, None)
        if relay is not None:
            relay.deleteLater()
        self.taskFinished.emit(task)
        task.deleteLater()

    # -- state ---------------------------------------------------------------------------------
    @property
    def active(self) -> list[Task]:
        return list(self._active)

    def is_busy(self, name: str | None = None) -> bool:
        return any(name is None or t.name == name for t in self._active)

    def cancel_all(self) -> None:
        for task in list(self._active):
            task.cancel()

    def wait(self, timeout_ms: int = 30000) -> bool:
        """Wait for the worker threads to finish (does not deliver their queued signals)."""
        return bool(self._pool.waitForDone(timeout_ms))

    def shutdown(self, timeout_ms: int = 30000) -> bool:
        """Cancel everything and wait for the threads; used on window close and in tests."""
        self.cancel_all()
        return self.wait(timeout_ms)
