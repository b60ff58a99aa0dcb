"""Test isolation: offscreen Qt, private folders, in-memory keyring, no network but loopback."""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path, PurePath
from typing import Any

# Must happen before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["QT_QPA_PLATFORM"] = "offscreen"


def folders_env(base: PurePath, platform: str = sys.platform) -> dict[str, str]:
    """Environment that points every platformdirs folder of the app below ``base``: the XDG
    variables on Linux, the Local/Roaming AppData overrides on Windows, HOME (~/Library) on
    macOS."""
    env = {
        var: str(base / var.lower())
        for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")
    }
    if platform == "win32":
        env["WIN_PD_OVERRIDE_LOCAL_APPDATA"] = str(base / "localappdata")
        env["WIN_PD_OVERRIDE_APPDATA"] = str(base / "appdata")
    elif platform == "darwin":
        env["HOME"] = str(base / "home")
    return env


# Never read the real user's folders, even at import time.
_SESSION_HOME = Path(tempfile.mkdtemp(prefix="amzdesk-test-home-"))
os.environ.update(folders_env(_SESSION_HOME))
for _var in ("AMZDESK_SPAPI_ENDPOINT", "AMZDESK_LWA_TOKEN_URL", "AMZDESK_MAKESHOP_ENDPOINT"):
    os.environ.pop(_var, None)

import keyring  # noqa: E402
import keyring.backend  # noqa: E402
import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

