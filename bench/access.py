"""Benchmark: what access control costs (docs/access.md; docs/benchmarks.md, entry ``access``).

Two whole systems side by side in one run, over the same seeded scratch databases:

* checks ON: the five subgraphs sealed (they answer only requests the gateway signed), the
  supergraph composed from their SDLs as they are (``@requiresScopes``, ``@policy``), and a
  gateway with the consent registry ``<prefix>consent`` (made afresh each run): an agency API key
  with identity/health/education/police:read, ``X-Purpose``, and an active consent of every
  citizen asked about for all four categories, so every record is returned and every decision is
  written to the trail;
* checks OFF: the four data subgraphs unsealed, composed from the same SDLs with every
  ``@requiresScopes``/``@authenticated``/``@policy`` application stripped (no guard in any plan,
  no scope filter), and a gateway without registry or signing secret.

Everything runs IN-PROCESS, in one event loop, like tests/integration/system.py: subgraphs and
gateways under uvicorn on free local ports, every hop real HTTP/1.1, and an aiohttp client with
keep-alive and ``CONCURRENCY`` requests in flight. The figures are therefore the cost of a whole
request on one core, client included, alike for ON and OFF. Inbound and outbound
de-duplication are off in both gateways and concurrent requests ask for different citizens, so
no request rides on another's execution.

Cases:

* the citizen-overview query (:data:`QUERY`) for 1 and for 100 citizens, ON and OFF in
  alternating short rounds (on off, off on, on off, ...) so the shared machine's drift affects
  both alike: requests/s and mean ms per request of each, and the ratio ON/OFF. Before
  measuring, the ON and OFF answers to the same requests are compared: they must be identical.
* round trips to the registry: ``AccessStore.round_trips`` of the ON gateway over the ON rounds of
  the 100-citizen case, per request; and per plan stage holding guarded fetches (fetches with a
  consent guard that run side by side are decided together), after taking off the key lookup,
  itself measured with :data:`KEY_ONLY` (a query that reaches no guarded field).
* the trail: ``access_log`` rows written per second during those ON rounds (counted before and
  after each round), and ``AccessStore.record_access`` called directly by ``WRITERS`` concurrent
  tasks with ``SUBJECTS`` citizens each for ``--duration`` seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import importlib
import secrets
import socket
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
import asyncpg
import orjson
import uvicorn
from graphql import REMOVE, DirectiveNode, Visitor, parse, print_ast, visit

from bench.databases import fresh_consent_database, seeded_databases
from bench.measurement import Context, Measurement
from gateway.access.caller import Caller, CallerKind
from gateway.access.keys import generate_key
from gateway.access.rights import Rights
from gateway.access.seal import Sealer
from gateway.access.store import AccessStore
from gateway.app import GatewayApp
from gateway.compose import SubgraphSDL, compose
from gateway.planner import build_plan
from gateway.planner.plan import ConditionNode, FetchNode, FlattenNode, ParallelNode, PlanNode, SequenceNode
from gateway.settings import Settings
from gateway.supergraph import Supergraph
from subgraphs.app import create_app
from subgraphs.consent.queries import grant_consent
from subgraphs.consent.reference import load_reference

__all__ = [
    "KEY_ONLY",
    "QUERY",
    "Rig",
    "guarded_steps",
    "measure",
    "measure_rig",
    "run",
    "start_rig",
    "strip_guards",
]

QUERY = (
    "query($niks: [String!]!) { citizens(niks: $niks) { nik fullName birthDate village { name }"
    " health { bpjs { cardNumber active } immunizations { vaccine givenOn } }"
    " education { enrollments { level school { name } } }"
    " police { drivingLicences { licenceClass status } } } }"
)
#: The same root field with the key only: no guarded step, so its round trips are the key lookup.
KEY_ONLY = "query($niks: [String!]!) { citizens(niks: $niks) { nik } }"

#: The data services the query reaches (and the consent categories and scopes it needs).
DATA = ("identity", "health", "education", "police")
SCOPES = tuple(f"{service}:read" for service in DATA)
AGENCY = "KEMENSOS"
PURPOSE = "BANSOS_ELIGIBILITY"

CONCURRENCY = 4  # requests in flight
PAIRS = 3  # on/off round pairs per case; each round lasts duration / PAIRS
POPULATION = 2_000  # citizens in the scratch databases (seeded unless there are enough already)
CONSENTING = 800  # citizens with consents, asked about in turn: 8 distinct 100-citizen batches
BIG = 100  # citizens per request in the big case
WRITERS = 8  # concurrent callers of record_access in the direct case
SUBJECTS = 100  # citizens per record_access call
KEY_ONLY_REQUESTS = 10

_GUARD_DIRECTIVES = frozenset({"requiresScopes", "authenticated", "policy"})


# The system ---------------------------------------------------------------------------------


class _Servers:
    """ASGI apps under uvicorn in this event loop, each on a free local port; stopped together
    (one by one, each would wait for its own shutdown tick)."""

    def __init__(self) -> None:
        self._running: list[tuple[uvicorn.Server, asyncio.Task[None], socket.socket]] = []

    async def start(self, app: Any) -> str:
        """Serve ``app``; its base URL once it accepts connections."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(app, lifespan="on", log_level="warning", access_log=False))
        server.capture_signals = contextlib.nullcontext  # type: ignore[method-assign,assignment]  # signals stay the caller's
        task = asyncio.create_task(server.serve(sockets=[sock]))
        self._running.append((server, task, sock))
        while not server.started:
            if task.done():
                task.result()
                raise RuntimeError("a server of the access benchmark did not start")
            await asyncio.sleep(0.01)
        return f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        for server, _, _ in self._running:
            server.should_exit = True
        await asyncio.gather(*(task for _, task, _ in self._running), return_exceptions=True)
        for _, _, sock in self._running:
            sock.close()
        self._running.clear()


