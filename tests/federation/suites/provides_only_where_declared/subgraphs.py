"""An @external field is trusted only on the path whose @provides declares it.

``shop`` can return ``Product.name`` under ``featured`` (which provides it) but its other
root field ``all`` does not provide it: there ``name`` must come from ``catalog``. The shop
answers ``"STALE"`` wherever it is asked out of place, so a wrong plan shows in the data.
"""

from tests.federation.subgraph import FED2, Subgraph

SUBGRAPHS = [
    Subgraph(
        "shop",
        FED2
        + """
        type Query {
          featured: [Product!]! @provides(fields: "name")
          all: [Product!]!
        }
        type Product @key(fields: "id") { id: ID! name: String! @external discount: Int! }
        """,
        resolvers={
            "Query.featured": lambda _p, _i: [{"id": "p1", "name": "Teh", "discount": 5}],
            "Query.all": lambda _p, _i: [
                {"id": "p1", "name": "STALE", "discount": 5},
                {"id": "p2", "name": "STALE", "discount": 0},
            ],
        },
        references={"Product": lambda r: {**r, "name": "STALE", "discount": 5 if r["id"] == "p1" else 0}},
    ),
    Subgraph(
        "catalog",
        FED2 + 'type Product @key(fields: "id") { id: ID! name: String! @shareable }',
        references={"Product": lambda r: {**r, "name": {"p1": "Teh", "p2": "Kopi"}[r["id"]]}},
    ),
]
