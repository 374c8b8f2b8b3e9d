"""Cases: nested self-references stay in one subgraph; implementation fields in one more call."""

from tests.federation.case import Case

CASES = [
    Case(
        "self_reference_one_subgraph",
        '{ vessel(id: "s1") { id sister { id sister { id } } } }',
        {"vessel": {"id": "s1", "sister": {"id": "b1", "sister": {"id": "s1"}}}},
        calls={"fleet": 1},
    ),
    Case(
        "nested_implementation_fields",
        '{ vessel(id: "s1") { ... on Ship { crew }'
        " sister { ... on Boat { oars } sister { ... on Ship { crew } } } } }",
        {"vessel": {"crew": 120, "sister": {"oars": 4, "sister": {"crew": 120}}}},
        calls={"fleet": 1, "crew": 1},
    ),
]
