"""Cases: the overridden implementation's field comes from its new owner, the others stay."""

from tests.federation.case import Case

CASES = [
    Case(
        "interface_field_overridden_on_one_type",
        "{ docs { id title } }",
        {"docs": [{"id": "f1", "title": "Formulir KTP"}, {"id": "n1", "title": "Catatan"}]},
        calls={"documents": 1, "forms": 1},
    ),
    Case(
        "type_condition_on_not_overridden",
        "{ docs { ... on Note { title } } }",
        {"docs": [{}, {"title": "Catatan"}]},
        calls={"documents": 1},
    ),
    Case(
        "type_condition_on_overridden",
        "{ docs { __typename ... on Form { title } } }",
        {"docs": [{"__typename": "Form", "title": "Formulir KTP"}, {"__typename": "Note"}]},
        calls={"documents": 1, "forms": 1},
    ),
]
