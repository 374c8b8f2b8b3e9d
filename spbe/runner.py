"""Run the system in one process: ``spbe up`` and ``spbe serve``.

Implements ``docs/operations.md`` "spbe up": start (or attach to) the database server, create
and migrate every service's database, seed demo data when the databases are empty, serve each
subgraph with uvicorn, then compose the supergraph from the running subgraphs and serve the
gateway. All HTTP servers share one asyncio loop. SIGINT/SIGTERM stop the gateway, then the
subgraphs (each closes its pool in its lifespan), then the embedded database server.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Awaitable, Callable, Generator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import asyncpg
import uvicorn

from gateway.access.seal import Sealer
from spbe import demo
from spbe.database import DatabaseServer, ensure_service_databases, open_server
from spbe.migrations import migrate
from spbe.secrets import ensure_linkage, ensure_subgraph_secret, find_linkage, sealer_for
from spbe.seed import SERVICES as SEEDED_SERVICES
from spbe.seed import Population, SeedReport, recover, seed_population
from spbe.settings import Settings
from spbe.tokens import DEV_AUDIENCE, DEV_ISSUER, ensure_dev_issuer

if TYPE_CHECKING:
    from subgraphs.common.linkage import Linkage

__all__ = [
    "EXAMPLE_QUERY",
    "SEEDED_SERVICES",
    "Listener",
    "SeedingError",
    "ServerGroup",
    "StartupError",
    "compose_supergraph",
    "gateway_app",
    "migrate_services",
    "prepare_databases",
    "run_until_stopped",
    "seed_demo_registry",
    "seed_if_empty",
    "serve",
    "subgraph_app",
    "up",
]

_log = logging.getLogger("spbe.runner")
Progress = Callable[[str, int, int], None]


class StartupError(RuntimeError):
    """A part of the system could not start (port taken, missing package, failed lifespan...)."""


@dataclass(frozen=True, slots=True)
class Listener:
    """Something now serving HTTP: a subgraph or the gateway."""

    name: str
    url: str


class _Server(uvicorn.Server):
    """A uvicorn server that leaves signal handling to :func:`run_until_stopped`."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


@dataclass
class ServerGroup:
    """Several uvicorn servers in the current loop, started together and stopped in reverse."""

    servers: list[tuple[str, _Server]] = field(default_factory=list)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    async def start(self, name: str, app: Any, host: str, port: int, *, timeout: float = 30.0) -> Listener:
        """Serve ``app`` on ``host:port``; return once it accepts connections."""
        config = uvicorn.Config(
            app, host=host, port=port, log_config=None, lifespan="on", server_header=False, access_log=False
        )
        server = _Server(config)
        task = asyncio.create_task(self._serve(name, server), name=f"serve-{name}")
        self.servers.append((name, server))
        self.tasks.append(task)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not server.started:
            if task.done():
                raise StartupError(f"{name} could not start on {host}:{port} (see the log above)")
            if loop.time() > deadline:
                raise StartupError(f"{name} did not start on {host}:{port} within {timeout:.0f}s")
            await asyncio.sleep(0.05)
        shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
        _log.info("listening", extra={"event": "http.listen", "server": name, "host": host, "port": port})
        return Listener(name=name, url=f"http://{shown}:{port}/graphql")

    @staticmethod
    async def _serve(name: str, server: _Server) -> None:
        try:
            await server.serve()
        except SystemExit:  # uvicorn exits on a failed bind or lifespan start-up
            _log.error("server failed", extra={"event": "http.failed", "server": name})

    async def wait(self) -> str:
        """Wait until any server stops by itself and return its name (with none, wait until
        cancelled)."""
        if not self.tasks:
            await asyncio.Event().wait()
        done, _ = await asyncio.wait(self.tasks, return_when=asyncio.FIRST_COMPLETED)
        finished = done.pop()
        pairs = zip(self.servers, self.tasks, strict=True)
        return next(name for (name, _), task in pairs if task is finished)

    async def stop(self) -> None:
        """Ask every server to finish (last started first) and wait for each."""
        for (name, server), task in reversed(list(zip(self.servers, self.tasks, strict=True))):
            server.should_exit = True
            with contextlib.suppress(asyncio.CancelledError):
                await task
            _log.info("stopped", extra={"event": "http.stop", "server": name})
        self.servers.clear()
        self.tasks.clear()


