"""Cases: provided nested fields come from the providing subgraph alone."""

from tests.federation.case import Case

CASES = [
    Case(
        "nested_provided",
        "{ categories { products { name supplier { id name } } } }",
        {"categories": [{"products": [{"name": "Kopi", "supplier": {"id": "s1", "name": "Koperasi Tani"}}]}]},
        calls={"catalog": 1},
    ),
    Case(
        "beyond_provides",
        "{ categories { products { name supplier { name country } } } }",
        {
            "categories": [
                {"products": [{"name": "Kopi", "supplier": {"name": "Koperasi Tani", "country": "ID"}}]}
            ]
        },
        calls={"catalog": 1, "suppliers": 1},
    ),
]
