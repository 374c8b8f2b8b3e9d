"""``python -m gateway --workers 2`` as its own process: both workers serve, every request is
logged as one JSON line, and SIGTERM lets a request in flight finish before the process exits."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from contextlib import AsyncExitStack
from pathlib import Path

import httpx
import orjson
import pytest

from tests.gateway.executor import shop
from tests.gateway.executor.subgraphs import serve

ROOT = Path(__file__).resolve().parents[3]
SLOW = 1.0  # seconds the products subgraph takes to answer


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _workers(pid: int) -> list[int]:
    """The uvicorn worker processes (spawned children) of ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid and b"spawn_main" in command and b"resource_tracker" not in command:
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="counts worker processes in /proc")
async def test_two_workers_serve_and_sigterm_lets_the_request_in_flight_finish(tmp_path: Path) -> None:
    products = shop.products(delay=SLOW)
    async with AsyncExitStack() as stack:
        subgraphs = (shop.accounts(), products, shop.reviews())
        urls = [await stack.enter_async_context(serve(s)) for s in subgraphs]
        supergraph = tmp_path / "supergraph.graphql"
        supergraph.write_text(shop.supergraph_sdl(*urls))
        port = _port()
        env = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "gateway", "--supergraph", str(supergraph), "--port", str(port),
            "--workers", "2", "--access-log", cwd=ROOT, env={**env, "PYTHONPATH": str(ROOT)},
            stderr=asyncio.subprocess.PIPE,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            async with httpx.AsyncClient(timeout=10) as client:
                for _ in range(300):
                    try:
                        if (await client.get(f"{base}/healthz")).status_code == 200:
                            break
                    except httpx.TransportError:
                        await asyncio.sleep(0.05)
                assert len(_workers(process.pid)) == 2

            async def fast(client: httpx.AsyncClient) -> int:
                response = await client.post(f"{base}/graphql", json={"query": "query Me { me { name } }"})
                assert response.json() == {"data": {"me": {"name": "Ada"}}}
                return response.status_code

            # separate connections, so that the kernel spreads them over both workers
            clients = [await stack.enter_async_context(httpx.AsyncClient(timeout=10)) for _ in range(20)]
            assert await asyncio.gather(*(fast(c) for c in clients)) == [200] * 20

            async with httpx.AsyncClient(timeout=10) as client:
                slow = asyncio.create_task(
                    client.post(f"{base}/graphql", json={"query": '{ product(upc: "p1") { name } }'})
                )
                while not products.requests:  # the request is in flight in a worker
                    await asyncio.sleep(0.01)
                process.send_signal(signal.SIGTERM)
                response = await slow
            assert response.status_code == 200
            assert response.json() == {"data": {"product": {"name": "Batik"}}}
            assert await asyncio.wait_for(process.wait(), 10) == 0
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
        assert process.stderr is not None
        output = (await process.stderr.read()).splitlines()
        lines = [orjson.loads(line) for line in output if line.startswith(b"{")]
    logged = [line for line in lines if line.get("logger") == "gateway.access_log"]
    assert len(logged) == 21
    assert {line["operation"] for line in logged} == {"Me", "anonymous"}
    assert all(line["status"] == 200 for line in logged)
