"""Cases: a shared root field is fetched from one subgraph only."""

from tests.federation.case import Case

CASES = [
    Case(
        "one_subgraph_for_shared_root",
        "{ services { id name } }",
        {"services": [{"id": "s1", "name": "KTP elektronik"}, {"id": "s2", "name": "SIM C"}]},
        total_calls=1,
        calls=None,
    ),
    Case(
        "shared_root_with_argument",
        '{ service(id: "s2") { name fee } }',
        {"service": {"name": "SIM C", "fee": 100000}},
        total_calls=2,
    ),
    Case(
        "root_where_all_fields_live",
        "{ services { fee } }",
        {"services": [{"fee": 0}, {"fee": 100000}]},
        calls={"fees": 1},
    ),
]
