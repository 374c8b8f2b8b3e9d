"""Cases: one entity fetch per step, none when the first subgraph has everything."""

from tests.federation.case import Case

CASES = [
    Case(
        "owner_only",
        "{ user { id email } }",
        {"user": {"id": "u1", "email": "ani@example.id"}},
        calls={"accounts": 1},
    ),
    Case(
        "entity_call",
        "{ user { id email nickname } }",
        {"user": {"id": "u1", "email": "ani@example.id", "nickname": "Ani"}},
        calls={"accounts": 1, "profiles": 1},
    ),
    Case(
        "entity_call_list_batched",
        "{ users { nickname email } }",
        {
            "users": [
                {"nickname": "Ani", "email": "ani@example.id"},
                {"nickname": "Budi", "email": "budi@example.id"},
            ]
        },
        calls={"accounts": 1, "profiles": 1},
    ),
    Case(
        "query_plan_on_request",
        "{ user { id email nickname } }",
        {"user": {"id": "u1", "email": "ani@example.id", "nickname": "Ani"}},
        headers={"apollo-query-plan-experimental": "1"},
        plan=[
            "QueryPlan",
            'Fetch(service: "accounts")',
            'Flatten(path: "user")',
            'Fetch(service: "profiles")',
        ],
    ),
    Case(
        "no_query_plan_unasked",
        "{ user { id } }",
        {"user": {"id": "u1"}},
        plan=[],
    ),
    Case(
        "fragments_on_query_root",
        "query { ...Q ... on Query { t: __typename } } fragment Q on Query { user { nickname } }",
        {"user": {"nickname": "Ani"}, "t": "Query"},
        calls={"accounts": 1, "profiles": 1},
    ),
]
