"""A union served by one subgraph whose members implement an interface only another one knows.

``search`` lives in ``index``, which has never heard of ``Named``; a client fragment
``... on Named`` inside the union must reach ``index`` as concrete type conditions (or as
keys only) and ``name`` must come from ``names``.
"""

from typing import Any

from tests.federation.subgraph import FED2, Subgraph

RESULTS: list[dict[str, Any]] = [
    {"__typename": "Person", "id": "p1"},
    {"__typename": "Org", "id": "o1"},
    {"__typename": "Place", "code": "51"},
]
NAMES = {"p1": "Made", "o1": "Puskesmas Ubud"}

SUBGRAPHS = [
    Subgraph(
        "index",
        FED2
        + """
        type Query { search: [Result!]! }
        union Result = Person | Org | Place
        type Person @key(fields: "id") { id: ID! }
        type Org @key(fields: "id") { id: ID! }
        type Place { code: ID! }
        """,
        resolvers={"Query.search": lambda _p, _i: RESULTS},
    ),
    Subgraph(
        "names",
        FED2
        + """
        interface Named { name: String! }
        type Person implements Named @key(fields: "id") { id: ID! name: String! }
        type Org implements Named @key(fields: "id") { id: ID! name: String! kind: String! }
        """,
        references={
            "Person": lambda r: {**r, "name": NAMES[r["id"]]},
            "Org": lambda r: {**r, "name": NAMES[r["id"]], "kind": "faskes"},
        },
    ),
]
