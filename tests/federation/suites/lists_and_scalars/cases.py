"""Cases: entity calls under nested lists, each entity sent once, JSON values untouched."""

from tests.federation.case import Case
from tests.federation.suites.lists_and_scalars.subgraphs import MANY

A = {"lat": -6.2, "lng": 106.8, "tags": ["ibu kota"]}
B = {"lat": -7.8, "lng": 110.4, "tags": []}
C = {"lat": -8.6, "lng": 115.2, "tags": ["wisata", "pulau"]}

CASES = [
    Case(
        "nested_lists_entities_deduplicated",
        "{ grid { id position } }",
        {
            "grid": [
                [{"id": "a", "position": A}, {"id": "b", "position": B}],
                [{"id": "b", "position": B}, {"id": "a", "position": A}, {"id": "c", "position": C}],
                [],
            ]
        },
        calls={"grid": 1, "geo": 1},
        representations={"geo": 3},
    ),
    Case(
        "custom_scalar_key",
        "{ stamps { key seen } }",
        {"stamps": [{"key": {"office": "31", "n": [1, 2]}, "seen": "ya"}, {"key": "plain", "seen": "tidak"}]},
        calls={"grid": 1, "geo": 1},
    ),
    Case(
        "custom_scalar_argument_variable",
        "query ($v: JSON!) { echo(value: $v) }",
        {"echo": {"nested": {"list": [1, "dua", None, True]}}},
        variables={"v": {"nested": {"list": [1, "dua", None, True]}}},
        calls={"grid": 1},
    ),
    Case(
        "custom_scalar_argument_literal",
        '{ echo(value: { a: [1, 2], b: "x" }) }',
        {"echo": {"a": [1, 2], "b": "x"}},
        calls={"grid": 1},
    ),
    Case(
        "null_items_between_entities",
        "{ sparse { id position } }",
        {"sparse": [None, {"id": "c", "position": C}, None, {"id": "a", "position": A}]},
        calls={"grid": 1, "geo": 1},
        representations={"geo": 2},
    ),
    Case(
        "long_list_one_call_three_representations",
        "{ many { id position } }",
        {"many": [{"id": "abc"[n % 3], "position": (A, B, C)[n % 3]} for n in range(MANY)]},
        calls={"grid": 1, "geo": 1},
        representations={"geo": 3},
    ),
]
