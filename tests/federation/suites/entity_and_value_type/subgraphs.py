"""A type that is an entity in one subgraph and a plain shared value type in another."""

from tests.federation.subgraph import FED2, Subgraph

OFFICES = {"o1": {"id": "o1", "name": "Disdukcapil Bandung", "address": "Jl. Ambon 1"}}

SUBGRAPHS = [
    Subgraph(
        "directory",
        FED2
        + """
        type Query { offices: [Office!]! }
        type Office @shareable { id: ID! name: String! }
        """,
        resolvers={"Query.offices": lambda _p, _i: [{"id": "o1", "name": "Disdukcapil Bandung"}]},
    ),
    Subgraph(
        "registry",
        FED2
        + """
        type Query { office(id: ID!): Office }
        type Office @key(fields: "id") { id: ID! name: String! @shareable address: String! }
        """,
        resolvers={"Query.office": lambda _p, _i, id: OFFICES.get(id)},
        references={"Office": lambda r: OFFICES.get(r["id"])},
    ),
]
