"""``@provides`` on an interface-typed field whose implementations' keys are ``@external``.

``zoo`` returns ``media: Media`` (an interface) whose implementation ``Book`` provides
``animals: [Animal]``'s ``id`` and ``name`` on ``Cat`` and ``Dog``. In ``zoo`` those fields,
the key ``id`` included, are ``@external``: they resolve there only along that path, which a
field asked at the level of ``Media`` does not carry. ``registry`` owns the animals.
"""

from typing import Any

from tests.federation.subgraph import FED2, Subgraph, by_key

GATEWAY_ENV = {"SPBE_GATEWAY_DEBUG_PLANS": "1"}

ANIMALS: list[dict[str, Any]] = [
    {"__typename": "Cat", "id": "c1", "name": "Oyen", "age": 3},
    {"__typename": "Dog", "id": "d1", "name": "Belang"},
]
INTERFACE = "interface Animal { id: ID! name: String }"

SUBGRAPHS = [
    Subgraph(
        "zoo",
        FED2
        + INTERFACE
        + """
        type Query { media: Media }
        interface Media { id: ID! animals: [Animal!]! }
        type Book implements Media @key(fields: "id") {
          id: ID!
          animals: [Animal!]! @provides(fields: "... on Cat { id name } ... on Dog { id name }")
        }
        type Cat implements Animal @key(fields: "id") { id: ID! @external name: String @external }
        type Dog implements Animal @key(fields: "id") { id: ID! @external name: String @external }
        """,
        resolvers={"Query.media": lambda _p, _i: {"__typename": "Book", "id": "m1", "animals": ANIMALS}},
    ),
    Subgraph(
        "registry",
        FED2
        + INTERFACE
        + """
        type Cat implements Animal @key(fields: "id") { id: ID! name: String age: Int }
        type Dog implements Animal @key(fields: "id") { id: ID! name: String }
        """,
        references={"Cat": by_key(ANIMALS, "id"), "Dog": by_key(ANIMALS, "id")},
    ),
]
