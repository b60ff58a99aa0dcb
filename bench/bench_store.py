"""The store at scale: upserting 100,000 orders, and opening it to the list's first screen.

    .venv/bin/python bench/bench_store.py [--orders 100000] [--keep PATH] [--profile]

* upsert: ``Store.upsert_orders`` of ``--orders`` synthetic orders (bench_ui's mix of shop,
  merchant- and FBA-fulfilled orders) into a fresh store, in one call as a sync hands a batch
  over (goal <= 2 s at 100,000); then the same orders again, unchanged (what a re-read page
  costs).  ``--profile`` prints the upsert's top functions (cProfile, 10,000 orders).
* first screen: a child process runs the real start path -- ``ui.app.build_window`` with the
  services built in the background after the first frame -- over that store, and reports the
  time from the services factory's start (the store is opened there) to the first paint of the
  list with rows in it (goal <= 100 ms at 100,000), and to the whole list being loaded.

``--keep PATH`` keeps the built store there (``bench/run-all`` hands it to the memory and list
benches).  Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
for p in (str(ROOT), str(BENCH)):
    if p not in sys.path:
        sys.path.insert(0, p)


def child_first_screen(store: str) -> int:
    from PySide6.QtCore import QEvent, QObject

    from amzdesk.services import build_services
    from amzdesk.settings import Settings
    from ui import app as ui_app

    app = ui_app.create_application([sys.argv[0]], "ja")
    marks: dict[str, float] = {}

    def factory() -> Any:
        marks["factory"] = time.monotonic()
        return build_services(Settings(), None, store_path=store)

    w = ui_app.build_window(factory=factory, autosync=False)
    w.resize(1280, 780)

    class Watch(QObject):
        def eventFilter(self, obj: Any, event: Any) -> bool:
            if (
                event.type() == QEvent.Type.Paint
                and "rows_painted" not in marks
                and w.model.rowCount() > 0
            ):
                marks["rows_painted"] = time.monotonic()
                marks["rows_shown"] = w.model.rowCount()
            return False

    watch = Watch()
    w.show()
    w.table.viewport().installEventFilter(watch)
    end = time.monotonic() + 600
    while not (w.loaded() and not w.runner.is_busy()) and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.001)
    marks["loaded"] = time.monotonic()
    result = {
        "first_screen_ms": (marks["rows_painted"] - marks["factory"]) * 1000,
        "rows_in_first_screen": marks["rows_shown"],
        "all_loaded_ms": (marks["loaded"] - marks["factory"]) * 1000,
        "rows": w.model.rowCount(),
    }
    print("RESULT " + json.dumps(result), flush=True)
    w.runner.shutdown(30000)
    w.services.close()
    return 0


def first_screen(store: Path) -> dict[str, Any]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(store)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        env=env,
    )
    line = next((x for x in out.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"first screen: no result\n{out.stdout}\n{out.stderr}")
    result: dict[str, Any] = json.loads(line[len("RESULT ") :])
    return result


def profile_upsert(orders: list[Any], tmp: Path) -> None:
    import cProfile
    import pstats

    from amzdesk.store import Store

    store = Store(tmp / "profile.sqlite3")
    prof = cProfile.Profile()
    prof.enable()
    store.upsert_orders(orders[:10_000])
    prof.disable()
    store.close()
    print("  upsert profile (10,000 orders, cProfile, top by own time):")
    stats = pstats.Stats(prof)
    rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:8]  # type: ignore[attr-defined]
    for (path, line, name), (_cc, _nc, tt, ct, _callers) in rows:
        print(
            f"    {tt * 1000:7.0f} ms own {ct * 1000:7.0f} ms total  "
            f"{Path(path).name}:{line} {name}"
        )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--orders", type=int, default=100_000)
    p.add_argument("--keep", help="keep the built store at this path")
    p.add_argument("--profile", action="store_true", help="profile the upsert")
    p.add_argument("--json", help="also write the results to this file")
    p.add_argument("--child", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        return child_first_screen(args.child)

    from bench_ui import NOW, make_orders

    from amzdesk.store import Store

    with tempfile.TemporaryDirectory(prefix="amzdesk-store-") as d:
        tmp = Path(d)
        for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            os.environ[var] = str(tmp / var.lower())
        print(f"== store: {args.orders} orders ==", flush=True)
        t = time.perf_counter()
        orders = make_orders(args.orders)
        print(f"  (made {args.orders} synthetic orders in {time.perf_counter() - t:.1f} s)")
        path = tmp / "big.sqlite3"
        store = Store(path, clock=lambda: NOW)
        t, cpu = time.perf_counter(), time.process_time()
        changed = store.upsert_orders(orders)
        upsert, upsert_cpu = time.perf_counter() - t, time.process_time() - cpu
        t = time.perf_counter()
        again = store.upsert_orders(orders)
        unchanged = time.perf_counter() - t
        store.close()
        print(
            f"  upsert of {args.orders} new orders: {upsert:.2f} s ({changed} rows, "
            f"{upsert / max(1, args.orders) * 1e6:.0f} us per order; this process's CPU time "
            f"{upsert_cpu:.2f} s, load average {os.getloadavg()[0]:.1f}) (goal <= 2 s)"
        )
        print(f"  the same orders again, unchanged: {unchanged:.2f} s ({again} rows changed)")
        if args.profile:
            profile_upsert(orders, tmp)
        del orders
        screen = first_screen(path)
        print(
            f"  open the store + first screen of the list: "
            f"{screen['first_screen_ms']:.0f} ms ({screen['rows_in_first_screen']} rows) "
            f"(goal <= 100 ms); the whole list ({screen['rows']} rows) after "
            f"{screen['all_loaded_ms'] / 1000:.1f} s"
        )
        if args.keep:
            Path(args.keep).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, args.keep)
    result = {
        "orders": args.orders,
        "upsert_s": upsert,
        "upsert_cpu_s": upsert_cpu,
        "upsert_unchanged_s": unchanged,
        **screen,
    }
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
