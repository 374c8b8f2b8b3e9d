"""@shareable entity fields: take them from the subgraph already being asked."""

from typing import Any

from tests.federation.subgraph import FED2, Subgraph

SCHOOLS: list[dict[str, Any]] = [
    {"npsn": "1", "name": "SDN 1", "address": {"city": "Medan"}},
    {"npsn": "2", "name": "SDN 2", "address": {"city": "Binjai"}},
]


def _school(rep: dict[str, Any]) -> Any:
    return next(({**s, "__typename": "School"} for s in SCHOOLS if s["npsn"] == rep["npsn"]), None)


SUBGRAPHS = [
    Subgraph(
        "dapodik",
        FED2
        + """
        type Query { schools: [School!]! }
        type School @key(fields: "npsn") {
          npsn: ID! name: String! @shareable address: Address! @shareable pupils: Int!
        }
        type Address @shareable { city: String! }
        """,
        resolvers={"Query.schools": lambda _p, _i: SCHOOLS, "School.pupils": lambda s, _i: 300},
        references={"School": _school},
    ),
    Subgraph(
        "accreditation",
        FED2
        + """
        type Query { accredited: [School!]! }
        type School @key(fields: "npsn") {
          npsn: ID! name: String! @shareable address: Address! @shareable grade: String!
        }
        type Address @shareable { city: String! }
        """,
        resolvers={"Query.accredited": lambda _p, _i: SCHOOLS[1:], "School.grade": lambda _s, _i: "A"},
        references={"School": _school},
    ),
]
