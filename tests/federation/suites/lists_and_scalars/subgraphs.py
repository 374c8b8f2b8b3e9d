"""Nested lists of entities, repeated entities, and custom scalars (also as a key)."""

from typing import Any

from tests.federation.subgraph import FED2, Subgraph

GRID: list[list[dict[str, Any]]] = [
    [{"id": "a"}, {"id": "b"}],
    [{"id": "b"}, {"id": "a"}, {"id": "c"}],
    [],
]
MANY = 1500
POINTS: dict[str, dict[str, Any]] = {
    "a": {"lat": -6.2, "lng": 106.8, "tags": ["ibu kota"]},
    "b": {"lat": -7.8, "lng": 110.4, "tags": []},
    "c": {"lat": -8.6, "lng": 115.2, "tags": ["wisata", "pulau"]},
}

SUBGRAPHS = [
    Subgraph(
        "grid",
        FED2
        + """
        scalar JSON
        type Query {
          grid: [[Cell!]!]! sparse: [Cell] many: [Cell!]! stamps: [Stamp!]! echo(value: JSON!): JSON!
        }
        type Cell @key(fields: "id") { id: ID! }
        type Stamp @key(fields: "key") { key: JSON! }
        """,
        resolvers={
            "Query.grid": lambda _p, _i: GRID,
            "Query.sparse": lambda _p, _i: [None, {"id": "c"}, None, {"id": "a"}],
            "Query.many": lambda _p, _i: [{"id": "abc"[n % 3]} for n in range(MANY)],
            "Query.stamps": lambda _p, _i: [{"key": {"office": "31", "n": [1, 2]}}, {"key": "plain"}],
            "Query.echo": lambda _p, _i, value: value,
        },
    ),
    Subgraph(
        "geo",
        FED2
        + """
        scalar JSON
        type Cell @key(fields: "id") { id: ID! position: JSON! }
        type Stamp @key(fields: "key") { key: JSON! seen: String! }
        """,
        references={
            "Cell": lambda r: {**r, "position": POINTS[r["id"]]},
            "Stamp": lambda r: {**r, "seen": "ya" if isinstance(r["key"], dict) else "tidak"},
        },
    ),
]
