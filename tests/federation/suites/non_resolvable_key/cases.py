"""Cases: a key-only reference needs no call; other fields come from the resolvable side."""

from tests.federation.case import Case

CASES = [
    Case(
        "key_only_no_entity_call",
        "{ reviews { body author { id } } }",
        {"reviews": [{"body": "Cepat", "author": {"id": "u1"}}, {"body": "Ramah", "author": {"id": "u2"}}]},
        calls={"reviews": 1},
    ),
    Case(
        "resolvable_side_called",
        "{ reviews { author { name } } }",
        {"reviews": [{"author": {"name": "Ani"}}, {"author": {"name": "Budi"}}]},
        calls={"reviews": 1, "users": 1},
    ),
    Case(
        "never_asks_non_resolvable_subgraph",
        '{ user(id: "u2") { id name } }',
        {"user": {"id": "u2", "name": "Budi"}},
        calls={"users": 1},
    ),
]
