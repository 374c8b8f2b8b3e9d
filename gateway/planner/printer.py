"""Print a query plan in Apollo's query-plan text.

Implements the text form of Apollo Federation's query plans (``prettyFormatQueryPlan`` in
``@apollo/query-planner``): ``QueryPlan { ... }`` with ``Sequence``/``Parallel`` blocks whose
children end with a comma, ``Fetch(service: "name")`` showing ``requires`` then ``=>`` and the
subgraph operation without its ``query``/``_entities`` wrapper, ``Flatten(path: "a.@.b")``,
``Include(if: $v)`` / ``Skip(if: $v)`` / ``Condition(if: $v) { Then { } Else { } }``. Two-space
indentation throughout; operations are printed with graphql-core's printer.

Addition: a fetch behind a consent boundary (``FetchNode.guard``) gets a first line
``Guard(category: "health", type: "Citizen", key: "nik")`` inside its block; fetches without a
guard print exactly as Apollo's.
"""

from __future__ import annotations

from graphql import (
    DefinitionNode,
    FieldNode,
    InlineFragmentNode,
    NamedTypeNode,
    NameNode,
    OperationDefinitionNode,
    OperationType,
    SelectionNode,
    SelectionSetNode,
    parse,
    print_ast,
)

from .plan import (
    ConditionNode,
    FetchNode,
    FlattenNode,
    ParallelNode,
    PathElement,
    PlanNode,
    QueryPlan,
    RequiredField,
    RequiredSelection,
    SequenceNode,
    TypeCondition,
)

__all__ = ["format_path", "print_plan"]

_INDENT = "  "


def format_path(path: tuple[PathElement, ...]) -> str:
    """A flatten path as Apollo writes it: keys joined by dots, ``@`` for list items,
    type conditions as ``|[A,B]`` right after the element they filter."""
    text = ""
    for element in path:
        if isinstance(element, TypeCondition):
            text += "|[" + ",".join(element.names) + "]"
        else:
            text += ("." if text else "") + element
    return text


def _indent(text: str, indentation: str) -> str:
    return "\n".join(indentation + line for line in text.strip().split("\n"))


def _required_ast(selections: tuple[RequiredSelection, ...]) -> SelectionSetNode:
    nodes: list[SelectionNode] = []
    for selection in selections:
        if isinstance(selection, RequiredField):
            sub = _required_ast(selection.selections) if selection.selections else None
            nodes.append(FieldNode(name=NameNode(value=selection.name), selection_set=sub,
                                   arguments=(), directives=()))
        else:
            nodes.append(InlineFragmentNode(
                type_condition=NamedTypeNode(name=NameNode(value=selection.type_condition)),
                selection_set=_required_ast(selection.selections), directives=()))
    return SelectionSetNode(selections=tuple(nodes))


def _operation_text(operation: str) -> str:
    document = parse(operation, no_location=True)
    parts: list[str] = []
    for definition in document.definitions:
        parts.append(print_ast(_flatten_entities(definition)))
    return "\n\n".join(parts)


def _flatten_entities(definition: DefinitionNode) -> SelectionSetNode | DefinitionNode:
    if not isinstance(definition, OperationDefinitionNode):
        return definition
    selections = definition.selection_set.selections
    first = selections[0] if selections else None
    if (definition.operation == OperationType.QUERY and isinstance(first, FieldNode)
            and first.name.value == "_entities" and first.selection_set is not None):
        return first.selection_set
    return definition.selection_set


def _print_fetch(node: FetchNode, indentation: str) -> str:
    inner = indentation + _INDENT
    id_text = f", id: {node.id}" if node.id else ""
    text = f'Fetch(service: "{node.service_name}"{id_text}) {{\n'
    if node.guard is not None:
        guard = node.guard
        text += (f'{inner}Guard(category: "{guard.category}", type: "{guard.type_name}", '
                 f'key: "{guard.key_field}")\n')
    if node.requires:
        text += _indent(print_ast(_required_ast(node.requires)), inner) + " =>\n"
    text += _indent(_operation_text(node.operation), inner) + "\n" + indentation + "}"
    return text


def _print_node(node: PlanNode, indentation: str) -> str:
    inner = indentation + _INDENT
    match node:
        case FetchNode():
            return _print_fetch(node, indentation)
        case FlattenNode(path=path, node=child, more_paths=more):
            if more:
                paths = ", ".join(f'"{format_path(p)}"' for p in (path, *more))
                head = f"Flatten(paths: [{paths}]) {{"
            else:
                head = f'Flatten(path: "{format_path(path)}") {{'
            return head + _print_children((child,), indentation) + "}"
        case SequenceNode(nodes=children):
            return "Sequence {" + _print_children(children, indentation) + "}"
        case ParallelNode(nodes=children):
            return "Parallel {" + _print_children(children, indentation) + "}"
        case ConditionNode(condition=variable, if_clause=then, else_clause=otherwise):
            if then is not None and otherwise is not None:
                deeper = inner + _INDENT
                return (f"Condition(if: ${variable}) {{\n"
                        f"{inner}Then {{\n{deeper}{_print_node(then, deeper)}\n"
                        f"{inner}}} Else {{\n{deeper}{_print_node(otherwise, deeper)}\n{inner}}}\n"
                        f"{indentation}}}")
            if then is not None:
                return f"Include(if: ${variable}) {{\n{inner}{_print_node(then, inner)}\n{indentation}}}"
            assert otherwise is not None
            return f"Skip(if: ${variable}) {{\n{inner}{_print_node(otherwise, inner)}\n{indentation}}}"
    raise TypeError(f"not a plan node: {node!r}")


def _print_children(nodes: tuple[PlanNode, ...], indentation: str) -> str:
    if not nodes:
        return ""
    inner = indentation + _INDENT
    return "\n" + "".join(inner + _print_node(n, inner) + ",\n" for n in nodes) + indentation


def print_plan(plan: QueryPlan) -> str:
    """Apollo's text for ``plan``, e.g. ``QueryPlan {\\n  Fetch(service: "a") {...},\\n}``."""
    if plan.node is None:
        return "QueryPlan {}"
    return "QueryPlan {" + _print_children((plan.node,), "") + "}"
