"""The window's layout kept in the settings: column widths, order and sort, the splitter, the
window geometry (fitted to the screen).  Stateless functions over the widgets; the filters are
kept by :mod:`ui.main_window.view_filters`."""

from __future__ import annotations

import base64
import contextlib
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray

from ui.orders.columns import NCOLS

if TYPE_CHECKING:
    from PySide6.QtWidgets import QHeaderView, QSplitter, QWidget

LAYOUT_VERSION = 2  # saved column layouts of older versions are dropped (state column first)

log = logging.getLogger("amzdesk.ui")


def _decode(text: str) -> QByteArray:
    return QByteArray(base64.b64decode(text))


def _encode(data: QByteArray) -> str:
    return base64.b64encode(bytes(data.data())).decode("ascii")


def restore_layout(
    layout: dict[str, Any], header: QHeaderView, splitter: QSplitter
) -> tuple[bool, tuple[int, bool] | None]:
    """Apply a saved ``Settings.column_layout``; returns whether the header state was restored
    and the saved sort ``(column, descending)`` (applied once the order model is attached)."""
    header_state = layout.get("header") if layout.get("version") == LAYOUT_VERSION else None
    restored = False
    if isinstance(header_state, str) and header_state:
        try:
            restored = header.restoreState(_decode(header_state))
        except ValueError:
            log.warning("column layout ignored (unreadable)")
    initial_sort: tuple[int, bool] | None = None
    sort = layout.get("sort")
    if isinstance(sort, list) and len(sort) == 2:
        col, order = sort
        if isinstance(col, int) and 0 <= col < NCOLS:
            initial_sort = (col, order == "desc")
    splitter_state = layout.get("splitter")
    if isinstance(splitter_state, str) and splitter_state:
        with contextlib.suppress(ValueError):
            splitter.restoreState(_decode(splitter_state))
    return restored, initial_sort


def collect_layout(header: QHeaderView, splitter: QSplitter) -> dict[str, Any]:
    """The ``Settings.column_layout`` of the list as it is now."""
    from PySide6.QtCore import Qt

    descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    return {
        "version": LAYOUT_VERSION,
        "header": _encode(header.saveState()),
        "sort": [header.sortIndicatorSection(), "desc" if descending else "asc"],
        "splitter": _encode(splitter.saveState()),
    }


def restore_geometry(window: QWidget, saved: str) -> None:
    """A saved ``Settings.window_geometry`` (unreadable: ignored)."""
    with contextlib.suppress(ValueError):
        window.restoreGeometry(_decode(saved))


def save_geometry(window: QWidget) -> str:
    return _encode(window.saveGeometry())


def fit_to_screen(window: QWidget, *, keep: bool = False) -> None:
    """Size the window to the screen's work area (at most 1280×780, never larger than the
    available geometry: a 1366×768 laptop's work area is smaller than 780 px high); ``keep``
    keeps a restored size that fits."""
    from PySide6.QtGui import QGuiApplication

    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        if not keep:
            window.resize(1280, 780)
        return
    area = screen.availableGeometry()
    # room for the window frame (title bar, borders) the window manager adds
    max_w, max_h = area.width() - 16, area.height() - 40
    if keep:
        w, h = min(window.width(), max_w), min(window.height(), max_h)
    else:
        w, h = min(1280, max_w), min(780, max_h)
    window.resize(max(640, w), max(480, h))
    frame = window.frameGeometry()
    if not area.contains(frame):
        x = max(area.left(), min(frame.left(), area.right() - frame.width()))
        y = max(area.top(), min(frame.top(), area.bottom() - frame.height()))
        window.move(x, y)
