"""Cases: the provided title of books needs no call; films and book pages do."""

from tests.federation.case import Case

CASES = [
    Case(
        "provided_through_interface",
        "{ featured { id ... on Book { title } } }",
        {"featured": [{"id": "b1", "title": "Laskar Pelangi"}, {"id": "f1"}]},
        calls={"shelf": 1},
    ),
    Case(
        "provided_and_not_provided",
        "{ featured { ... on Book { title } ... on Film { title } } }",
        {"featured": [{"title": "Laskar Pelangi"}, {"title": "Petualangan Sherina"}]},
        calls={"shelf": 1, "films": 1},
    ),
    Case(
        "field_outside_provides",
        "{ featured { ... on Book { title pages } } }",
        {"featured": [{"title": "Laskar Pelangi", "pages": 529}, {}]},
        calls={"shelf": 1, "books": 1},
    ),
]
