"""What every command module of the command line shares: exit codes, :class:`CliError`, the
JSON form, :class:`CliContext` (collaborators and output) and the sync runner.

Imports no other module of :mod:`amzdesk.cli` (the command modules import it, never the
reverse).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
import threading
from collections.abc import Callable
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any, Final, NoReturn, TextIO, cast

from amzdesk.clock import iso_z

if TYPE_CHECKING:
    from amzdesk.carriers import CarrierTable
    from amzdesk.credentials import CredentialStore
    from amzdesk.services import Services
    from amzdesk.settings import Settings
    from amzdesk.sync import SyncProgress, SyncReport

__all__ = [
    "EXIT_ERROR",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "CliContext",
    "CliError",
    "Handler",
    "JaArgumentParser",
    "add_json",
    "demo_sync",
    "iso_or_none",
    "json_dumps",
    "require_source",
    "run_sync",
]

EXIT_OK: Final = 0
EXIT_ERROR: Final = 1
EXIT_USAGE: Final = 2
EXIT_INTERRUPTED: Final = 130

Handler = Callable[[argparse.Namespace, "CliContext"], int]


class CliError(Exception):
    """An expected failure: ``message`` (Japanese) goes to stderr, ``code`` is the exit code."""

    def __init__(self, message: str, code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class JaArgumentParser(argparse.ArgumentParser):
    """argparse with Japanese error wording; usage errors exit 2."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: 使い方が正しくありません: {message}\n")


def add_json(p: argparse.ArgumentParser) -> None:
    """``--json`` on a sub-command (and the global ``--demo`` accepted after it too)."""
    p.add_argument("--json", action="store_true", help="機械可読な JSON で出力する")
    # ``--demo`` is global, but ``python main.py sync --demo`` is accepted too
    p.add_argument("--demo", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)


# --- JSON helpers -------------------------------------------------------------------------------


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso_z(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def json_dumps(doc: Any) -> str:
    """The CLI's JSON form: sorted keys, UTF-8 text (no ASCII escapes), datetimes as UTC Z."""
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=2, default=_json_default)


def iso_or_none(value: datetime | None) -> str | None:
    """A time as ISO 8601 UTC ``...Z``, or None."""
    return iso_z(value) if value is not None else None


# --- context ------------------------------------------------------------------------------------


class CliContext:
    """What a handler gets: lazily built collaborators and output helpers."""

    def __init__(
        self,
        args: argparse.Namespace,
        *,
        stdin: IO[str] | None = None,
        stdout: IO[str] | None = None,
        stderr: IO[str] | None = None,
    ) -> None:
        self.args = args
        self.stdin = stdin if stdin is not None else sys.stdin
        self.stdout = stdout if stdout is not None else sys.stdout
        self.stderr = stderr if stderr is not None else sys.stderr
        self.demo: bool = bool(getattr(args, "demo", False))
        self._settings: Settings | None = None
        self._credentials: CredentialStore | None = None
        self._services: Services | None = None

    # -- collaborators -------------------------------------------------------------------------

    @property
    def json_mode(self) -> bool:
        return bool(getattr(self.args, "json", False))

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from amzdesk.settings import load_settings

            self._settings = load_settings()
        return self._settings

    @settings.setter
    def settings(self, value: Settings) -> None:
        """The settings from now on (after a command saved changed ones)."""
        self._settings = value

    @property
    def credentials(self) -> CredentialStore:
        if self._credentials is None:
            from amzdesk.credentials import CredentialStore

            self._credentials = CredentialStore()
        return self._credentials

    @property
    def services(self) -> Services:
        """The app's services (store, clients, sync), built on first use."""
        if self._services is None:
            from amzdesk.services import build_services

            self._services = build_services(self.settings, self.credentials, demo=self.demo)
        return self._services

    @property
    def carrier_table(self) -> CarrierTable:
        if self._services is not None:
            return self._services.carriers
        from amzdesk.carriers import CarrierTable

        return CarrierTable.load(overrides=self.settings.carrier_code_overrides)

    def close(self) -> None:
        if self._services is not None:
            services, self._services = self._services, None
            services.close()

    # -- output --------------------------------------------------------------------------------

    def out(self, text: str = "") -> None:
        print(text, file=self.stdout)

    def err(self, text: str) -> None:
        print(text, file=self.stderr)

    def emit_json(self, doc: Any) -> None:
        self.stdout.write(json_dumps(doc) + "\n")

    def read_secret(self, prompt: str) -> str:
        """A secret from stdin: without echo on a terminal, else the first line."""
        isatty = getattr(self.stdin, "isatty", None)
        if callable(isatty) and isatty():
            return getpass.getpass(prompt, stream=cast(TextIO, self.stderr))
        line = self.stdin.readline()
        return line.rstrip("\r\n")


# --- the sync runner ----------------------------------------------------------------------------


def require_source(ctx: CliContext) -> Services:
    """The services, or a :class:`CliError` when neither Amazon nor makeshop is set up."""
    services = ctx.services
    if services.spapi is None and services.makeshop is None:
        raise CliError(
            "Amazon も makeshop も設定されていません。"
            "「credentials set」で認証情報を登録するか、--demo を付けて実行してください"
        )
    return services


def run_sync(ctx: CliContext, *, quiet: bool) -> SyncReport:
    """One sync (then the settling of earlier sends); progress on stderr unless ``quiet``.
    Ctrl-C cancels it and propagates."""
    services = require_source(ctx)
    last_phase: list[str] = [""]

    def progress(event: SyncProgress) -> None:
        if quiet:
            return
        key = f"{event.phase}:{event.source}"
        if key != last_phase[0]:
            last_phase[0] = key
            ctx.err(event.text)

    cancel = threading.Event()
    try:
        return services.sync_and_settle(progress=progress, cancel=cancel)
    except KeyboardInterrupt:
        cancel.set()
        raise


def demo_sync(ctx: CliContext) -> None:
    """With ``--demo`` (a fresh simulator): fill the demo store first, errors on stderr."""
    if ctx.demo:
        report = run_sync(ctx, quiet=True)
        for issue in report.errors:
            ctx.err(f"エラー: {issue.message}")
