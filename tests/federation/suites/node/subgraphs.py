"""A ``node(id:)`` root field over a Node interface whose implementations live elsewhere."""

from tests.federation.subgraph import FED2, Subgraph

NODE = "interface Node { id: ID! }\n"


def _node(_p: object, _i: object, id: str) -> object:
    kinds = {"citizen": "Citizen", "school": "School"}
    kind = kinds.get(id.split(":")[0])
    return {"__typename": kind, "id": id} if kind else None


SUBGRAPHS = [
    Subgraph(
        "nodes",
        FED2
        + NODE
        + """
        type Query { node(id: ID!): Node }
        type Citizen implements Node @key(fields: "id") { id: ID! }
        type School implements Node @key(fields: "id") { id: ID! }
        """,
        resolvers={"Query.node": _node},
    ),
    Subgraph(
        "people",
        FED2 + NODE + 'type Citizen implements Node @key(fields: "id") { id: ID! name: String! }',
        references={"Citizen": lambda r: {**r, "name": "Wati"} if r["id"] == "citizen:1" else None},
    ),
    Subgraph(
        "schools",
        FED2 + NODE + 'type School implements Node @key(fields: "id") { id: ID! npsn: String! }',
        references={"School": lambda r: {**r, "npsn": "20100001"}},
    ),
]
