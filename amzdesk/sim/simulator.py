"""The simulator: both services on loopback, one shared world, switchable faults."""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any

from amzdesk import assumptions as A
from amzdesk.sim.amazon import LWA_PATH, AmazonService, TokenStore, UsagePlans
from amzdesk.sim.faults import Faults
from amzdesk.sim.fba import seed_fba
from amzdesk.sim.makeshop import MakeshopService
from amzdesk.sim.seed import generate, no_gc
from amzdesk.sim.server import RecordedRequest, Recorder, SimServer
from amzdesk.sim.world import SimClock, World

MAKESHOP_PATH = "/v1/graphql"

CREDENTIAL_NAMES = (
    "lwa-client-id",
    "lwa-client-secret",
    "lwa-refresh-token",
    "makeshop-token",
    "makeshop-api-key",
)


def _credentials(seed: int) -> dict[str, str]:
    def h(label: str, n: int = 40) -> str:
        return hashlib.sha256(f"amzdesk-sim:{seed}:{label}".encode()).hexdigest()[:n]

    return {
        "lwa-client-id": f"amzn1.application-oa2-client.sim{h('cid', 24)}",
        "lwa-client-secret": f"amzn1.oa2-cs.v1.sim{h('secret', 48)}",
        "lwa-refresh-token": f"Atzr|sim{h('refresh', 64)}",
        "makeshop-token": f"sim{h('mstoken', 48)}",
        "makeshop-api-key": f"sim{h('mskey', 32)}",
    }


class Simulator:
    """Loopback SP-API (+ LWA) and makeshop GraphQL servers over one simulated shop.

    ``now`` is the simulated start instant (a datetime) or a clock callable; ``clock`` is the
    same as passing a callable as ``now``.  Simulated time runs at ``time_scale`` × real time
    (unless a clock is injected) and moves on with :meth:`advance`.  ``rate_scale`` multiplies
    every usage-plan rate (``float("inf")`` switches rate limiting off).
    """

    def __init__(
        self,
        seed: int = 1,
        n_orders: int = 300,
        now: datetime | Callable[[], datetime] | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
        time_scale: float = 1.0,
        rate_scale: float = 1.0,
        makeshop_sync_delay: timedelta = timedelta(minutes=10),
        token_lifetime: timedelta = timedelta(hours=1),
        spapi_port: int = 0,
        makeshop_port: int = 0,
        drop_unknown_carrier_codes: bool = False,
        makeshop_one_at_a_time: bool = True,
        credentials: dict[str, str] | None = None,
    ) -> None:
        if callable(now):
            clock, now = now, None
        start = now if isinstance(now, datetime) else None
        if clock is not None and start is None:
            start = clock()
        if start is None:
            start = datetime.now(UTC).replace(microsecond=0)
        if start.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        self.seed = seed
        self.n_orders = n_orders
        self.rate_scale = rate_scale
        self.clock = SimClock(start, clock=clock, time_scale=time_scale)
        self.world = World(
            self.clock,
            makeshop_sync_delay=makeshop_sync_delay,
            drop_unknown_carrier_codes=drop_unknown_carrier_codes,
        )
        with no_gc():
            self.world.load(*generate(seed, n_orders, start.astimezone(UTC), makeshop_sync_delay))
        seed_fba(self.world)
        if n_orders >= 5000:
            # One full pass now moves the big new world into the oldest generation and counts
            # it as long-lived, instead of several full collections during the first requests.
            gc.collect()
        self._credentials = dict(credentials) if credentials else _credentials(seed)
        missing = set(CREDENTIAL_NAMES) - set(self._credentials)
        if missing:
            raise ValueError(f"credentials lack {sorted(missing)}")
        self.faults = Faults(seed)
        self.recorder = Recorder()
        self.tokens = TokenStore(token_lifetime)
        self.usage = UsagePlans(rate_scale)
        self.amazon_service = AmazonService(
            self.world, self._credentials, self.faults, self.usage, self.tokens
        )
        self.makeshop_service = MakeshopService(
            self.world,
            self._credentials,
            path=MAKESHOP_PATH,
            rate_scale=rate_scale,
            one_at_a_time=makeshop_one_at_a_time,
        )
        self._spapi = SimServer(
            self.amazon_service, self.faults, self.recorder, self.clock.now, spapi_port
        )
        self._makeshop = SimServer(
            self.makeshop_service, self.faults, self.recorder, self.clock.now, makeshop_port
        )

    # --- lifecycle -------------------------------------------------------------------------

    def start(self) -> Simulator:
        self._spapi.start()
        try:
            self._makeshop.start()
        except Exception:
            self._spapi.stop()
            raise
        return self

    def stop(self) -> None:
        self._makeshop.stop()
        self._spapi.stop()

    def __enter__(self) -> Simulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # --- endpoints and credentials ---------------------------------------------------------

    @property
    def spapi_url(self) -> str:
        """SP-API endpoint (like ``https://sellingpartnerapi-fe.amazon.com``)."""
        return self._spapi.base_url

    @property
    def lwa_url(self) -> str:
        """Full LWA token URL (like ``https://api.amazon.com/auth/o2/token``)."""
        return self._spapi.base_url + LWA_PATH

    @property
    def makeshop_url(self) -> str:
        """makeshop GraphQL endpoint (like ``https://app-api.makeshop.jp/v1/graphql``)."""
        return self._makeshop.base_url + MAKESHOP_PATH

    @property
    def marketplace_id(self) -> str:
        return A.MARKETPLACE_ID_JP

    @property
    def credentials(self) -> dict[str, str]:
        """Credential name -> value the servers accept (names as in amzdesk.credentials)."""
        return dict(self._credentials)

    def env_lines(self) -> list[str]:
        """Environment settings that point the app at this simulator."""
        return [
            f"AMZDESK_SPAPI_ENDPOINT={self.spapi_url}",
            f"AMZDESK_LWA_TOKEN_URL={self.lwa_url}",
            f"AMZDESK_MAKESHOP_ENDPOINT={self.makeshop_url}",
        ]

    # --- time ------------------------------------------------------------------------------

    def now(self) -> datetime:
        """Simulated now (UTC)."""
        return self.clock.now()

    def advance(self, delta: timedelta) -> datetime:
        """Move simulated time on and run makeshop's periodic sync."""
        return self.world.advance(delta)

    def expire_tokens(self) -> None:
        """Expire every access token issued so far (the next SP-API call gets 403)."""
        self.tokens.expire_all(self.now())

    # --- what happened ---------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far (a copy)."""
        return self.recorder.snapshot()

    def requests_for(self, operation: str) -> list[RecordedRequest]:
        return [
            r
            for r in self.recorder.snapshot()
            if operation in (r.operation, r.service, r.operation_name)
        ]

    def clear_requests(self) -> None:
        self.recorder.clear()

    @property
    def errors(self) -> list[str]:
        """Tracebacks of simulator bugs (each was answered with a 500)."""
        return self._spapi.errors + self._makeshop.errors

    def describe(self) -> dict[str, Any]:
        return {
            "spapi_url": self.spapi_url,
            "lwa_url": self.lwa_url,
            "makeshop_url": self.makeshop_url,
            "marketplace_id": self.marketplace_id,
            "orders": self.n_orders,
            "seed": self.seed,
        }
