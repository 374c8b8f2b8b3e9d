"""Subgraphs written in Federation 1 SDL (no @link; ``extend type``, ``@extends``) next to Fed 2."""

from tests.federation.subgraph import Subgraph

PRODUCTS = [{"id": "p1", "name": "Batik", "weight": 2}, {"id": "p2", "name": "Songket", "weight": 3}]

SUBGRAPHS = [
    Subgraph(
        "products",
        """
        type Query { products: [Product] }
        type Product @key(fields: "id") { id: ID! name: String weight: Int }
        """,
        resolvers={"Query.products": lambda _p, _i: PRODUCTS},
        references={
            "Product": lambda r: next(
                ({**p, "__typename": "Product"} for p in PRODUCTS if p["id"] == r["id"]), None
            )
        },
    ),
    Subgraph(
        "prices",
        """
        extend type Product @key(fields: "id") { id: ID! @external price: Int }
        """,
        references={"Product": lambda r: {**r, "price": 250000 if r["id"] == "p1" else 400000}},
    ),
    Subgraph(
        "shipping",
        """
        extend type Query { cheapest: Product }
        type Product @extends @key(fields: "id") {
          id: ID! @external
          weight: Int @external
          shipping: Int @requires(fields: "weight")
        }
        """,
        resolvers={
            "Query.cheapest": lambda _p, _i: {"id": "p1"},
            "Product.shipping": lambda p, _i: p["weight"] * 9000,
        },
    ),
]
