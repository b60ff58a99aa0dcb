"""Sync benchmark: how fast a big seller's orders reach the store, against the usage-plan floor.

    .venv/bin/python bench/bench_sync.py                  # 1,000 unshipped + 20,000 history, ×1000
    .venv/bin/python bench/bench_sync.py --scale 100      # closer to real time (about 6 minutes)

The simulator serves one seller with ``--unshipped`` merchant-fulfilled orders waiting to be shipped
(created in the last days) and ``--history`` shipped / cancelled / FBA orders over the last months.
Both the simulator's and the client's usage plans run ``--scale`` times faster than Amazon's
(searchOrders: rate 0.0056/s, burst 20), so the real-time equivalent is ``elapsed × scale``.

Printed for "every order needing action is in the store" (the sync's work-ready event) and for
"the whole history is in the store": searchOrders calls made, elapsed time, the floor the usage
plan allows for the minimum number of calls (ceil(n/100) per query; the first 20 calls are free
from the burst, every further one costs 1/rate), and elapsed / floor.  The simulator's count of
429 answers must be zero: the client paces itself instead of discovering the limit.

Amazon only: makeshop (1 call/s, 1000 orders per call) is not the bottleneck.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from amzdesk.http import RetryPolicy  # noqa: E402
from amzdesk.sim import Simulator  # noqa: E402
from amzdesk.sim.world import (  # noqa: E402
    AMAZON,
    CANCELLED,
    MERCHANT,
    SHIPPED,
    AmazonOrder,
    AmzItem,
)
from amzdesk.spapi import USAGE_PLANS, UsagePlan, make_client  # noqa: E402
from amzdesk.store import Store  # noqa: E402
from amzdesk.sync import SyncPhase, SyncProgress, SyncService  # noqa: E402

PAGE = 100


def build_orders(unshipped: int, history: int, now: datetime, seed: int) -> list[AmazonOrder]:
    rng = random.Random(seed)
    orders: list[AmazonOrder] = []

    def order(n: int, created: datetime, fba: bool, status: str | None) -> AmazonOrder:
        oid = f"250-{n:07d}-{rng.randrange(10_000_000):07d}"
        return AmazonOrder(
            order_id=oid,
            created=created,
            last_updated=created + timedelta(hours=rng.uniform(0, 48)) if status else created,
            fulfilled_by=AMAZON if fba else MERCHANT,
            ship_by_earliest=created,
            ship_by_latest=created + timedelta(days=2),
            deliver_by_earliest=created + timedelta(days=3),
            deliver_by_latest=created + timedelta(days=6),
            items=[
                AmzItem(f"{n:014d}", f"B0{n:08d}", f"SKU-{n % 500:04d}", "ベンチ用商品", 1, 1980)
            ],
            buyer_name="",
            buyer_email="",
            recipient={},
            fixed_status=status,
        )

    for i in range(unshipped):
        created = now - timedelta(hours=rng.uniform(1, 72))
        orders.append(order(i, created, False, None))  # no package: UNSHIPPED
    for j in range(history):
        created = now - timedelta(days=rng.uniform(4, 80))
        fba = rng.random() < 0.3
        status = CANCELLED if rng.random() < 0.03 else SHIPPED
        orders.append(order(unshipped + j, created, fba, status))
    for o in orders:  # an updated time never in the future
        o.last_updated = min(o.last_updated, now - timedelta(minutes=10))
    return orders


def floor_seconds(calls: int, scale: float) -> float:
    plan = USAGE_PLANS["searchOrders"]
    return max(0, calls - plan.burst) / (plan.rate * scale)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--unshipped", type=int, default=1_000)
    ap.add_argument("--history", type=int, default=20_000)
    ap.add_argument("--scale", type=float, default=1000.0, help="usage-plan speed-up")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)

    now = datetime.now(UTC).replace(microsecond=0)
    sim = Simulator(seed=args.seed, n_orders=0, now=now, rate_scale=args.scale)
    sim.world.load(build_orders(args.unshipped, args.history, now, args.seed), [], [])
    sim.start()
    tmp = Path(tempfile.mkdtemp(prefix="amzdesk-bench-"))
    store = Store(tmp / "bench.sqlite3", clock=sim.now)
    try:
        c = sim.credentials
        spapi = make_client(
            endpoint=sim.spapi_url,
            token_url=sim.lwa_url,
            client_id=c["lwa-client-id"],
            client_secret=c["lwa-client-secret"],
            refresh_token=c["lwa-refresh-token"],
            # The simulator's x-amzn-RateLimit-Limit header states the scaled rate, so the
            # client is given the scaled plans and adopts the header as it is.
            usage_plans={
                op: UsagePlan(plan.rate * args.scale, plan.burst)
                for op, plan in USAGE_PLANS.items()
            },
            retry=RetryPolicy(time_scale=args.scale),
            clock=sim.now,
        )
        svc = SyncService(store, spapi, None, sim.now, horizon=timedelta(days=120))
        marks: dict[str, tuple[float, int]] = {}
        t0 = time.perf_counter()

        def calls() -> int:
            return sum(1 for r in sim.requests if r.operation == "searchOrders" and r.status == 200)

        def progress(e: SyncProgress) -> None:
            if e.phase is SyncPhase.WORK_READY:
                marks["work"] = (time.perf_counter() - t0, calls())
            elif e.phase is SyncPhase.AMAZON_HISTORY and e.pages and e.pages % 50 == 0:
                print(f"  history: {e.pages} pages, {e.orders} orders", flush=True)

        report = svc.run(progress=progress)
        marks["all"] = (time.perf_counter() - t0, calls())
        if not report.ok:
            print("sync failed:", [i.message for i in report.errors])
            return 1
        in_store = store.count()
        quota_429 = sum(1 for r in sim.requests if r.status == 429)
    finally:
        store.close()
        sim.stop()

    total = args.unshipped + args.history
    print(f"seller: {args.unshipped:,} unshipped + {args.history:,} history orders")
    print(f"usage plans ×{args.scale:g} (searchOrders rate 0.0056/s, burst 20)")
    rows = [
        ("work ready", "work", math.ceil(args.unshipped / PAGE)),
        (
            "whole history",
            "all",
            math.ceil(args.unshipped / PAGE) + math.ceil(args.history / PAGE),
        ),
    ]
    print(
        f"{'milestone':<14}{'calls':>7}{'min':>6}{'elapsed s':>11}{'floor s':>9}{'ratio':>8}"
        f"{'real-time equiv.':>19}"
    )
    for label, key, minimum in rows:
        elapsed, n = marks[key]
        floor = floor_seconds(minimum, args.scale)
        ratio = f"{elapsed / floor:.2f}" if floor > 0 else "n/a"
        real = timedelta(seconds=round(elapsed * args.scale))
        print(f"{label:<14}{n:>7}{minimum:>6}{elapsed:>11.2f}{floor:>9.2f}{ratio:>8}{real!s:>19}")
    print(f"orders in store: {in_store:,} / {total:,}; 429 answers from the simulator: {quota_429}")
    return 0 if in_store == total and quota_429 == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
