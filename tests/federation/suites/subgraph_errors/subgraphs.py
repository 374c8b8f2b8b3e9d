"""Subgraph failures: GraphQL errors, unreachable, HTTP 500, slower than the gateway's 1 s timeout."""

from graphql import GraphQLError

from tests.federation.subgraph import FED2, Subgraph

GATEWAY_ENV = {"SPBE_GATEWAY_SUBGRAPH_TIMEOUT": "1"}

CITIZENS = [{"nik": "1", "name": "Ani"}, {"nik": "2", "name": "Budi"}]


def _boom(_p: object, _i: object) -> object:
    raise ValueError("layanan gagal")


def _score(citizen: dict, _info: object) -> int:
    if citizen["nik"] == "2":
        raise GraphQLError("skor tidak tersedia", extensions={"code": "SCORE_HIDDEN"})
    return 80


SUBGRAPHS = [
    Subgraph(
        "identity",
        FED2
        + """
        type Query { citizens: [Citizen!]! boom: String }
        type Citizen @key(fields: "nik") { nik: ID! name: String! }
        """,
        resolvers={"Query.citizens": lambda _p, _i: CITIZENS, "Query.boom": _boom},
    ),
    Subgraph(
        "scores",
        FED2 + 'type Citizen @key(fields: "nik") { nik: ID! score: Int }',
        resolvers={"Citizen.score": _score},
    ),
    Subgraph(
        "gone",
        FED2
        + """
        type Query { weather: String }
        type Citizen @key(fields: "nik") { nik: ID! vaccine: String }
        """,
        down=True,
    ),
    Subgraph("broken", FED2 + "type Query { broken: String }", status=500),
    Subgraph("garbage", FED2 + "type Query { garbage: String }", status=200),
    Subgraph(
        "slow",
        FED2 + 'type Query { slow: String }\ntype Citizen @key(fields: "nik") { nik: ID! late: Int }',
        resolvers={"Query.slow": lambda _p, _i: "terlambat"},
        references={"Citizen": lambda r: {**r, "late": 1}},
        delay=3.0,
    ),
]
