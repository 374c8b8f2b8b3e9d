"""@override: a field moved between subgraphs, one moved with @requires, one from a gone subgraph."""

from tests.federation.subgraph import FED2, Subgraph

USERS = [{"id": "u1", "name": "Ani", "region": "JB"}, {"id": "u2", "name": "Budi", "region": "JT"}]

SUBGRAPHS = [
    Subgraph(
        "legacy",
        FED2
        + """
        type Query { users: [User!]! }
        type User @key(fields: "id") { id: ID! name: String! email: String! quota: Int! region: String! }
        """,
        resolvers={
            "Query.users": lambda _p, _i: USERS,
            "User.email": lambda _u, _i: "OVERRIDDEN",
            "User.quota": lambda _u, _i: -1,
        },
        references={
            "User": lambda r: next(({**u, "__typename": "User"} for u in USERS if u["id"] == r["id"]), None)
        },
    ),
    Subgraph(
        "modern",
        FED2
        + """
        type Query { me: User }
        type User @key(fields: "id") {
          id: ID!
          email: String! @override(from: "legacy")
          region: String! @external
          quota: Int! @override(from: "legacy") @requires(fields: "region")
          verified: Boolean! @override(from: "retired")
        }
        """,
        resolvers={
            "Query.me": lambda _p, _i: {"id": "u2"},
            "User.email": lambda u, _i: f"{u['id']}@example.id",
            "User.quota": lambda u, _i: 10 if u["region"] == "JB" else 20,
            "User.verified": lambda u, _i: u["id"] == "u1",
        },
    ),
]
