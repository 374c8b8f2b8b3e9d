"""Composition errors.

Each problem found while composing is a :class:`CompositionIssue` naming the subgraph(s),
the type and the field (or argument, enum value) it concerns, with a code as Apollo's
composition uses them (https://www.apollographql.com/docs/graphos/reference/federation/errors).
All issues of one composition are raised together in one :class:`CompositionError`.

    Exception
     ├── CompositionError   (carries .errors: list[CompositionIssue])
     └── SdlFetchError      (a subgraph's `_service { sdl }` could not be read)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["CompositionError", "CompositionIssue", "SdlFetchError"]


@dataclass(frozen=True, slots=True)
class CompositionIssue:
    """One composition problem: an Apollo-style code and where it is."""

    code: str
    message: str
    subgraphs: tuple[str, ...] = ()
    type_name: str | None = None
    field: str | None = None

    @property
    def subgraph(self) -> str | None:
        """The first subgraph concerned (most issues concern exactly one)."""
        return self.subgraphs[0] if self.subgraphs else None

    def __str__(self) -> str:
        where = ", ".join(f'"{s}"' for s in self.subgraphs)
        coordinate = self.type_name or ""
        if self.field:
            coordinate = f"{coordinate}.{self.field}"
        prefix = f"[{where}] " if where else ""
        target = f"{coordinate}: " if coordinate else ""
        return f"{self.code}: {prefix}{target}{self.message}"


class CompositionError(Exception):
    """The subgraphs do not compose; ``errors`` lists every issue found."""

    def __init__(self, errors: Sequence[CompositionIssue]) -> None:
        self.errors: list[CompositionIssue] = list(errors)
        super().__init__("composition failed:\n" + "\n".join(f"  - {e}" for e in self.errors))


class SdlFetchError(Exception):
    """A subgraph's SDL could not be fetched (network error, HTTP error, GraphQL errors)."""

    def __init__(self, subgraph_url: str, reason: str) -> None:
        self.url = subgraph_url
        self.reason = reason
        super().__init__(f"cannot read _service.sdl from {subgraph_url}: {reason}")
