"""Shared HTTP plumbing of the service clients: sessions, timeouts, token buckets, retries.

One module for the transport's limits: both clients use all of them together (sessions, the
deadline watchdog, the body cap, the token bucket, retries, error classification); each is a
section below.

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

Bounded in time and memory (every session from :func:`make_session` is a :class:`BoundedSession`):

* a *total* deadline per request (connect + send + every read), enforced by a watchdog that shuts
  the request's socket down when it expires -- a server dripping one byte every few seconds
  cannot hold a command past the deadline (the per-read timeout alone would never fire);
* a cap on the response body, checked while reading, and gzip/deflate decoded here with a bound
  on the *decoded* size (a gzip bomb stops at the cap, it is never inflated in full);
* JSON too deeply nested to parse is a malformed answer, not a crash;
* waits the server dictates are clamped: a reported rate below the plan's floor is raised to it
  (:data:`MIN_RATE_FRACTION`), a single usage-plan wait never exceeds ``TokenBucket.max_wait``,
  a ``Retry-After`` longer than ``RetryPolicy.max_retry_after`` is not waited (the caller tells
  the user when to try again), and all retry waits of one call share ``max_total_wait``.
"""

from __future__ import annotations

import contextlib
import email.utils
import logging
import math
import os
import platform
import random
import socket
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final, TypeVar

import certifi
import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from amzdesk import __version__
from amzdesk.endpoints import is_loopback_url
from amzdesk.errors import Cancelled, NetworkError, OutcomeUnknown, QuotaExceeded, ServiceError

