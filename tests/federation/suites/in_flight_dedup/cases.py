"""Cases: eight identical requests at once, one subgraph call per step, eight right answers."""

from tests.federation.case import Case

CASES = [
    Case(
        "identical_queries_share_one_trip",
        '{ region(code: "51.71") { name population } }',
        {"region": {"name": "Wilayah 51.71", "population": 5000}},
        parallel=8,
        calls={"registry": 1, "census": 1},
    ),
    Case(
        "identical_queries_with_variables_share_one_trip",
        "query ($c: ID!) { region(code: $c) { population } }",
        {"region": {"population": 2000}},
        variables={"c": "51"},
        parallel=8,
        calls={"registry": 1, "census": 1},
    ),
    Case(
        "different_variables_never_share_answers",
        "query ($c: ID!) { region(code: $c) { code name population } }",
        None,
        variants=[
            (
                {"c": code},
                {"region": {"code": code, "name": f"Wilayah {code}", "population": len(code) * 1000}},
            )
            for code in ("11", "12.01", "13.71.02", "51", "52.03", "11", "12.01", "61.72.03.1001")
        ],
        total_calls=None,
    ),
]
