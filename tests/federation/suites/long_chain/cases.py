"""Cases: each step of the chain is one call; stopping early calls fewer subgraphs."""

from tests.federation.case import Case

CASES = [
    Case(
        "four_hops",
        "{ province { name capital { name seat { name office { code name } } } } }",
        {
            "province": {
                "name": "DKI Jakarta",
                "capital": {
                    "name": "Jakarta Pusat",
                    "seat": {"name": "Gambir", "office": {"code": "31.71.01.1001", "name": "Gambir"}},
                },
            }
        },
        calls={"provinces": 1, "regencies": 1, "districts": 1, "villages": 1},
    ),
    Case(
        "stops_at_keys",
        "{ province { capital { seat { office { code } } } } }",
        {"province": {"capital": {"seat": {"office": {"code": "31.71.01.1001"}}}}},
        calls={"provinces": 1, "regencies": 1, "districts": 1},
    ),
]
