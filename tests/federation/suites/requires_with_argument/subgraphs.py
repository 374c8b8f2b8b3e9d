"""@requires on a field with an argument: ``price(currency: "IDR")``."""

from tests.federation.subgraph import FED2, Subgraph

RATES = {"IDR": 1, "USD": 16000}
PRODUCTS = [{"upc": "p1", "base": 32000, "weight": 2}, {"upc": "p2", "base": 16000, "weight": 3}]


def _price(product: dict, _info: object, currency: str) -> int:
    return int(product["base"]) // RATES[currency]


def _products_reference(rep: dict) -> object:
    return next(({**p, "__typename": "Product"} for p in PRODUCTS if p["upc"] == rep["upc"]), None)


SUBGRAPHS = [
    Subgraph(
        "catalog",
        FED2
        + """
        type Query { products: [Product!]! }
        type Product @key(fields: "upc") { upc: ID! price(currency: String!): Int! weight: Int! }
        """,
        resolvers={"Query.products": lambda _p, _i: PRODUCTS, "Product.price": _price},
        references={"Product": _products_reference},
    ),
    Subgraph(
        "shipping",
        FED2
        + """
        type Product @key(fields: "upc") {
          upc: ID!
          price(currency: String!): Int! @external
          weight: Int! @external
          shippingCost: Int! @requires(fields: "price(currency: \\"IDR\\") weight")
        }
        """,
        resolvers={"Product.shippingCost": lambda p, _i: p["price"] // 100 + p["weight"] * 1000},
    ),
]
