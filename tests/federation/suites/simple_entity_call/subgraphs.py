"""Entity call through a single @key: ``accounts`` owns users, ``profiles`` adds a field."""

from tests.federation.subgraph import Subgraph, by_key

GATEWAY_ENV = {"SPBE_GATEWAY_DEBUG_PLANS": "1"}

USERS = [{"id": "u1", "email": "ani@example.id"}, {"id": "u2", "email": "budi@example.id"}]
PROFILES = [{"id": "u1", "nickname": "Ani"}, {"id": "u2", "nickname": "Budi"}]

SUBGRAPHS = [
    Subgraph(
        "accounts",
        """
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
        type Query { user: User  users: [User!]! }
        type User @key(fields: "id") { id: ID! email: String! }
        """,
        resolvers={"Query.user": lambda _p, _i: USERS[0], "Query.users": lambda _p, _i: USERS},
        references={"User": by_key(USERS, "id")},
    ),
    Subgraph(
        "profiles",
        """
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
        type User @key(fields: "id") { id: ID! nickname: String! }
        """,
        references={"User": by_key(PROFILES, "id")},
    ),
]
