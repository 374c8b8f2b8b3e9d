"""Cases: the required argument is the one in @requires, whatever the client asks for."""

from tests.federation.case import Case

CASES = [
    Case(
        "required_field_with_argument",
        "{ products { upc shippingCost } }",
        {"products": [{"upc": "p1", "shippingCost": 2320}, {"upc": "p2", "shippingCost": 3160}]},
        calls={"catalog": 1, "shipping": 1},
    ),
    Case(
        "client_asks_other_argument",
        '{ products { price(currency: "USD") shippingCost } }',
        {"products": [{"price": 2, "shippingCost": 2320}, {"price": 1, "shippingCost": 3160}]},
        calls={"catalog": 1, "shipping": 1},
    ),
    Case(
        "client_asks_same_argument",
        '{ products { price(currency: "IDR") shippingCost } }',
        {"products": [{"price": 32000, "shippingCost": 2320}, {"price": 16000, "shippingCost": 3160}]},
        calls={"catalog": 1, "shipping": 1},
    ),
    Case(
        "aliased_prices",
        '{ products { usd: price(currency: "USD") idr: price(currency: "IDR") shippingCost } }',
        {
            "products": [
                {"usd": 2, "idr": 32000, "shippingCost": 2320},
                {"usd": 1, "idr": 16000, "shippingCost": 3160},
            ]
        },
        calls={"catalog": 1, "shipping": 1},
    ),
    Case(
        "argument_from_variable",
        "query ($c: String!) { products { price(currency: $c) shippingCost } }",
        {"products": [{"price": 2, "shippingCost": 2320}, {"price": 1, "shippingCost": 3160}]},
        variables={"c": "USD"},
        calls={"catalog": 1, "shipping": 1},
    ),
]
