"""The pre-commit hooks run the project's own lint, format and type-check tools."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent  # the venv that runs the tests


def _hooks() -> dict[str, dict[str, Any]]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks: dict[str, dict[str, Any]] = {}
    for repo in config["repos"]:
        assert repo["repo"] == "local", "hooks use the venv's tools, never a download"
        for hook in repo["hooks"]:
            hooks[hook["id"]] = hook
    return hooks


def test_ruff_format_and_mypy_hooks_run_the_venv_tools() -> None:
    hooks = _hooks()
    assert {"ruff", "ruff-format", "mypy"} <= set(hooks)
    expected = {"ruff": ["check"], "ruff-format": ["format"], "mypy": []}
    for hook_id, subcommand in expected.items():
        hook = hooks[hook_id]
        assert hook["language"] == "system"
        program, *args = shlex.split(hook["entry"])
        assert program == f".venv/bin/{'mypy' if hook_id == 'mypy' else 'ruff'}"
        assert args[: len(subcommand)] == subcommand
        # the same executable exists in the venv the test suite runs in
        assert (VENV_BIN / Path(program).name).is_file(), f"{program} is not installed"


def test_mypy_hook_checks_the_configured_package_not_single_files() -> None:
    # mypy --strict on a single changed file misses errors in the modules that import it
    assert _hooks()["mypy"]["pass_filenames"] is False
