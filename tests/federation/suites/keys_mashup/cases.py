"""Cases: out to the resolvable key, back through the one key the origin resolves."""

from tests.federation.case import Case

CASES = [
    Case(
        "requires_round_trip_through_composite_key",
        "{ office { id permits { id holder label } } }",
        {
            "office": {
                "id": "o1",
                "permits": [
                    {"id": "1", "holder": "Ani", "label": "Izin S-1 a.n. Ani"},
                    {"id": "2", "holder": "Budi", "label": "Izin S-2 a.n. Budi"},
                ],
            }
        },
        calls={"office": 2, "registry": 1},
    ),
    Case(
        "local_key_fields_only",
        "{ office { permits { serial ref { region seq year } } } }",
        {
            "office": {
                "permits": [
                    {"serial": "S-1", "ref": {"region": "32", "seq": "7", "year": "2024"}},
                    {"serial": "S-2", "ref": {"region": "33", "seq": "8", "year": "2025"}},
                ]
            }
        },
        calls={"office": 1},
    ),
]
