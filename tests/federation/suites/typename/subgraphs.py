"""``__typename`` in every position: roots, unions, interfaces, entities, interface objects."""

from typing import Any

from tests.federation.subgraph import FED2, Subgraph

ITEMS: list[dict[str, Any]] = [{"__typename": "Tablet", "id": "t1"}, {"__typename": "Syrup", "id": "s1"}]

SUBGRAPHS = [
    Subgraph(
        "pharmacy",
        FED2
        + """
        type Query { items: [Medicine!]! first: Medicine }
        type Mutation { restock: Medicine }
        interface Medicine @key(fields: "id") { id: ID! }
        type Tablet implements Medicine @key(fields: "id") { id: ID! }
        type Syrup implements Medicine @key(fields: "id") { id: ID! }
        """,
        resolvers={
            "Query.items": lambda _p, _i: ITEMS,
            "Query.first": lambda _p, _i: ITEMS[0],
            "Mutation.restock": lambda _p, _i: ITEMS[1],
        },
        references={"Medicine": lambda r: next((dict(i) for i in ITEMS if i["id"] == r["id"]), None)},
    ),
    Subgraph(
        "stock",
        FED2
        + """
        type Query { lowest: Medicine }
        type Medicine @key(fields: "id") @interfaceObject { id: ID! units: Int! }
        """,
        resolvers={
            "Query.lowest": lambda _p, _i: {"__typename": "Medicine", "id": "s1"},
            "Medicine.units": lambda m, _i: 7 if m["id"] == "s1" else 40,
        },
    ),
]
