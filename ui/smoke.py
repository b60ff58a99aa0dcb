"""``main.py --smoke-test``: prove that an installed (or frozen) amzdesk can start.

One module because it is one self-contained program run inside the frozen app: the output
capture, the checks and the window start-up below are used nowhere else.

Starts the real main window in demo mode on the built-in simulator (offscreen unless
``QT_QPA_PLATFORM`` says otherwise), loads the bundled resources and translations, checks that
the OS keyring backend can be reached (reported, never a failure: the demo runs without it),
renders one frame and exits.  One line per check goes to stdout; the exit code is 0 when every
check passed and nothing unexpected was written: Qt warnings (through a message handler), Python
warnings, log records of level WARNING or above, and any other output on the stderr file
descriptor all make it 1.  Usage errors exit 2.

    amzdesk --smoke-test [--screenshot PATH] [--timeout SECONDS] [--report PATH]

Nothing of the user's is touched: the window's folders (data, settings, logs, cache) point at a
temporary directory that is deleted on exit, and no secret is read from the keyring.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import re
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

_MODULE_START = time.monotonic()

__all__ = ["SmokeReport", "run_smoke_test"]

# Output that is known to be harmless and says nothing about the app.
IGNORED_MESSAGES = (
    # The offscreen platform plugin cannot do this; it only matters on a real desktop.
    re.compile(r"This plugin does not support propagateSizeHints"),
)

# Their log records describe why no keyring is usable: that is reported, not a failure.
KEYRING_LOGGERS = ("keyring", "secretstorage", "jeepney")

CHECKS = ("resources", "translations", "ui font", "keyring backend", "simulator", "window rendered")


@dataclass
class SmokeReport:
    """What the smoke test found; ``ok`` is the overall verdict."""

    lines: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)

    def passed(self, check: str, detail: str) -> None:
        self.lines.append(f"{check}: ok ({detail})")

    def noted(self, check: str, detail: str) -> None:
        self.lines.append(f"{check}: not available, reported only ({detail})")

    def failed(self, check: str, detail: str) -> None:
        self.lines.append(f"{check}: FAILED ({detail})")
        self.failures.append(check)

    @property
    def ok(self) -> bool:
        return not self.failures and not self.unexpected


# --- output capture ------------------------------------------------------------------------------


def _redact(text: str) -> str:
    """The report goes to stdout: mask secrets and personal data like the log files do."""
    try:
        from amzdesk.logsetup import redact
    except ImportError:
        return text
    return str(redact(text))


def _ignored(message: str) -> bool:
    return any(p.search(message) for p in IGNORED_MESSAGES)


class _Capture:
    """Collects everything that counts as unexpected output while the test runs."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.expected_loggers: set[str] = set()

    def add(self, source: str, message: str) -> None:
        message = message.strip()
        if message and not _ignored(message):
            self.problems.append(f"{source}: {message}")


class _LogCollector(logging.Handler):
    def __init__(self, capture: _Capture) -> None:
        super().__init__(logging.WARNING)
        self.capture = capture

    def emit(self, record: logging.LogRecord) -> None:
        if any(
            record.name == n or record.name.startswith(n + ".")
            for n in self.capture.expected_loggers
        ):
            return
        try:
            text = record.getMessage()
        except Exception:  # a broken log call is a problem too
            text = repr(record.msg)
        self.capture.add(f"log {record.levelname} {record.name}", _redact(text))


@contextlib.contextmanager
def _stderr_to_file() -> Iterator[Callable[[], str]]:
    """Redirect file descriptor 2 (C libraries, Qt, Python) to a temporary file."""
    try:
        saved = os.dup(2)
    except OSError:  # no stderr at all (windowed app on Windows)
        yield lambda: ""
        return
    sink = tempfile.TemporaryFile()  # noqa: SIM115 - closed below
    with contextlib.suppress(Exception):
        sys.stderr.flush()
    os.dup2(sink.fileno(), 2)

    def read() -> str:
        with contextlib.suppress(Exception):
            sys.stderr.flush()
        sink.flush()
        sink.seek(0)
        return sink.read().decode("utf-8", "replace")

    try:
        yield read
    finally:
        with contextlib.suppress(Exception):
            sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
        sink.close()


