"""A @requires chain whose middle subgraph is unreachable: the chain stops, the rest survives."""

from tests.federation.subgraph import FED2, Subgraph

SUBGRAPHS = [
    Subgraph(
        "civil",
        FED2
        + """
        type Query { citizens: [Citizen!]! }
        type Citizen @key(fields: "nik") { nik: ID! birthYear: Int! }
        """,
        resolvers={
            "Query.citizens": lambda _p, _i: [
                {"nik": "1", "birthYear": 1990},
                {"nik": "2", "birthYear": 2012},
            ]
        },
    ),
    Subgraph(
        "age",
        FED2
        + """
        type Citizen @key(fields: "nik") {
          nik: ID! birthYear: Int! @external age: Int @requires(fields: "birthYear")
        }
        """,
        down=True,
    ),
    Subgraph(
        "voting",
        FED2
        + """
        type Citizen @key(fields: "nik") {
          nik: ID! age: Int @external canVote: Boolean @requires(fields: "age")
        }
        """,
        resolvers={"Citizen.canVote": lambda c, _i: c["age"] >= 17},
    ),
    Subgraph(
        "address",
        FED2 + 'type Citizen @key(fields: "nik") { nik: ID! city: String }',
        references={"Citizen": lambda r: {**r, "city": "Padang"}},
    ),
]
