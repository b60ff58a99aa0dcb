"""Logging: one rotating log file, warnings on stderr, and redaction on every handler.

Nothing secret and no buyer personal data may reach a log (R-D1).  Every handler installed by
:func:`configure_logging` carries a :class:`RedactingFilter` which rewrites each record before it
is formatted:

* every value passed to :func:`register_secret` (credentials register themselves when read or
  stored, see :mod:`amzdesk.credentials`) is replaced by ``***``, also in its URL-encoded form;
* token shapes are masked even when never registered: ``x-amz-access-token``, ``authorization:
  Bearer …``, LWA tokens ``Atza|…`` / ``Atzr|…``, ``client_secret=…``, ``refresh_token=…``,
  ``x-api-key``/``api_key`` values;
* personal data shapes: e-mail addresses and Japanese phone numbers.

Exception tracebacks and ``stack_info`` are formatted and redacted the same way.  The same
patterns are available to other modules as :func:`redact` (secrets + PII); the personal-data
shapes are :mod:`amzdesk.scrub`'s (:func:`scrub_pii`, re-exported here).

Loggers are named ``amzdesk.<area>`` (``amzdesk.sync``, ``amzdesk.spapi``, ``amzdesk.makeshop``,
``amzdesk.store``, ``amzdesk.shipment``, ``amzdesk.qt`` …); use :func:`get_logger`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, Final
from urllib.parse import quote, quote_plus

from amzdesk import paths
from amzdesk.scrub import scrub_pii

__all__ = [
    "LOG_BACKUP_COUNT",
    "LOG_FILE_NAME",
    "LOG_MAX_BYTES",
    "RedactingFilter",
    "configure_logging",
    "contains_secret",
    "format_exception_redacted",
    "get_logger",
    "install_excepthook",
    "redact",
    "register_secret",
    "registered_secret_count",
    "scrub_pii",
    "shutdown_logging",
]

LOG_FILE_NAME = "amzdesk.log"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUP_COUNT = 5
MASK = "***"
# Registered values shorter than this are ignored: masking "1" or "ab" everywhere would make the
# log unreadable, and such short values are no real credential.
MIN_SECRET_LENGTH = 6


class _State:
    """Module state (registered secrets, current log file)."""

    lock = threading.Lock()
    secrets: set[str] = set()  # noqa: RUF012
    secrets_sorted: tuple[str, ...] = ()
    log_file: Path | None = None
    previous_factory: Callable[..., logging.LogRecord] | None = None


_HANDLER_TAG = "_amzdesk_handler"

# --- patterns ---------------------------------------------------------------------------------

_VALUE = r"[^\s\"'&,;}\]]+"
# header / form / JSON / repr shapes:  name: value, name=value, "name": "value", 'name': 'value'
_NAMED_SECRET = re.compile(
    r"(?i)(?P<name>x-amz-access-token|x-api-key|api[_-]?key|authorization|client[_-]?secret"
    r"|refresh[_-]?token|access[_-]?token|id[_-]?token|password|passwd|makeshop[_-]?token"
    r"|(?<![\w-])token|(?<![\w-])secret)"
    r"(?P<sep>[\"']?\s*[:=]\s*[\"']?)"
    r"(?P<scheme>(?:Bearer|Basic)\s+)?"
    r"(?P<value>" + _VALUE + ")"
)
_BEARER = re.compile(r"(?i)\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=|%-]{6,}")
_LWA_TOKEN = re.compile(r"Atz[ar](?:\||%7[Cc])[^\s\"'&,;}\]]+")


def register_secret(value: str | None) -> None:
    """Mask ``value`` (and its URL-encoded forms) in every log record from now on."""
    if not value:
        return
    value = value.strip()
    if len(value) < MIN_SECRET_LENGTH:
        return
    variants = {value, quote(value, safe=""), quote_plus(value, safe="")}
    with _State.lock:
        if variants <= _State.secrets:
            return
        _State.secrets.update(variants)
        _State.secrets_sorted = tuple(sorted(_State.secrets, key=len, reverse=True))


def registered_secret_count() -> int:
    with _State.lock:
        return len(_State.secrets)


def contains_secret(text: str) -> bool:
    """True when ``text`` holds a registered secret or a token shape (not PII)."""
    if any(secret in text for secret in _State.secrets_sorted):
        return True
    return bool(_LWA_TOKEN.search(text) or _NAMED_SECRET.search(text) or _BEARER.search(text))


def redact(text: str) -> str:
    """Mask registered secrets, token shapes and personal data shapes in ``text``."""
    if not text:
        return text
    for secret in _State.secrets_sorted:
        if secret in text:
            text = text.replace(secret, MASK)
    text = _LWA_TOKEN.sub(lambda m: m.group(0)[:4] + "|" + MASK, text)
    text = _NAMED_SECRET.sub(
        lambda m: f"{m.group('name')}{m.group('sep')}{m.group('scheme') or ''}{MASK}", text
    )
    text = _BEARER.sub(lambda m: f"{m.group(1)} {MASK}", text)
    return scrub_pii(text)


def format_exception_redacted(
    exc: BaseException | None = None,
    *,
    exc_info: tuple[type[BaseException], BaseException, TracebackType | None] | None = None,
) -> str:
    """The traceback of ``exc`` (or ``exc_info``) as text, redacted."""
    if exc_info is not None:
        lines = traceback.format_exception(*exc_info)
    elif exc is not None:
        lines = traceback.format_exception(type(exc), exc, exc.__traceback__)
    else:
        return ""
    return redact("".join(lines).rstrip("\n"))


class RedactingFilter(logging.Filter):
    """Rewrites a record's message, traceback and stack so that no secret or PII remains.

    It always returns True (it never drops records); it replaces ``msg`` by the redacted,
    fully formatted message and clears ``args``, and replaces ``exc_info`` by a redacted
    ``exc_text``.  Applying it twice is harmless.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_amzdesk_redacted", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record nor leak its args
            message = f"{record.msg!s} (unformattable arguments)"
        record.msg = redact(message)
        record.args = None
        if record.exc_info:
            exc_info = record.exc_info
            if exc_info[0] is not None and exc_info[1] is not None:
                record.exc_text = format_exception_redacted(
                    exc_info=(exc_info[0], exc_info[1], exc_info[2])
                )
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        record._amzdesk_redacted = True
        return True


