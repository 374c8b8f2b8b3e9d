"""A subgraph deployed ahead of the supergraph returns an enum value the supergraph lacks."""

from tests.federation.subgraph import FED2, Subgraph

COMPOSED = """
type Query { licences: [Licence!]! licence: Licence! }
type Licence { id: ID! kind: Kind category: Kind! }
enum Kind { A C }
"""
SERVED = COMPOSED.replace("enum Kind { A C }", "enum Kind { A C CI }")
LICENCES = [{"id": "l1", "kind": "A", "category": "C"}, {"id": "l2", "kind": "CI", "category": "CI"}]

SUBGRAPHS = [
    Subgraph(
        "police",
        FED2 + COMPOSED,
        served_sdl=FED2 + SERVED,
        resolvers={"Query.licences": lambda _p, _i: LICENCES, "Query.licence": lambda _p, _i: LICENCES[1]},
    ),
]
