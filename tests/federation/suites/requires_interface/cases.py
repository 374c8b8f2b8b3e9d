"""Cases: only the concrete types asked for are sent, all in one entity call."""

from tests.federation.case import Case

CASES = [
    Case(
        "requires_one_type",
        "{ accounts { name ... on Person { salutation } } }",
        {
            "accounts": [
                {"name": "Rina", "salutation": "Yth. Rina"},
                {"name": "Dinas Kesehatan"},
                {"name": "Tono", "salutation": "Yth. Tono"},
            ]
        },
        calls={"directory": 1, "mail": 1},
    ),
    Case(
        "requires_two_types_one_call",
        "{ accounts { ... on Agency { letterhead } ... on Person { salutation } } }",
        {
            "accounts": [
                {"salutation": "Yth. Rina"},
                {"letterhead": "Dinas Kesehatan Bandung"},
                {"salutation": "Yth. Tono"},
            ]
        },
        calls={"directory": 1, "mail": 1},
    ),
    Case(
        "interface_fields_only",
        "{ accounts { __typename id } }",
        {
            "accounts": [
                {"__typename": "Person", "id": "a1"},
                {"__typename": "Agency", "id": "a2"},
                {"__typename": "Person", "id": "a3"},
            ]
        },
        calls={"directory": 1},
    ),
]
