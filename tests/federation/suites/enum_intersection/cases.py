"""Cases: inaccessible enum values never reach clients, in output or input."""

from tests.federation.case import Case

CASES = [
    Case("no_enum_field", "{ permitsA { id } }", {"permitsA": [{"id": "p1"}, {"id": "p2"}, {"id": "p3"}]}),
    Case(
        "subgraph_rejects_value",
        "{ permitsA { id status } }",
        {
            "permitsA": [
                {"id": "p1", "status": "ACTIVE"},
                {"id": "p2", "status": "SUSPENDED"},
                {"id": "p3", "status": None},
            ]
        },
        errors=True,
        calls={"issuing": 1},
    ),
    Case(
        "gateway_hides_inaccessible_value",
        "{ permitsB { id status } }",
        {
            "permitsB": [
                {"id": "p1", "status": "ACTIVE"},
                {"id": "p2", "status": "SUSPENDED"},
                {"id": "p3", "status": None},
            ]
        },
        calls={"registry": 1},
    ),
    Case(
        "accessible_input_value",
        "{ permitsByStatus(status: SUSPENDED) { id status } }",
        {"permitsByStatus": [{"id": "p2", "status": "SUSPENDED"}]},
    ),
    Case(
        "inaccessible_input_value", "{ permitsByStatus(status: REVOKED) { id } }", None, errors=True, calls={}
    ),
]
