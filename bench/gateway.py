"""Gateway benchmarks: the subgraph HTTP client (aiohttp against httpx) and the pipeline on the
bench rig's heavy query (docs/gateway.md, "Speed").

* ``transport``: a local subgraph stand-in (a separate process answering a 6 KiB JSON body) is
  called with 20 requests in flight by the gateway's transport (aiohttp) and, for comparison, by
  the same POST on ``httpx`` (kept here only: the gateway itself has one HTTP client library);
  requests/s and client CPU per request.
* ``rig``: the rig's ``run-perf.sh`` itself (wrk, 50 connections, the gateway as
  ``python -m gateway`` pinned to one core) with inbound de-duplication on and off, one short run
  each.
* ``pipeline``: when the bench rig is installed (its ``setup.sh /tmp/bench-rig``, or the folder
  in ``$BENCH_RIG``; docs/gateway.md, "Speed") and Node is present, its four subgraphs are
  started and the rig's 88 KiB query runs through parse-cache -> plan-cache -> execute -> shape
  -> orjson in this process, one at a time; requests/s, CPU per request and subgraph calls per
  request. The full rig with 50 connections and the peers: ``/tmp/bench-rig/run-perf.sh`` (see
  docs/gateway.md).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import orjson

from bench.measurement import Context, Measurement
from gateway.settings import Settings
from gateway.transport import Transport

__all__ = ["run"]

_ANSWER = orjson.dumps(
    {
        "data": {
            "_entities": [
                {"__typename": "Product", "upc": str(i), "name": "x" * 40, "price": i, "weight": i}
                for i in range(60)
            ]
        }
    }
)
_SERVER = """
import sys, uvicorn
body = sys.stdin.buffer.read()
async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    while (await receive()).get("more_body"):
        pass
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})
port = int(sys.argv[1])
uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", loop="uvloop", http="httptools")
"""


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _wait(url: str) -> None:
    import aiohttp

    async with aiohttp.ClientSession() as session:
        for _ in range(200):
            try:
                async with session.get(url) as response:
                    await response.read()
                    return
            except aiohttp.ClientError:
                await asyncio.sleep(0.05)
    raise RuntimeError(f"{url} did not come up")


class _HttpxTransport:
    """The gateway's subgraph POST on ``httpx``, as the transport measurement's yardstick."""

    def __init__(self) -> None:
        import httpx

        limits = httpx.Limits(max_connections=None, max_keepalive_connections=128)
        headers = {"content-type": "application/json", "accept": "application/json"}
        self._client = httpx.AsyncClient(timeout=30, limits=limits, headers=headers)

    async def post(self, url: str, body: bytes, *, shareable: bool = True, caller: object = None) -> bytes:
        return (await self._client.post(url, content=body)).content

    async def close(self) -> None:
        await self._client.aclose()


async def _transports(duration: float) -> list[Measurement]:
    from gateway.app import make_transport

    port = _port()
    server = subprocess.Popen([sys.executable, "-c", _SERVER, str(port)], stdin=subprocess.PIPE)
    assert server.stdin is not None
    server.stdin.write(_ANSWER)
    server.stdin.close()
    url = f"http://127.0.0.1:{port}/graphql"
    rows = []
    try:
        await _wait(url)
        body = orjson.dumps(
            {"query": "query($representations:[_Any!]!){_entities(representations:$r){__typename}}"}
        )
        for kind in ("aiohttp", "httpx"):
            transport: Transport = (
                make_transport(Settings(dedup_outbound=False)) if kind == "aiohttp" else _HttpxTransport()
            )
            for _ in range(50):
                await transport.post(url, body)
            done = 0
            stop = time.perf_counter() + duration

            async def worker(transport: Transport = transport, stop: float = stop) -> None:
                nonlocal done
                while time.perf_counter() < stop:
                    await transport.post(url, body)
                    done += 1

            started, cpu = time.perf_counter(), time.process_time()
            await asyncio.gather(*(worker() for _ in range(20)))
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            await transport.close()
            rows.append(
                Measurement(
                    "gateway",
                    f"transport {kind}, 20 in flight",
                    done / elapsed,
                    "req/s",
                    f"client CPU {cpu / done * 1e6:,.0f} us/request",
                )
            )
    finally:
        server.terminate()
        server.wait()
    return rows


async def _pipeline(duration: float) -> list[Measurement]:
    rig = Path(os.environ.get("BENCH_RIG", "/tmp/bench-rig"))
    if not (rig / "subgraphs" / "subgraphs.mjs").exists() or shutil.which("node") is None:
        return [
            Measurement(
                "gateway", "pipeline on the rig query", 0.0, "req/s", f"skipped: no bench rig at {rig}"
            )
        ]
    from gateway.pipeline import Pipeline
    from gateway.planner import build_plan
    from gateway.supergraph import Supergraph
    from gateway.transport import AiohttpTransport

    port = _port()
    env = {**os.environ, "PORT": str(port), "HOST": "127.0.0.1"}
    node = subprocess.Popen(
        ["node", str(rig / "subgraphs" / "subgraphs.mjs")],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    rows = []
    try:
        await _wait(f"http://127.0.0.1:{port}/health")
        sdl = (
            (rig / "supergraph.benchmark.graphql").read_text().replace("127.0.0.1:14200", f"127.0.0.1:{port}")
        )
        request = orjson.loads((rig / "body.json").read_bytes())
        expected = orjson.loads((rig / "expected-response.json").read_bytes())
        transport = AiohttpTransport()
        pipeline = Pipeline(Supergraph.parse(sdl), build_plan, transport)
        prepared = pipeline.prepare(request["query"], request.get("operationName"))
        answer = await pipeline.run(prepared, request.get("variables"))
        done, calls = 0, transport.calls
        stop = time.perf_counter() + duration
        started, cpu = time.perf_counter(), time.process_time()
        while time.perf_counter() < stop:
            orjson.dumps(await pipeline.run(prepared, request.get("variables")))
            done += 1
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        await transport.close()
        rows.append(
            Measurement(
                "gateway",
                "pipeline on the rig query, 1 at a time",
                done / elapsed,
                "req/s",
                f"CPU {cpu / done * 1e3:.2f} ms/request, "
                f"{(transport.calls - calls) / done:.1f} subgraph calls/request, "
                f"answer {'matches' if answer == expected else 'DIFFERS FROM'} expected-response.json",
            )
        )
    finally:
        node.terminate()
        node.wait()
    return rows


def _rig(duration: float) -> list[Measurement]:
    """The rig's own run (wrk, 50 connections, gateway pinned to one core), dedup on and off."""
    rig = Path(os.environ.get("BENCH_RIG", "/tmp/bench-rig"))
    script = rig / "run-perf.sh"
    if not script.exists():
        return [Measurement("gateway", "bench rig", 0.0, "req/s", f"skipped: no {script}")]
    root = Path(__file__).resolve().parents[1]
    rows = []
    for name, flag in (("bench-ours", ""), ("bench-ours-nodedup", " --no-dedup-inbound")):
        command = (
            f"env PYTHONPATH={root} {sys.executable} -m gateway --supergraph {{SUPERGRAPH}} "
            f"--host 127.0.0.1 --port {{PORT}}{flag}"
        )
        seconds = str(max(int(duration), 2))
        done = subprocess.run(
            [str(script), "-n", name, "-d", seconds, "-r", "1", "-w", "1", "-g", command],
            cwd=rig,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        line = next((row for row in done.stdout.splitlines() if row.startswith(name + " ")), None)
        if line is None:
            rows.append(Measurement("gateway", f"rig {name}", 0.0, "req/s", "failed: " + done.stdout[-200:]))
            continue
        cells = line.split()
        rps, p99, errors, peak, sg = cells[2], cells[5], cells[7], cells[9], cells[12]
        detail = f"p99 {p99} ms, {errors} errors, peak RSS {peak} MB, {sg} subgraph calls/request"
        rows.append(
            Measurement(
                "gateway", f"rig, inbound de-dup {'off' if flag else 'on'}", float(rps), "req/s", detail
            )
        )
    return rows


async def run(context: Context) -> list[Measurement]:
    """The gateway entry of ``python -m bench``."""
    rows = [*await _transports(context.duration), *await _pipeline(context.duration)]
    return [*rows, *await asyncio.to_thread(_rig, context.duration)]
