"""A small threaded HTTP server on loopback that hands requests to a service object, applies the
switched-on faults and records every request."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from amzdesk.sim.faults import FaultPlan, Faults

MAX_BODY = 8 * 1024 * 1024


@dataclass
class Call:
    """An incoming request, parsed."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names
    body: bytes
    service: str = ""
    operation: str = ""
    operation_name: str = ""  # GraphQL operationName, if any
    json: Any = None
    json_error: bool = False


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        h = {"Content-Type": "application/json; charset=utf-8"}
        h.update(headers or {})
        return cls(status, data, h)


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the simulator saw it (kept in memory only)."""

    service: str
    operation: str
    operation_name: str
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    json: Any
    status: int | None  # None: no answer was sent (dropped / held)
    outcome: str  # "answered", "dropped", "timeout", "late"
    time: datetime  # simulated time at arrival
    request_id: str
    faults: tuple[str, ...]


class Service(Protocol):
    name: str

    def identify(self, call: Call) -> None:
        """Set ``call.service`` / ``call.operation`` (and parse the body if useful)."""

    def handle(self, call: Call) -> Response: ...

    def error_response(self, call: Call, status: int) -> Response:
        """The service's own error shape for an injected status (500, 503, 429…)."""

    def finish(self, call: Call, response: Response) -> Response:
        """Last touch on any response (headers such as request IDs)."""


class Recorder:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: list[RecordedRequest] = []

    def add(self, rec: RecordedRequest) -> None:
        with self._lock:
            self._items.append(rec)

    def snapshot(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, addr: tuple[str, int], owner: SimServer) -> None:
        self.owner = owner
        self.open_sockets: set[socket.socket] = set()
        self.sockets_lock = threading.Lock()
        super().__init__(addr, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.sockets_lock:
            self.open_sockets.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self.sockets_lock:
            self.open_sockets.discard(request)
        super().shutdown_request(request)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "amzdesk-sim/1"
    timeout = 60  # idle keep-alive connections close after this

    def log_message(self, format: str, *args: Any) -> None:
        """Silence: requests are recorded, never printed or logged (they carry secrets)."""

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        owner: SimServer = self.server.owner  # type: ignore[attr-defined]
        owner.handle(self)

    # helpers used by SimServer
    def read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self.close_connection = True
            return b""
        return self.rfile.read(length) if length > 0 else b""

    def send(self, resp: Response) -> None:
        self.send_response(resp.status)
        for k, v in resp.headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(resp.body)))
        self.end_headers()
        if resp.body and self.command != "HEAD":
            self.wfile.write(resp.body)

    def drop(self) -> None:
        """Close the connection without a byte of answer."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)


class SimServer:
    """One loopback server (SP-API + LWA, or makeshop) around a service object."""

    def __init__(
        self,
        service: Service,
        faults: Faults,
        recorder: Recorder,
        now: Callable[[], datetime],
        port: int = 0,
    ) -> None:
        self.service = service
        self.faults = faults
        self.recorder = recorder
        self.now = now
        self._port = port
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self.stopping = threading.Event()
        self.errors: list[str] = []  # tracebacks of simulator bugs (answered as 500)

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("server not started")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        if self._httpd is not None:
            return
        self.stopping.clear()
        self._httpd = _Server(("127.0.0.1", self._port), self)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"amzdesk-sim-{self.service.name}",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        httpd = self._httpd
        if httpd is None:
            return
        self.stopping.set()
        httpd.shutdown()
        with httpd.sockets_lock:
            open_sockets = list(httpd.open_sockets)
        for s in open_sockets:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
        httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    # --- request path ----------------------------------------------------------------------

    def handle(self, h: _Handler) -> None:
        arrived = self.now()
        split = urlsplit(h.path)
        body = h.read_body()
        call = Call(
            method=h.command,
            path=split.path,
            query=parse_qs(split.query, keep_blank_values=True),
            headers={k.lower(): v for k, v in h.headers.items()},
            body=body,
        )
        self.service.identify(call)
        plan = self.faults.plan(call.service, call.operation, call.operation_name)
        outcome = "answered"
        resp: Response | None = None
        request_id = ""

        def record() -> None:
            # before the answer goes out: a client that got its answer finds it recorded
            self.recorder.add(
                RecordedRequest(
                    service=call.service,
                    operation=call.operation,
                    operation_name=call.operation_name,
                    method=call.method,
                    path=call.path,
                    query=call.query,
                    headers=call.headers,
                    body=call.body,
                    json=call.json,
                    status=resp.status if resp is not None else None,
                    outcome=outcome,
                    time=arrived,
                    request_id=request_id,
                    faults=tuple(plan.applied),
                )
            )

        try:
            if plan.latency > 0:
                self.stopping.wait(plan.latency)
            if plan.pre_drop:
                outcome = "dropped"
            elif plan.pre_hold is not None:
                self.stopping.wait(plan.pre_hold)
                outcome = "late" if plan.answer_late else "timeout"
            if outcome in ("answered", "late"):
                if plan.error_status is not None:
                    resp = self.service.error_response(call, plan.error_status)
                else:
                    resp = self.service.handle(call)
                resp = self.service.finish(call, resp)
                request_id = resp.headers.get("x-amzn-RequestId", "") or resp.headers.get(
                    "x-request-id", ""
                )
                if plan.post_drop:
                    outcome, resp = "dropped", None
                elif plan.post_hold is not None:
                    self.stopping.wait(plan.post_hold)
                    if plan.answer_late:
                        outcome = "late"
                    else:
                        outcome, resp = "timeout", None
                elif plan.malformed:
                    resp = _malformed(resp)
        except Exception:  # a simulator bug: answer 500 and keep the trace for the tests
            self.errors.append(traceback.format_exc())
            resp = self.service.finish(call, self.service.error_response(call, 500))
            outcome = "answered"
        record()
        try:
            if resp is not None:
                h.send(resp)
            else:
                h.drop()
        except OSError:
            h.close_connection = True  # the client went away


def _malformed(resp: Response) -> Response:
    body = resp.body or b'{"payload": {"status": "OK"}}'
    cut = body[: max(1, len(body) // 2)]
    headers = dict(resp.headers)
    headers["Content-Type"] = "application/json; charset=utf-8"
    return Response(200, cut + b'\x00{"', headers)


__all__ = ["Call", "FaultPlan", "RecordedRequest", "Recorder", "Response", "Service", "SimServer"]
