"""Cases: the unreachable step's dependants stay null; independent branches still answer."""

from tests.federation.case import Case, ErrorSpec

CASES = [
    Case(
        "chain_stops_at_unreachable_subgraph",
        "{ citizens { nik canVote } }",
        {"citizens": [{"nik": "1", "canVote": None}, {"nik": "2", "canVote": None}]},
        errors=[ErrorSpec(code="SUBGRAPH_UNAVAILABLE")],
        calls={"civil": 1},
    ),
    Case(
        "independent_branch_survives",
        "{ citizens { nik age city } }",
        {
            "citizens": [
                {"nik": "1", "age": None, "city": "Padang"},
                {"nik": "2", "age": None, "city": "Padang"},
            ]
        },
        errors=[ErrorSpec(code="SUBGRAPH_UNAVAILABLE")],
        calls={"civil": 1, "address": 1},
    ),
]
