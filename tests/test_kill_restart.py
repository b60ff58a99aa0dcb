"""Kill the bulk confirmation (SIGKILL) at many points and restart it: every order ends up
confirmed exactly once on the simulator, and the journal says so.

The simulator runs in this process; each run of the bulk confirmation is a child process
(label CSV → review → ``ShipmentWorkflow.send_bulk``, after ``resolve_unknown``) against the
simulator's URLs with a store file in tmp.  A run is killed after the simulator has received k
more requests (k varies), or by a timer; then the next run starts, until one finishes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from amzdesk.services import build_services
from amzdesk.settings import Settings
from amzdesk.shipment import package_reference_id
from amzdesk.sim import Simulator
from amzdesk.sim.seed import SHOP_UNPROCESSED
from amzdesk.store import Store
from tests.sim_fixtures import running_simulator

ROOT = Path(__file__).resolve().parent.parent
RATE_SCALE = 25.0  # confirmShipment 50/s, burst 250: a run takes about a second

CHILD = r"""
import os, sys
from pathlib import Path
from amzdesk.importers import read_label_csv, review, sendable
from amzdesk.makeshop import MakeshopClient
from amzdesk.shipment import ShipmentWorkflow
from amzdesk.spapi import make_client
from amzdesk.store import Store

env = os.environ
scale = float(env["T_RATE_SCALE"])
spapi = make_client(
    endpoint=env["T_SPAPI"], token_url=env["T_LWA"], client_id=env["T_CID"],
    client_secret=env["T_SECRET"], refresh_token=env["T_REFRESH"], rate_scale=scale,
)
makeshop = MakeshopClient(env["T_MAKESHOP"], env["T_MSTOKEN"], env["T_MSKEY"], rate_scale=scale)
store = Store(Path(env["T_STORE"]))
wf = ShipmentWorkflow(store, spapi, makeshop)
wf.resolve_unknown()
rows = review(read_label_csv(env["T_CSV"]), store)
results = wf.send_bulk(sendable(rows))
bad = [r for r in results if not r.ok]
left = store.unresolved()
store.close()
print("RESULTS", len(results), "BAD", len(bad), "LEFT", len(left), flush=True)
sys.exit(1 if bad or left else 0)
"""


def add_unshipped_copies(sim: Simulator, count: int) -> list[str]:
    return sim.world.add_unshipped_copies(count, prefix=9)


def _mod7(n: int) -> str:
    return f"{n:011d}{n % 7}"


def _child_env(sim: Simulator, store: Path, csv: Path, tmp: Path) -> dict[str, str]:
    c = sim.credentials
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AMZDESK_", "XDG_")) and k not in ("PYTHONPATH",)
    }
    env.update(
        PYTHONPATH=str(ROOT),
        T_RATE_SCALE=str(RATE_SCALE),
        T_SPAPI=sim.spapi_url,
        T_LWA=sim.lwa_url,
        T_CID=c["lwa-client-id"],
        T_SECRET=c["lwa-client-secret"],
        T_REFRESH=c["lwa-refresh-token"],
        T_MAKESHOP=sim.makeshop_url,
        T_MSTOKEN=c["makeshop-token"],
        T_MSKEY=c["makeshop-api-key"],
        T_STORE=str(store),
        T_CSV=str(csv),
    )
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[var] = str(tmp / "child-xdg" / var.lower())
    return env


def _write_csv(path: Path, rows: list[tuple[str, str]]) -> None:
    lines = ["お客様管理番号,送り状種類,伝票番号,出荷予定日"]
    lines += [f"{order},0,{number}," for order, number in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp932"))


def _n_requests(sim: Simulator) -> int:
    return sum(1 for r in sim.requests if r.service != "lwa" and r.operation != "lwaToken")


@pytest.mark.slow
def test_killed_bulk_confirmation_confirms_every_order_exactly_once(tmp_path: Path) -> None:
    with running_simulator(n_orders=120, rate_scale=RATE_SCALE, time_scale=0.0) as sim:
        amazon_ids = add_unshipped_copies(sim, 40)
        shops = sim.world.scenario(SHOP_UNPROCESSED)[:3]
        rows: list[tuple[str, str]] = []
        expected: dict[str, set[str]] = {}
        n = 10_000_000_000
        for i, oid in enumerate(amazon_ids):
            units = sum(it.quantity for it in sim.world.amazon_order(oid).items)
            numbers = (
                [_mod7(n + 2 * i), _mod7(n + 2 * i + 1)]
                if units >= 2 and i % 3 == 0
                else [_mod7(n + 2 * i)]
            )
            expected[oid] = set(numbers)
            rows += [(oid, num) for num in numbers]
        for j, number in enumerate(shops):
            rows.append((number, _mod7(n + 500 + j)))
        csv = tmp_path / "labels.csv"
        _write_csv(csv, rows)

        store_path = tmp_path / "desk.sqlite3"
        services = build_services(Settings(), None, demo=sim, store_path=store_path)
        assert services.sync.run().ok
        services.close()

        env = _child_env(sim, store_path, csv, tmp_path)
        # (requests seen by the simulator in this run, then a short delay) before SIGKILL:
        # the kill lands before, during and after requests and journal writes
        kill_after = [
            (1, 0.0),
            (2, 0.001),
            (3, 0.0),
            (5, 0.002),
            (8, 0.0),
            (13, 0.004),
            (4, 0.0005),
            (6, 0.0),
            (9, 0.003),
            (1, 0.0015),
            (2, 0.0),
            (7, 0.001),
        ]
        runs = 0
        finished = False
        deadline = time.monotonic() + 90
        while not finished:
            assert time.monotonic() < deadline, "bulk confirmation never finished"
            runs += 1
            k, delay = kill_after[runs - 1] if runs <= len(kill_after) else (None, 0.0)
            start = _n_requests(sim)
            proc = subprocess.Popen(
                [sys.executable, "-c", CHILD],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            killed = False
            while proc.poll() is None:
                if k is not None and _n_requests(sim) - start >= k:
                    if delay:
                        time.sleep(delay)
                    proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows
                    killed = True
                    break
                time.sleep(0.002)
            out, err = proc.communicate(timeout=60)
            if killed:
                continue
            assert proc.returncode == 0, (out.decode(), err.decode()[-3000:])
            finished = True
        assert runs > len(kill_after) // 2  # the kills really hit a bulk run in progress

        # --- exactly once on the simulator --------------------------------------------------
        for oid, numbers in expected.items():
            pkgs = sim.world.confirmations(oid)
            assert sorted(p.tracking_number for p in pkgs) == sorted(numbers), oid
            assert {p.package_reference_id for p in pkgs} == {
                package_reference_id(oid, num) for num in numbers
            }
            assert sim.world.amazon_status(oid) == "SHIPPED"
            # repeats (after a kill) were edits of the same package with the same number
            by_ref: dict[str, set[str]] = {}
            for call in sim.world.confirmation_calls(oid):
                d: dict[str, Any] = call.body["packageDetail"]
                by_ref.setdefault(d["packageReferenceId"], set()).add(d["trackingNumber"])
            assert all(len(v) == 1 for v in by_ref.values()), by_ref
        for number in shops:
            assert sim.world.makeshop_order(number).deliveries[0].status == "Y"

        # --- the journal says so ------------------------------------------------------------
        store = Store(store_path)
        try:
            entries = store.journal_entries()
            assert entries and all(e.resolved for e in entries)
            done = {(e.order_key, e.package_reference_id) for e in entries if e.state == "done"}
            for oid, numbers in expected.items():
                for num in numbers:
                    assert (f"az:{oid}", package_reference_id(oid, num)) in done
            assert all(e.state == "done" for e in entries), [
                (e.order_key, e.state, e.error) for e in entries if e.state != "done"
            ]
            assert not store.unresolved()
        finally:
            store.close()
