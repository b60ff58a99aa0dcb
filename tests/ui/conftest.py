"""Fixtures for the window tests: the real window against the simulator.

The window runs with the synchronous task runner by default (deterministic, no threads left
behind); ``threaded_window`` uses the real thread pool and waits with ``qtbot.waitUntil``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from amzdesk.services import Services, build_services
from amzdesk.settings import Settings
from tests.sim_fixtures import running_simulator
from ui.main_window import MainWindow
from ui.tasks import TaskRunner


@pytest.fixture
def sim() -> Iterator[Any]:
    with running_simulator(n_orders=120) as s:
        yield s


@pytest.fixture
def services(sim: Any, tmp_path: Path) -> Iterator[Services]:
    svc = build_services(Settings(), None, demo=sim, store_path=tmp_path / "store.sqlite3")
    yield svc
    svc.close()


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "settings.json"


def make_window(qtbot: Any, services: Services, settings_path: Path, **kw: Any) -> MainWindow:
    kw.setdefault("runner", TaskRunner(synchronous=True))
    kw.setdefault("autoload", False)
    kw.setdefault("autosync", False)
    w = MainWindow(services, settings_path=settings_path, **kw)
    qtbot.addWidget(w)
    w.resize(1400, 850)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def window(qtbot: Any, services: Services, settings_path: Path) -> Iterator[MainWindow]:
    w = make_window(qtbot, services, settings_path)
    yield w
    w.sync_timer.stop()
    w.runner.shutdown()


@pytest.fixture
def synced(window: MainWindow) -> MainWindow:
    """The window after one full sync against the simulator."""
    window.start_sync()
    assert not window.sync_running
    assert window.model.rowCount() > 0
    return window


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread() -> Iterator[None]:
    """As in the app (ui.gcguard): no automatic cyclic collection while a window test runs, so
    a worker thread never deletes a Qt object; the test's garbage is collected here, on the GUI
    thread, when it ends."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        if enabled:
            gc.enable()
