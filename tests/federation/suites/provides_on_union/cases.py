"""Cases: provided members need no call; others go to the owning subgraph once."""

from tests.federation.case import Case

CASES = [
    Case(
        "provided_union_members",
        "{ feed { __typename ... on News { headline } ... on Notice { text } } }",
        {
            "feed": [
                {"__typename": "News", "headline": "Layanan baru"},
                {"__typename": "Notice", "text": "Kantor tutup"},
                {"__typename": "Event"},
            ]
        },
        calls={"feed": 1},
    ),
    Case(
        "union_member_not_provided",
        "{ feed { ... on News { headline author } ... on Event { place } } }",
        {"feed": [{"headline": "Layanan baru", "author": "Humas"}, {}, {"place": "Balai Kota"}]},
        calls={"feed": 1, "content": 1},
    ),
]