async def prepare_databases(
    server: DatabaseServer, services: tuple[str, ...], settings: Settings
) -> dict[str, str]:
    """Create every service's database if missing; return service → DSN."""
    return await ensure_service_databases(server, services, prefix=settings.database_prefix)


async def migrate_services(dsns: Mapping[str, str], settings: Settings) -> int:
    """Apply pending migrations of every service in ``dsns``; return how many files were applied."""
    count = 0
    for service, dsn in dsns.items():
        count += len(await migrate(dsn, service, sql_dir=settings.sql_dir))
    return count


class SeedingError(RuntimeError):
    """The demo data could not be loaded: the databases hold different populations that no
    decided run can reconcile (docs/seeding.md "Mixed populations")."""


async def seed_if_empty(
    dsns: Mapping[str, str],
    *,
    citizens: int,
    seed: int,
    progress: Progress | None = None,
    reset: bool = False,
) -> SeedReport | None:
    """Load reference data and ``citizens`` synthetic people (``spbe.seed``) unless already seeded.

    First finishes any seeding run that was cut off (:func:`spbe.seed.recover`: prepared
    transactions settled, lagging databases rolled forward). Returns the seeder's report when it
    seeded, None when the databases already hold one population (and ``reset`` is false).
    Raises :class:`SeedingError`, changing nothing, when they hold different populations; ``reset``
    replaces whatever is there, all or nothing.
    """
    targets = {service: dsns[service] for service in SEEDED_SERVICES if service in dsns}
    if reset:
        return await seed_population(targets, citizens=citizens, seed=seed, progress=progress, reset=True)
    recovery = await recover(targets, progress=progress)
    if recovery.committed or recovery.rolled_back:
        _log.info(
            "settled prepared transactions of an interrupted seeding run",
            extra={
                "event": "seed.recovered",
                "committed": recovery.committed,
                "rolled_back": recovery.rolled_back,
            },
        )
    if recovery.rolled_forward:
        _log.warning(
            "finished an interrupted seeding run",
            extra={"event": "seed.rolled_forward", "services": list(recovery.rolled_forward)},
        )
    state = recovery.state
    if state.population is Population.MIXED:
        raise SeedingError(
            f"the databases hold different populations ({state.describe()}); nothing done: "
            "'spbe seed --reset' replaces them all"
        )
    if state.population is not Population.EMPTY:
        return None
    return await seed_population(targets, citizens=citizens, seed=seed, progress=progress)


def subgraph_app(
    service: str, dsn: str, *, sealer: Sealer | None = None, linkage: Linkage | None = None
) -> Any | None:
    """The ASGI app of ``service``'s subgraph, or None if the service has a database but no
    subgraph. With ``sealer`` it answers only requests signed with that secret (sealed subgraphs);
    ``linkage`` reaches social, education and health only (docs/statistics.md)."""
    from subgraphs.app import SERVICES as SUBGRAPH_SERVICES  # imported when used: spbe starts fast
    from subgraphs.app import create_app as create_subgraph_app

    if service not in SUBGRAPH_SERVICES:
        _log.warning("no subgraph for service", extra={"event": "subgraph.missing", "service": service})
        return None
    return create_subgraph_app(service, dsn, sealer=sealer, linkage=linkage)


async def compose_supergraph(subgraphs: Mapping[str, str], *, sealer: Sealer | None = None) -> str:
    """Fetch each running subgraph's ``_service { sdl }`` (signed with ``sealer`` when given) and
    compose the supergraph SDL (``gateway.compose``)."""
    from gateway.compose import SubgraphSDL, compose, fetch_sdl

    names = list(subgraphs)
    sdls = await asyncio.gather(*(fetch_sdl(subgraphs[name], sealer=sealer) for name in names))
    sources = [
        SubgraphSDL(name=name, url=subgraphs[name], sdl=sdl) for name, sdl in zip(names, sdls, strict=True)
    ]
    return compose(sources)


