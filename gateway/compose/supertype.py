"""The merged supergraph as data: what merging produces and the printer writes.

Directives are kept printed (`@join__field(graph: A, external: true)`); every element records
the subgraphs that define it, so later checks can name them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import ComposedDirective

__all__ = ["SuperArg", "SuperField", "SuperType", "SuperValue", "Supergraph"]


@dataclass(slots=True)
class SuperArg:
    """An argument or input field of the supergraph, with its directives printed."""

    name: str
    type: str
    default: str | None
    description: str | None
    directives: list[str] = field(default_factory=list)
    subgraphs: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SuperField:
    """A field of the supergraph."""

    name: str
    type: str
    description: str | None
    args: list[SuperArg] = field(default_factory=list)
    directives: list[str] = field(default_factory=list)
    subgraphs: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SuperValue:
    """An enum value of the supergraph."""

    name: str
    description: str | None
    directives: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SuperType:
    """A named type of the supergraph."""

    kind: str
    name: str
    description: str | None
    directives: list[str] = field(default_factory=list)
    interfaces: list[str] = field(default_factory=list)
    fields: list[SuperField] = field(default_factory=list)
    input_fields: list[SuperArg] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    values: list[SuperValue] = field(default_factory=list)
    subgraphs: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Supergraph:
    """The merged types plus what the printer needs to know (graphs, roots, specs used)."""

    graphs: list[tuple[str, str, str]]
    types: list[SuperType]
    roots: dict[str, str]
    specs: set[str]
    join_version: str = "0.3"
    composed: dict[str, ComposedDirective] = field(default_factory=dict)
    executable: list[str] = field(default_factory=list)
