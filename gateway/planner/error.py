"""The error the planning stage raises.

::

    PlanningError     no subgraph (or chain of entity calls) can resolve part of the operation
"""

from __future__ import annotations

__all__ = ["PlanningError"]


class PlanningError(Exception):
    """The operation cannot be planned against this supergraph; the message names the field."""
