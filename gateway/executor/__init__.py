"""The executor: runs a query plan against the subgraphs and shapes the client's response.

``execute_plan`` walks the plan (``fetch``), merging subgraph answers (``merge``), building
entity representations (``representations``); ``ShapeProgram`` turns the merged data into the
response the GraphQL spec asks for (``shape``). ``ExecutionAccess`` (``access``) is the caller and
the consent decisions an execution runs with.
"""

from .access import ALLOWED, Allowed, Decision, Decisions, Denied, ExecutionAccess
from .fetch import SupergraphView, execute_plan, type_matcher
from .shape import ShapeProgram, condition_variables, shape

__all__ = [
    "ALLOWED",
    "Allowed",
    "Decision",
    "Decisions",
    "Denied",
    "ExecutionAccess",
    "ShapeProgram",
    "SupergraphView",
    "condition_variables",
    "execute_plan",
    "shape",
    "type_matcher",
]
