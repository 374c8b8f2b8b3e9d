"""@provides on an interface-typed field, with a type condition."""

from tests.federation.subgraph import FED2, Subgraph

SUBGRAPHS = [
    Subgraph(
        "shelf",
        FED2
        + """
        type Query { featured: [Media!]! @provides(fields: "... on Book { title }") }
        interface Media { id: ID! }
        type Book implements Media @key(fields: "id") { id: ID! title: String! @external }
        type Film implements Media @key(fields: "id") { id: ID! }
        """,
        resolvers={
            "Query.featured": lambda _p, _i: [
                {"__typename": "Book", "id": "b1", "title": "Laskar Pelangi"},
                {"__typename": "Film", "id": "f1"},
            ]
        },
    ),
    Subgraph(
        "books",
        FED2 + 'type Book @key(fields: "id") { id: ID! title: String! @shareable pages: Int! }',
        references={"Book": lambda r: {**r, "title": "Laskar Pelangi", "pages": 529}},
    ),
    Subgraph(
        "films",
        FED2 + 'type Film @key(fields: "id") { id: ID! title: String! }',
        references={"Film": lambda r: {**r, "title": "Petualangan Sherina"}},
    ),
]
