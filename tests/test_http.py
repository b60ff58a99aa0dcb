"""amzdesk.http: token buckets, retry/backoff, transport error classification, sessions.

Also home of :class:`LoopbackServer` and :class:`FakeTime`, small helpers the client tests
share: a real HTTP server on 127.0.0.1 whose answers a test scripts, and an injectable clock.
"""

from __future__ import annotations

import contextlib
import json
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from amzdesk import errors
from amzdesk.http import (
    CA_BUNDLE,
    DEFAULT_TIMEOUT,
    RetryPolicy,
    TokenBucket,
    call_with_retry,
    classify_transport_error,
    make_session,
    parse_rate_limit_header,
    parse_retry_after,
    request_kwargs,
    user_agent,
)

# --- shared helpers -----------------------------------------------------------------------------


class FakeTime:
    """A monotonic clock that only moves when something sleeps (or a test advances it)."""

    def __init__(self, start: float = 1000.0, wall: float = 1_767_225_600.0) -> None:
        self.now = start
        self.wall = wall
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def monotonic(self) -> float:
        with self._lock:
            return self.now

    def time(self) -> float:
        with self._lock:
            return self.wall + self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.now += seconds

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # dict/list -> JSON; bytes/str as is; None -> empty
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False  # close the connection without answering (after reading the request)
    delay: float = 0.0  # wait this long before answering (to cause a read timeout)


Handler = Callable[[Recorded], Reply]


class LoopbackServer:
    """A threaded HTTP/1.1 server on 127.0.0.1; ``handler(recorded) -> Reply`` scripts it."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[Recorded] = []
        self.release = threading.Event()  # ends any pending ``delay`` early at shutdown
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        outer = self

        class _H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # no 40 ms delayed-ACK stalls on loopback

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                rec = Recorded(
                    method=self.command,
                    path=parts.path,
                    query=dict(parse_qsl(parts.query, keep_blank_values=True)),
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=body,
                )
                with outer._lock:
                    outer.requests.append(rec)
                    outer.in_flight += 1
                    outer.max_in_flight = max(outer.max_in_flight, outer.in_flight)
                try:
                    reply = outer.handler(rec)
                    if reply.delay:
                        outer.release.wait(reply.delay)
                    if reply.drop:
                        self.close_connection = True
                        self.connection.shutdown(socket.SHUT_RDWR)
                        return
                    if isinstance(reply.body, dict | list):
                        data = json.dumps(reply.body).encode("utf-8")
                        ctype = "application/json"
                    elif isinstance(reply.body, str):
                        data, ctype = reply.body.encode("utf-8"), "text/plain"
                    else:
                        data, ctype = reply.body or b"", "application/json"
                    self.send_response(reply.status)
                    headers = {"content-type": ctype, **reply.headers}
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("content-length", str(len(data)))
                    self.end_headers()
                    if data and reply.status not in (204, 304):
                        self.wfile.write(data)
                finally:
                    with outer._lock:
                        outer.in_flight -= 1

            do_GET = do_POST = do_PUT = do_DELETE = _serve

        self._connections: list[socket.socket] = []
        connections = self._connections

        class _Server(ThreadingHTTPServer):
            daemon_threads = True

            def process_request(self, request: Any, client_address: Any) -> None:
                with outer._lock:
                    connections.append(request)
                super().process_request(request, client_address)

        self._server = _Server(("127.0.0.1", 0), _H)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> LoopbackServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self._server.shutdown()
        self._server.server_close()
        # a client's kept-alive connection would hold its handler thread past the test
        with self._lock:
            connections, self._connections[:] = list(self._connections), []
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def serve() -> Iterator[Callable[[Handler], LoopbackServer]]:
    servers: list[LoopbackServer] = []

    def start(handler: Handler) -> LoopbackServer:
        server = LoopbackServer(handler)
        server.__enter__()
        servers.append(server)
        return server

    yield start
    for s in servers:
        s.__exit__(None, None, None)


def closed_port_url() -> str:
    """A loopback URL nobody listens on (connection refused)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}"


# --- token bucket -------------------------------------------------------------------------------


