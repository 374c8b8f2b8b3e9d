"""Nested @provides: ``products @provides(fields: "name supplier { name }")``."""

from tests.federation.subgraph import FED2, Subgraph, by_key

SUPPLIERS = [{"id": "s1", "name": "Koperasi Tani", "country": "ID"}]
PRODUCTS = [{"id": "p1", "name": "Kopi", "supplier": {"id": "s1"}}]

SUBGRAPHS = [
    Subgraph(
        "catalog",
        FED2
        + """
        type Query { categories: [Category!]! }
        type Category { id: ID! products: [Product!]! @provides(fields: "name supplier { name }") }
        type Product @key(fields: "id") { id: ID! name: String! @external supplier: Supplier! @external }
        type Supplier @key(fields: "id") { id: ID! name: String! @external }
        """,
        resolvers={
            "Query.categories": lambda _p, _i: [
                {
                    "id": "c1",
                    "products": [
                        {"id": "p1", "name": "Kopi", "supplier": {"id": "s1", "name": "Koperasi Tani"}}
                    ],
                }
            ]
        },
    ),
    Subgraph(
        "products",
        FED2
        + """
        type Product @key(fields: "id") { id: ID! name: String! @shareable supplier: Supplier! @shareable }
        type Supplier @key(fields: "id") { id: ID! }
        """,
        references={"Product": by_key(PRODUCTS, "id")},
    ),
    Subgraph(
        "suppliers",
        FED2 + 'type Supplier @key(fields: "id") { id: ID! name: String! @shareable country: String! }',
        references={"Supplier": by_key(SUPPLIERS, "id")},
    ),
]
