"""Shared HTTP plumbing of the service clients: sessions, timeouts, token buckets, retries.

* :func:`make_session` -- a ``requests.Session`` with TLS verification on (always), no automatic
  urllib3 retries and amzdesk's ``user-agent``.
* :data:`DEFAULT_TIMEOUT` -- (connect, read) seconds; every request passes a timeout.
* :class:`TokenBucket` -- a usage plan (rate per second, burst) that makes the caller *wait
  before sending* instead of collecting 429s.  Thread-safe; clock and sleep are injectable and
  ``rate_scale`` multiplies the rate (the simulator's fast mode runs plans x100).
* :class:`RetryPolicy` and :func:`call_with_retry` -- repeat an attempt that raised a
  :class:`~amzdesk.errors.ServiceError` with ``retryable=True``, waiting exponential backoff
  with jitter, or the service's ``Retry-After`` when it gave one.
* :func:`classify_transport_error` -- maps a ``requests`` exception to NetworkError (the request
  never left) or, for non-idempotent requests, OutcomeUnknown (it may have been processed).
"""

from __future__ import annotations

import email.utils
import logging
import math
import platform
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final, TypeVar

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter

from amzdesk import __version__
from amzdesk.endpoints import is_loopback_url
from amzdesk.errors import Cancelled, NetworkError, OutcomeUnknown, QuotaExceeded, ServiceError

__all__ = [
    "DEFAULT_TIMEOUT",
    "Monotonic",
    "RetryPolicy",
    "Sleep",
    "TokenBucket",
    "call_with_retry",
    "classify_transport_error",
    "interruptible_sleep",
    "make_session",
    "parse_retry_after",
    "request_kwargs",
    "user_agent",
]

log = logging.getLogger("amzdesk.http")

T = TypeVar("T")
Sleep = Callable[[float], None]
Monotonic = Callable[[], float]

# (connect, read) seconds.
DEFAULT_TIMEOUT: Final[tuple[float, float]] = (10.0, 30.0)


def user_agent() -> str:
    """``amzdesk/<version> (Language=Python/<x.y.z>; Platform=<os>)``, SP-API's suggested form."""
    system = platform.system() or "unknown"
    return f"amzdesk/{__version__} (Language=Python/{platform.python_version()}; Platform={system})"


def make_session(agent: str | None = None) -> requests.Session:
    """A session for one service.  TLS verification stays on; urllib3 never retries by itself."""
    session = requests.Session()
    session.verify = True
    adapter = HTTPAdapter(max_retries=0, pool_connections=2, pool_maxsize=4)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers["user-agent"] = agent or user_agent()
    session.headers["accept"] = "application/json"
    return session


def request_kwargs(url: str, timeout: tuple[float, float]) -> dict[str, object]:
    """Keyword arguments every request passes: timeout, verify, no redirects, no proxy to loopback.

    Redirects are never followed: the access token travels in a custom header that requests
    would not strip on a redirect to another host.
    """
    kwargs: dict[str, object] = {"timeout": timeout, "verify": True, "allow_redirects": False}
    if is_loopback_url(url):
        # A proxy from the environment must not swallow requests meant for the local simulator.
        kwargs["proxies"] = {"http": None, "https": None, "all": None}
    return kwargs


def interruptible_sleep(sleep: Sleep, seconds: float, cancel: threading.Event | None) -> None:
    """Sleep ``seconds`` with the injected ``sleep``, or on ``cancel`` (raising Cancelled)."""
    if seconds <= 0:
        if cancel is not None and cancel.is_set():
            raise Cancelled
        return
    if cancel is not None and sleep is time.sleep:
        if cancel.wait(seconds):
            raise Cancelled
        return
    sleep(seconds)
    if cancel is not None and cancel.is_set():
        raise Cancelled


# --- token bucket -------------------------------------------------------------------------------


