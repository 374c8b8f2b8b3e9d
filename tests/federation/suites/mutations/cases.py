"""Cases: root mutation fields run one after another, in document order, across subgraphs."""

from tests.federation.case import Case, ErrorSpec

CASES = [
    Case(
        "serial_across_subgraphs",
        "mutation { reset a: add(by: 2) m: multiply(by: 3) b: add(by: 1) }",
        {"reset": 0, "a": 2, "m": 6, "b": 7},
        calls={"adder": 2, "multiplier": 1},
    ),
    Case(
        "serial_order_matters",
        "mutation { reset m: multiply(by: 3) a: add(by: 2) n: multiply(by: 10) }",
        {"reset": 0, "m": 0, "a": 2, "n": 20},
        calls={"adder": 2, "multiplier": 2},
    ),
    Case(
        "mutation_result_entity_fields",
        'mutation { reset register(name: "Ani") { id name greeting } }',
        {"reset": 0, "register": {"id": "p1", "name": "Ani", "greeting": "Selamat datang, p1"}},
        calls={"adder": 1, "multiplier": 1},
    ),
    Case(
        "mutation_with_variables",
        "mutation ($x: Int!, $y: Int!) { reset add(by: $x) multiply(by: $y) }",
        {"reset": 0, "add": 5, "multiply": 20},
        variables={"x": 5, "y": 4},
    ),
    Case("mutation_over_get_refused", "mutation { reset }", None, errors=True, method="GET", calls={}),
    Case(
        "failing_mutation_field_does_not_stop_the_rest",
        "mutation { reset a: add(by: 1) fail b: add(by: 1) }",
        {"reset": 0, "a": 1, "fail": None, "b": 2},
        errors=[ErrorSpec(path=["fail"], code="FORBIDDEN", service="multiplier")],
        calls={"adder": 2, "multiplier": 1},
    ),
    Case(
        "non_null_failure_nulls_data",
        "mutation { reset failStrict b: add(by: 1) }",
        None,
        errors=[ErrorSpec(path=["failStrict"])],
        note="whether later fields still run is left open: graphql-js stops, Apollo Gateway goes on",
    ),
]
