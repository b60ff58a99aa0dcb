"""The one background-task helper of the window.

Every piece of network or disk work the window starts goes through :class:`TaskRunner`:

* the callable runs on a ``QThreadPool`` worker thread and never touches a widget;
* it receives a :class:`TaskContext` with ``cancel`` (a ``threading.Event``) and ``progress()``;
* progress, result and error are delivered by Qt signals on the GUI thread (queued connections);
  progress is throttled: every value arrives, in order, but batched -- at most one wake-up of
  the GUI thread per :data:`PROGRESS_INTERVAL` (a value with ``urgent = True`` goes at once),
  and whatever is left arrives before the result;
* ``submit(..., quick=True)`` is for short local reads the user is waiting for (the selected
  order's details): they run on a small pool of their own, so they never queue behind network
  jobs whose threads sleep waiting for a usage-plan token (a scanner session sends one
  confirmation per scan, and the next order must be ready at once);
* tests can swap in ``TaskRunner(synchronous=True)``, which runs the callable at once on the
  calling thread and delivers the same signals before ``submit`` returns.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal

from amzdesk.errors import Cancelled

log = logging.getLogger(__name__)

T = TypeVar("T")  # what a submitted callable returns: the type its on_result receives

PROGRESS_INTERVAL = 0.1  # seconds between two progress deliveries to the GUI thread


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
            self._relay.push(value)


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
        self.handles_errors = False  # submitted with an on_error callback

    def cancel(self) -> None:
        self.cancel_event.set()


def _urgent(value: object) -> bool:
    return getattr(value, "urgent", False) is True


class _Relay(QObject):
    """Carries a worker's progress and outcome to the GUI thread through queued signals.

    It is created on the GUI thread and its signals are connected with an explicit
    ``QueuedConnection`` to its own methods, so the slots run on the GUI thread whatever
    callables the caller attached to the task.

    Progress values wait in a list; the worker wakes the GUI thread only when no wake-up or
    timed delivery is on its way already, and the GUI thread delivers the list at most every
    :data:`PROGRESS_INTERVAL` (at once when a value is urgent).
    """

    progressed = Signal()  # progress values are waiting
    outcome = Signal(str, object)

    def __init__(self, runner: TaskRunner, task: Task) -> None:
        super().__init__()
        self._runner = runner
        self._task = task
        self._lock = threading.Lock()
        self._pending: list[object] = []
        self._scheduled = False  # a wake-up or a timed delivery is on its way
        self._last = 0.0  # time.monotonic() of the last delivery
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._flush)
        self.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self.outcome.connect(self._on_outcome, Qt.ConnectionType.QueuedConnection)

    def push(self, value: object) -> None:
        """Queue a progress value (worker thread)."""
        urgent = _urgent(value)
        with self._lock:
            self._pending.append(value)
            if self._scheduled and not urgent:
                return
            self._scheduled = True
        self.progressed.emit()

    def _on_progress(self) -> None:
        with self._lock:
            urgent = any(_urgent(v) for v in self._pending)
        wait = self._last + PROGRESS_INTERVAL - time.monotonic()
        if wait > 0 and not urgent:
            if not self._timer.isActive():
                self._timer.start(max(1, int(wait * 1000) + 1))
            return
        self._flush()

    def _flush(self) -> None:
        self._timer.stop()
        with self._lock:
            values, self._pending = self._pending, []
            self._scheduled = False
        if not values:
            return
        self._last = time.monotonic()
        for value in values:
            if self._task.done:
                break
            self._task.progress.emit(value)

    def _on_outcome(self, kind: str, value: object) -> None:
        self._flush()  # the last progress values come before the result
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
        # the traceback goes to the log (redaction covers every record), never to the user
        log.warning("task %s failed: %s", task.name, type(exc).__name__, exc_info=exc)
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
        self._quick_pool: QThreadPool | None = None  # made on the first quick task
        # called with (task, exception) for a failed task submitted without on_error, so that
        # no failure passes unseen (the window shows it in its status bar)
        self.default_error_handler: Callable[[Task, BaseException], None] | None = None
        self._active: set[Task] = set()
        self._relays: dict[Task, _Relay] = {}

    # -- submitting ----------------------------------------------------------------------------
    def submit(
        self,
        fn: Callable[[TaskContext], T],
        *,
        name: str = "",
        on_result: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[Any], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        on_finished: Callable[[], None] | None = None,
        quick: bool = False,
    ) -> Task:
        """Run ``fn(ctx)`` in the background; ``on_result`` receives what it returns (typed:
        mypy checks a callback against ``fn``'s return type), on the GUI thread."""
        task = Task(name or getattr(fn, "__name__", "task"), self)
        if on_result is not None:
            task.result.connect(on_result)
        if on_error is not None:
            task.error.connect(on_error)
            task.handles_errors = True
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
        pool = self._pool
        if quick:
            if self._quick_pool is None:
                self._quick_pool = QThreadPool(self)
                self._quick_pool.setMaxThreadCount(2)
            pool = self._quick_pool
        pool.start(_Runnable(fn, task, relay))
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
            if not task.handles_errors:
                self._unhandled(task, value)
        else:
            task.cancelled.emit()
        task.finished.emit()
        self._active.discard(task)
        relay = self._relays.pop(task, None)
        if relay is not None:
            relay.deleteLater()
        self.taskFinished.emit(task)
        task.deleteLater()

    def _unhandled(self, task: Task, exc: BaseException) -> None:
        if self.default_error_handler is None:
            log.error("task %s failed and nobody handles it: %s", task.name, type(exc).__name__)
            return
        self.default_error_handler(task, exc)

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
        done = bool(self._pool.waitForDone(timeout_ms))
        if self._quick_pool is not None:
            done = bool(self._quick_pool.waitForDone(timeout_ms)) and done
        return done

    def shutdown(self, timeout_ms: int = 30000) -> bool:
        """Cancel everything and wait for the threads; used on window close and in tests."""
        self.cancel_all()
        return self.wait(timeout_ms)


class _AfterPaint(QObject):
    def __init__(self, widget: Any, done: threading.Event) -> None:
        super().__init__(widget)
        self._widget = widget
        self._done = done
        if not widget.isVisible():
            self._finish()
            return
        widget.installEventFilter(self)
        widget.update()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self._widget and event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self._finish)  # after the paint itself
        return False

    def _finish(self) -> None:
        self._done.set()
        self.deleteLater()


def signal_after_paint(widget: Any, done: threading.Event) -> None:
    """Set ``done`` once ``widget`` (a QWidget) has painted next, at once if it is hidden.

    For a worker that waits while the GUI thread paints what it handed over: the paint then
    does not compete with the worker for the interpreter (GUI thread; the worker must wait
    with a timeout, a window can stay unpainted)."""
    _AfterPaint(widget, done)
