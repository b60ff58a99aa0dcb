"""The local store: orders, sync cursors and the action journal in one SQLite file.

File and durability
    ``paths.data_dir()/amzdesk.sqlite3`` by default.  WAL mode, ``synchronous=NORMAL`` for order
    and cursor writes (a committed transaction survives a killed process; after a power loss the
    last syncs may be re-fetched, which is harmless), and ``synchronous=FULL`` for every journal
    transaction (the WAL is fsynced before ``journal_intent``/``journal_outcome`` return, so an
    intent survives a SIGKILL *and* a power loss).  ``busy_timeout`` lets two app processes
    share the file; every write transaction is ``BEGIN IMMEDIATE``.

Threads
    One write connection guarded by a lock (sync worker, shipment workflow, GUI all write through
    it), plus one read-only connection per reading thread (``query_only``).  In WAL mode the GUI
    thread reads while a worker writes; a multi-statement read runs in one read transaction, so it
    sees a single snapshot.

Schema
    ``PRAGMA user_version`` holds the schema version; :data:`MIGRATIONS` upgrade version *i* to
    *i+1* in order, each in one transaction.  A file written by a newer version is refused.

Journal (append-only, :mod:`amzdesk.journal` for what it means)
    ``journal`` rows are immutable *intents* (what was about to be done, to which order, with
    which idempotency key / ``package_reference_id`` and request).  ``journal_outcome`` rows are
    immutable *outcomes* appended later (``sent``, ``done``, ``failed``, ``unknown``,
    ``exported``).  Triggers refuse UPDATE and DELETE on both tables.  The current state of an
    entry is its latest outcome (``intent`` when it has none).  ``done`` and ``failed`` are final:
    no outcome may follow them.  ``unknown`` and ``exported`` may be followed by a final outcome
    once the truth is known.

Personal data (R-D1)
    Everything written passes :mod:`amzdesk.scrub` first: journal requests lose personal-data
    keys, and e-mail addresses and Japanese phone numbers are masked in every free-text value
    (journal request/result/error, item titles, payment/delivery method texts).  Secrets are
    masked too (:func:`amzdesk.logsetup.redact`).

Layout
    Persistence only; the rules it stores the results of live in the domain layer
    (:mod:`amzdesk.journal`: entries, states and the notes they imply; :mod:`amzdesk.listing`:
    the list columns; :mod:`amzdesk.scrub`).  ``codec`` (order JSON) < ``queries`` (shared SQL)
    < ``schema`` (migrations) < ``connection`` (file, connections, transactions, cursors) <
    ``orders`` / ``entries`` (the journal) < :class:`Store`, which joins the two.
"""

from __future__ import annotations

from amzdesk.journal import (
    ACTION_EXPORT,
    ACTION_RETURN_RECORDED,
    FINAL_STATES,
    JOURNAL_STATES,
    SIDES,
    UNRESOLVED_STATES,
    JournalEntry,
    derive_notes,
)
from amzdesk.listing import normalize_search
from amzdesk.store.codec import order_from_json, order_to_json
from amzdesk.store.connection import DB_FILE_NAME, JournalConflict, JournalError, StoreError
from amzdesk.store.entries import JournalStore, scrub_request
from amzdesk.store.orders import OrderStore
from amzdesk.store.queries import ROW_COLUMNS, OrderRow
from amzdesk.store.schema import SCHEMA_VERSION

__all__ = [
    "ACTION_EXPORT",
    "ACTION_RETURN_RECORDED",
    "DB_FILE_NAME",
    "FINAL_STATES",
    "JOURNAL_STATES",
    "ROW_COLUMNS",
    "SCHEMA_VERSION",
    "SIDES",
    "UNRESOLVED_STATES",
    "JournalConflict",
    "JournalEntry",
    "JournalError",
    "OrderRow",
    "Store",
    "StoreError",
    "derive_notes",
    "normalize_search",
    "order_from_json",
    "order_to_json",
    "scrub_request",
]


class Store(OrderStore, JournalStore):
    """Thread-safe access to the local SQLite store: orders, sync cursors and the journal.
    See the package docstring.

    ``combined_state_fn`` / ``needs_action_fn`` default to :mod:`amzdesk.states`.
    """
