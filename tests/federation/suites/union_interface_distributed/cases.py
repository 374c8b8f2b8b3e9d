"""Cases: interface fragments inside a union, resolved per member across subgraphs."""

from tests.federation.case import Case

CASES = [
    Case(
        "interface_fragment_in_union",
        "{ search { __typename ... on Named { name } } }",
        {
            "search": [
                {"__typename": "Person", "name": "Made"},
                {"__typename": "Org", "name": "Puskesmas Ubud"},
                {"__typename": "Place"},
            ]
        },
        calls={"index": 1, "names": 1},
    ),
    Case(
        "interface_and_member_fragments",
        "{ search { ... on Named { name } ... on Org { kind } ... on Place { code } } }",
        {"search": [{"name": "Made"}, {"name": "Puskesmas Ubud", "kind": "faskes"}, {"code": "51"}]},
        calls={"index": 1, "names": 1},
    ),
    Case(
        "member_keys_only",
        "{ search { ... on Person { id } ... on Org { id } } }",
        {"search": [{"id": "p1"}, {"id": "o1"}, {}]},
        calls={"index": 1},
    ),
    Case(
        "introspection_interfaces_of_member",
        '{ __type(name: "Person") { interfaces { name } } }',
        {"__type": {"interfaces": [{"name": "Named"}]}},
        calls={},
    ),
]
