"""Cases: the nested required selection travels whole; lists of lists get one call."""

from tests.federation.case import Case, ErrorSpec

CASES = [
    Case(
        "requires_nested_selection",
        "{ parcels { id tariff } }",
        {"parcels": [{"id": "k1", "tariff": 2200}, {"id": "k2", "tariff": 6200}]},
        calls={"warehouse": 1, "courier": 1},
    ),
    Case(
        "requires_with_overlapping_client_selection",
        "{ parcels { size { dims { w } } tariff label } }",
        {
            "parcels": [
                {"size": {"dims": {"w": 20}}, "tariff": 2200, "label": "paket k1"},
                {"size": {"dims": {"w": 40}}, "tariff": 6200, "label": "paket k2"},
            ]
        },
        calls={"warehouse": 1, "courier": 1},
    ),
    Case(
        "requires_under_list_of_lists",
        "{ shelves { id tariff } }",
        {
            "shelves": [
                [{"id": "k2", "tariff": 6200}],
                [],
                [{"id": "k1", "tariff": 2200}, {"id": "k2", "tariff": 6200}],
            ]
        },
        calls={"warehouse": 1, "courier": 1},
        representations={"courier": 2},
    ),
    Case(
        "error_paths_under_list_of_lists",
        "{ shelves { id insured } }",
        {
            "shelves": [
                [{"id": "k2", "insured": None}],
                [],
                [{"id": "k1", "insured": True}, {"id": "k2", "insured": None}],
            ]
        },
        errors=[
            ErrorSpec(path=["shelves", 0, 0, "insured"], service="courier"),
            ErrorSpec(path=["shelves", 2, 1, "insured"], service="courier"),
        ],
        calls={"warehouse": 1, "courier": 1},
    ),
]
