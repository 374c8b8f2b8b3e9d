"""@requires on entities reached through an interface-typed root field."""

from tests.federation.subgraph import FED2, Subgraph

ACCOUNTS = [
    {"__typename": "Person", "id": "a1", "name": "Rina"},
    {"__typename": "Agency", "id": "a2", "name": "Dinas Kesehatan", "region": "Bandung"},
    {"__typename": "Person", "id": "a3", "name": "Tono"},
]

SUBGRAPHS = [
    Subgraph(
        "directory",
        FED2
        + """
        type Query { accounts: [Account!]! }
        interface Account { id: ID! name: String! }
        type Person implements Account @key(fields: "id") { id: ID! name: String! }
        type Agency implements Account @key(fields: "id") { id: ID! name: String! region: String! }
        """,
        resolvers={"Query.accounts": lambda _p, _i: ACCOUNTS},
    ),
    Subgraph(
        "mail",
        FED2
        + """
        type Person @key(fields: "id") {
          id: ID!
          name: String! @external
          salutation: String! @requires(fields: "name")
        }
        type Agency @key(fields: "id") {
          id: ID!
          name: String! @external
          region: String! @external
          letterhead: String! @requires(fields: "name region")
        }
        """,
        resolvers={
            "Person.salutation": lambda p, _i: f"Yth. {p['name']}",
            "Agency.letterhead": lambda a, _i: f"{a['name']} {a['region']}",
        },
    ),
]
