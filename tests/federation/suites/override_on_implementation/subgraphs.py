"""@override of a field on one implementation of an interface, queried through the interface."""

from tests.federation.subgraph import FED2, Subgraph

DOCS = [
    {"__typename": "Form", "id": "f1", "title": "OLD"},
    {"__typename": "Note", "id": "n1", "title": "Catatan"},
]

SUBGRAPHS = [
    Subgraph(
        "documents",
        FED2
        + """
        type Query { docs: [Doc!]! }
        interface Doc { id: ID! title: String! }
        type Form implements Doc @key(fields: "id") { id: ID! title: String! }
        type Note implements Doc @key(fields: "id") { id: ID! title: String! }
        """,
        resolvers={"Query.docs": lambda _p, _i: DOCS},
    ),
    Subgraph(
        "forms",
        FED2 + 'type Form @key(fields: "id") { id: ID! title: String! @override(from: "documents") }',
        references={"Form": lambda r: {**r, "title": "Formulir KTP"}},
    ),
]
