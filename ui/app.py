"""Start the window: QApplication, translations, logging of Qt messages, the exception hook.

``main(argv)`` is what ``python main.py`` runs when no command-line sub-command is given:

* ``--demo``: the window on the built-in simulator (titled and bannered デモ);
* no credentials stored: a welcome screen offers to set them up or to try the demo; without
  credentials the window then starts in demo mode;
* otherwise the window on the real services.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QObject,
    QTimer,
    QtMsgType,
    Signal,
    Slot,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication

from ui import i18n, icons

log = logging.getLogger("amzdesk.ui")
qt_log = logging.getLogger("amzdesk.qt")

APP_NAME = "amzdesk"

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def qt_message_handler(mode: QtMsgType, context: Any, message: str) -> None:
    """Route Qt's own messages into logging ("amzdesk.qt")."""
    category = getattr(context, "category", "") or ""
    qt_log.log(
        _QT_LEVELS.get(mode, logging.WARNING), "%s%s", f"[{category}] " if category else "", message
    )


def install_message_handler() -> None:
    qInstallMessageHandler(qt_message_handler)


_open_dialogs: list[Any] = []  # QMessageBox (imported when the first one opens)


def _show_error_dialog(text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    app = QApplication.instance()
    if app is None:
        return
    parent = QApplication.activeWindow()
    box = QMessageBox(parent)
    box.setObjectName("errorDialog")
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QApplication.translate("App", "エラー"))
    box.setText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    _open_dialogs.append(box)  # keep it alive while shown (it may have no parent)
    box.finished.connect(lambda _r, b=box: _open_dialogs.remove(b) if b in _open_dialogs else None)
    box.open()


def exception_hook(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    """Log the traceback, show a short dialog without it."""
    if issubclass(exc_type, KeyboardInterrupt):
        QApplication.quit()
        return
    log.error(
        "unexpected error: %s", "".join(traceback.format_exception(exc_type, exc, tb)).strip()
    )
    from ui.backend import user_message

    msg = user_message(exc)
    text = QApplication.translate(
        "App", "{0}\n作業は続けられます。繰り返す場合はログファイルを確認してください。"
    ).format(msg)
    _show_error_dialog(text)


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    log.error(
        "unexpected error in thread %s: %s",
        getattr(args.thread, "name", "?"),
        "".join(
            traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)
        ).strip(),
    )


def install_exception_hooks() -> None:
    sys.excepthook = exception_hook
    threading.excepthook = _thread_hook


# The UI font per operating system: the first installed family wins, the rest are fallbacks.
# Qt's own default on Windows (Segoe UI / MS UI Gothic for Japanese) and a bare Linux desktop
# render Japanese in mismatched or bitmap-era fonts; these are the OS's Japanese UI fonts.
UI_FONT_FAMILIES = {
    "windows": ("Yu Gothic UI", "Meiryo UI", "Meiryo"),
    "macos": ("Hiragino Sans", "Hiragino Kaku Gothic ProN"),
    "linux": ("Noto Sans CJK JP", "Noto Sans JP", "Source Han Sans JP", "IPAPGothic"),
}


def _os_name(platform: str | None = None) -> str:
    plat = sys.platform if platform is None else platform
    return {"win32": "windows", "darwin": "macos"}.get(plat, "linux")


def ui_font_families(platform: str | None = None) -> tuple[str, ...]:
    """The Japanese UI font families for ``platform`` (a ``sys.platform`` value), best first."""
    return UI_FONT_FAMILIES[_os_name(platform)]


def apply_ui_font(app: QApplication, platform: str | None = None) -> None:
    """Put the OS's Japanese UI fonts first in the application font, keeping its point size
    and the platform's own families as the last fallback.  Nothing is looked up here (that
    would load the whole font database before the first frame): Qt takes the first family in
    the list that is installed when text is first laid out."""
    font = app.font()
    preferred = list(ui_font_families(platform))
    font.setFamilies(preferred + [f for f in font.families() if f not in preferred])
    app.setFont(font)


