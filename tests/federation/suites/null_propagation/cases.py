"""Cases: a null in a non-null position nulls the nearest nullable parent, with an error there.

Citizen 2 is unknown to the registry (its entity comes back ``null`` without an error);
citizen 3's ``status``/``strictStatus`` resolvers fail in the registry.
"""

from tests.federation.case import Case, ErrorSpec

CASES = [
    Case(
        "nullable_item_absorbs",
        "{ nullableItems { nik record { note } } }",
        {
            "nullableItems": [
                {"nik": "1", "record": {"note": "lengkap"}},
                None,
                {"nik": "3", "record": {"note": "lengkap"}},
            ]
        },
        errors=[ErrorSpec(path=["nullableItems", 1, "record"])],
        calls={"people": 1, "registry": 1},
    ),
    Case(
        "nullable_list_absorbs",
        "{ strictItems { nik record { note } } }",
        {"strictItems": None},
        errors=[ErrorSpec(path=["strictItems", 1, "record"])],
    ),
    Case(
        "reaches_data",
        "{ strictList { record { note } } one { name } }",
        None,
        errors=[ErrorSpec(path=["strictList", 1, "record"])],
    ),
    Case(
        "nullable_field_no_propagation",
        "{ strictList { nik optional { note } } }",
        {
            "strictList": [
                {"nik": "1", "optional": {"note": "ada"}},
                {"nik": "2", "optional": None},
                {"nik": "3", "optional": {"note": "ada"}},
            ]
        },
        errors=None,
    ),
    Case(
        "subgraph_error_on_nullable_field",
        "{ strictList { nik status } }",
        {
            "strictList": [
                {"nik": "1", "status": "baik"},
                {"nik": "2", "status": None},
                {"nik": "3", "status": None},
            ]
        },
        errors=[ErrorSpec(path=["strictList", 2, "status"], service="registry")],
    ),
    Case(
        "subgraph_error_on_non_null_field",
        "{ nullableItems { nik strictStatus } }",
        {"nullableItems": [{"nik": "1", "strictStatus": "baik"}, None, None]},
        errors=[ErrorSpec(path=["nullableItems", 2, "strictStatus"])],
    ),
    Case(
        "sibling_root_fields_survive",
        "{ strictItems { record { note } } one { name } }",
        {"strictItems": None, "one": {"name": "Budi"}},
        errors=True,
    ),
]
