"""Reliability: the user's last word wins, nothing lost across processes, every error a message.

Each test names the item of the reliability issue it keeps fixed; each failed on the code before
the fix (the repro in its docstring).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from amzdesk.services import Services, build_services
from amzdesk.settings import Settings
from amzdesk.sim import Simulator
from tests.cli_helpers import run_cli
from tests.sim_fixtures import running_simulator

YAMATO = "444413758703"
YAMATO2 = "405548424886"


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with running_simulator(n_orders=60) as s:
        yield s


@pytest.fixture
def svc(sim: Simulator, tmp_path: Path) -> Iterator[Services]:
    services = build_services(Settings(), None, demo=sim, store_path=tmp_path / "s.sqlite3")
    assert services.sync.run().ok
    yield services
    services.close()


def _unshipped_mfn(sim: Simulator) -> list[str]:
    def ok(ao: Any) -> bool:
        return (
            not ao.is_fba
            and ao.status == "UNSHIPPED"
            and ao.fixed_status is None
            and bool(ao.display_order_number)
        )

    return sorted(sim.world.find_amazon(ok))


# --- item 6 ------------------------------------------------------------------------------------


def test_export_from_a_label_file_works(sim: Simulator, svc: Services, tmp_path: Path) -> None:
    """``export-amazon-file OUT --from FILE`` crashed: Namespace has no attribute 'map'."""
    oid = _unshipped_mfn(sim)[0]
    csv = tmp_path / "labels.csv"
    csv.write_text(f"order,tracking,carrier\r\n{oid},{YAMATO},ヤマト運輸\r\n", encoding="utf-8")
    out = tmp_path / "amazon.txt"
    code, text, err = run_cli(
        svc,
        ["export-amazon-file", str(out), "--from", str(csv), "--format", "generic",
         "--map", "order=order", "--map", "tracking=tracking", "--map", "carrier=carrier"],
    )  # fmt: skip
    assert code == 0, err
    assert "1 件の注文" in text
    assert oid in out.read_text(encoding="cp932")


# --- item 10 -----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["99999999999999999999", "0", "-1", "x"])
def test_journal_limit_out_of_range_is_a_usage_error(value: str) -> None:
    """``journal --limit 99999999999999999999`` raised OverflowError."""
    import io

    from amzdesk.cli import main

    err = io.StringIO()
    code = main(["journal", "--limit", value], stdout=io.StringIO(), stderr=err)
    assert code == 2
