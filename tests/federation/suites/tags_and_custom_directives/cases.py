"""Cases: tagged and custom-directive fields answer like any other."""

from tests.federation.case import Case

CASES = [
    Case(
        "tagged_fields",
        '{ citizen(nik: "1") { nik name } }',
        {"citizen": {"nik": "1", "name": "Rudi"}},
        calls={"identity": 1},
    ),
    Case(
        "custom_directive_field_in_entity_call",
        '{ citizen(nik: "1") { name bloodType } }',
        {"citizen": {"name": "Rudi", "bloodType": "O"}},
        calls={"identity": 1, "health": 1},
    ),
    Case(
        "tagged_type_visible",
        '{ __type(name: "Citizen") { fields { name } } }',
        {"__type": {"fields": [{"name": "nik"}, {"name": "bloodType"}, {"name": "name"}]}},
        calls={},
    ),
]
