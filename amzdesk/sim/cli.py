"""``python main.py sim``: run the simulator in the foreground until Ctrl-C.

With ``--json-ready`` (how :class:`amzdesk.sim.process.SimulatorProcess` runs it) the simulator
prints one JSON line with its endpoints, credentials and clock once it serves, and stops when its
standard input reaches end-of-file -- which happens when the parent closes the pipe or dies -- or
when the parent process is gone.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from collections.abc import Sequence
from datetime import timedelta
from typing import Any


def cli_main(
    argv: Sequence[str] | None = None, *, stop_event: threading.Event | None = None
) -> int:
    """Run until Ctrl-C (or until ``stop_event`` is set, for tests); return the exit code."""
    from amzdesk.sim.simulator import Simulator

    parser = argparse.ArgumentParser(
        prog="amzdesk sim",
        description="Run local SP-API and makeshop simulators (loopback only) until Ctrl-C.",
    )
    parser.add_argument("--orders", type=int, default=300, help="number of orders (default 300)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--port-spapi", type=int, default=0, help="SP-API + LWA port (0: any)")
    parser.add_argument("--port-makeshop", type=int, default=0, help="makeshop port (0: any)")
    parser.add_argument(
        "--rate-scale", type=float, default=1.0, help="multiply every usage-plan rate"
    )
    parser.add_argument("--time-scale", type=float, default=1.0, help="simulated time speed")
    parser.add_argument(
        "--sync-delay-minutes",
        type=float,
        default=10.0,
        help="makeshop's periodic sync delay in simulated minutes",
    )
    parser.add_argument(
        "--extra-unshipped",
        type=int,
        default=0,
        metavar="N",
        help="add N unshipped merchant-fulfilled orders (copies of seeded ones) at start",
    )
    parser.add_argument(
        "--drop-unknown-carrier",
        action="store_true",
        help="accept a carrierCode outside Amazon's list with 204 and drop the carrier "
        "(as reported from the field) instead of refusing it",
    )
    parser.add_argument(
        "--json-ready",
        action="store_true",
        help="print one JSON line when serving; stop at end of standard input",
    )
    args = parser.parse_args(list(argv) if argv is not None else None)
    if not 0 <= args.orders <= 1_000_000:
        parser.error("--orders must be between 0 and 1000000")
    if not 0 <= args.extra_unshipped <= 100_000:
        parser.error("--extra-unshipped must be between 0 and 100000")

    sim = Simulator(
        seed=args.seed,
        n_orders=args.orders,
        time_scale=args.time_scale,
        rate_scale=args.rate_scale,
        makeshop_sync_delay=timedelta(minutes=args.sync_delay_minutes),
        spapi_port=args.port_spapi,
        makeshop_port=args.port_makeshop,
        drop_unknown_carrier_codes=args.drop_unknown_carrier,
    )
    if args.extra_unshipped:
        try:
            sim.world.add_unshipped_copies(args.extra_unshipped)
        except (IndexError, ZeroDivisionError):  # no seeded order to copy
            parser.error("--extra-unshipped needs seeded unshipped Amazon orders to copy")
    try:
        sim.start()
    except OSError as e:
        print(f"シミュレーターを起動できません: {e}", file=sys.stderr)
        return 1
    stop = stop_event or threading.Event()
    if args.json_ready:
        return _serve_for_parent(sim, args, stop)
    out = sys.stdout
    print(f"amzdesk simulator: {args.orders} orders, seed {args.seed}", file=out)
    print("# endpoints", file=out)
    for line in sim.env_lines():
        print(line, file=out)
    print("# credentials (simulator only)", file=out)
    for name, value in sim.credentials.items():
        print(f"{name}={value}", file=out)
    print("Ctrl-C で終了します。", file=out, flush=True)
    previous: Any = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    print("シミュレーターを停止しました。", file=out, flush=True)
    return 0


def _serve_for_parent(sim: Any, args: argparse.Namespace, stop: threading.Event) -> int:
    """Announce the simulator as one JSON line, then serve until the parent lets go."""
    parent = os.getppid()
    ready = {
        "spapi_url": sim.spapi_url,
        "lwa_url": sim.lwa_url,
        "makeshop_url": sim.makeshop_url,
        "credentials": sim.credentials,
        "rate_scale": args.rate_scale,
        "time_scale": args.time_scale,
        "now": sim.now().isoformat(),
        "seed": args.seed,
        "orders": args.orders,
        "extra_unshipped": args.extra_unshipped,
        "pid": os.getpid(),
    }

    def watch_stdin() -> None:
        try:
            while sys.stdin.readline():
                pass
        except (OSError, ValueError):
            pass
        stop.set()

    previous: Any = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        try:
            sys.stdout.write(json.dumps(ready, ensure_ascii=True) + "\n")
            sys.stdout.flush()
        except (OSError, ValueError):  # the parent is gone already
            return 1
        if sys.stdin is not None:
            threading.Thread(target=watch_stdin, name="sim-parent-watch", daemon=True).start()
        while not stop.wait(0.25):
            if os.getppid() != parent:  # re-parented: the parent died
                break
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return 0
