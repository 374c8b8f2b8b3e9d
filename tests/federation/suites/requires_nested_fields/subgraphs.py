"""@requires on nested value-object fields and on an entity reached through a list of lists."""

from typing import Any

from tests.federation.subgraph import FED2, Subgraph

PARCELS: list[dict[str, Any]] = [
    {"id": "k1", "size": {"weight": 2, "dims": {"l": 10, "w": 20}}},
    {"id": "k2", "size": {"weight": 5, "dims": {"l": 30, "w": 40}}},
]


def _insured(parcel: dict[str, Any], _info: object) -> bool:
    if parcel["id"] == "k2":
        raise ValueError("polis tidak ditemukan")
    return True


SUBGRAPHS = [
    Subgraph(
        "warehouse",
        FED2
        + """
        type Query { parcels: [Parcel!]! shelves: [[Parcel!]!]! }
        type Parcel @key(fields: "id") { id: ID! size: Size! label: String! }
        type Size @shareable { weight: Int! dims: Dims! }
        type Dims @shareable { l: Int! w: Int! }
        """,
        resolvers={
            "Query.parcels": lambda _p, _i: PARCELS,
            "Query.shelves": lambda _p, _i: [[PARCELS[1]], [], [PARCELS[0], PARCELS[1]]],
            "Parcel.label": lambda p, _i: f"paket {p['id']}",
        },
    ),
    Subgraph(
        "courier",
        FED2
        + """
        type Parcel @key(fields: "id") {
          id: ID!
          size: Size! @external
          tariff: Int! @requires(fields: "size { weight dims { l w } }")
          insured: Boolean
        }
        type Size @shareable { weight: Int! dims: Dims! }
        type Dims @shareable { l: Int! w: Int! }
        """,
        resolvers={
            "Parcel.insured": _insured,
            "Parcel.tariff": lambda p, _i: (
                p["size"]["weight"] * 1000 + p["size"]["dims"]["l"] * p["size"]["dims"]["w"]
            ),
        },
    ),
]
