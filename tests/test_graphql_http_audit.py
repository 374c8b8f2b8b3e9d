"""GraphQL-over-HTTP conformance: graphql-http's server audit (tools/graphql-http-audit, pinned)
against the gateway, in front of fixture subgraphs, and against a real SPBE subgraph (identity,
unsealed: the audit cannot sign). Every MUST and every SHOULD has to pass (docs/gateway.md,
"GraphQL over HTTP conformance"); a SHOULD let go on purpose goes in KNOWN_SHOULDS with why."""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import pytest

from gateway.app import GatewayApp
from gateway.planner import build_plan
from gateway.settings import Settings
from gateway.supergraph import Supergraph
from subgraphs.app import create_app
from tests.conftest import ServiceDsn
from tests.gateway.executor import shop
from tests.gateway.executor.subgraphs import serve
from tests.subgraphs.harness import serve as serve_with_lifespan

TOOL_DIR = Path(__file__).resolve().parents[1] / "tools" / "graphql-http-audit"
INSTALLED = TOOL_DIR / "node_modules" / "graphql-http" / "package.json"


def _skip_reason() -> str | None:
    if shutil.which("node") is None:
        return "Node.js is needed for the graphql-http audit"
    if not INSTALLED.exists():
        return "the audit tool is not installed: run `npm ci --prefix tools/graphql-http-audit`"
    return None


pytestmark = [pytest.mark.node, pytest.mark.skipif(_skip_reason() is not None, reason=str(_skip_reason()))]

#: SHOULDs that fail on purpose, by audit id, with the reason (docs/gateway.md).
KNOWN_SHOULDS: dict[str, dict[str, str]] = {
    "gateway": {},
    "identity": {},
}


async def audit(url: str) -> list[dict[str, Any]]:
    """The audit results for ``url`` (tools/graphql-http-audit/audit.mjs)."""
    process = await asyncio.create_subprocess_exec(
        "node", str(TOOL_DIR / "audit.mjs"), url,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode in (0, 1), err.decode()
    results: list[dict[str, Any]] = json.loads(out)["audits"]
    return results


def check(name: str, results: list[dict[str, Any]]) -> None:
    assert len(results) > 30, results  # the whole suite ran
    failing = [r for r in results if r["status"] != "ok"]
    for result in failing:
        why = KNOWN_SHOULDS[name].get(result["id"], "")
        print(f"{name}: {result['status']} {result['id']} {result['name']}: {result['reason']}. {why}")
    musts = [f"{r['id']} {r['name']}: {r['reason']}" for r in failing if r["level"] == "MUST"]
    assert musts == [], "\n".join(musts)
    shoulds = {r["id"]: r["name"] for r in failing if r["level"] == "SHOULD"}
    assert shoulds.keys() == KNOWN_SHOULDS[name].keys(), shoulds


@pytest.fixture
async def gateway_url() -> AsyncIterator[str]:
    subgraphs = (shop.accounts(), shop.products(), shop.reviews())
    async with AsyncExitStack() as stack:
        urls = [await stack.enter_async_context(serve(s)) for s in subgraphs]
        app = GatewayApp(Settings(), Supergraph.parse(shop.supergraph_sdl(*urls)), build_plan)
        stack.push_async_callback(app.transport.close)
        yield await stack.enter_async_context(serve(app))


async def test_gateway_passes_every_must(gateway_url: str) -> None:
    check("gateway", await audit(gateway_url))


async def test_identity_subgraph_passes_every_must(service_dsn: ServiceDsn) -> None:
    app = create_app("identity", await service_dsn("identity"))
    async with serve_with_lifespan(app) as base:
        check("identity", await audit(f"{base}/graphql"))
