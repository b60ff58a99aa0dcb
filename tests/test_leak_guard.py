"""The leak guard of tests/conftest.py fails a test that leaves work running, and only that test.

Each case runs a small test file through the real conftest in a separate pytest process."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

CONFTEST = (Path(__file__).parent / "conftest.py").read_text(encoding="utf-8")


def _run(pytester: pytest.Pytester, source: str) -> pytest.RunResult:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_guarded=source)
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q")


def test_a_thread_left_running_fails_its_test_only(pytester: pytest.Pytester) -> None:
    result = _run(
        pytester,
        """
import threading

import conftest

stop = threading.Event()
conftest.LEAK_GRACE = 0.2


def test_leaks() -> None:
    threading.Thread(target=stop.wait, name="forgotten-worker").start()


def test_after_the_leak() -> None:
    stop.set()


def test_joins_its_thread() -> None:
    t = threading.Thread(target=lambda: None, name="joined")
    t.start()
    t.join()


def test_thread_that_ends_within_the_grace() -> None:
    threading.Timer(0.05, lambda: None).start()
""",
    )
    result.assert_outcomes(passed=4, errors=1)  # test_leaks passes, its teardown fails
    result.stdout.fnmatch_lines(["ERROR test_guarded.py::test_leaks - *"])
    result.stdout.fnmatch_lines(["*thread 'forgotten-worker'*still running*"])


def test_a_background_task_left_running_fails(pytester: pytest.Pytester) -> None:
    result = _run(
        pytester,
        """
import threading

import conftest
from ui.tasks import TaskRunner

release = threading.Event()
conftest.LEAK_GRACE = 0.2


def test_leaves_a_task(qtbot) -> None:
    TaskRunner().submit(lambda ctx: release.wait(10), name="slow-download")


def test_cleanup(qtbot) -> None:
    release.set()
""",
    )
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*background tasks still running: ?'slow-download'?"])
