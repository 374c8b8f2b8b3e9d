"""A union below shareable fields of an entity, with members that differ per subgraph.

``Container`` (key ``id``) is served by ``alpha`` and ``beta``; ``wrapper`` and
``Wrapper.actions`` are ``@shareable`` in both, but ``Action`` is ``Common | OnlyA`` in
``alpha`` and ``Common | OnlyB`` in ``beta``. ``beta`` alone has ``Container.wrapperB``.
"""

from typing import Any

from tests.federation.subgraph import FED2, Subgraph

GATEWAY_ENV = {"SPBE_GATEWAY_DEBUG_PLANS": "1"}

ACTIONS_A: list[dict[str, Any]] = [
    {"__typename": "Common", "label": "umum"},
    {"__typename": "OnlyA", "a": "dari alpha"},
]
ACTIONS_B: list[dict[str, Any]] = [
    {"__typename": "Common", "label": "umum"},
    {"__typename": "OnlyB", "b": "dari beta"},
]
SHARED = """
type Container @key(fields: "id") { id: ID! wrapper: Wrapper @shareable %s }
type Wrapper @shareable { actions: [Action!]! @shareable }
type Common @shareable { label: String }
"""


def _container(actions: list[dict[str, Any]]) -> Any:
    return lambda rep: {"id": rep["id"], "wrapper": {"actions": actions}, "wrapperB": {"actions": actions}}


SUBGRAPHS = [
    Subgraph(
        "alpha",
        FED2
        + SHARED % ""
        + """
        type Query { rootA: Container }
        union Action = Common | OnlyA
        type OnlyA { a: String }
        """,
        resolvers={"Query.rootA": lambda _p, _i: _container(ACTIONS_A)({"id": "c1"})},
        references={"Container": _container(ACTIONS_A)},
    ),
    Subgraph(
        "beta",
        FED2
        + SHARED % "wrapperB: Wrapper"
        + """
        type Query { rootB: Container }
        union Action = Common | OnlyB
        type OnlyB { b: String }
        """,
        resolvers={"Query.rootB": lambda _p, _i: _container(ACTIONS_B)({"id": "c1"})},
        references={"Container": _container(ACTIONS_B)},
    ),
]
