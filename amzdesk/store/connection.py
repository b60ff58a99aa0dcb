"""The store's file and connections: opening (damage is refused, never a silent fresh start),
migrating, backups, one write connection behind a lock and one read connection per thread,
transactions, and the sync cursors."""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Final, Self

from amzdesk import paths, states
from amzdesk.clock import Clock, utcnow
from amzdesk.journal import JournalEntry
from amzdesk.listing import CombinedFn, NeedsFn, state_at, state_functions
from amzdesk.messages import UserError, define
from amzdesk.proclock import SenderLock
from amzdesk.store.codec import require_time
from amzdesk.store.schema import MIGRATIONS, SCHEMA_VERSION

__all__ = [
    "BACKUP_SUFFIX",
    "BUSY_TIMEOUT_S",
    "DB_FILE_NAME",
    "JournalConflict",
    "JournalError",
    "StoreBase",
    "StoreError",
    "iso_now",
]

log = logging.getLogger("amzdesk.store")

DB_FILE_NAME: Final = "amzdesk.sqlite3"
BACKUP_SUFFIX: Final = ".bak"
_SQLITE_HEADER: Final = b"SQLite format 3\x00"
BUSY_TIMEOUT_S: Final = 15.0
M = define(
    "store",
    {
        "busy": (
            "注文データのファイルが別の amzdesk で使用中のため書き込めませんでした。"
            "しばらくしてからやり直してください"
        ),
        "write": (
            "注文データのファイルに書き込めませんでした（ディスクの空きを確認してください）"
            "（{error}）"
        ),
        "read": "注文データのファイルを読み込めませんでした（{error}）",
        "damaged": (
            "注文データのファイル {path} は{what}。"
            "送信の記録を失わないよう、新しいファイルでは始めませんでした。{restore}"
        ),
        "restore_copy": (
            "前回正常に終了したときのコピーが {backup} にあります。amzdesk を終了し、"
            "{name} を別の名前に変えて保管してから、このコピーの名前を "
            "{name} に変えると、その時点の状態に戻せます（その後の送信は"
            "次の同期で Amazon・makeshop から読み直されます）"
        ),
        "restore_none": (
            "コピーはまだありません。amzdesk を終了し、このファイルを別の名前に変えて"
            "保管してから起動すると新しく始められますが、送信の記録は引き継がれません"
        ),
        "no_tables": "中身がありません（表がひとつもありません）",
        "cannot_open": "開けません（{error}）",
        "not_a_file": "通常のファイルではありません",
        "unreadable": "読めません（{error}）",
        "empty": "空です（0 バイト）",
        "not_sqlite": "壊れています（SQLite の形式ではありません）",
        "broken": "壊れています（{error}）",
        "closed": "注文データのファイルは閉じられています",
        "newer": (
            "この注文データのファイルは新しいバージョンの amzdesk で作成されています。"
            "amzdesk を更新してください。"
        ),
    },
)
_BUSY_MESSAGE: Final = M("busy")
WRITE_CACHE_KIB: Final = 32 * 1024  # the write connection's page cache (SQLite: 2 MiB)


class StoreError(UserError, RuntimeError):
    """The store cannot be opened or used (message in Japanese)."""


class JournalError(UserError, ValueError):
    """A journal call that would break the journal's rules."""


class JournalConflict(JournalError):
    """An exclusive intent found the same package already journaled: still unresolved
    (``pending``) or done with the same tracking number (``done``).  Nothing was written."""

    def __init__(self, entry: JournalEntry, kind: str) -> None:
        super().__init__(f"journal entry {entry.id} for the same package is {kind}")
        self.entry = entry
        self.kind = kind


def iso_now(clock: Clock) -> str:
    return clock().astimezone(UTC).isoformat()