def _sdl(service: str) -> str:
    schema = importlib.import_module(f"subgraphs.{service}.schema").schema
    result = schema.execute_sync("{ _service { sdl } }")
    if result.errors:
        raise RuntimeError(f"the {service} subgraph gave no SDL: {result.errors[0].message}")
    return str(result.data["_service"]["sdl"])


class _StripGuards(Visitor):
    def enter_directive(self, node: DirectiveNode, *_: Any) -> Any:
        return REMOVE if node.name.value in _GUARD_DIRECTIVES else None


def strip_guards(sdl: str) -> str:
    """``sdl`` without any application of ``@requiresScopes``, ``@authenticated`` or ``@policy``."""
    return print_ast(visit(parse(sdl), _StripGuards()))


def guarded_stages(node: PlanNode | None) -> int:
    """How many times a plan waits for consent decisions: guarded fetches that run side by side
    (under one ``Parallel``) are decided together, in one registry round trip."""
    match node:
        case FetchNode(guard=guard):
            return int(guard is not None)
        case FlattenNode(node=inner):
            return guarded_stages(inner)
        case SequenceNode(nodes=nodes):
            return sum(guarded_stages(child) for child in nodes)
        case ParallelNode(nodes=nodes):
            return max((guarded_stages(child) for child in nodes), default=0)
        case ConditionNode(if_clause=if_clause, else_clause=else_clause):
            return max(guarded_stages(if_clause), guarded_stages(else_clause))
    return 0


def guarded_steps(node: PlanNode | None) -> int:
    """How many fetches of a plan carry a consent guard (one trail entry per citizen each)."""
    match node:
        case FetchNode(guard=guard):
            return int(guard is not None)
        case FlattenNode(node=inner):
            return guarded_steps(inner)
        case SequenceNode(nodes=nodes) | ParallelNode(nodes=nodes):
            return sum(guarded_steps(child) for child in nodes)
        case ConditionNode(if_clause=if_clause, else_clause=else_clause):
            return guarded_steps(if_clause) + guarded_steps(else_clause)
    return 0


async def _registry(dsn: str, niks: Sequence[str]) -> str:
    """Agencies and purposes, an agency key with the four read scopes, and a consent of each of
    ``niks`` to that agency for all four categories and the purpose; the key's text."""
    conn = await asyncpg.connect(dsn)
    try:
        await load_reference(conn)
        key = generate_key()
        await conn.execute(
            "insert into api_key (prefix, secret_hash, agency, name, scopes)"
            " values ($1, $2, $3, 'bench', $4)",
            key.prefix,
            key.secret_hash,
            AGENCY,
            list(SCOPES),
        )
        now = datetime.datetime.now(datetime.UTC)
        for nik in niks:
            await grant_consent(
                conn,
                citizen_nik=nik,
                agency=AGENCY,
                categories=DATA,
                purpose=PURPOSE,
                valid_from=now - datetime.timedelta(days=1),
                valid_until=now + datetime.timedelta(days=365),
                given_by_nik=nik,
                given_as="SELF",
                method="IN_APP",
                evidence="bench",
            )
        return key.text
    finally:
        await conn.close()


