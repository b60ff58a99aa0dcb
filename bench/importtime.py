"""What ``main.py`` imports before its first painted window (``python -X importtime``).

    .venv/bin/python bench/importtime.py [--demo] [--top 25]

Runs ``main.py`` (with ``--demo``, or with nothing configured: the welcome screen) once to warm
the byte code cache, then once more under ``-X importtime`` with ``AMZDESK_REPORT_FIRST_PAINT=1``
(so the process ends at its first frame), and prints the total import time, the number of
modules, the top-level packages by cumulative time, and whether any of the modules the first
frame must not need (keyring, requests, the simulator, sqlite3, the sync) was imported.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_BEFORE_FIRST_FRAME = (
    "keyring",
    "requests",
    "urllib3",
    "amzdesk.sim",
    "sqlite3",
    "amzdesk.store",
    "amzdesk.sync",
    "amzdesk.services",
)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--demo", action="store_true")
    p.add_argument("--top", type=int, default=25)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="amzdesk-importtime-") as d:
        env = dict(os.environ)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        env["AMZDESK_REPORT_FIRST_PAINT"] = "1"
        env["PYTHONPYCACHEPREFIX"] = str(Path(d) / "pycache")
        for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            env[var] = str(Path(d) / var.lower())
        cmd = [sys.executable, "-X", "importtime", str(ROOT / "main.py")]
        if args.demo:
            cmd.append("--demo")
        subprocess.run(cmd, env=env, capture_output=True, check=False, timeout=120)
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False, timeout=120)
    rows = []
    for line in out.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if m:
            rows.append((int(m.group(1)), int(m.group(2)), len(m.group(3)) // 2, m.group(4)))
    total = sum(r[0] for r in rows)
    by_top: dict[str, int] = defaultdict(int)
    for self_us, _cum, _depth, name in rows:
        by_top[name.split(".")[0]] += self_us
    what = "main.py --demo" if args.demo else "main.py (nothing configured)"
    print(f"{what}: {len(rows)} modules imported before the first frame, {total / 1000:.0f} ms")
    for name, us in sorted(by_top.items(), key=lambda kv: -kv[1])[: args.top]:
        print(f"  {us / 1000:7.1f} ms  {name}")
    names = {r[3] for r in rows}
    bad = sorted(
        n for n in names if any(n == b or n.startswith(b + ".") for b in NOT_BEFORE_FIRST_FRAME)
    )
    print("  not needed by the first frame, yet imported: " + (", ".join(bad) or "none"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