@contextlib.contextmanager
def _captured(capture: _Capture) -> Iterator[None]:
    """Qt message handler, Python warnings and a WARNING log handler, all into ``capture``."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def qt_handler(mode: QtMsgType, context: Any, message: str) -> None:
        if mode in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg):
            return
        category = getattr(context, "category", None) or "qt"
        capture.add(
            f"Qt {mode.name.removeprefix('Qt').removesuffix('Msg').lower()} {category}", message
        )

    def show_warning(  # noqa: PLR0917 - the signature of warnings.showwarning
        message: Any, category: Any, filename: str, lineno: int, file: Any = None, line: Any = None
    ) -> None:
        capture.add(f"Python {category.__name__}", f"{message} ({filename}:{lineno})")

    previous_qt = qInstallMessageHandler(qt_handler)
    previous_show = warnings.showwarning
    collector = _LogCollector(capture)
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(collector)
    if root.level > logging.WARNING or root.level == logging.NOTSET:
        root.setLevel(logging.WARNING)
    with warnings.catch_warnings():
        warnings.simplefilter("default")
        warnings.showwarning = show_warning
        try:
            yield
        finally:
            warnings.showwarning = previous_show
            root.removeHandler(collector)
            root.setLevel(previous_level)
            qInstallMessageHandler(previous_qt)


# --- timing --------------------------------------------------------------------------------------


def _seconds_since_process_start() -> tuple[float, str]:
    """Elapsed time since the process started (Linux: from /proc), else since this module loaded."""
    try:
        with open("/proc/self/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])  # field 22 overall: starttime, after pid and comm
        with open("/proc/uptime", encoding="ascii") as fh:
            uptime = float(fh.read().split()[0])
        elapsed = uptime - start_ticks / os.sysconf("SC_CLK_TCK")
        if elapsed >= 0:
            return elapsed, "process start"
    except (OSError, ValueError, IndexError, AttributeError):
        pass
    return time.monotonic() - _MODULE_START, "smoke module load"


# --- the checks ----------------------------------------------------------------------------------


def _check_resources(report: SmokeReport) -> None:
    from importlib.resources import files

    from PySide6.QtGui import QIcon

    try:
        root = files("resources")
        from amzdesk.carriers import CarrierTable

        table = CarrierTable.load()
        icons = sorted(p.name for p in root.joinpath("icons").iterdir() if p.name.endswith(".svg"))
        broken = []
        for name in icons:
            with _as_file(root.joinpath("icons", name)) as path:
                icon = QIcon(str(path))
                if icon.isNull() or icon.pixmap(32, 32).isNull():
                    broken.append(name)
        broken += _broken_ui_icons()
    except Exception as exc:
        report.failed("resources", f"{type(exc).__name__}: {exc}")
        return
    if len(table) == 0 or not icons or broken:
        report.failed(
            "resources",
            f"{len(table)} carriers, {len(icons)} SVG icons, "
            f"unreadable: {', '.join(broken) or '-'}",
        )
        return
    report.passed("resources", f"{len(table)} carriers, {len(icons)} SVG icons render")


@contextlib.contextmanager
def _as_file(traversable: Any) -> Iterator[Path]:
    from importlib.resources import as_file

    with as_file(traversable) as path:
        yield Path(path)


def _broken_ui_icons() -> list[str]:
    """The window's own icon loader (ui.icons) must find every icon it names."""
    try:
        from ui import icons
    except ImportError:
        return []
    names = tuple(getattr(icons, "NAMES", ()))
    return [f"ui.icons:{n}" for n in names if icons.icon(n).pixmap(16, 16).isNull()]


