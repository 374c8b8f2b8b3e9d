"""Two ``@requires`` on one type that need the same field with different arguments.

``labels`` computes ``usdLabel`` from ``price(currency: "USD")`` and ``eurLabel`` from
``price(currency: "EUR")``: each requirement is fetched under its own response key and each
``_entities`` call receives the value its field was declared with.
"""

from typing import Any

from tests.federation.subgraph import FED2, Subgraph, by_key

GATEWAY_ENV = {"SPBE_GATEWAY_DEBUG_PLANS": "1"}

PRODUCTS: list[dict[str, Any]] = [{"id": "p1"}, {"id": "p2"}]
RATES = {"USD": 1.0, "EUR": 0.5, "IDR": 16000.0}
BASE = {"p1": 10.0, "p2": 4.0}

SUBGRAPHS = [
    Subgraph(
        "prices",
        FED2
        + """
        type Query { products: [Product!]! }
        type Product @key(fields: "id") { id: ID! price(currency: String!): Float! }
        """,
        resolvers={
            "Query.products": lambda _p, _i: PRODUCTS,
            "Product.price": lambda p, _i, currency: BASE[p["id"]] * RATES[currency],
        },
        references={"Product": by_key(PRODUCTS, "id")},
    ),
    Subgraph(
        "labels",
        FED2
        + """
        type Product @key(fields: "id") {
          id: ID!
          price(currency: String!): Float! @external
          usdLabel: String! @requires(fields: "price(currency: \\"USD\\")")
          eurLabel: String! @requires(fields: "price(currency: \\"EUR\\")")
        }
        """,
        resolvers={
            "Product.usdLabel": lambda p, _i: f"USD {p['price']:.2f}",
            "Product.eurLabel": lambda p, _i: f"EUR {p['price']:.2f}",
        },
    ),
]