async def gateway_app(
    subgraphs: Mapping[str, str],
    *,
    host: str,
    port: int,
    save_to: Path | None = None,
    sealer: Sealer | None = None,
    access: Mapping[str, Any] | None = None,
) -> tuple[Any | None, str]:
    """Compose a supergraph from the running subgraphs and build the gateway's ASGI app.

    Returns ``(app, "")``, or ``(None, reason)`` when composition fails; the subgraphs then keep
    running on their own. ``save_to`` receives the composed supergraph SDL. ``sealer`` signs the
    SDL requests; ``access`` are more gateway ``Settings`` fields (the registry, the subgraph
    secret, citizen tokens).
    """
    from gateway.app import create_app as create_gateway_app
    from gateway.settings import Settings as GatewaySettings
    from gateway.supergraph import Supergraph

    try:
        sdl = await compose_supergraph(subgraphs, sealer=sealer)
        supergraph = Supergraph.parse(sdl)
    except Exception as exc:  # composition errors name the subgraph, type and field
        _log.error("cannot compose the supergraph", extra={"event": "gateway.compose", "error": str(exc)})
        return None, f"composition failed: {exc}"
    if save_to is not None:
        save_to.parent.mkdir(parents=True, exist_ok=True)
        save_to.write_text(sdl, encoding="utf-8")
    gateway_settings = GatewaySettings(host=host, port=port, **dict(access or {}))
    return create_gateway_app(gateway_settings, supergraph), ""


async def run_until_stopped(main: Callable[[], Awaitable[int]]) -> int:
    """Run ``main`` until it returns or SIGINT/SIGTERM arrives (then cancel it: its ``finally``
    blocks do the clean shutdown). A second signal during shutdown is left to Python's default."""
    loop = asyncio.get_running_loop()
    task = asyncio.ensure_future(main())
    received: list[int] = []

    def on_signal(signum: int) -> None:
        received.append(signum)
        _log.info("stopping", extra={"event": "signal", "signal": signal.Signals(signum).name})
        task.cancel()
        for s in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(s)

    for s in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(s, on_signal, s)
    try:
        return await task
    except asyncio.CancelledError:
        if not received:
            raise
        return 0
    finally:
        for s in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(s)


async def _open(settings: Settings) -> DatabaseServer:
    return await asyncio.to_thread(open_server, settings)


#: The query the start-up banner suggests: public data every set-up has (the provinces).
EXAMPLE_QUERY = '{"query":"{ regions { code name } }"}'


def _print_banner(
    listeners: list[Listener], gateway_note: str, access: demo.DemoAccess | None = None
) -> None:
    out = sys.stdout
    print("\nSPBE Graph is up.", file=out)
    for listener in listeners:
        print(f"  {listener.name:<12} {listener.url}", file=out)
    if gateway_note:
        print(f"  gateway      not started: {gateway_note}; serving the subgraphs only", file=out)
    target = next((item for item in listeners if item.name == "gateway"), None)
    target = target or next((item for item in listeners if item.name == "identity"), None)
    if target is not None:
        print("\nTry it:", file=out)
        print(f"  curl -s {target.url} -H 'content-type: application/json' -d '{EXAMPLE_QUERY}'", file=out)
        if target.name == "gateway":
            explorer = target.url.removesuffix("/graphql") + "/explorer"
            print(f"  or open {explorer} in a browser (GraphiQL; docs/explorer.md)", file=out)
    if access is not None:
        gateway = next((item.url for item in listeners if item.name == "gateway"), None)
        print(demo.banner(access, gateway), file=out)
    print("\nPress Ctrl-C to stop.", file=out, flush=True)