@dataclass
class Rig:
    """Both systems, running."""

    on: str  # the ON gateway's /graphql
    off: str  # the OFF gateway's /graphql
    gateway: GatewayApp  # the ON gateway
    off_gateway: GatewayApp
    key: str  # the agency's API key
    niks: list[str]  # the consenting citizens
    registry: str  # the consent registry's DSN
    dsns: dict[str, str]  # the data services' scratch databases

    @property
    def store(self) -> AccessStore:
        store = self.gateway.authenticator.store
        assert store is not None
        return store

    def guarded_steps(self, query: str) -> int:
        """Guarded fetches of the ON gateway's plan of ``query`` for the agency's rights."""
        return guarded_steps(self._plan(query))

    def guarded_stages(self, query: str) -> int:
        """Stages of that plan waiting for consent decisions (one registry round trip each)."""
        return guarded_stages(self._plan(query))

    def _plan(self, query: str) -> PlanNode | None:
        rights = Rights(kind=CallerKind.AGENCY, scopes=frozenset(SCOPES), has_purpose=True)
        return self.gateway.pipeline.prepare(query, None, rights).plan.node

    async def trail_size(self) -> int:
        conn = await asyncpg.connect(self.registry)
        try:
            count: int = await conn.fetchval("select count(*) from access_log")
            return count
        finally:
            await conn.close()


@asynccontextmanager
async def start_rig(context: Context, population: int, consenting: int) -> AsyncIterator[Rig]:
    """The ON and OFF systems over scratch databases of at least ``population`` citizens, of
    whom ``consenting`` (a fixed sample) consented."""
    dsns, _ = await seeded_databases(context, population, population)
    registry = await fresh_consent_database(context)
    conn = await asyncpg.connect(dsns["identity"])
    try:
        rows = await conn.fetch("select nik from citizen order by md5(nik) limit $1", consenting)
    finally:
        await conn.close()
    niks = [r["nik"] for r in rows]
    key = await _registry(registry, niks)
    secret = secrets.token_hex(32)
    sealer = Sealer(bytes.fromhex(secret))
    sealed_dsns = {**dsns, "consent": registry}
    servers = _Servers()
    try:
        sealed = {
            s: await servers.start(create_app(s, dsn, sealer=sealer)) + "/graphql"
            for s, dsn in sealed_dsns.items()
        }
        # social too: education's and health's statistics @requires its cohorts, so they do not
        # compose without it (docs/statistics.md); the overview never asks it
        unsealed = {s: await servers.start(create_app(s, dsns[s])) + "/graphql" for s in (*DATA, "social")}
        sdls = {s: _sdl(s) for s in sealed}
        on_graph = Supergraph.parse(compose([SubgraphSDL(s, url, sdls[s]) for s, url in sealed.items()]))
        off_graph = Supergraph.parse(
            compose([SubgraphSDL(s, url, strip_guards(sdls[s])) for s, url in unsealed.items()])
        )
        on_app = GatewayApp(
            Settings(
                access_dsn=registry,
                subgraph_secret=secret,
                dedup_inbound=False,
                dedup_outbound=False,
                subgraph_timeout=60,
                subgraph_timeouts=(),
            ),
            on_graph,
            build_plan,
        )
        off_app = GatewayApp(
            Settings(dedup_inbound=False, dedup_outbound=False, subgraph_timeout=60, subgraph_timeouts=()),
            off_graph,
            build_plan,
        )
        on = await servers.start(on_app) + "/graphql"
        off = await servers.start(off_app) + "/graphql"
        yield Rig(
            on=on,
            off=off,
            gateway=on_app,
            off_gateway=off_app,
            key=key,
            niks=niks,
            registry=registry,
            dsns=dsns,
        )
    finally:
        await servers.stop()


# The client ---------------------------------------------------------------------------------


