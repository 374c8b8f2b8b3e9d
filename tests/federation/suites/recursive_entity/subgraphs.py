"""A self-referencing entity whose links alternate between two subgraphs."""

from tests.federation.subgraph import FED2, Subgraph

PARENTS = {"31.71.01.1001": "31.71.01", "31.71.01": "31.71", "31.71": "31", "31": None}
NAMES = {"31.71.01.1001": "Gambir", "31.71.01": "Gambir", "31.71": "Jakarta Pusat", "31": "DKI Jakarta"}


def _parent(area: dict, _info: object) -> object:
    parent = PARENTS.get(area["code"])
    return {"code": parent} if parent else None


SUBGRAPHS = [
    Subgraph(
        "names",
        FED2
        + """
        type Query { area(code: ID!): Area }
        type Area @key(fields: "code") { code: ID! name: String! }
        """,
        resolvers={"Query.area": lambda _p, _i, code: {"code": code, "name": NAMES[code]}},
        references={"Area": lambda r: {**r, "name": NAMES[r["code"]]}},
    ),
    Subgraph(
        "tree",
        FED2 + 'type Area @key(fields: "code") { code: ID! parent: Area }',
        resolvers={"Area.parent": _parent},
    ),
]
