"""Cases: each @requires gets the argument it was declared with."""

from tests.federation.case import Case

CASES = [
    Case(
        "one_requirement",
        "{ products { eurLabel } }",
        {"products": [{"eurLabel": "EUR 5.00"}, {"eurLabel": "EUR 2.00"}]},
        calls={"prices": 1, "labels": 1},
    ),
    Case(
        "two_requirements_same_field_different_arguments",
        "{ products { usdLabel eurLabel } }",
        {
            "products": [
                {"usdLabel": "USD 10.00", "eurLabel": "EUR 5.00"},
                {"usdLabel": "USD 4.00", "eurLabel": "EUR 2.00"},
            ]
        },
        calls={"prices": 1, "labels": 2},
        headers={"Apollo-Query-Plan-Experimental": "1"},
        plan=['price(currency: "USD")', 'price(currency: "EUR")'],
    ),
    Case(
        "client_asks_the_field_with_a_third_argument",
        '{ products { price(currency: "IDR") eurLabel usdLabel } }',
        {
            "products": [
                {"price": 160000.0, "eurLabel": "EUR 5.00", "usdLabel": "USD 10.00"},
                {"price": 64000.0, "eurLabel": "EUR 2.00", "usdLabel": "USD 4.00"},
            ]
        },
        calls={"prices": 1, "labels": 2},
    ),
]
