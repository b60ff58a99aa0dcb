"""Every run-time message of the core, for the translation catalogue.

The modules that define messages (:func:`amzdesk.messages.define`) are imported here by name,
so that :func:`load_all` returns all of them: ``resources/i18n/update_translations.py`` writes
them to the English catalogue and ``tests/test_messages.py`` checks each has its English.  A
module that starts defining messages is added to :data:`MODULES` (``tests/test_messages.py``
fails until it is).
"""

from __future__ import annotations

from types import ModuleType
from typing import Final

from amzdesk import (
    carriers,
    credentials,
    doctor,
    endpoints,
    errors,
    fileio,
    flatfile,
    importers,
    makeshop,
    messages,
    proclock,
    readback,
    recognition,
    rules,
    settings,
    states,
    sync,
    tracking,
)
from amzdesk.insights import alerts, hazards, health
from amzdesk.shipment import export as shipment_export
from amzdesk.shipment import planner as shipment_planner
from amzdesk.store import connection as store_connection

__all__ = ["MODULES", "load_all"]

MODULES: Final[tuple[ModuleType, ...]] = (
    alerts,
    carriers,
    credentials,
    doctor,
    endpoints,
    errors,
    fileio,
    flatfile,
    hazards,
    health,
    importers,
    makeshop,
    proclock,
    readback,
    recognition,
    rules,
    settings,
    shipment_export,
    shipment_planner,
    states,
    store_connection,
    sync,
    tracking,
)


def load_all() -> dict[str, str]:
    """message ID -> Japanese template, for every message the core defines."""
    return messages.CATALOGUE
