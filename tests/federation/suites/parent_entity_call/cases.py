"""Cases: staff -> departments -> staff again, one call per step."""

from tests.federation.case import Case

CASES = [
    Case(
        "back_to_parent_subgraph",
        "{ employee { fullName department { name head { id fullName } } } }",
        {
            "employee": {
                "fullName": "Siti Rahma",
                "department": {"name": "Kependudukan", "head": {"id": "e2", "fullName": "Joko Susilo"}},
            }
        },
        calls={"staff": 2, "departments": 1},
    ),
    Case(
        "key_field_needs_no_call",
        "{ employee { department { id } } }",
        {"employee": {"department": {"id": "d1"}}},
        calls={"staff": 1},
    ),
]
