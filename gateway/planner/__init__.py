"""The planning stage: from a validated operation to a query plan.

``build_plan(supergraph, document, operation_name)`` returns a :class:`QueryPlan` (see
``plan.py`` for the contract with the executor) or raises :class:`PlanningError`;
``print_plan(plan)`` writes Apollo's query-plan text. See docs/query-planning.md.
"""

from __future__ import annotations

from .build import build_plan
from .error import PlanningError
from .printer import print_plan

__all__ = ["PlanningError", "build_plan", "print_plan"]
