"""Cases: fragments on the outer interface, the inner one and a type, across subgraphs."""

from tests.federation.case import Case

CASES = [
    Case(
        "fragments_on_both_interfaces",
        "{ docs { ... on Node { id } title ... on Letter { stamp } } }",
        {"docs": [{"id": "l1", "title": "Undangan", "stamp": "Rp 3.000"}, {"id": "m1", "title": "Rapat"}]},
        calls={"archive": 1, "post": 1},
    ),
    Case(
        "introspect_interface_of_interface",
        '{ __type(name: "Document") { kind interfaces { name } } }',
        {"__type": {"kind": "INTERFACE", "interfaces": [{"name": "Node"}]}},
        calls={},
    ),
]
