"""The import contract: ``amzdesk/`` (the core) never imports Qt; only ``ui/`` does."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORE = REPO / "amzdesk"
FORBIDDEN = ("PySide6", "PySide2", "shiboken6", "shiboken2", "PyQt5", "PyQt6", "PyQt4", "sip")


def _forbidden(module: str) -> bool:
    top = module.split(".", maxsplit=1)[0]
    return top in FORBIDDEN or top.startswith("PyQt")


def _imports(tree: ast.AST) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and (
                (isinstance(node.func, ast.Name) and node.func.id == "__import__")
                or (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
            )
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def test_core_sources_never_import_qt() -> None:
    files = sorted(CORE.rglob("*.py"))
    assert len(files) > 5  # the scan sees the package
    offenders = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        offenders += [
            f"{path.relative_to(REPO)}:{line}: {name}"
            for line, name in _imports(tree)
            if _forbidden(name)
        ]
    assert offenders == []


def test_the_static_check_catches_qt_imports() -> None:
    sample = textwrap.dedent(
        """
        import os
        from PySide6.QtCore import QObject
        import shiboken6
        import importlib
        importlib.import_module("PyQt6.QtWidgets")
        from . import sibling
        """
    )
    names = [name for _, name in _imports(ast.parse(sample)) if _forbidden(name)]
    assert names == ["PySide6.QtCore", "shiboken6", "PyQt6.QtWidgets"]


_GUARDED_IMPORT = textwrap.dedent(
    """
    import importlib, importlib.abc, pkgutil, sys

    FORBIDDEN = {forbidden!r}

    class QtGuard(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            top = name.split(".")[0]
            if top in FORBIDDEN or top.startswith("PyQt"):
                raise ImportError(f"amzdesk core imported Qt: {{name}}")
            return None

    sys.meta_path.insert(0, QtGuard())
    import amzdesk
    errors = []
    def onerror(name):
        errors.append((name, repr(sys.exc_info()[1])))
    imported = []
    for info in pkgutil.walk_packages(amzdesk.__path__, "amzdesk.", onerror=onerror):
        try:
            importlib.import_module(info.name)
            imported.append(info.name)
        except Exception as exc:
            errors.append((info.name, repr(exc)))
    leaked = sorted(m for m in sys.modules if m.split(".")[0] in FORBIDDEN)
    print(len(imported))
    if errors or leaked:
        print("ERRORS", errors, "LEAKED", leaked)
        sys.exit(1)
    """
)


def test_every_core_module_imports_without_qt() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", _GUARDED_IMPORT.format(forbidden=FORBIDDEN)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    expected = {
        ".".join(p.relative_to(REPO).with_suffix("").parts)
        for p in CORE.rglob("*.py")
        if p.name != "__init__.py"
    }
    assert int(proc.stdout.split()[0]) >= len(expected)


def test_the_guard_catches_a_qt_import() -> None:
    script = _GUARDED_IMPORT.format(forbidden=FORBIDDEN).replace(
        "import amzdesk\n", "import amzdesk\nimport PySide6\n", 1
    )
    proc = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert proc.returncode != 0
    assert "amzdesk core imported Qt: PySide6" in proc.stderr