def test_bucket_starts_full_then_waits_one_interval_per_token() -> None:
    ft = FakeTime()
    bucket = TokenBucket(2.0, 3, clock=ft.monotonic, sleep=ft.sleep)
    waits = [bucket.acquire() for _ in range(5)]
    assert waits[:3] == [0.0, 0.0, 0.0]
    assert waits[3] == pytest.approx(0.5)
    assert waits[4] == pytest.approx(0.5)
    assert ft.sleeps == pytest.approx([0.5, 0.5])


def test_bucket_refills_with_time_up_to_burst_only() -> None:
    ft = FakeTime()
    bucket = TokenBucket(1.0, 2, clock=ft.monotonic, sleep=ft.sleep)
    bucket.acquire()
    bucket.acquire()
    ft.advance(100)  # long idle: refills to burst (2), not 100
    assert bucket.tokens == pytest.approx(2.0)
    assert [bucket.acquire() for _ in range(3)] == pytest.approx([0.0, 0.0, 1.0])


def test_bucket_search_orders_plan_and_rate_scale() -> None:
    ft = FakeTime()
    slow = TokenBucket(0.0056, 20, clock=ft.monotonic, sleep=ft.sleep)
    fast = TokenBucket(0.0056, 20, rate_scale=100, clock=ft.monotonic, sleep=ft.sleep)
    for _ in range(20):
        assert slow.acquire() == 0.0
        assert fast.acquire() == 0.0
    assert slow.wait_time() == pytest.approx(1 / 0.0056)
    assert fast.wait_time() == pytest.approx(1 / 0.56)
    assert fast.rate == pytest.approx(0.56)
    assert fast.base_rate == pytest.approx(0.0056)


def test_bucket_set_rate_takes_the_reported_rate_as_effective() -> None:
    ft = FakeTime()
    bucket = TokenBucket(1.0, 1, rate_scale=10, clock=ft.monotonic, sleep=ft.sleep)
    bucket.acquire()
    assert bucket.wait_time() == pytest.approx(0.1)
    # the header states what the server enforces (a scaled simulator reports its scaled rate)
    bucket.set_rate(5.0)
    assert bucket.rate == pytest.approx(5.0)
    assert bucket.wait_time() == pytest.approx(1 / 5)
    for bad in (0.0, -1.0, float("nan"), float("inf")):
        bucket.set_rate(bad)
    assert bucket.rate == pytest.approx(5.0)


def test_bucket_drain_after_429() -> None:
    ft = FakeTime()
    bucket = TokenBucket(2.0, 10, clock=ft.monotonic, sleep=ft.sleep)
    bucket.drain()
    assert bucket.acquire() == pytest.approx(0.5)


def test_bucket_max_wait_refuses_without_taking_a_token() -> None:
    ft = FakeTime()
    bucket = TokenBucket(0.0056, 1, clock=ft.monotonic, sleep=ft.sleep)
    bucket.acquire()
    with pytest.raises(errors.QuotaExceeded) as info:
        bucket.acquire(max_wait=5.0)
    assert info.value.retry_after == pytest.approx(1 / 0.0056)
    assert not info.value.retryable
    assert ft.sleeps == []
    # the refused request did not queue: the next wait is still one interval
    assert bucket.wait_time() == pytest.approx(1 / 0.0056)


def test_bucket_cancel_raises_and_returns_the_token() -> None:
    bucket = TokenBucket(1.0, 1)  # real clock, real sleep -> waits on the event
    bucket.acquire()
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(errors.Cancelled):
        bucket.acquire(cancel=cancel)
    assert bucket.tokens > -0.5  # the cancelled reservation was given back


def test_bucket_is_thread_safe_and_queues_in_order() -> None:
    sleeps: list[float] = []
    lock = threading.Lock()

    def record(s: float) -> None:
        with lock:
            sleeps.append(s)

    frozen = 50.0
    bucket = TokenBucket(4.0, 5, clock=lambda: frozen, sleep=record)
    barrier = threading.Barrier(20)
    results: list[float] = []

    def worker() -> None:
        barrier.wait()
        w = bucket.acquire()
        with lock:
            results.append(w)

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # 5 free tokens, then each caller queues one interval (0.25 s) behind the previous
    expected = [0.0] * 5 + [0.25 * k for k in range(1, 16)]
    assert sorted(results) == pytest.approx(expected)


def test_bucket_rejects_nonsense_plans() -> None:
    with pytest.raises(ValueError):
        TokenBucket(0, 1)
    with pytest.raises(ValueError):
        TokenBucket(1, 0)
    with pytest.raises(ValueError):
        TokenBucket(1, 1, rate_scale=0)


def test_rate_limit_header_parsing() -> None:
    assert parse_rate_limit_header("0.0055555555555556") == pytest.approx(0.0055555555555556)
    assert parse_rate_limit_header("2.0") == 2.0
    assert parse_rate_limit_header(None) is None
    assert parse_rate_limit_header("abc") is None
    assert parse_rate_limit_header("0") is None


# --- retries ------------------------------------------------------------------------------------


def test_retry_after_seconds_and_http_date() -> None:
    now = datetime(2026, 1, 5, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("7", now) == 7.0
    assert parse_retry_after("1.5", now) == 1.5
    date = format_datetime(now + timedelta(seconds=30), usegmt=True)
    assert parse_retry_after(date, now) == pytest.approx(30.0)
    assert parse_retry_after(format_datetime(now - timedelta(seconds=30), usegmt=True), now) == 0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after("", now) is None
    assert parse_retry_after(None, now) is None


def test_backoff_grows_exponentially_with_bounded_jitter() -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=8.0)
    rng = random.Random(7)
    for n in range(1, 8):
        cap = min(8.0, 2.0 ** (n - 1))
        for _ in range(50):
            d = policy.backoff(n, rng)
            assert cap / 2 <= d <= cap
    fast = RetryPolicy(base_delay=1.0, max_delay=8.0, time_scale=100)
    assert fast.backoff(4, random.Random(1)) <= 0.08


def test_delay_honours_retry_after_and_gives_up_when_too_long() -> None:
    policy = RetryPolicy(base_delay=0.1, max_delay=1.0, max_retry_after=60)
    assert policy.delay(1, 12.0, random.Random(1)) == 12.0
    assert policy.delay(1, 0.0, random.Random(1)) == pytest.approx(
        policy.backoff(1, random.Random(1))
    )
    assert policy.delay(1, 61.0) is None


def test_call_with_retry_repeats_only_retryable_errors() -> None:
    ft = FakeTime()
    calls = 0

    def flaky() -> str:
        nonlocal calls
        calls += 1
        if calls < 3:
            raise errors.ServerError("busy", status=503, retry_after=2.0)
        return "ok"

    policy = RetryPolicy(max_attempts=4, base_delay=0.5)
    assert call_with_retry(flaky, policy=policy, sleep=ft.sleep, rng=random.Random(3)) == "ok"
    assert calls == 3
    assert ft.sleeps == [2.0, 2.0]  # Retry-After beats the (shorter) backoff

    calls = 0

    def bad() -> str:
        nonlocal calls
        calls += 1
        raise errors.InvalidInput("no", status=400)

    with pytest.raises(errors.InvalidInput):
        call_with_retry(bad, policy=policy, sleep=ft.sleep)
    assert calls == 1

    calls = 0

    def always() -> str:
        nonlocal calls
        calls += 1
        raise errors.NetworkError("down")

    with pytest.raises(errors.NetworkError):
        call_with_retry(always, policy=policy, sleep=ft.sleep)
    assert calls == 4

    calls = 0

    def unknown() -> str:
        nonlocal calls
        calls += 1
        raise errors.OutcomeUnknown("timeout")

    with pytest.raises(errors.OutcomeUnknown):
        call_with_retry(unknown, policy=policy, sleep=ft.sleep)
    assert calls == 1


# --- sessions and transport errors --------------------------------------------------------------


