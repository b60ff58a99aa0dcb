"""Resident memory of the window with 100,000 orders, against the data and a bare window.

    .venv/bin/python bench/bench_memory.py [--orders 100000] [--store PATH]

Three child processes, measured in the same run (RSS = ``VmRSS`` of ``/proc/self/status`` once
the window is painted, its rows loaded and the garbage collected):

* the bare window: ``bench/bare_window.py``'s QMainWindow with an empty QTableView (PySide6
  only);
* amzdesk's main window over a store of ``--orders`` orders, all rows loaded (the real start
  path: services built after the first frame, rows read in the background);
* a naive list of the same rows: a QStandardItemModel with one QStandardItem per cell (the 11
  columns' texts) in a QTableView, read straight from the same store with sqlite3.

The orders' raw data is the size of each order as plain keyed JSON (its fields by name, absent
ones left out, as the services' answers carry them), independent of how the store encodes it.
Printed beside it, not counted: the store's compact positional form (``order_data``) and the list
columns the store keeps next to it (state, deadline, search text ...).
Goal: window RSS <= 2 x (raw data + bare window RSS).
Prints numbers; asserts nothing.  Linux only (``/proc``).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
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


def rss_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def _settle(app: Any, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def _report(app: Any, extra: dict[str, Any]) -> None:
    import gc

    _settle(app)
    gc.collect()
    _settle(app, 0.1)
    print("RESULT " + json.dumps({"rss": rss_bytes(), **extra}), flush=True)


def child_bare() -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication(sys.argv[:1])
    w = QMainWindow()
    w.setCentralWidget(QTableView(w))
    w.resize(1280, 780)
    w.show()
    _report(app, {})
    return 0


def child_window(store: str) -> int:
    from amzdesk.services import build_services
    from amzdesk.settings import Settings
    from ui import app as ui_app

    app = ui_app.create_application([sys.argv[0]], "ja")
    w = ui_app.build_window(
        factory=lambda: build_services(Settings(), None, store_path=store), autosync=False
    )
    w.resize(1280, 780)
    w.show()
    end = time.monotonic() + 600
    while not (w.loaded() and not w.runner.is_busy()) and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.005)
    w.table.viewport().repaint()
    _report(app, {"rows": w.model.rowCount()})
    w.runner.shutdown(30000)
    w.services.close()
    return 0


NAIVE_COLUMNS = (
    "channel",
    "display_order_number",
    "amazon_order_id",
    "combined_state",
    "item_titles",
    "item_count",
    "ship_by",
    "order_date",
    "carrier",
    "tracking_number",
    "total_price",
)


def child_naive(store: str) -> int:
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication(sys.argv[:1])
    conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    rows = conn.execute(f"SELECT {', '.join(NAIVE_COLUMNS)} FROM orders").fetchall()
    conn.close()
    model = QStandardItemModel(0, len(NAIVE_COLUMNS))
    model.setHorizontalHeaderLabels(list(NAIVE_COLUMNS))
    for row in rows:
        model.appendRow([QStandardItem("" if v is None else str(v)) for v in row])
    del rows
    w = QMainWindow()
    view = QTableView(w)
    view.setModel(model)
    w.setCentralWidget(view)
    w.resize(1280, 780)
    w.show()
    _report(app, {"rows": model.rowCount()})
    return 0


def run_child(kind: str, store: Path | None) -> dict[str, Any]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    args = [sys.executable, __file__, "--child", kind]
    if store is not None:
        args += ["--store", str(store)]
    out = subprocess.run(args, capture_output=True, text=True, timeout=900, check=False, env=env)
    line = next((x for x in out.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"{kind}: no result\n{out.stdout}\n{out.stderr}")
    result: dict[str, Any] = json.loads(line[len("RESULT ") :])
    return result


def _present(value: Any) -> Any:
    """``value`` without absent fields (None, empty texts and lists), as API answers omit them."""
    if isinstance(value, dict):
        return {k: _present(v) for k, v in value.items() if v not in (None, "", [], (), {})}
    if isinstance(value, list | tuple):
        return [_present(v) for v in value]
    return value


def raw_data_bytes(store: Path) -> tuple[int, int, int]:
    """(bytes of the orders as keyed JSON, bytes as stored, bytes of the list columns)."""
    import dataclasses

    from amzdesk.store.codec import order_from_json

    conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    try:
        stored = keyed = 0
        for (text,) in conn.execute("SELECT data FROM order_data"):
            stored += len(text.encode("utf-8"))
            order = _present(dataclasses.asdict(order_from_json(text)))
            keyed += len(json.dumps(order, ensure_ascii=False, default=str).encode("utf-8"))
        cols = [r[1] for r in conn.execute("PRAGMA table_info(orders)")]
        expr = " + ".join(
            f"coalesce(length(CAST({c} AS BLOB)), 0)" for c in cols if c not in ("data",)
        )
        (listing,) = conn.execute(f"SELECT sum({expr}) FROM orders").fetchone()
    finally:
        conn.close()
    return keyed, stored, int(listing or 0)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--orders", type=int, default=100_000)
    p.add_argument("--store", help="an existing store to use (else one is built)")
    p.add_argument("--json", help="also write the results to this file")
    p.add_argument("--child", choices=("bare", "window", "naive"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child == "bare":
        return child_bare()
    if args.child == "window":
        return child_window(args.store)
    if args.child == "naive":
        return child_naive(args.store)

    with tempfile.TemporaryDirectory(prefix="amzdesk-memory-") as d:
        tmp = Path(d)
        for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            os.environ[var] = str(tmp / var.lower())
        if args.store:
            store = Path(args.store)
        else:
            from bench_ui import build_store

            store = build_store(tmp / "big.sqlite3", args.orders)
        data, stored, listing = raw_data_bytes(store)
        bare = run_child("bare", None)
        window = run_child("window", store)
        naive = run_child("naive", store)
    raw = data
    mib = 1024 * 1024
    budget = 2 * (raw + bare["rss"])
    result = {
        "rows": window["rows"],
        "raw_mib": raw / mib,
        "stored_mib": stored / mib,
        "bare_mib": bare["rss"] / mib,
        "window_mib": window["rss"] / mib,
        "naive_mib": naive["rss"] / mib,
        "ratio": window["rss"] / (raw + bare["rss"]),
        "naive_ratio": naive["rss"] / (raw + bare["rss"]),
    }
    print(f"== memory: {window['rows']} orders in the window ==")
    print(
        f"  orders' raw data (keyed JSON) {raw / mib:.1f} MiB (not counted: as stored "
        f"{stored / mib:.1f} MiB, the store's list columns {listing / mib:.1f} MiB); "
        f"bare PySide6 window {bare['rss'] / mib:.1f} MiB"
    )
    print(
        f"  amzdesk window: {window['rss'] / mib:.1f} MiB = {result['ratio']:.2f} x (raw + bare)"
        f" (goal <= 2.00, i.e. <= {budget / mib:.0f} MiB)"
    )
    print(
        f"  naive QStandardItemModel of the same {naive['rows']} rows: {naive['rss'] / mib:.1f} "
        f"MiB = {result['naive_ratio']:.2f} x (raw + bare)"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
