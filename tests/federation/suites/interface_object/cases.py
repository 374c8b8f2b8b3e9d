"""Cases: interface-object fields for every implementation; typenames from the interface owner."""

from tests.federation.case import Case

CASES = [
    Case(
        "field_from_interface_object",
        "{ accounts { id level } }",
        {"accounts": [{"id": "a1", "level": 9}, {"id": "a2", "level": 1}]},
        calls={"accounts": 1, "levels": 1},
    ),
    Case(
        "field_in_type_condition",
        "{ accounts { ... on Admin { isMain level } } }",
        {"accounts": [{"isMain": True, "level": 9}, {}]},
        calls={"accounts": 1, "levels": 1},
    ),
    Case(
        "interface_object_root_own_fields",
        "{ topAccount { id level } }",
        {"topAccount": {"id": "a1", "level": 9}},
        calls={"levels": 1},
    ),
    Case(
        "interface_object_root_typename",
        "{ topAccount { __typename id } }",
        {"topAccount": {"__typename": "Admin", "id": "a1"}},
        calls={"levels": 1, "accounts": 1},
    ),
    Case(
        "interface_object_root_type_condition",
        "{ topAccount { level ... on Admin { isMain } ... on Regular { name } } }",
        {"topAccount": {"level": 9, "isMain": True}},
        calls={"levels": 1, "accounts": 1},
    ),
    Case(
        "requires_on_interface_object",
        "{ accounts { badge } }",
        {"accounts": [{"badge": "Dewi#9"}, {"badge": "Eko#1"}]},
        calls={"accounts": 1, "levels": 1},
    ),
    Case(
        "requires_from_interface_object_root",
        "{ topAccount { badge } }",
        {"topAccount": {"badge": "Dewi#9"}},
        calls={"levels": 2, "accounts": 1},
    ),
    Case(
        "non_resolvable_interface_object_key_only",
        "{ reviews { text author { id } } }",
        {"reviews": [{"text": "Cepat", "author": {"id": "a2"}}, {"text": "Teliti", "author": {"id": "a1"}}]},
        calls={"reviews": 1},
    ),
    Case(
        "non_resolvable_interface_object_to_owner",
        "{ reviews { author { __typename name ... on Admin { isMain } } } }",
        {
            "reviews": [
                {"author": {"__typename": "Regular", "name": "Eko"}},
                {"author": {"__typename": "Admin", "name": "Dewi", "isMain": True}},
            ]
        },
        calls={"reviews": 1, "accounts": 1},
    ),
    Case(
        "non_resolvable_interface_object_to_other_extension",
        "{ reviews { author { level } } }",
        {"reviews": [{"author": {"level": 1}}, {"author": {"level": 9}}]},
        calls={"reviews": 1, "levels": 1},
    ),
    Case(
        "interface_object_list_own_fields",
        "{ allAccounts { id level } }",
        {"allAccounts": [{"id": "a2", "level": 1}, {"id": "a1", "level": 9}]},
        calls={"levels": 1},
    ),
    Case(
        "interface_object_list_typename",
        "{ allAccounts { __typename level } }",
        {"allAccounts": [{"__typename": "Regular", "level": 1}, {"__typename": "Admin", "level": 9}]},
        calls={"levels": 1, "accounts": 1},
    ),
    Case(
        "typename_under_type_condition",
        "{ allAccounts { ... on Admin { __typename } } }",
        {"allAccounts": [{}, {"__typename": "Admin"}]},
        calls={"levels": 1, "accounts": 1},
    ),
    Case(
        "interface_object_to_interface_object",
        "{ allAccounts { id active } }",
        {"allAccounts": [{"id": "a2", "active": False}, {"id": "a1", "active": True}]},
        calls={"levels": 1, "flags": 1},
    ),
    Case(
        "interface_object_to_interface_object_under_type_condition",
        "{ allAccounts { id ... on Admin { active } } }",
        {"allAccounts": [{"id": "a2"}, {"id": "a1", "active": True}]},
        calls={"levels": 1, "accounts": 1, "flags": 1},
    ),
    Case(
        "owner_root_to_two_interface_objects",
        "{ accounts { name level active } }",
        {
            "accounts": [
                {"name": "Dewi", "level": 9, "active": True},
                {"name": "Eko", "level": 1, "active": False},
            ]
        },
        calls={"accounts": 1, "levels": 1, "flags": 1},
    ),
]
