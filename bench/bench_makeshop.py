"""makeshop at scale: the first sync of 10,000 makeshop orders under the page-size cap.

    .venv/bin/python bench/bench_makeshop.py [--orders 10000] [--rate-scale 1] [--json FILE]

The simulator holds ``--orders`` makeshop orders (shop orders and the Amazon orders makeshop
imports, spread over up to 400 days: the sync's horizon is widened to reach all of them) and
enforces makeshop's page cap (``assumptions.MAKESHOP_PAGE_LIMIT`` rows per
``searchOrder`` page); the sync (makeshop only: work, updates, history, as the window's first
sync runs them) reads them into an empty store.  The client starts its requests at least
``assumptions.MAKESHOP_MIN_INTERVAL_S`` apart (start to start, one at a time) and the
simulator refuses anything faster; ``--rate-scale`` shortens that interval for both alike.

Printed: ``searchOrder`` requests against the minimum ceil(orders / cap) + 1 (the goal's
"at most"), the elapsed time against the floor the client's own pacing allows for those
requests ((requests - 1) x interval) and for the minimum, and 429 answers.  Prints numbers;
asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    from amzdesk import assumptions
    from amzdesk.services import build_services
    from amzdesk.settings import Settings
    from amzdesk.sim import Simulator
    from amzdesk.sync import SyncService

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--orders", type=int, default=10_000)
    p.add_argument("--rate-scale", type=float, default=1.0)
    p.add_argument("--json", help="also write the results to this file")
    args = p.parse_args(argv)
    cap = assumptions.MAKESHOP_PAGE_LIMIT
    with tempfile.TemporaryDirectory(prefix="amzdesk-makeshop-") as d:
        sim = Simulator(seed=9, n_orders=args.orders, rate_scale=args.rate_scale, time_scale=0.0)
        sim.start()
        try:
            n_shop = len(sim.world.makeshop)
            services = build_services(
                Settings(), None, demo=sim, store_path=Path(d) / "store.sqlite3"
            )
            try:
                # the whole simulated history (up to 400 days) is within reach of this first sync
                sync = SyncService(
                    services.store,
                    None,
                    services.makeshop,
                    services.clock,
                    horizon=timedelta(days=800),
                )
                interval = services.makeshop.min_interval
                sim.clear_requests()
                started = time.monotonic()
                report = sync.run()
                elapsed = time.monotonic() - started
                stored = services.store.count()
            finally:
                services.close()
            requests = [r for r in sim.requests if r.service == "makeshop"]
        finally:
            sim.stop()
    searches = [r for r in requests if r.status != 429]
    n429 = sum(1 for r in requests if r.status == 429)
    minimum = math.ceil(n_shop / cap) + 1
    floor = max(0, len(requests) - 1) * interval
    floor_min = (minimum - 1) * interval
    result = {
        "orders": n_shop,
        "stored": stored,
        "page_cap": cap,
        "requests": len(requests),
        "minimum_requests": minimum,
        "elapsed_s": elapsed,
        "floor_s": floor,
        "ratio": elapsed / floor if floor else float("nan"),
        "ratio_to_minimum_floor": elapsed / floor_min if floor_min else float("nan"),
        "http_429": n429,
        "ok": bool(report.ok),
    }
    print(
        f"== makeshop first sync: {n_shop} orders, page cap {cap}, "
        f"rate scale x{args.rate_scale:g} =="
    )
    print(f"  sync {'ok' if report.ok else 'FAILED'}; {stored} orders stored")
    print(
        f"  requests: {len(requests)} ({len(searches)} answered, {n429} x 429); minimum "
        f"ceil({n_shop}/{cap}) + 1 = {minimum}"
    )
    print(
        f"  elapsed {elapsed:.2f} s; the client's floor for these requests {floor:.2f} s "
        f"(ratio {result['ratio']:.3f}, goal <= 1.05); floor for the minimum {floor_min:.2f} s "
        f"(ratio {result['ratio_to_minimum_floor']:.3f})"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
