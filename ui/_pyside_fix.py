"""Work around a reference-count bug of PySide6 6.12 on Python 3.11.

On that combination every ``SignalInstance.emit()`` made from Python drops one reference to
``True`` that it never took.  Before Python 3.12 ``True`` is an ordinary object with a few hundred
references, so after a few hundred signals emitted from Python the interpreter aborts with
"Fatal Python error: bool_dealloc".  Python 3.12+ makes ``True``/``False``/``None`` immortal;
this module gives them the same protection on older interpreters by raising their reference
count far out of reach.  It is a no-op on Python >= 3.12 and on non-CPython interpreters.
"""

from __future__ import annotations

import sys

_BOOST = 1 << 40
applied = False


def apply() -> bool:
    """Make True, False and None practically immortal (once).  Returns whether it applied."""
    global applied  # noqa: PLW0603 - one-time process-wide switch
    if applied or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return applied
    import ctypes

    if hasattr(sys, "gettotalrefcount"):  # debug build: object header differs, leave it alone
        return False
    for obj in (True, False, None):
        before = sys.getrefcount(obj)
        cell = ctypes.c_ssize_t.from_address(id(obj))
        if cell.value != before - 1 and cell.value != before:
            return False  # not the layout we expect: touch nothing
        cell.value += _BOOST
    applied = True
    return True