def _check_translations(report: SmokeReport, app: Any) -> None:
    """Qt's Japanese and English catalogues and the app's English one must load and translate.

    Japanese is the app's source language; English ships as resources/i18n/amzdesk_en.qm.
    """
    from importlib.resources import files

    from PySide6.QtCore import QLibraryInfo, QTranslator

    loaded: list[str] = []
    problems: list[str] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_ja = QTranslator(app)
    for lang in ("ja", "en"):
        translator = qt_ja if lang == "ja" else QTranslator(app)
        if translator.load(f"qtbase_{lang}", qt_dir):
            loaded.append(f"qtbase_{lang}")
        else:
            problems.append(f"qtbase_{lang}.qm not found in {qt_dir}")
    i18n = files("resources").joinpath("i18n")
    try:
        catalogues = sorted(p.name for p in i18n.iterdir() if p.name.endswith(".qm"))
    except (FileNotFoundError, NotADirectoryError, OSError):
        catalogues = []
    if "amzdesk_en.qm" not in catalogues:
        problems.append("resources/i18n/amzdesk_en.qm is missing")
    for name in catalogues:
        translator = QTranslator(app)
        with _as_file(i18n.joinpath(name)) as path:
            if not translator.load(str(path)):
                problems.append(f"{name} does not load")
            elif translator.isEmpty():
                problems.append(f"{name} holds no translations")
            else:
                loaded.append(name.removesuffix(".qm"))
    # Prove a catalogue translates: Qt's own "&Yes" button text in Japanese.
    sample = "&Yes"
    if "qtbase_ja" in loaded:
        sample = qt_ja.translate("QPlatformTheme", "&Yes") or sample
        if sample == "&Yes":
            problems.append("qtbase_ja loaded but translates nothing")
    detail = ", ".join(loaded) or "none"
    try:
        from ui import i18n as ui_i18n

        detail += f"; window language {ui_i18n.current_language()}"
    except ImportError:
        pass
    if problems:
        report.failed("translations", f"{detail}; " + "; ".join(problems))
    else:
        report.passed("translations", f"{detail}; 「{sample}」")


def _check_font(report: SmokeReport, app: Any) -> None:
    """The OS's Japanese UI font is the one Qt resolved (only reported when none is installed:
    Qt then falls back to whatever font has the glyphs, and the window still works)."""
    from PySide6.QtGui import QFontInfo, QFontMetrics

    from ui.app import ui_font_families

    font = app.font()
    family = QFontInfo(font).family()
    wanted = ui_font_families()
    has_kana = QFontMetrics(font).inFontUcs4(ord("あ"))
    size = f"{font.pointSizeF():g} pt" if font.pointSizeF() > 0 else f"{font.pixelSize()} px"
    if family in wanted and has_kana:
        report.passed("ui font", f"{family} {size}")
    else:
        report.noted(
            "ui font",
            f"none of {', '.join(wanted)} is installed; Qt uses {family}"
            + ("" if has_kana else " (without Japanese glyphs)"),
        )


def _check_keyring(report: SmokeReport, capture: _Capture) -> None:
    """Only the backend is resolved; no secret is read or written."""
    capture.expected_loggers.update(KEYRING_LOGGERS)
    try:
        from amzdesk.credentials import (
            CredentialStore,
            backend_classes,
            os_keyring,
            unavailable_message,
        )

        store = CredentialStore()
        description = store.backend_description()
        expected = os_keyring()
        resolved = backend_classes()
        # Windows and macOS bring their keyring with the OS: when keyring does not even pick
        # it, the bundle lacks the backend (a missing hidden import), which no user can fix.
        # An explicit PYTHON_KEYRING_BACKEND is the user's (or a test's) choice.
        if (
            expected.install is None
            and not os.environ.get("PYTHON_KEYRING_BACKEND")
            and expected.backend not in resolved
        ):
            report.failed(
                "keyring backend",
                f"{expected.backend} ({expected.name}) was not found; keyring resolved "
                f"{', '.join(resolved) or 'nothing'}",
            )
            return
        if not store.available():
            hint = " / ".join(unavailable_message().splitlines())
            report.noted("keyring backend", f"{description}; {hint}")
            return
    except Exception as exc:  # keyring broken in another way: still only reported
        report.noted("keyring backend", f"{type(exc).__name__}: {exc}")
        return
    report.passed("keyring backend", description)


# --- the window ----------------------------------------------------------------------------------


@dataclass
class _Window:
    widget: Any
    close: Callable[[], None]
    simulator: Any = None
    orders: Callable[[], int] | None = None
    busy: Callable[[], bool] | None = None
    settled: bool | None = None