async def seed_demo_registry(dsns: Mapping[str, str], data_dir: Path, *, seed: int) -> demo.DemoAccess | None:
    """Seed the consent registry if it has no agencies yet, then make the demo keys, pick the
    demo citizens and mint a token (:mod:`spbe.demo`). None when there is no registry or no
    population; failures are logged and leave the demo out, never stop ``up``."""
    if "consent" not in dsns or "identity" not in dsns:
        return None
    try:
        seeded = await demo.seed_registry(dsns["consent"], dsns["identity"], seed=seed)
        if seeded is None:
            _log.info("consent registry not seeded (it holds data, or no population yet)",
                      extra={"event": "demo.skip"})  # fmt: skip
        return await demo.demo_access(dsns["consent"], dsns["identity"], data_dir)
    except (asyncpg.PostgresError, OSError, ValueError) as exc:
        _log.warning("demo access not prepared", extra={"event": "demo.failed", "error": type(exc).__name__})
        return None


async def up(
    settings: Settings,
    *,
    citizens: int,
    seed: int,
    host: str,
    progress: Progress | None = None,
) -> int:
    """``spbe up``: the whole system in this process until cancelled (see the module docstring)."""
    secret = ensure_subgraph_secret(settings.data_dir)
    sealer = sealer_for(secret)
    linkage = ensure_linkage(settings.data_dir)  # for the subgraphs only, never the gateway
    issuer = ensure_dev_issuer(settings.data_dir)
    server = await _open(settings)
    group = ServerGroup()
    try:
        services = settings.services()
        dsns = await prepare_databases(server, services, settings)
        applied = await migrate_services(dsns, settings)
        _log.info("databases ready", extra={"event": "db.migrated", "applied": applied})
        try:
            seeded = await seed_if_empty(dsns, citizens=citizens, seed=seed, progress=progress)
        except SeedingError as exc:
            _log.warning("demo data not loaded", extra={"event": "seed.skipped", "reason": str(exc)})
            seeded = None
        if seeded is None:
            _log.info("databases already hold data; not seeding", extra={"event": "seed.skip"})
        else:
            _log.info("seeded demo data", extra={"event": "seed.done", "citizens": citizens, "seed": seed})
        access = await seed_demo_registry(dsns, settings.data_dir, seed=seed)
        listeners: list[Listener] = []
        for service in services:
            app = subgraph_app(service, dsns[service], sealer=sealer, linkage=linkage)
            if app is None:
                continue
            listeners.append(await group.start(service, app, host, settings.service_ports[service]))
        if not listeners:
            _log.warning("no subgraph is available yet", extra={"event": "subgraph.none"})
        app, note = None, "no subgraph is running"
        if listeners:
            urls = {item.name: item.url for item in listeners}
            port = settings.gateway_port
            supergraph_file = settings.data_dir / "supergraph.graphql"
            gateway_access = {
                "subgraph_secret": secret,
                "access_dsn": dsns.get("consent"),
                "jwt_issuer": DEV_ISSUER,
                "jwt_audience": DEV_AUDIENCE,
                "jwt_jwks": str(issuer.jwks),
                "allow_dev_issuer": True,
                "access_log": True,
            }
            app, note = await gateway_app(
                urls, host=host, port=port, save_to=supergraph_file, sealer=sealer, access=gateway_access
            )
        if app is not None:
            listeners.insert(0, await group.start("gateway", app, host, settings.gateway_port))
        _print_banner(listeners, note, access)
        stopped = await group.wait()
        _log.error("a server stopped unexpectedly", extra={"event": "http.exit", "server": stopped})
        return 1
    finally:
        await group.stop()
        await asyncio.to_thread(server.close)


async def serve(
    settings: Settings, service: str, *, host: str, port: int, sealer: Sealer | None = None
) -> int:
    """``spbe serve``: one migrated subgraph until cancelled; sealed when ``sealer`` is given
    (the CLI refuses to serve without one unless told ``--insecure-dev``)."""
    server = await _open(settings)
    group = ServerGroup()
    try:
        dsns = await prepare_databases(server, (service,), settings)
        await migrate_services(dsns, settings)
        app = subgraph_app(service, dsns[service], sealer=sealer, linkage=find_linkage(settings.data_dir))
        if app is None:
            raise StartupError(f"there is no subgraph for service {service!r} yet")
        listener = await group.start(service, app, host, port)
        print(f"{service} subgraph at {listener.url}", flush=True)
        await group.wait()
        return 1
    finally:
        await group.stop()
        await asyncio.to_thread(server.close)
