"""Orders: the bulk write path (one transaction, derived list columns, PII scrubbed) and reads
(whole orders with their journal notes, or list rows without decoding any JSON)."""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

from amzdesk import states
from amzdesk.journal import derive_notes
from amzdesk.listing import CombinedFn, NeedsFn, list_columns, normalize_search
from amzdesk.models import Order
from amzdesk.scrub import memo_scrub, scrub_order
from amzdesk.store.codec import Encoder, data_hash, order_from_json
from amzdesk.store.connection import StoreBase, iso_now
from amzdesk.store.queries import (
    FIND_SQL,
    NO_NOTES,
    ROW_SELECT,
    UPSERT_DATA_SQL,
    UPSERT_ORDER_SQL,
    OrderRow,
    entries_by_key,
    gc_paused,
    journaled_keys,
    recompute_derived,
    row_factory,
    select_in,
    stored_hashes,
)

__all__ = ["OrderStore"]


class OrderStore(StoreBase):
    """The orders of :class:`amzdesk.store.Store`."""

    def set_waits(self, waits: states.Waits) -> None:
        """Apply the owner's new waits (settings) and re-derive every order's list state now."""
        if waits == self.waits:
            return
        self.waits = waits
        with gc_paused(), self._write() as conn:
            recompute_derived(conn, None, *self._batch_fns(None, None))

    def upsert_orders(
        self,
        orders: Iterable[Order],
        *,
        combined_state_fn: CombinedFn | None = None,
        needs_action_fn: NeedsFn | None = None,
        cursors: Mapping[str, str] | None = None,
        remove: Iterable[str] = (),
    ) -> int:
        """Insert or replace ``orders`` in one transaction; returns how many rows changed.

        ``remove``: keys of rows to delete in the same transaction (a makeshop order that turned
        out to be the makeshop side of an Amazon row).

        ``cursors`` (name -> value) are written in the same transaction (sync: a page of orders
        and its cursor advance are committed together or not at all).

        Each order replaces the stored one with the same key as a whole (merging the Amazon
        and makeshop sides is the caller's job).  ``notes`` on the given orders are ignored:
        they are derived from the journal.  The list columns are derived with
        ``combined_state_fn`` (default: the store's, i.e. ``amzdesk.states``).
        """
        batch = list(orders)
        kept = {o.key for o in batch}
        gone = [(k,) for k in dict.fromkeys(remove) if k not in kept]
        if not batch:
            if cursors or gone:
                with self._write() as conn:
                    conn.executemany("DELETE FROM orders WHERE key = ?", gone)
                    conn.executemany("DELETE FROM order_data WHERE key = ?", gone)
                    if cursors:
                        self._write_cursors(conn, cursors)
            return len(gone)
        # The batch's objects hold no reference cycles: the cyclic GC, which would walk every
        # one of them again and again while they are built, waits until the batch is written.
        with gc_paused():
            return self._upsert(batch, combined_state_fn, needs_action_fn, cursors, gone)

    def _upsert(
        self,
        batch: list[Order],
        combined_state_fn: CombinedFn | None,
        needs_action_fn: NeedsFn | None,
        cursors: Mapping[str, str] | None,
        gone: list[tuple[str]],
    ) -> int:
        combined_fn, needs_fn = self._batch_fns(combined_state_fn, needs_action_fn)
        now = iso_now(self._clock)
        # Serialise outside the write lock (one scrub memo and one encoder for the batch); skip
        # orders whose stored JSON is identical (their list columns change only with the
        # journal, which re-derives them itself).  Rows go to SQLite in key order (B-tree pages
        # are then filled in sequence).
        pii = memo_scrub()
        encoder = Encoder()
        prepared: list[tuple[Order, str, str]] = []
        for given in batch:
            order = scrub_order(given, pii)
            data = encoder.order(order)
            prepared.append((order, data, data_hash(data)))
        prepared.sort(key=lambda p: p[0].key)  # stable: of two equal keys the later one wins
        default_fns = combined_state_fn is None and needs_action_fn is None
        with self._write() as conn:
            stored: dict[str, str] = (
                stored_hashes(conn, [o.key for o, _, _ in prepared]) if default_fns else {}
            )
            todo = [p for p in prepared if stored.get(p[0].key) != p[2]]
            entries = entries_by_key(conn, journaled_keys(conn, [o.key for o, _, _ in todo]))
            rows = []
            data_rows = []
            for order, data, digest in todo:
                journal = entries.get(order.key)
                notes = derive_notes(journal, order) if journal else NO_NOTES
                full = order if order.notes == notes else replace(order, notes=notes)
                rows.append(
                    (
                        order.key,
                        order.channel.value,
                        order.amazon_order_id,
                        order.display_order_number,
                        *list_columns(full, combined_fn, needs_fn),
                        digest,
                        now,
                    )
                )
                data_rows.append((order.key, data))
            conn.executemany("DELETE FROM orders WHERE key = ?", gone)
            conn.executemany("DELETE FROM order_data WHERE key = ?", gone)
            conn.executemany(UPSERT_DATA_SQL, data_rows)
            before = conn.total_changes
            conn.executemany(UPSERT_ORDER_SQL, rows)
            changed = conn.total_changes - before
            if cursors:
                self._write_cursors(conn, cursors)
            return changed

    def _orders_from_rows(
        self, conn: sqlite3.Connection, rows: Sequence[tuple[str, str]], *, all_keys: bool = False
    ) -> list[Order]:
        entries = entries_by_key(conn, None if all_keys else [k for k, _ in rows])
        out = []
        for key, data in rows:
            bare = order_from_json(data)
            out.append(replace(bare, notes=derive_notes(entries.get(key, ()), bare)))
        return out

    def get(self, key: str) -> Order | None:
        """The order with ``key``, with its notes, or None."""
        with self._read() as conn:
            rows = conn.execute("SELECT key, data FROM order_data WHERE key = ?", (key,)).fetchall()
            orders = self._orders_from_rows(conn, rows)
        return orders[0] if orders else None

    def get_many(self, keys: Iterable[str]) -> list[Order]:
        """The stored orders among ``keys`` (missing keys are skipped), in the given order."""
        key_list = list(dict.fromkeys(keys))
        with self._read() as conn:
            rows = select_in(
                conn, "SELECT key, data FROM order_data WHERE key IN ({marks})", key_list
            )
            orders = {o.key: o for o in self._orders_from_rows(conn, rows)}
        return [orders[k] for k in key_list if k in orders]

    def find(self, ref: str) -> Order | None:
        """By key, makeshop display order number or Amazon order ID (in that order)."""
        ref = unicodedata.normalize("NFKC", ref or "").strip()
        if not ref:
            return None
        with self._read() as conn:
            for sql in FIND_SQL:
                rows = conn.execute(sql, (ref,)).fetchall()
                if rows:
                    return self._orders_from_rows(conn, rows)[0]
        return None

    def all_orders(self) -> list[Order]:
        """Every order with its notes (decodes JSON: use :meth:`fetch_rows` for the list)."""
        with self._read() as conn:
            rows = conn.execute("SELECT key, data FROM order_data ORDER BY key").fetchall()
            return self._orders_from_rows(conn, rows, all_keys=True)

    def count(self) -> int:
        with self._read() as conn:
            return int(conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0])

    def keys(self) -> list[str]:
        with self._read() as conn:
            return [r[0] for r in conn.execute("SELECT key FROM orders ORDER BY key")]

    def fetch_rows(self, keys: Iterable[str] | None = None) -> list[OrderRow]:
        """List rows (no JSON decoding), all orders or those among ``keys``.

        Sorted by ``ship_by`` (orders without one last), then order date descending.
        """
        order_by = " ORDER BY ship_by IS NULL, ship_by, order_date DESC, key"
        with gc_paused(), self._read() as conn:
            cur = conn.cursor()
            cur.row_factory = row_factory
            if keys is None:
                return list(cur.execute(ROW_SELECT + order_by))
            key_list = list(dict.fromkeys(keys))
            return select_in(cur, ROW_SELECT + " WHERE key IN ({marks})", key_list)

    def fetch_first_rows(
        self,
        limit: int,
        *,
        channel: str | None = None,
        amazon_statuses: Sequence[str] = (),
        needs_action: bool = False,
    ) -> list[OrderRow]:
        """The first ``limit`` rows in :meth:`fetch_rows` order (by ship-by date, then order
        date), optionally only those of ``channel`` with one of ``amazon_statuses``: the list's
        first screen, read through the ``ship_by`` / ``orders_waiting`` indexes while every row
        is still being read (milliseconds at 100,000 orders, where all rows take seconds).

        ``needs_action``: only rows that need action, oldest order first (shop orders have no
        ship-by date: their urgency is their age)."""
        if needs_action:
            sql = ROW_SELECT + " WHERE needs_action = 1"
            args_na: list[Any] = []
            if channel is not None:
                sql += " AND channel = ?"
                args_na.append(channel)
            sql += " ORDER BY order_date, key LIMIT ?"
            with gc_paused(), self._read() as conn:
                cur = conn.cursor()
                cur.row_factory = row_factory
                return list(cur.execute(sql, (*args_na, max(0, limit))))
        where = ["ship_by IS NOT NULL"]
        args: list[Any] = []
        if channel is not None:
            where.append("channel = ?")
            args.append(channel)
        if amazon_statuses:
            where.append(f"amazon_status IN ({', '.join('?' * len(amazon_statuses))})")
            args += list(amazon_statuses)
        order = " ORDER BY ship_by, order_date DESC, key LIMIT ?"
        with gc_paused(), self._read() as conn:
            cur = conn.cursor()
            cur.row_factory = row_factory
            sql = ROW_SELECT + " WHERE " + " AND ".join(where) + order
            rows: list[OrderRow] = list(cur.execute(sql, (*args, max(0, limit))))
            if len(rows) < limit and channel is None and not amazon_statuses:
                tail = ROW_SELECT + " WHERE ship_by IS NULL ORDER BY order_date DESC, key LIMIT ?"
                rows += cur.execute(tail, (limit - len(rows),))
            return rows

    def fetch_row(self, key: str) -> OrderRow | None:
        rows = self.fetch_rows([key])
        return rows[0] if rows else None

    def iter_rows(self) -> Iterator[OrderRow]:
        """Like :meth:`fetch_rows` (one snapshot), as an iterator."""
        yield from self.fetch_rows()

    def search_keys(self, query: str) -> list[str]:
        """Keys whose search text contains every whitespace-separated term of ``query``."""
        terms = normalize_search(query).split()
        if not terms:
            return self.keys()
        where = " AND ".join("instr(search_text, ?) > 0" for _ in terms)
        with self._read() as conn:
            return [
                r[0]
                for r in conn.execute(f"SELECT key FROM orders WHERE {where} ORDER BY key", terms)  # noqa: S608
            ]
