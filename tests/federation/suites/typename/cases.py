"""Cases: __typename is always the concrete object type, never an interface or a subgraph's view."""

from tests.federation.case import Case

CASES = [
    Case(
        "concrete_typenames_of_interface_list",
        "{ items { __typename id } }",
        {"items": [{"__typename": "Tablet", "id": "t1"}, {"__typename": "Syrup", "id": "s1"}]},
        calls={"pharmacy": 1},
    ),
    Case(
        "aliased_typenames",
        "{ first { kind: __typename also: __typename } }",
        {"first": {"kind": "Tablet", "also": "Tablet"}},
        calls={"pharmacy": 1},
    ),
    Case(
        "typename_with_interface_object_field",
        "{ items { __typename units } }",
        {"items": [{"__typename": "Tablet", "units": 40}, {"__typename": "Syrup", "units": 7}]},
        calls={"pharmacy": 1, "stock": 1},
    ),
    Case(
        "typename_from_interface_object_root",
        "{ lowest { __typename units } }",
        {"lowest": {"__typename": "Syrup", "units": 7}},
        calls={"stock": 1, "pharmacy": 1},
    ),
    Case(
        "typename_in_mutation",
        "mutation { __typename restock { __typename id } }",
        {"__typename": "Mutation", "restock": {"__typename": "Syrup", "id": "s1"}},
        calls={"pharmacy": 1},
    ),
    Case(
        "typename_under_type_condition",
        "{ items { ... on Syrup { __typename } ... on Tablet { id } } }",
        {"items": [{"id": "t1"}, {"__typename": "Syrup"}]},
        calls={"pharmacy": 1},
    ),
]
