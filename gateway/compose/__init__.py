"""Composition: subgraph SDLs to an Apollo Federation 2 supergraph SDL.

https://www.apollographql.com/docs/graphos/schema-design/federated-schemas/reference/composition-rules
"""

from .command import run_compose_command
from .compose import compose
from .errors import CompositionError, CompositionIssue, SdlFetchError
from .fetch import compose_from_urls, fetch_sdl
from .model import SubgraphSDL

__all__ = [
    "CompositionError",
    "CompositionIssue",
    "SdlFetchError",
    "SubgraphSDL",
    "compose",
    "compose_from_urls",
    "fetch_sdl",
    "run_compose_command",
]
