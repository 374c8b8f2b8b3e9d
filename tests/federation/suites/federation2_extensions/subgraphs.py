"""Federation 2 subgraphs that still write ``extend type`` / ``@extends`` with external keys."""

from typing import Any

from tests.federation.subgraph import Subgraph

LINK = (
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3",'
    ' import: ["@key", "@external", "@extends", "@shareable"])\n'
)
USERS: list[dict[str, Any]] = [{"id": "u1", "name": "Ani"}, {"id": "u2", "name": "Budi"}]

SUBGRAPHS = [
    Subgraph(
        "users",
        LINK
        + """
        type Query { users: [User!]! }
        type User @key(fields: "id") { id: ID! name: String! }
        """,
        resolvers={"Query.users": lambda _p, _i: USERS},
        references={"User": lambda r: next((dict(u) for u in USERS if u["id"] == r["id"]), None)},
    ),
    Subgraph(
        "extension",
        LINK
        + """
        extend type Query { topUser: User }
        extend type User @key(fields: "id") { id: ID! @external rank: Int! }
        """,
        resolvers={
            "Query.topUser": lambda _p, _i: {"id": "u2"},
            "User.rank": lambda u, _i: 1 if u["id"] == "u2" else 2,
        },
    ),
    Subgraph(
        "extends",
        LINK
        + """
        type User @extends @key(fields: "id") { id: ID! @external badge: String! }
        """,
        references={"User": lambda r: {**r, "badge": f"badge-{r['id']}"}},
    ),
]