def _build_window(app: Any) -> _Window:
    """The real main window in demo mode on the simulator, through ui.app's entry point."""
    from ui import app as ui_app

    builder = getattr(ui_app, "build_demo_window", None) or getattr(ui_app, "create_window", None)
    if builder is None:
        raise RuntimeError("ui.app offers no way to build the demo window")
    result = builder(app) if _takes_app(builder) else builder()
    widget = getattr(result, "window", result)
    simulator = getattr(result, "simulator", None) or getattr(widget, "simulator", None)

    def close() -> None:
        widget.close()
        closer = getattr(result, "close", None) or getattr(result, "shutdown", None)
        if callable(closer) and result is not widget:
            closer()

    def orders() -> int:
        model = getattr(widget, "model", None) or getattr(widget, "order_model", None)
        if callable(model):
            model = model()
        return int(model.rowCount()) if model is not None else -1

    runner = getattr(widget, "runner", None)
    busy = getattr(runner, "is_busy", None)
    return _Window(
        widget=widget,
        close=close,
        simulator=simulator,
        orders=orders,
        busy=(lambda: bool(busy())) if callable(busy) else None,
    )


def _takes_app(func: Callable[..., Any]) -> bool:
    import inspect

    try:
        params = inspect.signature(func).parameters
    except (TypeError, ValueError):
        return False
    return any(p.name == "app" for p in params.values())


def _make_app() -> Any:
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    if existing is not None:
        return existing
    try:
        from ui import app as ui_app

        factory = getattr(ui_app, "create_application", None) or getattr(ui_app, "make_app", None)
    except ImportError:
        factory = None
    if factory is not None:
        return factory([sys.argv[0]])
    return QApplication([sys.argv[0]])


