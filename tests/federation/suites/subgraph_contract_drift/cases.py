"""Cases: the gateway enforces the supergraph's non-null types on what subgraphs return."""

from tests.federation.case import Case, ErrorSpec

CASES = [
    Case(
        "null_for_non_null_field_propagates",
        "{ person { id name } }",
        {"person": None},
        errors=[ErrorSpec(path=["person", "name"])],
    ),
    Case(
        "null_list_item_for_non_null_items",
        "{ people { id } }",
        None,
        errors=True,
    ),
    Case(
        "nullable_field_unaffected",
        "{ person { id nickname age } }",
        {"person": {"id": "2", "nickname": None, "age": 30}},
        calls={"people": 1, "extra": 1},
    ),
    Case(
        "unknown_union_member_nulled",
        "{ finds { __typename ... on Pet { name } } }",
        {"finds": [{"__typename": "Pet", "name": "Belang"}, None]},
        errors=[ErrorSpec(path=["finds", 1])],
        calls={"people": 1},
    ),
    Case(
        "subgraph_rejects_the_query",
        "{ retired }",
        {"retired": None},
        errors=True,
        calls={"people": 1},
    ),
]
