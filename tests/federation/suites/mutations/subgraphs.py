"""Mutations across two subgraphs over one shared counter, so their order shows in the results."""

from typing import Any

from graphql import GraphQLError

from tests.federation.subgraph import FED2, Subgraph

STATE: dict[str, Any] = {"value": 0, "people": []}


def _reset(_p: object, _i: object) -> int:
    STATE["value"] = 0
    STATE["people"] = []
    return 0


def _add(_p: object, _i: object, by: int) -> int:
    STATE["value"] += by
    return int(STATE["value"])


def _multiply(_p: object, _i: object, by: int) -> int:
    STATE["value"] *= by
    return int(STATE["value"])


def _fail(_p: object, _i: object) -> int:
    raise GraphQLError("tidak diizinkan", extensions={"code": "FORBIDDEN"})


def _register(_p: object, _i: object, name: str) -> dict[str, Any]:
    person = {"id": f"p{len(STATE['people']) + 1}", "name": name}
    STATE["people"].append(person)
    return person


SUBGRAPHS = [
    Subgraph(
        "adder",
        FED2
        + """
        type Query { value: Int! @shareable }
        type Mutation { reset: Int! add(by: Int!): Int! register(name: String!): Person! }
        type Person @key(fields: "id") { id: ID! name: String! }
        """,
        resolvers={
            "Query.value": lambda _p, _i: STATE["value"],
            "Mutation.reset": _reset,
            "Mutation.add": _add,
            "Mutation.register": _register,
        },
    ),
    Subgraph(
        "multiplier",
        FED2
        + """
        type Query { value: Int! @shareable }
        type Mutation { multiply(by: Int!): Int! fail: Int failStrict: Int! }
        type Person @key(fields: "id") { id: ID! greeting: String! }
        """,
        resolvers={
            "Query.value": lambda _p, _i: STATE["value"],
            "Mutation.multiply": _multiply,
            "Mutation.fail": _fail,
            "Mutation.failStrict": _fail,
        },
        references={"Person": lambda r: {**r, "greeting": f"Selamat datang, {r['id']}"}},
    ),
]