def _wait(app: Any, condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        app.processEvents()
        if condition():
            return True
        time.sleep(0.01)
    app.processEvents()
    return condition()


def _render(
    report: SmokeReport, app: Any, window: _Window, screenshot: Path | None, timeout: float
) -> float | None:
    """Show the window, wait for its first paint, grab it; returns time to first frame."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    frame: dict[str, float] = {}

    class FirstPaint(QObject):
        def eventFilter(self, obj: Any, event: Any) -> bool:
            if event.type() == QEvent.Type.Paint and "painted" not in frame:
                frame["painted"] = 0.0
                # Runs once the paint and the backing-store flush of this event are done.
                QTimer.singleShot(
                    0, lambda: frame.__setitem__("t", _seconds_since_process_start()[0])
                )
            return False

    watcher = FirstPaint()
    window.widget.installEventFilter(watcher)
    window.widget.show()
    painted = _wait(app, lambda: "t" in frame, timeout)
    window.widget.removeEventFilter(watcher)
    if window.simulator is not None or window.orders is not None:
        _wait(app, lambda: window.orders is not None and window.orders() > 0, timeout)
    if window.busy is not None:
        # the first sync (and any reload) finishes: the grab shows the settled window
        busy = window.busy
        window.settled = _wait(app, lambda: not busy(), timeout)
    pixmap = window.widget.grab()
    image = pixmap.toImage()
    if pixmap.isNull() or image.width() < 100 or image.height() < 100:
        report.failed("window rendered", f"grab gave {image.width()}x{image.height()}")
        return None
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 29)
    }
    if len(colours) < 4:
        report.failed("window rendered", "the frame is blank")
        return None
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        if not pixmap.save(str(screenshot), "PNG"):
            report.failed("window rendered", f"cannot write {screenshot}")
            return None
    first = frame.get("t")
    detail = f"{image.width()}x{image.height()} on {app.platformName()}"
    if first is not None:
        detail += f", first frame {first:.2f} s after {_seconds_since_process_start()[1]}"
    if not painted:
        detail += ", no paint event seen"
    if screenshot is not None:
        detail += f", saved {screenshot}"
    report.passed("window rendered", detail)
    return first


def _check_simulator(report: SmokeReport, window: _Window) -> None:
    rows = window.orders() if window.orders is not None else -1
    sim = window.simulator
    if sim is None:
        report.failed("simulator", "the window is not running on the simulator")
        return
    endpoints = [
        u for u in (getattr(sim, "spapi_url", None), getattr(sim, "makeshop_url", None)) if u
    ]
    if rows <= 0:
        report.failed("simulator", f"no orders listed from {', '.join(endpoints) or 'simulator'}")
        return
    if window.settled is False:
        report.failed("simulator", f"{rows} orders listed, but the first sync did not finish")
        return
    synced = ", first sync finished" if window.settled else ""
    report.passed("simulator", f"{rows} orders listed from {', '.join(endpoints)}{synced}")


# --- entry point ---------------------------------------------------------------------------------


def _parse(argv: list[str]) -> argparse.Namespace | None:
    parser = argparse.ArgumentParser(prog="amzdesk --smoke-test", add_help=True)
    parser.add_argument("--screenshot", type=Path, help="save the rendered window as PNG")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per wait (30)")
    parser.add_argument(
        "--report",
        type=Path,
        help="also write the report to this file (windowed builds on Windows have no stdout)",
    )
    try:
        return parser.parse_args(argv)
    except SystemExit as exc:
        if exc.code == 0:
            raise
        return None


def _isolated_folders(base: Path) -> dict[str, str | None]:
    """Point the app's folders at ``base``; returns the previous environment values."""
    names = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")
    previous = {name: os.environ.get(name) for name in names}
    for name in names:
        os.environ[name] = str(base / name.lower())
    return previous


def _restore(previous: dict[str, str | None]) -> None:
    for name, value in previous.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def _platform_folders_patch(base: Path) -> Callable[[], None]:
    """On Windows/macOS platformdirs ignores XDG_*: redirect amzdesk.paths directly."""
    from amzdesk import paths

    originals = {n: getattr(paths, n) for n in ("data_dir", "config_dir", "log_dir")}
    for name in originals:
        target = base / name

        def make(target: Path = target) -> Path:
            target.mkdir(parents=True, exist_ok=True)
            return target

        setattr(paths, name, make)

    def undo() -> None:
        for name, func in originals.items():
            setattr(paths, name, func)

    return undo


def run_smoke_test(argv: list[str]) -> int:
    """Run every check; print one line per check; 0 when all passed and nothing unexpected."""
    out: TextIO = sys.stdout if sys.stdout is not None else open(os.devnull, "w")  # noqa: SIM115
    args = _parse(list(argv))
    if args is None:
        return 2
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    report = SmokeReport()
    capture = _Capture()
    started = time.monotonic()

    with tempfile.TemporaryDirectory(prefix="amzdesk-smoke-") as tmp, _stderr_to_file() as stderr:
        # Resolve the keyring backend before the folders move: keyring reads its own
        # configuration from the user's config folder.
        import keyring

        capture.expected_loggers.update(KEYRING_LOGGERS)
        with _captured(capture), contextlib.suppress(Exception):
            keyring.get_keyring()
        previous_env = _isolated_folders(Path(tmp))
        undo_paths = _platform_folders_patch(Path(tmp))
        window: _Window | None = None
        try:
            with _captured(capture):
                app = _make_app()
                try:
                    # The window first, so the time to its first frame is the app's own.
                    try:
                        window = _build_window(app)
                    except Exception as exc:
                        report.failed("simulator", f"{type(exc).__name__}: {exc}")
                        report.failed("window rendered", "no window")
                    else:
                        _render(report, app, window, args.screenshot, args.timeout)
                        _check_simulator(report, window)
                    _check_resources(report)
                    _check_translations(report, app)
                    _check_font(report, app)
                    _check_keyring(report, capture)
                    _reorder(report)
                finally:
                    if window is not None:
                        window.close()
                    app.processEvents()
        except Exception as exc:
            report.failed("start-up", f"{type(exc).__name__}: {exc}")
        finally:
            undo_paths()
            _restore(previous_env)
        stray = stderr()
    for line in stray.splitlines():
        capture.add("stderr", line)
    report.unexpected = capture.problems

    for line in report.lines:
        print(line, file=out)
    for problem in report.unexpected:
        print(f"unexpected output: {problem}", file=out)
    verdict = "passed" if report.ok else "FAILED"
    print(f"smoke test {verdict} in {time.monotonic() - started:.2f} s", file=out)
    out.flush()
    if args.report is not None:
        lines = [*report.lines, *(f"unexpected output: {p}" for p in report.unexpected)]
        lines.append(f"smoke test {verdict}")
        args.report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if stray:
        # Let the user see it too, after the report.
        with contextlib.suppress(Exception):
            sys.stderr.write(stray)
    return 0 if report.ok else 1


def _reorder(report: SmokeReport) -> None:
    order = {name: i for i, name in enumerate(CHECKS)}
    report.lines.sort(key=lambda line: order.get(line.split(":", 1)[0], len(order)))
