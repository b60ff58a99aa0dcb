"""The Qt window of amzdesk (the only package that imports Qt).

Start-up allocates a great many long-lived objects (Qt bindings, enums, widgets): until the
window's first frame is on screen the cyclic garbage collector runs rarely, instead of making
dozens of passes over objects that all stay alive.  :func:`end_startup_gc` (called at the first
paint) restores the usual thresholds.
"""

from __future__ import annotations

import gc

_STARTUP_GEN0 = 50_000
_saved_threshold: list[tuple[int, ...]] = []
if gc.get_threshold()[0] < _STARTUP_GEN0:
    _saved_threshold.append(gc.get_threshold())
    gc.set_threshold(_STARTUP_GEN0, *_saved_threshold[0][1:])


def end_startup_gc() -> None:
    """Back to the collector's usual thresholds (once; later calls do nothing)."""
    if _saved_threshold and gc.get_threshold()[0] == _STARTUP_GEN0:
        gc.set_threshold(*_saved_threshold[0])
    _saved_threshold.clear()
