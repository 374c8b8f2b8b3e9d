"""Cases: required fields travel in the representation; provided fields need no call."""

from tests.federation.case import Case

CASES = [
    Case(
        "requires",
        "{ products { upc shippingEstimate } }",
        {"products": [{"upc": "p1", "shippingEstimate": 30}, {"upc": "p2", "shippingEstimate": 7}]},
        calls={"products": 1, "inventory": 1},
    ),
    Case(
        "requires_with_sibling_fields",
        "{ products { name inStock shippingEstimate price } }",
        {
            "products": [
                {"name": "Beras", "inStock": True, "shippingEstimate": 30, "price": 12},
                {"name": "Gula", "inStock": False, "shippingEstimate": 7, "price": 15},
            ]
        },
        calls={"products": 1, "inventory": 1},
    ),
    Case(
        "plain_field_without_requires",
        "{ products { inStock } }",
        {"products": [{"inStock": True}, {"inStock": False}]},
        calls={"products": 1, "inventory": 1},
    ),
    Case(
        "provides_no_extra_call",
        "{ products { reviews { body author { username } } } }",
        {
            "products": [
                {"reviews": [{"body": "Pulen", "author": {"username": "ani"}}]},
                {"reviews": [{"body": "Manis", "author": {"username": "budi"}}]},
            ]
        },
        calls={"products": 1, "reviews": 1},
    ),
    Case(
        "not_provided_field_calls_owner",
        "{ products { reviews { author { username name } } } }",
        {
            "products": [
                {"reviews": [{"author": {"username": "ani", "name": "Ani Lestari"}}]},
                {"reviews": [{"author": {"username": "budi", "name": "Budi S"}}]},
            ]
        },
        calls={"products": 1, "reviews": 1, "accounts": 1},
    ),
    Case(
        "external_field_from_owner",
        "{ me { username name } }",
        {"me": {"username": "ani", "name": "Ani Lestari"}},
        calls={"accounts": 1},
    ),
    Case(
        "requires_and_provides_together",
        "{ products { shippingEstimate reviews { author { id username } } } }",
        {
            "products": [
                {"shippingEstimate": 30, "reviews": [{"author": {"id": "u1", "username": "ani"}}]},
                {"shippingEstimate": 7, "reviews": [{"author": {"id": "u2", "username": "budi"}}]},
            ]
        },
        calls={"products": 1, "inventory": 1, "reviews": 1},
    ),
    Case(
        "include_false_skips_requires_chain",
        "query ($e: Boolean = false) { products { name shippingEstimate @include(if: $e) } }",
        {"products": [{"name": "Beras"}, {"name": "Gula"}]},
        calls={"products": 1},
    ),
    Case(
        "skip_false_keeps_requires_chain",
        "query ($s: Boolean = false) { products { name shippingEstimate @skip(if: $s) } }",
        {"products": [{"name": "Beras", "shippingEstimate": 30}, {"name": "Gula", "shippingEstimate": 7}]},
        calls={"products": 1, "inventory": 1},
    ),
    Case(
        "skip_true_on_provided_path",
        "query ($s: Boolean = true) { products { upc reviews @skip(if: $s) { body } } }",
        {"products": [{"upc": "p1"}, {"upc": "p2"}]},
        calls={"products": 1},
    ),
]
