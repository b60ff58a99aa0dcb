"""Loopback simulator of Amazon SP-API (+ LWA) and makeshop GraphQL, for the demo and tests.

``Simulator`` holds a realistic Japanese shop and plays out makeshop's Amazon integration (R-F2,
R-F3, R-B2/R-E1/R-E2, R-C1, R-G1, R-H1); see :mod:`amzdesk.sim.world`.  Personal data in the
simulated shop carries :data:`PII_MARKERS` so tests can scan files and logs for leaks.
"""

from __future__ import annotations

from amzdesk.sim.cli import cli_main
from amzdesk.sim.faults import FaultRule, Faults
from amzdesk.sim.seed import PII_MARKERS, PII_NAME_MARKER, PII_PHONE, SCENARIOS
from amzdesk.sim.server import RecordedRequest
from amzdesk.sim.simulator import CREDENTIAL_NAMES, Simulator
from amzdesk.sim.world import World

__all__ = [
    "CREDENTIAL_NAMES",
    "PII_MARKERS",
    "PII_NAME_MARKER",
    "PII_PHONE",
    "SCENARIOS",
    "FaultRule",
    "Faults",
    "RecordedRequest",
    "Simulator",
    "World",
    "cli_main",
]
