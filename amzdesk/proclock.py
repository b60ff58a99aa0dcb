"""One process at a time talks to the services for a data folder.

Two app processes on one data folder (two command lines, the window and a command) would each
pace their requests with their own usage plans and collect 429s, and one could settle an entry
the other is still sending.  :class:`SenderLock` is an OS file lock next to the store
(``amzdesk.sqlite3.lock``): sending, settling unknown outcomes and syncing hold it.  Within one
process it is re-entrant across threads (the window's sync and a confirmation share it -- their
order locks and usage plans already coordinate them).  The OS drops the lock when the holding
process dies, so a killed process never blocks the next one.

Consequences the journal relies on: an entry still ``intent``/``sent`` found by a process that
holds the lock is not being sent by anyone else right now (its sender died or finished), so
settling it is safe.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, ClassVar, Final

from amzdesk.messages import define

__all__ = ["DEFAULT_WAIT_S", "SenderBusy", "SenderLock"]

DEFAULT_WAIT_S: Final = 10.0


M = define(
    "proclock",
    {
        "busy": (
            "別の amzdesk（ウィンドウまたはコマンド）が Amazon・makeshop と通信中です。"
            "二重送信と利用回数の超過を防ぐため、同時には送信しません。"
            "そちらが終わってからもう一度お試しください"
        ),
    },
)


class SenderBusy(Exception):
    """Another amzdesk process is talking to the services for the same data folder."""

    user_message = M("busy")

    def __init__(self) -> None:
        super().__init__("another amzdesk process holds the sender lock")


def _try_lock(fh: IO[bytes]) -> bool:
    if sys.platform == "win32":  # pragma: no cover - Windows
        import msvcrt

        try:
            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fh: IO[bytes]) -> None:
    if sys.platform == "win32":  # pragma: no cover - Windows
        import msvcrt

        with contextlib.suppress(OSError):
            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    with contextlib.suppress(OSError):
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


class SenderLock:
    """The data folder's sender lock (see the module docstring).  Use :meth:`for_path`: one
    instance per lock file in a process (two stores on one file share it)."""

    _instances: ClassVar[dict[str, SenderLock]] = {}
    _instances_guard: ClassVar[threading.Lock] = threading.Lock()

    @classmethod
    def for_path(cls, path: Path | str) -> SenderLock:
        key = os.path.abspath(os.fspath(path))
        with cls._instances_guard:
            lock = cls._instances.get(key)
            if lock is None:
                lock = cls._instances[key] = cls(key)
            return lock

    def __init__(self, path: Path | str, *, wait: float = DEFAULT_WAIT_S) -> None:
        self.path = Path(path)
        self.wait = float(wait)
        self._guard = threading.Lock()
        self._count = 0
        self._fh: IO[bytes] | None = None

    @property
    def held(self) -> bool:
        with self._guard:
            return self._count > 0

    def _acquire(self, wait: float) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        fh = os.fdopen(fd, "r+b")
        deadline = time.monotonic() + max(0.0, wait)
        while not _try_lock(fh):
            if time.monotonic() >= deadline:
                fh.close()
                raise SenderBusy
            time.sleep(0.05)
        self._fh = fh

    @contextlib.contextmanager
    def hold(self, wait: float | None = None) -> Iterator[None]:
        """Hold the lock (waiting up to ``wait`` seconds for another process; SenderBusy)."""
        with self._guard:
            if self._count == 0:
                self._acquire(self.wait if wait is None else wait)
            self._count += 1
        try:
            yield
        finally:
            with self._guard:
                self._count -= 1
                if self._count == 0 and self._fh is not None:
                    _unlock(self._fh)
                    self._fh.close()
                    self._fh = None


@contextlib.contextmanager
def sender(store: object, wait: float | None = None) -> Iterator[None]:
    """Hold ``store.sender_lock`` when the store has one (test doubles may not)."""
    lock = getattr(store, "sender_lock", None)
    if not isinstance(lock, SenderLock):
        yield
        return
    with lock.hold(wait):
        yield
