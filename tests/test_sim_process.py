"""The simulator in a child process (the demo's): it starts, answers, and never outlives us."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from amzdesk.services import build_services
from amzdesk.settings import Settings
from amzdesk.sim.process import SimulatorProcess, sim_command

ROOT = Path(__file__).resolve().parent.parent


def _gone(pid: int, timeout: float = 15.0) -> bool:
    """Whether process ``pid`` has ended (or is a zombie nobody waits for) within ``timeout``."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return True
        if state == "Z":
            return True
        time.sleep(0.05)
    return False


def _token(sim: SimulatorProcess) -> requests.Response:
    c = sim.credentials
    return requests.post(
        sim.lwa_url,
        data={
            "grant_type": "refresh_token",
            "refresh_token": c["lwa-refresh-token"],
            "client_id": c["lwa-client-id"],
            "client_secret": c["lwa-client-secret"],
        },
        timeout=10,
    )


def test_child_simulator_serves_and_is_gone_after_stop() -> None:
    sim = SimulatorProcess(seed=5, n_orders=40, rate_scale=10.0)
    try:
        assert sim.running
        assert sim.pid != os.getpid()
        assert sim.spapi_url.startswith("http://127.0.0.1:")
        assert sim.makeshop_url.startswith("http://127.0.0.1:")
        assert sim.rate_scale == 10.0
        r = _token(sim)
        assert r.status_code == 200
        assert r.json()["access_token"]
        bad = requests.post(sim.lwa_url, data={"grant_type": "refresh_token"}, timeout=10)
        assert bad.status_code >= 400
    finally:
        sim.stop()
    assert not sim.running
    assert sim._proc.returncode == 0  # it stopped by itself when its stdin closed
    with pytest.raises(requests.ConnectionError):
        requests.post(sim.lwa_url, data={}, timeout=5)


def test_child_clock_follows_the_time_scale() -> None:
    with SimulatorProcess(n_orders=5, time_scale=0.0) as frozen:
        first = frozen.now()
        time.sleep(0.05)
        assert frozen.now() == first
        assert first.tzinfo is not None
    with SimulatorProcess(n_orders=5, time_scale=100.0) as fast:
        a = fast.now()
        time.sleep(0.1)
        assert (fast.now() - a).total_seconds() >= 5


def test_demo_services_run_the_simulator_in_a_child_and_close_it(tmp_path: Path) -> None:
    services = build_services(Settings(), None, demo=True, store_path=tmp_path / "d.sqlite3")
    sim = services.simulator
    try:
        assert isinstance(sim, SimulatorProcess)
        assert services.owns_simulator
        assert services.spapi is not None and services.makeshop is not None
        report = services.sync_and_settle()
        assert not report.errors
        assert len(services.store.fetch_rows(None)) > 0
    finally:
        services.close()
    assert _gone(sim.pid)


def test_child_dies_with_its_parent(tmp_path: Path) -> None:
    """A parent killed outright (no clean-up runs) leaves no simulator behind."""
    script = (
        "import json, os, signal, sys\n"
        "from amzdesk.sim.process import SimulatorProcess\n"
        "sim = SimulatorProcess(n_orders=5)\n"
        "print(json.dumps({'pid': sim.pid, 'url': sim.lwa_url}), flush=True)\n"
        # killed outright: SIGKILL where there is one, else an exit that runs no clean-up
        "os.kill(os.getpid(), signal.SIGKILL) if hasattr(signal, 'SIGKILL') else os._exit(9)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=False,
    )
    assert out.returncode == -9
    info = json.loads(out.stdout.strip().splitlines()[-1])
    assert _gone(int(info["pid"])), "the simulator outlived its parent"


def test_bad_options_fail_to_start_with_a_message() -> None:
    proc = subprocess.run(
        [*sim_command(["--json-ready", "--orders", "-1"])],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode != 0
    assert proc.stdout == ""
