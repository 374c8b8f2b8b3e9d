"""A subgraph serving another schema than the one composed: nulls where the supergraph says
non-null, a union member the supergraph does not know, a root field it no longer has."""

from typing import Any

from tests.federation.subgraph import FED2, Subgraph

COMPOSED = """
type Query { people: [Person!]! person: Person finds: [Find] retired: String }
type Person @key(fields: "id") { id: ID! name: String! nickname: String }
union Find = Person | Pet
type Pet { name: String! }
"""
SERVED = (
    COMPOSED.replace("name: String!", "name: String")
    .replace("[Person!]!", "[Person]!")
    .replace("union Find = Person | Pet", "union Find = Person | Pet | Robot\ntype Robot { name: String! }")
    .replace(" retired: String", "")
)
PEOPLE: list[dict[str, Any] | None] = [{"id": "1", "name": "Ani"}, {"id": "2", "name": None}, None]

SUBGRAPHS = [
    Subgraph(
        "people",
        FED2 + COMPOSED,
        served_sdl=FED2 + SERVED,
        resolvers={
            "Query.people": lambda _p, _i: PEOPLE,
            "Query.person": lambda _p, _i: PEOPLE[1],
            "Query.finds": lambda _p, _i: [
                {"__typename": "Pet", "name": "Belang"},
                {"__typename": "Robot", "name": "R2"},
            ],
        },
    ),
    Subgraph(
        "extra",
        FED2 + 'type Person @key(fields: "id") { id: ID! age: Int }',
        references={"Person": lambda r: {**r, "age": 30}},
    ),
]