__all__ = [
    "DEFAULT_DEADLINE",
    "DEFAULT_MAX_BODY",
    "DEFAULT_TIMEOUT",
    "BoundedSession",
    "DeadlineExceeded",
    "Monotonic",
    "ResponseTooLarge",
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
# Total seconds one request may take, first byte sent to last byte read.
DEFAULT_DEADLINE: Final = 60.0
# Largest response body (decoded) a request accepts unless the caller gives its own cap.
DEFAULT_MAX_BODY: Final = 16 * 1024 * 1024
# A server-reported rate is never taken below this fraction of the documented plan.
MIN_RATE_FRACTION: Final = 0.5
_READ_CHUNK: Final = 16 * 1024


class DeadlineExceeded(requests.exceptions.Timeout):
    """The request did not complete within its total deadline (the socket was shut down)."""


class ResponseTooLarge(requests.exceptions.RequestException):
    """The response body (decoded) was larger than the request's cap; reading stopped there."""


# --- bounded requests ---------------------------------------------------------------------------


class _Watch:
    """The connections one request uses, shut down together when its deadline expires."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._conns: list[HTTPConnection] = []
        self.expired = False
        self.finished = False

    def attach(self, conn: HTTPConnection) -> None:
        with self._lock:
            if conn not in self._conns:
                self._conns.append(conn)
            expired = self.expired
        if expired:
            _shutdown(conn)

    def expire(self) -> None:
        with self._lock:
            if self.finished:
                return
            self.expired = True
            conns = list(self._conns)
        for conn in conns:
            _shutdown(conn)

    def finish(self) -> bool:
        """Stop watching; True when the deadline had expired already."""
        with self._lock:
            self.finished = True
            return self.expired


def _shutdown(conn: HTTPConnection) -> None:
    sock = getattr(conn, "sock", None)
    if sock is None:
        return
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


_local = threading.local()


def _attach_current(conn: HTTPConnection) -> None:
    watch: _Watch | None = getattr(_local, "watch", None)
    if watch is not None:
        watch.attach(conn)


class _WatchedHTTPConnection(HTTPConnection):
    def connect(self) -> None:
        _attach_current(self)
        super().connect()

    def request(self, *args: Any, **kwargs: Any) -> None:
        _attach_current(self)
        super().request(*args, **kwargs)


class _WatchedHTTPSConnection(HTTPSConnection):
    def connect(self) -> None:
        _attach_current(self)
        super().connect()

    def request(self, *args: Any, **kwargs: Any) -> None:
        _attach_current(self)
        super().request(*args, **kwargs)


class _WatchedPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


_POOLS: Final = {"http": _WatchedPool, "https": _WatchedHTTPSPool}


class _SafeJsonResponse(requests.Response):
    """A response whose ``json()`` reports a too deeply nested document as invalid JSON."""

    def json(self, **kwargs: Any) -> Any:
        try:
            return super().json(**kwargs)
        except RecursionError:
            raise requests.exceptions.JSONDecodeError("JSON nested too deeply", "", 0) from None


class _BoundedAdapter(HTTPAdapter):
    """An adapter whose connections can be shut down by the request's deadline watchdog."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(_POOLS)

    def proxy_manager_for(self, proxy: str, **kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **kwargs)
        manager.pool_classes_by_scheme = dict(_POOLS)
        return manager

    def build_response(self, req: Any, resp: Any) -> requests.Response:
        response = super().build_response(req, resp)
        response.__class__ = _SafeJsonResponse
        return response


def _decoder(encoding: str) -> Any:
    value = encoding.strip().lower()
    if value in ("", "identity"):
        return None
    if value in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if value == "deflate":
        return zlib.decompressobj(32 + zlib.MAX_WBITS)  # zlib or gzip header, auto-detected
    raise requests.exceptions.ContentDecodingError(f"unsupported content-encoding {value!r}")


def _read_body(resp: requests.Response, cap: int) -> bytes:
    """The whole body of a streamed response, decoded, refusing more than ``cap`` bytes."""
    decoder = _decoder(resp.headers.get("content-encoding", ""))
    declared = resp.headers.get("content-length", "")
    if decoder is None and declared.strip().isdigit() and int(declared) > cap:
        raise ResponseTooLarge(f"response of {int(declared)} bytes exceeds the cap of {cap}")
    out = bytearray()
    raw = resp.raw
    try:
        while True:
            chunk = raw.read(_READ_CHUNK, decode_content=False)
            if not chunk:
                break
            if decoder is None:
                out += chunk
            else:
                # max_length bounds what one call inflates; the rest waits in unconsumed_tail
                out += decoder.decompress(chunk, cap + 1 - len(out))
                while decoder.unconsumed_tail and len(out) <= cap:
                    out += decoder.decompress(decoder.unconsumed_tail, cap + 1 - len(out))
            if len(out) > cap:
                raise ResponseTooLarge(f"response body exceeds the cap of {cap} bytes")
        if decoder is not None:
            out += decoder.flush(cap + 1 - len(out))
            if len(out) > cap:
                raise ResponseTooLarge(f"response body exceeds the cap of {cap} bytes")
    except requests.exceptions.RequestException:
        raise
    except zlib.error as exc:
        raise requests.exceptions.ContentDecodingError(f"bad compressed body: {exc}") from None
    except urllib3.exceptions.ReadTimeoutError as exc:
        raise requests.exceptions.ReadTimeout(str(exc)) from None
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        raise requests.exceptions.ChunkedEncodingError(
            f"connection lost while reading: {exc}"
        ) from None
    return bytes(out)


class BoundedSession(requests.Session):
    """A session whose every request has a total ``deadline`` (seconds) and a body cap
    (``max_body`` bytes, decoded).  Both are per-session defaults; a request may pass its own
    ``deadline=`` / ``max_body=``.  The body is read completely before ``request`` returns.
    """

    def __init__(self, *, deadline: float = DEFAULT_DEADLINE, max_body: int = DEFAULT_MAX_BODY):
        super().__init__()
        self.deadline = float(deadline)
        self.max_body = int(max_body)

    def request(
        self,
        method: str | bytes,
        url: str | bytes,
        *args: Any,
        deadline: float | None = None,
        max_body: int | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        verify = kwargs.get("verify", True)
        if verify is False:
            raise ValueError("TLS verification is never turned off")
        if verify is True or verify is None:
            # a path (not True): requests would otherwise swap in REQUESTS_CA_BUNDLE
            kwargs["verify"] = CA_BUNDLE
        limit = self.deadline if deadline is None else float(deadline)
        cap = self.max_body if max_body is None else int(max_body)
        kwargs["stream"] = True
        timeout = kwargs.get("timeout")
        if isinstance(timeout, tuple):  # no single read may outlast the whole request
            kwargs["timeout"] = tuple(min(float(t), limit) for t in timeout)
        elif timeout is None or float(timeout) > limit:
            kwargs["timeout"] = limit
        watch = _Watch()
        previous = getattr(_local, "watch", None)
        _local.watch = watch
        timer = threading.Timer(limit, watch.expire)
        timer.daemon = True
        timer.start()
        resp: requests.Response | None = None
        try:
            resp = super().request(method, url, *args, **kwargs)
            body = _read_body(resp, cap)
            if watch.finish():  # the body may be cut short: never trust it
                raise DeadlineExceeded(f"no complete answer within {limit:g} s")
            resp._content = body
            resp._content_consumed = True  # type: ignore[attr-defined]
            resp.close()  # body consumed: the connection goes back to the pool
            return resp
        except requests.exceptions.RequestException as exc:
            if resp is not None:
                resp._content_consumed = False  # type: ignore[attr-defined]
                resp.close()
            if watch.finish() and not isinstance(exc, ResponseTooLarge):
                raise DeadlineExceeded(f"no complete answer within {limit:g} s") from None
            raise
        except BaseException:
            if resp is not None:
                resp.close()
            raise
        finally:
            watch.finish()
            timer.cancel()
            _local.watch = previous


def user_agent() -> str:
    """``amzdesk/<version> (Language=Python/<x.y.z>; Platform=<os>)``, SP-API's suggested form."""
    system = platform.system() or "unknown"
    return f"amzdesk/{__version__} (Language=Python/{platform.python_version()}; Platform={system})"


# Trust store policy: certificates are checked against certifi's copy of the Mozilla CA store that
# ships with the app, and nothing else.  REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE would let whoever
# controls the environment make an impostor trusted (and receive the credentials), so they are
# ignored -- with a warning in the log -- and verification can never be turned off.
CA_BUNDLE: Final = certifi.where()
IGNORED_CA_VARIABLES: Final = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")
_warned_ca: set[str] = set()


def _warn_ignored_ca_variables() -> None:
    names = [n for n in IGNORED_CA_VARIABLES if os.environ.get(n)]
    if names and not _warned_ca:
        _warned_ca.update(names)
        log.info(
            "%s set in the environment: ignored; certificates are checked against the "
            "app's own CA store only",
            "/".join(names),
        )


def make_session(
    agent: str | None = None,
    *,
    deadline: float = DEFAULT_DEADLINE,
    max_body: int = DEFAULT_MAX_BODY,
) -> BoundedSession:
    """A session for one service.  TLS verification stays on; urllib3 never retries by itself;
    every request is bounded by ``deadline`` seconds and ``max_body`` bytes."""
    session = BoundedSession(deadline=deadline, max_body=max_body)
    session.verify = CA_BUNDLE
    _warn_ignored_ca_variables()
    adapter = _BoundedAdapter(max_retries=0, pool_connections=2, pool_maxsize=4)
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
    kwargs: dict[str, object] = {
        "timeout": timeout,
        "verify": CA_BUNDLE,
        "allow_redirects": False,
    }
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
        # the slowest rate a server may impose, and the longest single wait accepted
        self.floor_rate = self.rate * MIN_RATE_FRACTION
        self.max_wait = max(60.0 / self._scale, 1.05 / self.floor_rate)
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
        It is clamped to [``floor_rate``, 1000 x the plan]: a server claiming 0.000001/s does not
        make the client wait for days.
        """
        if not math.isfinite(rate) or rate <= 0:
            return
        rate = min(max(rate, self.floor_rate), self.floor_rate * 2000)
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

    def hold(self, seconds: float) -> None:
        """No token for ``seconds`` (a ``Retry-After``): every caller waits, or -- past its
        ``max_wait`` -- is told at once how long, instead of each collecting its own 429."""
        if not math.isfinite(seconds) or seconds <= 0:
            return
        with self._lock:
            self._refill(self._clock())
            self._tokens = min(self._tokens, -seconds * self.rate)

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

        A wait longer than ``max_wait`` (default: the bucket's own ``max_wait``) is not
        started: QuotaExceeded (``retry_after`` = the wait) is raised instead and nothing is
        taken.
        """
        max_wait = self.max_wait if max_wait is None else min(max_wait, self.max_wait)
        wait = self.reserve(tokens)
        if wait > max_wait:
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
    waited for: the error is raised so the caller can tell the user when to try again.  All
    the waits of one call together stay within ``max_total_wait``.
    ``time_scale`` divides every wait (the simulator's fast mode).
    """

    max_attempts: int = 4
    base_delay: float = 1.0
    max_delay: float = 30.0
    max_retry_after: float = 30.0
    max_total_wait: float = 60.0
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
    waited = 0.0
    while True:
        try:
            return attempt()
        except ServiceError as exc:
            retry_number += 1
            if not exc.retryable or retry_number >= policy.max_attempts:
                raise
            wait = policy.delay(retry_number, exc.retry_after, rng)
            if wait is None or waited + wait > policy.max_total_wait / policy.time_scale:
                raise
            waited += wait
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
    if isinstance(exc, ResponseTooLarge):
        if idempotent:
            # the same request would bring the same flood: not retried
            return NetworkError(
                str(exc), service=service, operation=operation, code=kind, retryable=False
            )
        return OutcomeUnknown(str(exc), service=service, operation=operation, code=kind)
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
