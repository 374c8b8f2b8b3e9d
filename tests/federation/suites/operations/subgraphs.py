"""A two-subgraph graph to exercise operation features: fragments, aliases, variables, directives."""

from typing import Any

from tests.federation.subgraph import FED2, Subgraph, by_key

CITIZENS: list[dict[str, Any]] = [
    {"nik": "1", "name": "Ani", "region": {"code": "32", "name": "Jawa Barat"}},
    {"nik": "2", "name": "Budi", "region": {"code": "33", "name": "Jawa Tengah"}},
    {"nik": "3", "name": "Citra", "region": {"code": "34", "name": "DI Yogyakarta"}},
]
HEALTH = [
    {"nik": c["nik"], "health": {"bpjs": f"000{c['nik']}", "careClass": int(c["nik"])}} for c in CITIZENS
]


def _citizen(_p: object, _i: object, nik: str) -> object:
    return next((c for c in CITIZENS if c["nik"] == nik), None)


SUBGRAPHS = [
    Subgraph(
        "identity",
        FED2
        + """
        type Query { citizen(nik: ID!): Citizen citizens(limit: Int = 2): [Citizen!]! }
        type Citizen @key(fields: "nik") { nik: ID! name: String! region: Region! }
        type Region { code: ID! name: String! }
        """,
        resolvers={"Query.citizen": _citizen, "Query.citizens": lambda _p, _i, limit: CITIZENS[:limit]},
    ),
    Subgraph(
        "health",
        FED2
        + """
        type Citizen @key(fields: "nik") { nik: ID! health: Health visits(year: Int!): Int! }
        type Health { bpjs: String! careClass: Int! }
        """,
        resolvers={"Citizen.visits": lambda c, _i, year: year - 2000 + int(c["nik"])},
        references={"Citizen": by_key(HEALTH, "nik")},
    ),
]
