"""Cases: fields provided below an interface-typed field need no entity call."""

from tests.federation.case import Case

CASES = [
    Case(
        "provided_fields_through_interface_field",
        "{ media { id animals { id name } } }",
        {"media": {"id": "m1", "animals": [{"id": "c1", "name": "Oyen"}, {"id": "d1", "name": "Belang"}]}},
        calls={"zoo": 1},
    ),
    Case(
        "object_field_outside_provides_uses_provided_key",
        "{ media { id animals { id name ... on Cat { age } } } }",
        {
            "media": {
                "id": "m1",
                "animals": [{"id": "c1", "name": "Oyen", "age": 3}, {"id": "d1", "name": "Belang"}],
            }
        },
        calls={"zoo": 1, "registry": 1},
        representations={"registry": 1},
    ),
    Case(
        "provided_fields_in_object_fragments",
        "{ media { ... on Book { animals { ... on Cat { id } ... on Dog { name } } } } }",
        {"media": {"animals": [{"id": "c1"}, {"name": "Belang"}]}},
        calls={"zoo": 1},
    ),
]
