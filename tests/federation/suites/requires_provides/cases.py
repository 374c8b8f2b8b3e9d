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
    Case(
        "skipped_key_field_still_used_for_entity_call",
        "{ products { upc @skip(if: true) name inStock } }",
        {"products": [{"name": "Beras", "inStock": True}, {"name": "Gula", "inStock": False}]},
        calls={"products": 1, "inventory": 1},
    ),
    Case(
        "excluded_required_field_still_sent",
        "query ($p: Boolean = false) { products { price @include(if: $p) shippingEstimate } }",
        {"products": [{"shippingEstimate": 30}, {"shippingEstimate": 7}]},
        calls={"products": 1, "inventory": 1},
    ),
    Case(
        "aliased_required_field",
        "{ products { p: price w: weight shippingEstimate } }",
        {"products": [{"p": 12, "w": 5, "shippingEstimate": 30}, {"p": 15, "w": 1, "shippingEstimate": 7}]},
        calls={"products": 1, "inventory": 1},
    ),
    Case(
        "required_field_name_used_as_alias",
        "{ products { price: name weight: upc shippingEstimate } }",
        {
            "products": [
                {"price": "Beras", "weight": "p1", "shippingEstimate": 30},
                {"price": "Gula", "weight": "p2", "shippingEstimate": 7},
            ]
        },
        calls={"products": 1, "inventory": 1},
    ),
    Case(
        "variable_condition_inside_entity_fetch",
        "query ($r: Boolean!) { products { upc reviews { body author @include(if: $r) { username } } } }",
        {
            "products": [
                {"upc": "p1", "reviews": [{"body": "Pulen", "author": {"username": "ani"}}]},
                {"upc": "p2", "reviews": [{"body": "Manis", "author": {"username": "budi"}}]},
            ]
        },
        variables={"r": True},
        calls={"products": 1, "reviews": 1},
    ),
    Case(
        "provided_field_feeds_requires",
        "{ products { reviews { author { usernameLength } } } }",
        {
            "products": [
                {"reviews": [{"author": {"usernameLength": 3}}]},
                {"reviews": [{"author": {"usernameLength": 4}}]},
            ]
        },
        calls={"products": 1, "reviews": 1, "metrics": 1},
    ),
    Case(
        "owner_root_feeds_requires",
        "{ me { usernameLength } }",
        {"me": {"usernameLength": 3}},
        calls={"accounts": 1, "metrics": 1},
    ),
    Case(
        "requires_satisfied_by_own_provides",
        "{ products { reviews { author { display } } } }",
        {
            "products": [
                {"reviews": [{"author": {"display": "@ani"}}]},
                {"reviews": [{"author": {"display": "@budi"}}]},
            ]
        },
        calls={"products": 1, "reviews": 1},  # the provided username satisfies @requires in place
    ),
]
