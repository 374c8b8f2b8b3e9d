"""Benchmark: ``_entities`` throughput of each subgraph over real HTTP (docs/benchmarks.md).

Each subgraph runs under uvicorn in its own process (bench/server.py) over the seeded scratch
databases. A client sends ``_entities`` requests for batches of 1, 100 and 1,000 ``Citizen``
representations (distinct citizens, rotating through a sample) with a few requests in flight,
for ``--duration`` seconds per case, and reports requests per second and the SQL statements
the subgraph ran per request.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator

import aiohttp
import asyncpg
import orjson

from bench.databases import seeded_databases
from bench.measurement import Context, Measurement

__all__ = ["SELECTIONS", "run"]

CONCURRENCY = 4
#: Population the entries need when run without a prior seeding entry.
MIN_CITIZENS = 10_000

#: A representative selection of each service's fields of ``Citizen``.
SELECTIONS: dict[str, str] = {
    "identity": "nik fullName sex birthDate religion maritalStatus age village { code name } family { kk }",
    "health": (
        "health { bpjs { cardNumber careClass pbi active primaryCareFacility { code name } }"
        " immunizations { vaccine dose givenOn } encounters { occurredOn diagnosis { code name } }"
        " allergies { substance severity } }"
    ),
    "education": (
        "education { nisn enrollments { level grade status school { npsn name } }"
        " certificates { level year school { name } } }"
    ),
    "police": (
        "police { drivingLicences { number licenceClass status expiresOn }"
        " clearanceCertificates { number expiresOn finding } vehicles { plate kind make model } }"
    ),
    "social": (
        "social { household { kk decile assessedOn } benefits { programme recipient periodStart amount status"
        " disbursements { paidOn channel amount } } }"
    ),
    "civilservice": "civilService { nip kind grade position appointedOn active agency { code name level } }",
    "payments": (
        "payments { billingCode kind amount billedOn status channel paidOn ntpn period"
        " drivingLicence { holderNik number } clearanceCertificate { number } bpjsMembership { cardNumber } }"
    ),
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.asynccontextmanager
async def _subgraph(service: str, dsn: str, session: aiohttp.ClientSession) -> AsyncIterator[str]:
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "bench.server", service, dsn, str(port)])
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            if process.poll() is not None:
                raise RuntimeError(f"the {service} subgraph exited with status {process.returncode}")
            with contextlib.suppress(aiohttp.ClientError):
                async with session.get(f"{base}/health") as response:
                    if response.status == 200:
                        break
            await asyncio.sleep(0.1)
        else:
            raise RuntimeError(f"the {service} subgraph did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


async def _statements(session: aiohttp.ClientSession, base: str) -> int:
    async with session.get(f"{base}/_bench/statements") as response:
        count: int = (await response.json())["statements"]
        return count


async def _case(
    session: aiohttp.ClientSession, base: str, service: str, niks: list[str], batch: int, duration: float
) -> tuple[int, float, int]:
    """Run one case; return (requests, seconds, statements)."""
    query = (
        "query($representations: [_Any!]!) { _entities(representations: $representations) "
        f"{{ ... on Citizen {{ {SELECTIONS[service]} }} }} }}"
    )
    bodies = []
    for start in range(0, len(niks) - batch + 1, batch):
        reps = [{"__typename": "Citizen", "nik": nik} for nik in niks[start : start + batch]]
        bodies.append(orjson.dumps({"query": query, "variables": {"representations": reps}}))
    headers = {"content-type": "application/json"}

    async def send(body: bytes) -> None:
        async with session.post(f"{base}/graphql", data=body, headers=headers) as response:
            payload = orjson.loads(await response.read())
        if response.status != 200 or payload.get("errors") or len(payload["data"]["_entities"]) != batch:
            raise RuntimeError(f"{service} _entities failed: HTTP {response.status}, {payload.get('errors')}")

    for body in bodies[:2]:
        await send(body)  # warm up: pool connections, prepared statements
    before = await _statements(session, base)
    requests = 0
    started = time.perf_counter()
    deadline = started + duration

    async def worker(k: int) -> None:
        nonlocal requests
        i = k
        while time.perf_counter() < deadline:
            await send(bodies[i % len(bodies)])
            requests += 1
            i += CONCURRENCY

    await asyncio.gather(*(worker(k) for k in range(CONCURRENCY)))
    seconds = time.perf_counter() - started
    return requests, seconds, await _statements(session, base) - before


async def run(context: Context) -> list[Measurement]:
    wanted = max(context.batches) * 4
    dsns, _ = await seeded_databases(context, wanted, max(MIN_CITIZENS, wanted))
    conn = await asyncpg.connect(dsns["identity"])
    try:
        rows = await conn.fetch("select nik from citizen order by md5(nik) limit $1", wanted)
    finally:
        await conn.close()
    niks = [r["nik"] for r in rows]
    out = []
    async with aiohttp.ClientSession() as session:
        for service in SELECTIONS:
            async with _subgraph(service, dsns[service], session) as base:
                for batch in context.batches:
                    requests, seconds, statements = await _case(
                        session, base, service, niks, batch, context.duration
                    )
                    rate = requests / seconds
                    out.append(
                        Measurement(
                            "entities",
                            f"{service}, {batch:,} per request",
                            rate,
                            "requests/s",
                            f"{statements / requests:.1f} SQL/request, {rate * batch:,.0f} citizens/s",
                        )
                    )
    return out
