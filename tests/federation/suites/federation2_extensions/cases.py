"""Cases: extensions and @extends are entities like any other; external keys need no call."""

from tests.federation.case import Case

CASES = [
    Case(
        "fields_from_both_extensions",
        "{ users { name rank badge } }",
        {
            "users": [
                {"name": "Ani", "rank": 2, "badge": "badge-u1"},
                {"name": "Budi", "rank": 1, "badge": "badge-u2"},
            ]
        },
        calls={"users": 1, "extension": 1, "extends": 1},
    ),
    Case(
        "extension_root_key_only",
        "{ topUser { id rank } }",
        {"topUser": {"id": "u2", "rank": 1}},
        calls={"extension": 1},
    ),
    Case(
        "extension_root_to_owner",
        "{ topUser { name badge } }",
        {"topUser": {"name": "Budi", "badge": "badge-u2"}},
        calls={"extension": 1, "users": 1, "extends": 1},
    ),
]
