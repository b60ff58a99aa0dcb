"""Helpers for tests that need the simulator (import these; no pytest plugin magic needed).

    from tests.sim_fixtures import running_simulator, FIXED_NOW

    def test_something():
        with running_simulator(n_orders=50, rate_scale=1000) as sim:
            ...

or as a fixture in a test module::

    @pytest.fixture
    def sim():
        with running_simulator() as s:
            yield s
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from amzdesk.sim import Simulator

# A fixed simulated start (a Tuesday, 12:00 JST) so data and deadlines are reproducible.
# Every credential a simulator of this test session used: the post-suite scan (conftest) looks
# for them in every file the app wrote.
SECRETS_SEEN: set[str] = set()

FIXED_NOW = datetime(2026, 3, 10, 3, 0, 0, tzinfo=UTC)


@contextmanager
def running_simulator(**kw: Any) -> Iterator[Simulator]:
    """A started simulator, stopped afterwards.

    Defaults suit tests: ``seed=1``, ``n_orders=120``, ``now=FIXED_NOW``, ``rate_scale=1000``
    (usage plans enforced, but no test waits for them), and simulated time frozen at ``now``
    (``time_scale=0``) so only ``sim.advance(...)`` moves it.  Pass any ``Simulator`` keyword
    to change them.
    """
    kw.setdefault("seed", 1)
    kw.setdefault("n_orders", 120)
    kw.setdefault("now", FIXED_NOW)
    kw.setdefault("rate_scale", 1000.0)
    kw.setdefault("time_scale", 0.0)
    sim = Simulator(**kw)
    SECRETS_SEEN.update(v for v in sim.credentials.values() if v)
    sim.start()
    try:
        yield sim
    finally:
        sim.stop()
        errors = sim.errors
        if errors:
            raise AssertionError("simulator errors:\n" + "\n".join(errors))


def credential_env(sim: Simulator) -> dict[str, str]:
    """Environment variables pointing the app's endpoints at ``sim``."""
    return dict(line.split("=", 1) for line in sim.env_lines())