class TokenBucket:
    """A usage plan: ``rate`` tokens per second refill a bucket of ``burst`` tokens.

    :meth:`acquire` takes one token, sleeping first when none is left.  Callers reserve their
    token under the lock (the count may go negative: that is the queue), then sleep outside it,
    so concurrent callers are served in order and never exceed the plan.  The bucket starts full.

    ``rate_scale`` multiplies the plan's rate (the simulator's fast mode uses 100); a rate
    learned from ``x-amzn-RateLimit-Limit`` (:meth:`set_rate`) is taken as the effective rate.
    ``clock`` is a monotonic seconds source and ``sleep`` the sleeping function; tests inject
    fakes and read back the waits.
    """

    def __init__(
        self,
        rate: float,
        burst: int,
        *,
        rate_scale: float = 1.0,
        clock: Monotonic = time.monotonic,
        sleep: Sleep = time.sleep,
        name: str = "",
    ) -> None:
        if rate <= 0 or burst < 1 or rate_scale <= 0:
            raise ValueError("rate and rate_scale must be > 0 and burst >= 1")
        self.name = name
        self._base_rate = float(rate)
        self._scale = float(rate_scale)
        self._burst = int(burst)
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._tokens = float(burst)
        self._stamp = clock()
        self.waits: list[float] = []  # the last waits (bounded), for diagnostics and tests

    @property
    def rate(self) -> float:
        """The effective rate (tokens per second), scale applied."""
        return self._base_rate * self._scale

    @property
    def base_rate(self) -> float:
        """The rate as the service states it (scale not applied)."""
        return self._base_rate

    @property
    def burst(self) -> int:
        return self._burst

    def _refill(self, now: float) -> None:
        elapsed = max(0.0, now - self._stamp)
        self._stamp = now
        self._tokens = min(float(self._burst), self._tokens + elapsed * self.rate)

    @property
    def tokens(self) -> float:
        with self._lock:
            self._refill(self._clock())
            return self._tokens

    def set_rate(self, rate: float) -> None:
        """Adopt the rate the service reported (``x-amzn-RateLimit-Limit``).

        The header states what the server enforces, so it becomes the effective rate as is
        (``rate_scale`` is not applied again: a scaled simulator reports its scaled rate).
        """
        if not math.isfinite(rate) or rate <= 0:
            return
        with self._lock:
            self._refill(self._clock())
            if rate != self.rate:
                log.debug("usage plan %s: rate %s -> %s", self.name, self.rate, rate)
            self._base_rate = float(rate) / self._scale

    def drain(self) -> None:
        """Empty the bucket (after a 429: the service says no token is left)."""
        with self._lock:
            self._refill(self._clock())
            self._tokens = min(self._tokens, 0.0)

    def reserve(self, tokens: float = 1.0) -> float:
        """Take ``tokens`` now and return how long to wait before using them (seconds)."""
        with self._lock:
            self._refill(self._clock())
            self._tokens -= tokens
            wait = 0.0 if self._tokens >= 0 else -self._tokens / self.rate
        return wait

    def wait_time(self, tokens: float = 1.0) -> float:
        """How long :meth:`acquire` would wait now, without taking anything."""
        with self._lock:
            self._refill(self._clock())
            missing = tokens - self._tokens
            return 0.0 if missing <= 0 else missing / self.rate

    def cancel_reservation(self, tokens: float = 1.0) -> None:
        with self._lock:
            self._tokens = min(float(self._burst), self._tokens + tokens)

    def acquire(
        self,
        tokens: float = 1.0,
        *,
        cancel: threading.Event | None = None,
        max_wait: float | None = None,
    ) -> float:
        """Wait for and take ``tokens``; returns the seconds waited.

        With ``max_wait``, a longer wait is not started: QuotaExceeded (``retry_after`` = the
        wait) is raised instead and nothing is taken.
        """
        wait = self.reserve(tokens)
        if max_wait is not None and wait > max_wait:
            self.cancel_reservation(tokens)
            raise QuotaExceeded(
                "rate limit wait longer than allowed",
                operation=self.name,
                retry_after=wait,
                retryable=False,
            )
        if wait > 0:
            self.waits.append(wait)
            del self.waits[:-100]
            try:
                interruptible_sleep(self._sleep, wait, cancel)
            except Cancelled:
                self.cancel_reservation(tokens)
                raise
        elif cancel is not None and cancel.is_set():
            self.cancel_reservation(tokens)
            raise Cancelled
        return wait


def parse_rate_limit_header(value: str | None) -> float | None:
    """``x-amzn-RateLimit-Limit`` (a decimal number of requests per second) or None."""
    if not value:
        return None
    try:
        rate = float(value.strip().split(",")[0])
    except ValueError:
        return None
    return rate if math.isfinite(rate) and rate > 0 else None


