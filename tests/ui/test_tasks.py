"""The background task helper: results, progress, errors and cancel arrive on the GUI thread."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from PySide6.QtCore import QThread

from ui.tasks import Cancelled, TaskContext, TaskRunner


@pytest.fixture
def runner() -> Any:
    r = TaskRunner()
    yield r
    assert r.shutdown(10000)


def test_result_and_progress_on_gui_thread(qtbot: Any, runner: TaskRunner) -> None:
    gui = QThread.currentThread()
    seen: list[Any] = []
    worker_threads: list[Any] = []

    def work(ctx: TaskContext) -> int:
        worker_threads.append(threading.current_thread())
        for i in range(3):
            ctx.progress(i)
        return 42

    def on_progress(v: Any) -> None:
        assert QThread.currentThread() is gui
        seen.append(v)

    task = runner.submit(work, on_progress=on_progress)
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    assert task.outcome == 42
    assert seen == [0, 1, 2]
    assert worker_threads[0] is not threading.main_thread()


def test_error_is_delivered_not_raised(qtbot: Any, runner: TaskRunner) -> None:
    errors: list[BaseException] = []

    def work(_ctx: TaskContext) -> None:
        raise ValueError("boom")

    task = runner.submit(work, on_error=errors.append)
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    assert isinstance(errors[0], ValueError)
    assert isinstance(task.exception, ValueError)


def test_cancel(qtbot: Any, runner: TaskRunner) -> None:
    started = threading.Event()
    cancelled: list[bool] = []

    def work(ctx: TaskContext) -> None:
        started.set()
        while True:
            ctx.check_cancelled()
            time.sleep(0.005)

    task = runner.submit(work, on_cancelled=lambda: cancelled.append(True))
    assert started.wait(5)
    task.cancel()
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    assert cancelled == [True]
    assert not runner.active


def test_synchronous_runner_delivers_before_returning() -> None:
    r = TaskRunner(synchronous=True)
    got: list[Any] = []
    task = r.submit(
        lambda ctx: (ctx.progress("p"), 7)[1], on_result=got.append, on_progress=got.append
    )
    assert task.done
    assert got == ["p", 7]
    with pytest.raises(Cancelled):
        TaskContext(task).cancel.set() or TaskContext(task).check_cancelled()


def test_many_signals_do_not_crash_the_interpreter(qtbot: Any) -> None:
    # PySide6 6.12.0 on Python 3.11 drops a reference to True on every emit from Python and
    # aborts the interpreter after a few hundred signals; pyproject.toml keeps that release out.
    # Emit far more than True's usual reference count.
    r = TaskRunner(synchronous=True)
    n = [0]

    def work(ctx: TaskContext) -> None:
        for _ in range(5000):
            ctx.progress(None)

    r.submit(work, on_progress=lambda _v: n.__setitem__(0, n[0] + 1))
    assert n[0] == 5000


def test_quick_task_does_not_queue_behind_busy_workers(qtbot: Any) -> None:
    """Every ordinary worker waits (as sends waiting for a usage-plan token do): a quick read
    still runs, on its own thread, and its result arrives."""
    r = TaskRunner(max_threads=2)
    release = threading.Event()
    slow_done: list[int] = []
    for i in range(3):  # two running, one queued
        r.submit(lambda ctx, i=i: release.wait(10) and i, on_result=slow_done.append)
    quick: list[str] = []
    r.submit(lambda ctx: threading.current_thread().name, quick=True, on_result=quick.append)
    qtbot.waitUntil(lambda: bool(quick), timeout=5000)
    assert slow_done == []  # the slow ones are all still waiting
    release.set()
    qtbot.waitUntil(lambda: len(slow_done) == 3, timeout=10000)
    assert r.shutdown(10000)


class _Boom(RuntimeError):
    pass


def _fail(_ctx: TaskContext) -> None:
    raise _Boom("broken on purpose")


def test_a_failure_is_logged_with_its_traceback(
    qtbot: Any, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    errors: list[BaseException] = []
    caplog.set_level("WARNING", logger="ui.tasks")
    task = runner.submit(_fail, name="boom", on_error=errors.append)
    qtbot.waitUntil(lambda: task.done, timeout=10000)
    assert isinstance(errors[0], _Boom)
    failed = [r for r in caplog.records if "boom" in r.getMessage()]
    assert failed and failed[0].exc_info is not None
    assert failed[0].exc_info[0] is _Boom  # the traceback reaches the log, not the user


def test_a_failure_without_on_error_reaches_the_default_handler(
    qtbot: Any, runner: TaskRunner
) -> None:
    seen: list[tuple[str, BaseException]] = []
    runner.default_error_handler = lambda task, exc: seen.append((task.name, exc))
    task = runner.submit(_fail, name="unhandled")
    qtbot.waitUntil(lambda: task.done, timeout=10000)
    assert [name for name, _ in seen] == ["unhandled"] and isinstance(seen[0][1], _Boom)
    # a task that handles its own errors does not also reach the default handler
    handled = runner.submit(_fail, name="handled", on_error=lambda _exc: None)
    qtbot.waitUntil(lambda: handled.done, timeout=10000)
    assert [name for name, _ in seen] == ["unhandled"]


def test_without_a_default_handler_an_unhandled_failure_is_an_error_in_the_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    runner = TaskRunner(synchronous=True)
    caplog.set_level("WARNING", logger="ui.tasks")
    runner.submit(_fail, name="nobody")
    assert any(
        r.levelname == "ERROR" and "nobody handles it" in r.getMessage() for r in caplog.records
    )


def test_the_window_shows_an_unhandled_task_failure(window: Any) -> None:
    window.runner.submit(_fail, name="window-task")  # synchronous runner in window tests
    assert window.statusBar().currentMessage().startswith("予期しないエラーが発生しました")


def test_one_cancelled_type_for_client_sync_and_window() -> None:
    from amzdesk import errors, sync

    assert Cancelled is errors.Cancelled
    assert sync.Cancelled is errors.Cancelled  # sync raises the clients' own type


def test_a_result_callback_is_type_checked_against_the_task(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``submit`` is generic in the callable's result: mypy rejects an ``on_result`` that takes
    another type, and accepts the matching one."""
    from pathlib import Path

    from mypy import api

    root = Path(__file__).resolve().parents[2]
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from ui.tasks import TaskRunner\n"
        "def probe(r: TaskRunner) -> None:\n"
        "    def shown(n: int) -> None: ...\n"
        "    r.submit(lambda ctx: 'text', on_result=shown)\n"  # line 4: wrong type
        "    r.submit(lambda ctx: 3, on_result=shown)\n",  # line 5: fine
        encoding="utf-8",
    )
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\n", encoding="utf-8")
    monkeypatch.chdir(root)  # mypy finds ``ui`` from the working directory
    out, err, code = api.run(
        [
            f"--config-file={config}",
            f"--cache-dir={tmp_path / 'cache'}",
            "--follow-imports=silent",
            str(probe),
        ]
    )
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert code == 1, (out, err)
    assert [line.split(":")[1] for line in errors] == ["4"], out
