"""@requires and @provides on one small shop: products, inventory, reviews, accounts."""

from tests.federation.subgraph import FED2, Subgraph, by_key

PRODUCTS = [
    {"upc": "p1", "name": "Beras", "price": 12, "weight": 5},
    {"upc": "p2", "name": "Gula", "price": 15, "weight": 1},
]
STOCK = [{"upc": "p1", "inStock": True}, {"upc": "p2", "inStock": False}]
USERS = [
    {"id": "u1", "username": "ani", "name": "Ani Lestari"},
    {"id": "u2", "username": "budi", "name": "Budi S"},
]
REVIEWS = [
    {"upc": "p1", "reviews": [{"id": "r1", "body": "Pulen", "author": {"id": "u1", "username": "ani"}}]},
    {"upc": "p2", "reviews": [{"id": "r2", "body": "Manis", "author": {"id": "u2", "username": "budi"}}]},
]


def _estimate(product: dict, _info: object) -> int:
    return int(product["price"]) * int(product["weight"]) // 2


SUBGRAPHS = [
    Subgraph(
        "products",
        FED2
        + """
        type Query { products: [Product!]! }
        type Product @key(fields: "upc") { upc: ID! name: String! price: Int! weight: Int! }
        """,
        resolvers={"Query.products": lambda _p, _i: PRODUCTS},
        references={"Product": by_key(PRODUCTS, "upc")},
    ),
    Subgraph(
        "inventory",
        FED2
        + """
        type Product @key(fields: "upc") {
          upc: ID!
          price: Int! @external
          weight: Int! @external
          inStock: Boolean!
          shippingEstimate: Int! @requires(fields: "price weight")
        }
        """,
        resolvers={"Product.shippingEstimate": _estimate},
        references={"Product": by_key(STOCK, "upc")},
    ),
    Subgraph(
        "reviews",
        FED2
        + """
        type Product @key(fields: "upc") { upc: ID! reviews: [Review!]! }
        type Review { id: ID! body: String! author: User! @provides(fields: "username") }
        type User @key(fields: "id") {
          id: ID!
          username: String! @external
          display: String! @requires(fields: "username")
        }
        """,
        resolvers={"User.display": lambda u, _i: f"@{u['username']}"},
        references={"Product": by_key(REVIEWS, "upc")},
    ),
    Subgraph(
        "accounts",
        FED2
        + """
        type Query { me: User }
        type User @key(fields: "id") { id: ID! username: String! name: String! }
        """,
        resolvers={"Query.me": lambda _p, _i: USERS[0]},
        references={"User": by_key(USERS, "id")},
    ),
    Subgraph(
        "metrics",
        FED2
        + """
        type User @key(fields: "id") {
          id: ID!
          username: String! @external
          usernameLength: Int! @requires(fields: "username")
        }
        """,
        resolvers={"User.usernameLength": lambda u, _i: len(u["username"])},
    ),
]
