"""Cyclic garbage collection on the GUI thread only.

Qt objects must be destroyed on the thread that owns them.  Python's cyclic collector runs in
whichever thread happens to allocate when a generation's threshold is crossed: a reference
cycle that holds a widget or another QObject (typically a lambda connected to a signal that
captures ``self``) can then be collected -- and its C++ object deleted -- on a worker thread
(a background task, a simulator server thread), which corrupts Qt's heap at random and crashes
much later somewhere else.

So once the application exists, automatic collection is off and :class:`GuiGarbageCollector`
collects from a GUI-thread timer, generation by generation, whenever the counts have crossed
the collector's thresholds (read at each tick, so the start-up thresholds of :mod:`ui` still
apply).  Worker threads never collect.  Code that pauses the collector around a bulk build
(``amzdesk.store``, ``amzdesk.sim.seed``) restores the state it found, so it leaves it off.
"""

from __future__ import annotations

import gc
import logging

from PySide6.QtCore import QObject, QTimer
from shiboken6 import Shiboken

log = logging.getLogger(__name__)

INTERVAL_MS = 500  # how often the GUI thread looks at the collector's counts


class GuiGarbageCollector(QObject):
    """Turns automatic collection off and collects on this (the GUI) thread instead."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.collections = 0
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()

    def check(self) -> int | None:
        """Collect the oldest generation whose count crossed its threshold (None: none did)."""
        counts = gc.get_count()
        thresholds = gc.get_threshold()
        generation = None
        for gen in range(3):
            if thresholds[gen] and counts[gen] > thresholds[gen]:
                generation = gen
            else:
                break
        if generation is not None:
            gc.collect(generation)
            self.collections += 1
        return generation


def install(app: QObject) -> GuiGarbageCollector:
    """Collect only on ``app``'s (the GUI) thread from now on (once per application).

    The collector is remembered on ``app`` itself: ``app.findChild(GuiGarbageCollector)``
    would build PySide's Python enums of Qt's whole ``Qt`` namespace (its default ``options``
    argument), some 5 ms before the first frame."""
    existing = getattr(app, "_amzdesk_gc_collector", None)
    if isinstance(existing, GuiGarbageCollector) and Shiboken.isValid(existing):
        return existing
    collector = GuiGarbageCollector(app)
    collector.setObjectName("guiGarbageCollector")
    collector.start()
    app._amzdesk_gc_collector = collector  # type: ignore[attr-defined]
    return collector
