"""Long modules say why they are long.

A module of ``amzdesk/``, ``ui/`` or ``main.py`` over :data:`LIMIT` lines must give, in its
docstring, the reason it stays whole: a paragraph that says what makes it one piece ("One client
per API: ...", "One class because one lock: ...", "Why one module of this size: ...") or that it
is "over 600 lines on purpose".  A module that grows past the limit without one is a split
waiting to happen, and this test says so.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 600
REASON = re.compile(
    r"^(One\b|Why one\b|[^\n]*\bstays? (whole|in one)\b|[^\n]*\bover 600 lines on purpose\b)",
    re.MULTILINE,
)


def _modules() -> list[Path]:
    files = [ROOT / "main.py"]
    for top in ("amzdesk", "ui"):
        files += sorted((ROOT / top).rglob("*.py"))
    return files


def _paragraphs(doc: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", doc) if p.strip()]


def reason_of(source: str) -> str | None:
    doc = ast.get_docstring(ast.parse(source)) or ""
    for para in _paragraphs(doc)[1:]:  # the first paragraph says what the module is
        if REASON.match(para):
            return para
    return None


def test_every_long_module_gives_its_reason() -> None:
    missing = []
    for path in _modules():
        source = path.read_text(encoding="utf-8")
        if source.count("\n") > LIMIT and reason_of(source) is None:
            missing.append(f"{path.relative_to(ROOT)} ({source.count(chr(10))} lines)")
    assert not missing, f"over {LIMIT} lines without a reason at the top: {missing}"


@pytest.mark.parametrize(
    ("doc", "found"),
    [
        ('"""Client.\n\nOne client per API: the requests live together.\n"""\n', True),
        ('"""Sync.\n\nWhy one module of this size: one run\'s state.\n"""\n', True),
        ('"""Window.\n\nThis module is over 600 lines on purpose: it wires.\n"""\n', True),
        # the reason must be its own paragraph, not the summary line
        ('"""One module for everything.\n\nIt does a lot.\n"""\n', False),
        ('"""Dialog.\n\nIt has many steps; someone should split it.\n"""\n', False),
        ("x = 1\n", False),
    ],
)
def test_reason_detection(doc: str, found: bool) -> None:
    assert (reason_of(doc) is not None) is found
