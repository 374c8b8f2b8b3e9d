"""A shareable field whose sub-fields come from different subgraphs, one of them via a key.

``office`` is offered by ``hours`` (a value type with ``openingHours``) and by ``offices``
(an entity, giving ``code``); ``address`` needs ``code`` and comes from ``addresses``.
"""

from tests.federation.subgraph import FED2, Subgraph

SUBGRAPHS = [
    Subgraph(
        "services",
        FED2
        + """
        type Query { service(id: ID!): Service }
        type Service @key(fields: "id") { id: ID! name: String! }
        """,
        resolvers={"Query.service": lambda _p, _i, id: {"id": id, "name": "Pembuatan KTP"}},
    ),
    Subgraph(
        "hours",
        FED2
        + """
        type Service @key(fields: "id") { id: ID! office: Office @shareable }
        type Office { openingHours: String }
        """,
        references={"Service": lambda r: {**r, "office": {"openingHours": "08-15"}}},
    ),
    Subgraph(
        "offices",
        FED2
        + """
        type Service @key(fields: "id") { id: ID! office: Office @shareable }
        type Office @key(fields: "code") { code: ID! }
        """,
        references={"Service": lambda r: {**r, "office": {"code": f"K-{r['id']}"}}},
    ),
    Subgraph(
        "addresses",
        FED2 + 'type Office @key(fields: "code") { code: ID! address: String! }',
        references={"Office": lambda r: {**r, "address": f"Jl. Merdeka {r['code']}"}},
    ),
]