def create_application(
    argv: Sequence[str] | None = None, language: str | None = None
) -> QApplication:
    """The QApplication with names, icon, UI font, message handler and translators installed."""
    # High DPI: Qt 6 always scales, and its default rounding policy (PassThrough) uses
    # fractional factors such as 125 % and 150 % as they are (tests/test_platform.py).  It is not
    # set here: that would build Qt's enum namespace before the first frame.
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv or [APP_NAME]))
    apply_ui_font(app)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName("amzdesk")
    app_icon = icons.ICON_DIR / "amzdesk.svg"
    if app_icon.is_file():
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(app_icon)))
    install_message_handler()
    # Qt objects in reference cycles must die on this thread, never in a worker's collection.
    from ui import gcguard

    gcguard.install(app)
    # Background tasks run Python too: let the GUI thread take the interpreter back every
    # millisecond (default 5 ms) so that the event loop never waits long behind a worker.
    sys.setswitchinterval(0.001)
    if language is None:
        try:
            from amzdesk.settings import load_settings

            language = load_settings().language
        except Exception:
            language = "auto"
    i18n.install(app, language)
    app._amzdesk_translators = list(i18n._installed)  # type: ignore[attr-defined]
    return app


def _configure_logging() -> None:
    """The log file and stderr handlers; replays what :func:`_buffer_logging` kept (once)."""
    buffers = list(_log_buffer)
    _log_buffer.clear()
    root = logging.getLogger()
    for buffer in buffers:
        root.removeHandler(buffer)
    try:
        from amzdesk import paths
        from amzdesk.logsetup import configure_logging

        configure_logging(paths.log_dir(), logging.INFO)
    except Exception:  # logging must never keep the window from starting
        logging.basicConfig(level=logging.INFO)
    for buffer in buffers:
        for record in buffer.records:
            if record.levelno >= logging.getLogger(record.name).getEffectiveLevel():
                for handler in root.handlers:
                    if record.levelno >= handler.level:
                        handler.handle(record)


@dataclass
class Session:
    """A running window with its services (the smoke test and tools close it through here)."""

    window: Any
    services: Any

    @property
    def simulator(self) -> Any:
        return getattr(self.services, "simulator", None)

    def close(self) -> None:
        runner = getattr(self.window, "runner", None)
        if runner is not None:
            runner.shutdown(15000)
        self.services.close()


def build_window(
    services: Any = None,
    *,
    factory: Any = None,
    settings: Any = None,
    demo: bool | None = None,
    credentials: Any = None,
    settings_path: Path | None = None,
    autosync: bool | None = None,
) -> Any:
    """The main window over ``services``, or over ``factory()`` run in the background once the
    first frame is on screen (the fast start)."""
    from ui.main_window import MainWindow

    window = MainWindow(
        services,
        services_factory=factory,
        settings=settings,
        demo=demo,
        credentials=credentials,
        settings_path=settings_path,
        autosync=autosync,
    )
    window.simulator = getattr(services, "simulator", None)  # type: ignore[attr-defined]  # read by ui.smoke
    return window


def build_demo_window(app: QApplication | None = None) -> Session:
    """The window on a fresh built-in simulator (the ``--demo`` start)."""
    from amzdesk.services import build_services
    from amzdesk.settings import load_settings

    settings = load_settings()
    settings.demo = True
    services = build_services(settings, None, demo=True)
    window = build_window(services, autosync=True)
    return Session(window=window, services=services)


def _credentials() -> tuple[Any, bool, str]:
    """The credential store, whether anything is configured, and a problem text (reads the
    keyring: never before the first frame)."""
    from amzdesk.credentials import CredentialStore

    store = CredentialStore()
    configured, problem = _check_credentials(store)
    return store, configured, problem


def _check_credentials(store: Any) -> tuple[bool, str]:
    from amzdesk.credentials import KeyringUnavailable

    try:
        return store.amazon_configured() or store.makeshop_configured(), ""
    except KeyringUnavailable as exc:
        from ui.backend import user_message

        return False, user_message(exc)  # in the window's language


