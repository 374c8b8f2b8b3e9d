"""Cases: composite/nested key calls, a second key, and a chain switching keys."""

from tests.federation.case import Case

CASES = [
    Case(
        "composite_nested_key",
        "{ topProducts { name price } }",
        {"topProducts": [{"name": "Kursi merah", "price": 100}, {"name": "Kursi biru", "price": 120}]},
        calls={"catalog": 1, "pricing": 1},
    ),
    Case(
        "second_key",
        "{ topProducts { upc inStock } }",
        {"topProducts": [{"upc": "u-1", "inStock": True}, {"upc": "u-2", "inStock": False}]},
        calls={"catalog": 1, "stock": 1},
    ),
    Case(
        "both_keys_in_parallel",
        "{ topProducts { variant { code } price inStock } }",
        {
            "topProducts": [
                {"variant": {"code": "red"}, "price": 100, "inStock": True},
                {"variant": {"code": "blue"}, "price": 120, "inStock": False},
            ]
        },
        calls={"catalog": 1, "pricing": 1, "stock": 1},
    ),
    Case(
        "key_switch_chain",
        "{ lowStock { upc name price } }",
        {"lowStock": [{"upc": "u-2", "name": "Kursi biru", "price": 120}]},
        calls={"stock": 1, "catalog": 1, "pricing": 1},
    ),
    Case(
        "aliased_nested_key_fields",
        "{ topProducts { v: variant { c: code } s: sku price } }",
        {
            "topProducts": [
                {"v": {"c": "red"}, "s": "s1", "price": 100},
                {"v": {"c": "blue"}, "s": "s1", "price": 120},
            ]
        },
        calls={"catalog": 1, "pricing": 1},
    ),
]
