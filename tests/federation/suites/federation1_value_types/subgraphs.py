"""Federation 1 value types: the same type in two subgraphs without @shareable."""

from tests.federation.subgraph import Subgraph

MONEY = "type Money { amount: Int! currency: String! }\n"

SUBGRAPHS = [
    Subgraph(
        "fees",
        MONEY
        + """
        type Query { fee(service: String!): Money }
        type Service @key(fields: "code") { code: ID! fee: Money }
        """,
        resolvers={"Query.fee": lambda _p, _i, service: {"amount": 30000, "currency": "IDR"}},
        references={"Service": lambda r: {**r, "fee": {"amount": 50000, "currency": "IDR"}}},
    ),
    Subgraph(
        "fines",
        MONEY
        + """
        extend type Query { fine(code: String!): Money services: [Service] }
        extend type Service @key(fields: "code") { code: ID! @external }
        """,
        resolvers={
            "Query.fine": lambda _p, _i, code: {"amount": 250000, "currency": "IDR"},
            "Query.services": lambda _p, _i: [{"code": "SIM"}],
        },
    ),
]
