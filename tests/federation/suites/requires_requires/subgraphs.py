"""Chained @requires: a field required by one subgraph is itself computed with @requires."""

from tests.federation.subgraph import FED2, Subgraph

CITIZENS = [{"nik": "3171010101900001", "birthYear": 1990}, {"nik": "3171014101050002", "birthYear": 2005}]

SUBGRAPHS = [
    Subgraph(
        "civil",
        FED2
        + """
        type Query { citizens: [Citizen!]! }
        type Citizen @key(fields: "nik") { nik: ID! birthYear: Int! }
        """,
        resolvers={"Query.citizens": lambda _p, _i: CITIZENS},
    ),
    Subgraph(
        "age",
        FED2
        + """
        type Citizen @key(fields: "nik") {
          nik: ID!
          birthYear: Int! @external
          age: Int! @requires(fields: "birthYear")
        }
        """,
        resolvers={"Citizen.age": lambda c, _i: 2026 - c["birthYear"]},
    ),
    Subgraph(
        "voting",
        FED2
        + """
        type Citizen @key(fields: "nik") {
          nik: ID!
          age: Int! @external
          canVote: Boolean! @requires(fields: "age")
        }
        """,
        resolvers={"Citizen.canVote": lambda c, _i: c["age"] >= 17},
    ),
    Subgraph(
        "benefits",
        FED2
        + """
        type Citizen @key(fields: "nik") {
          nik: ID!
          age: Int! @external
          canVote: Boolean! @external
          summary: String! @requires(fields: "age canVote")
        }
        """,
        resolvers={"Citizen.summary": lambda c, _i: f"{c['age']}:{'pemilih' if c['canVote'] else 'bukan'}"},
    ),
]
