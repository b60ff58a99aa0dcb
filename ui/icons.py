"""The window's small SVG icons (resources/icons), loaded once and cached."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

ICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"

NAMES = (
    "overdue",
    "due-today",
    "fba",
    "ok",
    "warning",
    "error",
    "pending",
    "action",
    "sync",
    "demo",
)


def icon_path(name: str) -> Path:
    return ICON_DIR / f"{name}.svg"


@cache
def icon(name: str) -> QIcon:
    """The icon ``name`` (an empty icon when the file is missing)."""
    path = icon_path(name)
    return QIcon(str(path)) if path.is_file() else QIcon()
