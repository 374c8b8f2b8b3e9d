"""Cases: nested input objects, lists, nulls and defaults reach subgraphs intact."""

from tests.federation.case import Case

CASES = [
    Case(
        "nested_input_object_variable",
        "query ($q: SearchInput!) { search(query: $q) { id tags } }",
        {
            "search": [
                {"id": "d1", "tags": ["ktp", "kk"]},
                {"id": "d2", "tags": ["ktp", "kk"]},
                {"id": "d3", "tags": ["ktp", "kk"]},
            ]
        },
        variables={"q": {"tags": ["ktp", "kk"], "page": {"size": 3}}},
        calls={"documents": 1},
    ),
    Case(
        "input_default_inside_variable",
        "query ($q: SearchInput!) { search(query: $q) { id } }",
        {"search": [{"id": "d1"}, {"id": "d2"}]},
        variables={"q": {"page": {}}},
    ),
    Case(
        "list_variable_and_explicit_null",
        "query ($ids: [ID!], $t: [String!]) { search(query: { tags: $t }, ids: $ids) { ids tags } }",
        {"search": [{"ids": ["a", "b"], "tags": []}, {"ids": ["a", "b"], "tags": []}]},
        variables={"ids": ["a", "b"], "t": None},
    ),
    Case(
        "variables_split_between_subgraphs",
        "query ($q: SearchInput!, $to: Int) { search(query: $q) { id pages(to: $to) } }",
        {"search": [{"id": "d1", "pages": [1, 2]}]},
        variables={"q": {"page": {"size": 1}}, "to": 2},
        calls={"documents": 1, "scans": 1},
    ),
    Case(
        "omitted_variable_uses_argument_default",
        "query ($from: Int) { search(query: {}) { pages(from: $from) } }",
        {"search": [{"pages": [1, 2, 3]}, {"pages": [1, 2, 3]}]},
        calls={"documents": 1, "scans": 1},
    ),
    Case(
        "wrong_variable_type",
        "query ($q: SearchInput!) { search(query: $q) { id } }",
        None,
        variables={"q": {"page": {"size": "many"}}},
        errors=True,
        calls={},
    ),
]
