"""Switchable faults: latency, timeouts, lost answers, 5xx, 429 storms, expired tokens, malformed
bodies.  Each is scoped and counted, and deterministic (fractions use a seeded generator).

Scopes: ``"*"`` (every request), a service (``"lwa"``, ``"spapi"``, ``"makeshop"``) or an
operation: ``"lwaToken"``, ``"searchOrders"``, ``"getOrder"``, ``"confirmShipment"`` on the
Amazon side; the GraphQL root field (``"searchOrder"``, ``"updateOrderAttribute"``,
``"updateOrderDeliveryStatus"``) or the ``operationName`` on the makeshop side.

Typical uses::

    sim.faults.error(503, scope="confirmShipment", count=2)       # two 503s, nothing applied
    sim.faults.drop(scope="confirmShipment", after_apply=True)    # applied, answer lost
    sim.faults.timeout(3.0, scope="searchOrder")                  # held 3 s, then no answer
    sim.faults.quota_storm(scope="spapi", count=5)                # five 429 QuotaExceeded
    sim.faults.expire_tokens()                                    # next token check: expired
    sim.faults.malformed(scope="getOrder")                        # 200 with a broken body
    sim.faults.latency(0.2)                                       # every request 200 ms late
    sim.faults.clear()
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field

# Holds never last longer than this, whatever a test asks (the server must stop promptly).
MAX_HOLD_S = 30.0

LATENCY = "latency"
TIMEOUT = "timeout"
DROP = "drop"
ERROR = "error"
MALFORMED = "malformed"


@dataclass
class FaultRule:
    kind: str
    scope: str = "*"
    count: int | None = 1  # how many requests it hits; None = until cleared
    fraction: float | None = None  # hit each matching request with this probability
    skip: int = 0  # let this many matching requests pass first
    seconds: float = 0.0
    status: int = 500
    after_apply: bool = False  # for drop / timeout: the change is applied, the answer lost
    answer_late: bool = False  # for timeout: answer after the hold instead of never
    hits: int = 0
    seen: int = 0
    rng: random.Random = field(default_factory=lambda: random.Random(0), repr=False)

    @property
    def exhausted(self) -> bool:
        return self.count is not None and self.hits >= self.count


@dataclass
class FaultPlan:
    """What to do with one request, decided when it arrives."""

    latency: float = 0.0
    pre_hold: float | None = None  # hold, then (unless answer_late) close without answering
    pre_drop: bool = False
    error_status: int | None = None
    post_hold: float | None = None
    post_drop: bool = False
    answer_late: bool = False
    malformed: bool = False
    applied: list[str] = field(default_factory=list)


def scope_matches(scope: str, service: str, operation: str, operation_name: str = "") -> bool:
    return scope in ("*", "", service, operation) or (
        bool(operation_name) and scope == operation_name
    )


class Faults:
    """The switchboard.  Thread-safe; rules are consumed in the order requests arrive."""

    def __init__(self, seed: int = 0) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []
        self._seed = seed
        self._n = 0
        self._expire_next = 0

    # --- switching on ----------------------------------------------------------------------

    def add(self, rule: FaultRule) -> FaultRule:
        with self._lock:
            self._n += 1
            rule.rng = random.Random(self._seed * 1000 + self._n)
            self._rules.append(rule)
        return rule

    def latency(self, seconds: float, scope: str = "*", count: int | None = None) -> FaultRule:
        """Delay answers by ``seconds``."""
        return self.add(FaultRule(LATENCY, scope, count, seconds=seconds))

    def timeout(
        self,
        seconds: float,
        scope: str = "*",
        count: int | None = 1,
        *,
        after_apply: bool = False,
        answer_late: bool = False,
        fraction: float | None = None,
    ) -> FaultRule:
        """Hold the request ``seconds`` (bounded), then close the connection without an answer
        (or, with ``answer_late``, answer after all).  ``after_apply``: the change is made first
        -- the request reached the service but its answer never arrives."""
        return self.add(
            FaultRule(
                TIMEOUT,
                scope,
                count,
                fraction,
                seconds=min(seconds, MAX_HOLD_S),
                after_apply=after_apply,
                answer_late=answer_late,
            )
        )

    def drop(
        self,
        scope: str = "*",
        count: int | None = 1,
        *,
        after_apply: bool = False,
        fraction: float | None = None,
    ) -> FaultRule:
        """Close the connection without answering; ``after_apply``: after making the change."""
        return self.add(FaultRule(DROP, scope, count, fraction, after_apply=after_apply))

    def error(
        self,
        status: int = 500,
        scope: str = "*",
        count: int | None = 1,
        *,
        fraction: float | None = None,
        skip: int = 0,
    ) -> FaultRule:
        """Answer with an error status in the service's own error shape; nothing is applied."""
        return self.add(FaultRule(ERROR, scope, count, fraction, skip, status=status))

    def quota_storm(
        self, scope: str = "*", count: int | None = 10, *, fraction: float | None = None
    ) -> FaultRule:
        """429s (``QuotaExceeded`` on SP-API, the rate-limit error on makeshop)."""
        return self.error(429, scope, count, fraction=fraction)

    def malformed(
        self, scope: str = "*", count: int | None = 1, *, fraction: float | None = None
    ) -> FaultRule:
        """The change is applied, then the answer is a 200 whose JSON body is cut short."""
        return self.add(FaultRule(MALFORMED, scope, count, fraction))

    def expire_tokens(self, count: int = 1) -> None:
        """The next ``count`` SP-API token checks find the token expired (and every access
        token issued so far is expired by it)."""
        with self._lock:
            self._expire_next += count

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()
            self._expire_next = 0

    @property
    def active(self) -> list[FaultRule]:
        with self._lock:
            return [r for r in self._rules if not r.exhausted]

    # --- consulted by the servers ----------------------------------------------------------

    def take_expired(self) -> bool:
        with self._lock:
            if self._expire_next > 0:
                self._expire_next -= 1
                return True
            return False

    def plan(self, service: str, operation: str, operation_name: str = "") -> FaultPlan:
        plan = FaultPlan()
        with self._lock:
            for rule in self._rules:
                if rule.exhausted or not scope_matches(
                    rule.scope, service, operation, operation_name
                ):
                    continue
                rule.seen += 1
                if rule.seen <= rule.skip:
                    continue
                if rule.fraction is not None and rule.rng.random() >= rule.fraction:
                    continue
                if not self._fits(plan, rule):
                    continue
                rule.hits += 1
                plan.applied.append(rule.kind)
                if rule.kind == LATENCY:
                    plan.latency += rule.seconds
                elif rule.kind == TIMEOUT:
                    if rule.after_apply:
                        plan.post_hold = rule.seconds
                    else:
                        plan.pre_hold = rule.seconds
                    plan.answer_late = rule.answer_late
                elif rule.kind == DROP:
                    if rule.after_apply:
                        plan.post_drop = True
                    else:
                        plan.pre_drop = True
                elif rule.kind == ERROR:
                    plan.error_status = rule.status
                elif rule.kind == MALFORMED:
                    plan.malformed = True
            self._rules = [r for r in self._rules if not r.exhausted]
        return plan

    @staticmethod
    def _fits(plan: FaultPlan, rule: FaultRule) -> bool:
        """One disruptive fault per request (latency always stacks)."""
        if rule.kind == LATENCY:
            return True
        return not (
            plan.pre_hold is not None
            or plan.post_hold is not None
            or plan.pre_drop
            or plan.post_drop
            or plan.error_status is not None
            or plan.malformed
        )
