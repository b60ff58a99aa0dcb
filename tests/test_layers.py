"""The import contracts of pyproject.toml ([tool.importlinter]) hold, and they are not toothless:
each planted violation in a copy of the tree is reported as broken."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not LINT.exists(), reason="import-linter is not installed")


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(tree)
    return subprocess.run(
        [str(LINT), "--no-cache", "--config", str(tree / "pyproject.toml")],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _copy_tree(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    tree.mkdir()
    for name in ("amzdesk", "ui"):
        shutil.copytree(ROOT / name, tree / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return tree


def test_the_tree_keeps_every_import_contract() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "KEPT" in result.stdout and "BROKEN" not in result.stdout, result.stdout


@pytest.mark.parametrize(
    ("module", "planted", "contract"),
    [
        # the domain reaching up into persistence
        ("amzdesk/models.py", "from amzdesk import store", "Layers"),
        # the core reaching into the window
        ("amzdesk/shipment/workflow.py", "import ui.tasks", "Layers"),
        # a cycle inside the shipment package (the workflow already uses the planner)
        ("amzdesk/shipment/planner.py", "import amzdesk.shipment.workflow", "No import cycles"),
        # the pure planner reaching up into the shipment package's ports (no cycle, still wrong)
        ("amzdesk/shipment/planner.py", "import amzdesk.shipment.ports", "The shipment package"),
        # the window using the simulator directly instead of services' demo mode
        ("ui/backend.py", "import amzdesk.sim", "simulator is reached only"),
        # Qt in the core
        ("amzdesk/tracking.py", "import PySide6.QtCore", "free of Qt"),
        # Qt in the order list's pure rows and column table
        ("ui/orders/columns.py", "import PySide6.QtGui", "column table are free of Qt"),
        # the window calling into the command line
        ("ui/backend.py", "import amzdesk.cli", "separate interfaces"),
        # a cycle inside one layer (services already uses sync)
        ("amzdesk/sync.py", "import amzdesk.services", "No import cycles"),
        # a cycle between two command modules (shipping already uses common)
        ("amzdesk/cli/common.py", "import amzdesk.cli.shipping", "No import cycles"),
        # the domain's personal-data rules reaching into persistence
        ("amzdesk/scrub.py", "import amzdesk.store", "Layers"),
        # a cycle between two parts of the store (orders already uses the codec)
        ("amzdesk/store/codec.py", "import amzdesk.store.orders", "No import cycles"),
        # a part of the main window reaching back into the window
        ("ui/main_window/order_actions.py", "import ui.main_window.window", "parts do not import"),
    ],
)
def test_a_planted_violation_is_reported(
    tmp_path: Path, module: str, planted: str, contract: str
) -> None:
    tree = _copy_tree(tmp_path)
    target = tree / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{planted}  # noqa\n", "utf-8")
    result = _lint(tree)
    assert result.returncode != 0, result.stdout
    broken = result.stdout.split("Broken contracts", 1)[-1]
    assert contract in broken, result.stdout
