"""An interface field returning the interface itself, with implementation fields elsewhere."""

from typing import Any

from tests.federation.subgraph import FED2, Subgraph

VESSELS: dict[str, dict[str, Any]] = {
    "s1": {"__typename": "Ship", "id": "s1", "sister": {"__typename": "Boat", "id": "b1"}},
    "b1": {"__typename": "Boat", "id": "b1", "sister": {"__typename": "Ship", "id": "s1"}},
}

SUBGRAPHS = [
    Subgraph(
        "fleet",
        FED2
        + """
        type Query { vessel(id: ID!): Vessel }
        interface Vessel { id: ID! sister: Vessel }
        type Ship implements Vessel @key(fields: "id") { id: ID! sister: Vessel }
        type Boat implements Vessel @key(fields: "id") { id: ID! sister: Vessel }
        """,
        resolvers={
            "Query.vessel": lambda _p, _i, id: VESSELS.get(id),
            "Ship.sister": lambda v, _i: VESSELS[VESSELS[v["id"]]["sister"]["id"]],
            "Boat.sister": lambda v, _i: VESSELS[VESSELS[v["id"]]["sister"]["id"]],
        },
    ),
    Subgraph(
        "crew",
        FED2
        + """
        type Ship @key(fields: "id") { id: ID! crew: Int! }
        type Boat @key(fields: "id") { id: ID! oars: Int! }
        """,
        references={"Ship": lambda r: {**r, "crew": 120}, "Boat": lambda r: {**r, "oars": 4}},
    ),
]
