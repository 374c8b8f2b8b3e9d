"""Cases: shared fields never cost a call when the current subgraph has them."""

from tests.federation.case import Case

CASES = [
    Case(
        "shared_fields_from_first_subgraph",
        "{ schools { name address { city } pupils } }",
        {
            "schools": [
                {"name": "SDN 1", "address": {"city": "Medan"}, "pupils": 300},
                {"name": "SDN 2", "address": {"city": "Binjai"}, "pupils": 300},
            ]
        },
        calls={"dapodik": 1},
    ),
    Case(
        "shared_fields_from_second_subgraph",
        "{ accredited { name address { city } grade } }",
        {"accredited": [{"name": "SDN 2", "address": {"city": "Binjai"}, "grade": "A"}]},
        calls={"accreditation": 1},
    ),
    Case(
        "only_unshared_field_needs_call",
        "{ accredited { name pupils } }",
        {"accredited": [{"name": "SDN 2", "pupils": 300}]},
        calls={"accreditation": 1, "dapodik": 1},
    ),
]
