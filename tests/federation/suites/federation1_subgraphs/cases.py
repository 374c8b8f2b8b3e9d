"""Cases: Federation 1 extensions, @extends and @requires behave as in Federation 2."""

from tests.federation.case import Case

CASES = [
    Case(
        "extend_type_entity",
        "{ products { name price } }",
        {"products": [{"name": "Batik", "price": 250000}, {"name": "Songket", "price": 400000}]},
        calls={"products": 1, "prices": 1},
    ),
    Case(
        "extends_with_requires",
        "{ products { id shipping } }",
        {"products": [{"id": "p1", "shipping": 18000}, {"id": "p2", "shipping": 27000}]},
        calls={"products": 1, "shipping": 1},
    ),
    Case(
        "extended_query_root",
        "{ cheapest { id name price shipping } }",
        {"cheapest": {"id": "p1", "name": "Batik", "price": 250000, "shipping": 18000}},
        calls={"shipping": 2, "products": 1, "prices": 1},
    ),
    Case(
        "external_key_only",
        "{ cheapest { id } }",
        {"cheapest": {"id": "p1"}},
        calls={"shipping": 1},
    ),
]
