"""First-party modules are imported by ``import`` statements, which the import contracts
(tests/test_layers.py) can see: no ``importlib.import_module`` / ``__import__`` of a first-party
name hides an edge from them.  Read from the source (ast), so nothing has to run."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIRST_PARTY = frozenset({"amzdesk", "ui", "main", "resources"})

# calls that import a module by a name given at run time
IMPORTING_CALLS = frozenset(
    {
        "importlib.import_module",
        "import_module",
        "__import__",
        "builtins.__import__",
        "importlib.__import__",
        "importlib.util.spec_from_file_location",
        "importlib.util.module_from_spec",
        "spec_from_file_location",
        "module_from_spec",
        "pkgutil.walk_packages",
        "walk_packages",
    }
)

# (file, enclosing function) of the dynamic imports kept on purpose, each with its reason in a
# comment at the call: ``ui.lazy_import`` defers a module the window names until its first use.
ALLOWED = frozenset({("ui/__init__.py", "_LazyModule.__getattr__")})


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = _dotted(node.value)
        return f"{head}.{node.attr}" if head else ""
    return ""


class _Finder(ast.NodeVisitor):
    def __init__(self) -> None:
        self.scope: list[str] = []
        self.found: list[tuple[int, str, str]] = []

    def _scoped(self, node: ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.scope.append(node.name)
        self.generic_visit(node)
        self.scope.pop()

    visit_ClassDef = visit_FunctionDef = visit_AsyncFunctionDef = _scoped

    def visit_Call(self, node: ast.Call) -> None:
        name = _dotted(node.func)
        if name in IMPORTING_CALLS:
            first = node.args[0] if node.args else None
            third_party = (
                isinstance(first, ast.Constant)
                and isinstance(first.value, str)
                and first.value.split(".")[0] not in FIRST_PARTY
                and not name.endswith(("walk_packages", "from_spec", "file_location"))
            )
            if not third_party:
                self.found.append((node.lineno, name, ".".join(self.scope)))
        self.generic_visit(node)


def dynamic_imports(source: str) -> list[tuple[int, str, str]]:
    """(line, call, enclosing class/function) of each call in ``source`` that imports a
    first-party module, or a module whose name is only known at run time."""
    finder = _Finder()
    finder.visit(ast.parse(source))
    return finder.found


def _sources() -> list[Path]:
    files = [ROOT / "main.py"]
    for package in ("amzdesk", "ui"):
        files += sorted((ROOT / package).rglob("*.py"))
    return files


def test_first_party_modules_are_imported_by_import_statements() -> None:
    found = {
        (path.relative_to(ROOT).as_posix(), where): (line, call)
        for path in _sources()
        for line, call, where in dynamic_imports(path.read_text(encoding="utf-8"))
    }
    hidden = {key: value for key, value in found.items() if key not in ALLOWED}
    assert not hidden, f"import these with an import statement instead: {hidden}"
    # the allowance is not stale: each allowed dynamic import still exists
    assert found.keys() >= ALLOWED


def test_a_planted_dynamic_import_is_found() -> None:
    planted = (
        "import importlib\n"
        "class C:\n"
        "    def load(self):\n"
        "        return importlib.import_module('amzdesk.rules')\n"
    )
    assert dynamic_imports(planted) == [(4, "importlib.import_module", "C.load")]
    assert dynamic_imports("m = __import__(name)") == [(1, "__import__", "")]
    assert dynamic_imports("from importlib import import_module\nimport_module('ui.tasks')")
    assert dynamic_imports("import pkgutil\npkgutil.walk_packages(['x'])")
    # reading package data and importing an optional third-party module are not hidden edges
    assert not dynamic_imports("from importlib import resources\nresources.files('resources')")
    assert not dynamic_imports("import importlib\nimportlib.import_module('yaml')")
