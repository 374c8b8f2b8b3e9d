"""Cases: parse and validation failures answer ``data: null`` with a coded error, status 400."""

from tests.federation.case import Case, ErrorSpec

INVALID = [ErrorSpec(code="GRAPHQL_VALIDATION_FAILED")]

CASES = [
    Case("valid", '{ region(code: "51") { name } }', {"region": {"name": "Bali"}}, calls={"registry": 1}),
    Case(
        "unknown_field", '{ region(code: "51") { population } }', None, errors=INVALID, calls={}, status=400
    ),
    Case("missing_argument", "{ region { name } }", None, errors=INVALID, calls={}, status=400),
    Case("missing_selection", '{ region(code: "51") }', None, errors=INVALID, calls={}, status=400),
    Case(
        "unknown_fragment",
        '{ region(code: "51") { ...Nope } }',
        None,
        errors=INVALID,
        calls={},
        status=400,
    ),
    Case(
        "parse_error",
        "{ region(code: ",
        None,
        errors=[ErrorSpec(code="GRAPHQL_PARSE_FAILED")],
        calls={},
        status=400,
    ),
    Case(
        "missing_variable",
        "query ($c: ID!) { region(code: $c) { name } }",
        None,
        errors=True,
        calls={},
    ),
    Case(
        "unknown_operation_name",
        "query A { __typename }",
        None,
        errors=True,
        operation_name="B",
        calls={},
    ),
    Case(
        "plain_json_accept_gets_200",
        '{ region(code: "51") { population } }',
        None,
        errors=INVALID,
        calls={},
        status=200,
        headers={"accept": "application/json"},
    ),
    Case(
        "plain_json_accept_valid_query",
        '{ region(code: "51") { code name } }',
        {"region": {"code": "51", "name": "Bali"}},
        status=200,
        headers={"accept": "application/json"},
    ),
]
