"""A normal form of a supergraph SDL, to compare two composers' output.

Parsed with graphql-core; what has no meaning is dropped: definition order, field order,
directive order, whitespace inside field sets (`key`, `requires`, `provides` are parsed as
selection sets and printed without ignored characters).
"""

from __future__ import annotations

from typing import Any

from graphql import (
    ConstDirectiveNode,
    DirectiveDefinitionNode,
    EnumTypeDefinitionNode,
    InputObjectTypeDefinitionNode,
    InputValueDefinitionNode,
    InterfaceTypeDefinitionNode,
    ObjectTypeDefinitionNode,
    ScalarTypeDefinitionNode,
    SchemaDefinitionNode,
    StringValueNode,
    UnionTypeDefinitionNode,
    parse,
    print_ast,
    strip_ignored_characters,
)

__all__ = ["differences", "normal_form"]

_FIELD_SETS = {"key", "requires", "provides"}


def _description(node: Any) -> str | None:
    return node.description.value.strip() if getattr(node, "description", None) else None


def _directive(node: ConstDirectiveNode) -> str:
    args = []
    for arg in sorted(node.arguments or (), key=lambda a: a.name.value):
        if arg.name.value in _FIELD_SETS and isinstance(arg.value, StringValueNode):
            value = '"' + strip_ignored_characters("{" + arg.value.value + "}") + '"'
        else:
            value = print_ast(arg.value)
        args.append(f"{arg.name.value}: {value}")
    return f"@{node.name.value}({', '.join(args)})"


def _directives(node: Any) -> list[str]:
    return sorted(_directive(d) for d in getattr(node, "directives", None) or ())


def _input(node: InputValueDefinitionNode) -> dict[str, Any]:
    default = print_ast(node.default_value) if node.default_value is not None else None
    return {
        "type": print_ast(node.type),
        "default": default,
        "description": _description(node),
        "directives": _directives(node),
    }


def normal_form(sdl: str) -> dict[str, Any]:
    """Map of "kind name" to a comparable description of each definition."""
    result: dict[str, Any] = {}
    for node in parse(sdl, no_location=True).definitions:
        if isinstance(node, SchemaDefinitionNode):
            result["schema"] = {
                "operations": sorted(
                    f"{o.operation.value}: {o.type.name.value}" for o in node.operation_types
                ),
                "directives": _directives(node),
            }
        elif isinstance(node, DirectiveDefinitionNode):
            result[f"directive @{node.name.value}"] = {
                "args": {a.name.value: _input(a) for a in node.arguments or ()},
                "repeatable": node.repeatable,
                "locations": sorted(loc.value for loc in node.locations),
            }
        elif isinstance(node, ObjectTypeDefinitionNode | InterfaceTypeDefinitionNode):
            kind = "type" if isinstance(node, ObjectTypeDefinitionNode) else "interface"
            result[f"{kind} {node.name.value}"] = {
                "description": _description(node),
                "directives": _directives(node),
                "interfaces": sorted(i.name.value for i in node.interfaces or ()),
                "fields": {
                    f.name.value: {
                        "type": print_ast(f.type),
                        "description": _description(f),
                        "args": {a.name.value: _input(a) for a in f.arguments or ()},
                        "directives": _directives(f),
                    }
                    for f in node.fields or ()
                },
            }
        elif isinstance(node, InputObjectTypeDefinitionNode):
            result[f"input {node.name.value}"] = {
                "description": _description(node),
                "directives": _directives(node),
                "fields": {f.name.value: _input(f) for f in node.fields or ()},
            }
        elif isinstance(node, EnumTypeDefinitionNode):
            result[f"enum {node.name.value}"] = {
                "description": _description(node),
                "directives": _directives(node),
                "values": {
                    v.name.value: {"description": _description(v), "directives": _directives(v)}
                    for v in node.values or ()
                },
            }
        elif isinstance(node, UnionTypeDefinitionNode):
            result[f"union {node.name.value}"] = {
                "description": _description(node),
                "directives": _directives(node),
                "members": sorted(m.name.value for m in node.types or ()),
            }
        elif isinstance(node, ScalarTypeDefinitionNode):
            result[f"scalar {node.name.value}"] = {
                "description": _description(node),
                "directives": _directives(node),
            }
        else:
            raise AssertionError(f"unexpected definition in a supergraph: {node.kind}")
    return result


def differences(ours: Any, theirs: Any, path: str = "") -> list[str]:
    """Human-readable list of where two normal forms differ (empty when equivalent)."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        found: list[str] = []
        for key in sorted(set(ours) | set(theirs)):
            where = f"{path}/{key}" if path else key
            if key not in ours:
                found.append(f"{where}: missing in ours, theirs = {theirs[key]!r}")
            elif key not in theirs:
                found.append(f"{where}: extra in ours = {ours[key]!r}")
            else:
                found.extend(differences(ours[key], theirs[key], where))
        return found
    if ours != theirs:
        return [f"{path}: ours = {ours!r}, theirs = {theirs!r}"]
    return []
