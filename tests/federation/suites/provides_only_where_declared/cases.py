"""Cases: provided on one path, fetched from the owner on the other."""

from tests.federation.case import Case

CASES = [
    Case(
        "provided_path",
        "{ featured { id name } }",
        {"featured": [{"id": "p1", "name": "Teh"}]},
        calls={"shop": 1},
    ),
    Case(
        "unprovided_path",
        "{ all { id name discount } }",
        {"all": [{"id": "p1", "name": "Teh", "discount": 5}, {"id": "p2", "name": "Kopi", "discount": 0}]},
        calls={"shop": 1, "catalog": 1},
    ),
    Case(
        "both_paths",
        "{ featured { name } all { name } }",
        {"featured": [{"name": "Teh"}], "all": [{"name": "Teh"}, {"name": "Kopi"}]},
        calls={"shop": 1, "catalog": 1},
    ),
]
