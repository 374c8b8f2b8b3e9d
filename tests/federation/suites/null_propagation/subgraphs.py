"""Nulls from an entity call meeting non-null fields: propagation exactly as the spec says."""

from tests.federation.subgraph import FED2, Subgraph

CITIZENS = [{"nik": "1", "name": "Ani"}, {"nik": "2", "name": "Budi"}, {"nik": "3", "name": "Citra"}]


def _record(rep: dict) -> object:
    if rep["nik"] == "2":
        return None  # the registry has no record of this citizen
    return {**rep, "record": {"note": "lengkap"}, "optional": {"note": "ada"}}


def _failing(citizen: dict, _info: object) -> object:
    if citizen["nik"] == "3":
        raise ValueError("catatan rusak")
    return "baik"


SUBGRAPHS = [
    Subgraph(
        "people",
        FED2
        + """
        type Query {
          nullableItems: [Citizen]
          strictItems: [Citizen!]
          strictList: [Citizen!]!
          one: Citizen
        }
        type Citizen @key(fields: "nik") { nik: ID! name: String! }
        """,
        resolvers={
            "Query.nullableItems": lambda _p, _i: CITIZENS,
            "Query.strictItems": lambda _p, _i: CITIZENS,
            "Query.strictList": lambda _p, _i: CITIZENS,
            "Query.one": lambda _p, _i: CITIZENS[1],
        },
    ),
    Subgraph(
        "registry",
        FED2
        + """
        type Citizen @key(fields: "nik") {
          nik: ID!
          record: Record!
          optional: Record
          status: String
          strictStatus: String!
        }
        type Record { note: String! }
        """,
        resolvers={"Citizen.status": _failing, "Citizen.strictStatus": _failing},
        references={"Citizen": _record},
    ),
]
