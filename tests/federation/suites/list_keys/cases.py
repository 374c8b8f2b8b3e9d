"""Cases: a list key is built only after its fields were fetched; independent steps in parallel."""

from tests.federation.case import Case

CASES = [
    Case(
        "list_key_after_gathering_fields",
        "{ bundle { cheapest { sku code } } }",
        {"bundle": {"cheapest": {"sku": "s2", "code": "C2"}}},
        calls={"catalog": 1, "codes": 1, "deals": 1},
    ),
    Case(
        "list_key_and_composite_key_in_parallel",
        "{ bundle { items { sku code price } cheapest { sku price } } }",
        {
            "bundle": {
                "items": [{"sku": "s1", "code": "C1", "price": 10}, {"sku": "s2", "code": "C2", "price": 7}],
                "cheapest": {"sku": "s2", "price": 7},
            }
        },
        calls={"catalog": 1, "codes": 1, "deals": 1, "pricing": 2},
    ),
    Case(
        "composite_key_only",
        "{ bundle { items { price } } }",
        {"bundle": {"items": [{"price": 10}, {"price": 7}]}},
        calls={"catalog": 1, "codes": 1, "pricing": 1},
    ),
]
