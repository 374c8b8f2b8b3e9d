"""@inaccessible fields, root fields, enum values and types: hidden from clients, usable inside."""

from tests.federation.subgraph import FED2, Subgraph, by_key

USERS = [{"id": "u1", "name": "Ani", "secret": "x1", "role": "CITIZEN"}]

SUBGRAPHS = [
    Subgraph(
        "people",
        FED2
        + """
        type Query { users: [User!]! internal: Internal @inaccessible cards: [Card!]! }
        type Card @key(fields: "serial") {
          serial: ID! @inaccessible
          label(style: String @inaccessible): String!
        }
        type User @key(fields: "id") { id: ID! name: String! secret: String! @inaccessible role: Role! }
        enum Role { CITIZEN OFFICER @inaccessible }
        type Internal @inaccessible { note: String }
        """,
        resolvers={
            "Query.users": lambda _p, _i: USERS,
            "Query.internal": lambda _p, _i: {"note": "x"},
            "Query.cards": lambda _p, _i: [{"serial": "S-9"}],
            "Card.label": lambda c, _i, style=None: f"kartu {style or 'biasa'}",
        },
        references={"User": by_key(USERS, "id")},
    ),
    Subgraph(
        "letters",
        FED2
        + """
        type Card @key(fields: "serial") { serial: ID! @inaccessible owner: String! }
        type User @key(fields: "id") {
          id: ID!
          secret: String! @external
          greeting: String! @requires(fields: "secret")
        }
        """,
        resolvers={"User.greeting": lambda u, _i: f"halo {u['secret']}"},
        references={"Card": lambda r: {**r, "owner": f"pemilik {r['serial']}"}},
    ),
]
