"""Cases: conflicting subgraph types under one response name still produce client data."""

from tests.federation.case import Case

BOTH = "... on User { id name } ... on Admin { id name }"

CASES = [
    Case(
        "union_members_conflicting_types",
        f"{{ accounts {{ {BOTH} }} }}",
        {"accounts": [{"id": "u1", "name": "Ani"}, {"id": "a1", "name": "Root"}]},
        calls={"accounts": 1},
    ),
    Case(
        "conflict_with_entity_call",
        "{ accounts { ... on User { name friends { id } } ... on Admin { name } } }",
        {"accounts": [{"name": "Ani", "friends": [{"id": "u1"}]}, {"name": "Root"}]},
        calls={"accounts": 1, "social": 1},
    ),
    Case(
        "conflict_two_levels",
        "{ users { name friends { name } } accounts { ... on Admin { name } ... on User { name } } }",
        {
            "users": [{"name": "Ani", "friends": [{"name": "Ani"}]}],
            "accounts": [{"name": "Ani"}, {"name": "Root"}],
        },
    ),
]
