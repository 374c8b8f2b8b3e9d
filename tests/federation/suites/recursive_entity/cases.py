"""Cases: the tree subgraph answers the whole chain; names of every level come in one call."""

from tests.federation.case import Case

CASES = [
    Case(
        "three_levels_up",
        '{ area(code: "31.71.01.1001") {'
        " name parent { name parent { name parent { name parent { code } } } } } }",
        {
            "area": {
                "name": "Gambir",
                "parent": {
                    "name": "Gambir",
                    "parent": {"name": "Jakarta Pusat", "parent": {"name": "DKI Jakarta", "parent": None}},
                },
            }
        },
        calls={"names": 2, "tree": 1},  # names of all levels: one call after the tree
    ),
    Case(
        "codes_only",
        '{ area(code: "31.71") { parent { code parent { code } } } }',
        {"area": {"parent": {"code": "31", "parent": None}}},
        calls={"names": 1, "tree": 1},
    ),
]
