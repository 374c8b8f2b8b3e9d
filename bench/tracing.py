"""Benchmark: what tracing costs (docs/tracing.md; docs/benchmarks.md, entry ``tracing``).

Two whole sealed systems side by side in one run, over the same seeded scratch databases and
consent registry, as in ``bench.access`` with checks ON: five subgraphs and a gateway each.
One system traces (every gateway and subgraph process its own tracer provider, spans batched by
the SDK's ``BatchSpanProcessor`` into an exporter that counts and drops them: the cost of making
and batching spans, not of a network hop to a collector); the other runs as shipped, tracing off
(no ``OTEL_*`` variables: no tracer anywhere).

Cases: the citizen-overview query (``bench.access.QUERY``) for 1 and for 100 citizens, tracing
ON and OFF in alternating short rounds (on off, off on, on off) so the shared machine's drift
affects both alike; requests/s and mean ms per request of each, the ratio ON/OFF, and the spans
one traced request makes.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

import aiohttp
import asyncpg
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter, SpanExportResult

from bench.access import (
    BIG,
    CONCURRENCY,
    CONSENTING,
    PAIRS,
    POPULATION,
    QUERY,
    _bodies,
    _Client,
    _registry,
    _sdl,
    _Servers,
)
from bench.databases import fresh_consent_database, seeded_databases
from bench.measurement import Context, Measurement
from gateway.access.seal import Sealer
from gateway.app import GatewayApp
from gateway.compose import SubgraphSDL, compose
from gateway.planner import build_plan
from gateway.settings import Settings
from gateway.supergraph import Supergraph
from subgraphs.app import SERVICES, create_app

__all__ = ["CountingExporter", "measure", "run"]


class CountingExporter(SpanExporter):
    """Counts the spans it is given and drops them."""

    def __init__(self) -> None:
        self.spans = 0

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        self.spans += len(spans)
        return SpanExportResult.SUCCESS


@dataclass
class _Tally:
    requests: int = 0
    seconds: float = 0.0
    busy: float = 0.0

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    @property
    def ms(self) -> float:
        return self.busy / self.requests * 1e3


async def measure(
    context: Context, *, population: int = POPULATION, consenting: int = CONSENTING, pairs: int = PAIRS
) -> list[Measurement]:
    """Both systems over ``population`` citizens, ``consenting`` of whom are asked about; each
    case in ``pairs`` pairs of rounds."""
    dsns, _ = await seeded_databases(context, population, population)
    registry = await fresh_consent_database(context)
    conn = await asyncpg.connect(dsns["identity"])
    try:
        found = await conn.fetch("select nik from citizen order by md5(nik) limit $1", consenting)
        niks = [r["nik"] for r in found]
    finally:
        await conn.close()
    key = await _registry(registry, niks)
    secret = secrets.token_hex(32)
    sealer = Sealer(bytes.fromhex(secret))
    all_dsns = {**dsns, "consent": registry}
    exporter = CountingExporter()
    providers: list[TracerProvider] = []

    def provider(name: str) -> TracerProvider:
        made = TracerProvider(resource=Resource.create({"service.name": name}), shutdown_on_exit=False)
        made.add_span_processor(BatchSpanProcessor(exporter))
        providers.append(made)
        return made

    servers = _Servers()
    urls: dict[str, str] = {}
    try:
        sdls = {s: _sdl(s) for s in SERVICES}
        for mode in ("on", "off"):
            traced = mode == "on"
            subgraphs: dict[str, str] = {}
            for s, dsn in all_dsns.items():
                tracing = provider(f"spbe-{s}") if traced else None
                app = create_app(s, dsn, sealer=sealer, tracer_provider=tracing)
                subgraphs[s] = await servers.start(app) + "/graphql"
            graph = Supergraph.parse(compose([SubgraphSDL(s, url, sdls[s]) for s, url in subgraphs.items()]))
            settings = Settings(
                access_dsn=registry,
                subgraph_secret=secret,
                dedup_inbound=False,
                dedup_outbound=False,
                subgraph_timeout=60,
            )
            gateway = provider("spbe-gateway") if traced else None
            front = GatewayApp(settings, graph, build_plan, tracer_provider=gateway)
            urls[mode] = await servers.start(front) + "/graphql"
        connector = aiohttp.TCPConnector(limit=CONCURRENCY * 2)
        async with aiohttp.ClientSession(connector=connector) as session:
            client = _Client(session, _Urls(urls["on"], urls["off"], key))  # type: ignore[arg-type]
            client.headers["off"] = client.headers["on"]  # both systems check access alike
            rows: list[Measurement] = []
            for batch in (1, BIG):
                rows += await _case(client, niks, batch, context.duration, exporter, providers, pairs)
            return rows
    finally:
        await servers.stop()
        for made in providers:
            made.shutdown()


@dataclass
class _Urls:
    """What ``bench.access._Client`` reads of a rig."""

    on: str
    off: str
    key: str


async def _case(
    client: _Client,
    niks: Sequence[str],
    batch: int,
    duration: float,
    exporter: CountingExporter,
    providers: Sequence[TracerProvider],
    pairs: int,
) -> list[Measurement]:
    bodies = _bodies(QUERY, niks, batch)
    for body in bodies[:CONCURRENCY]:  # warm up both (pools, plans) and compare the answers
        if await client.ask("on", body, batch) != await client.ask("off", body, batch):
            raise RuntimeError(f"tracing on and off answer differently for {batch} citizen(s)")
    for made in providers:
        made.force_flush()
    tallies = {"on": _Tally(), "off": _Tally()}
    spans = 0
    order = [mode for pair in range(pairs) for mode in (("on", "off") if pair % 2 == 0 else ("off", "on"))]
    for mode in order:
        before = exporter.spans
        done, seconds, busy = await client.round(mode, bodies, batch, duration / pairs)
        tally = tallies[mode]
        tally.requests += done
        tally.seconds += seconds
        tally.busy += busy
        if mode == "on":
            for made in providers:
                made.force_flush()
            spans += exporter.spans - before
    on, off = tallies["on"], tallies["off"]
    case = f"overview x {batch:,}"
    rows = [
        Measurement(
            "tracing",
            f"{case}, tracing {mode}",
            tally.rate,
            "requests/s",
            f"{tally.ms:,.1f} ms/request, {tally.requests:,} requests, {CONCURRENCY} in flight",
        )
        for mode, tally in tallies.items()
    ]
    rows.append(
        Measurement(
            "tracing",
            f"{case}, on/off",
            on.ms / off.ms,
            "x time",
            f"ms on/off {on.ms / off.ms:.2f}, throughput on/off {on.rate / off.rate:.2f};"
            f" {spans / on.requests:.1f} spans per traced request; {pairs * 2} alternating rounds",
        )
    )
    return rows


async def run(context: Context) -> list[Measurement]:
    """The ``tracing`` entry of ``python -m bench``."""
    return await measure(context)
