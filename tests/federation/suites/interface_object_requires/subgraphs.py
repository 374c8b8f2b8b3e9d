"""@requires on @interfaceObject fields, needing the interface owner or another interface object."""

from typing import Any

from tests.federation.subgraph import FED2, Subgraph

ACCOUNTS: list[dict[str, Any]] = [
    {"__typename": "Admin", "id": "a1", "name": "Dewi"},
    {"__typename": "Regular", "id": "a2", "name": "Eko"},
]
TIERS = {"a1": "gold", "a2": "silver"}


def _account(rep: dict[str, Any]) -> Any:
    return next((dict(a) for a in ACCOUNTS if a["id"] == rep["id"]), None)


SUBGRAPHS = [
    Subgraph(
        "accounts",
        FED2
        + """
        type Query { accounts: [Account!]! }
        interface Account @key(fields: "id") { id: ID! name: String! }
        type Admin implements Account @key(fields: "id") { id: ID! name: String! }
        type Regular implements Account @key(fields: "id") { id: ID! name: String! }
        """,
        resolvers={"Query.accounts": lambda _p, _i: ACCOUNTS},
        references={"Account": _account, "Admin": _account, "Regular": _account},
    ),
    Subgraph(
        "extras",
        FED2
        + """
        type Query { vip: [Account!]! }
        type Account @key(fields: "id") @interfaceObject {
          id: ID!
          name: String! @external
          greeting: String! @requires(fields: "name")
          tier: String!
        }
        """,
        resolvers={
            "Query.vip": lambda _p, _i: [
                {"__typename": "Account", "id": "a2"},
                {"__typename": "Account", "id": "a1"},
            ],
            "Account.greeting": lambda a, _i: f"Halo {a['name']}",
            "Account.tier": lambda a, _i: TIERS[a["id"]],
        },
    ),
    Subgraph(
        "scores",
        FED2
        + """
        type Account @key(fields: "id") @interfaceObject {
          id: ID!
          tier: String! @external
          score: Int! @requires(fields: "tier")
        }
        """,
        resolvers={"Account.score": lambda a, _i: 100 if a["tier"] == "gold" else 50},
    ),
]
