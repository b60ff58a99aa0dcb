"""The Qt window of amzdesk (the only package that imports Qt).

Start-up allocates a great many long-lived objects (Qt bindings, enums, widgets): until the
window's first frame is on screen the cyclic garbage collector runs rarely, instead of making
dozens of passes over objects that all stay alive.  :func:`end_startup_gc` (called at the first
paint) restores the usual thresholds.

:func:`lazy_import` gives a module that is imported on first use: the window imports what only
later interactions need (rules, background jobs, dialogs) that way.
"""

from __future__ import annotations

import gc
import importlib
import sys
from types import ModuleType
from typing import Any

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


class _LazyModule:
    """Stands for a module that is imported on its first attribute access (thread-safe: the
    import system's module locks serialise a first use from two threads)."""

    __slots__ = ("_module", "_name")

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str) -> Any:
        module = self._module
        if module is None:
            # Kept dynamic on purpose: the point is to defer the import statement the caller
            # would otherwise run at start-up (bench/bench_startup.py measures the first frame).
            # Callers name the module in a literal string (tests/test_dynamic_imports.py).
            module = self._module = importlib.import_module(self._name)
        return getattr(module, attr)

    def __repr__(self) -> str:
        return f"<lazily imported module {self._name!r}>"


def lazy_import(name: str) -> Any:
    """The module ``name``, imported when first used rather than now.

    The window's first frame needs few modules; the rest (workers, rules, dialogs) load after it
    is shown, or earlier if something uses them first."""
    module = sys.modules.get(name)
    return module if module is not None else _LazyModule(name)
