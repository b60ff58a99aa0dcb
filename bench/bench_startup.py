"""Start-up as the user feels it: process spawn to the first painted window.

    .venv/bin/python bench/bench_startup.py [--pairs 7] [--orders 10000] [--frozen DIR]
        [--only demo,welcome,configured,frozen]

Each case runs the real entry point (``main.py``; with ``--frozen``, the frozen app built by
``scripts/build-app``) with ``AMZDESK_REPORT_FIRST_PAINT=1``: the app prints
``FIRST_PAINT <time.monotonic()>`` once its first window (the main window, or the welcome screen
when nothing is configured) has painted a frame, then ends.  The baseline is
``bench/bare_window.py`` -- PySide6 only, a QMainWindow with an empty QTableView, reporting its
first frame the same way -- or, for the frozen app, that script frozen with the app's packaging
options (``scripts/build-app --script bench/bare_window.py --name bare``).  Baseline and app
alternate, one run each, ``--pairs`` times; the ratio is median(app) / median(baseline).  Byte
code is cached in a private folder as in an installed app and each kind gets one warm-up run
first.

Cases:
  demo        ``main.py --demo``
  welcome     ``main.py`` with nothing configured (fresh folders, empty keyring)
  configured  ``main.py`` with credentials in the keyring and ``--orders`` stored orders
              (needs a usable keyring: ``bench/run-all`` starts a private Secret Service)
  frozen      the frozen app (``--demo``) against the frozen bare window

Everything it writes goes to a temporary folder (the keyring entries of the ``configured`` case
are removed afterwards); the configured app's endpoints point at a closed loopback port.
Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

CASES = ("demo", "welcome", "configured", "frozen")


def spawn_to_paint(cmd: list[str], env: dict[str, str]) -> float:
    """Seconds from spawning ``cmd`` to the first painted frame it reports."""
    t0 = time.monotonic()
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False, env=env)
    line = next((x for x in out.stdout.splitlines() if x.startswith("FIRST_PAINT")), None)
    if line is None:
        raise SystemExit(f"no first paint from {cmd}:\n{out.stdout}\n{out.stderr}")
    return float(line.split()[1]) - t0


def case_env(base: dict[str, str], home: Path) -> dict[str, str]:
    env = dict(base)
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[var] = str(home / var.lower())
        Path(env[var]).mkdir(parents=True, exist_ok=True)
    return env


def alternate(
    bare_cmd: list[str],
    bare_env: dict[str, str],
    app_cmd: list[str],
    app_env: dict[str, str],
    pairs: int,
) -> tuple[list[float], list[float]]:
    spawn_to_paint(bare_cmd, bare_env)  # warm-ups (byte code, page cache)
    spawn_to_paint(app_cmd, app_env)
    bare, app = [], []
    for _ in range(pairs):
        bare.append(spawn_to_paint(bare_cmd, bare_env))
        app.append(spawn_to_paint(app_cmd, app_env))
    return bare, app


def report(name: str, bare: list[float], app: list[float]) -> dict[str, object]:
    b, a = statistics.median(bare), statistics.median(app)
    print(
        f"  {name:<34} bare {b * 1000:5.0f} ms  app {a * 1000:5.0f} ms  ratio {a / b:.2f}"
        f"  (bare: {' '.join(f'{x * 1000:.0f}' for x in bare)}; "
        f"app: {' '.join(f'{x * 1000:.0f}' for x in app)})",
        flush=True,
    )
    return {"case": name, "bare_ms": b * 1000, "app_ms": a * 1000, "ratio": a / b}


def build_store(home: Path, n: int) -> None:
    """``n`` synthetic orders in the app's own store of ``home`` (its XDG data folder)."""
    from bench_ui import make_orders

    from amzdesk.store import Store

    path = home / "xdg_data_home" / "amzdesk" / "amzdesk.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    store = Store(path)
    orders = make_orders(n)
    for i in range(0, n, 5000):
        store.upsert_orders(orders[i : i + 5000])
    store.close()


