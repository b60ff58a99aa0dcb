"""Time helpers.  Inside the code every datetime is timezone-aware UTC; the UI shows JST."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

JST = timezone(timedelta(hours=9), "JST")

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


def to_jst(dt: datetime) -> datetime:
    return dt.astimezone(JST)


def parse_iso(value: str | None) -> datetime | None:
    """Parse an ISO 8601 timestamp as SP-API sends it ("...Z" or with offset)."""
    if not value:
        return None
    dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def iso_z(dt: datetime) -> str:
    """Format as SP-API expects: UTC with a trailing Z, second precision."""
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
