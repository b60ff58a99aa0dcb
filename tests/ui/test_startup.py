"""The window's start-up split: what the first frame needs, and the rest built right after it.

The first frame must not wait for the domain rules, the background jobs, the service clients or
Qt's ``Qt`` namespace (PySide builds its Python enums on first use); everything built later must
still be there for code that uses the window before its first paint.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton

from amzdesk.models import Channel
from amzdesk.rules import Action
from ui.main_window import MainWindow, action_object_name
from ui.orders import columns, model, rows
from ui.tasks import TaskRunner

ROOT = Path(__file__).resolve().parents[2]

# Run in a fresh interpreter: the window over a services factory (the real start path), and at
# its first paint the modules loaded so far.
_CHILD = textwrap.dedent(
    """
    import json, sys
    from ui import app as ui_app

    app = ui_app.create_application([sys.argv[0]], "ja")
    def factory():
        raise RuntimeError("no services in this test")

    w = ui_app.build_window(factory=factory, autosync=False)
    w.resize(1000, 600)

    from PySide6 import QtCore
    from PySide6.QtCore import QEvent, QObject, QTimer

    seen = {}

    class Watch(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and not seen:
                seen["modules"] = sorted(sys.modules)
                seen["qt_namespace"] = "Qt" in QtCore.__dict__
                QTimer.singleShot(0, app.quit)
            return False

    watch = Watch()
    w.installEventFilter(watch)
    w.show()
    app.exec()
    seen["after"] = {
        "panel": w.findChild(QObject, "carrierPicker") is not None,
        "model_attached": w.table.model() is w.proxy,
    }
    print("RESULT " + json.dumps(seen))
    """
)


def _first_frame(tmp_path: Path) -> dict[str, Any]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[var] = str(tmp_path / var.lower())
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    out = subprocess.run(
        [sys.executable, "-c", _CHILD],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=env,
        check=False,
    )
    line = next((x for x in out.stdout.splitlines() if x.startswith("RESULT ")), None)
    assert line is not None, out.stdout + out.stderr
    result: dict[str, Any] = json.loads(line[len("RESULT ") :])
    return result


def test_first_frame_loads_only_what_it_shows(tmp_path: Path) -> None:
    seen = _first_frame(tmp_path)
    modules = set(seen["modules"])
    assert "ui.main_window" in modules and "ui.orders.model" in modules
    for name in (
        "amzdesk.rules",
        "amzdesk.models",
        "amzdesk.states",
        "amzdesk.carriers",
        "amzdesk.settings",
        "amzdesk.store",
        "amzdesk.services",
        "ui.backend",
        "ui.tasks",
        "ui.carrier_picker",
        "ui.tracking_entry",
        "requests",
        "keyring",
        "sqlite3",
        "ssl",
    ):
        assert name not in modules, f"{name} was imported before the first frame"
    assert not seen["qt_namespace"], "Qt's Qt namespace was built before the first frame"
    # and the rest is there once the event loop ran
    assert seen["after"] == {"panel": True, "model_attached": True}


def test_deferred_parts_work_before_the_first_paint(qtbot: Any, services: Any) -> None:
    w = MainWindow(services, runner=TaskRunner(synchronous=True), autoload=False, autosync=False)
    qtbot.addWidget(w)
    # never shown: every deferred part is built on first use
    assert w.carrier_picker.findChild(QComboBox, "carrierPicker") is not None
    assert w.findChild(QLineEdit, "trackingNumber") is w.tracking_entry.edit
    assert set(w.action_buttons) == set(Action)
    for action in Action:
        assert w.findChild(QPushButton, action_object_name(action)) is w.action_buttons[action]
    from amzdesk.rules import CANCEL_EXPORT_LABEL, RECORD_RETURN_LABEL

    # every action, then the Seller Central return record and the export cancel (issue 10)
    assert [a.text() for a in w.order_menu.actions()] == [a.label for a in Action] + [
        RECORD_RETURN_LABEL,
        CANCEL_EXPORT_LABEL,
    ]
    assert w.table.model() is w.proxy
    # building happens once: the first paint finds everything in place
    panel = w.detail
    w.show()
    qtbot.waitUntil(lambda: w._first_paint_seen)
    qtbot.wait(10)
    assert w.detail is panel
    assert len(w.findChildren(QPushButton, action_object_name(Action.CONFIRM_AMAZON))) == 1
    assert len(w.order_menu.actions()) == len(Action) + 2
    w.close()


def test_window_without_settings_starts_with_defaults(qtbot: Any, services: Any) -> None:
    w = MainWindow(
        services_factory=lambda: services,
        runner=TaskRunner(synchronous=True),
        autoload=False,
        autosync=False,
    )
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.services is services)
    assert w.settings is services.settings
    assert w.table.horizontalHeader().sortIndicatorSection() == columns.C_DEADLINE
    assert w.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert w.sync_timer.isActive() == (services.settings.sync_interval_minutes > 0)
    assert w.carrier_picker.table is services.carriers
    w.close()


def test_plain_int_roles_and_filters_match_qt_and_the_domain() -> None:
    role = Qt.ItemDataRole
    assert int(role.DisplayRole) == model.DISPLAY_ROLE
    assert int(role.DecorationRole) == model.DECORATION_ROLE
    assert int(role.ToolTipRole) == model.TOOLTIP_ROLE
    assert int(role.BackgroundRole) == model.BACKGROUND_ROLE
    assert int(role.ForegroundRole) == model.FOREGROUND_ROLE
    assert int(role.AccessibleTextRole) == model.ACCESSIBLE_TEXT_ROLE
    assert int(role.UserRole) == model.USER_ROLE
    assert rows.CHANNEL_FILTERS[1:] == tuple(c.value for c in Channel)


def test_lazy_module_imports_on_first_use() -> None:
    import ui

    name = "ui.welcome"
    if name in sys.modules:  # already imported: lazy_import hands out the module itself
        assert ui.lazy_import(name) is sys.modules[name]
        return
    lazy = ui.lazy_import(name)
    assert name not in sys.modules
    assert lazy.WelcomeDialog.__name__ == "WelcomeDialog"
    assert name in sys.modules
    assert isinstance(sys.modules[name], type(sys))  # a real module underneath


def _main_first_frame(tmp_path: Path, args: list[str], index: str | None = None) -> set[str]:
    """The modules ``main.py`` has imported when its first window has painted (the real entry
    point, reporting through ``AMZDESK_REPORT_FIRST_PAINT=modules``)."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["AMZDESK_REPORT_FIRST_PAINT"] = "modules"
    tmp_path.mkdir(parents=True, exist_ok=True)
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[var] = str(tmp_path / var.lower())
    if index is not None:
        config = tmp_path / "xdg_config_home" / "amzdesk"
        config.mkdir(parents=True, exist_ok=True)
        (config / "keyring-index.json").write_text(index, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    line = next((x for x in out.stdout.splitlines() if x.startswith("FIRST_PAINT_MODULES ")), None)
    assert line is not None, out.stdout + out.stderr
    assert any(x.startswith("FIRST_PAINT ") for x in out.stdout.splitlines())
    return set(json.loads(line.split(" ", 1)[1]))


NOT_BEFORE_THE_FIRST_FRAME = (
    "keyring",
    "secretstorage",
    "requests",
    "urllib3",
    "ssl",
    "sqlite3",
    "amzdesk.sim",
    "amzdesk.store",
    "amzdesk.services",
    "amzdesk.sync",
    "amzdesk.rules",
    "logging.handlers",
    "ui.backend",
    "ui.tasks",
)


def test_main_py_first_frame_reads_no_keyring_store_or_simulator(tmp_path: Path) -> None:
    configured = json.dumps(
        {"service": "amzdesk", "stored": ["makeshop-token", "makeshop-api-key"]}
    )
    cases = {
        "demo": (["--demo"], None, "ui.main_window"),
        "nothing configured": ([], None, "ui.welcome"),
        "credentials stored": ([], configured, "ui.main_window"),
    }
    for name, (args, index, window) in cases.items():
        modules = _main_first_frame(tmp_path / name.replace(" ", "-"), args, index)
        assert window in modules, name
        for mod in NOT_BEFORE_THE_FIRST_FRAME:
            assert mod not in modules, f"{name}: {mod} was imported before the first frame"
        if name == "nothing configured":
            assert "ui.main_window" not in modules


def test_first_page_is_the_whole_lists_first_screen(services: Any) -> None:
    """The rows shown before every row is read are exactly the top of the full list in its
    default order (orders Amazon waits for by deadline, then the rest)."""
    from ui import backend

    report = services.sync.run()
    assert report.ok
    full = backend.load_all(services, None)
    assert len(full.rows) > 30
    key = columns.sort_key_function(columns.C_DEADLINE, model.current_labels())
    expected = [r[0] for r in sorted(full.rows, key=key)]
    for limit in (5, 20, len(full.rows) + 10):
        first = backend.load_first_page(services, limit)
        got = [r[0] for r in sorted(first.rows, key=key)]
        assert got == expected[:limit], limit
    waiting = [r for r in full.rows if r.flags & rows.F_DEADLINE]
    assert waiting, "the simulated shop has orders Amazon waits for"


def test_window_shows_the_first_page_then_every_row(qtbot: Any, services: Any) -> None:
    assert services.sync.run().ok
    total = services.store.count()
    pages: list[int] = []
    w = MainWindow(services, runner=TaskRunner(), autosync=False)
    qtbot.addWidget(w)
    original = w.sync._apply_first_page

    def spy(loaded: Any) -> None:
        pages.append(len(loaded.rows))
        original(loaded)

    w.sync._apply_first_page = spy  # type: ignore[method-assign]
    w.show()
    qtbot.waitUntil(lambda: w.loaded() and not w.runner.is_busy(), timeout=30000)
    assert pages and pages[0] == min(total, 80)
    assert w.model.rowCount() == total
    w.runner.shutdown()
    w.close()
