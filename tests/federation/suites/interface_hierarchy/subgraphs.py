"""Interfaces implementing interfaces, with implementation fields in another subgraph."""

from typing import Any

from tests.federation.subgraph import FED2, Subgraph

DOCS: list[dict[str, Any]] = [
    {"__typename": "Letter", "id": "l1", "title": "Undangan"},
    {"__typename": "Memo", "id": "m1", "title": "Rapat"},
]

SUBGRAPHS = [
    Subgraph(
        "archive",
        FED2
        + """
        type Query { docs: [Document!]! }
        interface Node { id: ID! }
        interface Document implements Node { id: ID! title: String! }
        type Letter implements Document & Node @key(fields: "id") { id: ID! title: String! }
        type Memo implements Document & Node { id: ID! title: String! }
        """,
        resolvers={"Query.docs": lambda _p, _i: DOCS},
    ),
    Subgraph(
        "post",
        FED2 + 'type Letter @key(fields: "id") { id: ID! stamp: String! }',
        references={"Letter": lambda r: {**r, "stamp": "Rp 3.000"}},
    ),
]
