"""What several parts of the main window share: shortcuts, timings, label helpers.

A leaf of the package: it imports none of its siblings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from amzdesk.rules import Action, Verdict

# Every order action has a shortcut; it is shown in the menus and in the buttons' tooltips.
ACTION_SHORTCUTS = {
    "confirm-amazon": "Ctrl+Return",
    "correct-tracking": "Ctrl+Shift+T",
    "complete-makeshop": "Ctrl+M",
    "return": "Ctrl+Shift+R",
    "edit": "Ctrl+E",
    "show-customer": "Ctrl+I",
    "open-seller-central": "Ctrl+Shift+A",
    "open-makeshop": "Ctrl+Shift+M",
    "record-return": "Ctrl+Shift+D",
    "cancel-export": "Ctrl+Shift+X",
}
FLASH_MS = 2500  # how long a confirmed row stays highlighted
TOAST_MS = 6000


def tr_amzdesk(text: str) -> str:
    """A text of ``amzdesk/`` (labels, reasons) in the window's language."""
    from ui.i18n import tr_core

    return tr_core(text)


def action_object_name(action: Action) -> str:
    return f"action_{action.value}"


def with_shortcut(tip: str, action_id: str) -> str:
    """``tip`` followed by the action's shortcut, as the platform writes it."""
    from PySide6.QtGui import QKeySequence

    key = ACTION_SHORTCUTS.get(action_id)
    if not key:
        return tip
    shown = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
    return f"{tip}（{shown}）"


def verdict_text(v: Verdict) -> str:
    """The verdict's reason as the owner reads it (the status bar): no rule ID."""
    return tr_amzdesk(v.reason)


def verdict_tooltip(v: Verdict) -> str:
    """The verdict's reason in the window's language; the rule ID after it (for support)."""
    reason = tr_amzdesk(v.reason)
    if v.rule_id and v.rule_id not in reason:
        return f"{reason}（{v.rule_id}）"
    return reason
