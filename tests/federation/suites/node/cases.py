"""Cases: node(id:) resolves the type, then only that type's subgraph is asked."""

from tests.federation.case import Case

CASES = [
    Case(
        "node_citizen",
        '{ node(id: "citizen:1") { id ... on Citizen { name } ... on School { npsn } } }',
        {"node": {"id": "citizen:1", "name": "Wati"}},
        calls={"nodes": 1, "people": 1},
    ),
    Case(
        "node_school",
        '{ node(id: "school:7") { __typename ... on Citizen { name } ... on School { npsn } } }',
        {"node": {"__typename": "School", "npsn": "20100001"}},
        calls={"nodes": 1, "schools": 1},
    ),
    Case(
        "node_unknown",
        '{ node(id: "x:1") { id ... on Citizen { name } } }',
        {"node": None},
        calls={"nodes": 1},
    ),
    Case(
        "node_two_aliases",
        '{ a: node(id: "citizen:1") { ... on Citizen { name } }'
        ' b: node(id: "school:2") { ... on School { npsn } } }',
        {"a": {"name": "Wati"}, "b": {"npsn": "20100001"}},
        calls={"nodes": 1, "people": 1, "schools": 1},
    ),
]
