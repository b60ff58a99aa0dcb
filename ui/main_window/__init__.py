"""The main window of amzdesk, in parts (see :mod:`ui.main_window.window`).

``from ui.main_window import MainWindow`` is the way in; the names below are what the rest of
``ui/``, the tests and the benchmarks use.
"""

from ui.main_window.banner import Banner, Toast
from ui.main_window.common import ACTION_SHORTCUTS, action_object_name
from ui.main_window.window import MainWindow

__all__ = ["ACTION_SHORTCUTS", "Banner", "MainWindow", "Toast", "action_object_name"]
