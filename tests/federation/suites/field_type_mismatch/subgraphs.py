"""Same response name, different types inside one subgraph: the gateway must alias to ask it.

In ``accounts`` ``User.name`` is ``String!`` while ``Admin.name`` is ``String``; the
supergraph has ``String`` for both, so a client may select both under one union, but
sending that selection unchanged to ``accounts`` fails its validation.
"""

from tests.federation.subgraph import FED2, Subgraph

ACCOUNTS = [
    {"__typename": "User", "id": "u1", "name": "Ani"},
    {"__typename": "Admin", "id": "a1", "name": "Root"},
]

SUBGRAPHS = [
    Subgraph(
        "accounts",
        FED2
        + """
        type Query { accounts: [Account!]! }
        union Account = User | Admin
        type User @key(fields: "id") { id: ID! name: String! @shareable }
        type Admin { id: ID! name: String }
        """,
        resolvers={"Query.accounts": lambda _p, _i: ACCOUNTS},
        references={"User": lambda r: {**r, "name": "Ani"}},
    ),
    Subgraph(
        "social",
        FED2
        + """
        type Query { users: [User!]! }
        type User @key(fields: "id") { id: ID! name: String @shareable friends: [User!]! }
        """,
        resolvers={
            "Query.users": lambda _p, _i: [
                {"id": "u1", "name": "Ani", "friends": [{"id": "u1", "name": "Ani"}]}
            ]
        },
        references={"User": lambda r: {**r, "friends": [{"id": "u1", "name": "Ani"}]}},
    ),
]