class _Client:
    def __init__(self, session: aiohttp.ClientSession, rig: Rig) -> None:
        self.session = session
        self.headers = {
            "on": {"content-type": "application/json", "x-api-key": rig.key, "x-purpose": PURPOSE},
            "off": {"content-type": "application/json"},
        }
        self.urls = {"on": rig.on, "off": rig.off}

    async def ask(self, mode: str, body: bytes, batch: int) -> Any:
        """The answer's data; RuntimeError (HTTP status and error codes only, no personal data)
        unless every citizen came back without errors."""
        async with self.session.post(self.urls[mode], data=body, headers=self.headers[mode]) as response:
            payload = orjson.loads(await response.read())
        citizens = (payload.get("data") or {}).get("citizens") or []
        if response.status != 200 or payload.get("errors") or len(citizens) != batch or None in citizens:
            errors = payload.get("errors") or []
            codes = sorted({str((e.get("extensions") or {}).get("code")) for e in errors})
            raise RuntimeError(f"checks {mode}: HTTP {response.status}, error codes {codes}, {batch} asked")
        return payload["data"]

    async def round(
        self, mode: str, bodies: Sequence[bytes], batch: int, seconds: float
    ) -> tuple[int, float, float]:
        """Requests, elapsed seconds and summed request seconds of one time-boxed round."""
        done, busy = 0, 0.0
        started = time.perf_counter()
        deadline = started + seconds

        async def worker(i: int) -> None:
            nonlocal done, busy
            while time.perf_counter() < deadline:
                sent = time.perf_counter()
                await self.ask(mode, bodies[i % len(bodies)], batch)
                busy += time.perf_counter() - sent
                done += 1
                i += CONCURRENCY

        await asyncio.gather(*(worker(k) for k in range(CONCURRENCY)))
        return done, time.perf_counter() - started, busy


def _bodies(query: str, niks: Sequence[str], batch: int) -> list[bytes]:
    return [
        orjson.dumps({"query": query, "variables": {"niks": list(niks[i : i + batch])}})
        for i in range(0, len(niks) - batch + 1, batch)
    ]


# The cases ----------------------------------------------------------------------------------


@dataclass
class _Tally:
    requests: int = 0
    seconds: float = 0.0
    busy: float = 0.0
    calls: int = 0  # subgraph requests the gateway sent

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    @property
    def ms(self) -> float:
        return self.busy / self.requests * 1e3


async def _overview(
    client: _Client,
    rig: Rig,
    batch: int,
    duration: float,
    plan: tuple[int, int],
    key_trips: float,
    pairs: int,
) -> list[Measurement]:
    steps, stages = plan  # guarded fetches, and the plan stages they run in
    bodies = _bodies(QUERY, rig.niks, batch)
    compared = 0
    for body in bodies[:CONCURRENCY]:  # warm up both (pools, plans) and compare the answers
        on, off = await client.ask("on", body, batch), await client.ask("off", body, batch)
        if on != off:
            raise RuntimeError(f"checks on and off answer differently for {batch} citizen(s)")
        compared += batch
    tallies = {"on": _Tally(), "off": _Tally()}
    trips = entries = 0
    order = [mode for pair in range(pairs) for mode in (("on", "off") if pair % 2 == 0 else ("off", "on"))]
    gateways = {"on": rig.gateway, "off": rig.off_gateway}
    for mode in order:
        trips_before, trail_before = rig.store.round_trips, await rig.trail_size()
        calls_before = _subgraph_calls(gateways[mode])
        done, seconds, busy = await client.round(mode, bodies, batch, duration / pairs)
        tally = tallies[mode]
        tally.calls += _subgraph_calls(gateways[mode]) - calls_before
        tally.requests += done
        tally.seconds += seconds
        tally.busy += busy
        if mode == "on":
            trips += rig.store.round_trips - trips_before
            entries += await rig.trail_size() - trail_before
    on, off = tallies["on"], tallies["off"]
    case = f"overview x {batch:,}"
    rows = [
        Measurement(
            "access",
            f"{case}, checks {mode}",
            tally.rate,
            "requests/s",
            f"{tally.ms:,.1f} ms/request, {tally.requests:,} requests, {CONCURRENCY} in flight,"
            f" {tally.calls / tally.requests:.1f} subgraph calls/request",
        )
        for mode, tally in tallies.items()
    ]
    rows.append(
        Measurement(
            "access",
            f"{case}, on/off",
            on.ms / off.ms,
            "x time",
            f"ms on/off {on.ms / off.ms:.2f}, throughput on/off {on.rate / off.rate:.2f};"
            f" answers identical ({compared:,} citizens compared); {pairs * 2} alternating rounds",
        )
    )
    if batch == BIG:
        per_request = trips / on.requests
        rows += [
            Measurement(
                "access",
                f"registry round trips per request, x {batch:,}",
                per_request,
                "round trips",
                f"{trips:,} over {on.requests:,} requests; key lookup alone {key_trips:.1f};"
                f" {steps} guarded fetches in {stages} plan stage(s)",
            ),
            Measurement(
                "access",
                "registry round trips per guarded plan stage",
                (per_request - key_trips) / stages,
                "round trips",
                f"whatever the citizens ({batch:,} here) and guarded fetches ({steps}) in the stage",
            ),
            Measurement(
                "access",
                f"trail entries written, x {batch:,} via gateway",
                entries / on.seconds,
                "entries/s",
                f"{entries:,} entries for {on.requests:,} requests: {entries / on.requests:,.1f} per request"
                f" ({batch:,} citizens x {steps} steps)",
            ),
        ]
    return rows