# Deterministic, bounded property tests: same examples on every run, no flaky deadlines.
settings.register_profile(
    "amzdesk",
    deadline=None,
    derandomize=True,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("amzdesk")


class MemoryKeyring(keyring.backend.KeyringBackend):
    """An in-memory keyring backend for tests (never the real user's keyring)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        import keyring.errors

        if (service, username) not in self.secrets:
            raise keyring.errors.PasswordDeleteError(username)
        del self.secrets[(service, username)]


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test gets its own config/data/cache/state folders (on every OS)."""
    for var, value in folders_env(tmp_path / "xdg").items():
        monkeypatch.setenv(var, value)
    yield


@pytest.fixture(autouse=True)
def memory_keyring(request: pytest.FixtureRequest) -> Iterator[MemoryKeyring | None]:
    """Every test uses an in-memory keyring, except those marked ``real_keyring``."""
    if request.node.get_closest_marker("real_keyring"):
        yield None
        return
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


_real_connect = socket.socket.connect


def _loopback_only_connect(self: socket.socket, address: object) -> object:
    host = address[0] if isinstance(address, tuple) else None
    if isinstance(host, str) and not (
        host in ("localhost", "::1") or host.startswith("127.") or host.startswith("::ffff:127.")
    ):
        raise RuntimeError(f"tests must not reach the network: connect to {address!r}")
    return _real_connect(self, address)  # type: ignore[arg-type]


socket.socket.connect = _loopback_only_connect  # type: ignore[method-assign]


# -- nothing left running after a test -----------------------------------------------------------
# A test must stop what it started: a thread still running, a background task of ui.tasks still
# on a worker, or an active Qt timer of a window left open bleeds into the next tests (a late
# signal into a closed window, a port still bound, a flaky failure three tests later).

LEAK_GRACE = 2.0  # seconds a thread or a worker gets to finish after its test


def _live_threads() -> set[threading.Thread]:
    # Dummy threads are Qt or C threads that merely ran Python code once: their lifetime is not
    # Python's to manage (the QThreadPool workers are checked through the runners below).
    return {
        t
        for t in threading.enumerate()
        if t.is_alive() and not isinstance(t, threading._DummyThread)
    }


def _leaked_threads(before: set[threading.Thread]) -> list[threading.Thread]:
    deadline = time.monotonic() + LEAK_GRACE
    new = [t for t in _live_threads() - before if not t.daemon]
    for t in new:
        t.join(max(0.0, deadline - time.monotonic()))
    return [t for t in new if t.is_alive()]


def _leaked_qt_work(runners: list[Any]) -> list[str]:
    """Workers of the TaskRunners made during the test that are still busy, and active Qt
    timers of windows still open (empty when Qt was never imported)."""
    if "ui.tasks" not in sys.modules:
        return []
    import shiboken6
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    found: list[str] = []
    deadline = time.monotonic() + LEAK_GRACE
    for runner in runners:
        if not shiboken6.isValid(runner):
            continue
        remaining = max(0, int((deadline - time.monotonic()) * 1000))
        if not runner.wait(remaining):
            names = sorted(t.name for t in runner.active)
            found.append(f"background tasks still running: {names}")
    app = QApplication.instance()
    if isinstance(app, QApplication):
        for widget in app.topLevelWidgets():
            if not widget.isVisible():
                continue
            for timer in widget.findChildren(QTimer):
                if timer.isActive() and not timer.isSingleShot():
                    found.append(
                        f"repeating timer {timer.objectName() or '?'} of the open window "
                        f"{type(widget).__name__}"
                    )
    return found


@pytest.fixture(autouse=True)
def _nothing_left_running(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail a test that leaves a non-daemon thread, a busy background task or a repeating Qt
    timer of an open window behind.  Threads that existed before the test (the simulator of a
    module fixture, pools of the libraries) are not the test's."""
    before = _live_threads()
    runners: list[Any] = []
    if "ui.tasks" in sys.modules:
        from ui.tasks import TaskRunner

        real_init = TaskRunner.__init__

        def recording_init(self: Any, *args: Any, **kwargs: Any) -> None:
            real_init(self, *args, **kwargs)
            runners.append(self)

        monkeypatch.setattr(TaskRunner, "__init__", recording_init)
    yield
    problems = [
        f"thread {t.name!r} (target {getattr(t, '_target', None)!r}) still running"
        for t in _leaked_threads(before)
    ]
    problems += _leaked_qt_work(runners)
    if problems:
        pytest.fail("the test left work running:\n  " + "\n  ".join(problems), pytrace=False)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--soak", action="store_true", default=False, help="run the long soak (tests/test_soak.py)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The soak runs only when asked for (``--soak``): it takes minutes."""
    if config.getoption("--soak"):
        return
    skip = pytest.mark.skip(reason="the soak runs with --soak (see tests/test_soak.py)")
    for item in items:
        if item.get_closest_marker("soak"):
            item.add_marker(skip)


# --- after the suite: nothing secret or personal in any file the app wrote ----------------------

# The files the app writes: stores (and their WAL, backup, lock), logs, settings, upload files.
_APP_FILE_PATTERNS = (
    "*.sqlite3*",
    "*.db",
    "*.db-*",
    "*.log",
    "*.log.*",
    "settings.json",
    "settings.json.bak",
    "*.lock",
    "amazon*.txt",
)
# Login with Amazon token prefixes: an access or refresh token, whatever its value.
_TOKEN_PREFIXES = ("Atza|", "Atzr|")
# Secrets used by tests that do not go through the simulator (hostile server, unit tests).
_FIXED_SECRETS = ("hostile-secret", "hostile-refresh", "makeshop-hostile-token")


def leak_scan(folders: list[Path]) -> list[str]:
    """``file: what`` for every secret or seeded personal datum found in the app's files."""
    try:
        from amzdesk.sim.seed import PII_MARKERS
        from tests.sim_fixtures import SECRETS_SEEN
    except ImportError:  # this conftest copied into a throw-away test folder (pytester)
        return []

    needles = {s.encode("utf-8") for s in (*SECRETS_SEEN, *_FIXED_SECRETS, *_TOKEN_PREFIXES)}
    needles |= {m.encode("utf-8") for m in PII_MARKERS}
    hits: list[str] = []
    seen: set[Path] = set()
    for folder in folders:
        if not folder.exists():
            continue
        for pattern in _APP_FILE_PATTERNS:
            for path in folder.rglob(pattern):
                if path in seen or not path.is_file() or path.is_symlink():
                    continue
                seen.add(path)
                try:
                    data = path.read_bytes()
                except OSError:
                    continue
                hits += [f"{path}: {n[:12]!r}" for n in needles if n and n in data]
    return hits


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Scan every folder the app wrote during the suite; a hit fails the run."""
    factory = getattr(session.config, "_tmp_path_factory", None)
    folders = [_SESSION_HOME]
    if factory is not None:
        with contextlib.suppress(OSError, ValueError):
            folders.append(factory.getbasetemp())
    hits = leak_scan(folders)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and hits:  # silent when clean: inner pytester runs parse the output
        reporter.write_line(f"leak scan: {len(hits)} hit(s) in the app's files")
        for hit in hits[:20]:
            reporter.write_line(f"  {hit}")
    if hits:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