class StoreBase:
    """The file, its connections and transactions, and the sync cursors (see :mod:`amzdesk.store`).

    ``combined_state_fn`` / ``needs_action_fn`` default to :mod:`amzdesk.states`.
    """

    def __init__(
        self,
        path: Path | str | None = None,
        *,
        clock: Clock = utcnow,
        combined_state_fn: CombinedFn | None = None,
        needs_action_fn: NeedsFn | None = None,
        busy_timeout: float = BUSY_TIMEOUT_S,
        waits: states.Waits = states.DEFAULT_WAITS,
    ) -> None:
        self._busy_timeout = float(busy_timeout)
        self.path = Path(path) if path is not None else paths.data_dir() / DB_FILE_NAME
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._clock = clock
        self.waits = waits  # the owner's waits (Settings.waits); change with set_waits
        default_combined, default_needs = state_functions(clock, lambda: self.waits)
        self._combined_fn = combined_state_fn or default_combined
        self._needs_fn = needs_action_fn or (
            None if combined_state_fn is not None else default_needs
        )
        self._default_state = combined_state_fn is None and needs_action_fn is None
        self._write_lock = threading.RLock()
        self._local = threading.local()
        # reading thread -> its connection; connections of finished threads are closed lazily
        self._readers: dict[threading.Thread, sqlite3.Connection] = {}
        self._readers_lock = threading.Lock()
        self._closed = False
        self.sender_lock = SenderLock.for_path(self.path.with_name(self.path.name + ".lock"))
        existed = self.path.exists()
        if existed:
            self._check_file()
        try:
            self._writer = self._connect(readonly=False)
            if existed and not self._has_schema():
                self._writer.close()
                raise StoreError(self.damaged_message(M("no_tables")))
            if os.name == "posix":  # shop data is the owner's business: not world-readable
                with contextlib.suppress(OSError):
                    os.chmod(self.path, 0o600)  # -wal/-shm inherit the database's mode
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                self.damaged_message(M("cannot_open", error=f"{type(exc).__name__}: {exc}"))
            ) from exc

    # -- damage and backups ----------------------------------------------------------------------

    @property
    def backup_path(self) -> Path:
        """Where :meth:`backup` keeps the last good copy of the store."""
        return self.path.with_name(self.path.name + BACKUP_SUFFIX)

    def damaged_message(self, what: str) -> str:
        """The message (a Msg) for a store that cannot be used, with how to recover."""
        backup = self.backup_path
        if backup.exists():
            restore = M("restore_copy", backup=str(backup), name=self.path.name)
        else:
            restore = M("restore_none")
        return M("damaged", path=str(self.path), what=what, restore=restore)

    def _check_file(self) -> None:
        """An existing store must be a SQLite file with content: an empty or foreign file is
        damage (never silently a fresh start that would forget the journal)."""
        if not self.path.is_file():
            raise StoreError(self.damaged_message(M("not_a_file")))
        try:
            with open(self.path, "rb") as fh:
                head = fh.read(len(_SQLITE_HEADER))
            wal = self.path.with_name(self.path.name + "-wal")
            wal_size = wal.stat().st_size if wal.exists() else 0
        except OSError as exc:
            raise StoreError(
                self.damaged_message(M("unreadable", error=type(exc).__name__))
            ) from exc
        if not head and wal_size == 0:
            raise StoreError(self.damaged_message(M("empty")))
        if head and head != _SQLITE_HEADER:
            raise StoreError(self.damaged_message(M("not_sqlite")))

    def _has_schema(self) -> bool:
        row = self._writer.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        ).fetchone()
        version = self._writer.execute("PRAGMA user_version").fetchone()
        return bool(row and row[0]) or bool(version and version[0])

    def backup(self, *, max_age_s: float = 24 * 3600.0) -> Path | None:
        """Copy the store to :attr:`backup_path` (SQLite's online backup, consistent) unless
        the copy is younger than ``max_age_s``; returns the copy's path or None when skipped.
        The copy is checked (``quick_check``) before it replaces the previous one."""
        target = self.backup_path
        with contextlib.suppress(OSError):
            if time.time() - target.stat().st_mtime < max_age_s:
                return None
        tmp = target.with_name(target.name + ".tmp")
        tmp.unlink(missing_ok=True)
        try:
            with self._read() as conn:
                dest = sqlite3.connect(tmp)
                try:
                    conn.backup(dest)
                    ok = dest.execute("PRAGMA quick_check").fetchone()[0] == "ok"
                finally:
                    dest.close()
            if not ok:
                tmp.unlink(missing_ok=True)
                return None
            if os.name == "posix":
                os.chmod(tmp, 0o600)
            os.replace(tmp, target)
        except (OSError, sqlite3.Error, StoreError) as exc:
            log.warning("store backup failed: %s", exc)
            tmp.unlink(missing_ok=True)
            return None
        return target

    # -- connections -----------------------------------------------------------------------------

    def _connect(self, *, readonly: bool) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path,
            timeout=self._busy_timeout,
            isolation_level=None,  # explicit BEGIN/COMMIT only
            check_same_thread=False,  # each connection is used by one thread; close() is global
        )
        conn.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout * 1000)}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise sqlite3.DatabaseError(f"WAL mode unavailable ({mode})")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        if readonly:
            conn.execute("PRAGMA query_only = ON")
        else:
            # a sync's batch of orders is written in one transaction: with SQLite's default
            # 2 MiB page cache, 100,000 rows spill half-built B-tree pages to the WAL repeatedly
            conn.execute(f"PRAGMA cache_size = -{WRITE_CACHE_KIB}")
        return conn

    def _reader(self) -> sqlite3.Connection:
        if self._closed:
            raise StoreError(M("closed"))
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect(readonly=True)
            self._local.conn = conn
            with self._readers_lock:
                for thread in [t for t in self._readers if not t.is_alive()]:
                    with contextlib.suppress(sqlite3.Error):
                        self._readers.pop(thread).close()
                self._readers[threading.current_thread()] = conn
        return conn

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """One read transaction (a consistent snapshot) on this thread's connection."""
        try:
            conn = self._reader()
        except sqlite3.Error as exc:
            raise StoreError(self._read_error(exc)) from exc
        if conn.in_transaction:  # nested read on the same thread
            yield conn
            return
        try:
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StoreError(self._read_error(exc)) from exc

    def _read_error(self, exc: sqlite3.Error) -> str:
        if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
            return self.damaged_message(M("broken", error=f"{type(exc).__name__}: {exc}"))
        if "malformed" in str(exc) or "not a database" in str(exc):
            return self.damaged_message(M("broken", error=str(exc)))
        return M("read", error=type(exc).__name__)

    @contextlib.contextmanager
    def _write(self, *, durable: bool = False) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` transaction on the write connection (FULL sync if durable)."""
        with self._write_lock:
            if self._closed:
                raise StoreError(M("closed"))
            conn = self._writer
            try:
                if durable:
                    conn.execute("PRAGMA synchronous = FULL")
                try:
                    conn.execute("BEGIN IMMEDIATE")
                except sqlite3.OperationalError as exc:
                    raise StoreError(_BUSY_MESSAGE) from exc
                try:
                    yield conn
                    conn.execute("COMMIT")
                except BaseException as exc:
                    if conn.in_transaction:
                        with contextlib.suppress(sqlite3.Error):
                            conn.execute("ROLLBACK")
                    if isinstance(exc, sqlite3.Error):
                        text = str(exc)
                        if "malformed" in text or "not a database" in text:
                            raise StoreError(self.damaged_message(M("broken", error=text))) from exc
                        raise StoreError(M("write", error=type(exc).__name__)) from exc
                    raise
            finally:
                if durable:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("PRAGMA synchronous = NORMAL")

    def _migrate(self) -> None:
        with self._write() as conn:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise StoreError(M("newer"))
            for target in range(version + 1, SCHEMA_VERSION + 1):
                log.info("migrating store schema %d -> %d", target - 1, target)
                MIGRATIONS[target - 1](conn)
                conn.execute(f"PRAGMA user_version = {target}")

    def reader_count(self) -> int:
        """Open per-thread read connections (diagnostics)."""
        with self._readers_lock:
            return len(self._readers)

    def schema_version(self) -> int:
        with self._read() as conn:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        """Close every connection (readers of all threads included).  Idempotent."""
        with self._write_lock:
            if self._closed:
                return
            self._closed = True
            with self._readers_lock:
                readers, self._readers = list(self._readers.values()), {}
            for conn in readers:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
            with contextlib.suppress(sqlite3.Error):
                self._writer.execute("PRAGMA wal_checkpoint(PASSIVE)")
            self._writer.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _batch_fns(
        self, combined_state_fn: CombinedFn | None, needs_action_fn: NeedsFn | None
    ) -> tuple[CombinedFn | None, NeedsFn | None]:
        """The state functions for one write: the given ones, or the store's.  The default
        (:mod:`amzdesk.states` at the clock's time, with the owner's waits) reads the clock once
        per write and takes needs-action from the same state."""
        if combined_state_fn is None and needs_action_fn is None and self._default_state:
            return state_at(self._clock(), self.waits), None
        combined_fn = combined_state_fn or self._combined_fn
        needs_fn = needs_action_fn or (None if combined_state_fn is not None else self._needs_fn)
        return combined_fn, needs_fn

    # -- sync cursors ----------------------------------------------------------------------------

    def get_cursor(self, name: str) -> str | None:
        with self._read() as conn:
            row = conn.execute("SELECT value FROM sync_cursors WHERE name = ?", (name,)).fetchone()
        return str(row[0]) if row is not None else None

    def _write_cursors(self, conn: sqlite3.Connection, cursors: Mapping[str, str]) -> None:
        now = iso_now(self._clock)
        conn.executemany(
            "INSERT INTO sync_cursors (name, value, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT(name) DO UPDATE SET value = excluded.value,"
            " updated_at = excluded.updated_at",
            [(name, value, now) for name, value in cursors.items()],
        )

    def set_cursor(self, name: str, value: str) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO sync_cursors (name, value, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT(name) DO UPDATE SET value = excluded.value,"
                " updated_at = excluded.updated_at",
                (name, value, iso_now(self._clock)),
            )

    def cursors(self) -> dict[str, tuple[str, datetime]]:
        """name -> (value, updated_at)."""
        with self._read() as conn:
            rows = conn.execute("SELECT name, value, updated_at FROM sync_cursors").fetchall()
        return {str(n): (str(v), require_time(u)) for n, v, u in rows}
