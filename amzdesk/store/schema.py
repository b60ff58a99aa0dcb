"""The store's schema: ``PRAGMA user_version`` holds its version; :data:`MIGRATIONS` upgrade
version *i* to *i+1* in order, each in one transaction (:meth:`StoreBase._migrate`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Final

from amzdesk.listing import state_functions
from amzdesk.store.codec import data_hash, order_from_json, order_to_json
from amzdesk.store.queries import recompute_derived

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "V2_COLUMNS"]


def _migration_1(conn: sqlite3.Connection) -> None:
    """Initial schema: orders as JSON, cursors, journal intents and outcomes."""
    conn.execute(
        "CREATE TABLE orders ("
        " key TEXT PRIMARY KEY,"
        " channel TEXT NOT NULL,"
        " amazon_order_id TEXT NOT NULL DEFAULT '',"
        " display_order_number TEXT NOT NULL DEFAULT '',"
        " data TEXT NOT NULL,"
        " updated_at TEXT NOT NULL)"
    )
    conn.execute(
        "CREATE TABLE sync_cursors ("
        " name TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL)"
    )
    conn.execute(
        "CREATE TABLE journal ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " created_at TEXT NOT NULL,"
        " order_key TEXT NOT NULL,"
        " amazon_order_id TEXT NOT NULL DEFAULT '',"
        " display_order_number TEXT NOT NULL DEFAULT '',"
        " action TEXT NOT NULL,"
        " side TEXT NOT NULL CHECK (side IN ('amazon', 'makeshop', 'file')),"
        " package_reference_id TEXT NOT NULL DEFAULT '',"
        " request TEXT NOT NULL DEFAULT '{}')"
    )
    conn.execute(
        "CREATE TABLE journal_outcome ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " entry_id INTEGER NOT NULL REFERENCES journal(id),"
        " created_at TEXT NOT NULL,"
        " state TEXT NOT NULL"
        "  CHECK (state IN ('sent', 'done', 'failed', 'unknown', 'exported')),"
        " result TEXT NOT NULL DEFAULT '',"
        " http_status INTEGER,"
        " request_id TEXT NOT NULL DEFAULT '',"
        " error TEXT NOT NULL DEFAULT '')"
    )
    conn.execute("CREATE INDEX journal_order_key ON journal(order_key)")


V2_COLUMNS: Final = (
    ("order_date", "INTEGER"),
    ("ship_by", "INTEGER"),
    ("delivery_status", "TEXT NOT NULL DEFAULT ''"),
    ("payment_status", "TEXT NOT NULL DEFAULT ''"),
    ("amazon_status", "TEXT NOT NULL DEFAULT ''"),
    ("carrier", "TEXT NOT NULL DEFAULT ''"),
    ("tracking_number", "TEXT NOT NULL DEFAULT ''"),
    ("combined_state", "TEXT NOT NULL DEFAULT ''"),
    ("needs_action", "INTEGER NOT NULL DEFAULT 0"),
    ("item_titles", "TEXT NOT NULL DEFAULT ''"),
    ("item_count", "INTEGER NOT NULL DEFAULT 0"),
    ("total_price", "INTEGER NOT NULL DEFAULT 0"),
    ("search_text", "TEXT NOT NULL DEFAULT ''"),
)


def _migration_2(conn: sqlite3.Connection) -> None:
    """Split orders: the JSON moves to ``order_data``; ``orders`` gets the list columns.

    Reading the list then never touches the (large) JSON pages.  The list columns are
    back-filled from the JSON and the journal.
    """
    conn.execute("CREATE TABLE order_data (key TEXT PRIMARY KEY, data TEXT NOT NULL)")
    conn.execute("INSERT INTO order_data (key, data) SELECT key, data FROM orders")
    derived = ",".join(f" {name} {decl}" for name, decl in V2_COLUMNS)
    conn.execute(
        "CREATE TABLE orders_v2 ("
        " key TEXT PRIMARY KEY,"
        " channel TEXT NOT NULL,"
        " amazon_order_id TEXT NOT NULL DEFAULT '',"
        " display_order_number TEXT NOT NULL DEFAULT '',"
        f"{derived},"
        " data_hash TEXT NOT NULL DEFAULT '',"
        " updated_at TEXT NOT NULL)"
    )
    conn.execute(
        "INSERT INTO orders_v2 (key, channel, amazon_order_id, display_order_number, updated_at)"
        " SELECT key, channel, amazon_order_id, display_order_number, updated_at FROM orders"
    )
    conn.execute("DROP TABLE orders")
    conn.execute("ALTER TABLE orders_v2 RENAME TO orders")
    conn.execute("CREATE INDEX orders_amazon_order_id ON orders(amazon_order_id)")
    conn.execute("CREATE INDEX orders_display_order_number ON orders(display_order_number)")
    conn.execute("CREATE INDEX orders_ship_by ON orders(ship_by)")
    conn.execute("CREATE INDEX journal_outcome_entry ON journal_outcome(entry_id)")
    recompute_derived(conn, None, *state_functions())
    hashes = [(data_hash(data), key) for key, data in conn.execute("SELECT * FROM order_data")]
    conn.executemany("UPDATE orders SET data_hash = ? WHERE key = ?", hashes)


def _migration_3(conn: sqlite3.Connection) -> None:
    """Make the journal append-only at the database level."""
    for table in ("journal", "journal_outcome"):
        for op in ("UPDATE", "DELETE"):
            conn.execute(
                f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table}"
                f" BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )


def _migration_4(conn: sqlite3.Connection) -> None:
    """An index for the list's first screen: the orders Amazon still waits for, by ship-by date
    (:meth:`Store.fetch_first_rows`; without it the first screen scans every order)."""
    conn.execute("CREATE INDEX orders_waiting ON orders(amazon_status, ship_by)")


def _migration_5(conn: sqlite3.Connection) -> None:
    """Orders are stored as positional JSON (format 2, :func:`order_to_json`): rewrite those of
    format 1 (keyed objects) with their hashes, so an unchanged order stays unchanged.  An older
    amzdesk, which reads format 1 only, refuses the file from now on (``user_version``)."""
    rows = conn.execute("SELECT key, data FROM order_data WHERE data LIKE '{%'").fetchall()
    data, hashes = [], []
    for key, text in rows:
        new = order_to_json(order_from_json(text))
        data.append((new, key))
        hashes.append((data_hash(new), key))
    conn.executemany("UPDATE order_data SET data = ? WHERE key = ?", data)
    conn.executemany("UPDATE orders SET data_hash = ? WHERE key = ?", hashes)


MIGRATIONS: Final[tuple[Callable[[sqlite3.Connection], None], ...]] = (
    _migration_1,
    _migration_2,
    _migration_3,
    _migration_4,
    _migration_5,
)


SCHEMA_VERSION: Final = len(MIGRATIONS)
