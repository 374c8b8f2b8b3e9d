"""Keys over lists (``items { sku code }``) whose fields are gathered from other subgraphs first."""

from typing import Any

from tests.federation.subgraph import FED2, Subgraph

CODES = {"s1": "C1", "s2": "C2"}
PRICES = {("s1", "C1"): 10, ("s2", "C2"): 7}


def _deal(rep: dict[str, Any]) -> Any:
    items = rep["items"]
    if any(CODES.get(i["sku"]) != i.get("code") for i in items):
        return None  # a representation without the right codes is not a bundle we know
    cheapest = min(items, key=lambda i: PRICES[(i["sku"], i["code"])])
    return {**rep, "cheapest": cheapest}


SUBGRAPHS = [
    Subgraph(
        "catalog",
        FED2
        + """
        type Query { bundle: Bundle! }
        type Bundle @key(fields: "items { sku }") { items: [Item!]! }
        type Item @key(fields: "sku") { sku: ID! }
        """,
        resolvers={"Query.bundle": lambda _p, _i: {"items": [{"sku": "s1"}, {"sku": "s2"}]}},
    ),
    Subgraph(
        "codes",
        FED2 + 'type Item @key(fields: "sku") @key(fields: "sku code") { sku: ID! code: ID! }',
        references={"Item": lambda r: {**r, "code": CODES[r["sku"]]}},
    ),
    Subgraph(
        "deals",
        FED2
        + """
        type Bundle @key(fields: "items { sku code }") { items: [Item!]! cheapest: Item }
        type Item @key(fields: "sku code") { sku: ID! code: ID! }
        """,
        references={"Bundle": _deal},
    ),
    Subgraph(
        "pricing",
        FED2 + 'type Item @key(fields: "sku code") { sku: ID! code: ID! price: Int! }',
        references={"Item": lambda r: {**r, "price": PRICES[(r["sku"], r["code"])]}},
    ),
]
