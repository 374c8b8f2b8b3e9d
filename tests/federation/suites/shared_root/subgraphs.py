"""@shareable root fields offered by several subgraphs."""

from tests.federation.subgraph import FED2, Subgraph, by_key

SERVICES = [{"id": "s1", "name": "KTP elektronik", "fee": 0}, {"id": "s2", "name": "SIM C", "fee": 100000}]
SHARED = """
type Query { services: [Service!]! @shareable service(id: ID!): Service @shareable }
"""


def _service(_p: object, _i: object, id: str) -> object:
    return next((s for s in SERVICES if s["id"] == id), None)


SUBGRAPHS = [
    Subgraph(
        name,
        FED2 + SHARED + f'type Service @key(fields: "id") {{ id: ID! {extra} }}',
        resolvers={"Query.services": lambda _p, _i: SERVICES, "Query.service": _service},
        references={"Service": by_key(SERVICES, "id")},
    )
    for name, extra in (
        ("portal", "name: String! @shareable"),
        ("mirror", "name: String! @shareable"),
        ("fees", "fee: Int!"),
    )
]
