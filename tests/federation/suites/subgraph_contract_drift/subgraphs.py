"""A subgraph serving a looser schema than the one composed: nulls where the supergraph says non-null."""

from typing import Any

from tests.federation.subgraph import FED2, Subgraph

COMPOSED = """
type Query { people: [Person!]! person: Person }
type Person @key(fields: "id") { id: ID! name: String! nickname: String }
"""
SERVED = COMPOSED.replace("name: String!", "name: String").replace("[Person!]!", "[Person]!")
PEOPLE: list[dict[str, Any] | None] = [{"id": "1", "name": "Ani"}, {"id": "2", "name": None}, None]

SUBGRAPHS = [
    Subgraph(
        "people",
        FED2 + COMPOSED,
        served_sdl=FED2 + SERVED,
        resolvers={"Query.people": lambda _p, _i: PEOPLE, "Query.person": lambda _p, _i: PEOPLE[1]},
    ),
    Subgraph(
        "extra",
        FED2 + 'type Person @key(fields: "id") { id: ID! age: Int }',
        references={"Person": lambda r: {**r, "age": 30}},
    ),
]
