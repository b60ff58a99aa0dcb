"""The simulator in a child process, for the demo window.

The window's process then runs only the app: the simulator's HTTP servers, request parsing and
its big simulated shop live in another interpreter, so they neither take the window's GIL nor
lengthen its garbage collections.  :class:`SimulatorProcess` offers what the services need from a
:class:`amzdesk.sim.Simulator` (endpoints, credentials, ``rate_scale``, a clock, ``stop()``); use
the in-process ``Simulator`` where a test needs ``sim.world``.

The child is ``python -m amzdesk.sim --json-ready ...`` (in a frozen app: the app's own executable
with the ``sim`` command).  It prints one JSON line when it serves and stops at end-of-file on its
standard input: when :meth:`SimulatorProcess.stop` closes the pipe, or when this process dies and
the operating system closes it.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Final

__all__ = ["SimulatorProcess", "SimulatorProcessError", "sim_command"]

START_TIMEOUT: Final = 60.0
STOP_TIMEOUT: Final = 5.0


class SimulatorProcessError(RuntimeError):
    """The child simulator did not start."""


def sim_command(args: list[str]) -> list[str]:
    """The command line that runs ``sim <args>`` in a new process of this app."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "sim", *args]
    return [sys.executable, "-m", "amzdesk.sim", *args]


class SimulatorProcess:
    """A running simulator in a child process (see the module docstring)."""

    def __init__(
        self,
        *,
        seed: int = 1,
        n_orders: int = 300,
        rate_scale: float = 1.0,
        time_scale: float = 1.0,
        extra_unshipped: int = 0,
        timeout: float = START_TIMEOUT,
    ) -> None:
        """``extra_unshipped``: that many more unshipped merchant-fulfilled orders, copies of
        seeded ones (for benchmarks of a bulk confirmation)."""
        self.seed = seed
        self.n_orders = n_orders
        self.extra_unshipped = extra_unshipped
        args = [
            "--json-ready",
            "--seed",
            str(seed),
            "--orders",
            str(n_orders),
            "--rate-scale",
            repr(float(rate_scale)),
            "--time-scale",
            repr(float(time_scale)),
        ]
        if extra_unshipped:
            args += ["--extra-unshipped", str(int(extra_unshipped))]
        env = dict(os.environ)
        if not getattr(sys, "frozen", False):
            root = str(Path(__file__).resolve().parent.parent.parent)
            env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
        self._proc: subprocess.Popen[str] = subprocess.Popen(
            sim_command(args),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            env=env,
        )
        self._lock = threading.Lock()
        self._stopped = False
        try:
            info = self._read_ready(timeout)
        except BaseException:
            self.stop()
            raise
        self.spapi_url: str = str(info["spapi_url"])
        self.lwa_url: str = str(info["lwa_url"])
        self.makeshop_url: str = str(info["makeshop_url"])
        self._credentials: dict[str, str] = {
            str(k): str(v) for k, v in dict(info["credentials"]).items()
        }
        self.rate_scale: float = float(info["rate_scale"])
        self.time_scale: float = float(info["time_scale"])
        self._start = datetime.fromisoformat(str(info["now"]))
        self._t0 = time.monotonic()

    def _read_ready(self, timeout: float) -> dict[str, Any]:
        out = self._proc.stdout
        assert out is not None
        box: list[str] = []

        def read() -> None:
            with contextlib.suppress(OSError, ValueError):
                box.append(out.readline())

        reader = threading.Thread(target=read, name="sim-ready", daemon=True)
        reader.start()
        reader.join(timeout)
        line = box[0] if box else ""
        if not line:
            raise SimulatorProcessError(
                "シミュレーターを起動できませんでした"
                + ("（時間切れ）" if reader.is_alive() else f"（終了コード {self._proc.poll()}）")
            )
        try:
            info = json.loads(line)
        except ValueError as exc:
            raise SimulatorProcessError("シミュレーターの応答を読めませんでした") from exc
        if not isinstance(info, dict):
            raise SimulatorProcessError("シミュレーターの応答を読めませんでした")
        return info

    # --- what the services use -------------------------------------------------------------

    @property
    def credentials(self) -> dict[str, str]:
        return dict(self._credentials)

    def now(self) -> datetime:
        """The simulator's clock (its start instant, running at its time scale)."""
        return self._start + timedelta(seconds=(time.monotonic() - self._t0) * self.time_scale)

    def env_lines(self) -> list[str]:
        return [
            f"AMZDESK_SPAPI_ENDPOINT={self.spapi_url}",
            f"AMZDESK_LWA_TOKEN_URL={self.lwa_url}",
            f"AMZDESK_MAKESHOP_ENDPOINT={self.makeshop_url}",
        ]

    # --- lifecycle -------------------------------------------------------------------------

    @property
    def pid(self) -> int:
        return self._proc.pid

    @property
    def running(self) -> bool:
        return self._proc.poll() is None

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """Close the child's standard input (it stops), then make sure it is gone."""
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
        stream: IO[str] | None
        for stream in (self._proc.stdin, self._proc.stdout):
            with contextlib.suppress(OSError, ValueError):
                if stream is not None:
                    stream.close()
        try:
            self._proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._proc.wait(timeout)

    def __enter__(self) -> SimulatorProcess:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __del__(self) -> None:  # a forgotten handle must not leave the child running
        with contextlib.suppress(Exception):
            self.stop(0.5)