def get_logger(area: str) -> logging.Logger:
    """``get_logger("sync")`` -> the ``amzdesk.sync`` logger."""
    name = area if area == "amzdesk" or area.startswith("amzdesk.") else f"amzdesk.{area}"
    return logging.getLogger(name)


def _level(level: str | int) -> int:
    if isinstance(level, int):
        return level
    value = logging.getLevelName(level.upper())
    if not isinstance(value, int):
        raise ValueError(f"unknown log level: {level!r}")
    return value


def _install_record_factory() -> None:
    """Redact every record when it is created, so that *any* handler (also ones installed by
    libraries or the UI) only ever sees redacted text.  The handler filters stay as a second
    line of defence."""
    if _State.previous_factory is not None:
        return
    previous = logging.getLogRecordFactory()
    redactor = RedactingFilter()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        redactor.filter(record)
        return record

    _State.previous_factory = previous
    logging.setLogRecordFactory(factory)


FILE_ONLY: Final = {"amzdesk_file_only": True}  # ``extra=`` for records kept out of stderr


def _private_rotating_handler(path: Path) -> logging.Handler:
    """A rotating file handler whose file (and rotated copies) is created owner-only (0600),
    like the store.  ``logging.handlers`` is imported here, not at start-up."""
    import logging.handlers

    class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
        def _open(self) -> Any:
            fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            if os.name == "posix":
                with contextlib.suppress(OSError):
                    os.fchmod(fd, 0o600)  # a file left by an older version
            return os.fdopen(fd, self.mode, encoding=self.encoding, errors=self.errors)

    return PrivateRotatingFileHandler(
        path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUP_COUNT, encoding="utf-8"
    )


class _OneLineFormatter(logging.Formatter):
    """One line per record: tracebacks and stacks go to the log file only."""

    def format(self, record: logging.LogRecord) -> str:
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        try:
            return super().format(record).splitlines()[0] if record.msg else ""
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved


def _not_file_only(record: logging.LogRecord) -> bool:
    return not getattr(record, "amzdesk_file_only", False)


def configure_logging(log_dir: Path | None = None, level: str | int = "INFO") -> Path:
    """Install the app's handlers on the root logger; returns the log file path.

    * ``RotatingFileHandler`` at ``log_dir/amzdesk.log`` (default ``paths.log_dir()``),
      1 MB x 5 backups, UTF-8, at ``level``;
    * a stderr handler for WARNING and above;
    * a :class:`RedactingFilter` on both.

    Calling it again replaces the handlers it installed before (never anyone else's).
    """
    import logging.handlers  # here, not at the top: the window imports this module early

    directory = Path(log_dir) if log_dir is not None else paths.log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    log_file = directory / LOG_FILE_NAME
    shutdown_logging()

    numeric = _level(level)
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s")
    if os.name == "posix":
        with contextlib.suppress(OSError):
            os.chmod(directory, 0o700)
    file_handler = _private_rotating_handler(log_file)
    file_handler.setLevel(numeric)
    file_handler.setFormatter(formatter)
    stderr_handler = logging.StreamHandler(sys.stderr)
    stderr_handler.setLevel(logging.WARNING)
    stderr_handler.setFormatter(_OneLineFormatter("%(levelname)s %(name)s: %(message)s"))
    stderr_handler.addFilter(_not_file_only)
    root = logging.getLogger()
    for handler in (file_handler, stderr_handler):
        handler.addFilter(RedactingFilter())
        setattr(handler, _HANDLER_TAG, True)
        root.addHandler(handler)
    root.setLevel(min(numeric, logging.WARNING))
    _install_record_factory()
    logging.getLogger("amzdesk").setLevel(numeric)
    _State.log_file = log_file
    return log_file


def shutdown_logging() -> None:
    """Remove and close the handlers installed by :func:`configure_logging`."""
    if _State.previous_factory is not None:
        logging.setLogRecordFactory(_State.previous_factory)
        _State.previous_factory = None
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _HANDLER_TAG, False):
            root.removeHandler(handler)
            handler.close()
    _State.log_file = None


def current_log_file() -> Path | None:
    return _State.log_file


UNCAUGHT_MESSAGE = "予期しないエラーが発生しました。詳細はログファイルに記録しました"


def install_excepthook() -> None:
    """Log uncaught exceptions (main and worker threads) redacted, print a short message.

    The printed message never contains the exception text (it may carry data); the full,
    redacted traceback is in the log file.
    """
    log = get_logger("amzdesk.crash")

    def hook(
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.critical("uncaught exception", exc_info=(exc_type, exc, tb))
        where = f": {_State.log_file}" if _State.log_file is not None else ""
        print(f"{UNCAUGHT_MESSAGE}{where} ({exc_type.__name__})", file=sys.stderr)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        hook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook
