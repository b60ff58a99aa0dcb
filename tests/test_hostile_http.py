"""The service clients against a hostile HTTP server on loopback.

A raw-socket server that answers the token endpoint normally and everything else the way a
hostile or broken network would: dripping one byte at a time, sending an endless or a huge body,
a gzip bomb, resetting the connection, redirecting elsewhere, answering with the wrong JSON
types or absurdly deep nesting, or saying nothing at all.  Deadlines are short (injected), so
the whole file runs in a few seconds; what is asserted is the *kind* of failure and that the
client gave up within a bound far below what today's per-read timeout would allow.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import socket
import struct
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from amzdesk import errors
from amzdesk.http import RetryPolicy, TokenBucket, make_session
from amzdesk.makeshop import MakeshopClient
from amzdesk.spapi import LwaAuth, ShipmentPackage, SpApiClient

ORDER_ID = "503-1234567-1234567"
DEADLINE = 1.0  # seconds: every request of these tests
Handler = Callable[[socket.socket, str, bytes], None]


def _read_request(conn: socket.socket) -> tuple[str, bytes]:
    """(request line, body) of one HTTP/1.1 request."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return "", b""
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return lines[0], body


def _send(conn: socket.socket, status: str, body: bytes, headers: dict[str, str] | None = None):
    head = f"HTTP/1.1 {status}\r\nContent-Length: {len(body)}\r\n"
    for k, v in (headers or {}).items():
        head += f"{k}: {v}\r\n"
    conn.sendall(head.encode() + b"Connection: close\r\n\r\n" + body)


def _token(conn: socket.socket) -> None:
    body = json.dumps({"access_token": "Atza|hostile-test-access", "expires_in": 3600}).encode()
    _send(conn, "200 OK", body, {"Content-Type": "application/json"})


class HostileServer:
    """Loopback server: ``/auth/o2/token`` answers a token, every other path runs ``handler``."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.handler: Handler = lambda conn, line, body: _send(conn, "204 No Content", b"")
        self.token_handler: Callable[[socket.socket], None] = _token
        self.requests: list[str] = []
        self.token_requests = 0
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._accept = threading.Thread(target=self._loop, daemon=True)
        self._accept.start()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            t = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(t)
            t.start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            line, body = _read_request(conn)
            if not line:
                return
            if "/auth/o2/token" in line:
                self.token_requests += 1
                self.token_handler(conn)
            else:
                self.requests.append(line)
                self.handler(conn, line, body)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                conn.close()

    def stopped(self) -> bool:
        return self._stop.is_set()

    def close(self) -> None:
        self._stop.set()
        self.sock.close()
        for t in self._threads:
            t.join(timeout=3)


@pytest.fixture
def hostile() -> Iterator[HostileServer]:
    server = HostileServer()
    try:
        yield server
    finally:
        server.close()


def _client(server: HostileServer, **kwargs: Any) -> SpApiClient:
    sleeps: list[float] = kwargs.pop("sleeps", [])
    retry = kwargs.pop("retry", RetryPolicy(max_attempts=2, base_delay=0.01, max_delay=0.02))
    auth = LwaAuth(
        "amzn1.application-oa2-client.hostile0001",
        "amzn1.oa2-cs.v1.hostile-secret-0123456789",
        "Atzr|hostile-refresh-0123456789",
        token_url=server.url + "/auth/o2/token",
        session=make_session(deadline=DEADLINE),
        retry=retry,
        sleep=sleeps.append,
    )
    return SpApiClient(
        server.url,
        auth,
        session=make_session(deadline=DEADLINE),
        retry=retry,
        sleep=sleeps.append,
        timeout=(2.0, 2.0),
        fresh_connection_for_writes=False,
        **kwargs,
    )


def _package() -> ShipmentPackage:
    return ShipmentPackage(
        package_reference_id="1",
        carrier_code="Yamato Transport",
        tracking_number="123456789012",
        ship_date=datetime(2026, 1, 5, tzinfo=UTC),
        items=(("11111111111111", 1),),
    )


def _timed(fn: Callable[[], Any]) -> tuple[BaseException | None, float]:
    start = time.monotonic()
    try:
        fn()
    except BaseException as exc:
        return exc, time.monotonic() - start
    return None, time.monotonic() - start


def _drip_body(conn: socket.socket, line: str, body: bytes) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n{")
    for _ in range(200):  # one byte every 0.1 s: the per-read timeout never fires
        time.sleep(0.1)
        conn.sendall(b" ")


def _drip_headers(conn: socket.socket, line: str, body: bytes) -> None:
    for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 200:
        time.sleep(0.1)
        conn.sendall(bytes([byte]))


def _silence(conn: socket.socket, line: str, body: bytes) -> None:
    conn.settimeout(5)
    conn.recv(1)  # until the client gives up and closes


# --- item 1: a total deadline per request ----------------------------------------------------


@pytest.mark.parametrize("handler", [_drip_body, _drip_headers, _silence])
def test_a_dripping_or_silent_server_cannot_hold_a_read_past_its_deadline(
    hostile: HostileServer, handler: Handler
) -> None:
    hostile.handler = handler
    client = _client(hostile, retry=RetryPolicy(max_attempts=1))
    exc, took = _timed(lambda: client.get_order(ORDER_ID))
    assert isinstance(exc, errors.NetworkError), exc
    assert exc.code in ("DeadlineExceeded", "ReadTimeout")
    # one attempt of 1 s; today: 20 s of dripping, each byte resetting the read timeout
    assert took < DEADLINE + 2.0
    assert "応答がありません" in exc.user_message
    assert "接続できません" not in exc.user_message


def test_a_dripping_answer_to_a_confirmation_is_an_unknown_outcome(hostile: HostileServer) -> None:
    hostile.handler = _drip_body
    client = _client(hostile)
    exc, took = _timed(lambda: client.confirm_shipment(ORDER_ID, _package()))
    assert isinstance(exc, errors.OutcomeUnknown)  # it may have been applied: never re-sent
    assert len(hostile.requests) == 1
    assert took < DEADLINE + 2.0


def test_the_makeshop_client_has_the_same_deadline(hostile: HostileServer) -> None:
    hostile.handler = _drip_body
    client = MakeshopClient(
        hostile.url + "/graphql",
        token="makeshop-hostile-token-0123",
        api_key="makeshop-hostile-key-0123",
        session=make_session(deadline=DEADLINE),
        retry=RetryPolicy(max_attempts=1),
        min_interval=0.0,
    )
    exc, took = _timed(lambda: client.execute("query { x }", {}, "X", idempotent=True))
    assert isinstance(exc, errors.NetworkError)
    assert took < DEADLINE + 2.0


# --- item 2: bounded bodies, bounded decompression -------------------------------------------


def _endless(conn: socket.socket, line: str, body: bytes) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n[")
    block = b"0," * 32768
    try:
        while True:
            conn.sendall(block)
    except OSError:
        return


def _claims_huge(conn: socket.socket, line: str, body: bytes) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 3000000000\r\n\r\n")
    try:
        while True:
            conn.sendall(b"\0" * 65536)
    except OSError:
        return


def _gzip_bomb(size: int) -> bytes:
    return gzip.compress(b"\0" * size, compresslevel=9)


def test_an_endless_body_stops_at_the_cap_without_eating_memory(hostile: HostileServer) -> None:
    hostile.handler = _endless
    client = _client(hostile, retry=RetryPolicy(max_attempts=1))
    tracemalloc.start()
    try:
        exc, _ = _timed(lambda: client.get_order(ORDER_ID))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(exc, errors.NetworkError) and exc.code == "ResponseTooLarge"
    assert exc.retryable is False  # the same request would bring the same flood
    assert peak < 3 * 4 * 1024 * 1024 + 8 * 1024 * 1024  # getOrder's cap is 4 MiB
    assert "大きな応答" in exc.user_message


def test_a_declared_huge_body_is_refused_before_reading(hostile: HostileServer) -> None:
    hostile.handler = _claims_huge
    session = make_session(deadline=DEADLINE, max_body=1024 * 1024)
    exc, took = _timed(lambda: session.get(hostile.url + "/x"))
    assert type(exc).__name__ == "ResponseTooLarge"
    assert took < DEADLINE


def test_a_gzip_bomb_is_never_inflated_past_the_cap(hostile: HostileServer) -> None:
    bomb = _gzip_bomb(64 * 1024 * 1024)  # 64 MB of zeros in ~64 kB

    def handler(conn: socket.socket, line: str, body: bytes) -> None:
        _send(conn, "200 OK", bomb, {"Content-Encoding": "gzip"})

    hostile.handler = handler
    session = make_session(deadline=5.0, max_body=2 * 1024 * 1024)
    tracemalloc.start()
    try:
        exc, _ = _timed(lambda: session.get(hostile.url + "/x"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert type(exc).__name__ == "ResponseTooLarge"
    assert peak < 16 * 1024 * 1024  # the bomb is 64 MB; the cap 2 MB


def test_a_small_gzip_answer_is_decoded(hostile: HostileServer) -> None:
    payload = json.dumps({"hello": "世界"}).encode()

    def handler(conn: socket.socket, line: str, body: bytes) -> None:
        _send(conn, "200 OK", gzip.compress(payload), {"Content-Encoding": "gzip"})

    hostile.handler = handler
    resp = make_session(deadline=DEADLINE).get(hostile.url + "/x")
    assert resp.json() == {"hello": "世界"}


# --- resets, redirects, wrong types, deep nesting -----------------------------------------------


def _reset(conn: socket.socket, line: str, body: bytes) -> None:
    conn.sendall(b'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{"ord')
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


def test_a_reset_is_a_network_error_for_reads_and_unknown_for_writes(
    hostile: HostileServer,
) -> None:
    hostile.handler = _reset
    client = _client(hostile)
    exc, _ = _timed(lambda: client.get_order(ORDER_ID))
    assert isinstance(exc, errors.NetworkError)
    exc, _ = _timed(lambda: client.confirm_shipment(ORDER_ID, _package()))
    assert isinstance(exc, errors.OutcomeUnknown)


def test_a_redirect_is_not_followed_and_the_token_goes_nowhere_else(
    hostile: HostileServer,
) -> None:
    other = HostileServer()
    try:

        def handler(conn: socket.socket, line: str, body: bytes) -> None:
            _send(conn, "302 Found", b"", {"Location": other.url + "/steal"})

        hostile.handler = handler
        client = _client(hostile)
        exc, _ = _timed(lambda: client.get_order(ORDER_ID))
        assert isinstance(exc, errors.ServiceError)
        assert other.requests == []
    finally:
        other.close()


@pytest.mark.parametrize(
    "payload",
    [
        {"order": "not an object"},
        {"order": {"orderId": 5, "createdTime": [], "fulfillment": "x"}},
        {"order": {**{"orderId": ORDER_ID}, "orderItems": {"a": 1}}},
        [1, 2, 3],
        "just a string",
        {"order": {"orderId": ORDER_ID, "createdTime": 1e999}},
    ],
)
def test_wrong_types_are_a_bad_response(hostile: HostileServer, payload: Any) -> None:
    def handler(conn: socket.socket, line: str, body: bytes) -> None:
        _send(conn, "200 OK", json.dumps(payload).encode(), {"Content-Type": "application/json"})

    hostile.handler = handler
    exc, _ = _timed(lambda: _client(hostile).get_order(ORDER_ID))
    assert isinstance(exc, errors.BadResponse), exc


@pytest.mark.parametrize("depth", [100_000])
def test_deep_nesting_is_a_bad_response_not_a_recursion_error(
    hostile: HostileServer, depth: int
) -> None:
    deep = b'{"order":' + b"[" * depth + b"]" * depth + b"}"
    errors_body = b'{"errors":' + b"[" * depth + b"]" * depth + b"}"

    def handler(conn: socket.socket, line: str, body: bytes) -> None:
        if line.startswith("POST"):
            _send(conn, "400 Bad Request", errors_body, {"Content-Type": "application/json"})
        else:
            _send(conn, "200 OK", deep, {"Content-Type": "application/json"})

    hostile.handler = handler
    client = _client(hostile)
    exc, _ = _timed(lambda: client.get_order(ORDER_ID))
    assert isinstance(exc, errors.BadResponse), exc
    exc, _ = _timed(lambda: client.confirm_shipment(ORDER_ID, _package()))
    assert isinstance(exc, errors.InvalidInput), exc


# --- item 4: waits without limit -------------------------------------------------------------


def test_retry_after_beyond_the_cap_is_reported_at_once_and_holds_the_next_order(
    hostile: HostileServer,
) -> None:
    def handler(conn: socket.socket, line: str, body: bytes) -> None:
        _send(conn, "429 Too Many Requests", b"{}", {"Retry-After": "119"})

    hostile.handler = handler
    sleeps: list[float] = []
    client = _client(hostile, sleeps=sleeps, retry=RetryPolicy(max_attempts=4))
    exc, _ = _timed(lambda: client.confirm_shipment(ORDER_ID, _package()))
    assert isinstance(exc, errors.QuotaExceeded)
    assert sum(sleeps) < 1.0  # today: 3 x 119 s of silence per order
    assert "119" in exc.user_message or "約" in exc.user_message
    sent = len(hostile.requests)
    # the next order is told at once, without another 429
    exc2, _ = _timed(lambda: client.confirm_shipment("503-7654321-7654321", _package()))
    assert isinstance(exc2, errors.QuotaExceeded)
    assert exc2.retry_after is not None and exc2.retry_after > 60
    assert len(hostile.requests) == sent


def test_an_unreachable_token_endpoint_costs_the_outer_attempts_only(
    hostile: HostileServer,
) -> None:
    def unavailable(conn: socket.socket) -> None:
        _send(conn, "503 Service Unavailable", b"{}")

    hostile.token_handler = unavailable
    sleeps: list[float] = []
    client = _client(hostile, sleeps=sleeps, retry=RetryPolicy(max_attempts=4, base_delay=1.0))
    exc, _ = _timed(lambda: client.get_order(ORDER_ID))
    assert isinstance(exc, errors.ServerError)
    assert hostile.token_requests == 4  # today: 4 x 4 = 16 (token retries nested in retries)
    assert sum(sleeps) <= RetryPolicy().max_total_wait


def test_retry_waits_of_one_call_share_one_budget() -> None:
    from amzdesk.http import call_with_retry

    sleeps: list[float] = []

    def attempt() -> None:
        raise errors.ServerError("busy", retry_after=25.0)

    policy = RetryPolicy(max_attempts=10, max_total_wait=60.0)
    with pytest.raises(errors.ServerError):
        call_with_retry(attempt, policy=policy, sleep=sleeps.append)
    assert sum(sleeps) <= 60.0
    assert len(sleeps) == 2


def test_a_token_bucket_never_waits_past_its_cap() -> None:
    now = [0.0]
    bucket = TokenBucket(2.0, 1, clock=lambda: now[0], sleep=lambda s: None)
    bucket.set_rate(0.000001)
    assert bucket.rate == 1.0  # half the documented plan, not 10**-6
    bucket.hold(10_000.0)
    with pytest.raises(errors.QuotaExceeded) as info:
        bucket.acquire()
    assert info.value.retry_after is not None and info.value.retry_after > bucket.max_wait
