"""An interface implemented differently in two subgraphs; entity fields from a third."""

from typing import Any

from tests.federation.subgraph import FED2, Subgraph

VEHICLES: list[dict[str, Any]] = [
    {"__typename": "Car", "id": "v1", "plate": "B 1 ID", "seats": 4},
    {"__typename": "Truck", "id": "v2", "plate": "D 2 ID"},
]

SUBGRAPHS = [
    Subgraph(
        "registry",
        FED2
        + """
        type Query { vehicles: [Vehicle!]! }
        interface Vehicle { id: ID! plate: String! }
        type Car implements Vehicle @key(fields: "id") { id: ID! plate: String! seats: Int! }
        type Truck implements Vehicle @key(fields: "id") { id: ID! plate: String! }
        """,
        resolvers={"Query.vehicles": lambda _p, _i: VEHICLES},
        references={
            "Car": lambda r: next(({**v} for v in VEHICLES if v["id"] == r["id"]), None),
            "Truck": lambda r: next(({**v} for v in VEHICLES if v["id"] == r["id"]), None),
        },
    ),
    Subgraph(
        "owners",
        FED2
        + """
        type Query { garage: [Vehicle!]! }
        interface Vehicle { id: ID! }
        type Car implements Vehicle @key(fields: "id") { id: ID! owner: Owner! }
        type Motorbike implements Vehicle @key(fields: "id") { id: ID! plate: String! cc: Int! }
        type Owner { name: String! }
        """,
        resolvers={
            "Query.garage": lambda _p, _i: [
                {"__typename": "Car", "id": "v1", "owner": {"name": "Sari"}},
                {"__typename": "Motorbike", "id": "v3", "plate": "F 3 ID", "cc": 150},
            ]
        },
        references={"Car": lambda r: {**r, "owner": {"name": "Sari"}}},
    ),
    Subgraph(
        "cargo",
        FED2 + 'type Truck @key(fields: "id") { id: ID! capacity: Int! }',
        references={"Truck": lambda r: {**r, "capacity": 8}},
    ),
]
