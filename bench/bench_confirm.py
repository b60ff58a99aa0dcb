"""Bulk confirmation benchmark: 200 Amazon orders from a label CSV, against the usage-plan floor.

    .venv/bin/python bench/bench_confirm.py                    # full scale (about 95 s)
    .venv/bin/python bench/bench_confirm.py --rate-scale 10    # quick run (about 10 s)

The simulator holds ``--orders`` unshipped merchant-fulfilled orders; a B2クラウド CSV with one
tracking number per order is imported (read, reviewed against the local store) and sent with
``ShipmentWorkflow.send_bulk`` -- the same path as ``import-tracking`` and the window.  Both the
simulator's and the client's usage plans run ``--rate-scale`` times faster than Amazon's
(confirmShipment: rate 2/s, burst 10).

Printed: elapsed time of the send, the floor the usage plan allows ((n - burst) / rate, scaled),
elapsed / floor (goal ≤ 1.05 at full scale), confirmShipment calls, and the simulator's count of
429 answers (must be 0: the client paces itself).  Every order is checked to be confirmed once.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from amzdesk.importers import read_label_csv, review, sendable  # noqa: E402
from amzdesk.services import build_services  # noqa: E402
from amzdesk.settings import Settings  # noqa: E402
from amzdesk.shipment import ShipmentWorkflow  # noqa: E402
from amzdesk.sim import Simulator  # noqa: E402
from amzdesk.spapi import CONFIRM_SHIPMENT, USAGE_PLANS  # noqa: E402


def add_unshipped_orders(sim: Simulator, count: int) -> list[str]:
    return sim.world.add_unshipped_copies(count, prefix=8)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orders", type=int, default=200)
    ap.add_argument("--rate-scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)

    plan = USAGE_PLANS[CONFIRM_SHIPMENT]
    with tempfile.TemporaryDirectory(prefix="amzdesk-bench-") as tmp:
        sim = Simulator(seed=args.seed, n_orders=60, rate_scale=args.rate_scale)
        sim.start()
        try:
            ids = add_unshipped_orders(sim, args.orders)
            csv = Path(tmp) / "b2.csv"
            lines = ["お客様管理番号,送り状種類,伝票番号,出荷予定日"]
            for i, oid in enumerate(ids):
                body = 20_000_000_000 + i
                lines.append(f"{oid},0,{body}{body % 7},")
            csv.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp932"))

            services = build_services(Settings(), None, demo=sim, store_path=Path(tmp) / "s.db")
            try:
                report = services.sync.run()
                if not report.ok:
                    print("sync failed:", report)
                    return 1
                wf = ShipmentWorkflow(
                    services.store,
                    services.spapi,
                    services.makeshop,
                    services.carriers,
                    services.clock,
                )
                rows = review(read_label_csv(csv), services.store)
                items = sendable(rows)
                if len(items) != len(ids):
                    print(f"only {len(items)} of {len(ids)} rows are sendable")
                    return 1
                before = len(sim.requests)
                started = time.monotonic()
                results = wf.send_bulk(items)
                elapsed = time.monotonic() - started
            finally:
                services.close()
            requests = sim.requests[before:]
            calls = [r for r in requests if r.operation == CONFIRM_SHIPMENT]
            n429 = sum(1 for r in requests if r.status == 429)
            where = [i for i, r in enumerate(calls) if r.status == 429]
            bad = [r for r in results if r.state != "done"]
            once = all(len(sim.world.confirmations(oid)) == 1 for oid in ids)
        finally:
            sim.stop()
    floor = max(0.0, (len(ids) - plan.burst) / plan.rate) / args.rate_scale
    ratio = elapsed / floor if floor > 0 else float("nan")
    print(f"orders:             {len(ids)}")
    print(f"rate scale:         ×{args.rate_scale:g} (rate {plan.rate}/s, burst {plan.burst})")
    print(f"confirmShipment:    {len(calls)} calls, other calls {len(requests) - len(calls)}")
    print(
        f"elapsed:            {elapsed:.2f} s"
        f"  (real-time equivalent {elapsed * args.rate_scale:.1f} s)"
    )
    print(f"floor:              {floor:.2f} s")
    print(f"ratio:              {ratio:.3f}  (goal ≤ 1.05)")
    print(f"429 answers:        {n429}" + (f" (calls {where})" if where else ""))
    print(f"failed orders:      {len(bad)}")
    print(f"confirmed once:     {'yes' if once else 'NO'}")
    return 0 if not bad and once and n429 == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
