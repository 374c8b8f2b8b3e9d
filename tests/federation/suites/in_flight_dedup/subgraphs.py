"""Identical queries in flight together: one trip to the subgraphs serves them all.

Both subgraphs answer after 1 s so that concurrent requests overlap. Inbound and
outbound de-duplication are switched on for this suite's gateway.
"""

from tests.federation.subgraph import FED2, Subgraph

GATEWAY_ENV = {"SPBE_GATEWAY_DEDUP_INBOUND": "1", "SPBE_GATEWAY_DEDUP_OUTBOUND": "1"}

SUBGRAPHS = [
    Subgraph(
        "registry",
        FED2
        + """
        type Query { region(code: ID!): Region }
        type Region @key(fields: "code") { code: ID! name: String! }
        """,
        resolvers={"Query.region": lambda _p, _i, code: {"code": code, "name": f"Wilayah {code}"}},
        delay=1.0,
    ),
    Subgraph(
        "census",
        FED2 + 'type Region @key(fields: "code") { code: ID! population: Int! }',
        references={"Region": lambda r: {**r, "population": len(r["code"]) * 1000}},
        delay=1.0,
    ),
]
