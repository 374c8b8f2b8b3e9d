"""An enum differing between subgraphs: a value only one side has is @inaccessible."""

from tests.federation.subgraph import FED2, Subgraph

PERMITS = [
    {"id": "p1", "status": "ACTIVE"},
    {"id": "p2", "status": "SUSPENDED"},
    {"id": "p3", "status": "REVOKED"},
]

SUBGRAPHS = [
    Subgraph(
        "issuing",
        FED2
        + """
        type Query { permitsA: [Permit!]! }
        type Permit @key(fields: "id") { id: ID! status: Status @shareable }
        enum Status { ACTIVE SUSPENDED }
        """,
        resolvers={"Query.permitsA": lambda _p, _i: PERMITS},
    ),
    Subgraph(
        "registry",
        FED2
        + """
        type Query { permitsB: [Permit!]! permitsByStatus(status: Status!): [Permit!]! }
        type Permit @key(fields: "id") { id: ID! status: Status @shareable }
        enum Status { ACTIVE SUSPENDED REVOKED @inaccessible }
        """,
        resolvers={
            "Query.permitsB": lambda _p, _i: PERMITS,
            "Query.permitsByStatus": lambda _p, _i, status: [p for p in PERMITS if p["status"] == status],
        },
    ),
]
