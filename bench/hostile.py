"""``python -m bench.hostile``: issue 9's attack reproductions against one gateway, with figures.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres .venv/bin/python -m bench.hostile
    ... --gateway-root /path/to/another/checkout     # the same attacks against another version

Seeds ``--citizens`` people into scratch databases, serves the five sealed subgraphs in this
process, composes, and starts ``python -m gateway`` from ``--gateway-root`` (default: this
checkout) as its own process; then sends each attack of issue 9, items 1-7, and prints what
came back, how long it took, how long ``/health`` took meanwhile, and the gateway's RSS
(docs/gateway.md, "Limits: cost and size"). The databases are dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os
import socket
import sys
import time
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from gateway.access.seal import Sealer
from gateway.compose import SubgraphSDL, compose
from spbe.database import create_database, drop_database
from spbe.migrations import migrate
from spbe.seed import seed_population
from spbe.settings import PROJECT_ROOT
from subgraphs.app import SERVICES as ALL_SERVICES
from subgraphs.app import create_app
from tests.subgraphs.harness import serve

__all__ = ["main"]

SERVICES = ALL_SERVICES
SECRET = "6b" * 32


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _rss(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _family(levels: int) -> str:
    inner = "nik"
    for _ in range(levels):
        inner = f"nik family {{ members {{ citizen {{ {inner} }} }} }}"
    return f"query($nik: String!) {{ citizen(nik: $nik) {{ {inner} }} }}"


def _bomb(levels: int) -> str:
    fragments = [f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels - 1)]
    last = f"fragment F{levels - 1} on Query {{ regions {{ code }} }}"
    return "query { ...F0 } " + " ".join([*fragments, last])


class Run:
    def __init__(self, url: str, port: int, pid: int) -> None:
        self.url = url
        self.port = port
        self.pid = pid
        self.client = httpx.AsyncClient(timeout=120)

    async def timed(self, body: dict[str, Any] | bytes, headers: dict[str, str] | None = None) -> str:
        """Status, code, size and time of one request, with /health's latency meanwhile."""
        sent = {"accept": "application/graphql-response+json", "content-type": "application/json"}
        start = time.perf_counter()
        finished: list[float] = []

        async def send() -> httpx.Response:
            try:
                if isinstance(body, dict):
                    return await self.client.post(self.url, json=body, headers=sent | (headers or {}))
                return await self.client.post(self.url, content=body, headers=sent | (headers or {}))
            finally:
                finished.append(time.perf_counter())

        task = asyncio.create_task(send())
        await asyncio.sleep(0.05)
        health_start = time.perf_counter()
        await self.client.get(f"http://127.0.0.1:{self.port}/health")
        health = time.perf_counter() - health_start
        try:
            response = await task
        except httpx.HTTPError as error:
            return f"{type(error).__name__} after {time.perf_counter() - start:.2f} s"
        took = finished[0] - start
        code = ""
        try:
            errors = response.json().get("errors") or []
            if errors:
                code = str((errors[0].get("extensions") or {}).get("code")) + ": " + errors[0]["message"][:70]
        except ValueError:
            code = response.text[:40]
        return (
            f"HTTP {response.status_code} {len(response.content):,} B in {took:.2f} s; "
            f"/health meanwhile {health:.2f} s; {code}"
        )


async def _attacks(run: Run, niks: list[str], key: str, cases: frozenset[str]) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []

    async def case(name: str, produce: Callable[[], Awaitable[str]]) -> None:
        if cases and name.split()[0] not in cases:
            return
        result = await produce()
        rows.append((name, f"{result}; RSS {_rss(run.pid):.0f} MB"))
        print(f"{name}: {rows[-1][1]}", file=sys.stderr)

    agency = {"x-api-key": key, "x-purpose": "BANSOS_ELIGIBILITY"}
    thousand = [*niks[:1000], *(f"31710101019{n:05d}" for n in range(max(0, 1000 - len(niks))))]
    await case("1 family nesting x10 (depth 31)", lambda: run.timed(
        {"query": _family(10), "variables": {"nik": niks[0]}}, agency))
    await case("1 family nesting x6", lambda: run.timed(
        {"query": _family(6), "variables": {"nik": niks[0]}}, agency))
    fields = " ".join(f"a{i}: citizens(niks: $n) {{ nik fullName }}" for i in range(100))
    await case("2 100 aliases x 1,000 NIKs", lambda: run.timed(
        {"query": f"query($n: [String!]!) {{ {fields} }}", "variables": {"n": thousand}}, agency))
    await case("3 fragment bomb, 19 levels", lambda: run.timed({"query": _bomb(19)}))
    await case("3 fragment bomb, 21 levels", lambda: run.timed({"query": _bomb(21)}))
    await case("5 variables nested 254 deep", lambda: run.timed(
        b'{"query":"{ regions { code } }","variables":{"x":' + b"[" * 254 + b"]" * 254 + b"}}"))
    await case("6 3,700 x regions { code }", lambda: run.timed(
        {"query": "{ " + " ".join(["regions { code }"] * 3700) + " }"}))

    async def documents() -> str:
        before = _rss(run.pid)
        start = time.perf_counter()
        statuses: dict[int, int] = {}
        for n in range(int(os.environ.get("HOSTILE_DOCUMENTS", "200"))):
            query = f"# {n} {os.urandom(500_000).hex()}\n{{ regions {{ code }} }}"
            response = await run.client.post(run.url, json={"query": query})
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        return (f"statuses {statuses} in {time.perf_counter() - start:.1f} s; "
                f"RSS {before:.0f} -> {_rss(run.pid):.0f} MB")

    await case("4 distinct 1 MB documents", documents)

    async def slow() -> str:
        writers = []
        readers = []
        for _ in range(200):
            reader, writer = await asyncio.open_connection("127.0.0.1", run.port)
            readers.append(reader)
            writer.write(b"POST /graphql HTTP/1.1\r\nhost: g\r\ncontent-type: application/json\r\n"
                         b"content-length: 1000\r\n\r\n{\"query\": \"{ reg")
            await writer.drain()
            writers.append(writer)
        await asyncio.sleep(12)
        open_ = 0
        statuses: dict[bytes, int] = {}
        for reader in readers:  # answered and closed: everything up to EOF is there already
            try:
                answer = await asyncio.wait_for(reader.read(), 0.05)
                status = answer.split(b" ")[1] if answer else b"closed"
                statuses[status] = statuses.get(status, 0) + 1
            except TimeoutError:
                open_ += 1
        for writer in writers:
            writer.close()
        answered = ", ".join(f"{k.decode()}: {v}" for k, v in sorted(statuses.items()))
        return f"{open_} of 200 still open after 12 s; answered and closed: {answered or 'none'}"

    await case("7 200 slow senders", slow)
    return rows


