"""SQL shared by the store's parts: the list rows, journal entries with their latest outcome,
reading in chunks, and re-deriving the list columns of stored orders."""

from __future__ import annotations

import contextlib
import gc
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any, Final, NamedTuple

from amzdesk.journal import JournalEntry, derive_notes
from amzdesk.listing import LIST_COLUMNS, CombinedFn, NeedsFn, list_columns
from amzdesk.messages import from_stored
from amzdesk.models import LocalNotes
from amzdesk.store.codec import order_from_json, parse_time, require_time

__all__ = [
    "CHUNK",
    "DERIVED_NAMES",
    "ENTRY_SELECT",
    "FIND_SQL",
    "NO_NOTES",
    "ORDER_COLUMNS",
    "ROW_COLUMNS",
    "ROW_SELECT",
    "UPSERT_DATA_SQL",
    "UPSERT_ORDER_SQL",
    "OrderRow",
    "entries_by_key",
    "entry_from_row",
    "gc_paused",
    "journaled_keys",
    "recompute_derived",
    "row_factory",
    "select_in",
    "stored_hashes",
]

# --- list rows ------------------------------------------------------------------------------------


class OrderRow(NamedTuple):
    """One row of the order list, read without decoding the order's JSON.

    ``order_date`` and ``ship_by`` are UTC POSIX seconds (``None`` when unknown);
    ``combined_state`` is a :class:`amzdesk.states.CombinedState` value ("" if unknown).
    """

    key: str
    channel: str
    amazon_order_id: str
    display_order_number: str
    order_date: int | None
    ship_by: int | None
    delivery_status: str  # makeshop 処理区分 (N/Y/C/R) or ""
    payment_status: str
    amazon_status: str
    carrier: str
    tracking_number: str
    combined_state: str
    needs_action: int  # 1 or 0
    item_titles: str
    item_count: int
    total_price: int
    search_text: str
    updated_at: str


ROW_COLUMNS: Final = OrderRow._fields


ROW_SELECT: Final = (
    "SELECT key, channel, amazon_order_id, display_order_number, order_date, ship_by,"
    " delivery_status, payment_status, amazon_status, carrier, tracking_number,"
    " combined_state, needs_action, item_titles, item_count, total_price, search_text,"
    " updated_at FROM orders"
)


