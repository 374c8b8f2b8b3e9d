"""``node(id:)`` offered by two subgraphs, each resolving only its own type's fields.

``people`` knows Letter only by a stub with an external id; ``post`` knows Person the same
way. Which subgraph may serve a ``node`` selection depends on the type conditions asked;
some selections can be served by neither, and must fail cleanly.
"""

from tests.federation.subgraph import FED2, Subgraph

NODE = "interface Node { id: ID! }\n"


def _node(_p: object, _i: object, id: str) -> object:
    kind = {"p": "Person", "l": "Letter"}.get(id[:1])
    return {"__typename": kind, "id": id} if kind else None


SUBGRAPHS = [
    Subgraph(
        "people",
        FED2
        + NODE
        + """
        type Query { node(id: ID!): Node @shareable person(id: ID!): Person }
        type Person implements Node @key(fields: "id") { id: ID! name: String! }
        type Letter implements Node @key(fields: "id") { id: ID! @external sender: Person }
        """,
        resolvers={
            "Query.node": _node,
            "Query.person": lambda _p, _i, id: {"id": id, "name": "Putri"},
            "Person.name": lambda _p, _i: "Putri",
            "Letter.sender": lambda _l, _i: {"id": "p1"},
        },
    ),
    Subgraph(
        "post",
        FED2
        + NODE
        + """
        type Query { node(id: ID!): Node @shareable letter(id: ID!): Letter }
        type Letter implements Node @key(fields: "id") { id: ID! body: String! }
        type Person implements Node @key(fields: "id") { id: ID! @external letters: [Letter!]! }
        """,
        resolvers={
            "Query.node": _node,
            "Query.letter": lambda _p, _i, id: {"id": id},
            "Letter.body": lambda _l, _i: "Salam",
            "Person.letters": lambda _p, _i: [{"id": "l1"}],
        },
    ),
]