def configure(home: Path) -> object:
    """Settings with closed loopback endpoints, and credentials in the (private) keyring."""
    from amzdesk import credentials as cred

    cfg = home / "xdg_config_home" / "amzdesk"
    cfg.mkdir(parents=True, exist_ok=True)
    closed = "http://127.0.0.1:9"
    (cfg / "settings.json").write_text(
        json.dumps(
            {
                "version": 1,
                "spapi_endpoint": closed,
                "lwa_endpoint": closed + "/auth/o2/token",
                "makeshop_endpoint": closed + "/api",
                "sync_interval_minutes": 0,
                "language": "ja",
            }
        ),
        encoding="utf-8",
    )
    store = cred.CredentialStore()
    for name in cred.NAMES:
        store.set(name, f"bench-{name}-value")
    return store


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--pairs", type=int, default=7)
    p.add_argument("--orders", type=int, default=10_000)
    p.add_argument("--frozen", help="folder of the frozen app (dist/amzdesk)")
    p.add_argument("--frozen-bare", help="folder of the frozen bare window (dist/bare)")
    p.add_argument("--only", help="comma-separated cases: " + ",".join(CASES))
    p.add_argument("--json", help="also write the results to this file")
    args = p.parse_args(argv)
    cases = args.only.split(",") if args.only else [c for c in CASES if c != "frozen"]
    if args.frozen and "frozen" not in cases:
        cases.append("frozen")
    py = sys.executable
    results: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="amzdesk-startup-") as d:
        tmp = Path(d)
        base = dict(os.environ)
        base.pop("PYTHONDONTWRITEBYTECODE", None)
        base.setdefault("QT_QPA_PLATFORM", "offscreen")
        base["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
        base["AMZDESK_REPORT_FIRST_PAINT"] = "1"
        bare_env = case_env(base, tmp / "bare")
        bare_cmd = [py, str(ROOT / "bench" / "bare_window.py")]
        main_py = str(ROOT / "main.py")
        print(
            f"== start-up: spawn to first painted window, median of {args.pairs} alternated "
            "pairs ==",
            flush=True,
        )
        if "demo" in cases:
            env = case_env(base, tmp / "demo")
            results.append(
                report(
                    "main.py --demo",
                    *alternate(bare_cmd, bare_env, [py, main_py, "--demo"], env, args.pairs),
                )
            )
        if "welcome" in cases:
            env = case_env(base, tmp / "welcome")
            results.append(
                report(
                    "main.py, nothing configured",
                    *alternate(bare_cmd, bare_env, [py, main_py], env, args.pairs),
                )
            )
        if "configured" in cases:
            from amzdesk import credentials as cred

            home = tmp / "configured"
            env = case_env(base, home)
            old = {k: os.environ.get(k) for k in env if k.startswith("XDG_")}
            os.environ.update({k: v for k, v in env.items() if k.startswith("XDG_")})
            try:
                store = configure(home)
            except cred.KeyringUnavailable as exc:
                print(f"  main.py, credentials: skipped, no usable keyring ({exc})")
            else:
                try:
                    build_store(home, args.orders)
                    results.append(
                        report(
                            f"main.py, credentials, {args.orders} orders",
                            *alternate(bare_cmd, bare_env, [py, main_py], env, args.pairs),
                        )
                    )
                finally:
                    for name in cred.NAMES:
                        store.delete(name)  # type: ignore[attr-defined]
            finally:
                for k, v in old.items():
                    if v is None:
                        os.environ.pop(k, None)
                    else:
                        os.environ[k] = v
        if "frozen" in cases:
            app_dir = Path(args.frozen or ROOT / "dist" / "amzdesk")
            bare_dir = Path(args.frozen_bare or ROOT / "dist" / "bare")
            app_exe, bare_exe = app_dir / "amzdesk", bare_dir / "bare"
            if not app_exe.exists() or not bare_exe.exists():
                print(
                    f"  frozen: skipped ({app_exe} or {bare_exe} missing; "
                    "scripts/build-app, then scripts/build-app --script bench/bare_window.py "
                    "--name bare)"
                )
            else:
                env = case_env(base, tmp / "frozen")
                results.append(
                    report(
                        "frozen app --demo",
                        *alternate(
                            [str(bare_exe)], bare_env, [str(app_exe), "--demo"], env, args.pairs
                        ),
                    )
                )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
