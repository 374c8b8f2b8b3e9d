"""Null argument values, refused before any subgraph is asked.

Spec §6.4.1 "CoerceArgumentValues" (https://spec.graphql.org/October2021/#sec-Coercing-Field-
Arguments): a nullable variable with a default may stand where a non-null value is expected
(§5.8.5 "All Variable Usages Are Allowed", "Allowing optional variables when default values
exist"), but if the caller sends an explicit ``null`` for it, the argument has no valid value.
``query($n: String = "x") { citizen(nik: $n) { nik } }`` with ``{"n": null}`` is the caller's
mistake, answered ``BAD_USER_INPUT`` by the gateway itself (docs/errors.md): the subgraph would
otherwise answer an internal error for it.

:class:`NullChecks` finds, once per prepared operation, the uses of nullable variables in
non-null positions (field and directive arguments, input object fields, list items). Most
operations have none and cost nothing per request; otherwise a request whose coerced variables
make one of them null is refused, unless ``@skip``/``@include`` leave that use out.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    BooleanValueNode,
    DirectiveNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLNonNull,
    GraphQLSchema,
    InlineFragmentNode,
    ListValueNode,
    NonNullTypeNode,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    TypeInfo,
    TypeInfoVisitor,
    ValueNode,
    VariableNode,
    Visitor,
    visit,
)

from gateway.errors import VariableError, graphql_error

__all__ = ["NullChecks"]


@dataclass(frozen=True, kw_only=True, slots=True)
class _Use:
    """One use of a nullable variable where a non-null value of ``expected`` is needed."""

    variable: str
    expected: str
    line: int
    column: int


class _Uses(Visitor):
    """Collects :class:`_Use` per variable node (by identity: nodes hash by value, deeply)."""

    def __init__(self, type_info: TypeInfo, nullable: frozenset[str]) -> None:
        super().__init__()
        self.type_info = type_info
        self.nullable = nullable
        self.found: dict[int, _Use] = {}

    def enter_variable(self, node: VariableNode, *_: Any) -> None:
        name = node.name.value
        expected = self.type_info.get_input_type()
        if name in self.nullable and isinstance(expected, GraphQLNonNull):
            start = node.loc.source.get_location(node.loc.start) if node.loc else None
            self.found[id(node)] = _Use(
                variable=name,
                expected=str(expected),
                line=start.line if start else 0,
                column=start.column if start else 0,
            )


class NullChecks:
    """The non-null positions of one operation that nullable variables may fill."""

    __slots__ = ("_fragments", "_operation", "_uses", "variables")

    def __init__(self, schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode):
        nullable = frozenset(
            d.variable.name.value
            for d in operation.variable_definitions or ()
            if not isinstance(d.type, NonNullTypeNode)
        )
        self._operation = operation
        self._fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        uses: dict[int, _Use] = {}
        if nullable:
            for definition in (operation, *self._fragments.values()):
                collector = _Uses(TypeInfo(schema), nullable)
                visit(definition, TypeInfoVisitor(collector.type_info, collector))
                uses.update(collector.found)
        self._uses = uses
        #: the variables that may not be null somewhere (empty: nothing to check, ever)
        self.variables = frozenset(use.variable for use in uses.values())

    def check(self, coerced: Mapping[str, Any]) -> None:
        """Raise ``VariableError`` (BAD_USER_INPUT) when a variable that ``coerced`` makes null
        reaches a non-null position the operation executes."""
        if not self.variables or not any(
            name in coerced and coerced[name] is None for name in self.variables
        ):
            return
        errors: list[dict[str, Any]] = []
        self._selections(self._operation.selection_set, coerced, errors, set())
        if errors:
            raise VariableError(errors[0]["message"], errors)

    def _selections(
        self, selection_set: SelectionSetNode, coerced: Mapping[str, Any], errors: list[dict[str, Any]],
        seen: set[str],
    ) -> None:
        for selection in selection_set.selections:
            for directive in selection.directives or ():
                self._arguments(directive, coerced, errors)
            if not _included(selection.directives or (), coerced):
                continue
            if isinstance(selection, FieldNode):
                self._arguments(selection, coerced, errors)
                if selection.selection_set is not None:
                    self._selections(selection.selection_set, coerced, errors, seen)
            elif isinstance(selection, InlineFragmentNode):
                self._selections(selection.selection_set, coerced, errors, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self._fragments.get(name)
                if fragment is not None and name not in seen:
                    seen.add(name)
                    self._selections(fragment.selection_set, coerced, errors, seen)

    def _arguments(
        self, node: FieldNode | DirectiveNode, coerced: Mapping[str, Any], errors: list[dict[str, Any]]
    ) -> None:
        for argument in node.arguments or ():
            self._value(argument.value, coerced, errors)

    def _value(self, value: ValueNode, coerced: Mapping[str, Any], errors: list[dict[str, Any]]) -> None:
        if isinstance(value, VariableNode):
            use = self._uses.get(id(value))
            if use is not None and use.variable in coerced and coerced[use.variable] is None:
                message = (
                    f'Variable "${use.variable}" is null, but it is used where a non-null value '
                    f'of type "{use.expected}" is needed.'
                )
                locations = [{"line": use.line, "column": use.column}] if use.line else None
                errors.append(graphql_error(message, VariableError.code, locations=locations))
        elif isinstance(value, ListValueNode):
            for item in value.values:
                self._value(item, coerced, errors)
        elif isinstance(value, ObjectValueNode):
            for field in value.fields:
                self._value(field.value, coerced, errors)


def _included(directives: Collection[DirectiveNode], coerced: Mapping[str, Any]) -> bool:
    """Spec §6.3.2 "CollectFields": ``@skip(if: true)`` or ``@include(if: false)`` leaves the
    selection out (a null ``if`` is reported by the check and counts as included here)."""
    for directive in directives:
        name = directive.name.value
        if name not in ("skip", "include"):
            continue
        condition = _condition(directive, coerced)
        if condition is None:
            continue
        if (name == "skip") == condition:
            return False
    return True


def _condition(directive: DirectiveNode, coerced: Mapping[str, Any]) -> bool | None:
    for argument in directive.arguments or ():
        if argument.name.value == "if":
            value = argument.value
            if isinstance(value, BooleanValueNode):
                return value.value
            if isinstance(value, VariableNode):
                found = coerced.get(value.name.value)
                return found if isinstance(found, bool) else None
    return None
