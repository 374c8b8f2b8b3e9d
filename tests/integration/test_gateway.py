"""End to end: ``python -m gateway`` as its own process, the real planner, fixture subgraphs
over real HTTP."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path

import httpx
import pytest

from tests.gateway.executor import shop
from tests.gateway.executor.subgraphs import FixtureSubgraph, serve

ROOT = Path(__file__).resolve().parents[2]


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Running:
    def __init__(self, url: str, subgraphs: tuple[FixtureSubgraph, ...]) -> None:
        self.url = url
        self.accounts, self.products, self.reviews = subgraphs

    async def query(self, query: str, variables: dict[str, object] | None = None) -> dict[str, object]:
        async with httpx.AsyncClient(timeout=10) as client:
            response = await client.post(self.url, json={"query": query, "variables": variables})
        assert response.status_code == 200
        result: dict[str, object] = response.json()
        return result


@pytest.fixture(scope="module")
async def running(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Running]:
    subgraphs = (shop.accounts(), shop.products(), shop.reviews())
    async with AsyncExitStack() as stack:
        urls = [await stack.enter_async_context(serve(s)) for s in subgraphs]
        path = tmp_path_factory.mktemp("gateway") / "supergraph.graphql"
        path.write_text(shop.supergraph_sdl(*urls))
        port = _port()
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "gateway",
            "--supergraph",
            str(path),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        try:
            url = f"http://127.0.0.1:{port}/graphql"
            async with httpx.AsyncClient() as client:
                for _ in range(200):
                    try:
                        if (await client.post(url, json={"query": "{ __typename }"})).status_code == 200:
                            break
                    except httpx.TransportError:
                        await asyncio.sleep(0.05)
            yield Running(url, subgraphs)
        finally:
            process.terminate()
            await process.wait()


async def test_a_query_across_three_subgraphs(running: Running) -> None:
    result = await running.query(
        "query($n: Int) { topProducts(first: $n) { name r: reviews { body author { name } } } }", {"n": 1}
    )
    assert result == {
        "data": {
            "topProducts": [
                {
                    "name": "Batik",
                    "r": [
                        {"body": "Bagus", "author": {"name": "Ada"}},
                        {"body": "Mantap", "author": {"name": "Budi"}},
                    ],
                }
            ]
        }
    }


async def test_partial_data_with_subgraph_errors_in_client_paths(running: Running) -> None:
    result = await running.query("{ topProducts(first: 2) { upc color reviews { body } } }")
    assert result["data"] == {
        "topProducts": [
            {"upc": "p1", "color": "RED", "reviews": [{"body": "Bagus"}, {"body": "Mantap"}]},
            {"upc": "p2", "color": None, "reviews": None},
        ]
    }
    errors = result["errors"]
    assert isinstance(errors, list)
    # p2's colour is an @inaccessible value: null without an error
    [error] = errors
    assert error["path"] == ["topProducts", 1, "reviews"]
    assert error["extensions"]["serviceName"] == "reviews"


async def test_fragments_aliases_and_typename(running: Running) -> None:
    result = await running.query(
        '{ product(upc: "p1") { ...P kind: __typename } } fragment P on Product { upc reviews { id } }'
    )
    assert result == {
        "data": {"product": {"upc": "p1", "reviews": [{"id": "r1"}, {"id": "r2"}], "kind": "Product"}}
    }


def test_an_unreadable_supergraph_ends_the_process_with_a_clear_message(tmp_path: Path) -> None:
    missing = subprocess.run(
        [sys.executable, "-m", "gateway", "--supergraph", str(tmp_path / "nope.graphql")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert missing.returncode == 2
    assert "cannot read the supergraph" in missing.stderr
    assert "Traceback" not in missing.stderr
    broken = tmp_path / "broken.graphql"
    broken.write_text("type Query {")
    invalid = subprocess.run(
        [sys.executable, "-m", "gateway", "--supergraph", str(broken)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert invalid.returncode == 2
    assert "invalid supergraph" in invalid.stderr
    assert "Traceback" not in invalid.stderr


async def test_composing_at_start_from_subgraph_urls() -> None:
    subgraphs = (shop.accounts(), shop.products(), shop.reviews())
    async with AsyncExitStack() as stack:
        urls = [await stack.enter_async_context(serve(s)) for s in subgraphs]
        port = _port()
        named = [
            f"--subgraph={name}={url}"
            for name, url in zip(("accounts", "products", "reviews"), urls, strict=True)
        ]
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "gateway",
            *named,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        try:
            url = f"http://127.0.0.1:{port}/graphql"
            async with httpx.AsyncClient(timeout=10) as client:
                for _ in range(200):
                    try:
                        ready = await client.post(url, json={"query": "{ __typename }"})
                        if ready.status_code == 200:
                            break
                    except httpx.TransportError:
                        await asyncio.sleep(0.05)
                answer = await client.post(
                    url, json={"query": '{ product(upc: "p1") { name reviews { author { name } } } }'}
                )
        finally:
            process.terminate()
            await process.wait()
    assert answer.json() == {
        "data": {
            "product": {
                "name": "Batik",
                "reviews": [{"author": {"name": "Ada"}}, {"author": {"name": "Budi"}}],
            }
        }
    }
