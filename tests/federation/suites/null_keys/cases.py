"""Cases: the unknown book gets ``author: null`` while the others resolve through two hops."""

from tests.federation.case import Case

CASES = [
    Case(
        "missing_key_skips_representation",
        "{ slots { book { isbn author { name } } } }",
        {
            "slots": [
                {"book": {"isbn": "i1", "author": {"name": "Pramoedya"}}},
                {"book": {"isbn": "i2", "author": {"name": "Ayu Utami"}}},
                {"book": {"isbn": "i3", "author": None}},
            ]
        },
        calls={"shelves": 1, "catalog": 1, "authors": 1},
    ),
    Case(
        "null_entity_no_representation",
        "{ loose { label book { isbn author { name } } } }",
        {
            "loose": [
                {"label": "x", "book": None},
                {"label": "y", "book": {"isbn": "i2", "author": {"name": "Ayu Utami"}}},
            ]
        },
        calls={"shelves": 1, "catalog": 1, "authors": 1},
        representations={"catalog": 1, "authors": 1},
    ),
    Case(
        "null_key_value",
        "{ magazines { issn title } }",
        {"magazines": [{"issn": "m1", "title": "Tempo"}, {"issn": None, "title": None}]},
        calls={"shelves": 1, "periodicals": 1},
    ),
]