def row_factory(_cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> OrderRow:
    return OrderRow._make(row)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic GC while building ~100k row tuples (they hold no cycles)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --- journal entries ------------------------------------------------------------------------------


ENTRY_SELECT: Final = (
    "SELECT j.id, j.created_at, j.order_key, j.amazon_order_id, j.display_order_number,"
    " j.action, j.side, j.package_reference_id, j.request,"
    " COALESCE(o.state, 'intent'), COALESCE(o.result, ''), o.http_status,"
    " COALESCE(o.request_id, ''), COALESCE(o.error, ''), o.created_at"
    " FROM journal j LEFT JOIN journal_outcome o ON o.id ="
    " (SELECT MAX(id) FROM journal_outcome WHERE entry_id = j.id)"
)


def entry_from_row(row: Sequence[Any]) -> JournalEntry:
    try:
        request = json.loads(row[8]) if row[8] else {}
    except ValueError:
        request = {}
    return JournalEntry(
        id=int(row[0]),
        created_at=require_time(row[1]),
        order_key=str(row[2]),
        amazon_order_id=str(row[3]),
        display_order_number=str(row[4]),
        action=str(row[5]),
        side=str(row[6]),
        package_reference_id=str(row[7]),
        request=request if isinstance(request, dict) else {},
        state=str(row[9]),
        result=from_stored(str(row[10])),
        http_status=int(row[11]) if row[11] is not None else None,
        request_id=str(row[12]),
        error=from_stored(str(row[13])),
        updated_at=parse_time(row[14]),
    )


CHUNK: Final = 500


def select_in(cur: sqlite3.Connection | sqlite3.Cursor, sql: str, keys: Sequence[str]) -> list[Any]:
    """Run ``sql`` -- constant text whose ``{marks}`` becomes "?,?,..." -- for chunks of keys."""
    rows: list[Any] = []
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        rows += cur.execute(sql.format(marks=",".join("?" * len(chunk))), chunk).fetchall()
    return rows


def entries_by_key(
    conn: sqlite3.Connection, keys: Iterable[str] | None
) -> dict[str, list[JournalEntry]]:
    out: dict[str, list[JournalEntry]] = defaultdict(list)
    if keys is None:
        rows = conn.execute(ENTRY_SELECT + " ORDER BY j.id").fetchall()
    else:
        key_list = list(dict.fromkeys(keys))
        rows = select_in(
            conn, ENTRY_SELECT + " WHERE j.order_key IN ({marks}) ORDER BY j.id", key_list
        )
    for row in rows:
        entry = entry_from_row(row)
        out[entry.order_key].append(entry)
    return out


def journaled_keys(conn: sqlite3.Connection, keys: Sequence[str]) -> list[str]:
    """Those of ``keys`` that have journal entries (one pass over the journal's key index
    instead of one lookup per key when the batch is large)."""
    if len(keys) <= CHUNK:
        return list(keys)
    journaled = {r[0] for r in conn.execute("SELECT DISTINCT order_key FROM journal")}
    return [k for k in keys if k in journaled]


# --- orders and their list columns ---------------------------------------------------------------

DERIVED_NAMES: Final = LIST_COLUMNS
NO_NOTES: Final = LocalNotes()  # derive_notes of an order without journal entries


def recompute_derived(
    conn: sqlite3.Connection,
    keys: Iterable[str] | None,
    combined_fn: CombinedFn | None,
    needs_fn: NeedsFn | None,
) -> None:
    """Re-derive the list columns of ``keys`` (all orders when None) inside ``conn``'s txn."""
    if keys is None:
        rows = conn.execute("SELECT key, data FROM order_data").fetchall()
        entries = entries_by_key(conn, None)
    else:
        key_list = list(dict.fromkeys(keys))
        rows = select_in(conn, "SELECT key, data FROM order_data WHERE key IN ({marks})", key_list)
        entries = entries_by_key(conn, key_list)
    assignments = ", ".join(f"{name} = ?" for name in DERIVED_NAMES)
    updates = []
    for key, data in rows:
        bare = order_from_json(data)
        order = replace(bare, notes=derive_notes(entries.get(key, ()), bare))
        updates.append((*list_columns(order, combined_fn, needs_fn), key))
    conn.executemany(f"UPDATE orders SET {assignments} WHERE key = ?", updates)  # noqa: S608


def stored_hashes(conn: sqlite3.Connection, keys: Sequence[str]) -> dict[str, str]:
    """key -> data_hash of the stored rows among ``keys``."""
    return dict(select_in(conn, "SELECT key, data_hash FROM orders WHERE key IN ({marks})", keys))


ORDER_COLUMNS: Final = (
    "key",
    "channel",
    "amazon_order_id",
    "display_order_number",
    *DERIVED_NAMES,
    "data_hash",
    "updated_at",
)


# A row is rewritten (and counted as changed, ``updated_at`` set) only when something differs.
UPSERT_ORDER_SQL: Final = (  # noqa: S608 (constant column names only)
    "INSERT INTO orders ({cols}) VALUES ({marks}) ON CONFLICT(key) DO UPDATE SET {sets}"
    " WHERE {changed}"
).format(
    cols=", ".join(ORDER_COLUMNS),
    marks=", ".join("?" * len(ORDER_COLUMNS)),
    sets=", ".join(f"{n} = excluded.{n}" for n in ORDER_COLUMNS[1:]),
    changed=" OR ".join(f"orders.{n} IS NOT excluded.{n}" for n in ORDER_COLUMNS[1:-1]),
)


FIND_SQL: Final = tuple(
    "SELECT d.key, d.data FROM orders o JOIN order_data d ON d.key = o.key"  # noqa: S608
    f" WHERE o.{column} = ? ORDER BY o.key LIMIT 1"
    for column in ("key", "display_order_number", "amazon_order_id")
)


UPSERT_DATA_SQL: Final = (
    "INSERT INTO order_data (key, data) VALUES (?, ?)"
    " ON CONFLICT(key) DO UPDATE SET data = excluded.data WHERE data IS NOT excluded.data"
)