async def run(
    gateway_root: Path,
    citizens: int,
    seed: int,
    extra: tuple[str, ...] = (),
    cases: frozenset[str] = frozenset(),
) -> None:
    server = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    names = {s: f"spbe_hostile_{os.getpid()}_{s}" for s in SERVICES}
    dsn = {s: server.rsplit("/", 1)[0] + "/" + names[s] for s in SERVICES}
    for service in SERVICES:
        await drop_database(server, names[service])
        await create_database(server, names[service])
        await migrate(dsn[service], service, sql_dir=PROJECT_ROOT / "sql")
    try:
        await seed_population({s: dsn[s] for s in SERVICES if s != "consent"}, citizens=citizens, seed=seed)
        await _serve(gateway_root, dsn, extra, cases)
    finally:
        for service in SERVICES:
            await drop_database(server, names[service])


async def _serve(
    gateway_root: Path, dsn: dict[str, str], extra: tuple[str, ...], cases: frozenset[str]
) -> None:
    from tests.gateway.access.registry import add_key, add_mandate, prepare_registry

    sealer = Sealer(bytes.fromhex(SECRET))
    async with AsyncExitStack() as stack:
        urls = {s: await stack.enter_async_context(serve(create_app(s, dsn[s], sealer=sealer))) + "/graphql"
                for s in SERVICES}
        sdls = []
        for s in SERVICES:
            schema = importlib.import_module(f"subgraphs.{s}.schema").schema
            result = schema.execute_sync("{ _service { sdl } }")
            sdls.append(SubgraphSDL(s, urls[s], result.data["_service"]["sdl"]))
        path = Path(f"/tmp/hostile-supergraph-{os.getpid()}.graphql")
        path.write_text(compose(sdls))
        registry = await asyncpg.connect(dsn["consent"])
        stack.push_async_callback(registry.close)
        await prepare_registry(registry)
        key = await add_key(registry, "KEMENSOS", ["identity:read"])
        # a mandate lets the agency see every citizen's identity data, so nesting fans out
        await add_mandate(registry, agency="KEMENSOS", categories=("identity",), purpose="BANSOS_ELIGIBILITY")
        identity = await asyncpg.connect(dsn["identity"])
        # the members of the largest family first
        niks = [r["nik"] for r in await identity.fetch(
            "select nik from citizen order by count(*) over (partition by kk) desc, kk, nik")]
        await identity.close()
        port = _port()
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "gateway", "--supergraph", str(path), "--port", str(port),
            "--execution-timeout", "60", *extra, cwd=gateway_root,
            env={**os.environ, "PYTHONPATH": str(gateway_root), "SPBE_SUBGRAPH_SECRET": SECRET,
                 "SPBE_GATEWAY_ACCESS_DSN": dsn["consent"]},
        )
        try:
            async with httpx.AsyncClient() as client:
                for _ in range(600):
                    try:
                        if (await client.get(f"http://127.0.0.1:{port}/health")).status_code == 200:
                            break
                    except httpx.TransportError:
                        await asyncio.sleep(0.1)
            run_ = Run(f"http://127.0.0.1:{port}/graphql", port, process.pid)
            print(f"gateway from {gateway_root}: RSS at start {_rss(process.pid):.0f} MB", file=sys.stderr)
            rows = await _attacks(run_, niks, key, cases)
            await run_.client.aclose()
        finally:
            process.kill()
            await process.wait()
    width = max(len(name) for name, _ in rows)
    print(f"gateway: {gateway_root} {' '.join(extra)}")
    for name, result in rows:
        print(f"{name.ljust(width)}  {result}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hostile", description=__doc__)
    parser.add_argument("--gateway-root", type=Path, default=PROJECT_ROOT)
    parser.add_argument("--citizens", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--gateway-arg", action="append", default=[], metavar="ARG",
                        help="pass ARG to python -m gateway (repeat), e.g. --gateway-arg=--max-query-bytes=0")
    parser.add_argument("--cases", default="", help="only these item numbers, e.g. 1,2 (default: all)")
    args = parser.parse_args(argv)
    cases = frozenset(c.strip() for c in args.cases.split(",") if c.strip())
    asyncio.run(run(args.gateway_root.resolve(), args.citizens, args.seed, tuple(args.gateway_arg), cases))
    return 0


if __name__ == "__main__":
    sys.exit(main())
