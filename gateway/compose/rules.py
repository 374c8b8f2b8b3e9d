"""Rules applied to one subgraph after reading it.

- Federation 1 SDL gets its Federation 2 meaning (Apollo's upgrade,
  https://www.apollographql.com/docs/graphos/schema-design/federated-schemas/reference/moving-to-federation-2):
  @external on key fields dropped, unused @external fields removed, keys on interfaces ignored.
- Federation 2: key fields are shareable, @external on key fields of type extensions dropped,
  every @external field used (EXTERNAL_UNUSED).
- The subgraph is a valid schema as far as composition needs (INVALID_GRAPHQL).
"""

from __future__ import annotations

from .errors import CompositionIssue
from .fieldset import named_type, walk_field_set
from .model import Subgraph, TypeDef

__all__ = ["check_references", "finish_fed2", "upgrade_fed1"]


def _issue(
    subgraph: Subgraph, code: str, message: str, type_name: str | None = None, field: str | None = None
) -> CompositionIssue:
    return CompositionIssue(code, message, (subgraph.name,), type_name, field)


def _used_fields(subgraph: Subgraph) -> set[tuple[str, str]]:
    """(type, field) pairs this subgraph's keys, @requires and @provides select."""
    used: set[tuple[str, str]] = set()
    for typedef in subgraph.types.values():
        for key in typedef.keys:
            used.update((t, f) for t, f, _ in walk_field_set(subgraph, typedef.name, key.fields).coordinates)
        for field in typedef.fields.values():
            if field.requires:
                walk = walk_field_set(subgraph, typedef.name, field.requires)
                used.update((t, f) for t, f, _ in walk.coordinates)
            if field.provides:
                walk = walk_field_set(subgraph, named_type(field.type), field.provides)
                used.update((t, f) for t, f, _ in walk.coordinates)
    return used


def _satisfies_interface(subgraph: Subgraph, typedef: TypeDef, field_name: str) -> bool:
    for interface in typedef.interfaces:
        parent = subgraph.types.get(interface)
        if parent is not None and field_name in parent.fields:
            return True
    return False


def upgrade_fed1(subgraph: Subgraph) -> None:
    """Give Federation 1 SDL its Federation 2 meaning (see the module docstring)."""
    for typedef in subgraph.types.values():
        if typedef.kind == "interface":
            typedef.keys.clear()
        for key in typedef.keys:
            for parent, name, depth in walk_field_set(subgraph, typedef.name, key.fields).coordinates:
                if depth == 0 and parent == typedef.name:
                    typedef.fields[name].external = False
    used = _used_fields(subgraph)
    for typedef in subgraph.types.values():
        for name in [n for n, f in typedef.fields.items() if f.external and (typedef.name, n) not in used]:
            typedef.dropped[name] = typedef.fields.pop(name)


def finish_fed2(subgraph: Subgraph) -> list[CompositionIssue]:
    """Key fields are shareable (and not external on type extensions); every @external field
    must be used (EXTERNAL_UNUSED)."""
    issues: list[CompositionIssue] = []
    for typedef in subgraph.types.values():
        for key in typedef.keys:
            for parent, name, depth in walk_field_set(subgraph, typedef.name, key.fields).coordinates:
                if parent == typedef.name:
                    typedef.fields[name].shareable = True
                    if depth == 0 and typedef.extension:
                        typedef.fields[name].external = False
    used = _used_fields(subgraph)
    for typedef in subgraph.types.values():
        for name, field in typedef.fields.items():
            unused = field.external and (typedef.name, name) not in used and not typedef.interface_object
            if unused and not _satisfies_interface(subgraph, typedef, name):
                issues.append(
                    _issue(
                        subgraph,
                        "EXTERNAL_UNUSED",
                        f'field "{typedef.name}.{name}" is marked @external but is not used by any '
                        "@key, @provides or @requires of the subgraph",
                        typedef.name,
                        name,
                    )
                )
    return issues


_BUILT_IN_SCALARS = frozenset({"String", "Int", "Float", "Boolean", "ID"})


def check_references(subgraph: Subgraph) -> list[CompositionIssue]:
    """Every type a subgraph refers to is defined there, implementations implement interfaces,
    union members are objects (INVALID_GRAPHQL otherwise)."""
    issues: list[CompositionIssue] = []
    known = set(subgraph.types) | _BUILT_IN_SCALARS

    def check(name: str, type_name: str, field: str | None) -> None:
        if name not in known:
            issues.append(_issue(subgraph, "INVALID_GRAPHQL", f'unknown type "{name}"', type_name, field))

    for typedef in subgraph.types.values():
        for interface in typedef.interfaces:
            check(interface, typedef.name, None)
            parent = subgraph.types.get(interface)
            if parent is not None and (parent.kind != "interface" or parent.interface_object):
                issues.append(
                    _issue(
                        subgraph,
                        "INVALID_GRAPHQL",
                        f'cannot implement non-interface type "{interface}"',
                        typedef.name,
                    )
                )
            elif parent is not None:
                for missing in [f for f in parent.fields if f not in typedef.fields]:
                    issues.append(
                        _issue(
                            subgraph,
                            "INVALID_GRAPHQL",
                            f'interface field "{interface}.{missing}" expected but "{typedef.name}" does not '
                            "provide it",
                            typedef.name,
                            missing,
                        )
                    )
        for member in typedef.members:
            check(member, typedef.name, None)
            target = subgraph.types.get(member)
            if target is not None and target.kind != "object":
                issues.append(
                    _issue(
                        subgraph,
                        "INVALID_GRAPHQL",
                        f'union member "{member}" is not an object type',
                        typedef.name,
                    )
                )
        for field in typedef.fields.values():
            check(named_type(field.type), typedef.name, field.name)
            for arg in field.args.values():
                check(named_type(arg.type), typedef.name, f"{field.name}({arg.name}:)")
        for value in typedef.input_fields.values():
            check(named_type(value.type), typedef.name, value.name)
    return issues