# --- retries ------------------------------------------------------------------------------------


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds: a number of seconds or an HTTP date; None when absent/bad."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if not math.isfinite(seconds):
        return None
    return max(0.0, seconds)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how long to retry.

    ``max_attempts`` counts the first try.  The n-th retry waits ``base_delay * 2**(n-1)``
    capped at ``max_delay``, with "equal jitter" (half fixed, half random), or the service's
    ``Retry-After`` when it is longer.  A ``Retry-After`` beyond ``max_retry_after`` is not
    waited for: the error is raised so the caller can tell the user when to try again.
    ``time_scale`` divides every wait (the simulator's fast mode).
    """

    max_attempts: int = 4
    base_delay: float = 1.0
    max_delay: float = 30.0
    max_retry_after: float = 120.0
    time_scale: float = 1.0

    def backoff(self, retry_number: int, rng: random.Random | None = None) -> float:
        """The wait before retry number ``retry_number`` (1 = the first retry), no Retry-After."""
        cap = min(self.max_delay, self.base_delay * 2.0 ** max(0, retry_number - 1))
        r: float = (rng or random).random()
        return (cap / 2 + r * cap / 2) / self.time_scale

    def delay(
        self, retry_number: int, retry_after: float | None, rng: random.Random | None = None
    ) -> float | None:
        """The wait before retry ``retry_number``; None = do not retry (Retry-After too long)."""
        backoff = self.backoff(retry_number, rng)
        if retry_after is None:
            return backoff
        if retry_after > self.max_retry_after:
            return None
        return max(retry_after / self.time_scale, backoff)


NO_RETRY: Final = RetryPolicy(max_attempts=1)


def call_with_retry(
    attempt: Callable[[], T],
    *,
    policy: RetryPolicy,
    sleep: Sleep = time.sleep,
    rng: random.Random | None = None,
    cancel: threading.Event | None = None,
    on_retry: Callable[[ServiceError, float], None] | None = None,
) -> T:
    """Run ``attempt`` until it returns, or raises a non-retryable error, or attempts run out.

    Only :class:`ServiceError` with ``retryable=True`` is retried; the last error is raised
    as is.  ``on_retry(error, wait)`` is called before each wait.
    """
    retry_number = 0
    while True:
        try:
            return attempt()
        except ServiceError as exc:
            retry_number += 1
            if not exc.retryable or retry_number >= policy.max_attempts:
                raise
            wait = policy.delay(retry_number, exc.retry_after, rng)
            if wait is None:
                raise
            log.info("retrying after %s (wait %.2fs, retry %d)", exc, wait, retry_number)
            if on_retry is not None:
                on_retry(exc, wait)
            interruptible_sleep(sleep, wait, cancel)


# --- transport errors ---------------------------------------------------------------------------


def _never_sent(exc: requests.RequestException) -> bool:
    """True when the request certainly did not reach the server (connecting failed)."""
    if isinstance(exc, requests.exceptions.ConnectTimeout | requests.exceptions.SSLError):
        return True
    if isinstance(exc, requests.exceptions.InvalidURL | requests.exceptions.MissingSchema):
        return True
    if isinstance(exc, requests.exceptions.ProxyError):
        return True
    if isinstance(exc, requests.exceptions.ConnectionError):
        seen: set[int] = set()
        stack: list[object] = list(exc.args)
        while stack:
            item = stack.pop()
            if id(item) in seen:
                continue
            seen.add(id(item))
            if isinstance(
                item,
                urllib3.exceptions.NewConnectionError
                | urllib3.exceptions.ConnectTimeoutError
                | urllib3.exceptions.NameResolutionError,
            ):
                return True
            if isinstance(item, urllib3.exceptions.MaxRetryError):
                stack.append(item.reason)
            elif isinstance(item, BaseException):
                stack.extend(item.args)
                if item.__cause__ is not None:
                    stack.append(item.__cause__)
    return False


def classify_transport_error(
    exc: requests.RequestException,
    *,
    service: str,
    operation: str,
    idempotent: bool,
) -> ServiceError:
    """The typed error for a request that got no HTTP answer.

    A failure to connect is a retryable NetworkError (TLS failures are not retried: they do not
    heal by themselves).  A timeout or dropped connection after sending is a retryable
    NetworkError for reads and OutcomeUnknown for non-idempotent requests.
    """
    kind = type(exc).__name__
    if isinstance(exc, requests.exceptions.SSLError):
        return NetworkError(
            "TLS handshake failed (certificate not trusted?)",
            service=service,
            operation=operation,
            code=kind,
            retryable=False,
        )
    if _never_sent(exc):
        return NetworkError(
            "could not connect", service=service, operation=operation, code=kind, retryable=True
        )
    if idempotent:
        text = "timed out" if isinstance(exc, requests.exceptions.Timeout) else "connection lost"
        return NetworkError(text, service=service, operation=operation, code=kind, retryable=True)
    text = (
        "no answer within the read timeout"
        if isinstance(exc, requests.exceptions.Timeout)
        else "connection dropped after sending"
    )
    return OutcomeUnknown(text, service=service, operation=operation, code=kind)
