"""The guarded citizen supergraph of ``fixtures/`` (people + health), its two subgraphs as
in-process fixtures, and a transport that answers from them and records what each caller asked."""

from __future__ import annotations

import asyncio
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import orjson
from graphql import graphql

from gateway.access.caller import CallerKind
from gateway.access.rights import PUBLIC, Rights
from gateway.supergraph import Supergraph
from tests.gateway.executor.subgraphs import FixtureSubgraph

__all__ = [
    "AGENCY",
    "AGENCY_WITHOUT_PURPOSE",
    "ANONYMOUS",
    "CITIZEN",
    "CITIZENS",
    "HEALTH_URL",
    "PEOPLE_URL",
    "RecordingTransport",
    "asked",
    "health",
    "people",
    "supergraph",
]

FIXTURES = Path(__file__).parent / "fixtures"

ANONYMOUS = PUBLIC
AGENCY = Rights(kind=CallerKind.AGENCY, scopes=frozenset({"health:read", "identity:read"}), has_purpose=True)
AGENCY_WITHOUT_PURPOSE = Rights(
    kind=CallerKind.AGENCY, scopes=frozenset({"health:read", "identity:read"}), has_purpose=False
)
CITIZEN = Rights(kind=CallerKind.CITIZEN, scopes=frozenset({"citizen"}), has_purpose=False)

CITIZENS: list[dict[str, Any]] = [
    {
        "__typename": "Citizen",
        "id": f"c{i}",
        "nik": f"320100000000000{i}",
        "name": f"Warga {i}",
        "address": f"Jalan {i}",
    }
    for i in range(5)
]
HEALTH = {
    c["nik"]: {"health": {"bpjs": f"000{i}", "careClass": 1 + i % 3}, "bloodType": "O"}
    for i, c in enumerate(CITIZENS)
}
AGENCIES = [{"__typename": "Agency", "id": "a1", "code": "DKB", "name": "Dukcapil", "budget": 7, "memo": "x"}]


PEOPLE_URL = "http://people.test/graphql"
HEALTH_URL = "http://health.test/graphql"


def supergraph() -> Supergraph:
    """Composed by gateway.compose from fixtures/people.graphql and fixtures/health.graphql."""
    return Supergraph.parse((FIXTURES / "supergraph.graphql").read_text())


def people() -> FixtureSubgraph:
    return FixtureSubgraph(
        """
        type Query { citizens: [Citizen!] me: Citizen search(text: String!): [Result!]! node(id: ID!): Node
                     agencies: [Agency!]! notices: [Notice!]! }
        interface Node { id: ID! }
        union Result = Citizen | Agency
        type Citizen implements Node { id: ID! nik: String! name: String! address: String }
        type Agency implements Node { id: ID! code: String! name: String! budget: Int memo: String }
        type Notice { title: String! internal: Memo }
        type Memo { text: String }
        """,
        resolvers={
            "Query.citizens": lambda *_: CITIZENS,
            "Query.me": lambda *_: CITIZENS[0],
            "Query.search": lambda *_, text: [*CITIZENS[:2], *AGENCIES],
            "Query.node": lambda *_, id: next((x for x in [*CITIZENS, *AGENCIES] if x["id"] == id), None),
            "Query.agencies": lambda *_: AGENCIES,
            "Query.notices": lambda *_: [{"title": "Libur", "internal": {"text": "rahasia"}}],
        },
        entities={"Citizen": lambda rep: next((c for c in CITIZENS if c["nik"] == rep["nik"]), None)},
    )


def health() -> FixtureSubgraph:
    return FixtureSubgraph(
        """
        type Query { _health: Int }
        type Citizen { nik: String! health: HealthRecord bloodType: String }
        type HealthRecord { bpjs: String careClass: Int }
        """,
        entities={"Citizen": lambda rep: {"nik": rep["nik"], **HEALTH[rep["nik"]]}},
    )


#: the subgraph queries the current task asked (set per task by :func:`asked`)
_ASKED: ContextVar[list[str] | None] = ContextVar("asked", default=None)


def asked() -> list[str]:
    """Start recording the subgraph queries of the current task; returns the list."""
    queries: list[str] = []
    _ASKED.set(queries)
    return queries


class RecordingTransport:
    """Answers subgraph requests from in-process fixture subgraphs, by URL; every query is
    recorded in ``queries`` and in the current task's :func:`asked` list."""

    def __init__(self, subgraphs: dict[str, FixtureSubgraph]) -> None:
        self.subgraphs = subgraphs
        self.queries: list[str] = []
        self.calls = 0

    async def post(
        self, url: str, body: bytes, *, shareable: bool = True, caller: Any = None, headers: Any = None
    ) -> bytes:
        request = orjson.loads(body)
        self.calls += 1
        self.queries.append(request["query"])
        mine = _ASKED.get()
        if mine is not None:
            mine.append(request["query"])
        await asyncio.sleep(0)  # let other callers interleave
        schema = self.subgraphs[url].schema
        result = await graphql(schema, request["query"], variable_values=request.get("variables"))
        payload: dict[str, Any] = {"data": result.data}
        if result.errors:
            payload["errors"] = [error.formatted for error in result.errors]
        return orjson.dumps(payload)

    async def close(self) -> None:
        return None
