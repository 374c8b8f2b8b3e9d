"""Cases: a value outside the API schema is nulled with an error, propagating if non-null."""

from tests.federation.case import Case, ErrorSpec

CASES = [
    Case(
        "known_values_pass",
        "{ licences { id } }",
        {"licences": [{"id": "l1"}, {"id": "l2"}]},
    ),
    Case(
        "unknown_value_nullable",
        "{ licences { id kind } }",
        {"licences": [{"id": "l1", "kind": "A"}, {"id": "l2", "kind": None}]},
        errors=[ErrorSpec(path=["licences", 1, "kind"])],
    ),
    Case(
        "unknown_value_non_null_propagates",
        "{ licence { id category } }",
        None,
        errors=[ErrorSpec(path=["licence", "category"])],
    ),
]
