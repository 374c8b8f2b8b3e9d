"""Input objects differing between subgraphs: the supergraph keeps the common fields."""

from tests.federation.subgraph import FED2, Subgraph

SCHOOLS = [
    {"npsn": "20100001", "name": "SDN 1 Menteng", "level": "SD"},
    {"npsn": "20100002", "name": "SMPN 5", "level": "SMP"},
]


def _search(_p: object, _i: object, filter: dict) -> list[dict]:
    return [s for s in SCHOOLS if all(s.get(k) == v for k, v in filter.items() if v is not None)]


SUBGRAPHS = [
    Subgraph(
        "schools",
        FED2
        + """
        type Query { schools(filter: SchoolFilter!): [School!]! }
        type School @key(fields: "npsn") { npsn: ID! name: String! level: String! }
        input SchoolFilter { level: String name: String }
        """,
        resolvers={"Query.schools": _search},
    ),
    Subgraph(
        "pupils",
        FED2
        + """
        type Query { pupilsOf(filter: SchoolFilter!): [String!]! }
        input SchoolFilter { level: String npsn: ID }
        """,
        resolvers={"Query.pupilsOf": lambda _p, _i, filter: [f"murid-{filter.get('level')}"]},
    ),
]
