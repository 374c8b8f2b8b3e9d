"""The whole SPBE system for access tests: five sealed subgraphs over seeded databases, the
consent registry, and the gateway in front, every hop over real HTTP.

``start_system(dsn_factory, citizens=..., seed=...)`` yields a :class:`System`: the gateway URL,
the subgraph URLs, a connection to each database, helpers to mint citizens' tokens (from a test
issuer whose JWKS the gateway trusts) and to make API keys, and :meth:`System.trail` to read the
access log of one request id.
"""

from __future__ import annotations

import importlib
import json
import time
import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric import ec
from opentelemetry.sdk.trace import TracerProvider

from gateway.access.seal import Sealer
from gateway.app import GatewayApp
from gateway.compose import SubgraphSDL, compose
from gateway.planner import build_plan
from gateway.settings import Settings
from gateway.supergraph import Supergraph
from spbe.seed import seed_population
from subgraphs.app import create_app
from subgraphs.common.linkage import Linkage
from tests.conftest import ServiceDsn
from tests.gateway.access.registry import add_key, prepare_registry
from tests.gateway.executor.subgraphs import serve as serve_gateway
from tests.subgraphs.harness import serve

__all__ = ["ISSUER", "LINKAGE", "SECRET", "SERVICES", "Response", "System", "start_system"]

SERVICES = ("identity", "health", "education", "police", "social", "civilservice", "payments", "consent")
SECRET = "5e" * 32
#: The statistics linkage secret of social, education and health (never the gateway's).
LINKAGE = Linkage.from_hex("1a" * 32)
ISSUER = "https://sso.test.spbe.go.id"


@dataclass
class Response:
    status: int
    body: dict[str, Any]
    request_id: str

    @property
    def data(self) -> Any:
        return self.body.get("data")

    @property
    def errors(self) -> list[dict[str, Any]]:
        return list(self.body.get("errors") or [])

    def codes(self) -> dict[tuple[Any, ...], str]:
        """Error code by path."""
        return {tuple(e.get("path") or ()): e["extensions"]["code"] for e in self.errors}


@dataclass
class System:
    gateway: str
    subgraphs: dict[str, str]
    db: dict[str, asyncpg.Connection]
    issuer_key: ec.EllipticCurvePrivateKey
    app: GatewayApp
    client: httpx.AsyncClient = field(default_factory=lambda: httpx.AsyncClient(timeout=60))

    def token(self, nik: str, *, ttl: int = 600, **claims: Any) -> str:
        now = int(time.time())
        body = {"iss": ISSUER, "aud": "spbe-graph", "sub": nik, "iat": now, "exp": now + ttl, **claims}
        return jwt.encode(body, self.issuer_key, algorithm="ES256", headers={"kid": "test"})

    async def key(self, agency: str, scopes: Sequence[str], **options: Any) -> str:
        return await add_key(self.db["consent"], agency, scopes, **options)

    async def ask(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        key: str | None = None,
        token: str | None = None,
        purpose: str | None = None,
        method: str = "POST",
        headers: dict[str, str] | None = None,
        operation_name: str | None = None,
    ) -> Response:
        request_id = uuid.uuid4().hex
        sent = {"accept": "application/graphql-response+json", "x-request-id": request_id, **(headers or {})}
        if key:
            sent["x-api-key"] = key
        if token:
            sent["authorization"] = f"Bearer {token}"
        if purpose:
            sent["x-purpose"] = purpose
        payload: dict[str, Any] = {"query": query}
        if variables is not None:
            payload["variables"] = variables
        if operation_name:
            payload["operationName"] = operation_name
        if method == "GET":
            params = {k: json.dumps(v) if k == "variables" else v for k, v in payload.items()}
            response = await self.client.get(self.gateway, params=params, headers=sent)
        else:
            response = await self.client.post(self.gateway, json=payload, headers=sent)
        return Response(response.status_code, response.json(), request_id)

    async def trail(self, request_id: str) -> list[asyncpg.Record]:
        return await self.db["consent"].fetch(
            "select subject_nik, category, decision, basis, reason, agency, actor_nik, purpose, fields,"
            " operation_name, key_id from access_log where request_id = $1 order by subject_nik, category",
            request_id,
        )


def _sdl(service: str) -> str:
    schema = importlib.import_module(f"subgraphs.{service}.schema").schema
    result = schema.execute_sync("{ _service { sdl } }")
    assert result.errors is None, result.errors
    return str(result.data["_service"]["sdl"])


@asynccontextmanager
async def start_system(
    dsn_factory: ServiceDsn,
    tmp: Path,
    *,
    citizens: int = 200,
    seed: int = 5,
    dedup_inbound: bool = True,
    tracer_providers: Mapping[str, TracerProvider] | None = None,
) -> AsyncIterator[System]:
    """``tracer_providers``: by service name and ``gateway``, where each one's spans go."""
    tracing = tracer_providers or {}
    dsns = {service: await dsn_factory(service) for service in SERVICES}
    await seed_population({s: dsns[s] for s in SERVICES if s != "consent"}, citizens=citizens, seed=seed)
    issuer_key = ec.generate_private_key(ec.SECP256R1())
    public = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(issuer_key.public_key()))
    jwks = tmp / "jwks.json"
    jwks.write_text(json.dumps({"keys": [{**public, "kid": "test", "alg": "ES256", "use": "sig"}]}))
    sealer = Sealer(bytes.fromhex(SECRET))
    async with AsyncExitStack() as stack:
        db = {s: await asyncpg.connect(dsns[s]) for s in SERVICES}
        for conn in db.values():
            stack.push_async_callback(conn.close)
        await prepare_registry(db["consent"])
        urls = {
            s: await stack.enter_async_context(
                serve(create_app(s, dsns[s], sealer=sealer, tracer_provider=tracing.get(s), linkage=LINKAGE))
            )
            + "/graphql"
            for s in SERVICES
        }
        supergraph = Supergraph.parse(compose([SubgraphSDL(s, urls[s], _sdl(s)) for s in SERVICES]))
        settings = Settings(
            access_dsn=dsns["consent"],
            subgraph_secret=SECRET,
            jwt_issuer=ISSUER,
            jwt_jwks=str(jwks),
            dedup_inbound=dedup_inbound,
            subgraph_timeout=10,
            subgraph_timeouts=(),  # 10 s for every service: the test machine is shared
        )
        app = GatewayApp(settings, supergraph, build_plan, tracer_provider=tracing.get("gateway"))
        await app.startup()
        stack.push_async_callback(app.shutdown)
        gateway = await stack.enter_async_context(serve_gateway(app))
        system = System(gateway=gateway, subgraphs=urls, db=db, issuer_key=issuer_key, app=app)
        stack.push_async_callback(system.client.aclose)
        yield system
