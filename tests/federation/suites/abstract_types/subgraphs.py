"""Interfaces and unions whose implementations and fields are spread over six subgraphs."""

from tests.federation.subgraph import FED2, Subgraph

PRODUCTS = [
    {"__typename": "Book", "id": "b1", "sku": "sku-b1", "createdBy": {"email": "u1@x.id"}},
    {"__typename": "Magazine", "id": "m1", "sku": "sku-m1", "createdBy": {"email": "u1@x.id"}},
    {"__typename": "Book", "id": "b2", "sku": "sku-b2", "createdBy": {"email": "u2@x.id"}},
    {"__typename": "Magazine", "id": "m2", "sku": "sku-m2", "createdBy": {"email": "u2@x.id"}},
]
TITLES = {"b1": "Bumi Manusia", "b2": "Arus Balik", "m1": "Tempo", "m2": "Bobo"}
PUBLISHERS = {"m1": {"__typename": "Agency", "id": "ag1"}, "m2": {"__typename": "Self", "email": "bobo@x.id"}}
REVIEWS = {
    "b1": [
        {"id": 1, "product": {"__typename": "Book", "id": "b1"}},
        {"id": 2, "product": {"__typename": "Book", "id": "b1"}},
    ],
    "m1": [{"id": 3, "product": {"__typename": "Magazine", "id": "m1"}}],
}


def _product(rep: dict) -> object:
    return next((dict(p) for p in PRODUCTS if p["id"] == rep["id"]), None)


SUBGRAPHS = [
    Subgraph(
        "products",
        FED2
        + """
        type Query { products: [Product!]! }
        interface Product { id: ID! sku: String! createdBy: User }
        type Book implements Product @key(fields: "id") { id: ID! sku: String! createdBy: User }
        type Magazine implements Product @key(fields: "id") { id: ID! sku: String! createdBy: User }
        type User @key(fields: "email") { email: String! }
        """,
        resolvers={"Query.products": lambda _p, _i: PRODUCTS},
        references={"Book": _product, "Magazine": _product},
    ),
    Subgraph(
        "books",
        FED2 + 'type Book @key(fields: "id") { id: ID! title: String! }',
        references={"Book": lambda r: {**r, "title": TITLES[r["id"]]}},
    ),
    Subgraph(
        "magazines",
        FED2
        + """
        type Magazine @key(fields: "id") { id: ID! title: String! publisher: Publisher }
        union Publisher = Agency | Self
        type Agency @key(fields: "id") { id: ID! }
        type Self { email: String! }
        """,
        references={"Magazine": lambda r: {**r, "title": TITLES[r["id"]], "publisher": PUBLISHERS[r["id"]]}},
    ),
    Subgraph(
        "agencies",
        FED2 + 'type Agency @key(fields: "id") { id: ID! name: String! }',
        references={"Agency": lambda r: {**r, "name": "Tempo Media"}},
    ),
    Subgraph(
        "users",
        FED2 + 'type User @key(fields: "email") { email: String! totalProducts: Int! }',
        references={"User": lambda r: {**r, "totalProducts": 2}},
    ),
    Subgraph(
        "reviews",
        FED2
        + """
        interface Product { id: ID! reviews: [Review!]! }
        type Book implements Product @key(fields: "id") { id: ID! reviews: [Review!]! }
        type Magazine implements Product @key(fields: "id") { id: ID! reviews: [Review!]! }
        type Review { id: Int! product: Product }
        """,
        references={
            "Book": lambda r: {**r, "reviews": REVIEWS.get(r["id"], [])},
            "Magazine": lambda r: {**r, "reviews": REVIEWS.get(r["id"], [])},
        },
    ),
]
