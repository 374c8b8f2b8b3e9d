"""Cases: the representation carries the fragment fields of each concrete type."""

from tests.federation.case import Case

CASES = [
    Case(
        "requires_fragments",
        "{ parcels { id fee } }",
        {"parcels": [{"id": "k1", "fee": 6200}, {"id": "k2", "fee": 17000}]},
        calls={"parcels": 1, "postage": 1},
    ),
    Case(
        "requires_fragments_with_client_fields",
        "{ parcels { fee contents { label ... on Goods { kilograms } } } }",
        {
            "parcels": [
                {"fee": 6200, "contents": {"label": "12 halaman"}},
                {"fee": 17000, "contents": {"label": "4 kg", "kilograms": 4}},
            ]
        },
        calls={"parcels": 1, "postage": 1},
    ),
    Case(
        "no_requires_no_postage_call",
        "{ parcels { contents { __typename label } } }",
        {
            "parcels": [
                {"contents": {"__typename": "Document", "label": "12 halaman"}},
                {"contents": {"__typename": "Goods", "label": "4 kg"}},
            ]
        },
        calls={"parcels": 1},
    ),
]
