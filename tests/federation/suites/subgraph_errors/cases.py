"""Cases: errors passed on at the client's paths, naming the subgraph; the rest still returned."""

from tests.federation.case import Case, ErrorSpec

BOTH = [{"nik": "1"}, {"nik": "2"}]

CASES = [
    Case(
        "root_field_error",
        "{ boom citizens { nik } }",
        {"boom": None, "citizens": BOTH},
        errors=[ErrorSpec(path=["boom"], service="identity")],
        calls={"identity": 1},
    ),
    Case(
        "entity_error_path_rewritten",
        "{ citizens { nik score } }",
        {"citizens": [{"nik": "1", "score": 80}, {"nik": "2", "score": None}]},
        errors=[ErrorSpec(path=["citizens", 1, "score"], code="SCORE_HIDDEN", service="scores")],
        calls={"identity": 1, "scores": 1},
    ),
    Case(
        "entity_error_under_alias",
        "{ people: citizens { nik s: score } }",
        {"people": [{"nik": "1", "s": 80}, {"nik": "2", "s": None}]},
        errors=[ErrorSpec(path=["people", 1, "s"])],
    ),
    Case(
        "unreachable_root_subgraph",
        "{ weather citizens { nik } }",
        {"weather": None, "citizens": BOTH},
        errors=[ErrorSpec(path=["weather"], code="SUBGRAPH_UNAVAILABLE")],
        calls={"identity": 1},
    ),
    Case(
        "unreachable_entity_subgraph",
        "{ citizens { nik vaccine score } }",
        {
            "citizens": [
                {"nik": "1", "vaccine": None, "score": 80},
                {"nik": "2", "vaccine": None, "score": None},
            ]
        },
        errors=[ErrorSpec(code="SUBGRAPH_UNAVAILABLE"), ErrorSpec(path=["citizens", 1, "score"])],
        calls={"identity": 1, "scores": 1},
    ),
    Case(
        "http_500_subgraph",
        "{ broken citizens { name } }",
        {"broken": None, "citizens": [{"name": "Ani"}, {"name": "Budi"}]},
        errors=True,
        calls={"identity": 1, "broken": 1},
    ),
    Case(
        "timeout_root_subgraph",
        "{ slow citizens { nik } }",
        {"slow": None, "citizens": BOTH},
        errors=[ErrorSpec(path=["slow"], code="SUBGRAPH_UNAVAILABLE")],
        calls={"identity": 1, "slow": 1},
    ),
    Case(
        "timeout_entity_subgraph",
        "{ citizens { name late } }",
        {"citizens": [{"name": "Ani", "late": None}, {"name": "Budi", "late": None}]},
        errors=[ErrorSpec(code="SUBGRAPH_UNAVAILABLE")],
        calls={"identity": 1, "slow": 1},
    ),
    Case(
        "non_json_200_subgraph",
        "{ garbage citizens { nik } }",
        {"garbage": None, "citizens": BOTH},
        errors=[ErrorSpec(path=["garbage"])],
        calls={"identity": 1, "garbage": 1},
    ),
]
