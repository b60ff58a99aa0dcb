"""``sim --extra-unshipped N``: that many more Amazon orders waiting for a confirmation."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from amzdesk.services import build_services
from amzdesk.settings import Settings
from amzdesk.sim.cli import cli_main
from amzdesk.sim.process import SimulatorProcess
from amzdesk.states import CombinedState


def _to_confirm(child: SimulatorProcess, store_path: Path) -> int:
    services = build_services(Settings(), None, demo=child, store_path=store_path)
    try:
        services.sync.run()
        return sum(
            1
            for r in services.store.fetch_rows()
            if r.combined_state == CombinedState.AMAZON_TO_CONFIRM.value
        )
    finally:
        services.close()


def test_child_simulator_adds_unshipped_orders(tmp_path: Path) -> None:
    counts = []
    for extra in (0, 25):
        child = SimulatorProcess(
            seed=5, n_orders=60, rate_scale=1000.0, time_scale=0.0, extra_unshipped=extra
        )
        try:
            counts.append(_to_confirm(child, tmp_path / f"s{extra}.sqlite3"))
        finally:
            child.stop()
    assert counts[1] - counts[0] == 25


def test_extra_unshipped_out_of_range_is_refused() -> None:
    with pytest.raises(SystemExit):
        cli_main(["--extra-unshipped", "-1"], stop_event=threading.Event())