def _subgraph_calls(app: GatewayApp) -> int:
    calls: int = getattr(app.transport, "calls", 0)
    return calls


async def _key_trips(client: _Client, rig: Rig) -> float:
    """Registry round trips of a request that reaches no guarded field: the key lookup."""
    body = _bodies(KEY_ONLY, rig.niks, BIG)[0]
    await client.ask("on", body, BIG)
    before = rig.store.round_trips
    for _ in range(KEY_ONLY_REQUESTS):
        await client.ask("on", body, BIG)
    return (rig.store.round_trips - before) / KEY_ONLY_REQUESTS


async def _record_access(rig: Rig, duration: float) -> Measurement:
    """``record_access`` called directly by ``WRITERS`` tasks, ``SUBJECTS`` citizens each."""
    store = AccessStore(rig.registry, max_size=WRITERS)
    await store.open()
    subjects = min(SUBJECTS, len(rig.niks))
    calls = 0
    try:
        trail_before = await rig.trail_size()

        async def writer(w: int) -> None:
            nonlocal calls
            niks = [rig.niks[(w * subjects + j) % len(rig.niks)] for j in range(subjects)]
            caller = Caller(
                kind=CallerKind.AGENCY,
                agency=AGENCY,
                key_id="benchwriter",
                scopes=frozenset(SCOPES),
                purpose=PURPOSE,
                request_id=f"bench-record-access-{w}",
            )
            while time.perf_counter() < deadline:
                decisions = await store.record_access(
                    caller, category="health", fields=("health",), subjects=niks, operation_name="bench"
                )
                if len(decisions) != subjects or not all(d.allowed for d in decisions.values()):
                    raise RuntimeError("record_access denied a consenting citizen")
                calls += 1

        started = time.perf_counter()
        deadline = started + duration
        await asyncio.gather(*(writer(w) for w in range(WRITERS)))
        seconds = time.perf_counter() - started
        entries = await rig.trail_size() - trail_before
    finally:
        await store.close()
    if entries != calls * subjects:
        raise RuntimeError(f"record_access: {entries} trail entries for {calls} calls of {subjects}")
    return Measurement(
        "access",
        f"record_access direct, {WRITERS} callers x {subjects}",
        entries / seconds,
        "entries/s",
        f"{calls:,} calls, {seconds / calls * WRITERS * 1e3:,.1f} ms per call, {entries:,} entries",
    )


async def measure_rig(rig: Rig, duration: float, pairs: int = PAIRS) -> list[Measurement]:
    """Every case on a running rig, ``duration`` seconds per mode of each throughput case, in
    ``pairs`` pairs of rounds."""
    if len(rig.niks) < BIG:
        raise RuntimeError(f"the access benchmark needs at least {BIG} consenting citizens")
    steps, stages = rig.guarded_steps(QUERY), rig.guarded_stages(QUERY)
    if steps == 0 or rig.guarded_steps(KEY_ONLY) != 0:
        raise RuntimeError("unexpected plans: the overview query must be guarded, the key query not")
    connector = aiohttp.TCPConnector(limit=CONCURRENCY * 2)
    async with aiohttp.ClientSession(connector=connector) as session:
        client = _Client(session, rig)
        key_trips = await _key_trips(client, rig)
        rows = []
        for batch in (1, BIG):
            rows += await _overview(client, rig, batch, duration, (steps, stages), key_trips, pairs)
    rows.append(await _record_access(rig, duration))
    return rows


async def measure(
    context: Context, *, population: int = POPULATION, consenting: int = CONSENTING
) -> list[Measurement]:
    """Every case, over a rig of ``population`` citizens of whom ``consenting`` are asked about."""
    async with start_rig(context, population, consenting) as rig:
        return await measure_rig(rig, context.duration)


async def run(context: Context) -> list[Measurement]:
    """The ``access`` entry of ``python -m bench``."""
    return await measure(context)
