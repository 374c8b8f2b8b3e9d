"""A value type without a key spread over subgraphs, under root fields they share.

``Product`` has no ``@key``: no entity call can reach its fields, so a root field that several
subgraphs serve is asked of each subgraph that owns part of the selection, and the answers
are merged. ``Viewer`` is the same one level down (its fields hold objects of their own).
"""

from typing import Any

from tests.federation.subgraph import FED2, Subgraph

GATEWAY_ENV = {"SPBE_GATEWAY_DEBUG_PLANS": "1"}

PRODUCTS: list[dict[str, Any]] = [
    {"id": "p1", "name": "Batik tulis", "category": "kain", "price": 450},
    {"id": "p2", "name": "Keris", "category": "pusaka", "price": 900},
]
SHARED = """
type Query {
  product: Product @shareable
  products: [Product!]! @shareable
  viewer: Viewer @shareable
}
"""
VIEWER: dict[str, Any] = {
    "aMedia": {"title": "Laskar Pelangi", "pages": 529},
    "bMedia": {"title": "Sang Pemimpi", "minutes": 124},
    "song": {"title": "Bengawan Solo"},
}
ROOT = {
    "Query.product": lambda _p, _i: PRODUCTS[0],
    "Query.products": lambda _p, _i: PRODUCTS,
    "Query.viewer": lambda _p, _i: VIEWER,
}

SUBGRAPHS = [
    Subgraph(
        "catalog",
        FED2
        + SHARED
        + """
        type Product { id: ID! @shareable name: String! @shareable category: String! }
        type Viewer { aMedia: Book! }
        type Book { title: String! pages: Int! }
        """,
        resolvers=ROOT,
    ),
    Subgraph(
        "pricing",
        FED2
        + SHARED
        + """
        type Product { id: ID! @shareable price: Int! }
        type Viewer { bMedia: Film! }
        type Film { title: String! minutes: Int! }
        """,
        resolvers=ROOT,
    ),
    Subgraph(
        "names",
        FED2
        + SHARED
        + """
        type Product { id: ID! @shareable name: String! @shareable }
        type Viewer { song: Song! }
        type Song { title: String! }
        """,
        resolvers=ROOT,
    ),
]
