"""Cases: each sub-field from the subgraph that has it; the key-dependent one after its key."""

from tests.federation.case import Case

CASES = [
    Case(
        "split_across_three_subgraphs",
        '{ service(id: "7") { name office { code address openingHours } } }',
        {
            "service": {
                "name": "Pembuatan KTP",
                "office": {"code": "K-7", "address": "Jl. Merdeka K-7", "openingHours": "08-15"},
            }
        },
        calls={"services": 1, "hours": 1, "offices": 1, "addresses": 1},
    ),
    Case(
        "value_type_side_only",
        '{ service(id: "7") { office { openingHours } } }',
        {"service": {"office": {"openingHours": "08-15"}}},
        calls={"services": 1, "hours": 1},
    ),
    Case(
        "entity_side_only",
        '{ service(id: "7") { office { address } } }',
        {"service": {"office": {"address": "Jl. Merdeka K-7"}}},
        calls={"services": 1, "offices": 1, "addresses": 1},
    ),
]
