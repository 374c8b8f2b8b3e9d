"""A single subgraph to check that invalid requests never reach a subgraph."""

from tests.federation.subgraph import FED2, Subgraph

SUBGRAPHS = [
    Subgraph(
        "registry",
        FED2 + "type Query { region(code: ID!): Region }\ntype Region { code: ID! name: String! }",
        resolvers={"Query.region": lambda _p, _i, code: {"code": code, "name": "Bali"}},
    ),
]
