"""Cases: the value-type side lends its key for an entity call to the entity side."""

from tests.federation.case import Case

CASES = [
    Case(
        "value_type_fields",
        "{ offices { id name } }",
        {"offices": [{"id": "o1", "name": "Disdukcapil Bandung"}]},
        calls={"directory": 1},
    ),
    Case(
        "value_type_to_entity",
        "{ offices { name address } }",
        {"offices": [{"name": "Disdukcapil Bandung", "address": "Jl. Ambon 1"}]},
        calls={"directory": 1, "registry": 1},
    ),
    Case(
        "entity_side_root",
        '{ office(id: "o1") { name address } }',
        {"office": {"name": "Disdukcapil Bandung", "address": "Jl. Ambon 1"}},
        calls={"registry": 1},
    ),
]
