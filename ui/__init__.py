"""The Qt window of amzdesk (the only package that imports Qt)."""

from ui import _pyside_fix

_pyside_fix.apply()
