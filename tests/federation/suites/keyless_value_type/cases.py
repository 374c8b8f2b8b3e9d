"""Cases: a root field split into one fetch per subgraph owning part of a key-less type."""

from tests.federation.case import Case

CASES = [
    Case(
        "one_subgraph_suffices",
        "{ product { id name category } }",
        {"product": {"id": "p1", "name": "Batik tulis", "category": "kain"}},
        calls={"catalog": 1},
    ),
    Case(
        "fields_of_two_subgraphs",
        "{ product { id name category price } }",
        {"product": {"id": "p1", "name": "Batik tulis", "category": "kain", "price": 450}},
        calls={"catalog": 1, "pricing": 1},
    ),
    Case(
        "shareable_field_from_either",
        "{ product { name price } }",
        {"product": {"name": "Batik tulis", "price": 450}},
        total_calls=2,
    ),
    Case(
        "list_merged_item_by_item",
        "{ products { price category id } }",
        {
            "products": [
                {"price": 450, "category": "kain", "id": "p1"},
                {"price": 900, "category": "pusaka", "id": "p2"},
            ]
        },
        calls={"catalog": 1, "pricing": 1},
    ),
    Case(
        "aliases_kept_apart",
        "{ p: product { label: name cost: price } products { price } }",
        {"p": {"label": "Batik tulis", "cost": 450}, "products": [{"price": 450}, {"price": 900}]},
        note="pricing serves products and price; name comes from one other subgraph",
        total_calls=2,
    ),
    Case(
        "viewer_fields_of_three_subgraphs",
        "{ viewer { aMedia { title pages } bMedia { title minutes } song { title } } }",
        {
            "viewer": {
                "aMedia": {"title": "Laskar Pelangi", "pages": 529},
                "bMedia": {"title": "Sang Pemimpi", "minutes": 124},
                "song": {"title": "Bengawan Solo"},
            }
        },
        calls={"catalog": 1, "pricing": 1, "names": 1},
        plan=[
            "Parallel {",
            'Fetch(service: "catalog")',
            'Fetch(service: "pricing")',
            'Fetch(service: "names")',
        ],
        headers={"Apollo-Query-Plan-Experimental": "1"},
    ),
    Case(
        "viewer_and_product_share_fetches",
        "{ viewer { song { title } } product { name price } }",
        {"viewer": {"song": {"title": "Bengawan Solo"}}, "product": {"name": "Batik tulis", "price": 450}},
        calls={"names": 1, "pricing": 1},
    ),
]
