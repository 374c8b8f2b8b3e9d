"""Circular-looking @requires: each subgraph requires a field the other one owns."""

from tests.federation.subgraph import FED2, Subgraph

SUBGRAPHS = [
    Subgraph(
        "left",
        FED2
        + """
        type Query { item: Item }
        type Item @key(fields: "id") { id: ID! w: Int! y: Int! @external x: Int! @requires(fields: "y") }
        """,
        resolvers={"Query.item": lambda _p, _i: {"id": "i1", "w": 3}, "Item.x": lambda i, _i: i["y"] * 10},
        references={"Item": lambda r: {**r, "w": 3}},
    ),
    Subgraph(
        "right",
        FED2
        + """
        type Item @key(fields: "id") { id: ID! y: Int! w: Int! @external z: Int! @requires(fields: "w") }
        """,
        resolvers={"Item.y": lambda _i, _info: 4, "Item.z": lambda i, _i: i["w"] * 100},
    ),
]
