"""Cases: a union member's fragment is kept by the subgraphs that can still resolve the path.

While the shareable path below an entity can be resolved by several subgraphs, only the
members common to them are asked for (the others' fields answer ``null``); after a field that
only one subgraph has (an entity call there), that subgraph's members apply.
"""

from tests.federation.case import Case

ALL = "__typename ... on Common { label } ... on OnlyA { a } ... on OnlyB { b }"

CASES = [
    Case(
        "shared_path_keeps_common_members_only_a",
        f"{{ rootA {{ wrapper {{ actions {{ {ALL} }} }} }} }}",
        {
            "rootA": {
                "wrapper": {
                    "actions": [{"__typename": "Common", "label": "umum"}, {"__typename": "OnlyA", "a": None}]
                }
            }
        },
        calls={"alpha": 1},
        headers={"Apollo-Query-Plan-Experimental": "1"},
        plan=["... on Common {", "label"],
    ),
    Case(
        "shared_path_keeps_common_members_only_b",
        f"{{ rootB {{ wrapper {{ actions {{ {ALL} }} }} }} }}",
        {
            "rootB": {
                "wrapper": {
                    "actions": [{"__typename": "Common", "label": "umum"}, {"__typename": "OnlyB", "b": None}]
                }
            }
        },
        calls={"beta": 1},
    ),
    Case(
        "exclusive_member_alone",
        "{ rootA { wrapper { actions { ... on OnlyA { a } } } } }",
        {"rootA": {"wrapper": {"actions": [{}, {"a": None}]}}},
        calls={"alpha": 1},
    ),
    Case(
        "after_entity_call_target_members_apply",
        f"{{ rootA {{ id wrapperB {{ actions {{ {ALL} }} }} }} }}",
        {
            "rootA": {
                "id": "c1",
                "wrapperB": {
                    "actions": [
                        {"__typename": "Common", "label": "umum"},
                        {"__typename": "OnlyB", "b": "dari beta"},
                    ]
                },
            }
        },
        calls={"alpha": 1, "beta": 1},
    ),
]
