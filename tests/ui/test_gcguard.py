"""Cyclic garbage holding Qt objects is collected on the GUI thread, never on a worker."""

from __future__ import annotations

import gc
import threading
from typing import Any

from PySide6.QtCore import QObject, QThread

from ui.gcguard import GuiGarbageCollector, install


class _Holder:
    """A reference cycle that owns a QObject (like a lambda capturing ``self``)."""

    def __init__(self, deleted_on: list[Any]) -> None:
        self.obj = QObject()
        self.obj.destroyed.connect(lambda *_: deleted_on.append(QThread.currentThread()))
        self.me = self


def _churn(keep: list[Any]) -> None:
    # far more live allocations than gen0's threshold: an enabled collector would run here
    keep.extend([i] for i in range(20_000))


def test_a_worker_thread_never_collects_qt_garbage(qtbot: Any) -> None:
    gui = QThread.currentThread()
    collector = GuiGarbageCollector(interval_ms=10)
    deleted_on: list[Any] = []
    kept: list[Any] = []
    saved = gc.get_threshold()
    try:
        collector.start()
        assert not gc.isenabled()
        gc.set_threshold(700, 10, 10)
        _Holder(deleted_on)  # unreachable at once, but only a collection can free it
        worker = threading.Thread(target=_churn, args=(kept,))
        worker.start()
        worker.join()
        assert gc.get_count()[0] > 700  # the worker crossed the threshold...
        assert deleted_on == []  # ...and collected nothing
        qtbot.waitUntil(lambda: bool(deleted_on), timeout=5000)
        assert deleted_on == [gui] and collector.collections >= 1
    finally:
        gc.set_threshold(*saved)
        collector.stop()
        collector.deleteLater()


def test_check_collects_the_oldest_generation_over_its_threshold() -> None:
    collector = GuiGarbageCollector()
    saved = gc.get_threshold()
    try:
        gc.collect()
        gc.set_threshold(100_000, 10, 10)
        assert collector.check() is None  # nothing crossed
        gc.set_threshold(1, 10, 10)
        _ = [[i] for i in range(50)]
        assert collector.check() == 0
    finally:
        gc.set_threshold(*saved)
        collector.deleteLater()


def test_the_application_installs_one_collector(qapp: Any) -> None:
    first = install(qapp)
    assert install(qapp) is first
    assert not gc.isenabled()
    first.stop()  # the test fixtures own the collector's state in the suite
    first.deleteLater()
