"""Run every benchmark and print one table (``bench/run-all`` starts this).

    bench/run-all [--quick] [--markdown FILE] [--skip NAME,...]

Each benchmark runs in its own process (its output is echoed); the table at the end has one row
per goal: what was measured, the goal, and whether it was met.  The 100,000-order store is built
once (by the store benchmark, which times that) and reused by the memory and list benchmarks.
``--quick`` shortens the slow parts (fewer start-up pairs, makeshop and confirmShipment pacing
sped up x5 -- ratios to the floor are then not the real-time ones).  Nothing is asserted; the
exit code is 0 unless a benchmark crashed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PY = sys.executable

Row = tuple[str, str, str, bool | None]  # what, measured, goal, met


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text(encoding="ascii").split()[:3])
    except OSError:
        return "?"


def run(name: str, args: list[str], timeout: float = 900) -> tuple[str, bool]:
    print(f"\n##### {name}: {' '.join(Path(a).name if a == PY else a for a in args)}", flush=True)
    t = time.monotonic()
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        out = subprocess.run(
            args, capture_output=True, text=True, timeout=timeout, check=False, env=env, cwd=ROOT
        )
    except subprocess.TimeoutExpired:
        print(f"  {name}: timed out after {timeout:.0f} s", flush=True)
        return "", False
    text = out.stdout
    lines = [x for x in text.splitlines() if "propagateSizeHints" not in x]
    print("\n".join(lines), flush=True)
    if out.returncode != 0:
        print(out.stderr[-3000:], flush=True)
    print(f"  ({name}: {time.monotonic() - t:.0f} s, exit {out.returncode})", flush=True)
    return text, out.returncode == 0


def load(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def grab(pattern: str, text: str, group: int = 1) -> str | None:
    m = re.search(pattern, text)
    return m.group(group) if m else None


def main(argv: list[str] | None = None) -> int:  # noqa: C901 -- one flat section per benchmark
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true")
    p.add_argument("--markdown", help="also write the table (Markdown) to this file")
    p.add_argument(
        "--skip",
        default="",
        help="comma-separated: "
        + ", ".join(
            ("startup", "scanner", "store", "memory", "list", "sim", "makeshop", "confirm", "sync")
        ),
    )
    args = p.parse_args(argv)
    skip = {s for s in args.skip.split(",") if s}
    started = time.monotonic()
    load_before = loadavg()
    rows: list[Row] = []
    crashed: list[str] = []

    def check(name: str, ok: bool) -> None:
        if not ok:
            crashed.append(name)

    with tempfile.TemporaryDirectory(prefix="amzdesk-run-all-") as d:
        tmp = Path(d)
        big = tmp / "big.sqlite3"

        if "startup" not in skip:
            js = tmp / "startup.json"
            cmd = [PY, str(BENCH / "bench_startup.py"), "--json", str(js)]
            cmd += ["--pairs", "5" if args.quick else "7"]
            if (ROOT / "dist" / "amzdesk" / "amzdesk").exists() and (
                ROOT / "dist" / "bare" / "bare"
            ).exists():
                cmd += ["--frozen", str(ROOT / "dist" / "amzdesk")]
            _out, ok = run("start-up", cmd)
            check("start-up", ok)
            for r in load(js) or []:
                rows.append(
                    (
                        f"start-up, {r['case']} (spawn to first painted window)",
                        f"{r['app_ms']:.0f} ms vs bare {r['bare_ms']:.0f} ms = "
                        f"**{r['ratio']:.2f}x**",
                        "<= 1.30x",
                        r["ratio"] <= 1.30,
                    )
                )

        if "scanner" not in skip:
            js = tmp / "scanner.json"
            _out, ok = run("scanner", [PY, str(BENCH / "bench_scanner.py"), "--json", str(js)])
            check("scanner", ok)
            r = load(js)
            if r:
                rows.append(
                    (
                        f"scanner session, {r['orders']} Amazon orders: keystrokes per order",
                        f"**{r['keystrokes_per_order']:.2f}** (set-up once: "
                        f"{r['setup_interactions']})",
                        "<= 2",
                        r["keystrokes_per_order"] <= 2,
                    )
                )
                rows.append(
                    (
                        "scanner: time added per order beyond the confirmShipment floor",
                        f"**{r['added_median_ms']:.1f} ms** median (p90 {r['added_p90_ms']:.0f}"
                        f" ms); window cycle Enter -> next order focused "
                        f"{r['cycle_median_ms']:.0f} ms median",
                        "<= 50 ms",
                        r["added_median_ms"] <= 50,
                    )
                )
                rows.append(
                    (
                        "scanner: orders per minute vs the floor (burst 10, then 2/s)",
                        f"**{r['orders_per_minute']:.0f}** vs {r['floor_orders_per_minute']:.0f}"
                        f"; {r['http_429']} x 429",
                        "next order auto-selected",
                        r["http_429"] == 0 and r["confirmed_ok"] == r["orders"],
                    )
                )

        if "store" not in skip:
            js = tmp / "store.json"
            cmd = [PY, str(BENCH / "bench_store.py"), "--keep", str(big), "--json", str(js)]
            _out, ok = run("store", cmd)
            check("store", ok)
            r = load(js)
            if r:
                rows.append(
                    (
                        f"store: upsert {r['orders']:,} orders",
                        f"**{r['upsert_s']:.1f} s** (CPU {r['upsert_cpu_s']:.1f} s; unchanged "
                        f"again: {r['upsert_unchanged_s']:.1f} s)",
                        "<= 2 s",
                        r["upsert_s"] <= 2,
                    )
                )
                rows.append(
                    (
                        f"store: open + first screen of the list at {r['rows']:,}",
                        f"**{r['first_screen_ms']:.0f} ms** (whole list "
                        f"{r['all_loaded_ms'] / 1000:.1f} s)",
                        "<= 100 ms",
                        r["first_screen_ms"] <= 100,
                    )
                )

        if "memory" not in skip and big.exists():
            js = tmp / "memory.json"
            cmd = [PY, str(BENCH / "bench_memory.py"), "--store", str(big), "--json", str(js)]
            _out, ok = run("memory", cmd)
            check("memory", ok)
            r = load(js)
            if r:
                rows.append(
                    (
                        f"memory at {r['rows']:,} orders (RSS)",
                        f"**{r['window_mib']:.0f} MiB = {r['ratio']:.2f}x** (raw, keyed JSON "
                        f"{r['raw_mib']:.0f} + bare {r['bare_mib']:.0f} MiB; as stored "
                        f"{r.get('stored_mib', 0):.0f} MiB); naive "
                        f"QStandardItemModel {r['naive_mib']:.0f} MiB = {r['naive_ratio']:.2f}x",
                        "<= 2x",
                        r["ratio"] <= 2,
                    )
                )

        if "list" not in skip and big.exists():
            cmd = [PY, str(BENCH / "bench_ui.py"), "--only", "list", "--store", str(big)]
            if args.quick:
                cmd.append("--quick")
            out, ok = run("list", cmd)
            check("list", ok)
            f = grab(r"filter keystroke: median ([\d.]+) ms", out)
            s = grab(r"slowest sort: ([\d.]+) ms", out)
            if f:
                rows.append(
                    (
                        "filter keystroke at 100,000",
                        f"**{f} ms** median",
                        "<= 50 ms",
                        float(f) <= 50,
                    )
                )
            if s:
                rows.append(
                    ("slowest sort at 100,000", f"**{s} ms**", "<= 300 ms", float(s) <= 300)
                )

        if "sim" not in skip:
            cmd = [PY, str(BENCH / "bench_ui.py"), "--only", "sim", "--no-probe"]
            out, ok = run("responsiveness", cmd)
            check("responsiveness", ok)
            parts = out.split("== responsiveness: ")
            for part in parts[1:]:
                title = part.splitlines()[0].rstrip(" =")
                sync = grab(r"full sync: .*?longest heartbeat gap ([\d.]+) ms", part)
                bulk = grab(r"bulk confirmation of .*?longest heartbeat gap ([\d.]+) ms", part)
                if sync and bulk:
                    rows.append(
                        (
                            f"event-loop gap: sync / 200-order bulk ({title})",
                            f"**{sync} / {bulk} ms**",
                            "<= 50 ms",
                            max(float(sync), float(bulk)) <= 50,
                        )
                    )

        if "makeshop" not in skip:
            js = tmp / "makeshop.json"
            cmd = [PY, str(BENCH / "bench_makeshop.py"), "--json", str(js)]
            if args.quick:
                cmd += ["--rate-scale", "5"]
            _out, ok = run("makeshop", cmd)
            check("makeshop", ok)
            r = load(js)
            if r:
                rows.append(
                    (
                        f"makeshop first sync, {r['orders']:,} orders, page cap {r['page_cap']}",
                        f"**{r['requests']} requests** (minimum {r['minimum_requests']}); "
                        f"**{r['ratio']:.3f}x** the client's floor; {r['http_429']} x 429",
                        "<= min; <= 1.05x; 0 x 429",
                        r["requests"] <= r["minimum_requests"]
                        and r["ratio"] <= 1.05
                        and r["http_429"] == 0,
                    )
                )

        if "confirm" not in skip:
            cmd = [PY, str(BENCH / "bench_confirm.py")]
            if args.quick:
                cmd += ["--rate-scale", "5"]
            out, ok = run("confirm", cmd)
            check("confirm", ok)
            ratio = grab(r"ratio:\s+([\d.]+)", out)
            n429 = grab(r"429 answers:\s+(\d+)", out)
            if ratio and n429:
                rows.append(
                    (
                        "200 Amazon confirmations (label CSV) vs the usage-plan floor",
                        f"**{ratio}x**, {n429} x 429",
                        "<= 1.05x, 0 x 429",
                        float(ratio) <= 1.05 and n429 == "0",
                    )
                )

        if "sync" not in skip:
            out, ok = run("sync", [PY, str(BENCH / "bench_sync.py")])
            check("sync", ok)
            n429 = grab(r"429 answers from the simulator: (\d+)", out)
            for label in ("work ready", "whole history"):
                m = re.search(rf"{label}\s+(\d+)\s+(\d+)\s+[\d.]+\s+[\d.]+\s+([\d.]+|n/a)", out)
                if m and n429 is not None:
                    calls, minimum, ratio = m.group(1), m.group(2), m.group(3)
                    ok_ratio = ratio == "n/a" or float(ratio) <= 1.05
                    rows.append(
                        (
                            f"Amazon sync, {label} (1,000 + 20,000 orders, plans x1000)",
                            f"**{calls} calls** (minimum {minimum}), {ratio}x the floor, "
                            f"{n429} x 429",
                            "<= 1.05x, 0 x 429",
                            ok_ratio and int(calls) <= int(minimum) and n429 == "0",
                        )
                    )

    elapsed = time.monotonic() - started
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"`bench/run-all{' --quick' if args.quick else ''}` on {when}, {os.cpu_count()} cores, "
        f"load average {load_before} before / {loadavg()} after, {elapsed / 60:.1f} min",
        "",
        "| what | measured | goal | met |",
        "|---|---|---|---|",
    ]
    for what, measured, goal, met in rows:
        mark = "yes" if met else ("no" if met is not None else "-")
        lines.append(f"| {what} | {measured} | {goal} | {mark} |")
    if crashed:
        lines.append("")
        lines.append("crashed or failed: " + ", ".join(crashed))
    table = "\n".join(lines)
    print("\n" + "=" * 100 + "\n" + table)
    if args.markdown:
        Path(args.markdown).write_text(table + "\n", encoding="utf-8")
    return 1 if crashed else 0


if __name__ == "__main__":
    raise SystemExit(main())
