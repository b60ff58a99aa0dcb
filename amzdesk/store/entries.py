"""The action journal's persistence: intents written durably (fsynced) before anything is sent,
outcomes appended, both append-only; the exclusive check and the intent in one transaction.
What the entries mean for an order is :mod:`amzdesk.journal`'s."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import PurePath
from typing import Any, Final

from amzdesk.journal import (
    ACTION_EXPORT,
    ACTION_RETURN_RECORDED,
    FINAL_STATES,
    OUTCOME_STATES,
    SIDES,
    UNRESOLVED_STATES,
    JournalEntry,
    derive_notes,
    exclusive_conflict,
)
from amzdesk.logsetup import redact
from amzdesk.messages import Msg, from_stored, to_stored
from amzdesk.models import LocalNotes
from amzdesk.scrub import scrub_pii
from amzdesk.scrub import scrub_request as scrub_request_with
from amzdesk.store.codec import order_from_json, require_time
from amzdesk.store.connection import JournalConflict, JournalError, StoreBase, iso_now
from amzdesk.store.queries import ENTRY_SELECT, entries_by_key, entry_from_row, recompute_derived

__all__ = ["MAX_TEXT", "JournalStore", "scrub_request"]

MAX_TEXT: Final = 4000


def _scrub_text(text: str) -> str:
    return scrub_pii(redact(text))


def scrub_request(request: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``request`` without personal-data keys, secrets or PII-shaped text (what the
    journal keeps of a request: :func:`amzdesk.scrub.scrub_request` with the log's secrets)."""
    return scrub_request_with(request, mask_secrets=redact)


def _clip(text: str | None) -> str:
    if not text:
        return ""
    text = _scrub_text(str(text))
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _clip_sentence(text: str | None) -> str:
    """A journal result or error: a message (Msg) is kept as its ID and parameters so that the
    journal shows it in the window's language later; too long for that, its Japanese text."""
    if isinstance(text, Msg):
        stored = _scrub_text(to_stored(text))
        if len(stored) <= MAX_TEXT:
            return stored
    return _clip(text)


def _norm_tracking(text: str) -> str:
    from amzdesk.tracking import normalize

    return normalize(text)


def _check_exclusive(
    conn: sqlite3.Connection,
    order_key: str,
    side: str,
    package_reference_id: str,
    request: Mapping[str, Any],
    *,
    redo_done: bool = False,
) -> None:
    rows = conn.execute(
        ENTRY_SELECT + " WHERE j.order_key = ? AND j.side = ? AND j.package_reference_id = ?"
        " ORDER BY j.id",
        (order_key, side, package_reference_id),
    ).fetchall()
    for row in rows:
        entry = entry_from_row(row)
        kind = exclusive_conflict(entry, request, redo_done=redo_done)
        if kind is not None:
            raise JournalConflict(entry, kind)


