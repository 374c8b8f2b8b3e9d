"""Cases: pick the subgraph that can serve the type conditions; unplannable means data null."""

from tests.federation.case import Case

CASES = [
    Case(
        "typename_only_one_fetch",
        '{ p: node(id: "p1") { __typename } l: node(id: "l1") { __typename } }',
        {"p": {"__typename": "Person"}, "l": {"__typename": "Letter"}},
        total_calls=1,
    ),
    Case(
        "type_conditions_pick_subgraphs",
        '{ p: node(id: "p1") { ... on Person { id name } } l: node(id: "l1") { ... on Letter { id body } } }',
        {"p": {"id": "p1", "name": "Putri"}, "l": {"id": "l1", "body": "Salam"}},
        calls={"people": 1, "post": 1},
    ),
    Case(
        "condition_on_other_type",
        '{ p: node(id: "p1") { ... on Letter { id } } l: node(id: "l1") { ... on Person { id } } }',
        {"p": {}, "l": {}},
        total_calls=2,
    ),
    Case(
        "interface_field_unreachable",
        '{ node(id: "p1") { id } }',
        None,
        errors=True,
        calls={},
    ),
    Case(
        "root_field_of_one_subgraph",
        '{ letter(id: "l1") { id body sender { name } } }',
        {"letter": {"id": "l1", "body": "Salam", "sender": {"name": "Putri"}}},
        calls={"post": 1, "people": 1},
    ),
    Case(
        "entity_field_back",
        '{ person(id: "p1") { id name letters { id } } }',
        {"person": {"id": "p1", "name": "Putri", "letters": [{"id": "l1"}]}},
        calls={"people": 1, "post": 1},
    ),
]
