"""@interfaceObject: an interface entity extended by subgraphs that see it as an object type."""

from typing import Any

from tests.federation.subgraph import FED2, Subgraph

ACCOUNTS: list[dict[str, Any]] = [
    {"__typename": "Admin", "id": "a1", "name": "Dewi", "isMain": True},
    {"__typename": "Regular", "id": "a2", "name": "Eko"},
]
LEVELS = {"a1": 9, "a2": 1}


def _account(rep: dict) -> object:
    return next((dict(a) for a in ACCOUNTS if a["id"] == rep["id"]), None)


SUBGRAPHS = [
    Subgraph(
        "accounts",
        FED2
        + """
        type Query { accounts: [Account!]! }
        interface Account @key(fields: "id") { id: ID! name: String! }
        type Admin implements Account @key(fields: "id") { id: ID! name: String! isMain: Boolean! }
        type Regular implements Account @key(fields: "id") { id: ID! name: String! }
        """,
        resolvers={"Query.accounts": lambda _p, _i: ACCOUNTS},
        references={"Account": _account, "Admin": _account, "Regular": _account},
    ),
    Subgraph(
        "levels",
        FED2
        + """
        type Query { topAccount: Account allAccounts: [Account!]! }
        type Account @key(fields: "id") @interfaceObject {
          id: ID!
          level: Int!
          name: String! @external
          badge: String! @requires(fields: "name")
        }
        """,
        resolvers={
            "Query.topAccount": lambda _p, _i: {"__typename": "Account", "id": "a1"},
            "Query.allAccounts": lambda _p, _i: [
                {"__typename": "Account", "id": "a2"},
                {"__typename": "Account", "id": "a1"},
            ],
            "Account.level": lambda a, _i: LEVELS[a["id"]],
            "Account.badge": lambda a, _i: f"{a['name']}#{LEVELS[a['id']]}",
        },
    ),
    Subgraph(
        "reviews",
        FED2
        + """
        type Query { reviews: [Review!]! }
        type Review { text: String! author: Account! }
        type Account @key(fields: "id", resolvable: false) @interfaceObject { id: ID! }
        """,
        resolvers={
            "Query.reviews": lambda _p, _i: [
                {"text": "Cepat", "author": {"__typename": "Account", "id": "a2"}},
                {"text": "Teliti", "author": {"__typename": "Account", "id": "a1"}},
            ]
        },
    ),
    Subgraph(
        "flags",
        FED2 + 'type Account @key(fields: "id") @interfaceObject { id: ID! active: Boolean! }',
        resolvers={"Account.active": lambda a, _i: a["id"] == "a1"},
    ),
]
