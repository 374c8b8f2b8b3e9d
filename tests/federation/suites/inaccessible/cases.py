"""Cases: hidden elements fail validation and vanish from introspection but still serve @requires."""

from tests.federation.case import Case, ErrorSpec

INVALID = [ErrorSpec(code="GRAPHQL_VALIDATION_FAILED")]

CASES = [
    Case(
        "visible_fields",
        "{ users { id name role } }",
        {"users": [{"id": "u1", "name": "Ani", "role": "CITIZEN"}]},
    ),
    Case("inaccessible_field", "{ users { secret } }", None, errors=INVALID, calls={}),
    Case("inaccessible_root_field", "{ internal { note } }", None, errors=INVALID, calls={}),
    Case(
        "requires_inaccessible_field",
        "{ users { greeting } }",
        {"users": [{"greeting": "halo x1"}]},
        calls={"people": 1, "letters": 1},
    ),
    Case(
        "introspection_hides_field",  # fields in supergraph order
        '{ __type(name: "User") { fields { name } } }',
        {"__type": {"fields": [{"name": "id"}, {"name": "greeting"}, {"name": "name"}, {"name": "role"}]}},
        calls={},
    ),
    Case(
        "introspection_hides_enum_value",
        '{ __type(name: "Role") { enumValues { name } } }',
        {"__type": {"enumValues": [{"name": "CITIZEN"}]}},
        calls={},
    ),
    Case("introspection_hides_type", '{ __type(name: "Internal") { name } }', {"__type": None}, calls={}),
    Case(
        "introspection_root_fields",
        "{ __schema { queryType { fields { name } } } }",
        {"__schema": {"queryType": {"fields": [{"name": "users"}, {"name": "cards"}]}}},
        calls={},
    ),
    Case(
        "inaccessible_key_still_joins",
        "{ cards { label owner } }",
        {"cards": [{"label": "kartu biasa", "owner": "pemilik S-9"}]},
        calls={"people": 1, "letters": 1},
    ),
    Case("inaccessible_key_not_selectable", "{ cards { serial } }", None, errors=INVALID, calls={}),
    Case("inaccessible_argument", '{ cards { label(style: "emas") } }', None, errors=INVALID, calls={}),
]
