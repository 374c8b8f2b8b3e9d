"""``@interfaceObject`` reached through fields: concrete types known elsewhere.

``people`` has the real interface ``NodeWithName`` and its only implementation ``User``
(so a fragment on ``User`` covers every possible type, yet the interface object cannot answer it);
``directory`` returns ``[NodeWithName]`` as an interface object (``__typename`` is the
interface's name), ``ages`` owns ``User.level``, and ``lookup`` returns the interface object
from a root field with a key it cannot resolve (``resolvable: false``); ``Tagged`` has no implementation yet.
"""

from typing import Any

from tests.federation.subgraph import FED2, Subgraph

GATEWAY_ENV = {"SPBE_GATEWAY_DEBUG_PLANS": "1"}

PEOPLE: list[dict[str, Any]] = [
    {"__typename": "User", "id": "u1", "name": "Ani", "age": 34},
    {"__typename": "User", "id": "u2", "name": "Budi", "age": 41},
]
LEVELS = {"u1": 7}
USERNAMES = {"u1": "ani", "u2": "budi"}


def _person(rep: dict[str, Any]) -> Any:
    return next((dict(p) for p in PEOPLE if p["id"] == rep["id"]), None)


SUBGRAPHS = [
    Subgraph(
        "people",
        FED2
        + """
        interface NodeWithName @key(fields: "id") { id: ID! name: String }
        interface Tagged @key(fields: "id") { id: ID! }
        type User implements NodeWithName @key(fields: "id") { id: ID! name: String age: Int }
        """,
        references={"NodeWithName": _person, "User": _person},
    ),
    Subgraph(
        "directory",
        FED2
        + """
        type Query { directory: [NodeWithName!]! }
        type NodeWithName @key(fields: "id") @interfaceObject { id: ID! username: String }
        """,
        resolvers={
            "Query.directory": lambda _p, _i: [{"__typename": "NodeWithName", "id": p["id"]} for p in PEOPLE],
            "NodeWithName.username": lambda n, _i: USERNAMES[n["id"]],
        },
    ),
    Subgraph(
        "ages",
        FED2 + 'type User @key(fields: "id") { id: ID! level: Int }',
        resolvers={"User.level": lambda u, _i: LEVELS.get(u["id"])},
    ),
    Subgraph(
        "lookup",
        FED2
        + """
        type Query { someone: NodeWithName tagged: Tagged }
        type NodeWithName @key(fields: "id", resolvable: false) @interfaceObject { id: ID! }
        type Tagged @key(fields: "id", resolvable: false) @interfaceObject { id: ID! label: String }
        """,
        resolvers={
            "Query.someone": lambda _p, _i: {"__typename": "NodeWithName", "id": "u1"},
            "Query.tagged": lambda _p, _i: {"__typename": "Tagged", "id": "t1", "label": "baru"},
        },
    ),
]
