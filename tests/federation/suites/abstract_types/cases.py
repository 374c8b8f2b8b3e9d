"""Cases: abstract results resolved by __typename, per-type fields from the right subgraphs."""

from tests.federation.case import Case

REVIEWED = (
    "{ products { id reviews { product { id"
    " ... on Book @include(if: $t) { title } ... on Magazine { sku } } } } }"
)

CASES = [
    Case(
        "interface_own_fields",
        "{ products { id sku } }",
        {
            "products": [
                {"id": "b1", "sku": "sku-b1"},
                {"id": "m1", "sku": "sku-m1"},
                {"id": "b2", "sku": "sku-b2"},
                {"id": "m2", "sku": "sku-m2"},
            ]
        },
        calls={"products": 1},
    ),
    Case(
        "per_type_fields_two_subgraphs",
        "{ products { ... on Book { title } ... on Magazine { title } } }",
        {
            "products": [
                {"title": "Bumi Manusia"},
                {"title": "Tempo"},
                {"title": "Arus Balik"},
                {"title": "Bobo"},
            ]
        },
        calls={"products": 1, "books": 1, "magazines": 1},
    ),
    Case(
        "typename_in_interface_fragment",
        "{ products { sku ... on Product { sku } ... on Magazine { sku }"
        " ... on Product { __typename t: __typename } } }",
        {
            "products": [
                {"sku": "sku-b1", "__typename": "Book", "t": "Book"},
                {"sku": "sku-m1", "__typename": "Magazine", "t": "Magazine"},
                {"sku": "sku-b2", "__typename": "Book", "t": "Book"},
                {"sku": "sku-m2", "__typename": "Magazine", "t": "Magazine"},
            ]
        },
        calls={"products": 1},
    ),
    Case(
        "aliased_entity_and_type_fields",
        "{ products { author: createdBy { email totalProducts } ... on Magazine { title } } }",
        {
            "products": [
                {"author": {"email": "u1@x.id", "totalProducts": 2}},
                {"author": {"email": "u1@x.id", "totalProducts": 2}, "title": "Tempo"},
                {"author": {"email": "u2@x.id", "totalProducts": 2}},
                {"author": {"email": "u2@x.id", "totalProducts": 2}, "title": "Bobo"},
            ]
        },
        calls={"products": 1, "users": 1, "magazines": 1},
    ),
    Case(
        "interface_field_from_other_subgraph",
        "{ products { id reviews { id } } }",
        {
            "products": [
                {"id": "b1", "reviews": [{"id": 1}, {"id": 2}]},
                {"id": "m1", "reviews": [{"id": 3}]},
                {"id": "b2", "reviews": []},
                {"id": "m2", "reviews": []},
            ]
        },
        calls={"products": 1, "reviews": 1},
    ),
    Case(
        "abstract_from_other_subgraph_back_to_owner",
        "{ products { reviews { product { sku ... on Book { title } ... on Magazine { title } } } } }",
        {
            "products": [
                {
                    "reviews": [
                        {"product": {"sku": "sku-b1", "title": "Bumi Manusia"}},
                        {"product": {"sku": "sku-b1", "title": "Bumi Manusia"}},
                    ]
                },
                {"reviews": [{"product": {"sku": "sku-m1", "title": "Tempo"}}]},
                {"reviews": []},
                {"reviews": []},
            ]
        },
        calls={"products": 2, "reviews": 1, "books": 1, "magazines": 1},
    ),
    Case(
        "include_true_on_type_condition",
        f"query ($t: Boolean = true) {REVIEWED}",
        {
            "products": [
                {
                    "id": "b1",
                    "reviews": [
                        {"product": {"id": "b1", "title": "Bumi Manusia"}},
                        {"product": {"id": "b1", "title": "Bumi Manusia"}},
                    ],
                },
                {"id": "m1", "reviews": [{"product": {"id": "m1", "sku": "sku-m1"}}]},
                {"id": "b2", "reviews": []},
                {"id": "m2", "reviews": []},
            ]
        },
    ),
    Case(
        "include_false_on_type_condition",
        f"query ($t: Boolean = false) {REVIEWED}",
        {
            "products": [
                {"id": "b1", "reviews": [{"product": {"id": "b1"}}, {"product": {"id": "b1"}}]},
                {"id": "m1", "reviews": [{"product": {"id": "m1", "sku": "sku-m1"}}]},
                {"id": "b2", "reviews": []},
                {"id": "m2", "reviews": []},
            ]
        },
        calls={"products": 2, "reviews": 1},
    ),
    Case(
        "skip_inside_include",
        "query ($t: Boolean = true) { products {"
        " ... on Book @include(if: $t) { id ... on Book @skip(if: $t) { sku } } } }",
        {"products": [{"id": "b1"}, {}, {"id": "b2"}, {}]},
        calls={"products": 1},
    ),
    Case(
        "union_member_entity_in_fourth_subgraph",
        "{ products { ... on Magazine {"
        " publisher { __typename ... on Agency { name } ... on Self { email } } } } }",
        {
            "products": [
                {},
                {"publisher": {"__typename": "Agency", "name": "Tempo Media"}},
                {},
                {"publisher": {"__typename": "Self", "email": "bobo@x.id"}},
            ]
        },
        calls={"products": 1, "magazines": 1, "agencies": 1},
    ),
    Case(
        "named_fragment_on_interface",
        "{ products { ...P } } fragment P on Product { id ... on Book { title } }",
        {
            "products": [
                {"id": "b1", "title": "Bumi Manusia"},
                {"id": "m1"},
                {"id": "b2", "title": "Arus Balik"},
                {"id": "m2"},
            ]
        },
        calls={"products": 1, "books": 1},
    ),
]