class _Notices(QObject):
    """Messages from the background start-up for the window's banner: emitted from a worker,
    delivered on the GUI thread (the receiver lives there, so the connection is queued)."""

    credentialsProblem = Signal(str)

    def __init__(self, deliver: Any) -> None:
        super().__init__()
        self._deliver = deliver
        self.credentialsProblem.connect(self._on_problem)

    @Slot(str)
    def _on_problem(self, text: str) -> None:
        self._deliver(text)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the window; returns the exit code.

    Nothing before the first frame reads the keyring: whether to show the welcome screen or the
    order list comes from the keyring index (:func:`amzdesk.credentials.configured_hint`); the
    keyring itself is read once a window is on screen (the welcome screen's check right after
    its first frame, or the services factory in the background), which tells the user if it
    disagrees."""
    args = list(sys.argv[1:] if argv is None else argv)
    demo = "--demo" in args
    # The log file is set up once the first frame is on screen; records wait in memory.
    _buffer_logging()
    from amzdesk.credentials import CredentialStore, configured_hint
    from amzdesk.settings import load_settings

    settings = load_settings()
    app = create_application([APP_NAME, *[a for a in args if a != "--demo"]], settings.language)
    first_frame = _FirstFrame(app)
    first_frame.callbacks.append(_configure_logging)
    if os.environ.get("AMZDESK_REPORT_FIRST_PAINT"):
        first_frame.callbacks.insert(0, report_first_paint)
    install_exception_hooks()
    credentials = CredentialStore()  # reads nothing yet
    if not demo and not configured_hint():
        from ui.welcome import WelcomeDialog

        welcome = WelcomeDialog(
            credentials=credentials, check=lambda: _check_credentials(credentials)
        )
        first_frame.watch(welcome)
        welcome.exec()
        settings = load_settings()  # the welcome's settings dialog may have saved some
        if welcome.choice != "configured":
            _store, configured, _problem = _credentials()
            demo = not configured

    window: Any = None
    notices = _Notices(
        lambda text: window.banner.show_message(
            text,
            "setup",
            QApplication.translate("App", "認証情報を設定する"),
            window.open_settings,
        )
    )

    def factory() -> Any:
        from amzdesk.services import build_services

        store: Any = None if demo else credentials
        if store is not None:
            configured, problem = _check_credentials(store)
            if problem:
                store = None  # no clients: the list works, syncing says what is missing
                notices.credentialsProblem.emit(problem)
            elif not configured:
                notices.credentialsProblem.emit(
                    QApplication.translate(
                        "App",
                        "認証情報がキーリングに見つかりません。"
                        "「認証情報を設定する」から入力してください。",
                    )
                )
        return build_services(settings, store, demo=demo)

    window = build_window(
        factory=factory, settings=settings, demo=demo, credentials=credentials, autosync=True
    )
    first_frame.watch(window)
    window.show()
    try:
        return int(app.exec())
    finally:
        window.runner.shutdown(15000)
        if window.services is not None:
            window.services.close()
            sim = getattr(window.services, "simulator", None)
            window.simulator = sim


class _FirstFrame(QObject):
    """Runs callbacks once the first watched window (the main window or the welcome screen)
    has painted a frame (from a zero timer, so after the frame is flushed).

    It filters the events of the watched windows only, and only until that frame: an
    application-wide filter written in Python would be called for every event of every widget
    built before the first frame, and PySide would make a Python wrapper (with its enums) for
    each kind of object and event it hands over -- about 15 ms of a ~130 ms start."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.callbacks: list[Any] = []
        self._watched: list[Any] = []

    def watch(self, window: Any) -> None:
        """Run the callbacks at ``window``'s first painted frame (unless another watched window
        painted first)."""
        if self.callbacks:
            self._watched.append(window)
            window.installEventFilter(self)

    def eventFilter(self, obj: Any, event: Any) -> bool:
        if event.type() == QEvent.Type.Paint and self.callbacks:
            for window in self._watched:
                window.removeEventFilter(self)
            self._watched.clear()
            QTimer.singleShot(0, self._run)
        return False

    def _run(self) -> None:
        callbacks, self.callbacks = self.callbacks, []
        for callback in callbacks:
            callback()


def report_first_paint() -> None:
    """For start-up benchmarks (``AMZDESK_REPORT_FIRST_PAINT=1``, run as a first-frame
    callback): print ``FIRST_PAINT <time.monotonic()>`` and end the process (``=modules``: first
    ``FIRST_PAINT_MODULES <json list>``, what was imported).  ``bench/bare_window.py`` reports
    its bare window the same way."""
    import time

    if os.environ.get("AMZDESK_REPORT_FIRST_PAINT") == "modules":
        import json

        print("FIRST_PAINT_MODULES " + json.dumps(sorted(sys.modules)), flush=True)
    print(f"FIRST_PAINT {time.monotonic():.6f}", flush=True)
    os._exit(0)


class _StartupLogBuffer(logging.Handler):
    """Keeps the records logged before the first frame (the log file's set-up waits until the
    frame is on screen) and hands them to the real handlers once they exist."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


_log_buffer: list[_StartupLogBuffer] = []


def _buffer_logging() -> None:
    """Until :func:`_configure_logging`: records are kept in memory (and replayed)."""
    import atexit

    buffer = _StartupLogBuffer()
    root = logging.getLogger()
    root.addHandler(buffer)
    logging.getLogger("amzdesk").setLevel(logging.INFO)
    _log_buffer.append(buffer)
    atexit.register(_flush_startup_log)


def _flush_startup_log() -> None:
    """At exit: when the process ends before its first frame, the kept records still go out."""
    if _log_buffer:
        _configure_logging()
