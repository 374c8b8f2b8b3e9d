"""Interfaces across subgraphs, after merging.

- Fields an @interfaceObject adds to an interface become fields of every implementation, with a
  bare `@join__field` (no subgraph resolves them on the implementation itself)
  (https://www.apollographql.com/docs/graphos/reference/federation/directives#interfaceobject).
- Every implementation has its interfaces' fields (INTERFACE_FIELD_NO_IMPLEM).
- A subgraph with a resolvable @key on an interface defines all its implementations
  (INTERFACE_KEY_MISSING_IMPLEMENTATION_TYPE).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .errors import CompositionIssue
from .model import Subgraph, TypeDef
from .supertype import SuperArg, SuperField, SuperType

__all__ = ["check_implementations", "check_interface_keys", "expand_interface_objects"]

Sources = Mapping[str, Sequence[tuple[Subgraph, TypeDef]]]


def expand_interface_objects(merged: list[SuperType], sources: Sources) -> None:
    """Add the fields @interfaceObjects give an interface to each of its implementations."""
    for interface in merged:
        added = [n for _, t in sources.get(interface.name, []) if t.interface_object for n in t.fields]
        if interface.kind != "interface" or not added:
            continue
        for implementation in merged:
            if implementation.kind != "object" or interface.name not in implementation.interfaces:
                continue
            have = {f.name for f in implementation.fields}
            for source in interface.fields:
                if source.name not in added or source.name in have:
                    continue
                args = [
                    SuperArg(a.name, a.type, a.default, a.description, list(a.directives))
                    for a in source.args
                ]
                carried = [d for d in source.directives if not d.startswith("@join__")]
                implementation.fields.append(
                    SuperField(source.name, source.type, source.description, args, ["@join__field", *carried])
                )
                have.add(source.name)


def check_interface_keys(merged: list[SuperType], sources: Sources) -> list[CompositionIssue]:
    """A subgraph resolving an interface by key must know every implementation of it."""
    issues: list[CompositionIssue] = []
    for interface in merged:
        if interface.kind != "interface":
            continue
        implementations = [t.name for t in merged if t.kind == "object" and interface.name in t.interfaces]
        for subgraph, typedef in sources.get(interface.name, []):
            if typedef.interface_object or not any(k.resolvable for k in typedef.keys):
                continue
            missing = [i for i in implementations if i not in subgraph.types]
            if missing:
                issues.append(
                    CompositionIssue(
                        "INTERFACE_KEY_MISSING_IMPLEMENTATION_TYPE",
                        f'interface "{interface.name}" has a resolvable @key in "{subgraph.name}", which '
                        f"lacks its implementations {', '.join(missing)}",
                        (subgraph.name,),
                        interface.name,
                    )
                )
    return issues


def check_implementations(merged: list[SuperType], sources: Sources) -> list[CompositionIssue]:
    """Each merged type has the fields of the interfaces it implements."""
    issues: list[CompositionIssue] = []
    by_name = {t.name: t for t in merged}
    for merged_type in merged:
        have = {f.name for f in merged_type.fields}
        for interface_name in merged_type.interfaces:
            interface = by_name.get(interface_name)
            for interface_field in interface.fields if interface is not None else []:
                if interface_field.name in have:
                    continue
                declaring = tuple(
                    s.name for s, t in sources.get(merged_type.name, []) if interface_name in t.interfaces
                )
                issues.append(
                    CompositionIssue(
                        "INTERFACE_FIELD_NO_IMPLEM",
                        f'interface field "{interface_name}.{interface_field.name}" is declared but type '
                        f'"{merged_type.name}", which implements "{interface_name}" (in '
                        f"{', '.join(declaring)}), has no such field",
                        declaring,
                        merged_type.name,
                        interface_field.name,
                    )
                )
    return issues
