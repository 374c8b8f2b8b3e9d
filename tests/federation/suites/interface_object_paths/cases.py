"""Cases: fragments on concrete types below an interface object, and interface objects kept."""

from tests.federation.case import Case

CASES = [
    Case(
        "concrete_fragment_hops_to_type_owner_then_field_owner",
        "{ directory { id ... on User { level } } }",
        {"directory": [{"id": "u1", "level": 7}, {"id": "u2", "level": None}]},
        calls={"directory": 1, "people": 1, "ages": 1},
        headers={"Apollo-Query-Plan-Experimental": "1"},
        plan=['Fetch(service: "directory")', 'Fetch(service: "people")', 'Fetch(service: "ages")'],
    ),
    Case(
        "concrete_fragment_field_of_the_type_owner",
        "{ directory { ... on User { age } } }",
        {"directory": [{"age": 34}, {"age": 41}]},
        calls={"directory": 1, "people": 1},
    ),
    Case(
        "concrete_fragment_with_interface_object_field",
        "{ directory { username ... on User { name age level } } }",
        {
            "directory": [
                {"username": "ani", "name": "Ani", "age": 34, "level": 7},
                {"username": "budi", "name": "Budi", "age": 41, "level": None},
            ]
        },
        calls={"directory": 1, "people": 1, "ages": 1},
    ),
    Case(
        "typename_from_type_owner",
        "{ directory { __typename id } }",
        {"directory": [{"__typename": "User", "id": "u1"}, {"__typename": "User", "id": "u2"}]},
        calls={"directory": 1, "people": 1},
    ),
    Case(
        "unresolvable_interface_object_interface_fields_only",
        "{ someone { id } }",
        {"someone": {"id": "u1"}},
        calls={"lookup": 1},
    ),
    Case(
        "unresolvable_interface_object_own_field",
        "{ tagged { id label } }",
        {"tagged": {"id": "t1", "label": "baru"}},
        calls={"lookup": 1},
    ),
    Case(
        "unresolvable_interface_object_then_entity_call",
        "{ someone { id username } }",
        {"someone": {"id": "u1", "username": "ani"}},
        calls={"lookup": 1, "directory": 1},
    ),
    Case(
        "unresolvable_interface_object_concrete_fragment",
        "{ someone { __typename ... on User { name } } }",
        {"someone": {"__typename": "User", "name": "Ani"}},
        calls={"lookup": 1, "people": 1},
    ),
]
