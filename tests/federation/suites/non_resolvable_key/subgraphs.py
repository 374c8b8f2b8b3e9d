"""``@key(resolvable: false)``: reviews may point at a user but cannot resolve one."""

from tests.federation.subgraph import FED2, Subgraph, by_key

USERS = [{"id": "u1", "name": "Ani"}, {"id": "u2", "name": "Budi"}]
REVIEWS = [
    {"id": "r1", "body": "Cepat", "author": {"id": "u1"}},
    {"id": "r2", "body": "Ramah", "author": {"id": "u2"}},
]

SUBGRAPHS = [
    Subgraph(
        "reviews",
        FED2
        + """
        type Query { reviews: [Review!]! }
        type Review { id: ID! body: String! author: User! }
        type User @key(fields: "id", resolvable: false) { id: ID! }
        """,
        resolvers={"Query.reviews": lambda _p, _i: REVIEWS},
    ),
    Subgraph(
        "users",
        FED2
        + """
        type Query { user(id: ID!): User }
        type User @key(fields: "id") { id: ID! name: String! }
        """,
        resolvers={"Query.user": lambda _p, _i, id: next((u for u in USERS if u["id"] == id), None)},
        references={"User": by_key(USERS, "id")},
    ),
]