class JournalStore(StoreBase):
    """The action journal of :class:`amzdesk.store.Store`."""

    def _insert_intent(
        self,
        conn: sqlite3.Connection,
        *,
        order_key: str,
        action: str,
        side: str,
        package_reference_id: str,
        request: Mapping[str, Any],
        amazon_order_id: str | None,
        display_order_number: str | None,
    ) -> int:
        if side not in SIDES:
            raise JournalError(f"unknown journal side: {side!r}")
        if not order_key or not action:
            raise JournalError("order_key and action are required")
        if amazon_order_id is None or display_order_number is None:
            row = conn.execute(
                "SELECT amazon_order_id, display_order_number FROM orders WHERE key = ?",
                (order_key,),
            ).fetchone()
            if amazon_order_id is None:
                amazon_order_id = str(row[0]) if row else ""
            if display_order_number is None:
                display_order_number = str(row[1]) if row else ""
        payload = json.dumps(scrub_request(request), ensure_ascii=False, sort_keys=True)
        cur = conn.execute(
            "INSERT INTO journal (created_at, order_key, amazon_order_id, display_order_number,"
            " action, side, package_reference_id, request) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                iso_now(self._clock),
                order_key,
                amazon_order_id,
                display_order_number,
                action,
                side,
                package_reference_id,
                payload,
            ),
        )
        assert cur.lastrowid is not None
        return int(cur.lastrowid)

    def _insert_outcome(
        self,
        conn: sqlite3.Connection,
        *,
        entry_id: int,
        state: str,
        request_id: str | None,
        http_status: int | None,
        result: str | None,
        error: str | None,
    ) -> str:
        if state not in OUTCOME_STATES:
            raise JournalError(f"not an outcome state: {state!r} (one of {OUTCOME_STATES})")
        row = conn.execute(
            "SELECT j.order_key, (SELECT state FROM journal_outcome"
            " WHERE entry_id = j.id ORDER BY id DESC LIMIT 1) FROM journal j WHERE j.id = ?",
            (entry_id,),
        ).fetchone()
        if row is None:
            raise JournalError(f"no journal entry {entry_id}")
        if row[1] in FINAL_STATES:
            raise JournalError(f"journal entry {entry_id} is already final ({row[1]})")
        conn.execute(
            "INSERT INTO journal_outcome (entry_id, created_at, state, result, http_status,"
            " request_id, error) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                entry_id,
                iso_now(self._clock),
                state,
                _clip_sentence(result),
                http_status,
                _clip(request_id),
                _clip_sentence(error),
            ),
        )
        return str(row[0])

    def journal_intent(
        self,
        order_key: str,
        action: str,
        side: str,
        package_reference_id: str = "",
        request: Mapping[str, Any] | None = None,
        *,
        amazon_order_id: str | None = None,
        display_order_number: str | None = None,
        exclusive: bool = False,
        redo_done: bool = False,
    ) -> int:
        """Record an intent durably (fsynced) before anything is sent; returns its id.

        ``exclusive``: in the same transaction (``BEGIN IMMEDIATE``: one writer across all
        processes), first look for entries of the same order, side and package reference; one
        still unresolved, or done with the same tracking number, raises
        :class:`JournalConflict` and nothing is written -- the check and the intent are one
        step, so two processes can never both decide to send the same package.  ``redo_done``:
        a done entry with the same number does not conflict (a package sent again on purpose,
        e.g. after a read-back found it registered differently).

        ``package_reference_id`` is Amazon's packageReferenceId, or for makeshop / file the
        idempotency key.  ``request`` is what will be sent, without credentials; personal-data
        keys are dropped (R-D1).  The order's IDs default to the stored order's.
        """
        with self._write(durable=True) as conn:
            if exclusive:
                _check_exclusive(
                    conn, order_key, side, package_reference_id, request or {}, redo_done=redo_done
                )
            entry_id = self._insert_intent(
                conn,
                order_key=order_key,
                action=action,
                side=side,
                package_reference_id=package_reference_id,
                request=request or {},
                amazon_order_id=amazon_order_id,
                display_order_number=display_order_number,
            )
            recompute_derived(conn, [order_key], *self._batch_fns(None, None))
        return entry_id

    def journal_record(
        self,
        order_key: str,
        action: str,
        side: str,
        *,
        package_reference_id: str,
        request: Mapping[str, Any],
        state: str,
        result: str | None = None,
        error: str | None = None,
        request_id: str | None = None,
        http_status: int | None = None,
        amazon_order_id: str | None = None,
        display_order_number: str | None = None,
    ) -> int:
        """An entry and its (final) outcome in one durable transaction: for records of what was
        observed (a read-back), which never have an unresolved moment."""
        if state not in FINAL_STATES:
            raise JournalError(f"journal_record needs a final state, not {state!r}")
        with self._write(durable=True) as conn:
            entry_id = self._insert_intent(
                conn,
                order_key=order_key,
                action=action,
                side=side,
                package_reference_id=package_reference_id,
                request=request,
                amazon_order_id=amazon_order_id,
                display_order_number=display_order_number,
            )
            self._insert_outcome(
                conn,
                entry_id=entry_id,
                state=state,
                request_id=request_id,
                http_status=http_status,
                result=result,
                error=error,
            )
            recompute_derived(conn, [order_key], *self._batch_fns(None, None))
        return entry_id

    def journal_outcome(
        self,
        entry_id: int,
        state: str,
        *,
        request_id: str | None = None,
        http_status: int | None = None,
        result: str | None = None,
        error: str | None = None,
    ) -> None:
        """Append an outcome (``sent``/``done``/``failed``/``unknown``/``exported``).

        Raises JournalError after a final outcome (``done``/``failed``) or for an unknown id.
        """
        with self._write(durable=True) as conn:
            key = self._insert_outcome(
                conn,
                entry_id=entry_id,
                state=state,
                request_id=request_id,
                http_status=http_status,
                result=result,
                error=error,
            )
            recompute_derived(conn, [key], *self._batch_fns(None, None))

    def journal_entry(self, entry_id: int) -> JournalEntry | None:
        with self._read() as conn:
            row = conn.execute(ENTRY_SELECT + " WHERE j.id = ?", (entry_id,)).fetchone()
        return entry_from_row(row) if row is not None else None

    def journal_entries(
        self,
        order_key: str | None = None,
        limit: int | None = None,
        states: Iterable[str] | None = None,
        *,
        side: str | None = None,
        action: str | None = None,
    ) -> list[JournalEntry]:
        """Entries with their current state, newest first."""
        clauses: list[str] = []
        params: list[Any] = []
        if order_key is not None:
            clauses.append("j.order_key = ?")
            params.append(order_key)
        if side is not None:
            clauses.append("j.side = ?")
            params.append(side)
        if action is not None:
            clauses.append("j.action = ?")
            params.append(action)
        if states is not None:
            wanted = list(states)
            if not wanted:
                return []
            clauses.append(f"COALESCE(o.state, 'intent') IN ({','.join('?' * len(wanted))})")
            params += wanted
        sql = ENTRY_SELECT
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY j.id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        with self._read() as conn:
            return [entry_from_row(r) for r in conn.execute(sql, params)]

    def journal_history(self, entry_id: int) -> list[tuple[datetime, str, str]]:
        """Every outcome of one entry, oldest first: (time, state, result-or-error)."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT created_at, state, CASE WHEN error != '' THEN error ELSE result END"
                " FROM journal_outcome WHERE entry_id = ? ORDER BY id",
                (entry_id,),
            ).fetchall()
        return [(require_time(t), str(s), from_stored(str(r))) for t, s, r in rows]

    def tracking_owners(self, numbers: Iterable[str]) -> dict[str, set[str]]:
        """For each tracking number (normalised: no spaces/hyphens, upper case), the order keys
        whose journal already sent or is sending it (failed entries do not count)."""
        wanted = {_norm_tracking(n) for n in numbers} - {""}
        out: dict[str, set[str]] = {}
        if not wanted:
            return out
        for entry in self.journal_entries():
            if entry.state == "failed":
                continue
            number = _norm_tracking(entry.tracking_number)
            if number in wanted:
                out.setdefault(number, set()).add(entry.order_key)
        return out

    def unresolved(self) -> list[JournalEntry]:
        """Entries whose outcome is not known (``intent``, ``sent``, ``unknown``), oldest first."""
        return sorted(self.journal_entries(states=UNRESOLVED_STATES), key=lambda e: e.id)

    unresolved_intents = unresolved

    def notes_for(self, key: str) -> LocalNotes:
        with self._read() as conn:
            entries = entries_by_key(conn, [key]).get(key, [])
            row = conn.execute("SELECT data FROM order_data WHERE key = ?", (key,)).fetchone()
        return derive_notes(entries, order_from_json(row[0]) if row is not None else None)

    def record_return_done(
        self, order_key: str, *, note: str = "", amazon_order_id: str | None = None
    ) -> int:
        """Record that the return was processed in Seller Central (R-C1); returns the entry id."""
        return self.journal_record(
            order_key,
            ACTION_RETURN_RECORDED,
            "amazon",
            package_reference_id="",
            request={},
            state="done",
            result=note,
            amazon_order_id=amazon_order_id,
        )

    def mark_exported(
        self,
        order_key: str,
        package_reference_id: str,
        request: Mapping[str, Any],
        *,
        file_name: str = "",
        amazon_order_id: str | None = None,
    ) -> int:
        """Record a shipment written to an Amazon upload file (state ``exported``).

        ``request`` is the row written (``trackingNumber``, ``carrierCode``, ``orderItems`` …).
        Only the file's base name is kept (a full path can contain the user's name).
        """
        with self._write(durable=True) as conn:
            entry_id = self._insert_intent(
                conn,
                order_key=order_key,
                action=ACTION_EXPORT,
                side="file",
                package_reference_id=package_reference_id,
                request=request,
                amazon_order_id=amazon_order_id,
                display_order_number=None,
            )
            self._insert_outcome(
                conn,
                entry_id=entry_id,
                state="exported",
                request_id=None,
                http_status=None,
                result=PurePath(file_name).name if file_name else "",
                error=None,
            )
            recompute_derived(conn, [order_key], *self._batch_fns(None, None))
        return entry_id
