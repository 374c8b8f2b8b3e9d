"""Composition: subgraph SDLs to an Apollo Federation 2 supergraph SDL.

https://www.apollographql.com/docs/graphos/schema-design/federated-schemas/reference/composition-rules
"""

from .compose import compose
from .errors import CompositionError, CompositionIssue, SdlFetchError
from .model import SubgraphSDL

__all__ = ["CompositionError", "CompositionIssue", "SdlFetchError", "SubgraphSDL", "compose"]
