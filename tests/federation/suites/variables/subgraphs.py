"""Variables of every shape forwarded to the subgraphs that need them, and only those."""

from typing import Any

from tests.federation.subgraph import FED2, Subgraph


def _search(
    _p: object, _i: object, query: dict[str, Any], ids: list[str] | None = None
) -> list[dict[str, Any]]:
    tags = query.get("tags") or []
    limit = query.get("page", {}).get("size", 2)
    found = [{"id": f"d{n}", "tags": tags, "ids": ids} for n in range(1, 4)]
    return found[:limit]


SUBGRAPHS = [
    Subgraph(
        "documents",
        FED2
        + """
        type Query { search(query: SearchInput!, ids: [ID!]): [Document!]! }
        input SearchInput { tags: [String!] page: Page }
        input Page { size: Int! = 2 }
        type Document @key(fields: "id") { id: ID! tags: [String!]! ids: [ID!] }
        """,
        resolvers={"Query.search": _search},
    ),
    Subgraph(
        "scans",
        FED2 + 'type Document @key(fields: "id") { id: ID! pages(from: Int = 1, to: Int): [Int!]! }',
        resolvers={
            "Document.pages": lambda _d, _i, to=None, **a: list(range(a.get("from", 1), (to or 3) + 1)),
        },
    ),
]
