"""Build the app's collaborators from settings, credentials and endpoints (one place for CLI and
window).

``build_services(settings, credentials, demo=False)``:

* **real mode** -- endpoints from :func:`amzdesk.endpoints.resolve_endpoints` (environment, then
  settings, then defaults); an SP-API client only when the three LWA credentials are stored, a
  makeshop client only when the token and API key are stored.  Either may be ``None``: only
  Amazon credentials -> Amazon orders only; only makeshop -> shop orders (and the makeshop side
  of Amazon orders) only.  The store is ``paths.data_dir()/amzdesk.sqlite3``.
* **demo** -- ``demo=True`` starts a fresh built-in simulator in a child process
  (:class:`amzdesk.sim.process.SimulatorProcess`, stopped by :meth:`Services.close`), so that its
  servers never compete with the window for the interpreter; ``demo=<Simulator>`` uses a running
  one, in this process or not (the caller stops it).  Endpoints, credentials, rate
  scale and clock come from the simulator; the store is a separate ``demo.sqlite3`` that is
  emptied first (a fresh simulator is a different shop), unless ``store_path`` is given.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from amzdesk import messages, paths
from amzdesk.carriers import CarrierTable
from amzdesk.clock import Clock, utcnow
from amzdesk.credentials import (
    LWA_CLIENT_ID,
    LWA_CLIENT_SECRET,
    LWA_REFRESH_TOKEN,
    MAKESHOP_API_KEY,
    MAKESHOP_TOKEN,
    CredentialStore,
)
from amzdesk.endpoints import Endpoints, resolve_endpoints
from amzdesk.errors import Cancelled
from amzdesk.http import RetryPolicy
from amzdesk.makeshop import MakeshopClient
from amzdesk.recognition import Recognition
from amzdesk.settings import Settings
from amzdesk.spapi import USAGE_PLANS, SpApiClient, UsagePlan, make_client
from amzdesk.store import Store
from amzdesk.sync import SyncProgress, SyncReport, SyncService

if TYPE_CHECKING:
    from amzdesk.shipment import ShipmentWorkflow

__all__ = [
    "DEMO_DB_FILE_NAME",
    "Services",
    "build_services",
    "start_demo_simulator",
    "start_demo_simulator_process",
]

log = logging.getLogger("amzdesk.services")


def _define_all_messages() -> None:
    """Import every module that defines messages (on demand: the window starts without them)."""
    from amzdesk import catalogue

    catalogue.load_all()


# journal results read from the store name their message; its module may not be imported yet
messages.install_define_all(_define_all_messages)

DEMO_DB_FILE_NAME: Final = "demo.sqlite3"
# The demo runs the usage plans ten times faster than the real services allow.
DEMO_RATE_SCALE: Final = 10.0


@dataclass(slots=True)
class Services:
    """Everything the CLI and the window use.  Close it when done."""

    settings: Settings
    store: Store
    carriers: CarrierTable
    spapi: SpApiClient | None
    makeshop: MakeshopClient | None
    sync: SyncService
    clock: Clock
    endpoints: Endpoints | None = None
    simulator: Any | None = None  # amzdesk.sim.Simulator or SimulatorProcess in demo mode
    owns_simulator: bool = False
    _closed: bool = field(default=False, repr=False)
    _workflow: ShipmentWorkflow | None = field(default=None, repr=False)

    @property
    def demo(self) -> bool:
        return self.simulator is not None

    @property
    def amazon_configured(self) -> bool:
        return self.spapi is not None

    @property
    def makeshop_configured(self) -> bool:
        return self.makeshop is not None

    @property
    def workflow(self) -> ShipmentWorkflow:
        """The shipment workflow over these services (built once; its order locks are global)."""
        if self._workflow is None:
            from amzdesk.shipment import ShipmentWorkflow

            self._workflow = ShipmentWorkflow(
                self.store, self.spapi, self.makeshop, self.carriers, self.clock
            )
        return self._workflow

    def sync_and_settle(
        self,
        progress: Callable[[SyncProgress], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> SyncReport:
        """One sync session: the only path, for the window and the command line alike.

        Before pulling, every journal entry whose outcome is unknown (a timeout, a crash, a killed
        process) is settled by asking the service -- marked done or re-sent, never blindly
        repeated; after pulling, upload-file rows that Amazon now reports shipped are closed.

        Error policy: a failure to settle (either step) is logged with its traceback and never
        aborts the sync -- the entries stay unresolved and the next sync settles them.  A failure
        of the sync itself propagates, and so does a cancellation.
        """
        if self.spapi is not None or self.makeshop is not None:

            def settle_unknown() -> None:
                for r in self.workflow.resolve_unknown(cancel=cancel):
                    log.info("settled an earlier send of %s: %s", r.order_key, r.message)

            self._settle("earlier sends before the sync", settle_unknown)
        report = self.sync.run(progress=progress, cancel=cancel)
        self._settle("upload-file rows after the sync", self.workflow.resolve_exported)
        return report

    @staticmethod
    def _settle(what: str, step: Callable[[], object]) -> None:
        """Run one settling step of :meth:`sync_and_settle` under its error policy."""
        try:
            step()
        except Cancelled:
            raise
        except Exception:  # still unknown: settled on the next sync
            log.warning("could not settle %s yet; the next sync retries", what, exc_info=True)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(Exception):
            self.store.backup()  # at most once a day: the copy a damaged store is restored from
        with contextlib.suppress(Exception):
            self.store.close()
        if self.owns_simulator and self.simulator is not None:
            with contextlib.suppress(Exception):
                self.simulator.stop()

    def __enter__(self) -> Services:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def start_demo_simulator(**kwargs: Any) -> Any:
    """A fresh built-in simulator, started."""
    from amzdesk.sim import Simulator

    kwargs.setdefault("rate_scale", DEMO_RATE_SCALE)
    sim = Simulator(**kwargs)
    sim.start()
    return sim


def start_demo_simulator_process(**kwargs: Any) -> Any:
    """A fresh built-in simulator in a child process, serving (see :mod:`amzdesk.sim.process`)."""
    from amzdesk.sim.process import SimulatorProcess

    kwargs.setdefault("rate_scale", DEMO_RATE_SCALE)
    return SimulatorProcess(**kwargs)


def _sim_attr(sim: Any, *names: str, default: Any = None) -> Any:
    for name in names:
        value = getattr(sim, name, None)
        if value is not None:
            return value
    return default


def _reset_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            path.with_name(path.name + suffix).unlink()


def recognition_of(settings: Settings) -> Recognition:
    """The Amazon-order recognition patterns of ``settings`` (defaults when unset or unusable:
    validation happens when the settings are saved)."""
    try:
        return Recognition.from_settings(settings.amazon_recognition)
    except (ValueError, TypeError):
        log.warning("settings: Amazon recognition patterns unusable; using the defaults")
        return Recognition()


def build_services(
    settings: Settings,
    credentials: CredentialStore | None,
    *,
    demo: bool | Any = False,
    store_path: Path | str | None = None,
    clock: Clock | None = None,
    history_pages_per_run: int | None = None,
) -> Services:
    """The collaborators for ``settings`` (see the module docstring)."""
    carriers = CarrierTable.load(overrides=settings.carrier_code_overrides)
    if demo is not False and demo is not None:
        return _build_demo(
            settings,
            carriers=carriers,
            demo=demo,
            store_path=store_path,
            clock=clock,
            history_pages_per_run=history_pages_per_run,
        )

    clock = clock or utcnow
    endpoints = resolve_endpoints(settings)
    spapi: SpApiClient | None = None
    makeshop: MakeshopClient | None = None
    if credentials is not None:
        client_id = credentials.get(LWA_CLIENT_ID)
        client_secret = credentials.get(LWA_CLIENT_SECRET)
        refresh_token = credentials.get(LWA_REFRESH_TOKEN)
        if client_id and client_secret and refresh_token:
            spapi = make_client(
                endpoint=endpoints.spapi,
                token_url=endpoints.lwa_token_url,
                client_id=client_id,
                client_secret=client_secret,
                refresh_token=refresh_token,
                clock=clock,
            )
        token = credentials.get(MAKESHOP_TOKEN)
        api_key = credentials.get(MAKESHOP_API_KEY)
        if token and api_key:
            makeshop = MakeshopClient(
                endpoints.makeshop, token, api_key, recognition=recognition_of(settings)
            )
    store = Store(store_path, clock=clock, waits=settings.waits())
    sync = SyncService(
        store,
        spapi,
        makeshop,
        clock,
        history_pages_per_run=history_pages_per_run,
        recognition=recognition_of(settings),
    )
    return Services(
        settings=settings,
        store=store,
        carriers=carriers,
        spapi=spapi,
        makeshop=makeshop,
        sync=sync,
        clock=clock,
        endpoints=endpoints,
    )


def _build_demo(
    settings: Settings,
    *,
    carriers: CarrierTable,
    demo: Any,
    store_path: Path | str | None,
    clock: Clock | None,
    history_pages_per_run: int | None,
) -> Services:
    owns = demo is True
    sim = start_demo_simulator_process() if owns else demo
    try:
        sim_clock: Clock = clock or _sim_attr(sim, "now", "clock", default=utcnow)
        rate_scale = float(_sim_attr(sim, "rate_scale", default=1.0))
        creds = sim.credentials
        spapi_url = sim.spapi_url
        lwa_url = sim.lwa_url
        makeshop_url = sim.makeshop_url
        spapi = make_client(
            endpoint=spapi_url,
            token_url=lwa_url,
            client_id=_cred(creds, "lwa-client-id", "client_id", "lwa_client_id"),
            client_secret=_cred(creds, "lwa-client-secret", "client_secret", "lwa_client_secret"),
            refresh_token=_cred(creds, "lwa-refresh-token", "refresh_token", "lwa_refresh_token"),
            # The simulator states its scaled rates in x-amzn-RateLimit-Limit: give the client
            # the scaled plans (and no extra scale) so the header and the plans agree.
            usage_plans={
                op: UsagePlan(plan.rate * rate_scale, plan.burst)
                for op, plan in USAGE_PLANS.items()
            },
            retry=RetryPolicy(time_scale=max(1.0, min(rate_scale, 1e6))),
            clock=sim_clock,
        )
        makeshop = MakeshopClient(
            makeshop_url,
            _cred(creds, "makeshop-token", "token", "makeshop_token"),
            _cred(creds, "makeshop-api-key", "api_key", "makeshop_api_key"),
            rate_scale=rate_scale,
            retry=RetryPolicy(time_scale=max(1.0, min(rate_scale, 1e6))),
            recognition=recognition_of(settings),
        )
        if store_path is None:
            path = paths.data_dir() / DEMO_DB_FILE_NAME
            _reset_db(path)
        else:
            path = Path(store_path)
        store = Store(path, clock=sim_clock, waits=settings.waits())
        sync = SyncService(
            store,
            spapi,
            makeshop,
            sim_clock,
            history_pages_per_run=history_pages_per_run,
            recognition=recognition_of(settings),
        )
    except BaseException:
        if owns:
            with contextlib.suppress(Exception):
                sim.stop()
        raise
    return Services(
        settings=settings,
        store=store,
        carriers=carriers,
        spapi=spapi,
        makeshop=makeshop,
        sync=sync,
        clock=sim_clock,
        endpoints=Endpoints(spapi_url, lwa_url, makeshop_url),
        simulator=sim,
        owns_simulator=owns,
    )


def _cred(creds: Any, *names: str) -> str:
    """A simulator credential by any of its likely names (mapping or attributes)."""
    for name in names:
        value = creds.get(name) if isinstance(creds, dict) else getattr(creds, name, None)
        if isinstance(value, str) and value:
            return value
    raise KeyError(names[0])
