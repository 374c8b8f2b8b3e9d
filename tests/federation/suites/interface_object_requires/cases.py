"""Cases: requires across the interface owner and two interface objects, step by step."""

from tests.federation.case import Case

CASES = [
    Case(
        "requires_owner_field",
        "{ accounts { greeting } }",
        {"accounts": [{"greeting": "Halo Dewi"}, {"greeting": "Halo Eko"}]},
        calls={"accounts": 1, "extras": 1},
    ),
    Case(
        "requires_other_interface_object_field",
        "{ accounts { id score } }",
        {"accounts": [{"id": "a1", "score": 100}, {"id": "a2", "score": 50}]},
        calls={"accounts": 1, "extras": 1, "scores": 1},
    ),
    Case(
        "interface_object_root_requires_owner",
        "{ vip { greeting } }",
        {"vip": [{"greeting": "Halo Eko"}, {"greeting": "Halo Dewi"}]},
        calls={"extras": 2, "accounts": 1},
    ),
    Case(
        "interface_object_root_typename_and_chained_requires",
        "{ vip { __typename score } }",
        {"vip": [{"__typename": "Regular", "score": 50}, {"__typename": "Admin", "score": 100}]},
        calls={"extras": 1, "accounts": 1, "scores": 1},
    ),
    Case(
        "type_condition_then_requires",
        "{ vip { ... on Admin { greeting } } }",
        {"vip": [{}, {"greeting": "Halo Dewi"}]},
        calls={"extras": 2, "accounts": 1},
    ),
    Case(
        "requires_chain_under_type_condition",
        "{ accounts { ... on Regular { score } } }",
        {"accounts": [{}, {"score": 50}]},
        calls={"accounts": 1, "extras": 1, "scores": 1},
    ),
]