def test_session_verifies_tls_and_identifies_the_app() -> None:
    session = make_session()
    # the app's own CA store, as a path: requests cannot swap in REQUESTS_CA_BUNDLE for it
    assert session.verify == CA_BUNDLE
    assert session.headers["user-agent"].startswith("amzdesk/")
    assert user_agent().startswith("amzdesk/")
    assert "Language=Python/" in user_agent()
    kwargs = request_kwargs("https://sellingpartnerapi-fe.amazon.com", DEFAULT_TIMEOUT)
    assert kwargs["verify"] == CA_BUNDLE
    assert kwargs["allow_redirects"] is False
    assert kwargs["timeout"] == DEFAULT_TIMEOUT
    assert "proxies" not in kwargs
    assert "proxies" in request_kwargs("http://127.0.0.1:9", DEFAULT_TIMEOUT)


def _classify(url: str, method: str, idempotent: bool, timeout: Any = (1.0, 0.3)) -> Any:
    session = make_session()
    try:
        session.request(method, url, data=b"{}", **request_kwargs(url, timeout))  # type: ignore[arg-type]
    except requests.RequestException as exc:
        return classify_transport_error(
            exc, service="amazon", operation="op", idempotent=idempotent
        )
    finally:
        session.close()
    raise AssertionError("expected a transport error")


def test_refused_connection_is_a_retryable_network_error_even_for_writes() -> None:
    url = closed_port_url()
    for idempotent in (True, False):
        err = _classify(url, "POST", idempotent)
        assert isinstance(err, errors.NetworkError)
        assert err.retryable


def test_read_timeout_is_unknown_outcome_for_writes_only(serve: Any) -> None:
    server = serve(lambda rec: Reply(204, delay=2.0))
    read = _classify(server.url + "/x", "GET", True)
    assert isinstance(read, errors.NetworkError) and read.retryable
    write = _classify(server.url + "/x", "POST", False)
    assert isinstance(write, errors.OutcomeUnknown)
    assert not write.retryable
    assert "送信結果を確認できませんでした" in write.user_message


def test_dropped_connection_after_sending_is_unknown_outcome_for_writes(serve: Any) -> None:
    server = serve(lambda rec: Reply(drop=True))
    write = _classify(server.url + "/x", "POST", False)
    assert isinstance(write, errors.OutcomeUnknown)
    read = _classify(server.url + "/x", "GET", True)
    assert isinstance(read, errors.NetworkError) and read.retryable
    assert len(server.requests) == 2  # both reached the server before it hung up


def test_loopback_server_helper_round_trip(serve: Any) -> None:
    server = serve(lambda rec: Reply(200, {"echo": rec.query}, {"x-test": "1"}))
    resp = requests.get(server.url + "/p?a=1&b=x,y", timeout=5)
    assert resp.json() == {"echo": {"a": "1", "b": "x,y"}}
    assert resp.headers["x-test"] == "1"
    assert server.requests[0].path == "/p"


# --- error texts --------------------------------------------------------------------------------


def test_errors_redact_tokens_and_speak_japanese() -> None:
    err = errors.AuthError(
        "bad token Atza|IwEBIA-secret-value-here", service="amazon", status=403, request_id="r-1"
    )
    assert "Atza|IwEBIA-secret-value-here" not in str(err)
    assert "r-1" in str(err)
    assert "Amazon の認証情報を確認してください" in err.user_message
    ms = errors.AuthError("denied", service="makeshop", status=401)
    assert "makeshop の認証情報を確認してください" in ms.user_message
    q = errors.QuotaExceeded("slow down", retry_after=42)
    assert "42" in q.user_message
    item = errors.MakeshopItemError("配送済みです", display_order_number="10001")
    assert "10001" in item.user_message and "配送済みです" in item.user_message
    assert item.service == "makeshop"
    for cls in (
        errors.ServerError,
        errors.InvalidInput,
        errors.NotFound,
        errors.NetworkError,
        errors.BadResponse,
        errors.OutcomeUnknown,
    ):
        assert cls("x").user_message  # every class says something to the user


def test_fake_time_sleep_advances() -> None:
    ft = FakeTime()
    t0 = ft.monotonic()
    ft.sleep(1.5)
    assert ft.monotonic() - t0 == 1.5
    assert ft.time() > 1_700_000_000
    assert time.monotonic() > 0
