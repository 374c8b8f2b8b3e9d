"""Cases: abstract results resolved by __typename, fields fetched per concrete type."""

from tests.federation.case import Case

CASES = [
    Case(
        "fields_per_type_from_other_subgraphs",
        "{ vehicles { plate ... on Car { owner { name } } ... on Truck { capacity } } }",
        {"vehicles": [{"plate": "B 1 ID", "owner": {"name": "Sari"}}, {"plate": "D 2 ID", "capacity": 8}]},
        calls={"registry": 1, "owners": 1, "cargo": 1},
    ),
    Case(
        "interface_field_from_two_places",
        "{ garage { __typename id plate } }",
        {
            "garage": [
                {"__typename": "Car", "id": "v1", "plate": "B 1 ID"},
                {"__typename": "Motorbike", "id": "v3", "plate": "F 3 ID"},
            ]
        },
        calls={"owners": 1, "registry": 1},
    ),
    Case(
        "type_known_in_one_subgraph",
        "{ garage { ... on Motorbike { cc } ... on Car { seats } } }",
        {"garage": [{"seats": 4}, {"cc": 150}]},
        calls={"owners": 1, "registry": 1},
    ),
    Case(
        "no_needless_call_for_other_type",
        "{ vehicles { ... on Car { seats } } }",
        {"vehicles": [{"seats": 4}, {}]},
        calls={"registry": 1},
    ),
]
