"""The supergraph stage: read an Apollo Federation v2 supergraph SDL.

``Supergraph.parse(sdl)`` gives ``.api_schema`` (what clients validate against), ``.subgraphs``
(name -> :class:`SubgraphInfo` with its URL) and the join metadata the planner uses
(``.types``, ``.schema``). See https://specs.apollo.dev/join/v0.3.
"""

from __future__ import annotations

from .error import SupergraphError
from .model import EntityKey, FieldMeta, FieldPlacement, SubgraphInfo, TypeMeta
from .supergraph import Supergraph, parse_field_set

__all__ = [
    "EntityKey",
    "FieldMeta",
    "FieldPlacement",
    "SubgraphInfo",
    "Supergraph",
    "SupergraphError",
    "TypeMeta",
    "parse_field_set",
]
