"""Cases: fragments on members a subgraph lacks are not sent to it; results stay exact."""

from tests.federation.case import Case

ALL = "__typename ... on Book { title } ... on Song { title } ... on Movie { title }"

CASES = [
    Case(
        "all_members_first_subgraph",
        f"{{ mediaA {{ {ALL} }} }}",
        {
            "mediaA": [
                {"__typename": "Book", "title": "Bumi Manusia"},
                {"__typename": "Song", "title": "Bengawan Solo"},
            ]
        },
        calls={"library": 1},
    ),
    Case(
        "all_members_second_subgraph",
        f"{{ mediaB {{ {ALL} }} }}",
        {
            "mediaB": [
                {"__typename": "Book", "title": "Ronggeng Dukuh Paruk"},
                {"__typename": "Movie", "title": "Pengabdi Setan"},
            ]
        },
        calls={"cinema": 1},
    ),
    Case(
        "member_missing_in_subgraph_only",
        "{ mediaA { ... on Movie { title } } mediaB { ... on Song { title } } }",
        {"mediaA": [{}, {}], "mediaB": [{}, {}]},
        calls={"library": 1, "cinema": 1},
    ),
    Case(
        "typename_only",
        "{ mediaB { __typename } }",
        {"mediaB": [{"__typename": "Book"}, {"__typename": "Movie"}]},
        calls={"cinema": 1},
    ),
]
