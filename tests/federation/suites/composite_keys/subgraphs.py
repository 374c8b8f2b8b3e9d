"""Composite, nested and multiple @key: a product known by ``sku variant { code }`` and by ``upc``."""

from tests.federation.subgraph import FED2, Subgraph, by_key

PRODUCTS = [
    {"sku": "s1", "variant": {"code": "red"}, "upc": "u-1", "name": "Kursi merah"},
    {"sku": "s1", "variant": {"code": "blue"}, "upc": "u-2", "name": "Kursi biru"},
]
PRICES = [
    {"sku": "s1", "variant": {"code": "red"}, "price": 100},
    {"sku": "s1", "variant": {"code": "blue"}, "price": 120},
]
STOCK = [{"upc": "u-1", "inStock": True}, {"upc": "u-2", "inStock": False}]


def _catalog_reference(rep: dict) -> object:
    keys = ("upc",) if "upc" in rep else ("sku", "variant")
    return by_key(PRODUCTS, *keys)(rep)


SUBGRAPHS = [
    Subgraph(
        "catalog",
        FED2
        + """
        type Query { topProducts: [Product!]! }
        type Product @key(fields: "sku variant { code }") @key(fields: "upc") {
          sku: ID!
          variant: Variant!
          upc: ID!
          name: String!
        }
        type Variant @shareable { code: ID! }
        """,
        resolvers={"Query.topProducts": lambda _p, _i: PRODUCTS},
        references={"Product": _catalog_reference},
    ),
    Subgraph(
        "pricing",
        FED2
        + """
        type Product @key(fields: "sku variant { code }") { sku: ID! variant: Variant! price: Int! }
        type Variant @shareable { code: ID! }
        """,
        references={"Product": by_key(PRICES, "sku", "variant")},
    ),
    Subgraph(
        "stock",
        FED2
        + """
        type Query { lowStock: [Product!]! }
        type Product @key(fields: "upc") { upc: ID! inStock: Boolean! }
        """,
        resolvers={"Query.lowStock": lambda _p, _i: [{"upc": "u-2", "inStock": False}]},
        references={"Product": by_key(STOCK, "upc")},
    ),
]
