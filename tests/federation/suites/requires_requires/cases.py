"""Cases: requires of requires run step by step, each subgraph asked once."""

from tests.federation.case import Case

CASES = [
    Case(
        "one_requires",
        "{ citizens { age } }",
        {"citizens": [{"age": 36}, {"age": 21}]},
        calls={"civil": 1, "age": 1},
    ),
    Case(
        "requires_of_requires",
        "{ citizens { canVote } }",
        {"citizens": [{"canVote": True}, {"canVote": True}]},
        calls={"civil": 1, "age": 1, "voting": 1},
    ),
    Case(
        "two_levels_and_siblings",
        "{ citizens { nik age canVote summary } }",
        {
            "citizens": [
                {"nik": "3171010101900001", "age": 36, "canVote": True, "summary": "36:pemilih"},
                {"nik": "3171014101050002", "age": 21, "canVote": True, "summary": "21:pemilih"},
            ]
        },
        calls={"civil": 1, "age": 1, "voting": 1, "benefits": 1},
    ),
    Case(
        "deepest_only",
        "{ citizens { summary } }",
        {"citizens": [{"summary": "36:pemilih"}, {"summary": "21:pemilih"}]},
        calls={"civil": 1, "age": 1, "voting": 1, "benefits": 1},
    ),
]
